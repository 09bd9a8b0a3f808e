#!/bin/sh
# perf-aggregate: window counts over a web-server access log equal counts
# made independently, and sliding (--step) and session (--session) windows
# equal references computed in this file.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

# access.jsonl is an nginx-style JSON access log (1500 requests, RFC 3339
# times, a busy period 10:05-10:09).  The reference counts requests per
# minute from the time text alone (its first 16 characters), with no
# perfpipe code involved.
begin "per-minute counts over a web-server log equal counts made by cutting the time text"
jq -c '{name: "http.request.duration", value: .request_time, ts: .time, type: "timer",
	unit: "s"}' "$D/access.jsonl" >requests.ndjson
jq -r '.time[0:16]' "$D/access.jsonl" | sort | uniq -c | awk '{ print $2, $1 }' >expected.counts
run perf-aggregate -w 1m -p 50 requests.ndjson
expect_status 0
expect_stderr_empty
jq -r '"\(.start | todate | .[0:16]) \(.count)"' "$WORK/stdout" >actual.counts
if ! diff expected.counts actual.counts >diff.out; then fail "counts differ: $(head -5 diff.out)"; fi
if [ "$(awk '{ n += $2 } END { print n }' actual.counts)" -ne 1500 ]; then fail "not 1500 requests"; fi
end

begin "per-minute counts by status equal counts of the time and status text"
jq -c '{name: "http.request.duration", value: .request_time, ts: .time, type: "timer",
	tags: {status: (.status | tostring)}}' "$D/access.jsonl" >by-status.ndjson
jq -r '"\(.time[0:16]) \(.status)"' "$D/access.jsonl" | sort | uniq -c |
	awk '{ print $2, $3, $1 }' >expected.counts
run perf-aggregate -w 1m -b status -p 50 by-status.ndjson
expect_status 0
jq -r '"\(.start | todate | .[0:16]) \(.tags.status) \(.count)"' "$WORK/stdout" >actual.counts
if ! diff expected.counts actual.counts >diff.out; then fail "counts differ: $(head -5 diff.out)"; fi
end

# The reference for sliding windows: for every window [s, s + 60) with s a
# multiple of 20, the points with s <= ts < s + 60, by brute force.
begin "sliding 60s windows every 20s hold each point three times, as the brute-force reference says"
awk -F'[:,}"]+' '{ for (i = 1; i < NF; i++) { if ($i == "value") v = $(i + 1); if ($i == "ts") t = $(i + 1); if ($i == "user") u = $(i + 1) }
	for (s = -100; s <= 400; s += 20) if (s <= t && t < s + 60) { n[s + 60 " " u]++; sum[s + 60 " " u] += v } }
	END { for (k in n) print k, n[k], sum[k] }' "$D/sessions.ndjson" | sort -n -k1,1 -k2,2 >expected.windows
run perf-aggregate -w 60 --step 20 -p 50 "$D/sessions.ndjson"
expect_status 0
expect_stderr_empty
jq -r '"\(.end) \(.tags.user) \(.count) \(.sum)"' "$WORK/stdout" >actual.windows
if ! diff expected.windows actual.windows >diff.out; then fail "windows differ: $(cat diff.out)"; fi
end

begin "sliding windows are written whole, ordered by end, then series"
run sh -c 'perf-aggregate -w 1m --step 20s -p 50 "$1" | head -4' sh "$D/sessions.ndjson"
expect_status 0
expect_stderr_empty
expect_stdout <<'OUT'
{"kind":"aggregate","name":"click","tags":{"user":"ann"},"type":"gauge","start":60,"end":120,"first_ts":100,"last_ts":100,"partial":true,"window":{"type":"sliding","size":60,"step":20},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"rate":0.05,"last":1,"percentiles":{"p50":1},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":60,"end":120,"first_ts":110,"last_ts":110,"partial":true,"window":{"type":"sliding","size":60,"step":20},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"rate":0.05,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"ann"},"type":"gauge","start":80,"end":140,"first_ts":100,"last_ts":125,"window":{"type":"sliding","size":60,"step":20},"count":2,"sum":4,"min":1,"max":3,"mean":2,"stddev":1.4142135623730951,"rate":0.03333333333333333,"last":3,"percentiles":{"p50":1},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":80,"end":140,"first_ts":110,"last_ts":110,"partial":true,"window":{"type":"sliding","size":60,"step":20},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"rate":0.025,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
OUT
end

# Sessions by hand, gap 30: ann 100, 125 | 160, 175; bob 110 | 170 | 300.
# A session ends 30 s after its last point: ann [100,155) [160,205),
# bob [110,140) [170,200) [300,330).
begin "session windows close after 30s without a point, per series"
run perf-aggregate --session 30s -p 50 "$D/sessions.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":110,"end":140,"first_ts":110,"last_ts":110,"window":{"type":"session","gap":30},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"rate":0.03333333333333333,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"ann"},"type":"gauge","start":100,"end":155,"first_ts":100,"last_ts":125,"window":{"type":"session","gap":30},"count":2,"sum":4,"min":1,"max":3,"mean":2,"stddev":1.4142135623730951,"rate":0.03636363636363636,"last":3,"percentiles":{"p50":1},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":170,"end":200,"first_ts":170,"last_ts":170,"window":{"type":"session","gap":30},"count":1,"sum":5,"min":5,"max":5,"mean":5,"stddev":0,"rate":0.03333333333333333,"last":5,"percentiles":{"p50":5},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"ann"},"type":"gauge","start":160,"end":205,"first_ts":160,"last_ts":175,"window":{"type":"session","gap":30},"count":2,"sum":10,"min":4,"max":6,"mean":5,"stddev":1.4142135623730951,"rate":0.044444444444444446,"last":6,"percentiles":{"p50":4},"quantiles":"exact"}
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":300,"end":330,"first_ts":300,"last_ts":300,"window":{"type":"session","gap":30},"count":1,"sum":7,"min":7,"max":7,"mean":7,"stddev":0,"rate":0.03333333333333333,"last":7,"percentiles":{"p50":7},"quantiles":"exact"}
OUT
expect_stderr_empty
end

# As in perf-aggregate-streaming.sh: the input stays open while the first
# session is awaited on a FIFO (timeout fails the case if it never comes).
begin "a session is written while the input runs, once the watermark passes its end"
mkfifo points.fifo aggregates.fifo
perf-aggregate --session 30s -p 50 <points.fifo >aggregates.fifo &
exec 3>points.fifo
head -4 "$D/sessions.ndjson" >&3
run sh -c 'timeout 60 head -n 1 <aggregates.fifo'
exec 3>&-
wait
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"click","tags":{"user":"bob"},"type":"gauge","start":110,"end":140,"first_ts":110,"last_ts":110,"window":{"type":"session","gap":30},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"rate":0.03333333333333333,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
OUT
end

begin "--step without --window is a usage error"
run perf-aggregate --step 10s "$D/sessions.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --step needs --window
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

begin "--session and --window exclude each other"
run perf-aggregate --session 10s -w 1m "$D/sessions.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --session and --window exclude each other
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

finish
