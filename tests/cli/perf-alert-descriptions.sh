#!/bin/sh
# perf-alert's descriptions are for people (issue 15, item 4): the value
# and the threshold in the unit of the stat compared, three significant
# digits, scaled as perf-report scales them (a ratio as a percentage, a
# duration in ms, s, ..., h, a size per second in MiB/s, a count whole, a
# rate with /s, a huge duration in scientific notation), in the built-in
# sentence and in a rule's own {value} and {threshold}; the record's
# current_value and threshold stay the exact numbers.  Python reads the raw
# aggregates, takes each rule's stat from them (the ratio as numerator over
# denominator), and writes the sentence with its own formatter.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need /usr/bin/python3 python3

IN="$DATA/perf-alert/people-numbers.ndjson"
RULES='error_rate:ratio > 0.05
request.duration:p99 > 300
request.duration:count > 1000
request.duration:rate > 100
bytes.sent:rate > 1048576'

# The expected alerts, one JSON line each: description, current_value and
# threshold, for every rule and series whose stat is above the threshold;
# and in expected-peaks.txt the peak and threshold a report shows for each.
: >expected-peaks.txt
/usr/bin/python3 - "$IN" "$RULES" >expected.ndjson <<'PY'
import json, math, sys

def sig(x):
    """Three significant digits, no trailing zeros; whole below a million."""
    if x == int(x) and abs(x) < 1e6:
        return "%d" % x
    return "%.3g" % x if abs(x) < 100 or abs(x) >= 1e6 else "%.0f" % x

def duration(seconds):
    for limit, size, name in ((1e-6, 1e-9, "ns"), (1e-3, 1e-6, "us"), (1, 1e-3, "ms"),
                              (120, 1, "s"), (7200, 60, "min"), (math.inf, 3600, "h")):
        if abs(seconds) < limit:
            return "%s %s" % (sig(seconds / size), name)

def size(octets):
    names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    i = 0
    while abs(octets) >= 1024 and i < 5:
        octets /= 1024
        i += 1
    return "%s %s" % (sig(octets), names[i])

def person(record, stat, x):
    unit = record.get("unit")
    if stat == "ratio":
        return sig(100 * x) + "%"
    if stat == "count":
        return sig(x)
    if stat == "rate":
        if record["type"] == "counter" and unit == "bytes":
            return size(x) + "/s"
        return sig(x) + "/s"
    if unit == "ms":
        return duration(x / 1000)
    return sig(x)

def stat_of(record, stat):
    if stat == "ratio":
        return record["numerator"] / record["denominator"]
    if stat.startswith("p"):
        return record["percentiles"][stat]
    return record[stat]

def number(x):
    """As JSON writes it: a whole number without ".0"."""
    return int(x) if x == int(x) and abs(x) < 1e15 else x

records = [json.loads(line) for line in open(sys.argv[1])]
for rule in sys.argv[2].splitlines():
    target, op, threshold = rule.split()
    metric, stat = target.split(":")
    threshold = float(threshold)
    for r in records:
        if r["name"] != metric:
            continue
        value = stat_of(r, stat)
        if not value > threshold:
            continue
        tags = ",".join("%s=%s" % kv for kv in sorted(r["tags"].items()))
        print(json.dumps({"description": "%s{%s} %s is %s, threshold > %s" % (
            metric, tags, stat, person(r, stat, value), person(r, stat, threshold)),
            "current_value": number(value), "threshold": number(threshold)},
            sort_keys=True, separators=(",", ":")))
        with open("expected-peaks.txt", "a") as peaks:
            peaks.write("peak %s, threshold %s\n" % (person(r, stat, value),
                                                      person(r, stat, threshold)))
PY

begin "each built-in description reads the value and threshold as Python writes them from the raw aggregates"
set --
while IFS= read -r rule; do set -- "$@" -t "$rule"; done <<EOF2
$RULES
EOF2
run perf-alert "$@" "$IN"
expect_status 0
expect_stderr_empty
jq -c -S 'select(.kind == "alert") | {description, current_value, threshold}' \
    "$WORK/stdout" | sort >got.ndjson
sort expected.ndjson | compare "the alerts" got.ndjson
[ "$(grep -c . expected.ndjson)" -eq 9 ] ||
	fail "Python expected 9 alerts, found $(grep -c . expected.ndjson)"
end

begin "the descriptions read 12.7%, 1.23 s, 369 ms, 268/s, 1.5 MiB/s and 4.99e+301 h, never a raw number"
for want in "ratio is 12.7%, threshold > 5%" "p99 is 1.23 s, threshold > 300 ms" \
    "p99 is 369 ms" "rate is 268/s, threshold > 100/s" "count is 12345, threshold > 1000" \
    "rate is 1.5 MiB/s, threshold > 1 MiB/s" "p99 is 4.99e+301 h"; do
	grep -qF "$want" got.ndjson || fail "no description says \"$want\""
done
if grep -qE '"description":"[^"]*(0\.127|1234\.5|369\.2)' got.ndjson; then
	fail "a description prints a raw number"
fi
end

begin "perf-report shows each alert's peak and threshold in its stat's unit: a count rule on a duration series reads 12345, not 12.3 s"
set --
while IFS= read -r rule; do set -- "$@" -t "$rule"; done <<EOF2
$RULES
EOF2
perf-alert "$@" "$IN" >alerts.ndjson 2>/dev/null
run perf-report alerts.ndjson
expect_status 0
sed -n 's/^ *\(peak .*, threshold [^,]*\), fired .*/\1/p' "$WORK/stdout" | sort >got-peaks.txt
sort expected-peaks.txt | compare "text: peak and threshold" got-peaks.txt
run perf-report -f markdown alerts.ndjson
expect_status 0
awk -F' [|] ' '$1 ~ /^[|] [*][*]/ { print "peak " $4 ", threshold " $5 }' "$WORK/stdout" |
	sort >got-peaks.txt
sort expected-peaks.txt | compare "markdown: peak and threshold" got-peaks.txt
[ "$(grep -c . expected-peaks.txt)" -eq 9 ] ||
	fail "Python expected 9 alerts, found $(grep -c . expected-peaks.txt)"
grep -qxF "peak 12345, threshold 1000" expected-peaks.txt ||
	fail "Python's count alert is not 'peak 12345, threshold 1000'"
end

begin "a rule's own {value} and {threshold} read as people's numbers, the record keeps the exact ones"
cat >rules.json <<'EOF2'
{"rules": [{"name": "errors", "metric": "error_rate", "stat": "ratio", "op": ">",
  "threshold": 0.05, "description": "{value} of the requests{tags} failed, above {threshold}"}]}
EOF2
run perf-alert -r rules.json "$IN"
expect_status 0
expect_stderr_empty
jq -c -S 'select(.kind == "alert") | {description, current_value, threshold}' \
    "$WORK/stdout" >got-rule.ndjson
/usr/bin/python3 - "$IN" >want-rule.ndjson <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
ratio = r["numerator"] / r["denominator"]
print(json.dumps({"description": "%.3g%% of the requests{pool=gpu} failed, above %.3g%%"
                  % (100 * ratio, 100 * 0.05), "current_value": ratio, "threshold": 0.05},
                 sort_keys=True, separators=(",", ":")))
PY
compare "the alert" got-rule.ndjson <want-rule.ndjson
end

finish
