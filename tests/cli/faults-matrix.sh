#!/bin/sh
# The fault matrix: every stateful command - perf-collect --state,
# perf-collect --state --store, perf-aggregate --state, perf-alert
# --state - under every fault -
# standard output on /dev/full, a reader that exits early (EPIPE), a
# tmpfs that fills mid-run, SIGTERM while writing to a slow reader, and
# kill -9 - then a clean rerun.  tests/cli/helpers/count_delivery.py
# counts, from the raw outputs, the numbers 1..N the input holds that the
# two runs delivered: none may be lost, and the rerun may deliver again
# only what its man page's at-least-once window allows:
#   - nothing after /dev/full or SIGTERM for perf-collect (its state is
#     the last line written);
#   - at most the one batch (64 KiB of input) that a full tmpfs or EPIPE
#     cut part way; after EPIPE the lines written into the pipe that head
#     never read cannot be known: they are counted (unread) and must fit
#     the pipe's 64 KiB;
#   - everything a killed run delivered (its state was never saved);
#   - perf-alert keeps its old state when its output failed: the rerun
#     fires again what that run delivered;
#   - perf-aggregate keeps its old state after any fault (exit status 3,
#     even on EPIPE and SIGTERM): the rerun writes again every window that
#     run delivered.  Its input is the points, one per 1 s window, the last
#     closed by --close-until, so each window's sum is the number it
#     delivers.
# Each case prints its row of the matrix (# ROW ...); scripts/test's log
# keeps them.  Everything the matrix knows of a command is in the four
# functions after COMMANDS: a new row (perf-aggregate --state) is its name
# in COMMANDS and one case in each of command_line, count_kind (points,
# alerts, aggregates or window-sums: see count_delivery.py), window and
# unread_allowed.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

N=20000		# input lines: about 600 KiB of points, 2 MiB of alerts
COUNT="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/count_delivery.py"

awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) printf "{\"name\":\"a\",\"value\":%d,\"ts\":%d}\n", i, i }' >app.log
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) printf "{\"kind\":\"aggregate\",\"name\":\"a\",\"tags\":{\"h\":\"host%d\"},\"start\":60,\"end\":120,\"count\":1,\"mean\":5}\n", i }' >aggregates.ndjson

tmpfs=no
mkdir mnt
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs mnt 2>/dev/null; then
	tmpfs=yes
	trap 'umount "$WORK/mnt" 2>/dev/null; stop_servers; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
fi

COMMANDS="collect-state collect-store aggregate-state alert-state"
FAULTS="full epipe tmpfs term kill"

# command_line COMMAND STORE: the command line of a stateful command, its
# state in run.state, its --store (if any) in STORE.
command_line() {
	case $1 in
	collect-state) echo "perf-collect log --state run.state app.log" ;;
	collect-store) echo "perf-collect log --state run.state --store $2 app.log" ;;
	alert-state) echo "perf-alert -t a:mean>1 --state run.state aggregates.ndjson" ;;
	aggregate-state) echo "perf-aggregate --window 1s --state run.state --close-until $((N + 1)) app.log" ;;
	esac
}
# count_kind COMMAND: what count_delivery.py counts in its output.
count_kind() {
	case $1 in
	alert-*) echo alerts ;;
	aggregate-*) echo window-sums ;;
	*) echo points ;;
	esac
}

# window COMMAND FAULT FAULT_N: how many items the rerun may deliver again
# after FAULT (the documented at-least-once window), FAULT_N being how
# many the fault run delivered.
window() {
	case $1:$2 in
	collect-*:full|collect-*:term|alert-*:term) echo 0 ;;
	# the batch that failed part way: 64 KiB of 30-byte lines
	collect-*:tmpfs|collect-*:epipe) echo 2200 ;;
	*) echo "$3" ;;	# the whole run: its state was never saved
	esac
}

# unread_allowed COMMAND: whether items written into the pipe that head
# never read may be missing after EPIPE (they cannot be known); perf-alert
# keeps its old state when its output fails, so its rerun repeats them.
unread_allowed() {
	case $1 in
	alert-*) return 1 ;;
	*) return 0 ;;
	esac
}

# fault FAULT COMMAND: runs the command under the fault; what it delivered
# goes to fault.out (for collect-store: the store, fault.store), its exit
# status to fault_status.
fault() {
	store=fault.store
	[ "$1" = tmpfs ] && [ "$2" = collect-store ] && store=mnt/store
	line=$(command_line "$2" "$store")
	rm -f fifo && mkfifo fifo
	case $1 in
	full)
		$line >/dev/full 2>fault.err
		fault_status=$?
		: >fault.out ;;
	epipe)
		$line >fifo 2>fault.err &
		pid=$!
		head -n 5 <fifo >fault.out
		wait $pid
		fault_status=$? ;;
	tmpfs)
		if [ "$2" = collect-store ]; then
			$line >/dev/null 2>fault.err
		else
			$line >mnt/out 2>fault.err
		fi
		fault_status=$?
		cp mnt/out fault.out 2>/dev/null || : >fault.out
		rm -f mnt/out ;;
	term|kill)
		signal=TERM
		[ "$1" = kill ] && signal=KILL
		$line >fifo 2>fault.err &
		pid=$!
		# a slow reader: nothing for a second, then everything
		(sleep 1; cat) <fifo >fault.out &
		reader=$!
		sleep 0.5
		kill -$signal $pid
		wait $pid
		fault_status=$?
		wait $reader ;;
	esac
	if [ "$2" = collect-store ]; then
		cat "$store"/*.ndjson >fault.out 2>/dev/null || : >fault.out
		rm -rf "$store"
	fi
}

# rerun COMMAND: the clean rerun, into rerun.out (the store: rerun.store).
rerun() {
	line=$(command_line "$1" rerun.store)
	$line >rerun.out 2>rerun.err
	rerun_status=$?
	if [ "$1" = collect-store ]; then
		cat rerun.store/*.ndjson >rerun.out
		rm -rf rerun.store
	fi
}

# The exit status each fault ends with (FAULT COMMAND).
expected_status() {
	case $1:$2 in
	epipe:aggregate-*|term:aggregate-*) echo 3; return ;;
	esac
	case $1 in
	full|tmpfs) echo 3 ;;
	epipe) echo 0 ;;
	term) echo 0 ;;
	kill) echo 137 ;;
	esac
}

printf '# ROW %-14s %-6s %s\n' command fault counts
for command in $COMMANDS; do
	for f in $FAULTS; do
		begin "$command under $f, then a clean rerun: nothing lost, duplicates only within the at-least-once window"
		if [ "$f" = tmpfs ] && [ "$tmpfs" = no ]; then
			printf '# ROW %-14s %-6s not run: mounting a tmpfs needs root\n' "$command" "$f"
			end
			continue
		fi
		rm -f run.state run.state.lock
		fault "$f" "$command"
		[ "$fault_status" -eq "$(expected_status "$f" "$command")" ] ||
			fail "fault run: exit status $fault_status, expected $(expected_status "$f" "$command"): $(head -3 fault.err)"
		rerun "$command"
		[ "$rerun_status" -eq 0 ] || fail "rerun: exit status $rerun_status: $(head -3 rerun.err)"
		[ -s rerun.err ] && fail "rerun: stderr: $(head -3 rerun.err)"
		counts=$($COUNT "$(count_kind "$command")" $N fault.out -- rerun.out) ||
			fail "$counts"
		fault_n=$(echo "$counts" | sed -n 's/.*fault=\([0-9]*\).*/\1/p')
		lost=$(echo "$counts" | sed -n 's/.*lost=\([0-9]*\).*/\1/p')
		dup=$(echo "$counts" | sed -n 's/.*duplicated=\([0-9]*\).*/\1/p')
		rerun_n=$(echo "$counts" | sed -n 's/.*rerun=\([0-9]*\).*/\1/p')
		# lines written into the pipe that head never read: unknowable
		unread=0
		if [ "$f" = epipe ]; then
			unread=$lost
			lost=0
			# at most a pipe's 64 KiB: 30-byte points, 250-byte
			# aggregates, 350-byte alerts
			[ "$unread" -le 2200 ] || fail "$unread lines left unread: more than a pipe holds"
			unread_allowed "$command" || [ "$unread" -eq 0 ] ||
				fail "$command lost $unread items after EPIPE"
		fi
		window=$(window "$command" "$f" "$fault_n")
		[ "$lost" -eq 0 ] || fail "$lost lost ($counts)"
		[ "$dup" -le "$window" ] || fail "$dup duplicated, more than the window of $window ($counts)"
		[ $((fault_n + rerun_n - dup)) -eq $((N - unread)) ] ||
			fail "the counts do not add up to $N: $counts, unread $unread"
		printf '# ROW %-14s %-6s status=%s %s unread=%d window=%d\n' "$command" "$f" \
			"$fault_status" "$counts" "$unread" "$window"
		end
	done
done

begin "the matrix's counter finds a lost line, a duplicate beyond the window and a torn line (canary)"
printf '%s\n' '{"value":1}' '{"value":2}' >a.out
printf '%s\n' '{"value":2}' '{"val' >b.out
run $COUNT points 3 a.out -- b.out
expect_status 1
expect_stdout <<'EOF'
fault=2 rerun=1 lost=1 duplicated=1 torn=1
# b.out: a torn line in a clean rerun
EOF
end

begin "the counter reads alerts and aggregates by their host tag, and only their own kind (canary)"
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"host1"}}' \
    '{"kind":"alert","state":"firing","tags":{"h":"host2"}}' >a.out
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"host1"}}' >b.out
run $COUNT aggregates 2 a.out -- b.out
expect_status 0
expect_stdout <<'EOF'
fault=1 rerun=1 lost=1 duplicated=1 torn=0
EOF
run $COUNT alerts 2 a.out -- b.out
expect_stdout <<'EOF'
fault=1 rerun=0 lost=1 duplicated=0 torn=0
EOF
end

[ "$tmpfs" = yes ] && umount mnt
finish
