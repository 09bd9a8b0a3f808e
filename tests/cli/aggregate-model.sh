#!/bin/sh
# One model of an aggregate (issue 14, "Done when"; issue 15 item 1): one
# file holds aggregates with RFC 3339 starts, sketches and buckets
# (request.duration), windowed ratio aggregates with epoch starts
# (error_rate per pool) and a whole-input ratio aggregate without start or
# end (error_rate, no tags).  perf-analyze, perf-alert (a rule on ratio and
# one on p95) and perf-report in every format accept it, agree on its
# series, and show the ratio; every ratio figure is computed here in
# Python from the file's own numerators and denominators.
#
# The file was made from the first 30 minutes of the sample log:
#   perf-aggregate --window 10m --by pool --accuracy 0.01 --buckets 100,500,1000 \
#       --ratio 'error_rate=request.completed{status=error}/request.completed'
# keeping request.duration (start and end turned into RFC 3339 by jq
# todate) and error_rate, then the same --ratio without a window or --by,
# its start and end deleted.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

DATA=$PERFPIPE_SOURCE/tests/data/perf-report/model-agreement.ndjson
FORMATS="text markdown html csv json prometheus openmetrics influx statsd junit"

# The reference, from the file alone: each series as name{tags}, and each
# ratio series' sum of numerators over sum of denominators, as a percentage
# of 3 significant digits with its parts, in report order (by name, then
# tags).
cat >reference.py <<'PYTHON'
import json, sys
series, ratios = {}, {}
for line in open(sys.argv[2]):
    a = json.loads(line)
    tags = ",".join(f"{k}={v}" for k, v in sorted(a.get("tags", {}).items()))
    label = a["name"] + ("{" + tags + "}" if tags else "")
    series[label] = (a["name"], tags)
    if "numerator" in a:
        parts = ratios.setdefault(label, [0, 0])
        parts[0] += a["numerator"]
        parts[1] += a["denominator"]
order = sorted(series, key=lambda l: (series[l][0], series[l][1]))
what = sys.argv[1]
if what == "series":
    print("\n".join(order))
elif what == "cells":       # as the RATIO column shows them
    for l in order:
        if l in ratios:
            n, d = ratios[l]
            print(f"{100 * n / d:.3g}% ({n}/{d})")
elif what == "exact":       # label ratio numerator denominator, full precision
    for l in order:
        if l in ratios:
            n, d = ratios[l]
            print(l, repr(n / d), n, d)
PYTHON
ref() { /usr/bin/python3 reference.py "$1" "$DATA"; }

# Influx: each ratio aggregate's fields as the line protocol writes floats,
# and how many words its line has (3 with a timestamp, 2 without).
cat >influx.py <<'PYTHON'
import json, sys
for line in open(sys.argv[1]):
    a = json.loads(line)
    if "numerator" in a:
        tags = "".join(f",{k}={v}" for k, v in sorted(a["tags"].items()))
        n, d = float(a["numerator"]), float(a["denominator"])
        print(a["name"] + tags, f"ratio={n / d!r},numerator={n!r},denominator={d!r}",
              3 if "start" in a else 2)
PYTHON

# the last window of each ratio series, by its start (a whole-input one has none)
cat >last.py <<'PYTHON'
import json, sys
latest = {}
for line in open(sys.argv[1]):
    a = json.loads(line)
    if "numerator" not in a:
        continue
    tags = ",".join(f"{k}={v}" for k, v in sorted(a.get("tags", {}).items()))
    label = a["name"] + ("{" + tags + "}" if tags else "")
    start = a.get("start", float("-inf"))
    if label not in latest or start >= latest[label][0]:
        latest[label] = (start, a["numerator"] / a["denominator"])
for label in sorted(latest):
    print(label, repr(latest[label][1]))
PYTHON

begin "the reference finds the series and ratios the file is meant to hold"
run sh -c '/usr/bin/python3 reference.py series "$1" | wc -l && /usr/bin/python3 reference.py cells "$1"' sh "$DATA"
expect_status 0
expect_stdout <<'EOF'
7
2.32% (72/3105)
2.14% (12/560)
1.69% (31/1833)
4.07% (29/712)
EOF
end

begin "perf-analyze, perf-alert and perf-report in every format accept every line, with nothing on stderr"
run sh -c 'set -e; perf-analyze "$1" >analyzed
    perf-alert -t "error_rate:ratio > 0.03 @warning" -t "request.duration:p95 > 900 @critical" "$1" >alerted
    for f in $2; do perf-report -f $f alerted >report.$f; test -s report.$f && echo $f; done
    jq -r "select(.kind == \"alert\") | .rule" alerted' sh "$DATA" "$FORMATS"
expect_status 0
expect_stdout <<'EOF'
text
markdown
html
csv
json
prometheus
openmetrics
influx
statsd
junit
request.duration:p95 > 900 @critical
error_rate:ratio > 0.03 @warning
EOF
expect_stderr_empty
end

ref series | sort >ref-series
begin "perf-analyze summarises exactly the file's series"
run sh -c 'perf-analyze "$1" | jq -r "select(.type == \"summary\" and .name != \"performance\") |
    .name + (if (.tags | length) > 0 then \"{\" + (.tags | to_entries | map(.key + \"=\" + .value) | join(\",\")) + \"}\" else \"\" end)" | sort' sh "$DATA"
expect_status 0
expect_stdout <ref-series
end

begin "perf-analyze summarises the whole-input error_rate (no start) but keeps it out of trends, anomalies, correlations and forecasts"
run sh -c 'perf-analyze "$1" | jq -r "select(.kind == \"finding\" and .name == \"error_rate\" and (.tags | length) == 0) | .type" |
    sort | uniq -c | tr -s " "' sh "$DATA"
expect_status 0
expect_stdout <<'EOF'
 1 summary
EOF
run sh -c 'perf-analyze "$1" | grep -c "error_rate ratio\|error_rate:\|error_rate " ' sh "$DATA"
expect_stdout <<'EOF'
1
EOF
end

begin "perf-alert judges exactly the file's series (rules that hold for every one of them)"
run sh -c 'perf-alert -t "error_rate:ratio >= 0" -t "request.duration:p95 >= 0" "$1" |
    jq -r "select(.kind == \"alert\") | .name + (if (.tags | length) > 0 then \"{\" + (.tags | to_entries | map(.key + \"=\" + .value) | join(\",\")) + \"}\" else \"\" end)" | sort -u' sh "$DATA"
expect_status 0
expect_stdout <ref-series
end

begin "perf-report's JSON holds exactly the file's series, with each ratio as the sum of numerators over the sum of denominators"
run sh -c 'perf-report -f json "$1" | jq -r ".series[] | .name + (if (.tags | length) > 0 then \"{\" + (.tags | to_entries | map(.key + \"=\" + .value) | join(\",\")) + \"}\" else \"\" end) + (if .ratio then \" \" + (.ratio | tostring) + \" \" + (.numerator | tostring) + \" \" + (.denominator | tostring) else \"\" end)"' sh "$DATA"
expect_status 0
ref series >ref-ordered
ref exact >ref-exact
# every series, and the ratio ones followed by their figures
awk 'NR == FNR { figures[$1] = $0; next } { print ($1 in figures) ? figures[$1] : $1 }' \
    ref-exact ref-ordered >ref-json
expect_stdout <ref-json
end

begin "text, Markdown and HTML show each ratio as a percentage with its parts, in report order"
ref cells >ref-cells
run sh -c 'perf-report "$1" | grep -o "[0-9.]*% ([0-9]*/[0-9]*)"' sh "$DATA"
expect_status 0
expect_stdout <ref-cells
run sh -c 'perf-report -f markdown "$1" | grep -o "[0-9.]*% ([0-9]*/[0-9]*)"' sh "$DATA"
expect_stdout <ref-cells
# the HTML table shows them too, and the card the untagged total
run sh -c 'perf-report -f html "$1" | grep -o "<td class=\"n\">[0-9.]*% ([0-9]*/[0-9]*)\|<div class=\"value\">[0-9.]*% ([0-9]*/[0-9]*)" | sed "s/<[^>]*>//"' sh "$DATA"
{ head -1 ref-cells; cat ref-cells; } >ref-html
expect_stdout <ref-html
end

begin "CSV has ratio, numerator and denominator on every ratio row, equal to the file's"
run sh -c 'perf-report -f csv "$1" | /usr/bin/python3 -c "
import csv, json, sys
rows = [r for r in csv.DictReader(sys.stdin) if r[\"type\"] == \"ratio\"]
data = [json.loads(l) for l in open(sys.argv[1]) if \"numerator\" in l]
key = lambda n, p, s: (n, p or \"\", s)
want = sorted(key(a[\"name\"], a[\"tags\"].get(\"pool\"), a.get(\"start\")) + (a[\"numerator\"] / a[\"denominator\"], a[\"numerator\"], a[\"denominator\"]) for a in data)
got = sorted(key(r[\"name\"], r[\"tag.pool\"], float(r[\"start\"]) if r[\"start\"] else None) + (float(r[\"ratio\"]), float(r[\"numerator\"]), float(r[\"denominator\"])) for r in rows)
norm = lambda t: tuple(-1 if x is None else x for x in t)
print(len(got), \"ratio rows\", \"equal\" if sorted(map(norm, got)) == sorted(map(norm, want)) else \"DIFFER\")
" "$1"' sh "$DATA"
expect_status 0
expect_stdout <<'EOF'
10 ratio rows equal
EOF
end

begin "Prometheus, OpenMetrics and StatsD carry each ratio series' last window as a gauge"
/usr/bin/python3 last.py "$DATA" >ref-last
run sh -c 'perf-report -f prometheus "$1" | sed -n "s/^error_rate_ratio\(.*\) \(.*\)/error_rate\1 \2/p" | sed "s/\"//g"' sh "$DATA"
expect_status 0
expect_stdout <ref-last
run sh -c 'perf-report -f openmetrics "$1" | sed -n "s/^error_rate_ratio\(.*\) \(.*\)/error_rate\1 \2/p" | sed "s/\"//g"' sh "$DATA"
expect_stdout <ref-last
run sh -c 'perf-report -f statsd "$1" | sed -n "s/^error_rate.ratio:\([^|]*\)|g\(|#pool:\(.*\)\)*$/error_rate{pool=\3} \1/p" | sed "s/{pool=}//"' sh "$DATA"
expect_stdout <ref-last
end

begin "Influx has the ratio fields of every ratio aggregate, the whole-input one without a timestamp"
run sh -c 'perf-report -f influx "$1" | grep "^error_rate" | sed "s/ count=[^,]*,/ /" | awk "{ print \$1, \$2, NF }"' sh "$DATA"
expect_status 0
sort "$WORK/stdout" >influx-got
/usr/bin/python3 influx.py "$DATA" | sort >ref-influx
run cat influx-got
expect_stdout <ref-influx
end

begin "JUnit puts the ratio of the alerting series (error_rate{pool=gpu}, last in report order) in its failure text"
run sh -c 'perf-alert -t "error_rate:ratio > 0.03 @warning" "$1" | perf-report -f junit | grep "^Ratio:"' sh "$DATA"
expect_status 0
expect_stdout <<EOF
Ratio: $(ref cells | tail -1)
EOF
end

begin "perf-aggregate --merge reads the RFC 3339 starts too: the three 10-minute windows of each pool merge into one 30-minute window"
/usr/bin/python3 -c '
import json, sys
from datetime import datetime
counts = {}
for line in open(sys.argv[1]):
    a = json.loads(line)
    if a["name"] == "request.duration":
        start = datetime.fromisoformat(a["start"].replace("Z", "+00:00")).timestamp()
        key = (a["tags"]["pool"], int(start // 1800 * 1800))
        counts[key] = counts.get(key, 0) + a["count"]
for (pool, start), count in sorted(counts.items()):
    print(json.dumps([pool, start, count], separators=(",", ":")))' "$DATA" >ref-merged
run sh -c 'jq -c "select(.name == \"request.duration\")" "$1" | perf-aggregate --merge --window 30m --by pool | jq -c "[.tags.pool, .start, .count]"' sh "$DATA"
expect_status 0
expect_stdout <ref-merged
expect_stderr_empty
end

finish
