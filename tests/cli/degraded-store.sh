# perf-collect's degraded mode for --store (issue 8, item 6): when the store
# cannot be written, the output goes on, up to --store-buffer records wait
# in memory, one line warns, every batch retries, and what was held is
# written when the store comes back; what never reached it is counted and
# fails the run.  (Tests run as root in CI, where chmod does not stop
# writes: the store is made unwritable by a missing parent directory, or a
# file in place of the directory.)
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

point() { printf '{"name":"l","value":%s}\n' "$1"; }
today=$(date -u +%Y-%m-%d)


begin "a store whose directory appears later gets every record, in order, and the run succeeds"
point 1 >f.log
perf-collect log --follow --store later/history f.log >followed 2>errors &
follower=$!
wait_lines 1 followed
point 2 >>f.log
wait_lines 2 followed
mkdir later
point 3 >>f.log
wait_lines 3 "later/history/$today.ndjson"
point 4 >>f.log
wait_lines 4 "later/history/$today.ndjson"
kill -TERM "$follower"
wait "$follower"
status=$?
expect_status 0
for i in 1 2 3 4; do point "$i"; done >want
expect_file followed <want
expect_file "later/history/$today.ndjson" <want
expect_file errors <<EOF
perf-collect: --store: later/history/$today.ndjson: No such file or directory; holding up to 10000 records in memory and retrying
perf-collect: --store: later/history: writable again; 2 held records written
EOF
end

begin "beyond --store-buffer the oldest records are dropped, counted once, and the run fails"
for i in 1 2 3 4 5; do point "$i"; done >five.log
: >blocked
run perf-collect log --store blocked/history --store-buffer 2 five.log
expect_status 3
expect_file stdout <five.log
expect_stderr <<EOF
perf-collect: --store: blocked/history/$today.ndjson: Not a directory; holding up to 2 records in memory and retrying
perf-collect: --store: blocked/history: 3 records dropped (more than --store-buffer 2 held)
perf-collect: --store: blocked/history: 2 held records not stored
EOF
end

begin "a file in place of the store's directory, removed during the run, lets the held records through"
rm -f blocked
: >blocked
point 1 >g.log
perf-collect log --follow --store blocked/history g.log >followed 2>errors &
follower=$!
wait_lines 1 followed
rm blocked
mkdir blocked
point 2 >>g.log
wait_lines 2 "blocked/history/$today.ndjson"
kill -TERM "$follower"
wait "$follower"
status=$?
expect_status 0
for i in 1 2; do point "$i"; done >want
expect_file "blocked/history/$today.ndjson" <want
expect_file followed <want
expect_file errors <<EOF
perf-collect: --store: blocked/history/$today.ndjson: Not a directory; holding up to 10000 records in memory and retrying
perf-collect: --store: blocked/history: writable again; 1 held record written
EOF
end

begin "--store-buffer must be a whole number"
run perf-collect log --store-buffer 1.5 five.log
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: --store-buffer: "1.5" is not a whole number up to 1000000000
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF
end

finish
