#!/bin/sh
# The bundled Snakepit telemetry sample through the whole pipeline, as the
# original design's dashboard: perf-collect log --format snakepit |
# perf-aggregate (1m windows by pool, an error_rate ratio) | perf-analyze |
# perf-alert | perf-report --format html.  The page has a card per pool
# with its key metrics (utilisation, queue depth, throughput, latency
# percentiles, from each series' last window, compared with the
# aggregates), the alerts and perf-analyze's recommendations, and opens in
# headless Chromium without a console message (skipped when chromium is
# not installed; scripts/deps installs it).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
SAMPLE="$DATA/samples/snakepit-telemetry.ndjson"

begin "the sample goes through collect, aggregate, analyze, alert and report without a complaint"
run sh -c 'perf-collect log --format snakepit "$1" |
    perf-aggregate --window 1m --by pool \
        --ratio "error_rate=request.completed{status=error}/request.completed" |
    tee aggregates.ndjson |
    perf-analyze |
    perf-alert -t "request.duration:p99 > 100000 @warning" \
        -t "pool.queue_depth:max > 5 @warning" -t "error_rate:ratio > 0.05 @critical" |
    tee stream.ndjson |
    perf-report --format html -o report.html' sh "$SAMPLE"
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

# xpath EXPRESSION: the string value of it on the report, on one line
# (whatever the version of xmllint puts after it).
xpath() {
	printf '%s\n' "$(xmllint --xpath "$1" report.html)"
}

begin "the report has one card per pool of the sample, in order"
run xpath 'concat(count(//div[@class="card pool"]), ": ", //div[@class="card pool"][1]/h3, ", ",
    //div[@class="card pool"][2]/h3, ", ", //div[@class="card pool"][3]/h3)'
expect_stdout <<'EOF'
3: Pool batch, Pool default, Pool realtime
EOF
end

begin "each pool card holds the pool's key metrics: utilisation, queue depth, throughput, latency"
run sh -c 'for pool in batch default realtime; do
    xmllint --xpath "//div[@class=\"card pool\"][h3=\"Pool $pool\"]//dt/text()" report.html |
    sed "s/)/)\n/g" | grep -E "^(pool|request|worker)\.(capacity_utilization|queue_depth|completed|duration|utilization) " |
    sed "s/^/$pool: /"; done'
expect_status 0
expect_stdout <<'EOF'
batch: pool.capacity_utilization (mean, last window)
batch: pool.queue_depth (mean, last window)
batch: request.completed (rate, last window)
batch: request.duration (p50 / p95 / p99, last window)
batch: worker.utilization (mean, last window)
default: pool.capacity_utilization (mean, last window)
default: pool.queue_depth (mean, last window)
default: request.completed (rate, last window)
default: request.duration (p50 / p95 / p99, last window)
default: worker.utilization (mean, last window)
realtime: pool.capacity_utilization (mean, last window)
realtime: pool.queue_depth (mean, last window)
realtime: request.completed (rate, last window)
realtime: request.duration (p50 / p95 / p99, last window)
realtime: worker.utilization (mean, last window)
EOF
end

# The latency the cards show, worked out from the aggregates: the last
# window's percentiles in microseconds, shown in ms to 3 significant digits.
begin "the cards' latency percentiles are those of each pool's last window"
/usr/bin/python3 - aggregates.ndjson >expected.txt <<'PY'
import json, sys
last = {}
for line in open(sys.argv[1]):
    record = json.loads(line)
    if record["name"] == "request.duration":
        last[record["tags"]["pool"]] = record["percentiles"]
for pool in sorted(last):
    shown = " / ".join("%s ms" % ("%.3g" % (last[pool][k] / 1000)) for k in ("p50", "p95", "p99"))
    print(pool + ": " + shown)
PY
run sh -c 'for pool in batch default realtime; do
    printf "%s: %s\n" $pool "$(xmllint --xpath "string(//div[@class=\"card pool\"][h3=\"Pool $pool\"]//dt[starts-with(., \"request.duration \")]/following-sibling::dd[1])" report.html)"
    done'
expect_status 0
expect_stdout <expected.txt
end

begin "the recommendations of perf-analyze are on the page, one item each, with their messages"
jq -r 'select(.kind == "finding" and .type == "recommendation") | .message' stream.ndjson >recommendations.txt
if [ ! -s recommendations.txt ]; then fail "perf-analyze made no recommendation for the sample"; fi
run sh -c 'xmllint --xpath "//section[@id=\"recommendations\"]/ul/li" report.html |
    sed "s|</li>|&\n|g" | sed "s|^<li>||; s|</li>$||" | grep . |
    /usr/bin/python3 -c "import html, sys; sys.stdout.write(html.unescape(sys.stdin.read()))"'
expect_status 0
expect_stdout <recommendations.txt
end

begin "the alerts table has one row per alert (its id), in its final state, the worst and firing ones first"
# Independently of perf-report: fold the alert records by id, in input
# order, the last record giving the final state; order the rows by
# severity (worst first), then state (firing, pending, resolved), then
# first appearance.
/usr/bin/python3 -c '
import json, sys
rank = {"info": 1, "warning": 2, "critical": 3, "emergency": 4}
order = {"firing": 0, "pending": 1, "resolved": 2}
rows = {}
for n, line in enumerate(open(sys.argv[1])):
    r = json.loads(line)
    if r.get("kind") != "alert":
        continue
    row = rows.setdefault(r["id"], {"first": n, "severity": 0})
    row["state"] = r["state"]
    row["severity"] = max(row["severity"], rank.get(r.get("severity"), 0))
ordered = sorted(rows.values(), key=lambda r: (-r["severity"], order.get(r["state"], 3), r["first"]))
print(len(ordered), "rows")
for r in ordered:
    print(r["state"])
' stream.ndjson >expected.txt
if [ "$(head -1 expected.txt)" = "0 rows" ]; then fail "the sample stream has no alert"; fi
run sh -c 'printf "%s rows\n" "$(xmllint --xpath "count(//section[@id=\"alerts\"]//tbody/tr)" report.html)";
    for i in $(seq 1 "$(xmllint --xpath "count(//section[@id=\"alerts\"]//tbody/tr)" report.html)"); do
        xmllint --xpath "string(//section[@id=\"alerts\"]//tbody/tr[$i]/td[2])" report.html; done'
expect_status 0
expect_stdout <expected.txt
end

if have chromium chromium; then
	begin "the Snakepit report opens in headless Chromium with no console message, pool cards in the DOM"
	run chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$WORK/chrome" --enable-logging=stderr --v=0 \
	    --virtual-time-budget=2000 --dump-dom "file://$WORK/report.html"
	expect_status 0
	cp "$WORK/stdout" dom.html
	if grep 'CONSOLE' "$WORK/stderr" >console.txt; then
		fail "console messages: $(head -3 console.txt)"
	fi
	if [ "$(grep -o '<div class="card pool">' dom.html | wc -l)" -ne 3 ]; then
		fail "the DOM does not hold three pool cards"
	fi
	if ! grep -q '<section id="recommendations">' dom.html; then
		fail "the DOM has no recommendations"
	fi
	end
fi

finish
