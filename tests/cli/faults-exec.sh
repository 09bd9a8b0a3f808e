#!/bin/sh
# An --exec command that hangs: perf-alert kills its whole process group
# after --exec-timeout, reports it on one line, and with --state keeps the
# alert to deliver on the next run (without --state the run exits 3).
# The command records its pids, so the test checks that none survives.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

printf '%s\n' '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' >aggregate.ndjson
# sh starts a background sleep (a grandchild of perf-alert) and waits
# with a sleep of its own, ignoring SIGTERM and SIGHUP.
# alive PID: true while PID runs (a zombie, killed but not yet reaped by
# an init that may never reap it, is dead).  Waits up to 10 s for it to go.
alive() {
	tries=0
	while [ "$tries" -lt 100 ]; do
		state=$(ps -o stat= -p "$1" 2>/dev/null)
		case $state in
		'' | Z*) return 1 ;;
		esac
		tries=$((tries + 1))
		sleep 0.1
	done
	return 0
}

cat >hang.sh <<'EOF'
trap '' TERM HUP INT
sleep 300 &
echo $! >>pids
echo $$ >>pids
sleep 300
EOF

begin "a hanging --exec command is killed with its children after --exec-timeout, reported, and the run exits 3"
run perf-alert -t 'a:mean > 1' --exec-timeout 300ms -o /dev/null --exec sh hang.sh ';' aggregate.ndjson
expect_status 3
expect_stderr <<'EOF'
perf-alert: --exec sh: alert 1237bb20d0589323 (firing): timed out after 0.3s and was killed
perf-alert: 1 alert could not be delivered (use --state to retry them)
EOF
[ "$(wc -l <pids)" -eq 2 ] || fail "the command did not start its children"
for pid in $(cat pids); do
	if alive "$pid"; then
		fail "process $pid of the command survived"
		kill -9 "$pid"
	fi
done
end

begin "with --state the alert that timed out is kept and delivered by the next run"
rm -f pids
run perf-alert -t 'a:mean > 1' --exec-timeout 300ms --state alert.state -o /dev/null \
    --exec sh hang.sh ';' aggregate.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-alert: --exec sh: alert 1237bb20d0589323 (firing): timed out after 0.3s and was killed; kept in the state file to retry on the next run
EOF
jq -c '[.undelivered[] | .state]' alert.state >kept
expect_file kept <<'EOF'
["firing"]
EOF
run perf-alert -t 'a:mean > 1' --state alert.state -o /dev/null --exec sh -c 'cat >delivered' ';'
expect_status 0
expect_stderr_empty
jq -c '[.id, .state]' delivered >got
expect_file got <<'EOF'
["1237bb20d0589323","firing"]
EOF
for pid in $(cat pids); do
	alive "$pid" && { fail "process $pid survived"; kill -9 "$pid"; }
done
end

begin "SIGTERM during a hanging --exec: no command starts after it, the run ends within one --exec-timeout, and a rerun delivers every alert"
rm -f pids term.state
awk 'BEGIN { for (i = 0; i < 5; i++) printf "{\"kind\":\"aggregate\",\"name\":\"a\",\"tags\":{\"h\":\"%d\"},\"start\":0,\"end\":60,\"count\":1,\"mean\":5}\n", i }' >five.ndjson
# five alerts whose command hung, kept in the state to retry
perf-alert -t 'a:mean > 1' --exec-timeout 100ms --state term.state -o /dev/null \
    --exec sh hang.sh ';' five.ndjson 2>/dev/null
[ "$(jq '.undelivered | length' term.state)" -eq 5 ] || fail "the first run did not keep 5 alerts"
for pid in $(cat pids); do
	alive "$pid" && { fail "process $pid survived"; kill -9 "$pid"; }
done
rm -f pids
started=$(date +%s%N)
perf-alert -t 'a:mean > 1' --exec-timeout 2s --state term.state -o /dev/null \
    --exec sh hang.sh ';' /dev/null 2>term.err &
pid=$!
sleep 0.5
kill -TERM $pid
wait $pid
status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_status 0
# five alerts at 2 s each would take 10 s; one timeout is 2 s
[ "$elapsed_ms" -lt 4000 ] || fail "the run took ${elapsed_ms} ms after SIGTERM, more than one --exec-timeout (2 s) and slack"
[ "$(jq '.undelivered | length' term.state)" -eq 5 ] ||
	fail "$(jq '.undelivered | length' term.state) alerts kept in the state, expected 5: $(cat term.err)"
[ "$(wc -l <pids)" -eq 2 ] || fail "more than one command started: $(wc -l <pids) pids"
for pid in $(cat pids); do
	if alive "$pid"; then
		fail "process $pid of the command survived"
		kill -9 "$pid"
	fi
done
# a rerun delivers the five
printf '%s\n' 'cat >>delivered.ndjson' 'echo >>delivered.ndjson' >append.sh
perf-alert -t 'a:mean > 1' --state term.state -o /dev/null --exec sh append.sh ';' /dev/null 2>term.err ||
	fail "the rerun failed: $(cat term.err)"
jq -r 'select(.kind == "alert") | .tags.h' delivered.ndjson | sort >delivered
expect_file delivered <<'EOF'
0
1
2
3
4
EOF
end

begin "an alert too large for the environment (a 200 KB tag) is delivered with its fields on standard input only, not retried forever"
/usr/bin/python3 -c 'import json; print(json.dumps({"kind":"aggregate","name":"a","tags":{"big":"x"*200000},"start":0,"end":60,"count":1,"mean":5}))' >big.ndjson
cat >receive.sh <<'EOF'
cat >received.json
printf '%s|%s|%s\n' "$PERFPIPE_ALERT_STATE" "${PERFPIPE_ALERT_TAGS:-no tags}" "$PERFPIPE_ALERT_NAME" >received.env
EOF
rm -f big.state
run perf-alert -t 'a:mean > 1' --state big.state -o /dev/null --exec sh receive.sh ';' big.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-alert: --exec sh: the alert is too large for the environment: its tags and description on standard input only
EOF
expect_file received.env <<'EOF'
firing|no tags|a
EOF
[ "$(jq -r '.tags.big | length' received.json)" -eq 200000 ] || fail "the tag did not reach standard input whole"
[ "$(jq '.undelivered | length' big.state)" -eq 0 ] || fail "the alert was kept to retry"
end

finish
