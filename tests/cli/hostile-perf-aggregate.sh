#!/bin/sh
# Hostile input to perf-aggregate: broken JSON, invalid UTF-8, NUL bytes,
# non-finite numbers, out-of-range and out-of-order times, duplicate keys,
# deep nesting, CRLF, empty input and a 64 MiB line (tests/data/hostile).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
. "$DATA/hostile/points.sh"

hostile_points hostile.ndjson
hostile_rejected_lines expected-rejects

begin "perf-aggregate rejects each hostile line with its reason, keeps exactly those lines in --rejects and aggregates the 8 others"
run perf-aggregate --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"crlf","tags":{},"type":"gauge","start":1764057606,"end":1764057606,"first_ts":1764057606,"last_ts":1764057606,"window":{"type":"all"},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"last":1,"percentiles":{"p50":1,"p95":1,"p99":1,"p99.9":1},"quantiles":"exact"}
{"kind":"aggregate","name":"dup","tags":{},"type":"gauge","start":1764057605,"end":1764057605,"first_ts":1764057605,"last_ts":1764057605,"window":{"type":"all"},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"last":2,"percentiles":{"p50":2,"p95":2,"p99":2,"p99.9":2},"quantiles":"exact"}
{"kind":"aggregate","name":"dup","tags":{"k":"y"},"type":"gauge","start":1764057605,"end":1764057605,"first_ts":1764057605,"last_ts":1764057605,"window":{"type":"all"},"count":1,"sum":3,"min":3,"max":3,"mean":3,"stddev":0,"last":3,"percentiles":{"p50":3,"p95":3,"p99":3,"p99.9":3},"quantiles":"exact"}
{"kind":"aggregate","name":"neg","tags":{},"type":"timer","unit":"ms","start":1764057604,"end":1764057604,"first_ts":1764057604,"last_ts":1764057604,"window":{"type":"all"},"count":1,"sum":-5,"min":-5,"max":-5,"mean":-5,"stddev":0,"percentiles":{"p50":-5,"p95":-5,"p99":-5,"p99.9":-5},"quantiles":"exact"}
{"kind":"aggregate","name":"ok","tags":{"host":"a"},"type":"gauge","start":1764057500,"end":1764057607,"first_ts":1764057500,"last_ts":1764057607,"window":{"type":"all"},"count":3,"sum":6,"min":1,"max":3,"mean":2,"stddev":1,"rate":0.028037383177570093,"last":3,"percentiles":{"p50":2,"p95":3,"p99":3,"p99.9":3},"quantiles":"exact"}
{"kind":"aggregate","name":"past","tags":{},"type":"gauge","start":-62135596800,"end":-62135596800,"first_ts":-62135596800,"last_ts":-62135596800,"window":{"type":"all"},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"last":1,"percentiles":{"p50":1,"p95":1,"p99":1,"p99.9":1},"quantiles":"exact"}
EOF
hostile_messages hostile.ndjson perf-aggregate | expect_stderr
expect_file rejects.ndjson <expected-rejects
end

begin "perf-aggregate --strict stops at the first hostile line with exit status 3 and keeps only it"
run perf-aggregate --strict --rejects rejects.ndjson hostile.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: hostile.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
perf-aggregate: 1 line rejected
EOF
sed -n 2p hostile.ndjson | expect_file rejects.ndjson
end

begin "with --window, a point older than the closed windows is rejected as late, naming its window"
run perf-aggregate --window 1m --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stderr <<EOF
$(hostile_messages hostile.ndjson perf-aggregate | sed '$d' | sed '11a\
perf-aggregate: hostile.ndjson:15: late point: its window [-62135596800, -62135596740) was already closed (--lateness 0)')
perf-aggregate: 16 lines rejected
EOF
{ sed -n '1,11p' expected-rejects; sed -n 15p hostile.ndjson; sed -n '12,15p' expected-rejects; } |
	expect_file rejects.ndjson
end

begin "empty input, from a file or standard input, gives no output, no message and status 0"
: >empty.ndjson
run perf-aggregate empty.ndjson
expect_status 0
expect_stdout_empty
expect_stderr_empty
run_input empty.ndjson perf-aggregate --window 1m
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

begin "a line of $HOSTILE_LONG bytes is read whole and aggregated"
hostile_long_point long.ndjson "$HOSTILE_LONG"
run perf-aggregate long.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"long","tags":{},"type":"gauge","start":1764057600,"end":1764057600,"first_ts":1764057600,"last_ts":1764057600,"window":{"type":"all"},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"last":1,"percentiles":{"p50":1,"p95":1,"p99":1,"p99.9":1},"quantiles":"exact"}
EOF
expect_stderr_empty
rm -f long.ndjson
end

begin "--merge rejects aggregates with non-finite numbers, times out of range or out of order"
hostile_aggregates aggregates.ndjson
run perf-aggregate --merge --rejects rejects.ndjson aggregates.ndjson
expect_status 0
# Lines 1 and 6 are sound aggregates, but without "sum" and "min" a merge
# could only read them as 0: --merge refuses them too.
expect_stderr <<'EOF'
perf-aggregate: aggregates.ndjson:1: an aggregate of 3 values needs "sum", "min" and "max" to be merged
perf-aggregate: aggregates.ndjson:2: "mean" is out of range
perf-aggregate: aggregates.ndjson:3: percentile "p99" is out of range
perf-aggregate: aggregates.ndjson:4: "end" is before "start"
perf-aggregate: aggregates.ndjson:5: "start" or "end" is out of range (years 0000 to 9999)
perf-aggregate: aggregates.ndjson:6: an aggregate of 2 values needs "sum", "min" and "max" to be merged
perf-aggregate: 6 lines rejected
EOF
expect_file rejects.ndjson <aggregates.ndjson
end

begin "a negative duration for --window or --lateness is a usage error"
run perf-aggregate --window -1m
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --window: "-1m": a duration cannot be negative
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

finish
