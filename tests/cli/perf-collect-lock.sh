#!/bin/sh
# perf-collect --state takes an exclusive flock on FILE.lock (issue 17,
# item 5): a run that overlaps another exits 75 (EX_TEMPFAIL) at once,
# reading nothing and leaving the state alone, or waits up to --wait; two
# overlapping cron runs over one file deliver every line exactly once.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
command -v flock >/dev/null 2>&1 || skip "flock(1) not found (util-linux)"

N=20000
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) printf "{\"name\":\"a\",\"value\":%d,\"ts\":%d}\n", i, i }' >all.log

# hold_lock SECONDS: another run's lock on run.state.lock, in the
# background; waits until it is taken.
hold_lock() {
	rm -f held
	flock run.state.lock sh -c ": >held; sleep $1" &
	holder=$!
	while [ ! -e held ]; do sleep 0.05; done
}

begin "a run that finds the lock taken exits 75 at once, says so, reads nothing, and leaves the state as it was"
head -n 10 all.log >app.log
perf-collect log --state run.state app.log >/dev/null
tail -n +11 all.log >>app.log
cp run.state old.state
hold_lock 5
run perf-collect log --state run.state app.log
expect_status 75
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: run.state: another run holds run.state.lock; try again later (or wait with --wait DURATION)
EOF
cmp -s run.state old.state || fail "the state changed"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
end

begin "--wait 0.3s gives up after 0.3 s with the same message and exit 75"
hold_lock 5
started=$(date +%s.%N)
run perf-collect log --state run.state --wait 0.3s app.log
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
expect_status 75
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: run.state: another run holds run.state.lock; try again later (or wait with --wait DURATION)
EOF
[ "$(echo "$elapsed >= 0.3 && $elapsed < 3" | bc)" = 1 ] || fail "gave up after $elapsed s"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
end

begin "--wait 10s waits for the other run to end, then reads on from the state"
hold_lock 1
run perf-collect log --state run.state --wait 10s app.log
expect_status 0
expect_stderr_empty
tail -n +11 all.log | diff - "$WORK/stdout" >/dev/null ||
	fail "not lines 11 to $N: $(wc -l <"$WORK/stdout") lines, first $(head -1 "$WORK/stdout")"
wait $holder
end

begin "two overlapping runs on one state and a growing file deliver every line exactly once"
rm -f run.state run.state.lock
head -n 10000 all.log >growing.log
perf-collect log --state run.state --wait 30s growing.log >run1.out 2>run1.err &
first=$!
# The second run starts once the first has the lock and is delivering:
# started at once, it could take the lock first on a slow machine and
# leave the first run nothing to read.
tries=0
while [ ! -s run1.out ] && [ "$tries" -lt 600 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
tail -n +10001 all.log >>growing.log
perf-collect log --state run.state --wait 30s growing.log >run2.out 2>run2.err
second_status=$?
wait $first
first_status=$?
[ "$first_status" -eq 0 ] && [ "$second_status" -eq 0 ] ||
	fail "exit statuses $first_status and $second_status: $(cat run1.err run2.err | head -3)"
cat run1.out run2.out | jq -r .value | sort -n >delivered
seq 1 $N | diff - delivered >/dev/null ||
	fail "$(wc -l <delivered) lines delivered, $(sort -u delivered | wc -l) distinct, of $N"
[ -s run1.out ] || fail "the first run delivered nothing: no overlap was tested"
end

finish
