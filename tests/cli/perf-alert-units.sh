# Thresholds in units (issue 16): -t and rules files take 300ms, 0.3s, 2%,
# 1.5MB and 1.5MiB, converted to each series' unit from the stream when the
# rule meets it; a bare number stays in the raw unit; a unit that does not
# fit the series is a configuration error naming both (exit 2).  The
# alerts expected are computed in Python from the raw points, with a unit
# table of its own.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need /usr/bin/python3 python3

DATA="$PERFPIPE_SOURCE/tests/data/units"
perf-aggregate --window 1m "$DATA/points.ndjson" >aggregates.ndjson

# The reference: every transition of RULES over the one-minute windows of
# the raw points, as "rule|series|state|time|threshold in the series' unit".
cat >reference.py <<'EOF'
import json, math, sys
TABLE = {"ns": ("t", 1e-9), "us": ("t", 1e-6), "ms": ("t", 1e-3), "s": ("t", 1.0),
         "B": ("b", 1.0), "bytes": ("b", 1.0), "MB": ("b", 1e6), "MiB": ("b", 2.0 ** 20),
         "%": ("f", 0.01), "percent": ("f", 0.01), "ratio": ("f", 1.0), "1/s": ("r", 1.0),
         "/min": ("r", 1 / 60)}
def split(text):
    i = len(text)
    while i > 0 and not (text[i - 1].isdigit() or text[i - 1] == "."):
        i -= 1
    return float(text[:i]), text[i:]
def convert(text, unit, stat):
    number, written = split(text)
    if written == "":
        return number
    unit = "1/s" if stat == "rate" else unit
    (kind, factor), (kind2, factor2) = TABLE[written], TABLE[unit]
    assert kind == kind2, (text, unit)
    return number * factor / factor2
def stat_of(values, stat):
    ordered = sorted(values)
    if stat == "max": return ordered[-1]
    if stat == "mean": return sum(values) / len(values)
    if stat == "rate": return len(values) / 60
    return ordered[math.ceil(float(stat[1:]) / 100 * len(values)) - 1]
rules = json.loads(sys.argv[2])   # [name, metric, {tags}, stat, threshold, resolve]
windows, units = {}, {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    key = (p["name"], tuple(sorted(p["tags"].items())))
    units[key] = p.get("unit")
    windows.setdefault(key, {}).setdefault(int(p["ts"]) // 60 * 60 + 60, []).append(p["value"])
lines = []
for name, metric, where, stat, threshold, resolve in rules:
    for key in sorted(windows):
        tags = dict(key[1])
        if key[0] != metric or [k for k in where if tags.get(k) != where[k]]:
            continue
        limit = convert(threshold, units[key], stat)
        clear_at = convert(resolve, units[key], stat) if resolve else limit
        firing = False
        series = key[0] + "".join(",%s=%s" % kv for kv in key[1])
        for end in sorted(windows[key]):
            value = stat_of(windows[key][end], stat)
            if not firing and value > limit:
                firing = True
                lines.append("%s|%s|firing|%d|%.9g" % (name, series, end, limit))
            elif firing and not value > clear_at:
                firing = False
                lines.append("%s|%s|resolved|%d|%.9g" % (name, series, end, limit))
print("\n".join(sorted(lines)))
EOF
# The same lines from perf-alert's alert records.
cat >observed.py <<'EOF'
import json, sys
lines = []
for line in open(sys.argv[1]):
    a = json.loads(line)
    if a.get("kind") != "alert":
        continue
    series = a["name"] + "".join(",%s=%s" % kv for kv in sorted(a["tags"].items()))
    time = a["triggered_at"] if a["state"] == "firing" else a["resolved_at"]
    lines.append("%s|%s|%s|%d|%.9g" % (a["rule"], series, a["state"], time, a["threshold"]))
print("\n".join(sorted(lines)))
EOF

begin "-t thresholds in ms, s, MiB, MB, % and per minute fire where the raw points cross them"
run perf-alert -o alerts.ndjson \
	-t 'request.duration:p95 > 300ms @warning' \
	-t 'request.duration:p95 > 0.35' \
	-t 'request.latency:max > 0.25s' \
	-t 'request.latency:rate > 10/min' \
	-t 'memory.rss:max > 1.5MiB' \
	-t 'memory.rss:mean > 1.5MB' \
	-t 'pool.utilization:mean > 80%' \
	-t 'disk.used:max > 90%' aggregates.ndjson
expect_status 0
expect_stderr_empty
/usr/bin/python3 reference.py "$DATA/points.ndjson" '[
 ["request.duration:p95 > 300ms @warning", "request.duration", {}, "p95", "300ms", null],
 ["request.duration:p95 > 0.35", "request.duration", {}, "p95", "0.35", null],
 ["request.latency:max > 0.25s", "request.latency", {}, "max", "0.25s", null],
 ["request.latency:rate > 10/min", "request.latency", {}, "rate", "10/min", null],
 ["memory.rss:max > 1.5MiB", "memory.rss", {}, "max", "1.5MiB", null],
 ["memory.rss:mean > 1.5MB", "memory.rss", {}, "mean", "1.5MB", null],
 ["pool.utilization:mean > 80%", "pool.utilization", {}, "mean", "80%", null],
 ["disk.used:max > 90%", "disk.used", {}, "max", "90%", null]]' >reference.txt
# every rule has something to show, so the comparison cannot pass on nothing
for rule in 'p95 > 300ms' 'p95 > 0.35' 'max > 0.25s' 'rate > 10/min' 'max > 1.5MiB' \
    'mean > 1.5MB' 'mean > 80%' 'max > 90%'; do
	grep -qF ":$rule" reference.txt || fail "the reference has no alert of $rule"
done
/usr/bin/python3 observed.py alerts.ndjson >observed
compare "alerts against the reference" observed <reference.txt
end

begin "300ms against a series in seconds is 0.3: the pool that reaches exactly 0.3 s never fires"
grep -q 'pool=b' reference.txt && fail "the reference fires on pool b"
# the edge is tested only if pool b does reach 0.3 s in some window
run jq -c 'select(.tags.pool == "b")' aggregates.ndjson
expect_some '.[]' '.max == 0.3' 
end

begin "a rules file takes the same units, resolve_threshold too, and gives the reference's alerts"
run perf-alert -r "$DATA/rules.json" -o alerts.ndjson aggregates.ndjson
expect_status 0
expect_stderr_empty
/usr/bin/python3 reference.py "$DATA/points.ndjson" '[
 ["slow-a", "request.duration", {"pool": "a"}, "p95", "300ms", "0.25s"],
 ["rss", "memory.rss", {}, "max", "1.5MiB", null],
 ["busy", "pool.utilization", {}, "mean", "80%", null],
 ["disk", "disk.used", {}, "max", "90%", null]]' >reference.txt
for rule in slow-a rss busy disk; do
	grep -q "^$rule|" reference.txt || fail "the reference has no alert of $rule"
done
/usr/bin/python3 observed.py alerts.ndjson >observed
compare "alerts against the reference" observed <reference.txt
end

begin "a threshold in ms against a series in bytes stops with both units named, exit 2"
run perf-alert -t 'memory.rss:max > 300ms' --fail-on warning -o /dev/null aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-alert: aggregates.ndjson:2: rule "memory.rss:max > 300ms": memory.rss max: 300ms (a duration) does not fit bytes (a size)
EOF
end

begin "2% against a series in seconds is refused the same way"
run perf-alert -t 'request.duration:mean > 2%' -o /dev/null aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-alert: aggregates.ndjson:5: rule "request.duration:mean > 2%": request.duration mean: 2% (a fraction) does not fit s (a duration)
EOF
end

begin "a unit on count, a number of things, does not fit whatever the metric's unit"
run perf-alert -t 'request.latency:count > 5ms' -o /dev/null aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-alert: aggregates.ndjson:7: rule "request.latency:count > 5ms": request.latency count: 5ms (a duration) does not fit 1 (a count)
EOF
end

begin "a unit against a series that has none in the stream is refused, not guessed"
run perf-alert -t 'queue.depth:max > 5ms' -o /dev/null aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-alert: aggregates.ndjson:4: rule "queue.depth:max > 5ms": queue.depth max: 5ms (a duration) has a unit but the series has none in the stream: write the number in its raw unit
EOF
end

begin "an unknown unit, hex, inf and nan are usage errors before any input is read"
for threshold in 300xs 1.5Mb 0x10 infms nan; do
	run perf-alert -t "memory.rss:max > $threshold" -o /dev/null /nonexistent
	expect_status 2
	head -1 "$WORK/stderr" | grep -q "^perf-alert: -t 'memory.rss:max > $threshold': " ||
		fail "$threshold: $(head -1 "$WORK/stderr")"
done
run perf-alert -t 'memory.rss:max > 300xs' -o /dev/null /nonexistent
expect_stderr <<'EOF'
perf-alert: -t 'memory.rss:max > 300xs': threshold "300xs": unknown unit "xs" (known: ns, us, ms, s, min, h; B, kB, MB, GB, KiB, MiB, GiB; %, ratio; and any of them per s, min or h, as MB/s or /s)
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

finish
