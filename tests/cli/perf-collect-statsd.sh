# perf-collect log --format statsd: StatsD and DogStatsD lines, counters
# scaled by their sample rate.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

STATSD="$DATA/perf-collect/app.statsd"

begin "statsd counters, timers, gauges, histograms and distributions become points with tags"
run perf-collect log --format statsd --rejects rejects.statsd "$STATSD"
expect_status 0
mv stdout points.ndjson
jq -c 'if .ts == 1764060000 then . else .ts = "READ" end' points.ndjson >stdout
expect_stdout <<'EOF2'
{"name":"snakepit.requests","value":1,"ts":"READ","type":"counter","tags":{"pool":"default","worker":"w-3"}}
{"name":"snakepit.requests","value":10,"ts":"READ","type":"counter","tags":{"pool":"batch"}}
{"name":"snakepit.request_time","value":12.5,"ts":1764060000,"type":"timer","unit":"ms","tags":{"pool":"default"}}
{"name":"snakepit.queue_depth","value":4,"ts":"READ","tags":{"pool":"default"}}
{"name":"snakepit.payload_bytes","value":5120,"ts":"READ","type":"histogram"}
{"name":"snakepit.payload_bytes","value":2048,"ts":"READ","type":"histogram","tags":{"canary":"","pool":"batch"}}
EOF2
expect_stderr <<EOF2
perf-collect: $STATSD:7: sets (|s) count distinct members and give no point
perf-collect: $STATSD:8: a line must be name:value|type
perf-collect: $STATSD:9: the value is not a number
perf-collect: $STATSD:10: the type must be c, g, ms, h or d
perf-collect: $STATSD:11: the sample rate must be a number in (0, 1]
perf-collect: 5 lines rejected
EOF2
sed -n '7,11p' "$STATSD" | expect_file rejects.statsd
end

begin "the points of one input share the time it was read"
run perf-collect log --format statsd "$STATSD"
expect_stdout_matches jq -e -s --argjson now "$(date +%s)" '
  [.[] | select(.ts != 1764060000) | .ts] | unique | length == 1 and .[0] > $now - 60 and .[0] < $now + 60'
end

begin "--strict stops at the first bad statsd line"
run perf-collect log --format statsd --strict "$STATSD"
expect_status 3
expect_stderr <<EOF2
perf-collect: $STATSD:7: sets (|s) count distinct members and give no point
perf-collect: 1 line rejected
EOF2
end

finish
