#!/bin/sh
# perf-aggregate: the whole input and tumbling windows, --by, exact
# nearest-rank percentiles, pass-through of other kinds, bad lines,
# --rejects, --strict, usage errors and a reader that goes away.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

begin "the percentiles of 1..100 in shuffled order are p50=50, p95=95, p99=99, p99.9=100"
run perf-aggregate "$D/one-to-hundred.ndjson"
expect_status 0
# stddev: sqrt(sum((i-50.5)^2)/99) = sqrt(841.6666...) by hand.
expect_stdout <<'OUT'
{"kind":"aggregate","name":"n","tags":{},"type":"timer","window":{"type":"all"},"count":100,"sum":5050,"min":1,"max":100,"mean":50.5,"stddev":29.011491975882024,"percentiles":{"p50":50,"p95":95,"p99":99,"p99.9":100},"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "without a window the whole input is one window per series, in series order, after the passed-through finding"
run perf-aggregate "$D/points.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"summary","name":"request.duration","tags":{},"severity":"info","message":"kept as it is"}
{"kind":"aggregate","name":"request.duration","tags":{"host":"a","pool":"batch"},"type":"timer","unit":"ms","start":1764060004.25,"end":1764060019,"first_ts":1764060004.25,"last_ts":1764060019,"window":{"type":"all"},"count":2,"sum":12.5,"min":5,"max":7.5,"mean":6.25,"stddev":1.7677669529663689,"rate":0.13559322033898305,"percentiles":{"p50":5,"p95":7.5,"p99":7.5,"p99.9":7.5},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"host":"a","pool":"default"},"type":"timer","unit":"ms","start":1764060001.5,"end":1764060009.999,"first_ts":1764060001.5,"last_ts":1764060009.999,"window":{"type":"all"},"count":2,"sum":42.5,"min":12.5,"max":30,"mean":21.25,"stddev":12.374368670764582,"rate":0.23532180055818952,"percentiles":{"p50":12.5,"p95":30,"p99":30,"p99.9":30},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"host":"b","pool":"default"},"type":"timer","unit":"ms","start":1764060003,"end":1764060010,"first_ts":1764060003,"last_ts":1764060010,"window":{"type":"all"},"count":2,"sum":60,"min":20,"max":40,"mean":30,"stddev":14.142135623730951,"rate":0.2857142857142857,"percentiles":{"p50":20,"p95":40,"p99":40,"p99.9":40},"quantiles":"exact"}
{"kind":"aggregate","name":"system.cpu_utilization","tags":{"host":"a"},"type":"gauge","start":1764060002,"end":1764060015,"first_ts":1764060002,"last_ts":1764060015,"window":{"type":"all"},"count":3,"sum":1.5,"min":0.25,"max":0.75,"mean":0.5,"stddev":0.25,"rate":0.23076923076923078,"last":0.5,"percentiles":{"p50":0.5,"p95":0.75,"p99":0.75,"p99.9":0.75},"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "tumbling 10s windows by pool are aligned to multiples of 10 and ordered by end, then series"
run perf-aggregate --window 10s --by pool --percentiles 50,90 "$D/points.ndjson"
expect_status 0
# default pool, first window: 12.5, 20, 30; p50 is the 2nd value (ceil 1.5),
# p90 the 3rd (ceil 2.7); a point at ts 1764060010 opens the next window.
expect_stdout <<'OUT'
{"kind":"finding","type":"summary","name":"request.duration","tags":{},"severity":"info","message":"kept as it is"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"batch"},"type":"timer","unit":"ms","start":1764060000,"end":1764060010,"first_ts":1764060004.25,"last_ts":1764060004.25,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":7.5,"min":7.5,"max":7.5,"mean":7.5,"stddev":0,"rate":0.11764705882352941,"percentiles":{"p50":7.5,"p90":7.5},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"default"},"type":"timer","unit":"ms","start":1764060000,"end":1764060010,"first_ts":1764060001.5,"last_ts":1764060009.999,"window":{"type":"tumbling","size":10},"count":3,"sum":62.5,"min":12.5,"max":30,"mean":20.833333333333332,"stddev":8.779711460710617,"rate":0.3,"percentiles":{"p50":20,"p90":30},"quantiles":"exact"}
{"kind":"aggregate","name":"system.cpu_utilization","tags":{},"type":"gauge","start":1764060000,"end":1764060010,"first_ts":1764060002,"last_ts":1764060005,"window":{"type":"tumbling","size":10},"count":2,"sum":1,"min":0.25,"max":0.75,"mean":0.5,"stddev":0.3535533905932738,"rate":0.2,"last":0.25,"percentiles":{"p50":0.25,"p90":0.75},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"batch"},"type":"timer","unit":"ms","start":1764060010,"end":1764060020,"first_ts":1764060019,"last_ts":1764060019,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":5,"min":5,"max":5,"mean":5,"stddev":0,"rate":0.1111111111111111,"percentiles":{"p50":5,"p90":5},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"default"},"type":"timer","unit":"ms","start":1764060010,"end":1764060020,"first_ts":1764060010,"last_ts":1764060010,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":40,"min":40,"max":40,"mean":40,"stddev":0,"rate":0.1111111111111111,"percentiles":{"p50":40,"p90":40},"quantiles":"exact"}
{"kind":"aggregate","name":"system.cpu_utilization","tags":{},"type":"gauge","start":1764060010,"end":1764060020,"first_ts":1764060015,"last_ts":1764060015,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":0.5,"min":0.5,"max":0.5,"mean":0.5,"stddev":0,"rate":0.1111111111111111,"last":0.5,"percentiles":{"p50":0.5,"p90":0.5},"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "bad lines are skipped with their line number, counted, and the good ones aggregated"
run perf-aggregate --rejects rejects.ndjson "$D/bad.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"x","tags":{},"type":"gauge","start":10,"end":13,"first_ts":10,"last_ts":13,"window":{"type":"all"},"count":2,"sum":5,"min":1,"max":4,"mean":2.5,"stddev":2.1213203435596424,"rate":0.6666666666666666,"last":4,"percentiles":{"p50":1,"p95":4,"p99":4,"p99.9":4},"quantiles":"exact"}
OUT
expect_stderr <<OUT
perf-aggregate: $D/bad.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 20
perf-aggregate: $D/bad.ndjson:3: "value" is missing
perf-aggregate: $D/bad.ndjson:4: "name" is missing
perf-aggregate: 3 lines rejected
OUT
expect_file rejects.ndjson <<'OUT'
{"name":"x","value":
{"name":"x","ts":11}
{"value":3,"ts":12}
OUT
end

begin "--strict makes the first bad line fatal with exit status 3 and no aggregate"
run perf-aggregate --strict "$D/bad.ndjson"
expect_status 3
expect_stdout_empty
expect_stderr <<OUT
perf-aggregate: $D/bad.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 20
perf-aggregate: 1 line rejected
OUT
end

begin "a window needs a ts: a point without one is rejected"
run_input "$D/one-to-hundred.ndjson" perf-aggregate -w 1m --strict
expect_status 3
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: -:1: "ts" is missing: windows need the time of each point
perf-aggregate: 1 line rejected
OUT
end

begin "a percentile of 0 is a usage error"
run perf-aggregate --percentiles 50,0 "$D/points.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --percentiles: "0" is not in (0, 100]
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

begin "an unreadable file is reported, the others are read, and the exit status is 3"
run perf-aggregate missing.ndjson "$D/one-to-hundred.ndjson"
expect_status 3
expect_stdout <<'OUT'
{"kind":"aggregate","name":"n","tags":{},"type":"timer","window":{"type":"all"},"count":100,"sum":5050,"min":1,"max":100,"mean":50.5,"stddev":29.011491975882024,"percentiles":{"p50":50,"p95":95,"p99":99,"p99.9":100},"quantiles":"exact"}
OUT
expect_stderr <<'OUT'
perf-aggregate: missing.ndjson: No such file or directory
OUT
end

begin "perf-aggregate big.ndjson | head -1 prints one line and no error"
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "{\"name\":\"m%d\",\"value\":%d,\"ts\":%d}\n", i % 5000, i, i }' >big.ndjson
# m0 holds 0, 5000, ..., 195000 (40 values): p95 is the 38th, 185000;
# stddev from /usr/bin/python3 -c 'import numpy as np;
#   print(np.std(np.arange(0, 200000, 5000), ddof=1))'
run sh -c 'perf-aggregate big.ndjson | head -1; perf-aggregate -w 1s big.ndjson | head -1'
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"m0","tags":{},"type":"gauge","start":0,"end":195000,"first_ts":0,"last_ts":195000,"window":{"type":"all"},"count":40,"sum":3900000,"min":0,"max":195000,"mean":97500,"stddev":58452.2597225006,"rate":0.00020512820512820512,"last":195000,"percentiles":{"p50":95000,"p95":185000,"p99":195000,"p99.9":195000},"quantiles":"exact"}
{"kind":"aggregate","name":"m0","tags":{},"type":"gauge","start":0,"end":1,"first_ts":0,"last_ts":0,"window":{"type":"tumbling","size":1},"count":1,"sum":0,"min":0,"max":0,"mean":0,"stddev":0,"rate":1,"last":0,"percentiles":{"p50":0,"p95":0,"p99":0,"p99.9":0},"quantiles":"exact"}
OUT
expect_stderr_empty
end

finish
