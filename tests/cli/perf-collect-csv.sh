# perf-collect log --format csv --map JQ, and --format jsonl --map JQ: rows
# and objects turned into points by a jq program.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

CSV="$DATA/perf-collect/requests.csv"
MAP='select(.latency_ms != "") | {name: "request.duration", value: (.latency_ms | tonumber), ts: (.timestamp | tonumber? // .), unit: "ms", tags: {endpoint, status}}'

begin "csv rows (quoted fields, doubled quotes, newlines in quotes) become points through --map"
run perf-collect log --format csv --map "$MAP" --rejects rejects.csv "$CSV"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764057600,"unit":"ms","tags":{"endpoint":"/api/users","status":"200"}}
{"name":"request.duration","value":48,"ts":1764057601.25,"unit":"ms","tags":{"endpoint":"/api/orders","status":"201"}}
{"name":"request.duration","value":7.25,"ts":1764057602,"unit":"ms","tags":{"endpoint":"/login","status":"302"}}
{"name":"request.duration","value":0.5,"ts":1764057606,"unit":"ms","tags":{"endpoint":"/healthz","status":"200"}}
EOF2
expect_stderr <<EOF2
perf-collect: $CSV:7: 4 fields, the header has 5
perf-collect: $CSV:8: malformed CSV: a quote inside an unquoted field
perf-collect: 2 lines rejected
EOF2
sed -n '7,8p' "$CSV" | expect_file rejects.csv
end

begin "--delimiter reads semicolon-separated files, and a map result that is not a point is rejected"
printf '%s\n' 'name;value' 'cpu;0,5' 'mem;0.25' >semi.csv
run perf-collect log --format csv --delimiter ';' --map '{name: .name, value: ((.value | tonumber?) // .value)}' semi.csv
expect_status 0
expect_stdout <<'EOF2'
{"name":"mem","value":0.25}
EOF2
expect_stderr <<'EOF2'
perf-collect: semi.csv:2: "value" is not a number
perf-collect: 1 line rejected
EOF2
end

begin "csv without --map is a usage error"
run perf-collect log --format csv "$CSV"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --format csv needs --map JQ
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "a --map that does not compile is a usage error naming jq's complaint"
run perf-collect log --format csv --map '{name: ' "$CSV"
expect_status 2
expect_stdout_empty
grep -q "^perf-collect: --map: jq: error" "$WORK/stderr" || fail "stderr does not carry jq's message"
end

begin "jsonl --map makes zero or more points per object and rejects jq runtime errors"
printf '%s\n' '{"t":1764057600,"pool":"a","lat":[3,4]}' '{"t":1764057601,"pool":"b","lat":[]}' '{"t":1764057602,"pool":"c","lat":"x"}' '[1,' >events.ndjson
run perf-collect log --map '.lat[] as $l | {name: "lat", value: $l, ts: .t, tags: {pool}}' --tag env=ci events.ndjson
expect_status 0
expect_stdout <<'EOF2'
{"name":"lat","value":3,"ts":1764057600,"tags":{"env":"ci","pool":"a"}}
{"name":"lat","value":4,"ts":1764057600,"tags":{"env":"ci","pool":"a"}}
EOF2
expect_stderr <<'EOF2'
perf-collect: events.ndjson:3: --map: Cannot iterate over string ("x")
perf-collect: events.ndjson:4: malformed JSON: Unfinished JSON term at EOF at line 1, column 3
perf-collect: 2 lines rejected
EOF2
end

begin "--state with csv is a usage error, since a resumed run has no header"
run perf-collect log --format csv --map '.' --state s.json "$CSV"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --state does not apply to csv, whose header is only at the start
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "--map on a format without objects is a usage error"
run perf-collect log --format statsd --map '.' x
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --map applies to jsonl and csv, not to statsd
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
