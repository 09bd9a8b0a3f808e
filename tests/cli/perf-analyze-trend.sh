# perf-analyze trend findings: Theil-Sen slope, Mann-Kendall test and the
# direction rules (degrading latency, improving throughput despite a spike,
# stable utilisation, volatile queue depth).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
# Independent figures from scipy over the raw input (scipy 1.10.1).
REFERENCE="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/scipy_reference.py"

begin "perf-analyze finds one direction of each kind in four series of points"
run sh -c 'perf-analyze "$1" | grep "\"type\":\"trend\""' sh "$DATA/perf-analyze/trend.ndjson"
expect_status 0
mask_figures tau p_value change effect_size slope_per_hour slope_low_per_hour slope_high_per_hour ls_slope_per_hour r2
# q_value: Benjamini-Hochberg over all 202 tests (perf-analyze-fdr.sh holds
# it to BH over scipy's p-values); here it is held to p <= q <= p m below.
sed -E 's/"q_value":[0-9][0-9.eE+-]*/"q_value":"(bh)"/' "$WORK/stdout" >masked && mv masked "$WORK/stdout"
expect_stdout <<'OUT'
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} is degrading: +52.1% over 3h55m (Theil-Sen slope 18 ms per hour, Mann-Kendall p = 2.4e-22).","stat":"value","unit":"ms","n":48,"start":1764057600,"end":1764071700,"direction":"degrading","change":"(scipy)","slope_per_hour":"(scipy)","slope_low_per_hour":"(scipy)","slope_high_per_hour":"(scipy)","tau":"(scipy)","p_value":"(scipy)","effect_size":"(scipy)","ls_slope_per_hour":"(scipy)","r2":"(scipy)","q_value":"(bh)","tests":202}
{"kind":"finding","type":"trend","name":"pool.throughput","tags":{"pool":"a"},"severity":"info","message":"pool.throughput{pool=a} is improving: +36.8% over 3h55m (Theil-Sen slope 24 per hour, Mann-Kendall p = 2e-20).","stat":"value","n":48,"start":1764057600,"end":1764071700,"direction":"improving","change":"(scipy)","slope_per_hour":"(scipy)","slope_low_per_hour":"(scipy)","slope_high_per_hour":"(scipy)","tau":"(scipy)","p_value":"(scipy)","effect_size":"(scipy)","ls_slope_per_hour":"(scipy)","r2":"(scipy)","q_value":"(bh)","tests":202}
{"kind":"finding","type":"trend","name":"worker.queue_depth","tags":{"pool":"a"},"severity":"warning","message":"worker.queue_depth{pool=a} is volatile: swings of 3.97 around a +28.3% drift over 3h55m (p = 0.00095).","stat":"value","n":48,"start":1764057600,"end":1764071700,"direction":"volatile","change":"(scipy)","slope_per_hour":"(scipy)","slope_low_per_hour":"(scipy)","slope_high_per_hour":"(scipy)","tau":"(scipy)","p_value":"(scipy)","effect_size":"(scipy)","ls_slope_per_hour":"(scipy)","r2":"(scipy)","q_value":"(bh)","tests":202}
OUT
expect_stderr_empty
end

# --fdr 1: every trend, the flat one too, for the comparison
begin "tau, the Mann-Kendall p, the change, the Theil-Sen slope and interval and least squares agree with scipy (1e-9 relative); q lies in [p, p m]"
$REFERENCE trend "$DATA/perf-analyze/trend.ndjson" >reference
run perf-analyze --only trend --fdr 1 "$DATA/perf-analyze/trend.ndjson"
expect_status 0
expect_count 4 '.[] | select(.type == "trend")'
expect_agrees_with reference
expect_each '.[] | select(.type == "trend")' '.q_value >= .p_value and .q_value <= ([.p_value * .tests, 1] | min) and .tests == 202'
end

# (three trends: the flat cpu series is no discovery at --fdr 0.05)
begin "perf-analyze passes the 192 points through before its findings"
run sh -c 'perf-analyze "$1" | head -192 | cmp - "$1" && perf-analyze "$1" | tail -n +193 | cut -c1-40' sh "$DATA/perf-analyze/trend.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"summary","name
{"kind":"finding","type":"trend","name":
{"kind":"finding","type":"trend","name":
{"kind":"finding","type":"trend","name":
{"kind":"finding","type":"anomaly","name
{"kind":"finding","type":"correlation","
OUT
expect_stderr_empty
end

begin "perf-analyze --min-change 60% calls the 52% latency rise stable"
run sh -c 'perf-analyze --min-change 0.6 "$1" | grep "\"type\":\"trend\"" | head -1' sh "$DATA/perf-analyze/trend.ndjson"
expect_status 0
grep request.duration reference >reference.duration
expect_agrees_with reference.duration
mask_figures tau p_value change effect_size slope_per_hour slope_low_per_hour slope_high_per_hour ls_slope_per_hour r2
sed -E 's/"q_value":[0-9][0-9.eE+-]*/"q_value":"(bh)"/' "$WORK/stdout" >masked && mv masked "$WORK/stdout"
expect_stdout <<'OUT'
{"kind":"finding","type":"trend","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} is stable: +52.1% over 3h55m (Theil-Sen slope 18 ms per hour, Mann-Kendall p = 2.4e-22).","stat":"value","unit":"ms","n":48,"start":1764057600,"end":1764071700,"direction":"stable","change":"(scipy)","slope_per_hour":"(scipy)","slope_low_per_hour":"(scipy)","slope_high_per_hour":"(scipy)","tau":"(scipy)","p_value":"(scipy)","effect_size":"(scipy)","ls_slope_per_hour":"(scipy)","r2":"(scipy)","q_value":"(bh)","tests":202}
OUT
expect_stderr_empty
end

finish
