#!/bin/sh
# perf-report --format html as a dashboard at 1280 px, checked on the
# pixels of a headless Chromium screenshot (tests/cli/helpers/png_boxes.py
# decodes the PNG by hand): the verdict header, a card for each figure the
# stream holds and none for what it lacks, full-width charts with their
# lines drawn, a card per pool with its alert badge, and the alerts table
# inside its card.  What the page must show is computed from the raw
# stream in Python, not from the page.  Also: a partial last window is
# never shown as a drop.  Skipped when chromium is not installed
# (scripts/deps installs it).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
BOXES="$PERFPIPE_SOURCE/tests/cli/helpers/png_boxes.py"

need chromium chromium

# shoot PAGE WIDTH HEIGHT: a screenshot of PAGE in headless Chromium, then
# what its pixels show.
shoot() {
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$WORK/chrome" --virtual-time-budget=2000 \
	    --window-size="$2,$3" --screenshot="$WORK/shot.png" "file://$WORK/$1" \
	    >/dev/null 2>&1
	/usr/bin/python3 "$BOXES" "$WORK/shot.png"
}

# expected.py STREAM: from the raw records, what the dashboard holds: the
# cards (response time and throughput for a duration metric, error rate for
# a metric named error, CPU for one named cpu), the charts (percentiles
# and throughput of the duration metric, error rate, utilisation of ratio
# metrics) and the pools.
cat >expected.py <<'PY'
import json, re, sys
aggregates = [r for r in map(json.loads, open(sys.argv[1])) if r.get("kind") == "aggregate"]
names = {a["name"]: a for a in aggregates}
timed = [n for n, a in names.items() if a.get("unit") in ("ns", "us", "ms", "s")
         and re.search("duration|latency|response", n)]
errors = [n for n in names if "error" in n]
cpu = [n for n in names if "cpu" in n]
ratios = [n for n, a in names.items() if (a.get("unit") == "ratio" or (not a.get("unit") and
          re.search("utilization|ratio|error_rate", n))) and "error" not in n]
cards = (2 if timed else 0) + (1 if errors else 0) + (1 if cpu else 0)
charts = (2 if timed else 0) + (1 if errors else 0) + (1 if ratios else 0)
pools = len({a["tags"]["pool"] for a in aggregates if "pool" in a.get("tags", {})})
print("cards", cards)
print("charts", charts)
print("pools", pools)
PY

# seen.awk: the same figures from png_boxes' bands: the first band of
# several boxes is the cards, full-width boxes with line pixels are charts,
# the next band of several boxes with badges is the pools.
cat >seen.awk <<'AWK'
/^band/ {
	n = $3; holds_line = ($NF ~ /badge/) ? $(NF - 1) : ""
	sub(/line=/, "", holds_line)
	if (n > 1 && cards == "") { cards = n; next }
	if (n == 1 && holds_line + 0 > 100 && pools == "") { charts++; next }
	if (n > 1 && cards != "" && pools == "") pools = n
}
END { printf "cards %d\ncharts %d\npools %d\n", cards, charts, pools }
AWK

perf-collect log --format jsonl "$DATA/samples/requests.ndjson" |
    perf-aggregate --window 1m --by pool --accuracy 0.01 | perf-analyze |
    perf-alert -t 'request.duration:p99 > 1000 @warning' >stream.ndjson
perf-report -f html stream.ndjson >page.html

begin "at 1280x800 the first screen shows the verdict header and one card per figure the stream holds, side by side"
/usr/bin/python3 expected.py stream.ndjson | head -1 >expected.txt
if ! grep -qx 'cards [1-9]' expected.txt; then fail "the sample holds no figure for a card"; fi
run shoot page.html 1280 800
expect_status 0
expect_stdout_matches grep -qx '1280 x 800'
expect_stdout_matches grep -qx 'header red'
cp "$WORK/stdout" bands.txt
run sh -c 'awk -f seen.awk bands.txt | head -1'
expect_stdout <expected.txt
end

begin "the whole page at 1280 px shows each card, each chart full width with its lines, and each pool's card with its badge"
/usr/bin/python3 expected.py stream.ndjson >expected.txt
run shoot page.html 1280 2400
expect_status 0
cp "$WORK/stdout" bands.txt
run awk -f seen.awk bands.txt
expect_stdout <expected.txt
# a chart spans the page: its box is at least 1200 of the 1280 pixels
run sh -c 'grep "^band .*: 1 box .* line=[1-9]" bands.txt | sed "s/.*: 1 box \([0-9]*\)x.*/\1/" | sort -u |
    awk "{ print (\$1 >= 1200 ? \"wide\" : \"narrow \" \$1) }" | sort -u'
expect_stdout <<'OUT'
wide
OUT
end

begin "the pixel check is not blind: a page with its charts removed shows no chart"
sed 's|<svg viewBox[^§]*</svg>||g' page.html >no-charts.html
if cmp -s page.html no-charts.html; then fail "nothing was removed"; fi
run shoot no-charts.html 1280 2400
cp "$WORK/stdout" bands.txt
run sh -c 'awk -f seen.awk bands.txt | sed -n 2p'
expect_stdout <<'OUT'
charts 0
OUT
end

begin "a stream without CPU or error metrics has no CPU or error-rate card or chart (no \"no data\" card)"
grep -v -e cpu -e error stream.ndjson >lean.ndjson
run sh -c 'perf-report -f html "$0" >out && grep -q "<h3>" out && grep -c -e "<h3>CPU utilisation</h3>" -e "<h3>Error rate</h3>" -e "no data" -e "No data"' lean.ndjson
expect_stdout <<'OUT'
0
OUT
end

begin "the alerts table fits its card at 1280 px: fixed columns, descriptions wrapped, none cut"
run sh -c 'perf-report -f html "$0" | grep -o "<table class=\"alerts\">"' stream.ndjson
expect_stdout <<'OUT'
<table class="alerts">
OUT
run sh -c 'perf-report -f html "$0" | grep -o "table.alerts{table-layout:fixed}"' stream.ndjson
expect_stdout <<'OUT'
table.alerts{table-layout:fixed}
OUT
end

begin "a partial last window is never shown as a drop: the throughput card and its trend use whole windows"
/usr/bin/python3 - >partial.ndjson <<'PY'
import json
# three whole minutes at 10/s, then a last window the data covers for 2 s
for i, (rate, partial) in enumerate([(10, False), (10, False), (10, False), (0.3, True)]):
    print(json.dumps({"kind": "aggregate", "name": "request.duration", "tags": {}, "unit": "ms",
                      "type": "timer", "start": 1764057600 + 60 * i, "end": 1764057660 + 60 * i,
                      "count": int(rate * 60), "sum": 100 * rate * 60, "min": 50, "max": 150,
                      "mean": 100, "rate": rate, "percentiles": {"p50": 100, "p95": 140},
                      **({"partial": True} if partial else {})}, separators=(",", ":")))
PY
run sh -c 'perf-report -f html "$0" | grep -o "<h3>Throughput</h3><div class=\"value\">[^<]*</div><div class=\"trend[^\"]*\">[^<]*"' partial.ndjson
expect_status 0
expect_stdout <<'OUT'
<h3>Throughput</h3><div class="value">10/s</div><div class="trend">→ steady
OUT
sed 's/,"partial":true//' partial.ndjson >whole.ndjson
run sh -c 'perf-report -f html "$0" | grep -o "<h3>Throughput</h3><div class=\"value\">[^<]*</div>"' whole.ndjson
expect_stdout <<'OUT'
<h3>Throughput</h3><div class="value">0.3/s</div>
OUT
end

finish
