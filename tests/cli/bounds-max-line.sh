# Bounded lines (issue 17 item 7): --max-line-bytes SIZE (default 16M)
# in every program that reads lines.  A longer line is rejected and
# counted, its first 4 KiB go to --rejects, and reading goes on at the
# next newline; the line is never held whole, so a 64 MiB line under a
# 1 MiB limit runs in a few MiB (the 1 GB runs of the issue are measured
# by hand: see the lost2 report).  Before the limit, each of these read
# the whole line.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# long.ndjson: a good point, a 64 MiB line of "a" (no JSON at all), a
# good point.
{
	printf '%s\n' '{"name":"x","value":1,"ts":1764057600}'
	head -c 67108864 /dev/zero | tr '\0' a
	printf '\n%s\n' '{"name":"x","value":2,"ts":1764057601}'
} >long.ndjson
head -c 4096 /dev/zero | tr '\0' a >kept.expected
printf '\n' >>kept.expected

begin "perf-aggregate --max-line-bytes 1M rejects a 64 MiB line, keeps its first 4 KiB and aggregates the points around it"
run perf-aggregate --max-line-bytes 1M --rejects rejects.txt long.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"x","tags":{},"type":"gauge","start":1764057600,"end":1764057601,"first_ts":1764057600,"last_ts":1764057601,"window":{"type":"all"},"count":2,"sum":3,"min":1,"max":2,"mean":1.5,"stddev":0.7071067811865476,"rate":2,"last":2,"percentiles":{"p50":1,"p95":2,"p99":2,"p99.9":2},"quantiles":"exact"}
EOF
expect_stderr <<'EOF'
perf-aggregate: long.ndjson:2: line of 67108864 bytes is longer than the limit of 1048576 bytes: rejected
perf-aggregate: 1 line rejected
EOF
cmp -s rejects.txt kept.expected || fail "--rejects does not hold the line's first 4096 bytes"
end

begin "the 64 MiB line under a 1 MiB limit is read in bounded memory (max_rss_bytes under 32 MiB)"
perf-aggregate --max-line-bytes 1M --self-metrics long.ndjson 2>/dev/null |
    jq -r 'select(.name == "perfpipe.aggregate.max_rss_bytes") | .value' >rss
run sh -c 'test "$(wc -l <rss)" -eq 1 && test "$(cat rss)" -gt 0 && test "$(cat rss)" -lt 33554432'
expect_status 0
end

begin "perf-collect log reads the points around the long line from standard input, and from gzip"
gzip -c long.ndjson >long.ndjson.gz
run sh -c 'perf-collect log --format jsonl --max-line-bytes 1M <long.ndjson; perf-collect log --format jsonl --max-line-bytes 1M long.ndjson.gz'
expect_status 0
expect_stdout <<'EOF'
{"name":"x","value":1,"ts":1764057600}
{"name":"x","value":2,"ts":1764057601}
{"name":"x","value":1,"ts":1764057600}
{"name":"x","value":2,"ts":1764057601}
EOF
expect_stderr <<'EOF'
perf-collect: -:2: line of 67108864 bytes is longer than the limit of 1048576 bytes: rejected
perf-collect: 1 line rejected
perf-collect: long.ndjson.gz:2: line of 67108864 bytes is longer than the limit of 1048576 bytes: rejected
perf-collect: 1 line rejected
EOF
end

begin "perf-collect log --state rejects the long line and saves the offset of the file's end"
run perf-collect log --format jsonl --max-line-bytes 1M --state tail.state --rejects tail-rejects.txt long.ndjson
expect_status 0
expect_stdout <<'EOF'
{"name":"x","value":1,"ts":1764057600}
{"name":"x","value":2,"ts":1764057601}
EOF
expect_stderr <<'EOF'
perf-collect: long.ndjson:2: line of 67108864 bytes is longer than the limit of 1048576 bytes: rejected
perf-collect: 1 line rejected
EOF
cmp -s tail-rejects.txt kept.expected || fail "--rejects does not hold the line's first 4096 bytes"
[ "$(jq '.files["long.ndjson"].offset' tail.state)" = "$(stat -c %s long.ndjson)" ] ||
    fail "the state's offset is not the file's size"
end
rm -f long.ndjson long.ndjson.gz

begin "a line of exactly SIZE bytes (CRLF ending not counted) passes, one byte more is rejected"
{
	printf '{"name":"y","value":1,"ts":1764057600,"p":"%s"}\r\n' 1234567890123456789012345678901234567890123456789012345
	printf '{"name":"y","value":2,"ts":1764057600,"p":"%s"}\n' 12345678901234567890123456789012345678901234567890123456
} >edge.ndjson
run perf-alert --max-line-bytes 100 -t 'y:mean > 5' edge.ndjson
expect_status 0
printf '{"name":"y","value":1,"ts":1764057600,"p":"%s"}\r\n' 1234567890123456789012345678901234567890123456789012345 |
    tr -d '\r' | expect_stdout
expect_stderr <<'EOF'
perf-alert: edge.ndjson:2: line of 101 bytes is longer than the limit of 100 bytes: rejected
perf-alert: rule "y:mean > 5": no series y
perf-alert: 1 line rejected
EOF
end

begin "--max-line-bytes takes a whole number with K, M or G, and at least 1"
run perf-report --max-line-bytes 0
expect_status 2
expect_stderr <<'EOF'
perf-report: --max-line-bytes: "0": the size must be from 1 byte to 1T
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
run perf-analyze --max-line-bytes 1.5M
expect_status 2
expect_stderr <<'EOF'
perf-analyze: --max-line-bytes: "1.5M" is not a size (a whole number of bytes, or with K, M or G)
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
EOF
end

finish
