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

finish
