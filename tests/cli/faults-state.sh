#!/bin/sh
# Damaged and foreign state files: truncated, empty, of another version,
# or written by the other program (perf-alert given perf-collect's state
# and the reverse).  A state that belongs to someone else is refused
# (exit 3) and left byte for byte as it was; perf-collect's own damaged
# state only costs a fresh start, which it says.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

printf '%s\n' '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' >aggregate.ndjson
printf '%s\n' '{"name":"a","value":1,"ts":1}' >app.log
perf-alert -t 'a:mean > 1' --state alert.state aggregate.ndjson >/dev/null
perf-collect log --state collect.state app.log >/dev/null

begin "perf-alert refuses perf-collect's state file and leaves it as it was"
cp collect.state before
run perf-alert -t 'a:mean > 1' --state collect.state aggregate.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: collect.state: refusing the state file: not a perf-alert state file; it is left as it is (move it away to start afresh)
EOF
expect_file collect.state <before
end

begin "perf-collect refuses perf-alert's state file and leaves it as it was"
cp alert.state before
run perf-collect log --state alert.state app.log
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: alert.state: refusing the state file: not a perf-collect state file; it is left as it is (move it away to start afresh)
EOF
expect_file alert.state <before
end

begin "perf-alert refuses a truncated, an empty or a future state file and leaves each as it was"
head -c 100 alert.state >truncated.state
run perf-alert -t 'a:mean > 1' --state truncated.state aggregate.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: truncated.state: refusing the state file: not JSON (Unfinished string at EOF at line 1, column 100); it is left as it is (move it away to start afresh)
EOF
[ "$(wc -c <truncated.state)" -eq 100 ] || fail "the truncated state changed"
: >empty.state
run perf-alert -t 'a:mean > 1' --state empty.state aggregate.ndjson
expect_status 3
expect_stderr <<'EOF'
perf-alert: empty.state: refusing the state file: the file is empty; it is left as it is (move it away to start afresh)
EOF
[ ! -s empty.state ] || fail "the empty state changed"
printf '%s\n' '{"perfpipe":"perf-alert-state","version":99}' >future.state
cp future.state before
run perf-alert -t 'a:mean > 1' --state future.state aggregate.ndjson
expect_status 3
expect_stderr <<'EOF'
perf-alert: future.state: refusing the state file: a perf-alert state file of another version (this one reads version 1); it is left as it is (move it away to start afresh)
EOF
expect_file future.state <before
end

begin "perf-collect reads its own truncated or empty state as damaged: it says so and starts afresh"
head -c 50 collect.state >truncated.state
run perf-collect log --state truncated.state app.log
expect_status 0
expect_stdout <app.log
expect_stderr <<'EOF'
perf-collect: truncated.state: not a perf-collect state file; starting afresh
EOF
run perf-collect log --state truncated.state app.log
expect_status 0
expect_stdout_empty
expect_stderr_empty
: >empty.state
run perf-collect log --state empty.state app.log
expect_status 0
expect_stdout <app.log
expect_stderr <<'EOF'
perf-collect: empty.state: not a perf-collect state file; starting afresh
EOF
end

finish
