#!/bin/sh
# A full disk: -o, --store and --state on /dev/full, and a file size limit
# (ulimit -f, with SIGXFSZ ignored, so write fails with EFBIG as on a full
# file system) on the state files.  Each ends with a one-line message and
# exit status 3; a state file is never half-written (the old one survives
# whole), and /dev/full itself is never replaced.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

if [ ! -c /dev/full ]; then
	skip "/dev/full is missing (not a character device on this machine)"
fi

printf '%s\n' '{"name":"a","value":1,"ts":0}' '{"name":"a","value":2,"ts":61}' >points.ndjson
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' >aggregate.ndjson

# full PROGRAM [SUBCOMMAND] ARGS...: PROGRAM -o /dev/full, then with
# stdout on /dev/full (perf-collect's -o follows its subcommand).
full() {
	program=$1
	shift
	sub=
	if [ "$program" = perf-collect ]; then
		sub=$1
		shift
	fi
	run $program $sub -o /dev/full "$@"
	expect_status 3
	expect_stderr <<EOF
$program: /dev/full: write failed: No space left on device
EOF
	$program $sub "$@" >/dev/full 2>"$WORK/stderr"
	status=$?
	expect_status 3
	expect_stderr <<EOF
$program: standard output: write failed: No space left on device
EOF
}

begin "every program reports a full disk on -o or standard output and exits 3"
full perf-collect log points.ndjson
full perf-aggregate points.ndjson
full perf-analyze points.ndjson
full perf-alert -t 'a:mean > 1' aggregate.ndjson
for format in text html json csv prometheus junit; do
	full perf-report --format "$format" aggregate.ndjson
done
[ -c /dev/full ] || fail "/dev/full is no longer a device"
end

begin "--state on /dev/full is refused as not a regular file (exit 3), and /dev/full is left alone"
run perf-alert -t 'a:mean > 1' --state /dev/full aggregate.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: /dev/full: not a regular file
EOF
run perf-collect log --state /dev/full points.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: /dev/full: not a regular file
EOF
[ -c /dev/full ] || fail "/dev/full is no longer a device"
[ ! -e /dev/full.lock ] || fail "a lock file was made in /dev"
end

begin "--store on a full disk: the stream still goes to standard output, one warning, the count of records not stored, exit 3"
mkdir store
# the store's day file is named by the UTC day of writing: cover midnight
ln -s /dev/full "store/$(date -u +%F).ndjson"
ln -s /dev/full "store/$(date -u -d tomorrow +%F).ndjson" 2>/dev/null
run perf-collect log --store store points.ndjson
expect_status 3
expect_stdout <points.ndjson
expect_stderr <<EOF
perf-collect: --store: store/$(ls store | head -1): No space left on device; holding up to 10000 records in memory and retrying
perf-collect: --store: store: 2 held records not stored
EOF
end

begin "perf-alert --state that cannot be written (file too large) keeps the old state whole and exits 3"
perf-alert -t 'a:mean > 1' --state alert.state aggregate.ndjson >/dev/null
cp alert.state old.state
awk 'BEGIN { for (i = 0; i < 50; i++) printf "{\"kind\":\"aggregate\",\"name\":\"a\",\"tags\":{\"h\":\"host%d\"},\"start\":60,\"end\":120,\"count\":1,\"mean\":5}\n", i }' >many.ndjson
run sh -c 'trap "" XFSZ; ulimit -f 2; perf-alert -t "a:mean > 1" --state alert.state -o /dev/null many.ndjson'
expect_status 3
expect_stderr <<'EOF'
perf-alert: alert.state: cannot write the state: File too large
EOF
expect_file alert.state <old.state
[ "$(ls alert.state*)" = "alert.state
alert.state.lock" ] || fail "files left beside the state: $(ls alert.state*)"
end

begin "perf-collect --state that cannot be written (file too large) keeps the old state whole and exits 3"
for i in 1 2 3 4 5 6; do
	printf '%s\n' '{"name":"a","value":1,"ts":1}' >"f$i.log"
done
perf-collect log --state collect.state f1.log >/dev/null
cp collect.state old.state
run sh -c 'trap "" XFSZ; ulimit -f 1; perf-collect log --state collect.state f1.log f2.log f3.log f4.log f5.log f6.log'
expect_status 3
expect_stderr <<'EOF'
perf-collect: collect.state: cannot write the state: File too large
EOF
expect_file collect.state <old.state
[ "$(ls collect.state*)" = "collect.state
collect.state.lock" ] || fail "files left beside the state: $(ls collect.state*)"
end

begin "perf-report -o on a full file system keeps the old report whole and exits 3"
perf-report aggregate.ndjson -o report.txt
cp report.txt old.txt
awk 'BEGIN { for (i = 0; i < 200; i++) printf "{\"kind\":\"aggregate\",\"name\":\"s%d\",\"start\":0,\"end\":60,\"count\":1,\"mean\":1}\n", i }' >long.ndjson
run sh -c 'trap "" XFSZ; ulimit -f 1; perf-report -o report.txt long.ndjson'
expect_status 3
expect_stderr <<'EOF'
perf-report: report.txt: write failed: File too large
EOF
expect_file report.txt <old.txt
[ "$(ls report.txt*)" = "report.txt" ] || fail "files left beside the report: $(ls report.txt*)"
end

finish
