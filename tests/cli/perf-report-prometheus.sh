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
cpu____b__samples metric names should not contain abbreviated units
cpu____b__sum_of_samples metric names should not contain abbreviated units
EOF2
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
run openmetrics_parse
expect_status 0
expect_stdout <<'EOF2'
44 families, 82 samples
EOF2
expect_stderr_empty
end

begin "perf-report -f openmetrics of buckets, negative values and clashing names is read by the strict parser"
run perf-report -f openmetrics "$R/buckets.ndjson"
keep_output
run openmetrics_parse
expect_status 0
expect_stdout <<'EOF2'
16 families, 37 samples
EOF2
end

begin "perf-report -f openmetrics of hostile names is read by the strict parser"
run perf-report -f openmetrics "$R/hostile.ndjson"
keep_output
run openmetrics_parse
expect_status 0
expect_stdout <<'EOF2'
12 families, 15 samples
EOF2
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
