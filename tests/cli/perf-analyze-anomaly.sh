# perf-analyze anomaly findings: robust z-scores against the local median,
# --sensitivity and --min-samples, and a level shift reported once.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "perf-analyze finds the injected spikes, dip and level shift once each"
run sh -c 'perf-analyze "$1" | grep "\"type\":\"anomaly\""' sh "$DATA/perf-analyze/anomaly.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} p95 spiked to 132 ms at 2025-11-25T08:12:00Z, against 106 ms expected (robust z 22.6, p = 1.1e-112).","stat":"p95","unit":"ms","anomaly":"spike","ts":1764058320,"value":131.505,"expected":105.8191875,"score":22.559307499033718,"windows":1,"effect_size":22.559307499033718,"p_value":1.0881277277730563e-112,"threshold":3.290526731491926,"q_value":3.547296392540164e-111,"tests":163}
{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a} p95 dipped to 94.3 ms at 2025-11-25T08:30:00Z, against 115 ms expected (robust z -17.8, p = 6.5e-71).","stat":"p95","unit":"ms","anomaly":"dip","ts":1764059400,"value":94.257,"expected":114.5291875,"score":-17.80463481505861,"windows":1,"effect_size":-17.80463481505861,"p_value":6.5055194945928676e-71,"threshold":3.290526731491926,"q_value":1.7673327960310622e-69,"tests":163}
{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} p95 spiked to 160 ms at 2025-11-25T08:44:00Z, against 122 ms expected (robust z 33.3, p = 2.8e-243).","stat":"p95","unit":"ms","anomaly":"spike","ts":1764060240,"value":160.292,"expected":122.3655,"score":33.31004521901351,"windows":1,"effect_size":33.31004521901351,"p_value":2.7623223349661426e-243,"threshold":3.290526731491926,"q_value":2.2512927029974064e-241,"tests":163}
{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"a"},"severity":"critical","message":"request.duration{pool=a} p95 shifted from 125 ms to 155 ms at 2025-11-25T08:50:00Z and stayed there (robust z 26.3, p = 1.6e-152).","stat":"p95","unit":"ms","anomaly":"level_shift","ts":1764060600,"value":155.2051875,"expected":125.253625,"score":26.3058257749887,"windows":1,"effect_size":26.3058257749887,"p_value":1.6448967120769053e-152,"threshold":3.290526731491926,"q_value":6.70295410171339e-151,"tests":163}
{"kind":"finding","type":"anomaly","name":"pool.throughput","tags":{"pool":"a"},"severity":"info","message":"pool.throughput{pool=a} mean spiked to 562/s at 2025-11-25T08:20:00Z, against 501/s expected (robust z 28.8, p = 6.5e-183).","stat":"mean","unit":"req/s","anomaly":"spike","ts":1764058800,"value":562.191,"expected":500.6368125,"score":28.841458859357214,"windows":1,"effect_size":28.841458859357214,"p_value":6.484363246324041e-183,"threshold":3.290526731491926,"q_value":3.523170697169395e-181,"tests":163}
{"kind":"finding","type":"anomaly","name":"pool.throughput","tags":{"pool":"a"},"severity":"critical","message":"pool.throughput{pool=a} mean dipped to 417/s at 2025-11-25T09:00:00Z, against 501/s expected (robust z -39.2, p = 0).","stat":"mean","unit":"req/s","anomaly":"dip","ts":1764061200,"value":416.845,"expected":500.51543749999996,"score":-39.2041155754134,"windows":1,"effect_size":-39.2041155754134,"p_value":0,"threshold":3.290526731491926,"q_value":0,"tests":163}
OUT
expect_stderr_empty
end

# --fdr 1: the threshold alone decides (at the default 0.05 the weakest of
# these are not discoveries among the file's many windows).
begin "perf-analyze --sensitivity 0.95 flags values beyond 1.96 robust standard deviations"
run sh -c 'perf-analyze --sensitivity 0.95 --fdr 1 "$1" | grep "\"type\":\"anomaly\"" | grep -o "\"anomaly\":\"[a-z_]*\",\"ts\":[0-9]*"' sh "$DATA/perf-analyze/anomaly.ndjson"
expect_status 0
expect_stdout <<'OUT'
"anomaly":"spike","ts":1764058320
"anomaly":"dip","ts":1764059400
"anomaly":"spike","ts":1764060240
"anomaly":"dip","ts":1764060300
"anomaly":"spike","ts":1764060420
"anomaly":"level_shift","ts":1764060600
"anomaly":"dip","ts":1764057780
"anomaly":"spike","ts":1764058800
"anomaly":"dip","ts":1764061200
"anomaly":"spike","ts":1764061440
"anomaly":"dip","ts":1764062340
OUT
expect_stderr_empty
end

begin "perf-analyze --min-samples 81 skips series of 80 windows"
run sh -c 'perf-analyze --min-samples 81 "$1" >out && grep -q "\"kind\":\"aggregate\"" out && grep -c "\"type\":\"anomaly\"" out' sh "$DATA/perf-analyze/anomaly.ndjson"
expect_status 1
expect_stdout <<'OUT'
0
OUT
expect_stderr_empty
end

begin "perf-analyze refuses a sensitivity of 1"
run perf-analyze --sensitivity 1 "$DATA/perf-analyze/anomaly.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --sensitivity: 1 is not between 0 and 1
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze refuses a --min-samples that is not a whole number"
run perf-analyze --min-samples 4.5 "$DATA/perf-analyze/anomaly.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --min-samples: 4.5 is not a whole number
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

# One finding per episode: the shift back down at 08:35 ends it.
begin "perf-analyze dates a level shift's episode: the gpu pool's p95 shifts up at 08:26 until 08:35, then back, in one finding"
run sh -c 'perf-collect log --format jsonl "$1" | perf-aggregate --window 1m --by pool |
    perf-analyze --only anomaly |
    jq -c "select(.anomaly == \"level_shift\" and .tags.pool == \"gpu\" and .name == \"request.duration\")"' sh "$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"
expect_status 0
expect_stdout <<'EOF'
{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"gpu"},"severity":"critical","message":"request.duration{pool=gpu} p95 shifted from 284 ms to 1.32 s at 2025-11-25T08:26:00Z until 2025-11-25T08:35:00Z (robust z 14.6, p = 2.9e-48).","stat":"p95","unit":"ms","anomaly":"level_shift","ts":1764059160,"until":1764059700,"value":1315.3550000000002,"expected":284.255,"score":14.597626532955198,"windows":10,"effect_size":14.597626532955198,"p_value":2.9079400672025165e-48,"threshold":3.290526731491926,"q_value":9.160011211687928e-46,"tests":945}
EOF
expect_stderr_empty
end

# The threshold is scipy's normal quantile of (1 + sensitivity) / 2 (from
# the option alone), and each p_value is scipy's 2 (1 - Phi(|score|)) of
# the finding's own score (perf-analyze(1)), to 1e-9 relative, down to the
# p of 1e-243 (the score itself is checked by the injected positions above).
cat >anomaly_reference.py <<'PY'
import json, sys
from scipy import stats
sensitivity = float(sys.argv[1])
for line in sys.stdin:
    r = json.loads(line)
    if r.get("type") != "anomaly":
        continue
    match = {"type": "anomaly", "name": r["name"], "tags": r["tags"], "ts": r["ts"]}
    print(json.dumps({"match": match, "want": {
        "threshold": float(stats.norm.ppf((1 + sensitivity) / 2)),
        "p_value": float(2 * stats.norm.sf(abs(r["score"])))}}))
PY
for sensitivity in 0.999 0.95; do
	begin "the anomaly threshold and each p-value agree with scipy's normal distribution (--sensitivity $sensitivity)"
	run perf-analyze --only anomaly --fdr 1 --sensitivity $sensitivity "$DATA/perf-analyze/anomaly.ndjson"
	expect_status 0
	/usr/bin/python3 anomaly_reference.py $sensitivity <"$WORK/stdout" >reference
	expect_each '.[] | select(.type == "anomaly")' '.p_value < 0.05'
	expect_agrees_with reference
	end
done

finish
