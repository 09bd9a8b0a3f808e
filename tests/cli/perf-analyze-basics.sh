# perf-analyze: summary and trend findings per series, pass-through of every
# record, rejected lines and options (the foundation features).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# The trend's figures are scipy's over pool a's window p95s (20 to 40 by 4,
# a minute apart), not copies of our output (scipy 1.10.1):
#   /usr/bin/python3 -c "from scipy import stats; import numpy as np
#   x = np.arange(6) * 60.0; y = np.array([20, 24, 28, 32, 36, 40.])
#   s, _, lo, hi = stats.theilslopes(y, x, 0.95); print(stats.kendalltau(x, y),
#   s * 3600, lo * 3600, hi * 3600, s * 300 / np.mean(abs(y)), stats.linregress(x, y))"
#   -> tau 0.9999999999999999, p 0.002777777777777778 (2/6!), slope 240 (240
#   to 240) per hour, change 0.6666666666666666, least squares 240, r 1;
#   q_value 0.008333333333333333 is Benjamini-Hochberg's p m / 1 for the
#   smallest p of its m = 3 tests ("tests"), in fractions 3/360.
begin "perf-analyze passes aggregates through and appends a summary and a trend per series"
run perf-analyze "$DATA/perf-analyze/pools.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":100,"sum":1000.0,"min":1,"max":40,"mean":10.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.0,"p95":20,"p99":30.0,"p99.9":40},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":100,"sum":1200.0,"min":1,"max":48,"mean":12.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":12.0,"p95":24,"p99":36.0,"p99.9":48},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057720,"end":1764057780,"window":{"type":"tumbling","size":60},"count":100,"sum":1400.0,"min":1,"max":56,"mean":14.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":14.0,"p95":28,"p99":42.0,"p99.9":56},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057720,"end":1764057780,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057780,"end":1764057840,"window":{"type":"tumbling","size":60},"count":100,"sum":1600.0,"min":1,"max":64,"mean":16.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":16.0,"p95":32,"p99":48.0,"p99.9":64},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057780,"end":1764057840,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057840,"end":1764057900,"window":{"type":"tumbling","size":60},"count":100,"sum":1800.0,"min":1,"max":72,"mean":18.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":18.0,"p95":36,"p99":54.0,"p99.9":72},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057840,"end":1764057900,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057900,"end":1764057960,"window":{"type":"tumbling","size":60},"count":100,"sum":2000.0,"min":1,"max":80,"mean":20.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":20.0,"p95":40,"p99":60.0,"p99.9":80},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057900,"end":1764057960,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"finding","type":"summary","name":"performance","tags":{},"severity":"info","message":"Performance overall: average response time 12.5 ms, mean window p95 25 ms, throughput 3.33/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":12.5,"p95_response_time":25,"throughput":3.3333333333333335}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"a"},"severity":"info","message":"Performance of pool a: average response time 15 ms, mean window p95 30 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":15,"p95_response_time":30,"throughput":1.6666666666666667}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"b"},"severity":"info","message":"Performance of pool b: average response time 10 ms, mean window p95 20 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":10,"p95_response_time":20,"throughput":1.6666666666666667}
{"kind":"finding","type":"summary","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a}: 600 values in 6 windows over 6m, mean 15 ms, max 80 ms; p95 averaged 30 ms over the windows (last 40 ms).","stat":"p95","unit":"ms","n":6,"start":1764057600,"end":1764057960,"count":600,"mean":15,"min":1,"max":80,"stat_mean":30,"stat_min":20,"stat_max":40,"stat_last":40,"tail_ratio":3}
{"kind":"finding","type":"summary","name":"request.duration","tags":{"pool":"b"},"severity":"info","message":"request.duration{pool=b}: 600 values in 6 windows over 6m, mean 10 ms, max 41 ms; p95 averaged 20 ms over the windows (last 20.5 ms).","stat":"p95","unit":"ms","n":6,"start":1764057600,"end":1764057960,"count":600,"mean":10,"min":1,"max":41,"stat_mean":20,"stat_min":19.5,"stat_max":20.5,"stat_last":20.5,"tail_ratio":3}
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} p95 is degrading: +66.7% over 5m (Theil-Sen slope 240 ms per hour, Mann-Kendall p = 0.0028).","stat":"p95","unit":"ms","n":6,"start":1764057600,"end":1764057960,"direction":"degrading","change":0.6666666666666666,"slope_per_hour":240,"slope_low_per_hour":240,"slope_high_per_hour":240,"tau":0.9999999999999999,"p_value":0.002777777777777778,"effect_size":0.6666666666666666,"ls_slope_per_hour":240,"r2":1,"q_value":0.008333333333333333,"tests":3}
OUT
expect_stderr_empty
end

begin "perf-analyze reads standard input when no file is named"
run_input "$DATA/perf-analyze/pools.ndjson" perf-analyze --stat mean
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":100,"sum":1000.0,"min":1,"max":40,"mean":10.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.0,"p95":20,"p99":30.0,"p99.9":40},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":100,"sum":1200.0,"min":1,"max":48,"mean":12.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":12.0,"p95":24,"p99":36.0,"p99.9":48},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057720,"end":1764057780,"window":{"type":"tumbling","size":60},"count":100,"sum":1400.0,"min":1,"max":56,"mean":14.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":14.0,"p95":28,"p99":42.0,"p99.9":56},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057720,"end":1764057780,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057780,"end":1764057840,"window":{"type":"tumbling","size":60},"count":100,"sum":1600.0,"min":1,"max":64,"mean":16.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":16.0,"p95":32,"p99":48.0,"p99.9":64},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057780,"end":1764057840,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057840,"end":1764057900,"window":{"type":"tumbling","size":60},"count":100,"sum":1800.0,"min":1,"max":72,"mean":18.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":18.0,"p95":36,"p99":54.0,"p99.9":72},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057840,"end":1764057900,"window":{"type":"tumbling","size":60},"count":100,"sum":975.0,"min":1,"max":39.0,"mean":9.75,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":9.75,"p95":19.5,"p99":29.25,"p99.9":39.0},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"type":"timer","unit":"ms","start":1764057900,"end":1764057960,"window":{"type":"tumbling","size":60},"count":100,"sum":2000.0,"min":1,"max":80,"mean":20.0,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":20.0,"p95":40,"p99":60.0,"p99.9":80},"quantiles":"exact"}
{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"type":"timer","unit":"ms","start":1764057900,"end":1764057960,"window":{"type":"tumbling","size":60},"count":100,"sum":1025.0,"min":1,"max":41.0,"mean":10.25,"stddev":3,"rate":1.6666666666666667,"percentiles":{"p50":10.25,"p95":20.5,"p99":30.75,"p99.9":41.0},"quantiles":"exact"}
{"kind":"finding","type":"summary","name":"performance","tags":{},"severity":"info","message":"Performance overall: average response time 12.5 ms, throughput 3.33/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":12.5,"throughput":3.3333333333333335}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"a"},"severity":"info","message":"Performance of pool a: average response time 15 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":15,"throughput":1.6666666666666667}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"b"},"severity":"info","message":"Performance of pool b: average response time 10 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":10,"throughput":1.6666666666666667}
{"kind":"finding","type":"summary","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a}: 600 values in 6 windows over 6m, mean 15 ms, max 80 ms; mean averaged 15 ms over the windows (last 20 ms).","stat":"mean","unit":"ms","n":6,"start":1764057600,"end":1764057960,"count":600,"mean":15,"min":1,"max":80,"stat_mean":15,"stat_min":10,"stat_max":20,"stat_last":20,"tail_ratio":3}
{"kind":"finding","type":"summary","name":"request.duration","tags":{"pool":"b"},"severity":"info","message":"request.duration{pool=b}: 600 values in 6 windows over 6m, mean 10 ms, max 41 ms; mean averaged 10 ms over the windows (last 10.2 ms).","stat":"mean","unit":"ms","n":6,"start":1764057600,"end":1764057960,"count":600,"mean":10,"min":1,"max":41,"stat_mean":10,"stat_min":9.75,"stat_max":10.25,"stat_last":10.25,"tail_ratio":3}
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} mean is degrading: +66.7% over 5m (Theil-Sen slope 120 ms per hour, Mann-Kendall p = 0.0028).","stat":"mean","unit":"ms","n":6,"start":1764057600,"end":1764057960,"direction":"degrading","change":0.6666666666666666,"slope_per_hour":120,"slope_low_per_hour":120,"slope_high_per_hour":120,"tau":0.9999999999999999,"p_value":0.002777777777777778,"effect_size":0.6666666666666666,"ls_slope_per_hour":120,"r2":1,"q_value":0.008333333333333333,"tests":3}
OUT
expect_stderr_empty
end

begin "perf-analyze calls a slope below --min-change stable"
run sh -c 'perf-analyze --min-change 70% "$1" | grep "\"type\":\"trend\""' sh "$DATA/perf-analyze/pools.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 is stable: +66.7% over 5m (Theil-Sen slope 240 ms per hour, Mann-Kendall p = 0.0028).","stat":"p95","unit":"ms","n":6,"start":1764057600,"end":1764057960,"direction":"stable","change":0.6666666666666666,"slope_per_hour":240,"slope_low_per_hour":240,"slope_high_per_hour":240,"tau":0.9999999999999999,"p_value":0.002777777777777778,"effect_size":0.6666666666666666,"ls_slope_per_hour":240,"r2":1,"q_value":0.008333333333333333,"tests":3}
OUT
expect_stderr_empty
end

begin "perf-analyze calls a rising metric named by --higher-is-better improving"
run sh -c 'perf-analyze --higher-is-better request.duration "$1" | grep "\"type\":\"trend\"" | head -1' sh "$DATA/perf-analyze/pools.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 is improving: +66.7% over 5m (Theil-Sen slope 240 ms per hour, Mann-Kendall p = 0.0028).","stat":"p95","unit":"ms","n":6,"start":1764057600,"end":1764057960,"direction":"improving","change":0.6666666666666666,"slope_per_hour":240,"slope_low_per_hour":240,"slope_high_per_hour":240,"tau":0.9999999999999999,"p_value":0.002777777777777778,"effect_size":0.6666666666666666,"ls_slope_per_hour":240,"r2":1,"q_value":0.008333333333333333,"tests":3}
OUT
expect_stderr_empty
end

begin "perf-analyze treats points as series, passes other kinds and rejects bad lines"
run_input "$DATA/perf-analyze/mixed.ndjson" perf-analyze --rejects rejected.ndjson
expect_status 0
expect_stdout <<'OUT'
{"name":"system.cpu_utilization","value":0.2,"ts":1764057600}
{"kind":"alert","id":"x","name":"y","severity":"info"}
{"name":"system.cpu_utilization","value":0.3,"ts":1764057610}
{"name":"system.cpu_utilization","value":0.5,"ts":1764057620}
{"kind":"aggregate","name":"queue.depth","tags":{},"start":1764057600}
{"name":"system.cpu_utilization","value":0.6,"ts":1764057630}
{"kind":"finding","type":"summary","name":"performance","tags":{},"severity":"info","message":"Performance overall: CPU 40%.","start":1764057600,"end":1764057630,"cpu_utilization":0.4}
{"kind":"finding","type":"summary","name":"system.cpu_utilization","tags":{},"severity":"info","message":"system.cpu_utilization: 4 points over 30s, mean 40%, max 60% (last 60%).","stat":"value","n":4,"start":1764057600,"end":1764057630,"count":4,"mean":0.4,"min":0.2,"max":0.6,"stat_mean":0.4,"first_ts":1764057600,"last_ts":1764057630,"stat_min":0.2,"stat_max":0.6,"stat_last":0.6}
{"kind":"finding","type":"summary","name":"queue.depth","tags":{},"severity":"warning","message":"queue.depth: none of its 1 aggregates has mean, so it cannot be analysed.","stat":"mean","n":0}
OUT
expect_stderr <<'OUT'
perf-analyze: -:4: malformed JSON: Invalid numeric literal at line 1, column 4
perf-analyze: -:8: an aggregate needs a "name" string
perf-analyze: 2 lines rejected
OUT
expect_file rejected.ndjson <<'OUT'
not json
{"kind":"aggregate","tags":{"pool":"a"},"start":1764057600,"mean":3}
OUT
end

begin "perf-analyze --strict stops at the first bad line with status 3"
run_input "$DATA/perf-analyze/mixed.ndjson" perf-analyze --strict
expect_status 3
expect_stdout <<'OUT'
{"name":"system.cpu_utilization","value":0.2,"ts":1764057600}
{"kind":"alert","id":"x","name":"y","severity":"info"}
{"name":"system.cpu_utilization","value":0.3,"ts":1764057610}
OUT
expect_stderr <<'OUT'
perf-analyze: -:4: malformed JSON: Invalid numeric literal at line 1, column 4
perf-analyze: 1 line rejected
OUT
end

begin "perf-analyze refuses a --min-change that is not a number"
run perf-analyze --min-change abc "$DATA/perf-analyze/pools.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --min-change: "abc" is not a number
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze reports a file it cannot read and exits 3"
run perf-analyze missing.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: missing.ndjson: No such file or directory
OUT
end

begin "perf-analyze ends quietly when its reader goes away"
run sh -c 'perf-analyze "$1" | head -1' sh "$DATA/perf-analyze/trend.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"name":"request.duration","value":98.0,"ts":1764057600,"type":"timer","unit":"ms","tags":{"pool":"a"}}
OUT
expect_stderr_empty
end

finish
