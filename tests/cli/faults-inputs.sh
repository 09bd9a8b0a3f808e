#!/bin/sh
# Unreadable inputs: a directory, a missing file and a file without read
# permission, among readable ones.  Each is reported on one line, the
# others are read, and the exit status is 3.  (As root, chmod 000 does not
# stop reading: that case runs as the user nobody, through setpriv.)
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

printf '%s\n' '{"name":"a","value":1,"ts":0}' >points.ndjson
mkdir adir

# unreadable PROGRAM ARGS...: PROGRAM ARGS adir missing.ndjson points.ndjson
unreadable() {
	program=$1
	run "$@" adir missing.ndjson points.ndjson
	expect_status 3
	expect_stderr <<EOF
$program: adir: read failed: Is a directory
$program: missing.ndjson: No such file or directory
EOF
}

begin "perf-collect reports a directory and a missing file, reads the rest, exits 3"
unreadable perf-collect log
expect_stdout <points.ndjson
end

begin "perf-aggregate reports a directory and a missing file, reads the rest, exits 3"
unreadable perf-aggregate
expect_stdout <<'EOF'
{"kind":"aggregate","name":"a","tags":{},"type":"gauge","start":0,"end":0,"first_ts":0,"last_ts":0,"window":{"type":"all"},"count":1,"sum":1,"min":1,"max":1,"mean":1,"stddev":0,"last":1,"percentiles":{"p50":1,"p95":1,"p99":1,"p99.9":1},"quantiles":"exact"}
EOF
end

begin "perf-analyze reports a directory and a missing file, reads the rest, exits 3"
unreadable perf-analyze
head -1 "$WORK/stdout" | expect_file points.ndjson
end

begin "perf-alert reports a directory and a missing file, reads the rest, exits 3"
unreadable perf-alert -t 'a:mean > 1'
expect_stdout <points.ndjson
end

begin "perf-report reports a directory and a missing file, reads the rest, exits 3"
unreadable perf-report
expect_stdout <<'EOF'
perfpipe report
0 series in 0 windows, 0 alerts (0 firing), 0 findings, 1 point not shown

No aggregates, findings or alerts in the input.
EOF
end

begin "a rules file that is a directory or missing is a configuration error (exit 2)"
run perf-alert -r adir
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: adir: Is a directory
EOF
run perf-alert -r missing.json
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: missing.json: No such file or directory
EOF
end

begin "a --state that is a directory is refused (exit 3)"
run perf-alert -t 'a:mean > 1' --state adir points.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: adir: not a regular file
EOF
run perf-collect log --state adir points.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: adir: not a regular file
EOF
end

# as_reader CMD...: runs CMD as this user, or, as root (where chmod 000
# does not stop reading, and which is how CI runs), as the unprivileged
# user nobody through setpriv, in the shared folder perm/.
mkdir perm
if [ "$(id -u)" -eq 0 ]; then
	chmod 711 "$WORK"
	chmod 755 perm
	as_reader() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env \
		    env PATH="$PATH" LC_ALL=C sh -c 'cd perm && exec "$@"' sh "$@"
	}
else
	as_reader() { (cd perm && "$@"); }
fi

begin "a file without read permission is reported by every program (exit 3)"
cp points.ndjson perm/secret.ndjson
chmod 000 perm/secret.ndjson
for program in "perf-collect log" perf-aggregate perf-analyze "perf-alert -t a:mean>1" perf-report; do
	run as_reader $program secret.ndjson
	expect_status 3
	expect_stderr <<EOF
${program%% *}: secret.ndjson: Permission denied
EOF
done
chmod 600 perm/secret.ndjson
end

finish
