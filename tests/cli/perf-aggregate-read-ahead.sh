#!/bin/sh
# perf-aggregate reads and parses on its own thread, or on a second one
# (tools/common/read_records.c, read_ahead.c) in batches of up to 2048
# lines.  Whatever the thread and the batches, a run must give what one
# thread reading line by line gives: every figure, every rejected line
# with its number, pass-through lines in their order, from a file, a pipe, a .gz and several files; and a run
# stopped early must stop, even when input never ends.  Python writes the
# input and computes each expected figure from it.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# 30000 lines, over 14 batches: points of three series, a malformed line
# every 997th, a blank line every 1500th, an alert record (passed through)
# every 2500th, and two lines of 6000 bytes (over --max-line-bytes 5000).
/usr/bin/python3 - <<'EOF'
import json
lines, rejected, passed, values = [], [], [], {}
for number in range(1, 30001):
    if number % 997 == 0:
        line = '{"name":"latency","value":' + str(number) + ','   # cut short
        rejected.append((number, line))
    elif number % 1500 == 0:
        line = '   '
    elif number % 2500 == 0:
        line = json.dumps({"kind": "alert", "rule": "r", "state": "firing", "n": number},
                          separators=(",", ":"))
        passed.append(line)
    elif number in (12345, 23456):
        line = '{"name":"latency","value":1,"tags":{"pad":"' + "x" * 5960 + '"}}'
        rejected.append((number, line[:4096]))
    else:
        series = ("a", "b", "c")[number % 3]
        value = (number * 7919) % 1000 / 10
        line = json.dumps({"name": "latency", "value": value, "ts": 1764000000 + number,
                           "tags": {"pool": series}}, separators=(",", ":"))
        values.setdefault(series, []).append(value)
    lines.append(line)
with open("input.ndjson", "w") as f:
    f.write("\n".join(lines) + "\n")
with open("rejects.want", "w") as f:
    f.write("".join(text + "\n" for _, text in rejected))
with open("numbers.want", "w") as f:
    f.write("".join("%d\n" % number for number, _ in rejected))
with open("passed.want", "w") as f:
    f.write("".join(text + "\n" for text in passed))

def figures(factor):
    out = []
    for series in sorted(values):
        v = sorted(values[series] * factor)
        p50 = v[max(0, -(-len(v) * 50 // 100) - 1)]   # nearest rank
        out.append("%s %d %.6g %.6g %.6g %.6g\n" % (series, len(v), sum(v), v[0], v[-1], p50))
    return "".join(out)
with open("figures.want", "w") as f:
    f.write(figures(1))
with open("figures2.want", "w") as f:
    f.write(figures(2))
EOF
gzip -c input.ndjson >input.ndjson.gz

# figures FILE: pool, count, sum, min, max, p50 of each aggregate in FILE
figures() {
	jq -r 'select(.kind == "aggregate") | [.tags.pool, .count, .sum, .min, .max,
		.percentiles.p50] | map(tostring) | join(" ")' "$1" |
	    awk '{ printf "%s %d %.6g %.6g %.6g %.6g\n", $1, $2, $3, $4, $5, $6 }'
}
# numbers FILE: the line numbers of the rejection messages on stderr
numbers() {
	sed -n 's/^perf-aggregate: [^:]*:\([0-9]*\): .*/\1/p' "$1"
}

begin "a file: every figure, rejected line and passed line as Python counts them"
run perf-aggregate --max-line-bytes 5000 -p 50 --rejects rejects.ndjson input.ndjson
expect_status 0
figures "$WORK/stdout" >figures.got
cmp -s figures.want figures.got || fail "figures differ: $(diff figures.want figures.got | head -5)"
grep -v '"kind":"aggregate"' "$WORK/stdout" >passed.got
cmp -s passed.want passed.got || fail "passed lines differ: $(diff passed.want passed.got | head -5)"
numbers "$WORK/stderr" >numbers.got
cmp -s numbers.want numbers.got || fail "rejected line numbers differ: $(diff numbers.want numbers.got | head -5)"
cmp -s rejects.want rejects.ndjson || fail "--rejects differs from the rejected lines"
tail -n 1 "$WORK/stderr" | grep -qx "perf-aggregate: $(wc -l <numbers.want | tr -d ' ') lines rejected" ||
	fail "no count of rejected lines: $(tail -n 1 "$WORK/stderr")"
cp "$WORK/stdout" file.out
cp "$WORK/stderr" file.err
end

# Every way of reading, whatever the machine: a reading thread from the
# first line, none, and one from line 1001 or 29901 on (as after the probe
# of read_records.c, which takes the thread after 16384 lines when the
# aggregation is heavy).
for thread in yes no 1000 29900; do
begin "PERFPIPE_READ_THREAD=$thread: a file gives the output of the first case"
run env PERFPIPE_READ_THREAD=$thread perf-aggregate --max-line-bytes 5000 -p 50 input.ndjson
expect_status 0
cmp -s file.out "$WORK/stdout" || fail "stdout differs from the first case's"
cmp -s file.err "$WORK/stderr" || fail "stderr differs from the first case's"
end

begin "PERFPIPE_READ_THREAD=$thread: a pipe, batches handed over as it runs dry, gives the same"
run sh -c "cat input.ndjson | PERFPIPE_READ_THREAD=$thread perf-aggregate --max-line-bytes 5000 -p 50"
expect_status 0
cmp -s file.out "$WORK/stdout" || fail "stdout differs from the file's"
sed 's|input.ndjson:|-:|' file.err | cmp -s - "$WORK/stderr" || fail "stderr differs from the file's"
end

begin "PERFPIPE_READ_THREAD=$thread: a pipe fed in small pieces with pauses gives the same"
run sh -c '/usr/bin/python3 -c "
import sys, time
data = open(\"input.ndjson\", \"rb\").read()
for at in range(0, len(data), 300000):
    sys.stdout.buffer.write(data[at:at + 300000]); sys.stdout.flush(); time.sleep(0.05)
" | PERFPIPE_READ_THREAD='"$thread"' perf-aggregate --max-line-bytes 5000 -p 50'
expect_status 0
cmp -s file.out "$WORK/stdout" || fail "stdout differs from the file's"
end

begin "PERFPIPE_READ_THREAD=$thread: SIGTERM while the input waits ends the run, windows written"
rm -f term.out term.err	# the last round's: wait_lines must see this run's
mkfifo term.fifo
(printf '%s\n' '{"name":"q","value":1,"ts":100}' '{"name":"q","value":2,"ts":111}'; exec sleep 30) \
	>term.fifo 2>/dev/null &
writer=$!
PERFPIPE_READ_THREAD=$thread perf-aggregate -w 10 <term.fifo >term.out 2>term.err &
aggregate=$!
wait_lines 1 term.out
kill -TERM "$aggregate"
wait "$aggregate"
status=$?
kill "$writer" 2>/dev/null
rm -f term.fifo
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"
[ "$(jq -r '[.start, .count] | map(tostring) | join(" ")' term.out | tr '\n' ,)" = "100 1,110 1," ] ||
	fail "windows written: $(cat term.out)"
end
done

begin "a .gz of it gives the same output"
run perf-aggregate --max-line-bytes 5000 -p 50 input.ndjson.gz
expect_status 0
cmp -s file.out "$WORK/stdout" || fail "stdout differs from the file's"
end

begin "two files: figures of both, line numbers of each"
run perf-aggregate --max-line-bytes 5000 -p 50 input.ndjson input.ndjson.gz
expect_status 0
figures "$WORK/stdout" >figures.got
cmp -s figures2.want figures.got || fail "figures differ: $(diff figures2.want figures.got | head -5)"
{ sed 's/^/input.ndjson /' numbers.want; sed 's/^/input.ndjson.gz /' numbers.want; } >sources.want
sed -n 's/^perf-aggregate: \([^:]*\):\([0-9]*\): .*/\1 \2/p' "$WORK/stderr" >sources.got
cmp -s sources.want sources.got || fail "rejections differ: $(diff sources.want sources.got | head -5)"
end

begin "--merge over thousands of aggregates gives the totals of the points"
perf-aggregate --max-line-bytes 5000 -w 1 input.ndjson 2>/dev/null >windows.ndjson
test "$(wc -l <windows.ndjson)" -gt 20000 || fail "too few aggregates to fill batches"
run perf-aggregate --merge --window 7d windows.ndjson
expect_status 0
jq -r 'select(.kind == "aggregate") | [.tags.pool, .count, .sum, .min, .max]
	| map(tostring) | join(" ")' "$WORK/stdout" |
    awk '{ printf "%s %d %.6g %.6g %.6g\n", $1, $2, $3, $4, $5 }' >merged.got
cut -d ' ' -f 1-5 figures.want >merged.want
cmp -s merged.want merged.got || fail "merged figures differ: $(diff merged.want merged.got | head -5)"
end

# With the thread (yes), a stop cancels it, blocked in poll in the second case.
for thread in yes no; do
begin "PERFPIPE_READ_THREAD=$thread: a run stopped by --max-series ends although its input never does"
run sh -c '/usr/bin/python3 -c "
import itertools, sys
for i in itertools.count():
    sys.stdout.write(\"{\\\"name\\\":\\\"q\\\",\\\"value\\\":1,\\\"tags\\\":{\\\"id\\\":\\\"%d\\\"}}\\n\" % i)
" 2>/dev/null | PERFPIPE_READ_THREAD='"$thread"' timeout 60 perf-aggregate --max-series 1000 >/dev/null'
expect_status 3
expect_stderr <<'OUT'
perf-aggregate: -:1001: more than 1000 series; tag "id" has 1001 distinct values (use --by or drop it)
OUT
end

begin "PERFPIPE_READ_THREAD=$thread: a run stopped by --max-series ends while its input waits"
rm -f points.fifo
mkfifo points.fifo
(printf '{"name":"q","value":1,"tags":{"id":"%d"}}\n' 1 2 3; exec sleep 30) >points.fifo 2>/dev/null &
writer=$!
run sh -c "PERFPIPE_READ_THREAD=$thread timeout 20 perf-aggregate --max-series 2 <points.fifo"
kill "$writer" 2>/dev/null
expect_status 3
expect_stderr <<'OUT'
perf-aggregate: -:3: more than 2 series; tag "id" has 3 distinct values (use --by or drop it)
OUT
end
done

finish
