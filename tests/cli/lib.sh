# tests/cli/lib.sh - the harness every CLI test sources.
#
# A test file is a list of cases, each named by a sentence:
#
#   begin "perf-aggregate prints exact percentiles of 1..100"
#   run perf-aggregate "$DATA/one-to-hundred.ndjson"
#   expect_status 0
#   expect_stdout <<'EOF'
#   {"kind":"aggregate",...}
#   EOF
#   expect_stderr_empty
#   end
#
# run captures stdout, stderr and the exit status of one command (use
# run_input FILE CMD... to feed it FILE on stdin, and `run sh -c '...'` for
# a pipeline).  Each expect_* compares one of them exactly; a mismatch
# prints a diff.  The file ends with `finish`, which prints
# "N passed, N failed" and exits non-zero when a case failed.
#
# Property checks over a JSON stream (expect_each, expect_some) and over
# lines (expect_no_line) first assert that there is something to inspect,
# so that an empty output never passes them.
#
# A skip is a skip, never a pass.  A file whose cases need a program that
# is not there calls `need PROGRAM PACKAGE` (or a case guards itself with
# `if have PROGRAM PACKAGE; then ... fi`), and a file whose precondition is
# missing calls `skip REASON`: each prints "SKIP: REASON", counts a skipped
# case ("N passed, N failed, N skipped"), and a file that skipped and
# passed nothing exits 77, which meson reports as SKIP; scripts/test names
# every skipped test.  Under CI=true a missing PACKAGE that scripts/deps
# installs is a failure ("FAIL: ..."), not a skip.  Servers for the
# integration tests: serve, free_port and wait_until, at the end of this
# file, with wait_lines.
#
# Each file works in its own temporary directory $WORK, removed at exit
# (KEEP_WORK=1 in the environment keeps it, to look at after a failure).

set -u
: "${PERFPIPE_SOURCE:?run through meson test}"
: "${PERFPIPE_BUILD:?run through meson test}"
for program in perf-collect perf-aggregate perf-analyze perf-alert perf-report perfpipe; do
	PATH="$PERFPIPE_BUILD/tools/$program:$PATH"
done
export PATH
DATA="$PERFPIPE_SOURCE/tests/data"
# ../shared beside the clone (PERFPIPE_SHARED elsewhere, as for a worktree).
SHARED="${PERFPIPE_SHARED:-$PERFPIPE_SOURCE/../shared}"
export LC_ALL=C TZ=UTC NO_COLOR=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfpipe-test.XXXXXX")
server_pids=""
trap 'stop_servers; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
cd "$WORK" || exit 2

cases_passed=0
cases_failed=0
cases_skipped=0
case_name=""
case_ok=1
status=0

# A failure is also marked in a file, so that a check at the end of a
# pipeline (`... | expect_stderr`), which the shell runs in a subshell,
# still fails its case.
begin() {
	case_name=$1
	case_ok=1
	rm -f "$WORK/case-failed"
}

fail() {
	if [ "$case_ok" -eq 1 ] && [ ! -e "$WORK/case-failed" ]; then
		printf 'not ok - %s\n' "$case_name"
	fi
	case_ok=0
	: >"$WORK/case-failed"
	printf '#   %s\n' "$1"
}

run() {
	"$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
	status=$?
}

run_input() {
	input=$1
	shift
	"$@" >"$WORK/stdout" 2>"$WORK/stderr" <"$input"
	status=$?
}

expect_status() {
	if [ "$status" -ne "$1" ]; then
		fail "exit status $status, expected $1"
		sed 's/^/#   stderr: /' "$WORK/stderr" | head -20
	fi
}

compare() {	# compare WHAT FILE: expected text on stdin
	cat >"$WORK/expected"
	if ! diff -u "$WORK/expected" "$2" >"$WORK/diff" 2>&1; then
		fail "$1 differs (- expected, + actual):"
		sed 's/^/#   /' "$WORK/diff" | head -60
	fi
}

expect_stdout() { compare stdout "$WORK/stdout"; }
expect_stderr() { compare stderr "$WORK/stderr"; }
expect_file() { compare "$1" "$1"; }

expect_stdout_empty() {
	if [ -s "$WORK/stdout" ]; then
		fail "stdout is not empty:"
		head -5 "$WORK/stdout" | sed 's/^/#   /'
	fi
}

expect_stderr_empty() {
	if [ -s "$WORK/stderr" ]; then
		fail "stderr is not empty:"
		head -5 "$WORK/stderr" | sed 's/^/#   /'
	fi
}

# expect_stdout_matches COMMAND...: COMMAND reads stdout on its stdin and
# must succeed (for outputs that depend on the machine, as /proc does).
expect_stdout_matches() {
	if ! "$@" <"$WORK/stdout" >"$WORK/check" 2>&1; then
		fail "stdout fails the check: $*"
		head -20 "$WORK/check" | sed 's/^/#   /'
	fi
}

# The count guard of every property check: count_of SELECT [JQ_OPTIONS...]
# prints how many values jq's SELECT yields over stdout read as one array
# (jq -s), or nothing when stdout is not JSON.
count_of() {
	filter=$1
	shift
	jq -s "$@" "[$filter] | length" <"$WORK/stdout" 2>"$WORK/check"
}

# expect_count N SELECT [JQ_OPTIONS...]: SELECT yields exactly N values.
expect_count() {
	want=$1
	shift
	got=$(count_of "$@")
	if [ "$got" != "$want" ]; then
		fail "${got:-no JSON} values from $1, expected $want"
		head -5 "$WORK/check" | sed 's/^/#   /'
	fi
}

# expect_each SELECT CONDITION [JQ_OPTIONS...]: SELECT (over stdout read
# as one array, e.g. '.[] | select(.name == "x")') yields at least one
# value, and CONDITION is true of every one of them.
expect_each() {
	filter=$1
	condition=$2
	shift 2
	got=$(count_of "$filter" "$@")
	case $got in
	'' | 0)
		fail "nothing to check: ${got:-no JSON} values from $filter"
		head -5 "$WORK/check" | sed 's/^/#   /'
		return
		;;
	esac
	if ! jq -e -s "$@" "[$filter] | all(.[]; $condition)" \
	    <"$WORK/stdout" >"$WORK/check" 2>&1; then
		fail "not every one of the $got values from $filter has $condition"
		head -5 "$WORK/check" | sed 's/^/#   /'
	fi
}

# expect_some SELECT CONDITION [JQ_OPTIONS...]: SELECT yields at least one
# value for which CONDITION is true.
expect_some() {
	filter=$1
	condition=$2
	shift 2
	got=$(count_of "$filter" "$@")
	case $got in
	'' | 0)
		fail "nothing to check: ${got:-no JSON} values from $filter"
		return
		;;
	esac
	if ! jq -e -s "$@" "[$filter] | any(.[]; $condition)" \
	    <"$WORK/stdout" >/dev/null 2>&1; then
		fail "none of the $got values from $filter has $condition"
	fi
}

# expect_agrees_with WANT [RELATIVE]: WANT holds JSON lines {"match":
# {...}, "want": {...}} (as tests/cli/helpers/scipy_reference.py prints
# them from the raw input); there is at least one, each "match" picks
# exactly one record of stdout (its fields equal), and each figure of
# "want" is within RELATIVE (default 1e-9) of that record's, relatively
# (absolutely under 1e-300, for a reference of 0).
expect_agrees_with() {
	tolerance=${2:-1e-9}
	if ! jq -n -e -s --slurpfile got "$WORK/stdout" --slurpfile want "$1" \
	    --argjson tolerance "$tolerance" '
	    def matches($m): . as $g | $m | to_entries | all(.[]; $g[.key] == .value);
	    def close($a; $w): ($a | type) == "number" and
	        (($a - $w) | fabs) <= ([$tolerance * ($w | fabs), 1e-300] | max);
	    ($want | length) > 0 and all($want[]; . as $w |
	        [$got[] | select(matches($w.match))] as $m | ($m | length) == 1 and
	        ($w.want | to_entries | all(.[]; close($m[0][.key]; .value))))' \
	    >/dev/null 2>"$WORK/check"; then
		fail "stdout does not agree with $1 to $tolerance relative:"
		jq -n -r -s --slurpfile got "$WORK/stdout" --slurpfile want "$1" \
		    --argjson tolerance "$tolerance" '
		    def matches($m): . as $g | $m | to_entries | all(.[]; $g[.key] == .value);
		    def close($a; $w): ($a | type) == "number" and
		        (($a - $w) | fabs) <= ([$tolerance * ($w | fabs), 1e-300] | max);
		    if ($want | length) == 0 then "nothing to compare: no reference line" else
		    $want[] | . as $w | [$got[] | select(matches($w.match))] as $m |
		    if ($m | length) != 1 then "\($m | length) records match \($w.match | tojson)"
		    else $w.want | to_entries[] | select(close($m[0][.key]; .value) | not) |
		        "\($w.match.name) \(.key): \($m[0][.key]), reference \(.value)" end end' \
		    2>&1 | head -20 | sed 's/^/#   /'
		head -3 "$WORK/check" | sed 's/^/#   /'
	fi
}

# mask_figures FIELD...: replaces the value of each JSON FIELD in stdout
# by "(scipy)", for a whole-output comparison whose figures a case
# checks against an independent reference (expect_agrees_with) rather
# than against digits copied from our own output.
mask_figures() {
	for field in "$@"; do
		sed -E "s/\"$field\":(-?[0-9][0-9.eE+-]*|null)/\"$field\":\"(scipy)\"/g" \
		    "$WORK/stdout" >"$WORK/masked" && mv "$WORK/masked" "$WORK/stdout"
	done
}

# expect_no_line REGEX: stdout has at least one line and none matches the
# extended, case-insensitive REGEX (an absence that an empty output would
# otherwise prove).
expect_no_line() {
	if [ ! -s "$WORK/stdout" ]; then
		fail "nothing to check: stdout is empty (looking for no line matching $1)"
	elif grep -Ei -- "$1" "$WORK/stdout" >"$WORK/check"; then
		fail "stdout has lines matching $1:"
		head -5 "$WORK/check" | sed 's/^/#   /'
	fi
}

end() {
	if [ -e "$WORK/case-failed" ]; then
		case_ok=0
	fi
	if [ "$case_ok" -eq 1 ]; then
		printf 'ok - %s\n' "$case_name"
		cases_passed=$((cases_passed + 1))
	else
		cases_failed=$((cases_failed + 1))
	fi
}

finish() {
	if [ "$cases_skipped" -eq 0 ]; then
		printf '%d passed, %d failed\n' "$cases_passed" "$cases_failed"
	else
		printf '%d passed, %d failed, %d skipped\n' \
			"$cases_passed" "$cases_failed" "$cases_skipped"
	fi
	[ "$cases_failed" -eq 0 ]
}

# skip REASON: the rest of the file cannot run on this machine (a
# precondition that scripts/deps does not install); exits, 77 when the
# file passed nothing.
skip() {
	printf 'SKIP: %s\n' "$1"
	cases_skipped=$((cases_skipped + 1))
	if finish && [ "$cases_passed" -eq 0 ]; then
		exit 77
	fi
	exit $((cases_failed > 0))
}

# have PROGRAM PACKAGE: true when PROGRAM is on PATH.  Otherwise it says
# so and counts a skipped case, or under CI=true (where scripts/deps has
# installed the Debian PACKAGE) a failed one, and is false.
have() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then
		printf 'FAIL: %s not found, and under CI=true scripts/deps installs the Debian package %s\n' "$1" "$2"
		cases_failed=$((cases_failed + 1))
	else
		printf 'SKIP: %s not found (the Debian package %s; scripts/deps installs it)\n' "$1" "$2"
		cases_skipped=$((cases_skipped + 1))
	fi
	return 1
}

# need PROGRAM PACKAGE: like have, for the rest of the file: exits when
# PROGRAM is not on PATH (77 when the file passed nothing; 1 under CI).
need() {
	have "$1" "$2" && return 0
	if finish && [ "$cases_passed" -eq 0 ]; then
		exit 77
	fi
	exit $((cases_failed > 0))
}

# have_shared FOLDER: true when ../shared/FOLDER (the conformance suites
# beside the clone, not in it) is there; otherwise says so, counts a
# skipped case and is false.  A lone clone passes without them.
have_shared() {
	[ -d "$SHARED/$1" ] && return 0
	printf 'SKIP: ../shared/%s is missing (the folder beside the clone, %s)\n' "$1" "$SHARED/$1"
	cases_skipped=$((cases_skipped + 1))
	return 1
}

# need_shared FOLDER: like have_shared, for the rest of the file.
need_shared() {
	have_shared "$1" && return 0
	if finish && [ "$cases_passed" -eq 0 ]; then
		exit 77
	fi
	exit $((cases_failed > 0))
}

# Servers, for the integration tests that run real ones on loopback.
#
# serve NAME COMMAND...: starts COMMAND in the background, its output in
# $WORK/NAME.log; the file's exit stops it (SIGTERM, then SIGKILL after
# 5 s).  free_port: prints a loopback TCP port that nothing listens on.
# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it
# succeeds, for at most SECONDS; fails when it never did.
serve() {
	name=$1
	shift
	"$@" >"$WORK/$name.log" 2>&1 </dev/null &
	server_pids="$server_pids $!"
}

stop_servers() {
	[ -n "$server_pids" ] || return 0
	for pid in $server_pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $server_pids; do
		tries=50
		while kill -0 "$pid" 2>/dev/null && [ "$tries" -gt 0 ]; do
			sleep 0.1
			tries=$((tries - 1))
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	server_pids=""
}

free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_until() {
	deadline=$(($1 * 10))
	shift
	until "$@" >/dev/null 2>&1; do
		deadline=$((deadline - 1))
		[ "$deadline" -gt 0 ] || return 1
		sleep 0.1
	done
}

# wait_lines N FILE: waits (up to 30 s) until FILE has N lines, for a
# follower or a sampler running in the background; the wait is for it,
# not a measurement.  Past 30 s the case fails, saying so.
wait_lines() {
	tries=0
	while [ "$(wc -l <"$2" 2>/dev/null || echo 0)" -lt "$1" ]; do
		tries=$((tries + 1))
		if [ "$tries" -gt 300 ]; then
			fail "$2 never reached $1 lines"
			return 1
		fi
		sleep 0.1
	done
}
