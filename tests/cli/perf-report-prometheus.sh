#!/bin/sh
# perf-report --format prometheus and openmetrics: the last window of each
# series as a summary (quantile labels), a histogram (le buckets) and
# gauges; valid for promtool check metrics and for the reference
# OpenMetrics parser (python3-prometheus-client, which agrees with all 211
# cases of the OpenMetrics parser suite); -o written atomically.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

# keep_output: keeps the last run's stdout as metrics.txt for the checks
# below (a check run through `run` would overwrite it).
keep_output() {
	cp "$WORK/stdout" "$WORK/metrics.txt"
}

# openmetrics_parse: parses metrics.txt with the reference OpenMetrics parser
# and prints the families and samples it read (the samples are the lines
# that are not comments: the parser read every one).
openmetrics_parse() {
	/usr/bin/python3 - "$WORK/metrics.txt" <<'PY'
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
print(len(families), "families,", sum(len(f.samples) for f in families), "samples")
PY
}

# written_counts: what metrics.txt holds, counted without a parser: its
# families (# TYPE lines) and samples (the other non-comment lines), for
# openmetrics_parse to match.
written_counts() {
	printf '%d families, %d samples\n' "$(grep -c '^# TYPE ' "$WORK/metrics.txt")" \
	    "$(grep -vc '^#' "$WORK/metrics.txt")"
}

# promtool_check: promtool check metrics on metrics.txt.
promtool_check() {
	promtool check metrics <"$WORK/metrics.txt"
}

begin "perf-report --format prometheus writes the last window of each series"
run perf-report --format prometheus "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.prom"
expect_stderr_empty
end

begin "perf-report -f prometheus of the pipeline passes promtool check metrics, lint included"
run perf-report -f prometheus "$R/pipeline.ndjson"
keep_output
run promtool_check
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

begin "perf-report -f prometheus writes buckets as a cumulative histogram ending in +Inf, and passes promtool"
run perf-report -f prometheus "$R/buckets.ndjson"
expect_status 0
expect_stdout <"$R/expected/buckets.prom"
keep_output
run promtool_check
expect_status 0
expect_stderr_empty
end

begin "perf-report -f prometheus sanitises hostile names; promtool only lints their look"
run perf-report -f prometheus "$R/hostile.ndjson"
expect_status 0
expect_stdout <"$R/expected/hostile.prom"
keep_output
run promtool_check
expect_status 3
expect_stderr <<'EOF2'
cpu____b__max metric names should not contain abbreviated units
cpu____b__mean metric names should not contain abbreviated units
cpu____b__min metric names should not contain abbreviated units
cpu____b__samples_total metric names should not contain abbreviated units
EOF2
end

begin "perf-report -f prometheus gives durations in seconds: summary _count and _sum over every window, quantiles of the last"
# From the raw stream with Python's decimal arithmetic: per pool, the
# count and the sum of every window (sum in ms moved to seconds), and the
# last window's percentiles in seconds.
/usr/bin/python3 -c '
import json, sys
from decimal import Decimal
rows = [json.loads(l, parse_float=Decimal) for l in open(sys.argv[1])]
rows = [r for r in rows if r.get("kind") == "aggregate" and r["name"] == "request.duration"]
for pool in sorted({r["tags"]["pool"] for r in rows}):
    mine = sorted((r for r in rows if r["tags"]["pool"] == pool), key=lambda r: r["start"])
    for key, value in mine[-1]["percentiles"].items():
        q = (Decimal(key[1:]) / 100).normalize()
        print("request_duration_seconds{pool=\"%s\",quantile=\"%s\"} %s" % (pool, q, value.scaleb(-3)))
    print("request_duration_seconds_count{pool=\"%s\"} %s" % (pool, sum(r["count"] for r in mine)))
    print("request_duration_seconds_sum{pool=\"%s\"} %s" % (pool, sum(r["sum"] for r in mine).scaleb(-3)))
' "$R/pipeline.ndjson" >expected.txt
if [ "$(grep -c _count expected.txt)" -ne 2 ]; then fail "the reference found no 2 pools"; fi
run sh -c 'perf-report -f prometheus "$0" | grep "^request_duration_seconds[{_]"' "$R/pipeline.ndjson"
expect_status 0
expect_stdout <expected.txt
end

begin "perf-report -f prometheus of a real pipeline (sketches, buckets, counters) is named so that promtool prints nothing"
run sh -c 'perf-collect log --format jsonl "$0" |
    perf-aggregate --window 1m --by pool --accuracy 0.01 | perf-report -f prometheus' "$DATA/samples/requests.ndjson"
expect_status 0
keep_output
if [ "$(grep -c '^request_duration_seconds_count' "$WORK/metrics.txt")" -eq 0 ]; then
	fail "no duration summary in seconds in the output"
fi
run promtool_check
expect_status 0
expect_stdout_empty
expect_stderr_empty
run sh -c 'perf-aggregate --window 1m --by pool --buckets 5,10,25,50,100,250 "$0" |
    perf-report -f prometheus' "$DATA/samples/requests.ndjson"
keep_output
run promtool_check
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

begin "perf-report -f prometheus writes a counter as _total, its increase summed over every window as jq sums it"
jq -s -r '[.[] | select(.kind == "aggregate" and .type == "counter")] | group_by(.name) | .[0] |
    "\(.[0].name | gsub("[^a-zA-Z0-9_:]"; "_") | if test("^[0-9]") then "_" + . else . end)_total \(map(.sum) | add)"' \
    "$R/buckets.ndjson" >expected.txt
if ! grep -q _total expected.txt; then fail "no counter in the input"; fi
run sh -c 'perf-report -f prometheus "$0" | grep -v "^#" | grep "_total" | grep -v samples | head -1 | sed "s/{[^}]*}//"' "$R/buckets.ndjson"
expect_status 0
expect_stdout <expected.txt
end

begin "perf-report --format openmetrics ends in # EOF and leaves out what OpenMetrics forbids"
run perf-report --format openmetrics "$R/buckets.ndjson"
expect_status 0
expect_stdout <"$R/expected/buckets.om"
expect_stderr_empty
end

begin "perf-report -f openmetrics of the pipeline is read by the strict OpenMetrics parser"
run perf-report -f openmetrics "$R/pipeline.ndjson"
expect_stdout <"$R/expected/pipeline.om"
keep_output
written_counts >counts.txt
if grep -q '^0 families' counts.txt; then fail "nothing written to parse"; fi
run openmetrics_parse
expect_status 0
expect_stdout <counts.txt
expect_stderr_empty
end

begin "perf-report -f openmetrics of buckets, negative values and clashing names is read by the strict parser"
run perf-report -f openmetrics "$R/buckets.ndjson"
keep_output
written_counts >counts.txt
if grep -q '^0 families' counts.txt; then fail "nothing written to parse"; fi
run openmetrics_parse
expect_status 0
expect_stdout <counts.txt
end

begin "perf-report -f openmetrics of hostile names is read by the strict parser"
run perf-report -f openmetrics "$R/hostile.ndjson"
keep_output
written_counts >counts.txt
if grep -q '^0 families' counts.txt; then fail "nothing written to parse"; fi
run openmetrics_parse
expect_status 0
expect_stdout <counts.txt
end

begin "perf-report -f prometheus and openmetrics keep a tag with an empty value as label=\"\" (to Prometheus the same as no label), and both checkers accept it"
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"env":"","h":"x"},"type":"gauge","start":0,"end":60,"count":1,"sum":2,"min":2,"max":2,"mean":2}' >empty-tag.ndjson
run perf-report -f prometheus empty-tag.ndjson
expect_status 0
expect_stderr_empty
grep -vc '^#' "$WORK/stdout" >samples.txt
[ "$(cat samples.txt)" -gt 0 ] || fail "no samples"
[ "$(grep -v '^#' "$WORK/stdout" | grep -c '{env="",h="x"}')" = "$(cat samples.txt)" ] ||
	fail "a sample without env=\"\": $(grep -v '^#' "$WORK/stdout" | grep -v 'env=""' | head -3)"
keep_output
run promtool_check
expect_status 0
expect_stdout_empty
expect_stderr_empty
run perf-report -f openmetrics empty-tag.ndjson
keep_output
[ "$(grep -v '^#' "$WORK/stdout" | grep -c '{env="",h="x"}')" = "$(cat samples.txt)" ] ||
	fail "an OpenMetrics sample without env=\"\""
written_counts >counts.txt
run openmetrics_parse
expect_status 0
expect_stdout <counts.txt
end

begin "perf-report -f openmetrics of an empty stream is # EOF alone"
run perf-report -f openmetrics /dev/null
expect_status 0
expect_stdout <<'EOF2'
# EOF
EOF2
end

begin "perf-report -f prometheus -o FILE replaces a textfile collector's file whole"
mkdir textfile
echo 'old_metric 1' >textfile/perf.prom
run perf-report -f prometheus -o textfile/perf.prom "$R/pipeline.ndjson"
expect_status 0
expect_stdout_empty
expect_file textfile/perf.prom <"$R/expected/pipeline.prom"
ls textfile >listing
expect_file listing <<'EOF2'
perf.prom
EOF2
end

finish
