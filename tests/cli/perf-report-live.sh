#!/bin/sh
# perf-report --live: a text dashboard redrawn in place on the alternate
# screen as records stream in; the screen and cursor are restored at the
# end of input and on SIGINT, and the last report stays on the normal
# screen.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"
unset COLUMNS
ESC=$(printf '\033')

# after_leave FILE: what FILE holds after the sequence that leaves the
# alternate screen (the report left on the shell's screen).
after_leave() {
	/usr/bin/python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write(data.split(b"\x1b[?25h\x1b[?1049l", 1)[1])' "$1"
}

begin "perf-report --live enters the alternate screen once, hides the cursor, and leaves once"
run perf-report --live --width 80 "$R/pipeline.ndjson"
expect_status 0
expect_stderr_empty
cp "$WORK/stdout" live.out
run sh -c 'grep -o "$1\[?[0-9]*[hl]" "$0" | tr "$1" E' live.out "$ESC"
expect_stdout <<'EOF2'
E[?1049h
E[?25l
E[?25h
E[?1049l
EOF2
end

begin "perf-report --live leaves the final report on the normal screen, as the text format draws it, under the final state line"
perf-report --live --width 80 "$R/pipeline.ndjson" >live.out
run after_leave live.out
expect_status 0
{ cat "$R/expected/pipeline.txt"
  echo "perf-report --live: 74 records, last window ends 2025-11-25T08:01:00Z; end of input"; } | expect_stdout
end

begin "perf-report --live draws at least a first and a last frame, each under a status line"
perf-report --live --width 80 "$R/pipeline.ndjson" >live.out
run sh -c 'grep -o "$1\[H" "$0" | wc -l' live.out "$ESC"
expect_stdout_matches sh -c 'read frames && [ "$frames" -ge 2 ]'
run sh -c 'tr "\033" E <live.out | grep -c "perf-report --live: 74 records, last window ends 2025-11-25T08:01:00Z (Ctrl-C to quit)E\[K"'
expect_stdout_matches sh -c 'read frames && [ "$frames" -ge 1 ]'
end

begin "perf-report --live restores the screen and keeps the last report when interrupted"
mkfifo feed
perf-report --live --width 80 <feed >live.out 2>live.err &
pid=$!
exec 3>feed
cat "$R/pipeline.ndjson" >&3
tries=0
while ! grep -q RECOMMENDATIONS live.out && [ "$tries" -lt 300 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
kill -INT "$pid"
wait "$pid"
status=$?
exec 3>&-
expect_status 0
run after_leave live.out
# The writer keeps the pipe open: after Ctrl-C the input drains for 2 s,
# then the dashboard stops.
{ cat "$R/expected/pipeline.txt"
  echo "perf-report --live: 74 records, last window ends 2025-11-25T08:01:00Z; stopped by SIGINT"; } | expect_stdout
expect_file live.err </dev/null
end

# An upstream stage as perf-aggregate behaves on Ctrl-C: it writes the
# window it had open, then ends.  Ctrl-C reaches the whole pipeline (its
# process group); the open window must reach the final report.
# (Python, not sh: a background sh ignores SIGINT and could not trap it.)
cat >upstream.py <<'EOF2'
import os, signal, sys, time
lines = open(sys.argv[1]).readlines()
def stop(number, frame):
    sys.stdout.write(lines[-1])
    sys.stdout.flush()
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
sys.stdout.writelines(lines[:-1])
sys.stdout.flush()
open("started", "w").close()
time.sleep(30)
EOF2
for signal in INT TERM; do
	begin "perf-report --live prints the window that was open upstream on SIG$signal, and the final state line"
	rm -f started live.out group
	setsid sh -c 'echo $$ >group; /usr/bin/python3 upstream.py "$1" |
	    perf-report --live --width 80 >live.out' sh "$R/pipeline.ndjson" &
	tries=0
	while ! [ -e started ] || ! [ -s group ]; do
		[ "$tries" -lt 300 ] || break
		sleep 0.1
		tries=$((tries + 1))
	done
	sleep 1		# perf-report reads the 73 records and draws them
	group=$(cat group)
	kill -"$signal" -"$group"
	tries=0
	while kill -0 -"$group" 2>/dev/null && [ "$tries" -lt 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	run after_leave live.out
	{ cat "$R/expected/pipeline.txt"
	  echo "perf-report --live: 74 records, last window ends 2025-11-25T08:01:00Z; stopped by SIG$signal"; } | expect_stdout
	end
done

begin "perf-report --live refuses a format other than text or html with status 2"
run perf-report --live -f json "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --live draws the text or html format only
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "perf-report --live refuses -o with status 2"
run perf-report --live -o report.txt "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --live draws on standard output: -o does not apply
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

finish
