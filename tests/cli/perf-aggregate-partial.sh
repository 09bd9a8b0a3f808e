#!/bin/sh
# Partial windows (perf-aggregate(1), "Partial windows"): first_ts, last_ts
# and "partial" of every window, and rates over the covered span, equal a
# Python reading of the raw points; perf-alert skips partial windows unless
# --include-partial (final alert states from the same Python reading);
# perf-analyze summarises an error rate as the sum of numerators over the
# sum of denominators and a rate over the real span, and leaves partial
# windows out of its anomalies.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

# edges.ndjson: 142 requests of pools a and b from ts 100.25 to 247.5 (not
# on a window edge), a request.duration and a request.completed
# {status=ok|error} each.  The reference reads it with json alone: for
# windows of SIZE every STEP (tumbling when equal), per pool, the points
# with start <= ts < end; the input's first and last ts; the window's
# spacing (max - min of its ts) / (count - 1), 0 for one point; partial
# when first > start + spacing or last + spacing < end; rate = count /
# (min(end, last) - max(start, first)) when partial, count / SIZE
# otherwise (no rate for a span of 0).
# Prints one line per window, as jq prints the aggregates below.
cat >reference.py <<'PY'
import json, math, sys
path, size, step = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
points = [json.loads(line) for line in open(path)]
points = [p for p in points if p["name"] == "request.duration"]
first = min(p["ts"] for p in points)
last = max(p["ts"] for p in points)
windows = {}
for p in points:
    s = math.floor((p["ts"] - size) / step + 1) * step   # first window holding ts
    while s <= p["ts"]:
        if p["ts"] < s + size:
            windows.setdefault((s + size, p["tags"]["pool"], s), []).append(p["ts"])
        s += step
def number(x):
    return json.dumps(x if x != int(x) else int(x))
for (end, pool, start), ts in sorted(windows.items()):
    spacing = (max(ts) - min(ts)) / (len(ts) - 1) if len(ts) > 1 else 0
    partial = first > start + spacing or last + spacing < end
    span = min(end, last) - max(start, first) if partial else end - start
    rate = number(len(ts) / span) if span > 0 else "null"
    print(number(start), pool, len(ts), number(min(ts)), number(max(ts)),
          "true" if partial else "null", rate)
PY

begin "tumbling 1m windows: first_ts, last_ts, partial and the covered-span rate equal the Python reading"
run sh -c 'perf-aggregate -w 1m -b pool -p 50 "$1" |
	jq -r "select(.name == \"request.duration\") | \"\(.start) \(.tags.pool) \(.count) \(.first_ts) \(.last_ts) \(.partial) \(.rate)\""' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 reference.py "$D/edges.ndjson" 60 60 >expected.windows
if [ "$(grep -c ' true ' expected.windows)" -ne 4 ] || [ "$(grep -c ' null ' expected.windows)" -ne 4 ]; then
	fail "the reference should see 4 partial and 4 whole windows: $(cat expected.windows)"
fi
expect_stdout <expected.windows
end

begin "sliding 60s windows every 20s: every window that holds an edge of the input is partial, as the Python reading says"
run sh -c 'perf-aggregate -w 60s --step 20s -b pool -p 50 "$1" |
	jq -r "select(.name == \"request.duration\") | \"\(.start) \(.tags.pool) \(.count) \(.first_ts) \(.last_ts) \(.partial) \(.rate)\"" |
	sort -n -k1,1 -k2,2' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 reference.py "$D/edges.ndjson" 60 20 | sort -n -k1,1 -k2,2 >expected.windows
[ "$(grep -c ' true ' expected.windows)" -ge 6 ] || fail "the reference sees fewer than 6 partial sliding windows"
expect_stdout <expected.windows
end

# The whole input: the rate is the count over last - first of the series'
# own points, and nothing is partial.
begin "without a window the rate is the count over last minus first point time, and no aggregate is partial"
run sh -c 'perf-aggregate -b pool -p 50 "$1" |
	jq -r "select(.name == \"request.duration\") | \"\(.tags.pool) \(.count) \(.first_ts) \(.last_ts) \(.partial) \(.rate)\""' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 -c '
import json, sys
by = {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["name"] == "request.duration":
        by.setdefault(p["tags"]["pool"], []).append(p["ts"])
for pool, ts in sorted(by.items()):
    n = lambda x: json.dumps(x if x != int(x) else int(x))
    print(pool, len(ts), n(min(ts)), n(max(ts)), "null", n(len(ts) / (max(ts) - min(ts))))
' "$D/edges.ndjson" >expected.whole
expect_stdout <expected.whole
end

# Alerts: the rule count < 30 per pool, over 1m windows.  The reference
# walks each pool's windows in time order (whole ones only, by the rule
# above, or all with --include-partial): an alert fires at the end of the first window that
# meets the rule and resolves at the end of the first that does not.  It
# prints "pool state triggered_at resolved_at" per transition.
cat >alerts.py <<'PY'
import json, sys
path, include = sys.argv[1], sys.argv[2] == "all"
points = [json.loads(l) for l in open(path)]
points = [p for p in points if p["name"] == "request.duration"]
first, last = min(p["ts"] for p in points), max(p["ts"] for p in points)
counts, times = {}, {}
for p in points:
    start = p["ts"] // 60 * 60
    counts[(p["tags"]["pool"], start)] = counts.get((p["tags"]["pool"], start), 0) + 1
    times.setdefault((p["tags"]["pool"], start), []).append(p["ts"])
out = []
for pool in sorted({k[0] for k in counts}):
    firing = None
    for (q, start), count in sorted(counts.items()):
        end = start + 60
        if q != pool:
            continue
        ts = times[(pool, start)]
        spacing = (max(ts) - min(ts)) / (len(ts) - 1) if len(ts) > 1 else 0
        if not include and (first > start + spacing or last + spacing < end):
            continue
        if count < 30 and firing is None:
            firing = end
            out.append("%s firing %d null" % (pool, end))
        elif count >= 30 and firing is not None:
            out.append("%s resolved %d %d" % (pool, firing, end))
            firing = None
print("\n".join(sorted(out)))
PY

begin "perf-alert skips partial windows: count < 30 fires only for pool b's whole window of 19, as the Python reading says"
run sh -c 'perf-aggregate -w 1m -b pool "$1" | perf-alert -t "request.duration:count < 30 @warning" >stream.ndjson &&
	jq -r "select(.kind == \"alert\") | \"\(.tags.pool) \(.state) \(.triggered_at) \(.resolved_at)\"" stream.ndjson | sort' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 alerts.py "$D/edges.ndjson" whole >expected.alerts
[ -s expected.alerts ] || fail "the reference expects no alert"
expect_stdout <expected.alerts
# the partial windows went through untouched
[ "$(jq -s 'map(select(.partial == true)) | length' stream.ndjson)" -eq 8 ] ||
	fail "the 8 partial aggregates (both metrics) did not pass through"
end

begin "perf-alert --include-partial evaluates the partial windows too, as the Python reading says"
run sh -c 'perf-aggregate -w 1m -b pool "$1" | perf-alert --include-partial -t "request.duration:count < 30 @warning" |
	jq -r "select(.kind == \"alert\") | \"\(.tags.pool) \(.state) \(.triggered_at) \(.resolved_at)\"" | sort' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 alerts.py "$D/edges.ndjson" all >expected.alerts
/usr/bin/python3 alerts.py "$D/edges.ndjson" whole >whole.alerts
cmp -s expected.alerts whole.alerts && fail "the reference gives the same alerts with and without partial windows"
expect_stdout <expected.alerts
end

# Summaries: the error rate per pool from a --ratio aggregate in 1m
# windows, and the request rate; the reference counts the raw points.
begin "perf-analyze summarises the error rate as errors over requests and the rate over the real span, as the Python reading says"
run sh -c 'perf-aggregate -w 1m -b pool --ratio "error_rate=request.completed{status=error}/request.completed" "$1" |
	perf-analyze --only summary |
	jq -r "select(.kind == \"finding\" and (.name == \"error_rate\" or .name == \"request.completed\")) |
		\"\(.name) \(.tags.pool) \(.stat_overall) \(.numerator) \(.denominator)\""' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 -c '
import json, sys
errors, requests, ts = {}, {}, {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["name"] != "request.completed":
        continue
    pool = p["tags"]["pool"]
    requests[pool] = requests.get(pool, 0) + 1
    errors[pool] = errors.get(pool, 0) + (p["tags"]["status"] == "error")
    ts.setdefault(pool, []).append(p["ts"])
for pool in sorted(requests):
    print("error_rate", pool, json.dumps(errors[pool] / requests[pool]), errors[pool], requests[pool])
for pool in sorted(requests):
    print("request.completed", pool, json.dumps(requests[pool] / (max(ts[pool]) - min(ts[pool]))), "null null")
' "$D/edges.ndjson" >expected.summary
expect_stdout <expected.summary
end

# The same aggregates' unweighted mean of window ratios differs from the
# true error rate, so the case above tells one from the other.
begin "the mean of the window error rates differs from the true error rate for the pools of edges.ndjson"
run sh -c 'perf-aggregate -w 1m -b pool --ratio "error_rate=request.completed{status=error}/request.completed" "$1" |
	jq -s -r "map(select(.name == \"error_rate\")) | group_by(.tags.pool)[] |
		\"\(.[0].tags.pool) \((map(.ratio) | add / length) != ((map(.numerator) | add) / (map(.denominator) | add)))\""' sh "$D/edges.ndjson"
expect_status 0
expect_stderr_empty
expect_stdout <<'OUT'
a true
b true
OUT
end

# Anomalies: a last partial window of tiny latencies.  Marked partial it
# is left out; the same aggregates without "partial" report it.
begin "perf-analyze reports no anomaly at a partial last window, and does once the window is not marked partial"
/usr/bin/python3 -c '
for i in range(600):
    print("{\"name\":\"lat\",\"value\":%d,\"ts\":%g,\"type\":\"timer\"}" % (100 + i % 7, 0.5 + i))
print("{\"name\":\"lat\",\"value\":1,\"ts\":600.5,\"type\":\"timer\"}")
' >drop.ndjson
perf-aggregate -w 10s -p 95 drop.ndjson >drop.aggregates
[ "$(jq -s 'map(select(.partial == true and .start == 600)) | length' drop.aggregates)" -eq 1 ] ||
	fail "the window at 600 is not partial"
jq -c 'del(.partial)' drop.aggregates >unmarked.aggregates
run sh -c 'perf-analyze --only anomaly drop.aggregates | jq -s "map(select(.kind == \"finding\" and .ts == 600)) | length";
	perf-analyze --only anomaly unmarked.aggregates | jq -s "map(select(.kind == \"finding\" and .ts == 600)) | length"'
expect_status 0
expect_stderr_empty
expect_stdout <<'OUT'
0
1
OUT
end

# perf-report's trends: a partial window's rate (over its covered span,
# from a few events) is a gap, never a point, so the edges of the input do
# not read as a rise or a drop.  The reference: per pool and window in
# time order, its rate (count / 60) when whole, null when partial.
begin "perf-report leaves partial windows out of the rate trend: JSON trend, text sparkline and HTML sparkline, as the Python reading says"
/usr/bin/python3 reference.py "$D/edges.ndjson" 60 60 >windows.txt
/usr/bin/python3 - windows.txt <<'PY' >expected.trend
import json, sys
pools = {}
for line in open(sys.argv[1]):
    start, pool, count, first, last, partial, rate = line.split()
    pools.setdefault(pool, []).append(None if partial == "true" else int(count) / 60)
for pool, rates in sorted(pools.items()):
    print("json", pool, json.dumps(rates, separators=(",", ":")))
for pool, rates in sorted(pools.items()):
    print("text", pool, "".join("." if r is None else "#" for r in rates))
for pool, rates in sorted(pools.items()):
    print("html", pool, sum(r is not None for r in rates))
PY
perf-aggregate -w 1m -b pool "$D/edges.ndjson" >edges.windows
{
	perf-report -f json edges.windows |
		jq -r '.series[] | select(.name == "request.completed") |
			"json \(.tags.pool) \(.trend.values | tojson)"'
	perf-report -f text --ascii edges.windows |
		/usr/bin/python3 -c '
import sys
lines = sys.stdin.read().split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("request.completed"))
for line in lines[at + 2:at + 4]:      # the rows; the TREND is the last 4 cells
    print("text", line.split()[0][len("pool="):],
          "".join("." if c == " " else "#" for c in line[-4:]))'
	perf-report -f html edges.windows |
		/usr/bin/python3 -c '
import re, sys
page = sys.stdin.read()
table = page[page.index("<h3>request.completed"):]
table = table[:table.index("</table>")]
for m in re.finditer(r"<td>pool=(\w+)</td>.*?points=\"([^\"]*)\"", table):
    print("html", m.group(1), len(m.group(2).split()))'
} >got.trend 2>report.err
[ -s report.err ] && fail "perf-report: $(cat report.err)"
[ "$(grep -c null expected.trend)" -eq 2 ] || fail "the reference should see partial windows: $(cat expected.trend)"
if ! diff -u expected.trend got.trend >trend.diff; then
	fail "perf-report's trends differ from the Python reading"
	sed 's/^/#   /' trend.diff
fi
end

# The HTML pool card's error rate is the pool's errors over its requests
# (Σ numerators / Σ denominators), not the mean of its windows' ratios:
# the reference counts the raw points and prints both at the card's 3
# significant digits, and they differ for pool a and b.
begin "perf-report -f html's pool cards show the error rate as errors over requests, as the Python reading says"
perf-aggregate -w 1m -b pool --ratio "error_rate=request.completed{status=error}/request.completed" \
	"$D/edges.ndjson" >ratios.ndjson
run sh -c 'perf-report -f html "$1" |
	sed -n "s/.*<h3>Pool \([a-z]*\)<.*<span class=\"kv\">\([^<]*\)<\/span>error rate<.*/\1 \2/p"' sh ratios.ndjson
expect_status 0
expect_stderr_empty
/usr/bin/python3 - "$D/edges.ndjson" <<'PY' >expected.cards
import json, math, sys
errors, requests, windows = {}, {}, {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["name"] != "request.completed":
        continue
    pool, w = p["tags"]["pool"], math.floor(p["ts"] / 60)
    requests[pool] = requests.get(pool, 0) + 1
    errors[pool] = errors.get(pool, 0) + (p["tags"]["status"] == "error")
    e, n = windows.setdefault(pool, {}).get(w, (0, 0))
    windows[pool][w] = (e + (p["tags"]["status"] == "error"), n + 1)
for pool in sorted(requests):
    card = "%.3g%%" % (100 * errors[pool] / requests[pool])
    ratios = [e / n for e, n in windows[pool].values()]
    mean = "%.3g%%" % (100 * sum(ratios) / len(ratios))
    assert card != mean, "the mean of the window ratios prints the same: %s" % card
    print(pool, card)
PY
expect_stdout <expected.cards
end

finish
