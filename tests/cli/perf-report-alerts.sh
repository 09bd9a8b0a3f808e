#!/bin/sh
# perf-report's alerts: one row per alert (rule on one series) however many
# state changes perf-alert recorded, its final state, when it fired and
# resolved, its peak; the headline counting alerts by final state; the
# PASS/FAIL verdict by the gate rule of perf-alert --fail-on (an alert of
# the severity or worse firing at any time); and --tz for the times shown.
# The expected rows and verdicts are computed independently, in Python,
# from the raw alert records.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"
EPISODES="$R/alert-episodes.ndjson"

# fold.py STREAM FAIL_ON: the rows and the verdict, from the records alone.
cat >fold.py <<'PY'
import json, sys
rank = {"info": 1, "warning": 2, "critical": 3, "emergency": 4}
order = {"firing": 0, "pending": 1, "resolved": 2}
rows = {}
for n, line in enumerate(open(sys.argv[1])):
    r = json.loads(line)
    if r.get("kind") != "alert":
        continue
    row = rows.setdefault(r["id"], {"first": n, "severity": 0, "fired": [], "firing_values": [],
                                    "values": [], "rule": r["rule"]})
    row["last"] = r
    row["severity"] = max(row["severity"], rank[r["severity"]])
    row["values"].append(r["current_value"])
    if r["state"] == "firing":
        row["fired"].append(r["triggered_at"])
        row["firing_values"].append((r["current_value"], r["threshold"]))
rows = sorted(rows.values(), key=lambda r: (-r["severity"], order[r["last"]["state"]], r["first"]))
fail_on = rank[sys.argv[2]]
failed = [r["rule"] for r in rows if r["fired"] and r["severity"] >= fail_on]
states = [r["last"]["state"] for r in rows]
print(len(rows), "alerts:", ", ".join("%d %s" % (states.count(s), s)
      for s in ("firing", "pending", "resolved") if states.count(s)))
print("FAIL" if failed else "PASS", "|".join(failed))
for r in rows:
    if r["firing_values"]:
        down = r["firing_values"][0][0] < r["firing_values"][0][1]
        peak = (min if down else max)(v for v, t in r["firing_values"])
    else:
        peak = max(r["values"])
    print(r["last"]["state"], "peak=%g" % peak,
          "fired=%s" % (min(r["fired"]) if r["fired"] else "-"),
          "resolved=%s" % (r["last"]["resolved_at"] if r["last"]["state"] == "resolved" else "-"))
PY

# rows.py: the same from perf-report's Markdown (its table and verdict),
# times read back to epoch seconds and values to numbers.
cat >rows.py <<'PY'
import re, sys, datetime
text = sys.stdin.read()
head = re.search(r"(\d+) alerts? \(([^)]*)\)", text)
print(head.group(1), "alerts:", head.group(2))
verdict = re.search(r"\*\*(?:\S+ )?(PASS|FAIL): (?:\w+ or worse fired \((.*?)\)|no alert)", text)
print(verdict.group(1), (verdict.group(2) or "").replace("&lt;", "<").replace("&gt;", ">").replace(", ", "|"))
def epoch(cell):
    cell = cell.strip()
    return "-" if not cell else "%d" % datetime.datetime.fromisoformat(cell.replace("Z", "+00:00")).timestamp()
for line in text.split("\n"):
    cells = [c.strip() for c in line.split(" | ")]
    if len(cells) == 8 and cells[0].startswith("| **"):
        print(cells[1], "peak=%g" % float(cells[3].split()[0]), "fired=" + epoch(cells[5]),
              "resolved=" + epoch(cells[6]))
PY

begin "perf-report shows each alert once, in its final state, with its peak, and counts alerts by final state"
/usr/bin/python3 fold.py "$EPISODES" warning >expected.txt
if [ "$(grep -c '^[a-z]* peak=' expected.txt)" -ne 4 ]; then fail "the reference found no 4 alerts"; fi
run sh -c 'perf-report -f markdown "$0" | /usr/bin/python3 rows.py' "$EPISODES"
expect_status 0
expect_stdout <expected.txt
end

begin "perf-report's verdict fails on an alert that fired and resolved: the gate counts any time, not the end"
grep -v '"b1"' "$EPISODES" >resolved-only.ndjson
/usr/bin/python3 fold.py resolved-only.ndjson warning >expected.txt
if ! grep -q '^FAIL request.duration:p99 > 100 @warning$' expected.txt; then fail "the reference does not fail"; fi
run sh -c 'perf-report -f markdown "$0" | /usr/bin/python3 rows.py' resolved-only.ndjson
expect_status 0
expect_stdout <expected.txt
run perf-report resolved-only.ndjson
expect_stdout_matches grep -qx 'FAIL: warning or worse fired (request.duration:p99 > 100 @warning), no regression'
end

begin "perf-report --fail-on critical passes what only warnings and infos fired, as perf-alert --fail-on critical would"
/usr/bin/python3 fold.py resolved-only.ndjson critical >expected.txt 2>&1
if ! grep -qx 'PASS ' expected.txt; then fail "the reference does not pass"; fi
run sh -c 'perf-report --fail-on critical -f markdown "$0" | /usr/bin/python3 rows.py' resolved-only.ndjson
expect_status 0
expect_stdout <expected.txt
end

begin "perf-report --fail-on info fails on an info alert that fired; pending alone never fails"
grep -e '"c1"' -e '"kind":"aggregate"' "$EPISODES" >info.ndjson
run sh -c 'perf-report --fail-on info "$0" | sed -n 3p' info.ndjson
expect_status 0
expect_stdout <<'OUT'
FAIL: info or worse fired (request.duration:mean > 90 @info), no regression
OUT
grep -e '"d1"' -e '"kind":"aggregate"' "$EPISODES" >pending.ndjson
run sh -c 'perf-report --fail-on info "$0" | sed -n 2,3p' pending.ndjson
expect_stdout <<'OUT'
2 series in 2 windows, 1 alert (1 pending), 0 findings
PASS: no alert of info or worse fired, no regression
OUT
end

begin "perf-report -f markdown shows an alert's peak with three significant digits in its unit, not the raw 368.76036263516994"
printf '%s\n' '{"kind":"aggregate","name":"request.duration","tags":{},"unit":"ms","start":1764057600,"end":1764057660,"count":1,"sum":0,"min":0,"max":0,"mean":0}' \
    '{"kind":"alert","id":"p","rule":"r","name":"request.duration","tags":{},"severity":"warning","state":"firing","threshold":300,"current_value":368.76036263516994,"triggered_at":1764057660}' >raw.ndjson
# python: '%.3g ms' % 368.76036263516994 -> '369 ms'; a zero in ms is '0 ms'
printf '| **warning** | firing | request.duration | %s | %s | 2025-11-25T08:01:00Z |  |  |\n' \
    "$(/usr/bin/python3 -c 'print("%.3g ms" % 368.76036263516994)')" "$(/usr/bin/python3 -c 'print("%.3g ms" % 300)')" >expected.txt
run sh -c 'perf-report -f markdown "$0" | grep "^| \*\*warning"' raw.ndjson
expect_status 0
expect_stdout <expected.txt
run sh -c 'perf-report -f markdown "$0" | grep -c "| 0 ms | 0 ms |"' raw.ndjson
expect_stdout <<'OUT'
1
OUT
end

begin "perf-report never shows nan or infinity to a person: an empty window's statistics show as -"
printf '%s\n' '{"kind":"aggregate","name":"t","tags":{},"unit":"ms","start":1764057600,"end":1764057660,"count":0,"sum":0,"min":null,"max":null,"mean":null}' >inf.ndjson
for format in text markdown html; do
	run sh -c 'perf-report -f "$1" "$0" >out && [ -s out ] && grep -ciw -e nan -e inf -e infinity -e -inf' inf.ndjson $format
	expect_stdout <<'OUT'
0
OUT
done
run sh -c 'perf-report "$0" | tail -1' inf.ndjson
expect_stdout <<'OUT'
  —             1      0     -    -
OUT
end

begin "perf-report -f json gives the verdict and the rules that failed it"
run sh -c 'perf-report -f json "$0" | jq -c .verdict' "$EPISODES"
expect_status 0
expect_stdout <<'OUT'
{"result":"FAIL","fail_on":"warning","failed_rules":["request.throughput:mean < 5 @critical","request.duration:p99 > 100 @warning"],"level":"critical","firing":1,"pending":1,"resolved":2,"regressions":0}
OUT
end

begin "perf-report --fail-on with an unknown severity is a usage error"
run perf-report --fail-on severe "$EPISODES"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-report: --fail-on: unknown severity "severe" (info, warning, critical, emergency)
OUT
end

begin "perf-report --tz Europe/Paris shows the times of text, markdown and html in Paris time, with the offset"
# the UTC times of the stream, 08:00 to 08:05, an hour later in Paris
for format in text markdown html; do
	run sh -c 'perf-report --tz Europe/Paris -f "$1" "$0" |
	    grep -o "[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*[Z+-][0-9:]*" | sort -u' "$EPISODES" $format
	expect_status 0
	expect_stdout <<'OUT'
2025-11-25T09:00:00+01:00
2025-11-25T09:01:00+01:00
2025-11-25T09:03:00+01:00
2025-11-25T09:04:00+01:00
2025-11-25T09:05:00+01:00
OUT
done
end

begin "perf-report takes the zone from TZ when --tz is not given, and --tz wins over TZ"
run env TZ=America/New_York perf-report -f markdown "$EPISODES"
expect_stdout_matches grep -q '^2025-11-25T03:00:00-05:00 to 2025-11-25T03:05:00-05:00 (5m)'
run env TZ=America/New_York perf-report --tz UTC -f markdown "$EPISODES"
expect_stdout_matches grep -q '^2025-11-25T08:00:00Z to 2025-11-25T08:05:00Z (5m)'
end

begin "perf-report --tz leaves the machine formats in UTC and epoch seconds"
for format in json csv prometheus openmetrics influx statsd junit; do
	perf-report -f $format "$EPISODES" >utc.$format
	perf-report --tz Asia/Kolkata -f $format "$EPISODES" >zoned.$format
done
run sh -c 'for f in json csv prometheus openmetrics influx statsd junit; do cmp utc.$f zoned.$f && echo "$f same"; done'
expect_status 0
expect_stdout <<'OUT'
json same
csv same
prometheus same
openmetrics same
influx same
statsd same
junit same
OUT
end

begin "perf-report --tz with a zone that is not in the database is a usage error"
run perf-report --tz Mars/Olympus "$EPISODES"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-report: --tz: unknown time zone "Mars/Olympus" (a name under /usr/share/zoneinfo, such as Europe/Paris, or UTC)
OUT
end

finish
