#!/bin/sh
# SIGTERM and SIGINT in the middle of a stream: each program stops reading,
# writes what it holds (perf-aggregate its open windows, perf-analyze its
# findings on what it read, perf-alert its --state, perf-collect --follow
# its --state) and exits 0, as if the input had ended there.  The input is
# a fifo that the test keeps open, so the program is surely waiting in the
# middle of the stream when the signal comes; "ready" is when its output
# (a pipe, flushed per batch) shows it has read what was written.  No sleep
# is an assertion: the wait for readiness is a generous 30 s poll.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# midstream SIGNAL INPUT READY CMD...: runs CMD on the fifo "in" fed with
# INPUT and held open, waits until its output has READY lines, sends
# SIGNAL, then closes the fifo.  Leaves stdout, stderr and status as run
# does.
midstream() {
	signal=$1 input=$2 ready=$3
	shift 3
	rm -f in out.fifo "$WORK/stdout"
	mkfifo in out.fifo
	"$@" in >out.fifo 2>"$WORK/stderr" &
	pid=$!
	cat out.fifo >"$WORK/stdout" &
	reader=$!
	exec 3>in
	cat "$input" >&3
	wait_lines "$ready" "$WORK/stdout"
	kill "-$signal" "$pid"
	wait "$pid"
	status=$?
	exec 3>&-
	wait "$reader"
}

printf '%s\n' '{"name":"a","value":1,"ts":0}' '{"name":"a","value":2,"ts":61}' \
    '{"name":"a","value":3,"ts":62}' >points.ndjson

for signal in TERM INT; do
	begin "perf-aggregate on SIG$signal writes its open window and exits 0"
	midstream "$signal" points.ndjson 1 perf-aggregate --window 1m
	expect_status 0
	expect_stdout <<'EOF'
{"kind":"aggregate","name":"a","tags":{},"type":"gauge","start":0,"end":60,"first_ts":0,"last_ts":0,"window":{"type":"tumbling","size":60},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"rate":0.016666666666666666,"last":1,"percentiles":{"p50":1,"p95":1,"p99":1,"p99.9":1},"quantiles":"exact"}
{"kind":"aggregate","name":"a","tags":{},"type":"gauge","start":60,"end":120,"first_ts":61,"last_ts":62,"partial":true,"window":{"type":"tumbling","size":60},"count":2,"sum":5,"min":2,"max":3,"mean":2.5,"stddev":0.7071067811865476,"rate":1,"last":3,"percentiles":{"p50":2,"p95":3,"p99":3,"p99.9":3},"quantiles":"exact"}
EOF
	expect_stderr_empty
	end
done

# (the trend of three points is no discovery at --fdr 0.05: only the
# summary says what was read)
begin "perf-analyze on SIGTERM analyzes what it read and exits 0"
midstream TERM points.ndjson 3 perf-analyze
expect_status 0
sed 1,3d "$WORK/stdout" | jq -c '[.kind, .type, .name, .n]' >findings
expect_file findings <<'EOF'
["finding","summary","a",3]
EOF
expect_stderr_empty
end

printf '%s\n' \
    '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' \
    '{"kind":"aggregate","name":"a","tags":{},"start":60,"end":120,"count":1,"mean":6}' >firing.ndjson
printf '%s\n' \
    '{"kind":"aggregate","name":"a","tags":{},"start":120,"end":180,"count":1,"mean":0}' >resolving.ndjson

begin "perf-alert on SIGTERM saves --state, and the next run resolves the alert it fired"
midstream TERM firing.ndjson 2 perf-alert -t 'a:mean > 1' --state alert.state
expect_status 0
jq -c 'select(.kind == "alert") | [.state, .triggered_at]' "$WORK/stdout" >alerts
expect_file alerts <<'EOF'
["firing",60]
EOF
expect_stderr_empty
run perf-alert -t 'a:mean > 1' --state alert.state resolving.ndjson
expect_status 0
jq -c 'select(.kind == "alert") | [.state, .triggered_at, .resolved_at]' "$WORK/stdout" >alerts
expect_file alerts <<'EOF'
["resolved",60,180]
EOF
end

begin "perf-collect --follow on SIGTERM stops, writes --state, and the next run reads only new lines"
printf '%s\n' '{"name":"a","value":1,"ts":1}' '{"name":"a","value":2,"ts":2}' >app.log
rm -f out.fifo
mkfifo out.fifo
perf-collect log --follow --state collect.state app.log >out.fifo 2>"$WORK/stderr" &
pid=$!
cat out.fifo >"$WORK/stdout" &
reader=$!
wait_lines 2 "$WORK/stdout"
kill -TERM "$pid"
wait "$pid"
status=$?
wait "$reader"
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":1,"ts":1}
{"name":"a","value":2,"ts":2}
EOF
expect_stderr_empty
printf '%s\n' '{"name":"a","value":3,"ts":3}' >>app.log
run perf-collect log --state collect.state app.log
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":3,"ts":3}
EOF
expect_stderr_empty
end

finish
