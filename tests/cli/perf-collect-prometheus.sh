# perf-collect log --format prometheus (tolerant, like Prometheus's scraper)
# and --format openmetrics (strict).  The OpenMetrics project's parser
# suite is run by perf-collect-openmetrics-suite.sh.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "openmetrics writes counters as cumulative, units, labels as tags, sample timestamps in seconds"
run perf-collect log --format openmetrics "$DATA/perf-collect/scrape.om"
expect_status 0
expect_stdout <<'EOF2'
{"name":"snakepit_requests_total","value":1027,"ts":1764060000.5,"type":"cumulative","unit":"requests","tags":{"pool":"default"}}
{"name":"snakepit_requests_created","value":1764000000,"ts":1764060000.5,"unit":"s","tags":{"pool":"default"}}
{"name":"snakepit_request_duration_seconds_bucket","value":400,"ts":1764060000.5,"type":"cumulative","tags":{"le":"0.01","pool":"default"}}
{"name":"snakepit_request_duration_seconds_bucket","value":980,"ts":1764060000.5,"type":"cumulative","tags":{"le":"0.1","pool":"default"}}
{"name":"snakepit_request_duration_seconds_bucket","value":1027,"ts":1764060000.5,"type":"cumulative","tags":{"le":"+Inf","pool":"default"}}
{"name":"snakepit_request_duration_seconds_sum","value":31.25,"ts":1764060000.5,"type":"cumulative","unit":"seconds","tags":{"pool":"default"}}
{"name":"snakepit_request_duration_seconds_count","value":1027,"ts":1764060000.5,"type":"cumulative","tags":{"pool":"default"}}
{"name":"snakepit_pool_workers","value":3,"ts":1764060000.5,"tags":{"pool":"default","state":"busy"}}
{"name":"snakepit_pool_workers","value":5,"ts":1764060000.5,"tags":{"pool":"default","state":"idle"}}
EOF2
expect_stderr_empty
end

begin "samples without a timestamp are stamped with the time the input was read"
printf '%s\n' '# TYPE a counter' 'a_total 5' 'a_created 1764000000' '# EOF' >untimed.om
run perf-collect log --format openmetrics untimed.om
expect_status 0
now=$(date +%s)
expect_stdout_matches jq -e -s --argjson now "$now" '
  map(.name) == ["a_total", "a_created"] and .[0].ts == .[1].ts and
  .[0].ts > $now - 60 and .[0].ts < $now + 60'
expect_stderr_empty
end

begin "openmetrics reports a broken exposition line by line, with --rejects, and keeps going"
printf '%s\n' '# TYPE a counter' 'a_total -1' 'a_total 2' 'b{x="1"}' '# EOF' 'late 1' >broken.om
run perf-collect log --format openmetrics --rejects rejects.om broken.om
expect_status 0
expect_stdout_matches jq -e -s 'map(.name) == ["a_total"] and .[0].value == 2'
expect_stderr <<'EOF2'
perf-collect: broken.om:2: a counter-like sample cannot be negative
perf-collect: broken.om:4: a space and a value are expected after the name
perf-collect: broken.om:6: text after "# EOF"
perf-collect: 3 lines rejected
EOF2
printf '%s\n' 'a_total -1' 'b{x="1"}' 'late 1' | expect_file rejects.om
end

begin "openmetrics --strict stops at the first problem with exit status 3"
printf '%s\n' '# TYPE a gauge' 'a 1' >no-eof.om
run perf-collect log --format openmetrics --strict no-eof.om
expect_status 3
expect_stderr <<'EOF2'
perf-collect: no-eof.om:2: the exposition does not end with "# EOF"
EOF2
end

begin "prometheus reads the text format tolerantly: ms timestamps, blanks, comments, trailing commas, escapes"
run perf-collect log --format prometheus --rejects rejects.prom "$DATA/perf-collect/scrape.prom"
expect_status 0
mv stdout points.ndjson
jq -c '.ts |= (if . == 1764060000 then . else "READ" end)' points.ndjson >stdout
expect_stdout <<'EOF2'
{"name":"http_requests_total","value":1027,"ts":1764060000,"type":"cumulative","tags":{"code":"200","method":"post"}}
{"name":"http_requests_total","value":3,"ts":1764060000,"type":"cumulative","tags":{"code":"400","method":"post"}}
{"name":"process_resident_memory_bytes","value":24576000,"ts":"READ"}
{"name":"http_request_duration_seconds_bucket","value":24054,"ts":"READ","type":"cumulative","tags":{"le":"0.05"}}
{"name":"http_request_duration_seconds_bucket","value":33444,"ts":"READ","type":"cumulative","tags":{"le":"0.1"}}
{"name":"http_request_duration_seconds_bucket","value":144320,"ts":"READ","type":"cumulative","tags":{"le":"+Inf"}}
{"name":"http_request_duration_seconds_sum","value":53423,"ts":"READ","type":"cumulative"}
{"name":"http_request_duration_seconds_count","value":144320,"ts":"READ","type":"cumulative"}
{"name":"rpc_duration_seconds","value":4773,"ts":"READ","tags":{"quantile":"0.5"}}
{"name":"rpc_duration_seconds_sum","value":17560473,"ts":"READ","type":"cumulative"}
{"name":"rpc_duration_seconds_count","value":2693,"ts":"READ","type":"cumulative"}
{"name":"msdos_file_access_time_seconds","value":1458255915,"ts":"READ","tags":{"error":"Cannot find file:\n\"FILE.TXT\"","path":"C:\\DIR\\FILE.TXT"}}
{"name":"metric_without_timestamp_and_labels","value":12.47,"ts":"READ"}
EOF2
expect_stderr <<EOF2
perf-collect: $DATA/perf-collect/scrape.prom:25: "," or "}" is expected in a label set
perf-collect: 1 line rejected
EOF2
tail -1 "$DATA/perf-collect/scrape.prom" | expect_file rejects.prom
end

finish
