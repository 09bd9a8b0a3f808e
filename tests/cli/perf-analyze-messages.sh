#!/bin/sh
# perf-analyze's messages are for people, as perf-alert's descriptions are
# (tests/cli/perf-alert-descriptions.sh): each figure in the unit of its
# statistic, three significant digits, a ratio as a percentage, a duration
# scaled (ms, s, ...), a rate with /s; the numeric fields stay exact.
# Python reads the raw sample (tests/data/samples/requests.ndjson), computes
# the figures of the performance summaries (average response time and the
# nearest-rank p95 of the request durations, requests over the span of
# their timestamps, the mean CPU, memory and capacity utilisation), and of
# the per-pool capacity utilisation summaries, both of the raw points and
# of perf-aggregate's one-minute windows (the mean of all values, the
# largest, the mean of the window means, the last window's mean), and
# writes each sentence with its own formatter.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq
need /usr/bin/python3 python3

SAMPLE="$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"

/usr/bin/python3 - "$SAMPLE" <<'PY' || exit 2
import json, math, sys

def sig(x):
    """Three significant digits, trailing zeros dropped; whole from 100."""
    if abs(x) >= 100:
        return "%.0f" % x
    return "%.3g" % x

def number(x):
    return "%d" % x if x == int(x) else sig(x)

def percent(ratio):
    return sig(100 * ratio) + "%"

def duration(ms):
    seconds = ms / 1000
    for limit, size, name in ((1e-6, 1e-9, "ns"), (1e-3, 1e-6, "us"), (1, 1e-3, "ms"),
                              (120, 1, "s"), (7200, 60, "min"), (math.inf, 3600, "h")):
        if abs(seconds) < limit:
            return "%s %s" % (sig(seconds / size), name)

def rate(per_second):
    return number(per_second) + "/s"

def span(seconds):
    assert seconds == int(seconds), seconds
    seconds = int(seconds)
    parts = [(seconds // 3600, "h"), (seconds // 60 % 60, "m"), (seconds % 60, "s")]
    return "".join("%d%s" % (n, u) for n, u in parts if n) or "0s"

def mean(values):
    return sum(values) / len(values)

def nearest_rank(values, q):
    values = sorted(values)
    return values[math.ceil(q * len(values)) - 1]

points = [json.loads(line) for line in open(sys.argv[1])]
points.sort(key=lambda p: p["ts"])     # stable: input order within a time
pools = ["default", "gpu", "batch"]

def of(name, pool=None):
    return [p for p in points if p["name"] == name and
            (pool is None or p["tags"].get("pool") == pool)]

def performance(pool):
    latency = of("request.duration", pool)
    values = [p["value"] for p in latency]
    ts = [p["ts"] for p in latency]
    parts = ["average response time " + duration(mean(values)),
             "p95 " + duration(nearest_rank(values, 0.95)),
             "throughput " + rate(len(values) / (max(ts) - min(ts)))]
    if pool is None:
        parts.append("CPU " + percent(mean([p["value"] for p in of("system.cpu_utilization")])))
        parts.append("memory " + percent(mean([p["value"] for p in of("system.memory_utilization")])))
    parts.append("capacity utilisation " +
                 percent(mean([p["value"] for p in of("pool.capacity_utilization", pool)])))
    head = "Performance overall" if pool is None else "Performance of pool " + pool
    return "%s: %s." % (head, ", ".join(parts))

with open("expected-performance.txt", "w") as out:
    for pool in [None] + pools:
        out.write(performance(pool) + "\n")

with open("expected-points.txt", "w") as out:
    for pool in pools:
        series = of("pool.capacity_utilization", pool)
        values = [p["value"] for p in series]
        out.write("pool.capacity_utilization{pool=%s}: %d points over %s, mean %s, max %s "
                  "(last %s).\n" % (pool, len(series), span(series[-1]["ts"] - series[0]["ts"]),
                                    percent(mean(values)), percent(max(values)),
                                    percent(values[-1])))

with open("expected-windows.txt", "w") as out:
    for pool in pools:
        windows = {}
        for p in of("pool.capacity_utilization", pool):
            windows.setdefault(p["ts"] // 60 * 60, []).append(p["value"])
        starts = sorted(windows)
        values = [v for s in starts for v in windows[s]]
        out.write("pool.capacity_utilization{pool=%s}: %d values in %d windows over %s, "
                  "mean %s, max %s; mean averaged %s over the windows (last %s).\n"
                  % (pool, len(values), len(starts), span(starts[-1] + 60 - starts[0]),
                     percent(mean(values)), percent(max(values)),
                     percent(mean([mean(windows[s]) for s in starts])),
                     percent(mean(windows[starts[-1]]))))
PY

begin "the performance summaries of the raw sample read as Python writes them: 245 ms, 1.06 s, 0.396/s, 49.5%"
run sh -c 'perf-analyze --only summary "$1" |
    jq -r "select(.kind == \"finding\" and .name == \"performance\") | .message"' sh "$SAMPLE"
expect_status 0
expect_stderr_empty
expect_stdout <expected-performance.txt
for want in "average response time 245 ms" "p95 1.06 s" "throughput 0.396/s" \
    "capacity utilisation 49.5%"; do
	grep -qF "$want" "$WORK/stdout" || fail "no performance summary says \"$want\""
done
end

begin "a ratio series of raw points is summarised in percent, never as a raw ratio"
run sh -c 'perf-analyze --only summary "$1" |
    jq -r "select(.kind == \"finding\" and .name == \"pool.capacity_utilization\") | .message"' sh "$SAMPLE"
expect_status 0
expect_stderr_empty
expect_stdout <expected-points.txt
if grep -q "ratio" "$WORK/stdout"; then
	fail "a summary prints a raw ratio"
fi
end

begin "a ratio series of one-minute windows: mean 55%, max 60%, its window means averaged in percent"
run sh -c 'perf-aggregate --window 1m --by pool "$1" | perf-analyze --only summary |
    jq -r "select(.kind == \"finding\" and .name == \"pool.capacity_utilization\") | .message" |
    sort' sh "$SAMPLE"
expect_status 0
expect_stderr_empty
sort expected-windows.txt | expect_stdout
grep -qF "pool.capacity_utilization{pool=batch}: 360 values in 60 windows over 1h, mean 55%, max 60%;" \
    "$WORK/stdout" || fail "the batch pool's summary does not read mean 55%, max 60%"
end

begin "a spike of a ratio series reads in percent: the CPU's spike is its window's mean in the raw sample"
run sh -c 'perf-aggregate --window 1m "$1" | perf-analyze --only anomaly |
    jq -c "select(.kind == \"finding\" and .name == \"system.cpu_utilization\" and
    .anomaly == \"spike\") | {message, ts, value}"' sh "$SAMPLE"
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
/usr/bin/python3 - "$SAMPLE" "$WORK/stdout" <<'PY' >spikes.txt || fail "Python could not check the spikes"
import json, sys, time
cpu = {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["name"] == "system.cpu_utilization":
        cpu.setdefault(p["ts"] // 60 * 60, []).append(p["value"])
for line in open(sys.argv[2]):
    finding = json.loads(line)
    window = cpu[finding["ts"]]
    figure = 100 * sum(window) / len(window)
    figure = "%.0f" % figure if figure >= 100 else "%.3g" % figure
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(finding["ts"]))
    want = "system.cpu_utilization mean spiked to %s%% at %s, against " % (figure, when)
    print("ok" if finding["message"].startswith(want) else
          "message %r does not start %r" % (finding["message"], want))
PY
compare "Python's check of the spike" spikes.txt <<'OUT'
ok
OUT
expect_some '.[] | .message' 'test("spiked to 39.9% at 2025-11-25T08:26:00Z, against 31.4% expected")'
end

begin "a utilisation in percent counts as its ratio (55%, not 5500%)"
cat > points.ndjson <<'IN'
{"name":"system.cpu_utilization","value":50,"unit":"%","ts":1764057600,"tags":{"host":"a"}}
{"name":"system.cpu_utilization","value":61,"unit":"%","ts":1764057660,"tags":{"host":"a"}}
{"name":"system.memory_utilization","value":0.4,"unit":"ratio","ts":1764057600,"tags":{"host":"a"}}
{"name":"system.memory_utilization","value":70,"unit":"percent","ts":1764057600,"tags":{"host":"b"}}
IN
perf-analyze --only summary points.ndjson > findings.ndjson || exit 2
/usr/bin/python3 - points.ndjson findings.ndjson > check.txt <<'PY' || exit 2
import json, sys
points = [json.loads(line) for line in open(sys.argv[1])]
def ratio(p):
    return p["value"] / 100 if p["unit"] in ("%", "percent") else p["value"]
def mean_of(word):
    values = [ratio(p) for p in points if word in p["name"]]
    return sum(values) / len(values)
cpu, memory = mean_of("cpu"), mean_of("memory")
want = "Performance overall: CPU %.3g%%, memory %.3g%%." % (100 * cpu, 100 * memory)
found = [json.loads(line) for line in open(sys.argv[2])]
summary = [f for f in found if f.get("name") == "performance"]
if len(summary) != 1:
    print("%d performance summaries" % len(summary))
elif summary[0]["message"] != want:
    print("message %r, Python %r" % (summary[0]["message"], want))
elif abs(summary[0]["cpu_utilization"] - cpu) > 1e-12 or \
        abs(summary[0]["memory_utilization"] - memory) > 1e-12:
    print("fields %r %r, Python %r %r" % (summary[0]["cpu_utilization"],
          summary[0]["memory_utilization"], cpu, memory))
else:
    print("ok")
PY
compare "the summary against Python's" check.txt <<'OUT'
ok
OUT
end

begin "the summaries' numeric fields stay the exact numbers"
run sh -c 'perf-aggregate --window 1m --by pool "$1" | perf-analyze --only summary |
    jq -c "select(.kind == \"finding\" and .name == \"pool.capacity_utilization\" and .tags.pool == \"batch\") |
    [.unit, .n, .count, .max]"' sh "$SAMPLE"
expect_status 0
expect_stdout <<'OUT'
["ratio",60,360,0.6]
OUT
end

finish
