#!/bin/sh
# perf-report --live -f html -o FILE: the HTML dashboard rewritten as a
# stream comes in.  A stream of aggregates goes through a FIFO in two
# steps; after each, once the file shows the step's windows (polled, up to
# 30 s), headless Chromium reads the page (its DOM and a 1280x800
# screenshot), and the figures a person reads there (per pool: requests,
# errors, p95, throughput, error rate) must equal what Python computes
# from the raw points fed so far, and must have changed between the two
# moments.  Also: --timeframe forgets old windows, the page carries its
# reload and its scroll script (the only one its policy allows), the end
# of input and SIGTERM leave a final page with status 0, and -o is
# required.  Fails under CI=true without chromium.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
BOXES="$PERFPIPE_SOURCE/tests/cli/helpers/png_boxes.py"

need chromium chromium

T0=1764060000
# The raw points: two pools, a request every 0.1 s alternating between
# them for two minutes, then every 0.05 s for two more, with pool b slower
# and failing more in the second half.
/usr/bin/python3 - "$T0" >points.ndjson <<'PY'
import json, random, sys
random.seed(7)
t0 = int(sys.argv[1])
ts, i = float(t0), 0
while ts < t0 + 240:
    pool = "a" if i % 2 else "b"
    bad = ts >= t0 + 120 and pool == "b"
    latency = random.lognormvariate(5.0 if bad else 4.0, 0.4)
    error = random.random() < (0.25 if bad else 0.02)
    print(json.dumps({"name": "http.request.duration", "value": round(latency, 3),
                      "ts": round(ts, 3), "type": "timer", "unit": "ms", "tags": {"pool": pool}}))
    print(json.dumps({"name": "request.completed", "value": 1, "ts": round(ts, 3),
                      "type": "counter", "tags": {"pool": pool,
                                                  "status": "error" if error else "ok"}}))
    i += 1
    ts = t0 + (i * 0.1 if i < 1200 else 120 + (i - 1200) * 0.05)
PY
perf-aggregate --window 30s --accuracy 0.01 --by pool \
    --ratio 'error_rate=request.completed{status=error}/request.completed' \
    points.ndjson >stream.ndjson
# step 1: the windows of the first two minutes; step 2: the rest
jq -c "select(.start < $T0 + 120)" stream.ndjson >step1.ndjson
jq -c "select(.start >= $T0 + 120)" stream.ndjson >step2.ndjson

# figures.py DOM POINTS FROM UNTIL: the figures of each pool card and
# metrics table row as Chromium's DOM shows them, beside Python's over the
# raw points with FROM <= ts < UNTIL: requests (the table's COUNT), errors
# (the error_rate row's "(E/N)"), p95 (the pool card; the page's sketch
# is within 1% and shows 3 digits), throughput (requests per second of
# the windows) and error rate (E/N).  One line per pool, "ok" or
# "MISMATCH"; then "shown:" and the page's figures alone.
cat >figures.py <<'PY'
import json, math, re, sys
dom, points, start, until = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
page = open(dom).read()
def found(pattern, text):	# every match of pattern: its group, or its groups
    return [m.groups() if len(m.groups()) > 1 else m.group(1)
            for m in re.finditer(pattern, text, re.S)]
def number(text):
    value = float(re.match(r"[\d.]+", text).group(0))
    return value
shown = {}
for card in found(r'<div class="card pool"><h3>Pool (\w+)</h3>(.*?)</div></div>', page):
    pool, body = card
    kpis = dict((label, value) for value, label in
                found(r'<span class="kv">([^<]*)</span>([^<]*)', body))
    shown[pool] = {"p95": kpis.get("p95"), "throughput": kpis.get("throughput"),
                   "error rate": kpis.get("error rate")}
for pool, row in found(r'<tr><td>pool=(\w+)</td>(.*?)</tr>', page):
    cells = found(r'<td class="n">([^<]*)</td>', row)
    if re.search(r"\(\d+/\d+\)", row):
        shown[pool]["errors"] = re.search(r"\((\d+/\d+)\)", row).group(1)
    elif " ms" in row:
        shown[pool]["requests"] = cells[1]
raw, every = {}, []
for line in open(points):
    p = json.loads(line)
    if not start <= p["ts"] < until:
        continue
    every.append(p)
    pool = raw.setdefault(p["tags"]["pool"], {"latency": [], "requests": 0, "errors": 0})
    if p["name"] == "http.request.duration":
        pool["latency"].append(p["value"])
    else:
        pool["requests"] += 1
        pool["errors"] += p["tags"]["status"] == "error"
windows = (until - start) / 30
for name in sorted(set(raw) | set(shown)):
    r, s = raw.get(name), shown.get(name, {})
    missing = [k for k in ("p95", "throughput", "error rate", "errors", "requests")
               if not s.get(k)]
    ok = r is not None and not missing
    if ok:
        values = sorted(r["latency"])
        p95 = values[math.ceil(0.95 * len(values)) - 1]		# nearest rank
        rate = r["requests"] / (windows * 30)
        ratio = 100 * r["errors"] / r["requests"]
        ok = (int(s["requests"]) == len(values) == r["requests"] and
              s["errors"] == "%d/%d" % (r["errors"], r["requests"]) and
              s["p95"].endswith(" ms") and abs(number(s["p95"]) - p95) <= 0.016 * p95 and
              s["throughput"].endswith("/s") and
              abs(number(s["throughput"]) - rate) <= 0.005 * rate and
              s["error rate"].endswith("%") and
              abs(number(s["error rate"]) - ratio) <= 0.005 * ratio + 0.05)
        print("pool %s: %s requests, %s errors, p95 %s (python %.4g), throughput %s "
              "(python %.4g), error rate %s (python %.4g%%): %s" % (
              name, s["requests"], s["errors"], s["p95"], p95, s["throughput"], rate,
              s["error rate"], ratio, "ok" if ok else "MISMATCH"))
    else:
        print("pool %s: MISMATCH (page %s, raw %s)" % (name, s, r is not None))
# the cards at the top: the last window's mean response time (the worst
# pool) and throughput (all pools), the error ratio over every window kept
cards = dict(found(r'<div class="card"><h3>([^<]*)</h3><div class="value">([^<]*)<', page))
last = until - 30
means = [sum(v) / len(v) for v in
         ([p["value"] for p in every if p["name"] == "http.request.duration" and
           p["tags"]["pool"] == pool and p["ts"] >= last] for pool in raw) if v]
requests_last = sum(1 for p in every if p["name"] == "request.completed" and p["ts"] >= last)
errors = sum(r["errors"] for r in raw.values())
requests = sum(r["requests"] for r in raw.values())
ok = (abs(number(cards["Response time"]) - max(means)) <= 0.006 * max(means) and
      abs(number(cards["Throughput"]) - requests_last / 30) <= 0.006 * requests_last / 30 and
      cards["error_rate"].endswith("(%d/%d)" % (errors, requests)))
print("cards: response time %s (python %.4g), throughput %s (python %.4g/s), error_rate %s "
      "(python %d/%d): %s" % (cards["Response time"], max(means), cards["Throughput"],
      requests_last / 30, cards["error_rate"], errors, requests, "ok" if ok else "MISMATCH"))
shown["cards"] = cards
print("shown:", json.dumps(shown, sort_keys=True))
PY

# look N: Chromium's DOM and 1280x800 screenshot of the page as it is now.
look() {
	cp dashboard.html "moment$1.html"	# the page, as the browser reads it
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$WORK/chrome" --enable-logging=stderr --v=0 \
	    --virtual-time-budget=2000 --dump-dom "file://$WORK/moment$1.html" \
	    >"dom$1.html" 2>"browser$1.log"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$WORK/chrome" --virtual-time-budget=2000 \
	    --window-size=1280,800 --screenshot="$WORK/shot$1.png" \
	    "file://$WORK/moment$1.html" >/dev/null 2>&1
	if [ -n "${PERFPIPE_LIVE_SHOTS:-}" ]; then
		cp "shot$1.png" "$PERFPIPE_LIVE_SHOTS/live-$1.png"
	fi
}

# expect_two_pools_ok: figures.py found both pools' figures and the
# cards' equal to Python's.
expect_two_pools_ok() {
	if [ "$(grep -c '^pool [ab]: .*: ok$' "$WORK/stdout")" != 2 ] ||
	    ! grep -q '^cards: .*: ok$' "$WORK/stdout"; then
		fail "not both pools' figures match:"
		sed 's/^/#   /' "$WORK/stdout"
	fi
}

# shows_windows N: the page on disk says it holds N windows.
shows_windows() {
	grep -q " series in $1 windows" dashboard.html
}

begin "perf-report --live -f html rewrites the page as a FIFO's stream comes in; Chromium shows each step's figures, which match Python over the raw points"
rm -f feed dashboard.html
mkfifo feed
perf-report --live -f html -o dashboard.html --refresh 5s <feed >live.out 2>live.err &
live=$!
exec 3>feed
cat step1.ndjson >&3
if ! wait_until 30 shows_windows "$(wc -l <step1.ndjson)"; then
	fail "the page never showed the first step's $(wc -l <step1.ndjson) windows"
fi
look 1
cat step2.ndjson >&3
if ! wait_until 30 shows_windows "$(wc -l <stream.ndjson)"; then
	fail "the page never showed both steps' $(wc -l <stream.ndjson) windows"
fi
look 2
exec 3>&-
wait $live
status=$?
expect_status 0
run /usr/bin/python3 figures.py dom1.html points.ndjson "$T0" $((T0 + 120))
cp "$WORK/stdout" figures1.txt
expect_two_pools_ok
expect_no_line 'MISMATCH'
run /usr/bin/python3 figures.py dom2.html points.ndjson "$T0" $((T0 + 240))
cp "$WORK/stdout" figures2.txt
expect_two_pools_ok
expect_no_line 'MISMATCH'
if [ "$(grep '^shown:' figures1.txt)" = "$(grep '^shown:' figures2.txt)" ]; then
	fail "the figures did not change between the two moments"
fi
cat figures1.txt figures2.txt
# the screenshots: the cards and the two pools are drawn, and the pixels
# changed between the moments
# the first band of boxes: the three cards the stream has data for
# (response time, throughput, error_rate), then the first chart with its line
for shot in shot1.png shot2.png; do
	run /usr/bin/python3 "$BOXES" "$shot"
	cat "$WORK/stdout"
	if ! sed -n '3p;4p' "$WORK/stdout" | tr '\n' ' ' |
	    grep -Eq '^band [0-9]+: 3 boxes .* holds: line=0 .*band [0-9]+: 1 box [0-9x]+ holds: line=[1-9][0-9][0-9]'; then
		fail "$shot does not show the three cards over a chart with its line"
	fi
done
cat >changed.py <<'PY'
import contextlib, io, sys
sys.path.insert(0, sys.argv[1])
shots, sys.argv = sys.argv[2:], sys.argv[:1] + sys.argv[2:3]
with contextlib.redirect_stdout(io.StringIO()):	# png_boxes prints on import
    import png_boxes
a, b = png_boxes.decode(shots[0]), png_boxes.decode(shots[1])
print(a[0], "x", a[1], b[0], "x", b[1], "changed" if a[2] != b[2] else "same")
PY
run /usr/bin/python3 changed.py "$PERFPIPE_SOURCE/tests/cli/helpers" shot1.png shot2.png
expect_stdout <<'EOF2'
1280 x 800 1280 x 800 changed
EOF2
cat live.err live.out >both.txt
expect_file both.txt </dev/null
end

begin "the live page reloads itself and restores the scroll position with its one script, the only one its policy allows (by SHA-256), and Chromium refuses nothing"
cat >script.py <<'PY'
import base64, hashlib, re, sys
page = open(sys.argv[1]).read()
scripts = [m.group(1) for m in re.finditer(r"<script>(.*?)</script>", page, re.S)]
policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
print("refresh:", re.search(r'<meta http-equiv="refresh" content="(\d+)"/>', page).group(1))
print("scripts:", len(scripts))
print("keeps scrollY in sessionStorage:", not [w for w in ("sessionStorage.getItem",
      "sessionStorage.setItem", "scrollY", "scrollTo") if w not in scripts[0]])
digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
print("allowed by its hash:", "script-src 'sha256-%s'" % digest in policy)
PY
run /usr/bin/python3 script.py moment2.html
expect_stdout <<'EOF2'
refresh: 5
scripts: 1
keeps scrollY in sessionStorage: True
allowed by its hash: True
EOF2
grep -i 'Refused\|Content Security\|CONSOLE' browser1.log browser2.log >refused.txt
expect_file refused.txt </dev/null
end

begin "--timeframe 1m keeps the windows of the last minute only: the page's figures are Python's over those points"
run perf-report --live -f html -o framed.html --timeframe 1m stream.ndjson
expect_status 0
run /usr/bin/python3 figures.py framed.html points.ndjson $((T0 + 180)) $((T0 + 240))
expect_two_pools_ok
expect_no_line 'MISMATCH'
run grep -o ' series in [0-9]* windows' framed.html
expect_stdout <<'EOF2'
 series in 12 windows
EOF2
end

begin "--timeframe 1m on the terminal dashboard: the final report holds the last minute's windows, with Python's request counts"
run perf-report --live --timeframe 1m stream.ndjson
expect_status 0
# the final report, left on the normal screen after the frames
sed -n '/\x1b\[?1049l/,$p' "$WORK/stdout" | sed -n '/^http.request.duration/,/^$/p' | awk '/pool=/ { print $1, $2, $3 }' >kept.txt
jq -r --argjson from $((T0 + 180)) 'select(.name == "http.request.duration" and .ts >= $from)
    | .tags.pool' points.ndjson | sort | uniq -c | awk '{ print "pool=" $2, 2, $1 }' >python.txt
if [ ! -s kept.txt ] || ! cmp -s kept.txt python.txt; then
	fail "the final report's windows and counts are not Python's:"
	diff python.txt kept.txt | sed 's/^/#   /'
fi
end

begin "SIGTERM while the stream is still open writes a final page and exits 0"
rm -f feed2 term.html
mkfifo feed2
perf-report --live -f html -o term.html <feed2 >/dev/null 2>term.err &
live=$!
exec 4>feed2
cat step1.ndjson >&4
if ! wait_until 30 grep -q " series in $(wc -l <step1.ndjson) windows" term.html; then
	fail "the page never showed the first step"
fi
kill -TERM $live
wait $live
status=$?
exec 4>&-
expect_status 0
expect_file term.err </dev/null
run grep -c '</html>' term.html
expect_stdout <<'EOF2'
1
EOF2
ls term.html.* >leftovers.txt 2>/dev/null
expect_file leftovers.txt </dev/null
end

begin "perf-report --live -f html without -o is refused with status 2"
run perf-report --live -f html stream.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --live -f html rewrites a page: -o FILE is required
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "perf-report --live -f html refuses an -o that is not a regular file (a rename would replace it) with status 2"
run perf-report --live -f html -o /dev/null stream.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --live -f html: /dev/null is not a regular file (the page is renamed over it at each rewrite)
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "--timeframe without --live is refused with status 2"
run perf-report -f html --timeframe 1h -o page.html stream.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --timeframe applies to --live only
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

finish
