#!/bin/sh
# perf-aggregate: streaming emission by watermark, --lateness, and late
# points rejected (counted, reported, kept by --rejects) rather than dropped.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

begin "with no lateness, points older than an emitted window are rejected with the window in the message"
run perf-aggregate -w 10 -p 50 --rejects late.ndjson "$D/late.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":100,"end":110,"first_ts":100,"last_ts":108,"window":{"type":"tumbling","size":10},"count":2,"sum":3,"min":1,"max":2,"mean":1.5,"stddev":0.7071067811865476,"rate":0.2,"last":2,"percentiles":{"p50":1},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":110,"end":120,"first_ts":112,"last_ts":112,"window":{"type":"tumbling","size":10},"count":1,"sum":3,"min":3,"max":3,"mean":3,"stddev":0,"rate":0.1,"last":3,"percentiles":{"p50":3},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":120,"end":130,"first_ts":125,"last_ts":125,"window":{"type":"tumbling","size":10},"count":1,"sum":5,"min":5,"max":5,"mean":5,"stddev":0,"rate":0.1,"last":5,"percentiles":{"p50":5},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":130,"end":140,"first_ts":131,"last_ts":131,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":7,"min":7,"max":7,"mean":7,"stddev":0,"rate":1,"last":7,"percentiles":{"p50":7},"quantiles":"exact"}
OUT
expect_stderr <<OUT
perf-aggregate: $D/late.ndjson:4: late point: its window [100, 110) was already closed (--lateness 0)
perf-aggregate: $D/late.ndjson:6: late point: its window [110, 120) was already closed (--lateness 0)
perf-aggregate: 2 lines rejected
OUT
expect_file late.ndjson <<'OUT'
{"name":"q","value":4,"ts":105}
{"name":"q","value":6,"ts":119}
OUT
end

begin "--lateness 10 keeps windows open for points up to 10 seconds out of order"
run perf-aggregate -w 10 --lateness 10 -p 50 "$D/late.ndjson"
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":100,"end":110,"first_ts":100,"last_ts":108,"window":{"type":"tumbling","size":10},"count":3,"sum":7,"min":1,"max":4,"mean":2.3333333333333335,"stddev":1.5275252316519465,"rate":0.3,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":110,"end":120,"first_ts":112,"last_ts":119,"window":{"type":"tumbling","size":10},"count":2,"sum":9,"min":3,"max":6,"mean":4.5,"stddev":2.1213203435596424,"rate":0.2,"last":6,"percentiles":{"p50":3},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":120,"end":130,"first_ts":125,"last_ts":125,"window":{"type":"tumbling","size":10},"count":1,"sum":5,"min":5,"max":5,"mean":5,"stddev":0,"rate":0.1,"last":5,"percentiles":{"p50":5},"quantiles":"exact"}
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":130,"end":140,"first_ts":131,"last_ts":131,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":7,"min":7,"max":7,"mean":7,"stddev":0,"rate":1,"last":7,"percentiles":{"p50":7},"quantiles":"exact"}
OUT
expect_stderr_empty
end

begin "--strict makes a late point fatal"
run perf-aggregate -w 10 --strict "$D/late.ndjson"
expect_status 3
expect_stderr <<OUT
perf-aggregate: $D/late.ndjson:4: late point: its window [100, 110) was already closed (--lateness 0)
perf-aggregate: 1 line rejected
OUT
end

# A live pipe: the first window must come out while the input is still
# open.  The reader waits for it on a FIFO; if perf-aggregate held it to
# the end of input, timeout would end the wait and the case would fail.
begin "a window is written as soon as the watermark passes its end, before the input ends"
mkfifo points.fifo aggregates.fifo
perf-aggregate -w 10 -p 50 <points.fifo >aggregates.fifo &
exec 3>points.fifo
printf '%s\n' '{"name":"q","value":1,"ts":100}' '{"name":"q","value":2,"ts":111}' >&3
run sh -c 'timeout 60 head -n 1 <aggregates.fifo'
exec 3>&-
wait
expect_status 0
expect_stdout <<'OUT'
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":100,"end":110,"first_ts":100,"last_ts":100,"window":{"type":"tumbling","size":10},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"rate":0.1,"last":1,"percentiles":{"p50":1},"quantiles":"exact"}
OUT
end

# The first window, read back from a FIFO, shows that the program has
# read both points; then SIGTERM must flush the window still open.
begin "SIGTERM flushes the windows still open before the program ends"
rm -f points.fifo aggregates.fifo
mkfifo points.fifo aggregates.fifo
perf-aggregate -w 10 -p 50 <points.fifo >aggregates.fifo &
pid=$!
exec 3>points.fifo 4<aggregates.fifo
printf '%s\n' '{"name":"q","value":1,"ts":100}' '{"name":"q","value":2,"ts":111}' >&3
IFS= read -r first <&4
kill -TERM $pid
cat <&4 >rest.ndjson
wait $pid
status=$?
exec 3>&- 4<&-
expect_status 0
printf '%s\n' "$first" >first.ndjson
expect_file first.ndjson <<'OUT'
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":100,"end":110,"first_ts":100,"last_ts":100,"window":{"type":"tumbling","size":10},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"rate":0.1,"last":1,"percentiles":{"p50":1},"quantiles":"exact"}
OUT
expect_file rest.ndjson <<'OUT'
{"kind":"aggregate","name":"q","tags":{},"type":"gauge","start":110,"end":120,"first_ts":111,"last_ts":111,"partial":true,"window":{"type":"tumbling","size":10},"count":1,"sum":2,"min":2,"max":2,"mean":2,"stddev":0,"rate":1,"last":2,"percentiles":{"p50":2},"quantiles":"exact"}
OUT
end

finish
