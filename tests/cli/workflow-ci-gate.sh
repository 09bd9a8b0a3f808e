#!/bin/sh
# scripts/ci-gate.sh, the CI gate example: perf-collect exec runs a baseline
# and a candidate command in turns, perf-analyze compare judges them,
# perf-alert --fail-on applies the rules, perf-report writes a Markdown
# summary and a JUnit file.  It fails on a real 10% slowdown (sleep 0.5
# against sleep 0.55, 20 runs each: sleeps keep their length on a busy
# machine, where the start of a process may take tens of milliseconds)
# and passes when nothing changed.  Those two cases sleep for about 45 s,
# so they run in the normal build only (PERFPIPE_SANITIZED, set by
# tests/cli/meson.build); the quick cases run in both builds.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
GATE="$PERFPIPE_SOURCE/scripts/ci-gate.sh"

# junit_failures SUITE FILE: the failures attribute of that test suite.
junit_failures() {
	sed -n "s/.*name=\"$1\".* tests=\"\([0-9]*\)\" failures=\"\([0-9]*\)\".*/\1 \2/p" "$2"
}

begin "a gate needs both commands: usage, exit 2"
run sh "$GATE" 'true'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
usage: scripts/ci-gate.sh BASELINE_CMD CANDIDATE_CMD [-n RUNS] [--warmup N] [--threshold RATIO] [--alpha P] [-t RULE]... [-r FILE] [--fail-on SEVERITY] [--name NAME] [-d DIR] [--summary FILE] [--junit FILE]
EOF
end

begin "a candidate command that fails stops the gate with exit 3"
run sh "$GATE" 'true' 'exit 4' -n 3 -d failing
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: run 1 of bench failed (status 4)
scripts/ci-gate.sh: the candidate command failed: exit 4
EOF
end

# The candidate ('true') is far faster than the baseline (sleep 0.2), so
# neither the comparison nor the gate's own rule can fail it: only the rule
# given with -t.
begin "a critical alert rule given with -t that fires fails the gate through perf-alert --fail-on"
run sh "$GATE" 'sleep 0.2' 'true' -n 9 --warmup 0 -t 'exec.duration:count >= 9 @critical' \
    -d alerting
expect_status 1
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on critical: failed
scripts/ci-gate.sh: FAIL (summary: alerting/summary.md, JUnit: alerting/junit.xml)
EOF
run junit_failures perfpipe.alerts alerting/junit.xml
expect_stdout <<'EOF'
1 1
EOF
run grep -c '^\*\*.*FAIL: 1 alert firing (worst: critical)' alerting/summary.md
expect_stdout <<'EOF'
1
EOF
run jq -r 'select(.kind == "alert") | .rule' alerting/gate.ndjson
expect_stdout <<'EOF'
exec.duration:count >= 9 @critical
EOF
end

# A threefold slowdown under a --threshold of 500%: not a regression for
# perf-analyze compare, but every candidate run is slower than every
# baseline run, which the gate's own rule catches.
begin "the gate's own rule fires when the candidate's median is slower than every baseline run"
run sh "$GATE" 'sleep 0.1' 'sleep 0.3' -n 9 --warmup 0 --threshold 500% -d gross
expect_status 1
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on critical: failed
scripts/ci-gate.sh: FAIL (summary: gross/summary.md, JUnit: gross/junit.xml)
EOF
run jq -r 'select(.kind == "alert" or .type == "comparison") |
    [.kind, .verdict // (.rule | sub(" [0-9.e-]+ @critical$"; " SLOWEST @critical")),
    .state // ""] | @tsv' gross/gate.ndjson
expect_stdout <<'EOF'
finding	no_change	
alert	exec.duration{command=bench}:p50 > SLOWEST @critical	firing
EOF
end

if [ -n "${PERFPIPE_SANITIZED:-}" ]; then
	skip "the 10% slowdown and the no-change gates sleep for 45 s: normal build only (PERFPIPE_SANITIZED)"
fi

# Whether the gate's own rule fires too depends on how the runs spread;
# the comparison's verdict is what must be a regression.
begin "a real 10% slowdown (sleep 0.5 against sleep 0.55) fails the gate"
run sh "$GATE" 'sleep 0.5' 'sleep 0.55' -n 20 -d slower --summary slower.md --junit slower.xml
expect_status 1
expect_stdout_empty
if [ "$(tail -1 "$WORK/stderr")" != "scripts/ci-gate.sh: FAIL (summary: slower.md, JUnit: slower.xml)" ]; then
	fail "unexpected stderr: $(cat "$WORK/stderr")"
fi
run jq -r 'select(.type == "comparison") | [.verdict, .baseline.n, .candidate.n,
    (.change > 0.05), (.p_value < 0.05)] | @tsv' slower/gate.ndjson
expect_stdout <<'EOF'
regression	20	20	true	true
EOF
run grep -c '^\*\*.*FAIL: .*1 regression\*\*$' slower.md
expect_stdout <<'EOF'
1
EOF
run junit_failures perfpipe.comparisons slower.xml
expect_stdout <<'EOF'
1 1
EOF
if command -v xmllint >/dev/null 2>&1 && ! xmllint --noout slower.xml 2>xmllint.err; then
	fail "the JUnit file is not well-formed XML: $(head -1 xmllint.err)"
fi
jq -c 'select(.type == "comparison") | {change, change_low, change_high, p_value,
    baseline: .baseline.median, candidate: .candidate.median}' slower/gate.ndjson |
    sed 's/^/# /'
end

begin "no change (sleep 0.5 against itself) passes the gate"
run sh "$GATE" 'sleep 0.5' 'sleep 0.5' -n 20 -d same
expect_status 0
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on critical: passed
scripts/ci-gate.sh: pass (summary: same/summary.md, JUnit: same/junit.xml)
EOF
run jq -r 'select(.type == "comparison") | .verdict' same/gate.ndjson
expect_stdout <<'EOF'
no_change
EOF
run grep -c '^\*\*.*OK: no alert firing, no regression\*\*$' same/summary.md
expect_stdout <<'EOF'
1
EOF
run junit_failures perfpipe.comparisons same/junit.xml
expect_stdout <<'EOF'
1 0
EOF
end

finish
