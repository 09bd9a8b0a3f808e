#!/bin/sh
# A reader that goes away (| head -1): every program ends quietly, with no
# message and exit status 0, and stops reading its input -- an endless
# input must not keep it running (timeout 60 only guards against a hang).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

endless() {
	awk 'BEGIN { for (i = 0; ; i++) printf "{\"name\":\"a\",\"value\":%d,\"ts\":%d}\n", i, 1764057600 + i }'
}

# closed CMD...: runs endless | CMD | head -1; leaves CMD's status in
# status, its stderr in stderr and what head printed in stdout.
closed() {
	endless | { timeout 60 "$@" 2>"$WORK/stderr"; echo $? >"$WORK/status"; } | head -1 >"$WORK/stdout"
	status=$(cat "$WORK/status")
}

begin "perf-collect log stops quietly with status 0 when its reader goes away"
closed perf-collect log
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":0,"ts":1764057600}
EOF
expect_stderr_empty
end

begin "perf-aggregate stops quietly with status 0 when its reader goes away"
closed perf-aggregate --window 1s
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"a","tags":{},"type":"gauge","start":1764057600,"end":1764057601,"first_ts":1764057600,"last_ts":1764057600,"window":{"type":"tumbling","size":1},"count":1,"sum":0,"min":0,"max":0,"mean":0,"stddev":0,"rate":1,"last":0,"percentiles":{"p50":0,"p95":0,"p99":0,"p99.9":0},"quantiles":"exact"}
EOF
expect_stderr_empty
end

begin "perf-analyze stops quietly with status 0 when its reader goes away"
closed perf-analyze
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":0,"ts":1764057600}
EOF
expect_stderr_empty
end

begin "perf-alert stops quietly with status 0 when its reader goes away"
closed perf-alert -t 'a:mean > 1'
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":0,"ts":1764057600}
EOF
expect_stderr_empty
end

begin "perf-collect system stops quietly with status 0 when its reader goes away"
{ timeout 60 perf-collect system -i 10ms 2>"$WORK/stderr"; echo $? >"$WORK/status"; } | head -1 >/dev/null
status=$(cat "$WORK/status")
expect_status 0
expect_stderr_empty
end

begin "perf-report stops quietly with status 0 when its reader goes away after the first line of a long report"
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "{\"kind\":\"aggregate\",\"name\":\"s%d\",\"start\":0,\"end\":60,\"count\":1,\"mean\":1}\n", i }' >many.ndjson
for format in text csv json influx statsd prometheus; do
	{ timeout 60 perf-report --format "$format" many.ndjson 2>"$WORK/stderr"; echo $? >"$WORK/status"; } | head -1 >/dev/null
	status=$(cat "$WORK/status")
	expect_status 0
	expect_stderr_empty
done
end

finish
