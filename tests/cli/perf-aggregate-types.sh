#!/bin/sh
# perf-aggregate: statistics by point type (counter sum and rate,
# cumulative increase with resets as Prometheus rate(), gauge last),
# --buckets, --ratio and --where.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

# bytes: 100, 150, 30 (a reset: +30), 80: increase 50 + 30 + 50 = 130 in
# 10 s, rate 13; requests: 3 + 4 + 5 = 12, rate 1.2; temp: the last by ts
# is 21.5 (ts 8), though 22 (ts 6) came later.
begin "counters sum, cumulative totals increase across a reset, gauges keep the latest value"
run perf-aggregate -w 10s -p 50 --buckets 50,100 "$D/types.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"bytes","tags":{},"type":"cumulative","unit":"By","start":0,"end":10,"first_ts":1,"last_ts":7,"window":{"type":"tumbling","size":10},"count":4,"rate":13,"last":80,"increase":130,"resets":1,"quantiles":"exact"}
{"kind":"aggregate","name":"requests","tags":{},"type":"counter","start":0,"end":10,"first_ts":0,"last_ts":9,"window":{"type":"tumbling","size":10},"count":3,"sum":12,"rate":1.2,"quantiles":"exact"}
{"kind":"aggregate","name":"temp","tags":{},"type":"gauge","start":0,"end":10,"first_ts":6,"last_ts":8,"window":{"type":"tumbling","size":10},"count":2,"sum":43.5,"min":21.5,"max":22,"mean":21.75,"stddev":0.3535533905932738,"rate":0.2,"last":21.5,"percentiles":{"p50":21.5},"quantiles":"exact","buckets":[[50,2],[100,2],["+Inf",2]]}
OUT
expect_stderr <<OUT
perf-aggregate: $D/types.ndjson:10: a cumulative point is older than the latest of its series
perf-aggregate: $D/types.ndjson:11: "type" gauge differs from the series' type counter
perf-aggregate: 2 lines rejected
OUT
end

# web, first minute: 1 error of 4 requests; batch: 0 of 1, then 2 of 4.
begin "--ratio divides the numerator's sum by the denominator's per window and --by group"
run perf-aggregate -w 1m -b pool -p 50 --ratio 'error_rate=request.completed{status=error}/request.completed' "$D/requests.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"error_rate","tags":{"pool":"batch"},"type":"ratio","start":60,"end":120,"first_ts":64,"last_ts":64,"window":{"type":"tumbling","size":60},"count":1,"quantiles":"exact","numerator":0,"denominator":1,"ratio":0}
{"kind":"aggregate","name":"error_rate","tags":{"pool":"web"},"type":"ratio","start":60,"end":120,"first_ts":60,"last_ts":63,"window":{"type":"tumbling","size":60},"count":4,"quantiles":"exact","numerator":1,"denominator":4,"ratio":0.25}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"batch"},"type":"counter","start":60,"end":120,"first_ts":64,"last_ts":64,"window":{"type":"tumbling","size":60},"count":1,"sum":1,"rate":0.016666666666666666,"quantiles":"exact"}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"web"},"type":"counter","start":60,"end":120,"first_ts":60,"last_ts":63,"window":{"type":"tumbling","size":60},"count":4,"sum":4,"rate":0.06666666666666667,"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"batch"},"type":"timer","unit":"ms","start":60,"end":120,"first_ts":64,"last_ts":64,"window":{"type":"tumbling","size":60},"count":1,"sum":250,"min":250,"max":250,"mean":250,"stddev":0,"rate":0.016666666666666666,"percentiles":{"p50":250},"quantiles":"exact"}
{"kind":"aggregate","name":"error_rate","tags":{"pool":"batch"},"type":"ratio","start":120,"end":180,"first_ts":125,"last_ts":126,"partial":true,"window":{"type":"tumbling","size":60},"count":2,"quantiles":"exact","numerator":2,"denominator":4,"ratio":0.5}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"batch"},"type":"counter","start":120,"end":180,"first_ts":125,"last_ts":126,"partial":true,"window":{"type":"tumbling","size":60},"count":2,"sum":4,"rate":0.6666666666666666,"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "--where keeps only the points for which the jq expression is true, and a ratio without --by spans all tags"
run perf-aggregate -w 1m --where '.name == "request.completed"' --ratio 'error_rate=request.completed{status=error}/request.completed' "$D/requests.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"error_rate","tags":{},"type":"ratio","start":60,"end":120,"first_ts":60,"last_ts":64,"window":{"type":"tumbling","size":60},"count":5,"quantiles":"exact","numerator":1,"denominator":5,"ratio":0.2}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"batch","status":"ok"},"type":"counter","start":60,"end":120,"first_ts":64,"last_ts":64,"window":{"type":"tumbling","size":60},"count":1,"sum":1,"rate":0.016666666666666666,"quantiles":"exact"}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"web","status":"error"},"type":"counter","start":60,"end":120,"first_ts":61,"last_ts":61,"window":{"type":"tumbling","size":60},"count":1,"sum":1,"rate":0.016666666666666666,"quantiles":"exact"}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"web","status":"ok"},"type":"counter","start":60,"end":120,"first_ts":60,"last_ts":63,"window":{"type":"tumbling","size":60},"count":3,"sum":3,"rate":0.05,"quantiles":"exact"}
{"kind":"aggregate","name":"error_rate","tags":{},"type":"ratio","start":120,"end":180,"first_ts":125,"last_ts":126,"partial":true,"window":{"type":"tumbling","size":60},"count":2,"quantiles":"exact","numerator":2,"denominator":4,"ratio":0.5}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"batch","status":"error"},"type":"counter","start":120,"end":180,"first_ts":125,"last_ts":125,"partial":true,"window":{"type":"tumbling","size":60},"count":1,"sum":2,"rate":0.3333333333333333,"quantiles":"exact"}
{"kind":"aggregate","name":"request.completed","tags":{"pool":"batch","status":"ok"},"type":"counter","start":120,"end":180,"first_ts":126,"last_ts":126,"partial":true,"window":{"type":"tumbling","size":60},"count":1,"sum":2,"rate":0.3333333333333333,"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "a --where expression that fails on a point rejects that point with jq's message"
run perf-aggregate --where '.tags.pool | test(1)' --rejects rejected.ndjson "$D/types.ndjson"
expect_status 0
expect_stdout_empty
expect_stderr <<OUT
perf-aggregate: $D/types.ndjson:1: --where: number not a string or array
perf-aggregate: $D/types.ndjson:2: --where: number not a string or array
perf-aggregate: $D/types.ndjson:3: --where: number not a string or array
perf-aggregate: $D/types.ndjson:4: --where: number not a string or array
perf-aggregate: $D/types.ndjson:5: --where: number not a string or array
perf-aggregate: $D/types.ndjson:6: --where: number not a string or array
perf-aggregate: $D/types.ndjson:7: --where: number not a string or array
perf-aggregate: $D/types.ndjson:8: --where: number not a string or array
perf-aggregate: $D/types.ndjson:9: --where: number not a string or array
perf-aggregate: $D/types.ndjson:10: --where: number not a string or array
perf-aggregate: $D/types.ndjson:11: --where: number not a string or array
perf-aggregate: 11 lines rejected
OUT
end

begin "a --where expression that does not compile is a usage error"
run perf-aggregate --where '.x +' "$D/types.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --where: jq: error: syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, line 1:
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

begin "a --ratio without a denominator is a usage error"
run perf-aggregate --ratio 'error_rate=request.completed' "$D/types.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --ratio: "error_rate=request.completed" is not NAME=NUMERATOR/DENOMINATOR
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

finish
