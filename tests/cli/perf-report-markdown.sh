#!/bin/sh
# perf-report --format markdown: a GitHub-flavoured report for a CI job
# summary or a pull-request comment: the verdict line first, then the
# alerts, a table per metric, findings and recommendations; every string
# from the stream escaped.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

begin "perf-report --format markdown renders the pipeline's stream with the verdict first"
run perf-report --format markdown "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.md"
expect_stderr_empty
end

begin "perf-report -f markdown is read by cmark-gfm as one table of alerts and one per metric"
run sh -c 'perf-report -f markdown "$0" | cmark-gfm -e table | grep -c "<table>"' "$R/pipeline.ndjson"
expect_status 0
expect_stdout <<'EOF2'
7
EOF2
end

begin "perf-report -f markdown gives each table row as many cells as its header"
run sh -c 'perf-report -f markdown "$0" | cmark-gfm -e table |
    tr -d "\n" | sed "s/<tr>/\n<tr>/g" | grep "^<tr>" |
    sed "s/<\/tr>.*//" | awk "{ print gsub(/<t[hd][ >]/, \"&\") }" | uniq -c' "$R/pipeline.ndjson"
expect_status 0
expect_stdout <<'EOF2'
      4 8
      8 6
      3 11
      5 6
EOF2
end

begin "perf-report -f markdown escapes hostile names so that no HTML element survives"
run perf-report -f markdown "$R/hostile.ndjson"
expect_status 0
expect_stdout <"$R/expected/hostile.md"
expect_stderr_empty
end

begin "perf-report -f markdown of hostile names renders to HTML without script, img, svg or a link"
run sh -c 'perf-report -f markdown "$0" | cmark-gfm -e table' "$R/hostile.ndjson"
expect_status 0
expect_no_line '<(script|img|svg|a|b|u|i)[ >]'
expect_stdout_matches grep -q '&lt;script&gt;alert(1)&lt;/script&gt;'
end

begin "perf-report -f markdown fails the verdict on a comparison that regressed"
run perf-report -f markdown "$R/compare.ndjson"
expect_status 0
expect_stdout <<'EOF2'
## perfpipe report

**🔴 FAIL: no alert of warning or worse fired, 1 regression**

0 series in 0 windows, 0 alerts, 3 findings.

### Findings

- **critical** comparison (**regression**): bench.parse{case=small}: the median rose 12.4% (95% CI 8.1% to 16.9%), Mann-Whitney p=0.0003: a regression.
- **info** comparison: bench.parse{case=large}: no change (median -0.8%, p=0.61).
- **info** comparison: bench.render: the median fell 6.0% (p=0.002): an improvement.
EOF2
expect_stderr_empty
end

begin "perf-report -f markdown --ascii says PASS in plain ASCII when nothing fires"
run perf-report -f markdown --ascii "$R/long.ndjson"
expect_status 0
expect_stdout <<'EOF2'
## perfpipe report

**PASS: no alert of warning or worse fired, no regression**

2025-11-25T08:00:00Z to 2025-11-25T09:00:00Z (1h), 1 series in 60 windows, 0 alerts, 0 findings.

### Metrics

#### queue.depth, windows of 1m, trend of mean

| Series | Windows | Count | Mean | Max | Trend |
|:--|--:|--:|--:|--:|:--|
| pool=default | 60 | 3600 | 113 | 352 | ..----------------.....\_\_\_\_\_\_\_\_\_\_\_\_.....-----\#---------..... |
EOF2
end

begin "perf-report -f markdown passes when an alert is only pending: the gate counts alerts that fired"
grep '"a3"' "$R/pipeline.ndjson" >pending.ndjson
run perf-report -f markdown --ascii pending.ndjson
expect_status 0
expect_stdout_matches grep -qx '\*\*PASS: no alert of warning or worse fired, no regression\*\*'
expect_stdout_matches grep -q ', 1 alert (1 pending), 0 findings'
end

finish
