#!/bin/sh
# Hostile input to perf-analyze: the hostile point stream of
# tests/data/hostile (broken JSON, invalid UTF-8, NUL bytes, non-finite
# numbers, times out of range, duplicate keys, deep nesting, CRLF), broken
# aggregates, empty input and a 64 MiB line.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
. "$DATA/hostile/points.sh"

hostile_points hostile.ndjson
hostile_rejected_lines expected-rejects

begin "perf-analyze rejects each hostile line with its reason, keeps exactly those in --rejects, passes the 8 good points on and analyzes them"
run perf-analyze --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
{"name":"neg","value":-5,"type":"timer","unit":"ms","ts":1764057604}
{"name":"ok","value":2,"ts":1764057500,"tags":{"host":"a"}}
{"name":"past","value":1,"ts":-62135596800}
{"name":"dup","value":1,"value":2,"ts":1764057605}
{"name":"dup","value":3,"ts":1764057605,"tags":{"k":"x","k":"y"}}
{"name":"crlf","value":1,"ts":1764057606}
{"name":"ok","value":3,"ts":1764057607,"tags":{"host":"a"}}
{"kind":"finding","type":"summary","name":"ok","tags":{"host":"a"},"severity":"info","message":"ok{host=a}: 3 points over 1m47s, mean 2, max 3 (last 3).","stat":"value","n":3,"start":1764057500,"end":1764057607,"count":3,"mean":2,"min":1,"max":3,"stat_mean":2,"first_ts":1764057500,"last_ts":1764057607,"stat_min":1,"stat_max":3,"stat_last":3}
{"kind":"finding","type":"summary","name":"neg","tags":{},"severity":"info","message":"neg: 1 point over 0s, mean -5 ms, max -5 ms (last -5 ms).","stat":"value","unit":"ms","n":1,"start":1764057604,"end":1764057604,"count":1,"mean":-5,"min":-5,"max":-5,"stat_mean":-5,"first_ts":1764057604,"last_ts":1764057604,"stat_min":-5,"stat_max":-5,"stat_last":-5}
{"kind":"finding","type":"summary","name":"past","tags":{},"severity":"info","message":"past: 1 point over 0s, mean 1, max 1 (last 1).","stat":"value","n":1,"start":-62135596800,"end":-62135596800,"count":1,"mean":1,"min":1,"max":1,"stat_mean":1,"first_ts":-62135596800,"last_ts":-62135596800,"stat_min":1,"stat_max":1,"stat_last":1}
{"kind":"finding","type":"summary","name":"dup","tags":{},"severity":"info","message":"dup: 1 point over 0s, mean 2, max 2 (last 2).","stat":"value","n":1,"start":1764057605,"end":1764057605,"count":1,"mean":2,"min":2,"max":2,"stat_mean":2,"first_ts":1764057605,"last_ts":1764057605,"stat_min":2,"stat_max":2,"stat_last":2}
{"kind":"finding","type":"summary","name":"dup","tags":{"k":"y"},"severity":"info","message":"dup{k=y}: 1 point over 0s, mean 3, max 3 (last 3).","stat":"value","n":1,"start":1764057605,"end":1764057605,"count":1,"mean":3,"min":3,"max":3,"stat_mean":3,"first_ts":1764057605,"last_ts":1764057605,"stat_min":3,"stat_max":3,"stat_last":3}
{"kind":"finding","type":"summary","name":"crlf","tags":{},"severity":"info","message":"crlf: 1 point over 0s, mean 1, max 1 (last 1).","stat":"value","n":1,"start":1764057606,"end":1764057606,"count":1,"mean":1,"min":1,"max":1,"stat_mean":1,"first_ts":1764057606,"last_ts":1764057606,"stat_min":1,"stat_max":1,"stat_last":1}
EOF
hostile_messages hostile.ndjson perf-analyze | expect_stderr
expect_file rejects.ndjson <expected-rejects
end

begin "perf-analyze --strict stops at the first hostile line with exit status 3"
run perf-analyze --strict --rejects rejects.ndjson hostile.ndjson
expect_status 3
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
EOF
expect_stderr <<'EOF'
perf-analyze: hostile.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
perf-analyze: 1 line rejected
EOF
sed -n 2p hostile.ndjson | expect_file rejects.ndjson
end

begin "perf-analyze rejects aggregates with non-finite numbers, times out of range or out of order"
hostile_aggregates aggregates.ndjson
run perf-analyze --rejects rejects.ndjson aggregates.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":3,"mean":2,"max":5,"percentiles":{"p99":4}}
{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":2,"mean":3,"max":4,"percentiles":{"p99":4}}
{"kind":"finding","type":"summary","name":"a","tags":{"h":"x"},"severity":"info","message":"a{h=x}: 5 values in 2 windows over 2m, mean 2.4, max 5; mean averaged 2.5 over the windows (last 3).","stat":"mean","n":2,"start":1764057600,"end":1764057720,"count":5,"mean":2.4,"max":5,"stat_mean":2.5,"stat_min":2,"stat_max":3,"stat_last":3}
EOF
hostile_aggregate_messages aggregates.ndjson perf-analyze | expect_stderr
sed -n 2,5p aggregates.ndjson | expect_file rejects.ndjson
end

begin "empty input and blank lines give no output, no message and status 0"
printf '\n  \r\n' >blank.ndjson
run perf-analyze blank.ndjson
expect_status 0
expect_stdout_empty
expect_stderr_empty
run perf-analyze
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

begin "a point on a line of $HOSTILE_LONG bytes passes through whole"
hostile_long_point long.ndjson "$HOSTILE_LONG"
run perf-analyze -o out.ndjson long.ndjson
expect_status 0
expect_stderr_empty
head -n 1 out.ndjson | cmp -s - long.ndjson || fail "the long line changed on its way through"
sed 1d out.ndjson | jq -c '{kind, type, name, n}' >findings
expect_file findings <<'EOF'
{"kind":"finding","type":"summary","name":"long","n":1}
EOF
rm -f long.ndjson out.ndjson
end

begin "a series of 200 000 points gets its trend without holding every pair (Theil-Sen on 2,048 of them)"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"name\":\"a\",\"value\":%d,\"ts\":%d}\n", i % 1000 + i / 100, 1764057600 + i }' >many.ndjson
run perf-analyze many.ndjson
expect_status 0
expect_stderr_empty
sed '1,200000d' "$WORK/stdout" | jq -c 'select(.type == "trend") | [.n, .direction, (.slope_per_hour | round)]' >trend
expect_file trend <<'EOF'
[200000,"degrading",36]
EOF
rm -f many.ndjson
end

finish
