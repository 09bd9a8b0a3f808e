#!/bin/sh
# perfpipe, the driver: it tells each format from its first lines, runs
# the pipeline --explain prints (the same report, byte for byte), passes
# --window, --by, -t, --fail-on and -o through with their exit statuses,
# and refuses a file it cannot tell with the formats it tried.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
SAMPLES="$DATA/samples"
HERE="$DATA/perfpipe"
KV="$DATA/perf-collect/nginx-timed.log"

# The hand-written pipeline for each sample: what perfpipe must run.
requests_report() {
	perf-collect log --format jsonl "$1" |
		perf-aggregate --window 1m --by pool --accuracy 0.01 | perf-analyze | perf-report
}
snakepit_report() {
	perf-collect log --format snakepit "$1" |
		perf-aggregate --window 1m --by pool --accuracy 0.01 | perf-analyze | perf-report
}

gzip -c "$SAMPLES/requests.ndjson" >requests.ndjson.gz
gzip -c "$SAMPLES/snakepit-telemetry.ndjson" >snakepit.ndjson.gz
gzip -c "$KV" >access.log.gz
requests_report "$SAMPLES/requests.ndjson" >requests.expected 2>/dev/null
snakepit_report "$SAMPLES/snakepit-telemetry.ndjson" >snakepit.expected 2>/dev/null

begin "the hand-written pipeline gives a report of the requests sample (the reference is not empty)"
run grep -c "pool=gpu" requests.expected
expect_status 0
expect_stdout_matches grep -Eqx '[1-9][0-9]*'
end

begin "perfpipe on the requests sample prints the report of the jsonl pipeline grouped by pool"
run perfpipe "$SAMPLES/requests.ndjson"
expect_status 0
expect_stdout <requests.expected
expect_stderr_empty
end

begin "perfpipe on a gzip of the requests sample prints the same report"
run perfpipe requests.ndjson.gz
expect_status 0
expect_stdout <requests.expected
expect_stderr_empty
end

begin "perfpipe on the Snakepit sample prints the report of the snakepit pipeline grouped by pool"
run perfpipe "$SAMPLES/snakepit-telemetry.ndjson"
expect_status 0
expect_stdout <snakepit.expected
expect_stderr_empty
end

begin "perfpipe on a gzip of the Snakepit sample prints the same report"
run perfpipe snakepit.ndjson.gz
expect_status 0
expect_stdout <snakepit.expected
expect_stderr_empty
end

# --explain: the pipeline per format (this is the detection).
begin "perfpipe --explain names perfpipe JSON lines with a pool tag jsonl, grouped by pool"
run perfpipe --explain "$SAMPLES/requests.ndjson"
expect_status 0
expect_stdout <<EOF
perf-collect log --format jsonl $SAMPLES/requests.ndjson |
  perf-aggregate --window 1m --by pool --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain tells Snakepit telemetry inside gzip"
run perfpipe --explain snakepit.ndjson.gz
expect_status 0
expect_stdout <<'EOF'
perf-collect log --format snakepit snakepit.ndjson.gz |
  perf-aggregate --window 1m --by pool --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain reads a combined log with the nginx preset, grouped by path class and status class"
run perfpipe --explain "$DATA/perf-collect/nginx-combined.log"
expect_status 0
expect_stdout <<EOF
perf-collect log --format nginx --path-class $DATA/perf-collect/nginx-combined.log |
  perf-aggregate --window 1m --by path_class,status_class --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain reads the Common Log Format with its log_format"
run perfpipe --explain "$HERE/common.log"
expect_status 0
expect_stdout <<EOF
perf-collect log --format nginx --log-format '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent' --path-class $HERE/common.log |
  perf-aggregate --window 1m --by path_class,status_class --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain reads combined then key=value: rt and urt as durations, quoted values unquoted, uct (a timing) left out, pool a tag and the grouping"
run perfpipe --explain access.log.gz
expect_status 0
expect_stdout <<'EOF'
perf-collect log --format nginx --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$uct" urt="$upstream_response_time" pool=$pool' --tag-from pool=pool --path-class access.log.gz |
  perf-aggregate --window 1m --by pool --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain reads Prometheus text with a pool label, grouped by pool"
run perfpipe --explain "$HERE/metrics.prom"
expect_status 0
expect_stdout <<EOF
perf-collect log --format prometheus $HERE/metrics.prom |
  perf-aggregate --window 1m --by pool --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain reads a CSV header: numeric columns as points, text and HTTP codes as tags, ms times scaled, ids left out"
run perfpipe --explain "$HERE/loadtest.csv"
expect_status 0
expect_stdout <<EOF
perf-collect log --format csv --map '({"label": .["label"], "responseCode": .["responseCode"]} | with_entries(select(.value != ""))) as \$tags | (.["timeStamp"] | tonumber / 1e3) as \$ts | (select(.["elapsed"] != "") | {name: "elapsed", value: (.["elapsed"] | tonumber), ts: \$ts, tags: \$tags}), (select(.["bytes"] != "") | {name: "bytes", value: (.["bytes"] | tonumber), ts: \$ts, tags: \$tags})' $HERE/loadtest.csv |
  perf-aggregate --window 1m --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --explain with --format csv on a tab-separated file passes --delimiter tab"
printf 'ts\tlatency_ms\n1764928800\t12\n' >tabs.tsv
run perfpipe --explain --format csv tabs.tsv
expect_status 0
expect_stdout <<'EOF'
perf-collect log --format csv --delimiter tab --map '({} | with_entries(select(.value != ""))) as $tags | (.["ts"] | tonumber) as $ts | (select(.["latency_ms"] != "") | {name: "latency_ms", value: (.["latency_ms"] | tonumber), ts: $ts, unit: "ms", tags: $tags})' tabs.tsv |
  perf-aggregate --window 1m --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
end

# The pipeline --explain prints, run by sh, is what perfpipe runs.
for input in "$SAMPLES/requests.ndjson" snakepit.ndjson.gz access.log.gz "$HERE/common.log" \
    "$HERE/loadtest.csv" "$HERE/metrics.prom"; do
	perfpipe "$input" >direct.out 2>direct.err
	begin "the --explain pipeline of $(basename "$input") run by sh gives perfpipe's report byte for byte"
	perfpipe --explain "$input" >pipeline.sh
	run sh pipeline.sh
	expect_status 0
	expect_stdout <direct.out
	expect_stderr <direct.err
	end
	begin "perfpipe's report of $(basename "$input") has a METRICS table (the comparison above compared something)"
	run grep -c "^METRICS" direct.out
	expect_status 0
	expect_stdout <<'EOF'
1
EOF
	end
done

begin "perfpipe passes a file named like an option to perf-collect after --"
cp "$HERE/common.log" ./-odd.log
run perfpipe --explain -- -odd.log
expect_status 0
expect_stdout <<'EOF'
perf-collect log --format nginx --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent' --path-class -- -odd.log |
  perf-aggregate --window 1m --by path_class,status_class --accuracy 0.01 |
  perf-analyze |
  perf-report
EOF
expect_stderr_empty
run perfpipe -- -odd.log
expect_status 0
expect_stdout_matches grep -q '^  path_class=/api,status_class=5xx '
end

begin "perfpipe --window, --by, -t and --fail-on reach perf-aggregate and perf-alert, in the pipeline it prints"
run perfpipe --explain -w 5m -b status_class -t 'request.duration:p99 > 100 @warning' \
    --fail-on warning "$HERE/common.log"
expect_status 0
expect_stdout <<EOF
perf-collect log --format nginx --log-format '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent' --path-class $HERE/common.log |
  perf-aggregate --window 5m --by status_class --accuracy 0.01 |
  perf-analyze |
  perf-alert -t 'request.duration:p99 > 100 @warning' --fail-on warning |
  perf-report
EOF
expect_stderr_empty
end

begin "perfpipe --fail-on exits 1 with perf-alert's count when a rule fires, and the report shows the alerts"
run perfpipe -t 'request.duration:p99 > 100 @warning' --fail-on warning access.log.gz
expect_status 1
expect_stdout_matches grep -Eq '^ *WARNING +firing +request.duration[{]pool=default[}]'
expect_stderr <<'EOF'
perf-alert: firing: 0 emergency, 0 critical, 2 warning, 0 info; --fail-on warning: failed
EOF
end

begin "perfpipe --fail-on exits 0 when no rule fires"
run perfpipe -t 'request.duration:p99 > 100000 @warning' --fail-on warning access.log.gz
expect_status 0
expect_stderr <<'EOF'
perf-alert: firing: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on warning: passed
EOF
end

for pair in report.html:html report.md:markdown report.csv:csv report.prom:prometheus; do
	file=${pair%%:*}
	format=${pair#*:}
	begin "perfpipe -o $file writes perf-report's $format format to the file and nothing to stdout"
	perf-collect log --format jsonl "$SAMPLES/requests.ndjson" |
		perf-aggregate --window 1m --by pool --accuracy 0.01 | perf-analyze |
		perf-report --format "$format" >expected.out 2>/dev/null
	run perfpipe -o "$file" "$SAMPLES/requests.ndjson"
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
	run cat "$file"
	expect_stdout <expected.out
	end
done

begin "perfpipe -o with an extension that names no format is a usage error"
run perfpipe -o report.pdf "$SAMPLES/requests.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perfpipe: -o: "report.pdf" does not end in .html, .md, .csv, .prom, .json or .txt, which name the report's format
Try `perfpipe --help' or `perfpipe --usage' for more information.
EOF
end

begin "perfpipe refuses a format it cannot tell, naming what it tried and --format"
run perfpipe "$HERE/unknown.statsd"
expect_status 3
expect_stdout_empty
expect_stderr <<EOF
perfpipe: $HERE/unknown.statsd: cannot tell the format from its first lines (tried nginx/Apache combined and common, combined with key=value fields, perfpipe JSON lines, Snakepit telemetry, Prometheus text and CSV with a header); name it with --format combined, common, combined-kv, jsonl, snakepit, prometheus or csv, or run perf-collect log yourself
EOF
end

begin "perfpipe refuses a file of blank lines as empty"
run perfpipe "$HERE/blank.log"
expect_status 3
expect_stdout_empty
expect_stderr <<EOF
perfpipe: $HERE/blank.log: the file is empty
EOF
end

begin "perfpipe refuses a file that does not exist before running anything"
run perfpipe missing.log
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perfpipe: missing.log: No such file or directory
EOF
end

begin "perfpipe refuses files of two formats"
run perfpipe "$HERE/common.log" "$HERE/metrics.prom"
expect_status 3
expect_stdout_empty
expect_stderr <<EOF
perfpipe: $HERE/common.log is common but $HERE/metrics.prom is prometheus: give files of one format
EOF
end

begin "perfpipe --format combined-kv on a log without key=value fields says the first line does not fit"
run perfpipe --format combined-kv "$HERE/common.log"
expect_status 3
expect_stdout_empty
expect_stderr <<EOF
perfpipe: $HERE/common.log: the first line is not combined-kv
EOF
end

begin "perfpipe --format with an unknown name is a usage error"
run perfpipe --format syslog "$HERE/common.log"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perfpipe: --format: "syslog" is not combined, common, combined-kv, jsonl, snakepit, prometheus or csv
Try `perfpipe --help' or `perfpipe --usage' for more information.
EOF
end

begin "perfpipe exits with the worst status of its stages: 2 when perf-aggregate refuses the --window passed through"
run perfpipe -w fortnight "$HERE/common.log"
expect_status 2
expect_stdout <<'EOF'
perfpipe report
0 series in 0 windows, 0 alerts (0 firing), 0 findings

No aggregates, findings or alerts in the input.
EOF
expect_stderr <<'EOF'
perf-aggregate: --window: "fortnight": expected a number at "fortnight"
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "perfpipe exits 3 when perf-collect cannot read a file given after the first"
mkdir not-a-file.log
run perfpipe --format common "$HERE/common.log" not-a-file.log
expect_status 3
expect_stdout_matches grep -q '^perfpipe report'
expect_stderr <<'EOF'
perf-collect: not-a-file.log: read failed: Is a directory
EOF
end

# Independent figures: the request count and the largest request time per
# pool, from the raw key=value log with Python, against perfpipe's report.
begin "perfpipe's request.completed counts and request.duration maxima per pool equal Python's over the raw log"
/usr/bin/python3 - "$KV" >python.out <<'PYEOF'
import re, sys
count, longest = {}, {}
for line in open(sys.argv[1]):
    pool = re.search(r' pool=(\S+)$', line.rstrip('\n')).group(1)
    pool = '—' if pool == '-' else 'pool=' + pool
    rt = float(re.search(r' rt=([0-9.]+) ', line).group(1)) * 1000
    count[pool] = count.get(pool, 0) + 1
    longest[pool] = max(longest.get(pool, 0), rt)
for pool in sorted(count):
    print(pool, count[pool], '%g ms' % longest[pool])
PYEOF
COLUMNS=200 perfpipe "$KV" >report.txt
run awk '
	/^request.completed/ { section = "completed"; next }
	/^request.duration/ { section = "duration"; next }
	/^$/ { section = "" }
	section != "" && $1 != "SERIES" { key = $1 }
	section == "completed" && $1 != "SERIES" { count[key] = $3 }
	section == "duration" && $1 != "SERIES" { longest[key] = $(NF - 3) " " $(NF - 2) }
	END { for (k in count) print k, count[k], longest[k] }' report.txt
sort stdout >report.figures
run sort report.figures
expect_stdout <python.out
end

begin "the figures compared above are four pools' (the comparison compared something)"
run awk 'END { print NR }' python.out
expect_stdout <<'EOF'
4
EOF
end

finish
