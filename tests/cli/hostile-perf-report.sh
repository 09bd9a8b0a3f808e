#!/bin/sh
# Hostile input to perf-report: the hostile point stream and broken
# aggregates of tests/data/hostile, empty input in every format, a 64 MiB
# line, and hostile names and tags (quotes, commas, line breaks,
# backslashes, "=" and spaces, control characters, "<&\"" for XML) in the
# csv, prometheus, openmetrics, influx, statsd and junit outputs, each read
# back by a parser of its format.  (The HTML report has its own test in a
# browser: perf-report-html-browser.sh.)
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
. "$DATA/hostile/points.sh"
PY=/usr/bin/python3
XSD="$SHARED/conformance/junit/JUnit.xsd"
INJECTION="$DATA/hostile/injection.ndjson"

hostile_points hostile.ndjson
hostile_rejected_lines expected-rejects

begin "perf-report rejects each hostile line with its reason, keeps exactly those in --rejects and counts the 8 good points"
run perf-report --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stdout <<'EOF'
perfpipe report
0 series in 0 windows, 0 alerts, 0 findings, 8 points not shown

No aggregates, findings or alerts in the input.
EOF
hostile_messages hostile.ndjson perf-report | expect_stderr
expect_file rejects.ndjson <expected-rejects
end

begin "perf-report --strict stops at the first hostile line with exit status 3 and writes no report"
run perf-report --strict --rejects rejects.ndjson hostile.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: hostile.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
perf-report: 1 line rejected
EOF
sed -n 2p hostile.ndjson | expect_file rejects.ndjson
end

begin "perf-report leaves aggregates with non-finite numbers, times out of range or out of order out of the report"
hostile_aggregates aggregates.ndjson
run perf-report --rejects rejects.ndjson aggregates.ndjson
expect_status 0
expect_stdout <<'EOF'
perfpipe report — 2025-11-25T08:00:00Z to 2025-11-25T08:02:00Z (2m)
1 series in 2 windows, 0 alerts, 0 findings

METRICS
a, windows of 1m, worst-window percentiles, trend of p99
  SERIES  WINDOWS  COUNT  MEAN  P99  MAX  TREND
  h=x           2      5   2.5    4    5  ▁▁
EOF
hostile_aggregate_messages aggregates.ndjson perf-report | expect_stderr
sed -n 2,5p aggregates.ndjson | expect_file rejects.ndjson
end

begin "empty input gives an empty report in every format, with no message and status 0"
for format in text markdown html json csv prometheus openmetrics influx statsd junit; do
	run perf-report --format "$format"
	expect_status 0
	expect_stderr_empty
done
run perf-report --format csv
printf 'name,unit,type,start,end,count,sum,min,max,mean,stddev,rate,last\r\n' | expect_stdout
run perf-report --format openmetrics
expect_stdout <<'EOF'
# EOF
EOF
end

begin "a point on a line of $HOSTILE_LONG bytes is read and counted under --max-line-bytes 128M (over the 16M default)"
hostile_long_point long.ndjson "$HOSTILE_LONG"
run perf-report --max-line-bytes 128M long.ndjson
expect_status 0
expect_stdout <<'EOF'
perfpipe report
0 series in 0 windows, 0 alerts, 0 findings, 1 point not shown

No aggregates, findings or alerts in the input.
EOF
expect_stderr_empty
rm -f long.ndjson
end

begin "csv: hostile names and tags read back exactly with Python's csv module"
perf-report -f csv "$INJECTION" >report.csv
run $PY -c '
import csv, json, sys
rows = list(csv.DictReader(open("report.csv", newline="", encoding="utf-8")))
record = json.loads(open(sys.argv[1], encoding="utf-8").readline())
assert len(rows) == 1, rows
row = rows[0]
assert row["name"] == record["name"], (row["name"], record["name"])
for key, value in record["tags"].items():
    assert row["tag." + key] == value, (key, row["tag." + key], value)
assert row["unit"] == record["unit"]
print("ok")' "$INJECTION"
expect_status 0
expect_stdout <<'EOF'
ok
EOF
expect_stderr_empty
end

begin "prometheus: hostile label values (backslash, quote, line break, control characters) read back exactly"
perf-report -f prometheus "$INJECTION" >report.prom
run sh -c 'perf-collect log --format prometheus report.prom | jq -c "select(.name == \"a_b_c_d_e_f_g_______count\") | .tags"'
expect_status 0
expect_stdout <<'EOF'
{"host":"ok","k_____":"v\\\"\n x=,y\u0001"}
EOF
expect_stderr_empty
end

begin "openmetrics: hostile names, HELP text and label values pass the strict OpenMetrics reader"
perf-report -f openmetrics "$INJECTION" >report.om
run perf-collect log --format openmetrics --strict -o /dev/null report.om
expect_status 0
expect_stderr_empty
end

begin "influx: commas, spaces and \"=\" in names and tags are escaped and read back as InfluxDB reads them (a line break becomes a space, a final backslash a _)"
perf-report -f influx "$INJECTION" >report.influx
run sh -c 'perf-collect log --format influx report.influx | jq -ac "select(.name | endswith(\".count\")) | [.name, .tags]"'
expect_status 0
expect_stdout <<'EOF'
["a\"b,c d\\e=f g\u0001\u001b\u007f\u2028.count",{"host":"ok","k=, \"_":"v\\\"  x=,y\u0001"}]
EOF
expect_stderr_empty
end

begin "statsd: every line of hostile names reads back as one point, protocol characters replaced"
perf-report -f statsd "$INJECTION" >report.statsd
run sh -c 'perf-collect log --format statsd report.statsd | jq -ac "select(.name | endswith(\".count\")) | [.name, .tags]"'
expect_status 0
expect_stdout <<'EOF'
["a\"b,c_d\\e=f g__\u007f\u2028.count",{"host":"ok","k=__\"\\":"v\\\"__x=_y_"}]
EOF
expect_stderr_empty
[ "$(wc -l <report.statsd)" -eq 10 ] || fail "expected 10 statsd lines"
end

begin "junit: <&\"' and control characters in rules, names, tags and descriptions are escaped; the XML validates"
perf-report -f junit "$INJECTION" >report.xml
if have_shared conformance/junit; then
	run xmllint --noout --schema "$XSD" report.xml
	expect_status 0
	expect_stderr <<'EOF'
report.xml validates
EOF
fi
run $PY -c '
import xml.etree.ElementTree as tree
case = tree.parse("report.xml").getroot().find("testsuite/testcase")
print(case.get("name").startswith("r<&\"\x27>"), "<&\"" in case.get("classname"),
      case.find("failure").text.startswith("d"))'
expect_status 0
expect_stdout <<'EOF'
True True True
EOF
end

finish
