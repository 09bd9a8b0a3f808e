# perf-analyze correlation, forecast and recommendation findings, and
# --only, on an hour of a Snakepit pool running into saturation.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
# Independent figures from scipy over the raw input (scipy 1.10.1).
REFERENCE="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/scipy_reference.py"

# "in 28m2s" is system.memory_utilization's crosses_in, checked against scipy
# in "each limit's crossing time agrees with scipy's linregress ...".
begin "perf-analyze recommends from the findings that trigger each rule"
run sh -c 'perf-analyze --only recommendation --capacity "system.memory_utilization<0.9" "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"recommendation","name":"request.duration","tags":{"pool":"a"},"severity":"warning","message":"Investigate the tail latency of request.duration in pool a: its p99 averages 7.99 times its p50 (slow workers, garbage collection or queueing).","rule":"investigate_tail","action":"look for slow workers, garbage collection pauses or queueing","evidence":[{"type":"summary","name":"request.duration","tags":{"pool":"a"}}]}
{"kind":"finding","type":"recommendation","name":"pool.capacity_utilization","tags":{"pool":"a"},"severity":"warning","message":"Raise the size of pool a: it runs at 96.7% of capacity and its queue is growing.","rule":"raise_pool_size","action":"raise the pool size (more workers) or shed load","evidence":[{"type":"summary","name":"pool.capacity_utilization","tags":{"pool":"a"}},{"type":"trend","name":"pool.queue_depth","tags":{"pool":"a"}}]}
{"kind":"finding","type":"recommendation","name":"pool.throughput","tags":{"pool":"a"},"severity":"critical","message":"Pool a looks saturated: throughput falls while latency rises.","rule":"saturation","action":"add capacity or reduce the load","evidence":[{"type":"trend","name":"pool.throughput","tags":{"pool":"a"}},{"type":"trend","name":"request.duration","tags":{"pool":"a"}}]}
{"kind":"finding","type":"recommendation","name":"pool.error_rate","tags":{"pool":"a"},"severity":"warning","message":"Look at the errors of pool a by status: pool.error_rate is rising.","rule":"look_at_errors","action":"break the errors down by status (perf-aggregate --by status)","evidence":[{"type":"trend","name":"pool.error_rate","tags":{"pool":"a"}}]}
{"kind":"finding","type":"recommendation","name":"system.memory_utilization","tags":{},"severity":"warning","message":"Recycle workers or add memory to the service: system.memory_utilization reaches its limit in 28m2s.","rule":"add_memory","action":"recycle workers (Snakepit worker recycling) or add memory","evidence":[{"type":"forecast","name":"system.memory_utilization","tags":{}}]}
OUT
expect_stderr_empty
end

begin "perf-analyze forecasts every series over --horizon and says when limits are crossed"
run sh -c 'perf-analyze --only forecast --horizon 30m --capacity "pool.throughput>10" --capacity "pool.queue_depth<15" "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
mask_figures value low high slope_per_hour crosses_at crosses_in
expect_stdout <<'OUT'
{"kind":"finding","type":"forecast","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 is forecast at 119 ms (95% interval 115 ms to 124 ms) at 2025-11-25T09:30:00Z, 30m after its last observation.","stat":"p95","unit":"ms","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)"}
{"kind":"finding","type":"forecast","name":"pool.throughput","tags":{"pool":"a"},"severity":"info","message":"pool.throughput{pool=a} mean is forecast at 14.1/s (95% interval 13.4/s to 14.7/s) at 2025-11-25T09:30:00Z, 30m after its last observation; it stays above its limit 10/s for the 30m.","stat":"mean","unit":"req/s","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)","limit":10,"limit_op":">","crosses_at":"(scipy)","crosses_in":"(scipy)"}
{"kind":"finding","type":"forecast","name":"pool.capacity_utilization","tags":{"pool":"a"},"severity":"info","message":"pool.capacity_utilization{pool=a} mean is forecast at 103% (95% interval 101% to 105%) at 2025-11-25T09:30:00Z, 30m after its last observation.","stat":"mean","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)"}
{"kind":"finding","type":"forecast","name":"pool.queue_depth","tags":{"pool":"a"},"severity":"warning","message":"pool.queue_depth{pool=a} mean is forecast at 17.4 (95% interval 16.2 to 18.6) at 2025-11-25T09:30:00Z, 30m after its last observation; it reaches its limit 15 at 2025-11-25T09:16:02Z, in 16m2s.","stat":"mean","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)","limit":15,"limit_op":"<","crosses_at":"(scipy)","crosses_in":"(scipy)"}
{"kind":"finding","type":"forecast","name":"pool.error_rate","tags":{"pool":"a"},"severity":"info","message":"pool.error_rate{pool=a} mean is forecast at 5.65% (95% interval 5.25% to 6.04%) at 2025-11-25T09:30:00Z, 30m after its last observation.","stat":"mean","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)"}
{"kind":"finding","type":"forecast","name":"system.memory_utilization","tags":{},"severity":"info","message":"system.memory_utilization mean is forecast at 90.7% (95% interval 89.7% to 91.6%) at 2025-11-25T09:30:00Z, 30m after its last observation.","stat":"mean","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)"}
{"kind":"finding","type":"forecast","name":"system.cpu_utilization","tags":{},"severity":"info","message":"system.cpu_utilization mean is forecast at 107% (95% interval 96.1% to 118%) at 2025-11-25T09:30:00Z, 30m after its last observation.","stat":"mean","now":1764061200,"horizon":1800,"at":1764063000,"value":"(scipy)","low":"(scipy)","high":"(scipy)","confidence":0.95,"slope_per_hour":"(scipy)"}
OUT
expect_stderr_empty
end

begin "each forecast's value, 95% prediction interval and slope agree with scipy's linregress and t (1e-9 relative)"
$REFERENCE forecast "$DATA/perf-analyze/pool-saturation.ndjson" 1764063000 >reference
run sh -c 'perf-analyze --only forecast --horizon 30m "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_count 7 '.[] | select(.type == "forecast")'
expect_agrees_with reference
end

# crosses_at is rounded to the second, so it is compared exactly (tolerance
# 0): 1e-9 relative of an epoch near 1.76e9 would let 1.7 s pass.  The
# unrounded crossings (linregress on the raw starts) are 1764062161.7565 for
# pool.queue_depth and 1764062881.5654 for system.memory_utilization: 0.26 s
# and 0.07 s from a rounding edge, far beyond floating-point error, not a
# coin toss.  The second run is the forecast behind the first case's
# "reaches its limit in 28m2s" (1682 s; no --horizon: the series' own hour).
begin "each limit's crossing time agrees with scipy's linregress solved for the limit (to the second)"
$REFERENCE crossing "$DATA/perf-analyze/pool-saturation.ndjson" 1800 "pool.throughput>10" "pool.queue_depth<15" >reference
run sh -c 'perf-analyze --only forecast --horizon 30m --capacity "pool.throughput>10" --capacity "pool.queue_depth<15" "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_count 2 '.[] | select(.type == "forecast" and .limit != null)'
expect_agrees_with reference 0
$REFERENCE crossing "$DATA/perf-analyze/pool-saturation.ndjson" 3600 "system.memory_utilization<0.9" >reference
run sh -c 'perf-analyze --only forecast --capacity "system.memory_utilization<0.9" "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_count 1 '.[] | select(.type == "forecast" and .limit != null)'
expect_agrees_with reference 0
end

begin "perf-analyze reports the strongest correlations first"
run sh -c 'perf-analyze --only correlation --min-correlation 0.97 "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
mask_figures spearman spearman_p_value pearson pearson_p_value effect_size p_value
# q_value: Benjamini-Hochberg (held to BH over scipy's p-values in
# perf-analyze-fdr.sh; to p <= q <= p m in the next case).
sed -E 's/"q_value":[0-9][0-9.eE+-]*/"q_value":"(bh)"/' "$WORK/stdout" >masked && mv masked "$WORK/stdout"
expect_stdout <<'OUT'
{"kind":"finding","type":"correlation","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 rises with system.memory_utilization mean (Spearman rho 0.984, p = 4.6e-45; Pearson r 0.986; 60 common times).","stat":"p95","other":{"name":"system.memory_utilization","tags":{},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"pool.queue_depth","tags":{"pool":"a"},"severity":"info","message":"pool.queue_depth{pool=a} mean rises with system.memory_utilization mean (Spearman rho 0.983, p = 1.5e-44; Pearson r 0.982; 60 common times).","stat":"mean","other":{"name":"system.memory_utilization","tags":{},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"pool.error_rate","tags":{"pool":"a"},"severity":"info","message":"pool.error_rate{pool=a} mean rises with system.memory_utilization mean (Spearman rho 0.981, p = 7.3e-43; Pearson r 0.978; 60 common times).","stat":"mean","other":{"name":"system.memory_utilization","tags":{},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"pool.capacity_utilization","tags":{"pool":"a"},"severity":"info","message":"pool.capacity_utilization{pool=a} mean rises with system.memory_utilization mean (Spearman rho 0.981, p = 1e-42; Pearson r 0.977; 60 common times).","stat":"mean","other":{"name":"system.memory_utilization","tags":{},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 rises with pool.capacity_utilization{pool=a} mean (Spearman rho 0.977, p = 1.1e-40; Pearson r 0.971; 60 common times).","stat":"p95","other":{"name":"pool.capacity_utilization","tags":{"pool":"a"},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 rises with pool.queue_depth{pool=a} mean (Spearman rho 0.971, p = 6.6e-38; Pearson r 0.972; 60 common times).","stat":"p95","other":{"name":"pool.queue_depth","tags":{"pool":"a"},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
{"kind":"finding","type":"correlation","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 falls as pool.throughput{pool=a} mean (Spearman rho -0.97, p = 1.9e-37; Pearson r -0.964; 60 common times).","stat":"p95","other":{"name":"pool.throughput","tags":{"pool":"a"},"stat":"mean"},"n":60,"spearman":"(scipy)","spearman_p_value":"(scipy)","pearson":"(scipy)","effect_size":"(scipy)","p_value":"(scipy)","pearson_p_value":"(scipy)","q_value":"(bh)","tests":448}
OUT
expect_stderr_empty
end

begin "each correlation's Spearman and Pearson coefficients and p-values agree with scipy (1e-9 relative)"
{
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'request.duration{pool=a}' system.memory_utilization
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'pool.queue_depth{pool=a}' system.memory_utilization
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'pool.error_rate{pool=a}' system.memory_utilization
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'pool.capacity_utilization{pool=a}' system.memory_utilization
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'request.duration{pool=a}' 'pool.capacity_utilization{pool=a}'
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'request.duration{pool=a}' 'pool.queue_depth{pool=a}'
	$REFERENCE correlation "$DATA/perf-analyze/pool-saturation.ndjson" 'request.duration{pool=a}' 'pool.throughput{pool=a}'
} >reference
run sh -c 'perf-analyze --only correlation --min-correlation 0.97 "$1" | grep "\"kind\":\"finding\""' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_count 7 '.[] | select(.type == "correlation")'
expect_agrees_with reference
expect_each '.[] | select(.type == "correlation")' '.q_value >= .p_value and .q_value <= ([.p_value * .tests, 1] | min)'
end

begin "perf-analyze --only still passes every record through"
run sh -c 'perf-analyze --only trend "$1" | grep -c -v "\"kind\":\"finding\""; perf-analyze --only trend,anomaly "$1" | grep "\"kind\":\"finding\"" | cut -d, -f2 | sort | uniq -c' sh "$DATA/perf-analyze/pool-saturation.ndjson"
expect_status 0
expect_stdout <<'OUT'
420
      1 "type":"anomaly"
      7 "type":"trend"
OUT
expect_stderr_empty
end

begin "perf-analyze summarises performance overall and per value of the --by tag"
run sh -c 'perf-analyze --only summary --by pool "$1" | grep "\"name\":\"performance\""; perf-analyze --only summary --by host "$1" | grep -c "\"name\":\"performance\""' sh "$DATA/perf-analyze/pools.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"summary","name":"performance","tags":{},"severity":"info","message":"Performance overall: average response time 12.5 ms, mean window p95 25 ms, throughput 3.33/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":12.5,"p95_response_time":25,"throughput":3.3333333333333335}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"a"},"severity":"info","message":"Performance of pool a: average response time 15 ms, mean window p95 30 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":15,"p95_response_time":30,"throughput":1.6666666666666667}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"b"},"severity":"info","message":"Performance of pool b: average response time 10 ms, mean window p95 20 ms, throughput 1.67/s.","unit":"ms","start":1764057600,"end":1764057960,"avg_response_time":10,"p95_response_time":20,"throughput":1.6666666666666667}
1
OUT
# pools.ndjson has no host tag: --by host summarises only overall, and says why.
expect_stderr <<'OUT'
perf-analyze: --by host: no series had the tag host
OUT
end

# 167.1 is the nearest-rank p95 of the 48 request.duration values:
# /usr/bin/python3 -c "import json,math; v=sorted(json.loads(l)['value'] for l in open('tests/data/perf-analyze/trend.ndjson') if 'request.duration' in l); print(v[math.ceil(0.95*len(v))-1])"
begin "perf-analyze gives the exact p95 of raw points in the performance summary"
run sh -c 'perf-analyze --only summary "$1" | grep "\"name\":\"performance\""' sh "$DATA/perf-analyze/trend.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"summary","name":"performance","tags":{},"severity":"info","message":"Performance overall: average response time 135 ms, p95 167 ms, throughput 255/s, CPU 50%.","unit":"ms","start":1764057600,"end":1764071700,"avg_response_time":135.19166666666666,"p95_response_time":167.1,"throughput":255.26041666666666,"cpu_utilization":0.49970833333333337}
{"kind":"finding","type":"summary","name":"performance","tags":{"pool":"a"},"severity":"info","message":"Performance of pool a: average response time 135 ms, p95 167 ms, throughput 255/s.","unit":"ms","start":1764057600,"end":1764071700,"avg_response_time":135.19166666666666,"p95_response_time":167.1,"throughput":255.26041666666666}
OUT
expect_stderr_empty
end

begin "perf-analyze refuses an unknown finding type in --only"
run perf-analyze --only trend,forecasts "$DATA/perf-analyze/pools.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --only: "forecasts" is not a finding type (summary, trend, anomaly, attribution, correlation, forecast, recommendation)
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze refuses a --capacity without a comparison"
run perf-analyze --capacity memory=0.9 "$DATA/perf-analyze/pools.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --capacity: "memory=0.9" is not METRIC<LIMIT or METRIC>LIMIT
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze recommends room for peaks when a pool fills only at its peak while its queue rises"
run sh -c 'perf-collect log --format jsonl "$1" | perf-aggregate --window 1m --by pool |
    perf-analyze --only anomaly,summary,recommendation | grep "\"recommendation\""' sh "$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"
expect_status 0
expect_stdout <<'EOF'
{"kind":"finding","type":"recommendation","name":"pool.capacity_utilization","tags":{"pool":"gpu"},"severity":"warning","message":"Give pool gpu room for its peaks: it averages 49.5% of capacity but reached 95.1%, and its queue rose from 0 to 14.6 at 2025-11-25T08:26:00Z.","rule":"room_for_peaks","action":"raise the pool size for peak load, or shed or defer work at peaks","evidence":[{"type":"summary","name":"pool.capacity_utilization","tags":{"pool":"gpu"}},{"type":"anomaly","name":"pool.queue_depth","tags":{"pool":"gpu"}}]}
EOF
expect_stderr_empty
end

begin "perf-analyze on the Snakepit sample: response times in ms, the error ratio, no memory_mb as a utilisation, room for the default pool's peaks"
run sh -c 'perf-collect log --format snakepit "$1" |
    perf-aggregate --window 1m --by pool --ratio "error_rate=request.completed{status=error}/request.completed" |
    perf-analyze --only summary,recommendation |
    jq -r "select(.name == \"performance\" or .type == \"recommendation\") | .message"' sh "$PERFPIPE_SOURCE/tests/data/samples/snakepit-telemetry.ndjson"
expect_status 0
expect_stdout <<'EOF'
Performance overall: average response time 22.2 ms, mean window p95 37.5 ms, throughput 4.46/s, error rate 1.76%, capacity utilisation 54.7%.
Performance of pool batch: average response time 131 ms, mean window p95 221 ms, throughput 0.526/s, error rate 1.59%, capacity utilisation 55.8%.
Performance of pool default: average response time 12.8 ms, mean window p95 21.3 ms, throughput 1.94/s, error rate 1.98%, capacity utilisation 60%.
Performance of pool realtime: average response time 2.66 ms, mean window p95 4.66 ms, throughput 1.99/s, error rate 1.6%, capacity utilisation 48.3%.
Give pool default room for its peaks: it averages 70.8% of capacity but reached 100%, and its queue reached 8.5 against 1.23 on average.
EOF
expect_stderr_empty
end

# The error rates and throughputs above, from the raw telemetry: each
# snakepit.request.executed event is a request (success false and not
# aborted: an error), the error rate is errors over requests (not a mean
# of window ratios), the throughput requests over last minus first
# request time (not a span padded to whole windows); printed to 3
# significant digits as perf-analyze does (lib's pp_people.h: a ratio as a
# percentage, a rate with "/s").
begin "the Snakepit performance summaries' error rates and throughputs equal a Python count of the raw events"
run sh -c 'perf-collect log --format snakepit "$1" |
    perf-aggregate --window 1m --by pool --ratio "error_rate=request.completed{status=error}/request.completed" |
    perf-analyze --only summary |
    jq -r "select(.name == \"performance\") | \"\(.tags.pool // \"overall\") \(.message)\"" |
    sed -E "s/^([a-z]+) .*throughput ([0-9.]+)\/s, error rate ([0-9.]+%).*/\1 \3 \2/" | sort' sh "$PERFPIPE_SOURCE/tests/data/samples/snakepit-telemetry.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 -c '
import json, sys
by = {}
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue        # the sample has a broken line on purpose
    if r.get("event") != "snakepit.request.executed":
        continue
    m = r["metadata"]
    for key in ("overall", m["pool"]):
        e = by.setdefault(key, [0, 0, []])
        e[0] += 1
        e[1] += m.get("success") is False and not m.get("aborted")
        e[2].append(r["ts_ns"] / 1e9)
def sig(x):
    """Three significant digits, no trailing zeros; whole from 100."""
    return "%.3g" % x if abs(x) < 100 else "%.0f" % x
for key, (n, errors, ts) in sorted(by.items()):
    print(key, sig(100 * errors / n) + "%", sig(n / (max(ts) - min(ts))))
' "$PERFPIPE_SOURCE/tests/data/samples/snakepit-telemetry.ndjson" >expected.figures
[ "$(wc -l <expected.figures)" -eq 4 ] || fail "the reference has not 4 lines: $(cat expected.figures)"
expect_stdout <expected.figures
end

finish
