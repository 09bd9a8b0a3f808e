#!/bin/sh
# perf-report --format text: the report for a person (alerts first, one
# aligned table per metric with human units and a sparkline, findings as
# sentences), its width, --ascii, colour only on a terminal, and how bad
# lines and hostile strings are handled.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
unset COLUMNS
R="$DATA/perf-report"

begin "perf-report renders a whole pipeline's stream as text by default"
run perf-report "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.txt"
expect_stderr_empty
end

begin "perf-report --format text is the default format"
run perf-report --format text "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.txt"
expect_stderr_empty
end

begin "perf-report reads standard input when no file is named"
run_input "$R/pipeline.ndjson" perf-report
expect_status 0
expect_stdout <"$R/expected/pipeline.txt"
expect_stderr_empty
end

begin "perf-report renders the same report whatever order the series and windows came in"
grep '"aggregate"' "$R/pipeline.ndjson" | sort -r >"$WORK/shuffled.ndjson"
grep -v '"aggregate"' "$R/pipeline.ndjson" >>"$WORK/shuffled.ndjson"
run perf-report "$WORK/shuffled.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.txt"
expect_stderr_empty
end

begin "perf-report --ascii writes only ASCII characters"
run perf-report --ascii "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline-ascii.txt"
expect_stdout_matches sh -c '! LC_ALL=C grep -n "[^ -~]"'
expect_stderr_empty
end

begin "perf-report --width 120 draws a longer sparkline of 60 windows"
run perf-report --width 120 "$R/long.ndjson"
expect_status 0
expect_stdout <"$R/expected/long-120.txt"
expect_stderr_empty
end

begin "perf-report --width 40 squeezes 60 windows into an 8-cell sparkline, each cell the peak"
run perf-report --width 40 "$R/long.ndjson"
expect_status 0
expect_stdout <<'EOF2'
perfpipe report — 2025-11-25T08:00:00Z to 2025-11-25T09:00:00Z (1h)
1 series in 60 windows, 0 alerts, 0 findings

METRICS
queue.depth, windows of 1m, trend of mean
  SERIES        WINDOWS  COUNT  MEAN  MAX  TREND
  pool=default       60   3600   113  352  ▃▃▃▂▂▃█▃
EOF2
expect_stderr_empty
end

begin "perf-report takes the width from COLUMNS when not on a terminal"
run env COLUMNS=40 perf-report "$R/long.ndjson"
expect_status 0
expect_stdout_matches grep -qx '  pool=default       60   3600   113  352  ▃▃▃▂▂▃█▃'
expect_stderr_empty
end

begin "perf-report replaces control characters from the stream, so a name cannot drive the terminal"
run perf-report "$R/hostile.ndjson"
expect_status 0
expect_stdout <"$R/expected/hostile.txt"
expect_no_line "$(printf '\033')"
expect_stderr_empty
end

begin "perf-report colours alert severities on a terminal"
run env -u NO_COLOR TERM=xterm script -qec "perf-report --width 80 '$R/pipeline.ndjson'" /dev/null
expect_status 0
expect_stdout_matches grep -q "$(printf '\033')\[1;31mCRITICAL$(printf '\033')\[0m"
end

begin "perf-report writes no colour on a terminal when NO_COLOR is set"
run env NO_COLOR=1 TERM=xterm script -qec "perf-report --width 80 '$R/pipeline.ndjson'" /dev/null
expect_status 0
expect_no_line "$(printf '\033')"
end

begin "perf-report writes no colour on a terminal under --ascii"
run env -u NO_COLOR TERM=xterm script -qec "perf-report --ascii --width 80 '$R/pipeline.ndjson'" /dev/null
expect_status 0
expect_no_line "$(printf '\033')"
end

begin "perf-report shows values in the unit a person reads: ns to h, B to GiB, %, k and M"
run perf-report "$R/units.ndjson"
expect_status 0
expect_stdout <"$R/expected/units.txt"
expect_stderr_empty
end

begin "perf-report says so when the stream holds nothing to report"
run perf-report /dev/null
expect_status 0
expect_stdout <<'EOF2'
perfpipe report
0 series in 0 windows, 0 alerts, 0 findings

No aggregates, findings or alerts in the input.
EOF2
expect_stderr_empty
end

begin "perf-report rejects bad lines by name and line, and reports the rest"
run perf-report "$R/bad-lines.ndjson"
expect_status 0
expect_stdout <<'EOF2'
perfpipe report — 2025-11-25T08:00:00Z to 2025-11-25T08:00:10Z (10s)
1 series in 1 window, 1 alert (1 resolved), 0 findings
PASS: no alert of warning or worse fired, no regression

ALERTS
  INFO      resolved  ok

METRICS
ok, windows of 10s
  SERIES  WINDOWS  COUNT  MEAN  MAX
  —             1      1     5    5
EOF2
expect_stderr <<EOF2
perf-report: $R/bad-lines.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 36
perf-report: $R/bad-lines.ndjson:3: an aggregate needs a "name" string
perf-report: $R/bad-lines.ndjson:4: finding without a "message" string
perf-report: $R/bad-lines.ndjson:5: "value" is not a number
perf-report: 4 lines rejected
EOF2
end

begin "perf-report --rejects keeps every rejected line verbatim"
run perf-report --rejects rejected.ndjson "$R/bad-lines.ndjson"
expect_status 0
sed -n '2,5p' "$R/bad-lines.ndjson" | expect_file rejected.ndjson
end

begin "perf-report --strict stops at the first bad line with status 3 and no report"
run perf-report --strict "$R/bad-lines.ndjson"
expect_status 3
expect_stdout_empty
expect_stderr <<EOF2
perf-report: $R/bad-lines.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 36
perf-report: 1 line rejected
EOF2
end

begin "perf-report reports an unreadable file, renders the others and exits 3"
run perf-report missing.ndjson "$R/long.ndjson"
expect_status 3
expect_stdout_matches grep -q '^  pool=default  '
expect_stderr <<'EOF2'
perf-report: missing.ndjson: No such file or directory
EOF2
end

begin "perf-report ends quietly when its reader goes away (| head -1)"
awk 'BEGIN { for (s = 0; s < 3000; s++) for (w = 0; w < 10; w++)
    printf "{\"kind\":\"aggregate\",\"name\":\"m\",\"tags\":{\"i\":\"%d\"},\"start\":%d,\"count\":1,\"sum\":%d,\"min\":%d,\"max\":%d,\"mean\":%d}\n",
    s, 1764057600 + 10 * w, w, w, w, w }' >many.ndjson
run sh -c '{ perf-report many.ndjson; echo $? >report-status; } | head -1'
expect_status 0
expect_stdout <<'EOF2'
perfpipe report — 2025-11-25T08:00:00Z to 2025-11-25T08:01:30Z (1m30s)
EOF2
expect_stderr_empty
expect_file report-status <<'EOF2'
0
EOF2
end

begin "perf-report refuses an unknown format with status 2"
run perf-report --format yaml "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --format: unknown format "yaml" (text, json, markdown, html, csv, prometheus, openmetrics, influx, statsd, junit)
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "perf-report refuses a width below 20 columns with status 2"
run perf-report --width 5 "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --width: 5 is below the minimum 20
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "perf-report --min-severity warning shows only warnings and worse and says how many it left out"
run sh -c 'perf-report --min-severity warning --width 80 "$1" | sed -n "2p;/^FINDINGS/,\$p"' sh "$R/pipeline.ndjson"
expect_status 0
expect_stdout <<'EOF'
10 series in 60 windows, 3 alerts (1 firing, 1 pending, 1 resolved), 3 findings (1 below warning left out), 6 points not shown, 1 other record ignored
FINDINGS
  warning   trend        CPU utilization on web-1 rose steadily, by 10 points a
                         window (slope 0.01/s, r2 0.99).
  critical  anomaly      The p99 of request.duration{pool=a} at 08:00:30 was 4.2
                         standard deviations above its mean.

RECOMMENDATIONS
  → Pool a is slow while pool b is not: check pool a's workers before adding
    capacity.
EOF
expect_stderr_empty
end

begin "perf-report refuses an unknown --min-severity with status 2"
run perf-report --min-severity loud "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: --min-severity: unknown severity "loud" (info, warning, critical, emergency)
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
end

# A duration of DBL_MAX ms is 4.99e+301 hours: printed in full it was a
# line of hundreds of digits.  Python formats the raw figures of the
# record (3 significant digits, scientific notation beyond a million of
# the largest unit) and the Markdown row must read exactly that.
huge="$R/huge-duration.ndjson"
/usr/bin/python3 - "$huge" >"$WORK/huge-row" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
hours = lambda ms: "%.3g h" % (ms / 1000 / 3600)
p = r["percentiles"]
cells = ["pool=a", "1", str(r["count"]), hours(r["sum"] / r["count"]),
         "%.3g ms" % p["p50"], hours(p["p95"]), hours(p["p99"]), hours(r["max"]),
         "%.3g/s" % r["rate"]]
print("| " + " | ".join(cells) + " |")
PY
for format in text markdown html; do
	begin "perf-report --format $format prints a DBL_MAX ms duration as Python's 3 significant digits in hours, no run of digits"
	run perf-report --format "$format" "$huge"
	expect_status 0
	expect_stdout_matches grep -qF "$(cut -d'|' -f9 "$WORK/huge-row" | sed 's/^ //;s/ $//')"
	expect_stdout_matches sh -c '! grep -E "[0-9]{16}"'
	[ "$format" != markdown ] || expect_stdout_matches grep -qxF "$(cat "$WORK/huge-row")"
	expect_stderr_empty
	end
done

finish
