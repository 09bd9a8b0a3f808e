#!/bin/sh
# perf-aggregate reads a plain file in parts on every processor and adds
# the later parts to the first (tools/perf-aggregate/split.c); a part with
# anything to say is read again on the program's thread.  Either way the
# output must be byte for byte that of one pass, and the figures those
# Python computes from the input.  PERFPIPE_SPLIT=OFFSET,... begins parts
# at those bytes and says on stderr how each part ended ("split: ..."),
# so that a test sees that the parts were taken in, not read again.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# 4000 lines: timers of three pools, a counter and a gauge, ts rising with
# ties, values with many digits (the compensated sums and the variance
# would show another order of additions).
/usr/bin/python3 - <<'EOF'
import json, math
lines, series = [], {}
def add(key, value, ts):
    series.setdefault(key, []).append((value, ts))
for n in range(4000):
    ts = 1764000000 + n // 3
    if n % 10 == 7:
        point = {"name": "requests", "value": 1, "ts": ts, "type": "counter",
                 "tags": {"pool": "all"}}
    elif n % 10 == 3:
        point = {"name": "queue", "value": (n * 37) % 101 - 50.125, "ts": ts,
                 "tags": {"pool": "all"}}
    else:
        pool = ("a", "b", "c")[(n * 7) % 3]
        value = ((n * 7919) % 10007) / 7.0 + 1e6 * (n % 2)
        point = {"name": "latency", "value": value, "ts": ts, "type": "timer",
                 "unit": "ms", "tags": {"pool": pool}}
    add((point["name"], point["tags"]["pool"]), point["value"], ts)
    lines.append(json.dumps(point, separators=(",", ":")))
with open("input.ndjson", "w") as f:
    f.write("\n".join(lines) + "\n")
with open("input.crlf", "w", newline="") as f:
    f.write("\r\n".join(lines) + "\r\n")

def nearest(sorted_values, p):
    return sorted_values[max(0, math.ceil(len(sorted_values) * p / 100) - 1)]
def number(x):
    return "%.9g" % x
with open("figures.want", "w") as f:
    for name, pool in sorted(series):
        points = series[(name, pool)]
        values = sorted(v for v, _ in points)
        n = len(values)
        mean = math.fsum(values) / n
        stddev = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
        figures = [name, pool, str(n), number(math.fsum(values))]
        if name == "requests":      # a counter: its sum and rate, no distribution
            figures += ["-"] * 7
        else:
            figures += [number(mean), number(stddev), number(values[0]), number(values[-1]),
                        number(nearest(values, 50)), number(nearest(values, 99))]
            latest = max(t for _, t in points)
            # the last value: gauges only, the latest by ts, ties in input order
            figures.append(number([v for v, t in points if t == latest][-1])
                           if name == "queue" else "-")
        f.write(" ".join(figures) + "\n")
EOF
size=$(wc -c <input.ndjson | tr -d ' ')
half=$((size / 2))

# figures FILE: name, pool, count, sum, mean, stddev, min, max, p50, p99 and
# last of each aggregate of FILE ("-": none)
figures() {
	jq -r 'select(.kind == "aggregate") | [.name, .tags.pool, .count, .sum, .mean,
		.stddev, .min, .max, .percentiles.p50, .percentiles.p99, .last]
		| map(if . == null then "-" else tostring end) | join(" ")' "$1" |
	    awk '{ printf "%s %s %d", $1, $2, $3
		for (i = 4; i <= NF; i++)
			if ($i == "-") printf " -"; else printf " %.9g", $i
		printf "\n" }' | sort
}
# the stderr of a run without the "split:" lines
quiet() {
	grep -v '^perf-aggregate: split: ' "$1"
}

begin "one pass: the figures Python computes"
run env PERFPIPE_SPLIT=no perf-aggregate -p 50,99 input.ndjson
expect_status 0
expect_stderr_empty
figures "$WORK/stdout" >figures.got
cmp -s figures.want figures.got || fail "figures differ: $(diff figures.want figures.got | head -5)"
cp "$WORK/stdout" one.out
end

# Parts that begin inside a line, at a line's first byte, on its newline,
# at byte 1, at the last byte, and many.
line2=$(head -n 1 input.ndjson | wc -c | tr -d ' ')
for offsets in "$half" "$line2" "$((line2 - 1))" 1 "$((size - 1))" \
    "100,2000,2001,40000,$half,$((size - 100))"; do
begin "parts from bytes $offsets: taken in, the output of one pass"
run env PERFPIPE_SPLIT="$offsets" perf-aggregate -p 50,99 input.ndjson
expect_status 0
cmp -s one.out "$WORK/stdout" || fail "stdout differs from one pass: $(diff one.out "$WORK/stdout" | head -4)"
parts=$(($(echo "$offsets" | tr -cd , | wc -c) + 2))
grep -q "^perf-aggregate: split: input.ndjson in $parts parts\$" "$WORK/stderr" ||
	fail "not cut in $parts parts: $(head -n 2 "$WORK/stderr")"
[ "$(grep -c 'taken in' "$WORK/stderr")" -eq $((parts - 1)) ] ||
	fail "not every part taken in: $(cat "$WORK/stderr")"
[ -z "$(quiet "$WORK/stderr")" ] || fail "messages: $(quiet "$WORK/stderr")"
end
done

# lines_before OFFSET FILE: the lines of FILE that start before byte OFFSET
lines_before() {
	echo $(($(head -c "$(($1 - 1))" "$2" | wc -l) + 1))
}

begin "the lines of the parts add up to the input's, whatever the cut"
for offsets in "$half" "$line2" 1 "100,2000,2001,40000"; do
	PERFPIPE_SPLIT="$offsets" perf-aggregate input.ndjson 2>&1 >/dev/null |
	    sed -n 's/.*taken in: \([0-9]*\) lines$/\1/p' >lines.got
	first=$(lines_before "${offsets%%,*}" input.ndjson)
	sum=$(awk -v first="$first" '{ s += $1 } END { print s + first }' lines.got)
	[ "$sum" -eq 4000 ] || fail "$offsets: $sum lines in all"
done
end

begin "CRLF lines: the output of one pass"
PERFPIPE_SPLIT=no perf-aggregate -p 50,99 input.crlf >crlf.one
run env PERFPIPE_SPLIT="$line2,$half,$((half + 1))" perf-aggregate -p 50,99 input.crlf
expect_status 0
cmp -s crlf.one "$WORK/stdout" || fail "stdout differs from one pass"
cmp -s one.out "$WORK/stdout" || fail "CRLF gives other figures than LF"
[ "$(grep -c 'taken in' "$WORK/stderr")" -eq 3 ] || fail "$(cat "$WORK/stderr")"
end

begin "standard input on the file, begun inside it, is cut from where it begins"
tail -c +1001 input.ndjson >tail.ndjson
PERFPIPE_SPLIT=no perf-aggregate -p 50,99 tail.ndjson >tail.one
run sh -c "{ dd bs=1000 count=1 of=/dev/null 2>/dev/null;
	PERFPIPE_SPLIT=$half perf-aggregate -p 50,99; } <input.ndjson"
expect_status 0
cmp -s tail.one "$WORK/stdout" || fail "stdout differs from one pass over the rest"
grep -q '^perf-aggregate: split: part 2 taken in' "$WORK/stderr" || fail "$(cat "$WORK/stderr")"
end

# Each way a later part can have something to say: it is read again, and
# messages, --rejects, passed records and the exit status are one pass's.
# mutate NAME LINE TEXT: input.ndjson with line LINE replaced by TEXT.
mutate() {
	awk -v at="$2" -v text="$3" 'NR == at { print text; next } { print }' input.ndjson >"$1"
}
mutate bad.ndjson 3001 '{"name":"latency","value":'
mutate alert.ndjson 3001 '{"kind":"alert","rule":"r","state":"firing"}'
mutate long.ndjson 3001 "{\"name\":\"latency\",\"value\":1,\"tags\":{\"pad\":\"$(printf '%06000d' 0)\"}}"
mutate type.ndjson 3001 '{"name":"queue","value":1,"ts":1764001000,"type":"timer","tags":{"pool":"all"}}'
mutate nots.ndjson 3001 '{"name":"queue","value":1,"tags":{"pool":"all"}}'
mutate series.ndjson 3001 '{"name":"new","value":1,"ts":1764001000}'
again=$(($(lines_before "$half" input.ndjson) + 1))
for case in bad alert long type nots series; do
begin "a later part with something to say ($case) is read again: one pass's output"
for options in "-p 50,99 --max-line-bytes 5000 --rejects $case.rejects" "--max-series 5"; do
	rm -f "$case.rejects"
	PERFPIPE_SPLIT=no perf-aggregate $options "$case.ndjson" >one.out.$case 2>one.err.$case
	echo $? >one.status.$case
	[ ! -f "$case.rejects" ] || mv "$case.rejects" one.rejects.$case
	PERFPIPE_SPLIT="$half" perf-aggregate $options "$case.ndjson" >split.out.$case 2>split.err.$case
	echo $? >split.status.$case
	[ ! -f "$case.rejects" ] || mv "$case.rejects" split.rejects.$case
	cmp -s one.out.$case split.out.$case || fail "$options: stdout differs"
	quiet split.err.$case | cmp -s one.err.$case - ||
		fail "$options: stderr differs: $(quiet split.err.$case | diff one.err.$case - | head -4)"
	cmp -s one.status.$case split.status.$case || fail "$options: exit status differs"
	[ ! -f one.rejects.$case ] || cmp -s one.rejects.$case split.rejects.$case ||
		fail "$options: --rejects differs"
	if [ "$case" = series ] && [ "$options" != "--max-series 5" ]; then
		grep -q '^perf-aggregate: split: part 2 taken in' split.err.$case ||
			fail "$options: a new series is not taken in: $(cat split.err.$case)"
	else
		grep -q "^perf-aggregate: split: part 2 read again from line $again\$" split.err.$case ||
			fail "$options: part 2 not read again from line $again: $(cat split.err.$case)"
	fi
done
end
done

begin "a later part of mostly new series is read again: one pass's output"
awk 'NR <= 2000 { print; next } { printf "{\"name\":\"id\",\"value\":1,\"tags\":{\"n\":\"%d\"}}\n", NR }' \
    input.ndjson >ids.ndjson
awk 'NR > 2000 { for (i = 0; i < 5; i++) printf "{\"name\":\"id\",\"value\":1,\"tags\":{\"n\":\"%d\"}}\n", 5 * NR + i }' \
    input.ndjson >>ids.ndjson
PERFPIPE_SPLIT=no perf-aggregate ids.ndjson >ids.one
cut=$(head -n 2000 ids.ndjson | wc -c | tr -d ' ')
run env PERFPIPE_SPLIT="$cut" perf-aggregate ids.ndjson
expect_status 0
cmp -s ids.one "$WORK/stdout" || fail "stdout differs from one pass"
grep -q '^perf-aggregate: split: part 2 read again from line 2001$' "$WORK/stderr" ||
	fail "part 2 not read again: $(cat "$WORK/stderr")"
[ "$(grep -c '"name":"id"' ids.one)" -eq 12000 ] || fail "$(grep -c '"name":"id"' ids.one) series"
end

begin "the messages of a part read again come after the lines before it, as in one pass"
PERFPIPE_SPLIT=no perf-aggregate bad.ndjson 2>bad.one >/dev/null
run env PERFPIPE_SPLIT="$half" perf-aggregate bad.ndjson
expect_status 0
{ echo "perf-aggregate: split: bad.ndjson in 2 parts"
  echo "perf-aggregate: split: part 2 read again from line $again"
  cat bad.one; } >bad.want
cmp -s bad.want "$WORK/stderr" || fail "stderr: $(diff bad.want "$WORK/stderr")"
grep -q '^perf-aggregate: bad.ndjson:3001: ' bad.one || fail "one pass: $(cat bad.one)"
end

begin "a part whose points all lack ts is taken in: the last value is its last point's"
awk 'NR > 3000 { sub(/"ts":[0-9]*,/, "") } { print }' input.ndjson >late-nots.ndjson
PERFPIPE_SPLIT=no perf-aggregate -p 50 late-nots.ndjson >late-nots.one
cut=$(head -n 3000 late-nots.ndjson | wc -c | tr -d ' ')
run env PERFPIPE_SPLIT="$cut" perf-aggregate -p 50 late-nots.ndjson
expect_status 0
cmp -s late-nots.one "$WORK/stdout" || fail "stdout differs from one pass"
grep -q 'part 2 taken in' "$WORK/stderr" || fail "$(cat "$WORK/stderr")"
want=$(tail -n 1000 late-nots.ndjson | grep '"name":"queue"' | tail -n 1 | jq .value)
[ "$(jq -r 'select(.name == "queue") | .last' "$WORK/stdout")" = "$want" ] ||
	fail "last is not $want"
end

begin "a --by tag that no point has is named as one pass names it"
PERFPIPE_SPLIT=no perf-aggregate --by pol input.ndjson >/dev/null 2>by.one
run env PERFPIPE_SPLIT="$half" perf-aggregate --by pol input.ndjson
quiet "$WORK/stderr" | cmp -s by.one - || fail "stderr differs: $(quiet "$WORK/stderr")"
grep -q 'did you mean' by.one || fail "no suggestion: $(cat by.one)"
end

begin "two files: each cut, the output of one pass over both"
PERFPIPE_SPLIT=no perf-aggregate -p 50,99 input.ndjson input.crlf >two.one
run env PERFPIPE_SPLIT="$half" perf-aggregate -p 50,99 input.ndjson input.crlf
expect_status 0
cmp -s two.one "$WORK/stdout" || fail "stdout differs from one pass"
[ "$(grep -c 'taken in' "$WORK/stderr")" -eq 2 ] || fail "$(cat "$WORK/stderr")"
end

# What only one pass can do: no cut at all.
gzip -c input.ndjson >input.ndjson.gz
for case in "-w 10 input.ndjson" "--accuracy 0.01 input.ndjson" "--buckets 10,100 input.ndjson" \
    "--where .value input.ndjson" "input.ndjson.gz"; do
begin "perf-aggregate $case is not cut"
run sh -c "PERFPIPE_SPLIT=$half perf-aggregate $case"
expect_status 0
grep -q 'split:' "$WORK/stderr" && fail "cut: $(cat "$WORK/stderr")"
end
done
begin "a pipe is not cut"
run sh -c "cat input.ndjson | PERFPIPE_SPLIT=$half perf-aggregate -p 50,99"
expect_status 0
cmp -s one.out "$WORK/stdout" || fail "stdout differs from one pass"
grep -q 'split:' "$WORK/stderr" && fail "cut: $(cat "$WORK/stderr")"
end

finish
