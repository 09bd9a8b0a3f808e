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
# A file whose cases need a program that is not there (a server package
# that scripts/deps could not install) calls `need PROGRAM PACKAGE`, or
# `skip REASON`: it prints "SKIP: REASON", counts the rest of the file as
# one skipped case ("N passed, N failed, N skipped") and exits 77, which
# meson reports as SKIP.  Servers for the integration tests: serve,
# free_port and wait_until, at the end of this file, with wait_lines.
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
SHARED="$PERFPIPE_SOURCE/../shared"
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

begin() {
	case_name=$1
	case_ok=1
}

fail() {
	if [ "$case_ok" -eq 1 ]; then
		printf 'not ok - %s\n' "$case_name"
	fi
	case_ok=0
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

end() {
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

# skip REASON: the rest of the file cannot run on this machine; exits.
skip() {
	printf 'SKIP: %s\n' "$1"
	cases_skipped=$((cases_skipped + 1))
	if finish && [ "$cases_passed" -eq 0 ]; then
		exit 77
	fi
	exit $((cases_failed > 0))
}

# need PROGRAM PACKAGE: skips the rest of the file when PROGRAM is not on
# PATH, naming the Debian PACKAGE that scripts/deps could not install.
need() {
	command -v "$1" >/dev/null 2>&1 ||
		skip "$1 not found: the Debian package $2 could not be installed (scripts/deps)"
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
