#!/bin/sh
# scripts/ci-gate.sh - a performance gate for a CI job, from perfpipe's
# programs alone.
#
#   scripts/ci-gate.sh BASELINE_CMD CANDIDATE_CMD [OPTION...]
#
# Runs the two shell commands (sh -c) in turns, RUNS times each, with
# perf-collect exec (interleaved, so that a machine that gets busier or
# quieter during the job weighs on both alike), compares their
# exec.duration with perf-analyze compare (Mann-Whitney U and the
# Hodges-Lehmann shift: a regression is a significant slowdown by more
# than --threshold), evaluates perf-alert rules on the candidate's
# aggregate with --fail-on (always with one rule of its own: the
# candidate's median run must not be slower than the slowest baseline run,
# a gross regression that needs no statistics), and writes a Markdown summary (perf-report
# --format markdown) and a JUnit file (perf-report --format junit).
#
# Options (anywhere after the two commands):
#   -n, --runs N          runs of each command (default 30)
#   --warmup N            unrecorded runs of each first (default 1)
#   --threshold RATIO     smallest slowdown that fails, 0.05 or 5% (default 5%)
#   --alpha P             significance level of the comparison (default 0.05)
#   -t, --alert RULE      a perf-alert rule on the candidate's aggregate, such
#                         as 'exec.duration:p95 > 2' (repeatable)
#   -r, --rules FILE      a perf-alert rules file
#   --fail-on SEVERITY    fail when such an alert fires (default critical)
#   --name NAME           the command tag of both series (default bench)
#   -d, --dir DIR         where the files go (default perf-gate): baseline.ndjson,
#                         candidate.ndjson (the runs), gate.ndjson (the
#                         comparison, the candidate's aggregate and alerts),
#                         summary.md and junit.xml
#   --summary FILE        the Markdown summary (default DIR/summary.md), for
#                         example "$GITHUB_STEP_SUMMARY"
#   --junit FILE          the JUnit file (default DIR/junit.xml)
#
# Exit status: 0 the gate passed; 1 a regression or an alert at or above
# --fail-on that fired at any time; 2 a usage error; 3 a command failed
# or a perfpipe program could not do its work; 4 nothing to judge (too
# few runs for the comparison's test, or a -t/-r rule that matched
# nothing), as perf-alert(1) and perf-analyze(1) say.  The perfpipe
# programs are taken from PATH.
set -u

usage() {
	echo "usage: scripts/ci-gate.sh BASELINE_CMD CANDIDATE_CMD [-n RUNS] [--warmup N]" \
	    "[--threshold RATIO] [--alpha P] [-t RULE]... [-r FILE] [--fail-on SEVERITY]" \
	    "[--name NAME] [-d DIR] [--summary FILE] [--junit FILE]" >&2
	exit 2
}

runs=30
warmup=1
threshold=5%
alpha=0.05
fail_on=critical
name=bench
dir=perf-gate
summary=""
junit=""
baseline=""
candidate=""
commands=0
rules_file=""
alert_rules=$(mktemp "${TMPDIR:-/tmp}/ci-gate.XXXXXX") || exit 3
trap 'rm -f "$alert_rules"' EXIT

while [ $# -gt 0 ]; do
	option=$1
	case $option in
	-n | --runs | --warmup | --threshold | --alpha | -t | --alert | -r | --rules | \
	--fail-on | --name | -d | --dir | --summary | --junit)
		[ $# -ge 2 ] || { echo "scripts/ci-gate.sh: $option needs a value" >&2; usage; }
		value=$2
		shift 2
		case $option in
		-n | --runs) runs=$value ;;
		--warmup) warmup=$value ;;
		--threshold) threshold=$value ;;
		--alpha) alpha=$value ;;
		-t | --alert) printf '%s\n' "$value" >>"$alert_rules" ;;
		-r | --rules) rules_file=$value ;;
		--fail-on) fail_on=$value ;;
		--name) name=$value ;;
		-d | --dir) dir=$value ;;
		--summary) summary=$value ;;
		--junit) junit=$value ;;
		esac
		;;
	-h | --help) usage ;;
	-*) echo "scripts/ci-gate.sh: unknown option $option" >&2; usage ;;
	*)
		commands=$((commands + 1))
		case $commands in
		1) baseline=$option ;;
		2) candidate=$option ;;
		*) echo "scripts/ci-gate.sh: one baseline and one candidate command" >&2; usage ;;
		esac
		shift
		;;
	esac
done
[ "$commands" -eq 2 ] || usage
case $runs in '' | *[!0-9]* | 0) echo "scripts/ci-gate.sh: bad --runs: $runs" >&2; usage ;; esac
case $warmup in '' | *[!0-9]*) echo "scripts/ci-gate.sh: bad --warmup: $warmup" >&2; usage ;; esac
[ -n "$summary" ] || summary=$dir/summary.md
[ -n "$junit" ] || junit=$dir/junit.xml
mkdir -p "$dir" || exit 3

# time_run WHICH COMMAND WARMUP: one recorded run, appended to DIR/WHICH.ndjson.
time_run() {
	perf-collect exec -n 1 --warmup "$3" --name "$name" -- sh -c "$2" \
	    >>"$dir/$1.ndjson" || {
		echo "scripts/ci-gate.sh: the $1 command failed: $2" >&2
		exit 3
	}
}

: >"$dir/baseline.ndjson"
: >"$dir/candidate.ndjson"
round=1
while [ "$round" -le "$runs" ]; do
	first_warmup=0
	[ "$round" -eq 1 ] && first_warmup=$warmup
	time_run baseline "$baseline" "$first_warmup"
	time_run candidate "$candidate" "$first_warmup"
	round=$((round + 1))
done

# The comparison is of wall time: exec.duration only (the CPU times and
# the memory of a command that waits say little and would add tests).
grep '^{"name":"exec.duration",' "$dir/baseline.ndjson" >"$dir/baseline.duration"
grep '^{"name":"exec.duration",' "$dir/candidate.ndjson" >"$dir/candidate.duration"
perf-analyze compare --threshold "$threshold" --alpha "$alpha" \
    "$dir/baseline.duration" "$dir/candidate.duration" >"$dir/comparison.ndjson"
compare_status=$?
[ "$compare_status" -le 1 ] || [ "$compare_status" -eq 4 ] || exit 3
slowest=$(perf-aggregate "$dir/baseline.duration" | jq -r .max) || exit 3
rm -f "$dir/baseline.duration" "$dir/candidate.duration"

# The candidate's runs as one aggregate, then the alert rules over it.
set -- -t "exec.duration{command=$name}:p50 > $slowest @critical"
while IFS= read -r rule; do
	set -- "$@" -t "$rule"
done <"$alert_rules"
[ -n "$rules_file" ] && set -- "$@" -r "$rules_file"
perf-aggregate -p 50,95,99 "$dir/candidate.ndjson" >"$dir/candidate.aggregate" || exit 3
cat "$dir/comparison.ndjson" "$dir/candidate.aggregate" |
    perf-alert "$@" --fail-on "$fail_on" >"$dir/gate.ndjson"
alert_status=$?
rm -f "$dir/comparison.ndjson" "$dir/candidate.aggregate"
[ "$alert_status" -le 1 ] || [ "$alert_status" -eq 4 ] || exit "$alert_status"

perf-report --format markdown -o "$summary" "$dir/gate.ndjson" || exit 3
perf-report --format junit -o "$junit" "$dir/gate.ndjson" || exit 3

if [ "$compare_status" -eq 1 ] || [ "$alert_status" -eq 1 ]; then
	echo "scripts/ci-gate.sh: FAIL (summary: $summary, JUnit: $junit)" >&2
	exit 1
fi
if [ "$compare_status" -eq 4 ] || [ "$alert_status" -eq 4 ]; then
	echo "scripts/ci-gate.sh: nothing to judge (summary: $summary, JUnit: $junit)" >&2
	exit 4
fi
echo "scripts/ci-gate.sh: pass (summary: $summary, JUnit: $junit)" >&2
exit 0
