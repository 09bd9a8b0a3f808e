# --self-metrics and --self-metrics-interval (issue 8, item 7): every
# program adds its own counters to its output as perfpipe.PROGRAM.* points
# at the end (perf-report and perf-alert --format alertmanager, whose output
# is not a stream, write them to stderr).  Times, CPU seconds and resident
# sizes vary from run to run: the tests check that "ts" is a time and that
# the two usage values are numbers in range, then compare everything else,
# counts included, exactly.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# The self-metric points of FILE, with ts, cpu_seconds and max_rss_bytes
# replaced by "ok" when they are in range (or kept, to show what is wrong).
normalise() {
	jq -c 'select(.name | startswith("perfpipe."))
	    | if .ts > 1700000000 then .ts = "ok" else . end
	    | if (.name | endswith(".cpu_seconds")) and .value >= 0 then .value = "ok"
	      elif (.name | endswith(".max_rss_bytes")) and .value > 0 then .value = "ok"
	      else . end' "$1"
}
# The records of FILE other than self-metric points.
others() { jq -c 'select(.name // "" | startswith("perfpipe.") | not)' "$1"; }

cat >in.ndjson <<'EOF'
{"name":"rt","value":10,"ts":1764000000,"tags":{"pool":"a"}}
{"name":"rt","value":20,"ts":1764000001,"tags":{"pool":"b"}}
not json
{"name":"rt","value":30,"ts":1764000070,"tags":{"pool":"a"}}
{"name":"rt","value":40,"ts":1764000002,"tags":{"pool":"a"}}
{"kind":"finding","type":"summary","name":"x","tags":{},"severity":"info","message":"m"}
EOF

begin "perf-aggregate counts lines in, records out, rejected and late lines, and the most series held"
run perf-aggregate --window 1m --self-metrics in.ndjson
expect_status 0
cp stdout with-metrics
normalise with-metrics >metrics
expect_file metrics <<'EOF'
{"name":"perfpipe.aggregate.records_in","value":6,"ts":"ok","type":"cumulative","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.records_out","value":4,"ts":"ok","type":"cumulative","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.rejected","value":2,"ts":"ok","type":"cumulative","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.late","value":1,"ts":"ok","type":"cumulative","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.series","value":3,"ts":"ok","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.cpu_seconds","value":"ok","ts":"ok","type":"cumulative","unit":"s","tags":{"program":"aggregate"}}
{"name":"perfpipe.aggregate.max_rss_bytes","value":"ok","ts":"ok","unit":"bytes","tags":{"program":"aggregate"}}
EOF
run perf-aggregate --window 1m in.ndjson
others with-metrics >rest
expect_file rest <stdout
end

begin "the self-metric points come last and all carry the same time"
run sh -c 'tail -n 7 with-metrics | jq -r .name | cut -d. -f1; tail -n 7 with-metrics | jq .ts | sort -u | wc -l'
expect_stdout <<'EOF'
perfpipe
perfpipe
perfpipe
perfpipe
perfpipe
perfpipe
perfpipe
1
EOF
end

begin "perf-collect tags its points with the subcommand and leaves late and series out"
run perf-collect log --self-metrics in.ndjson
expect_status 0
normalise stdout >metrics
expect_file metrics <<'EOF'
{"name":"perfpipe.collect.records_in","value":6,"ts":"ok","type":"cumulative","tags":{"program":"collect","subcommand":"log"}}
{"name":"perfpipe.collect.records_out","value":5,"ts":"ok","type":"cumulative","tags":{"program":"collect","subcommand":"log"}}
{"name":"perfpipe.collect.rejected","value":1,"ts":"ok","type":"cumulative","tags":{"program":"collect","subcommand":"log"}}
{"name":"perfpipe.collect.cpu_seconds","value":"ok","ts":"ok","type":"cumulative","unit":"s","tags":{"program":"collect","subcommand":"log"}}
{"name":"perfpipe.collect.max_rss_bytes","value":"ok","ts":"ok","unit":"bytes","tags":{"program":"collect","subcommand":"log"}}
EOF
end

perf-aggregate --window 1m in.ndjson >aggregates 2>/dev/null

begin "perf-analyze counts the series it holds"
run perf-analyze --self-metrics aggregates
expect_status 0
normalise stdout >metrics
expect_file metrics <<'EOF'
{"name":"perfpipe.analyze.records_in","value":4,"ts":"ok","type":"cumulative","tags":{"program":"analyze"}}
{"name":"perfpipe.analyze.records_out","value":4,"ts":"ok","type":"cumulative","tags":{"program":"analyze"}}
{"name":"perfpipe.analyze.rejected","value":0,"ts":"ok","type":"cumulative","tags":{"program":"analyze"}}
{"name":"perfpipe.analyze.series","value":2,"ts":"ok","tags":{"program":"analyze"}}
{"name":"perfpipe.analyze.cpu_seconds","value":"ok","ts":"ok","type":"cumulative","unit":"s","tags":{"program":"analyze"}}
{"name":"perfpipe.analyze.max_rss_bytes","value":"ok","ts":"ok","unit":"bytes","tags":{"program":"analyze"}}
EOF
end

begin "perf-alert counts records passed on and alerts as records out"
run perf-alert -t 'rt:p99 > 15' --self-metrics aggregates
expect_status 0
normalise stdout >metrics
expect_file metrics <<'EOF'
{"name":"perfpipe.alert.records_in","value":4,"ts":"ok","type":"cumulative","tags":{"program":"alert"}}
{"name":"perfpipe.alert.records_out","value":5,"ts":"ok","type":"cumulative","tags":{"program":"alert"}}
{"name":"perfpipe.alert.rejected","value":0,"ts":"ok","type":"cumulative","tags":{"program":"alert"}}
{"name":"perfpipe.alert.series","value":2,"ts":"ok","tags":{"program":"alert"}}
{"name":"perfpipe.alert.cpu_seconds","value":"ok","ts":"ok","type":"cumulative","unit":"s","tags":{"program":"alert"}}
{"name":"perfpipe.alert.max_rss_bytes","value":"ok","ts":"ok","unit":"bytes","tags":{"program":"alert"}}
EOF
end

begin "perf-alert --format alertmanager keeps its array clean and writes the points to stderr"
run perf-alert -t 'rt:p99 > 15' --format alertmanager aggregates
cp stdout plain
run perf-alert -t 'rt:p99 > 15' --format alertmanager --self-metrics aggregates
expect_status 0
expect_file stdout <plain
normalise stderr | jq -r .name >names
expect_file names <<'EOF'
perfpipe.alert.records_in
perfpipe.alert.records_out
perfpipe.alert.rejected
perfpipe.alert.series
perfpipe.alert.cpu_seconds
perfpipe.alert.max_rss_bytes
EOF
end

begin "perf-report writes its report unchanged and the points to stderr"
run perf-report aggregates
cp stdout report
run perf-report --self-metrics aggregates
expect_status 0
expect_file stdout <report
normalise stderr >metrics
expect_file metrics <<'EOF'
{"name":"perfpipe.report.records_in","value":4,"ts":"ok","type":"cumulative","tags":{"program":"report"}}
{"name":"perfpipe.report.records_out","value":0,"ts":"ok","type":"cumulative","tags":{"program":"report"}}
{"name":"perfpipe.report.rejected","value":0,"ts":"ok","type":"cumulative","tags":{"program":"report"}}
{"name":"perfpipe.report.series","value":2,"ts":"ok","tags":{"program":"report"}}
{"name":"perfpipe.report.cpu_seconds","value":"ok","ts":"ok","type":"cumulative","unit":"s","tags":{"program":"report"}}
{"name":"perfpipe.report.max_rss_bytes","value":"ok","ts":"ok","unit":"bytes","tags":{"program":"report"}}
EOF
end

begin "--self-metrics-interval adds the points during a long run too, with growing counts"
run perf-collect system -i 0.2 -n 3 --self-metrics-interval 0.1s
expect_status 0
jq -c 'select(.name == "perfpipe.collect.records_in") | .value' stdout >counts
run sh -c 'wc -l <counts; sort -n -c counts && echo sorted; tail -n 1 counts'
expect_stdout_matches sh -c 'read emissions && [ "$emissions" -ge 2 ] && read sorted && [ "$sorted" = sorted ] && read last && [ "$last" = 3 ]'
end

begin "the self-metric points of one program aggregate downstream like any others"
run sh -c 'perf-aggregate --window 1m --self-metrics in.ndjson 2>/dev/null | perf-aggregate --by program | jq -c "select(.name == \"perfpipe.aggregate.records_in\") | [.tags, .type, .count, .last]"'
expect_status 0
expect_stdout <<'EOF'
[{"program":"aggregate"},"cumulative",1,6]
EOF
end

begin "--self-metrics-interval needs a duration above zero"
run perf-aggregate --self-metrics-interval 0 in.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --self-metrics-interval: the duration must be greater than zero
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "a usage error writes no self metrics"
run perf-aggregate --self-metrics --window nope in.ndjson
expect_status 2
expect_stdout_empty
end

finish
