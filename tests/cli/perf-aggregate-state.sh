# perf-aggregate --state: a day of points cut into 24 chunks (mid-window,
# by line count) and aggregated chunk by chunk with the windows still
# open carried in a state file writes, byte for byte, what one run over
# the whole day writes: after --flush all of it, before it all but each
# series' last window; perf-alert over both gives the same alerts.  A
# state made with other options, or corrupt, or truncated, is refused and
# left alone; an output that fails (/dev/full, a reader that exits early)
# does not advance the state, so a rerun loses nothing and repeats nothing.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need /usr/bin/python3 python3

# A day of requests in two pools: a timer, a counter with a status tag, a
# gauge every fifth request; the gpu pool is slow from 10:00 to 11:00; a
# point ten minutes late every 997 requests (rejected the same either way).
/usr/bin/python3 - <<'EOF' >day.ndjson
import json, random
random.seed(16)
t0 = 1764028800  # 2025-11-25T00:00:00Z
ts, n = float(t0), 0
while ts < t0 + 24 * 3600:
    ts = round(ts + random.expovariate(1 / 4.0), 3)
    hour = (ts - t0) // 3600
    pool = random.choice(["default", "gpu"])
    base = 900 if pool == "gpu" and hour == 10 else 120
    points = [{"name": "request.duration", "value": round(random.lognormvariate(0, 0.5) * base, 3),
               "ts": ts, "type": "timer", "unit": "ms", "tags": {"pool": pool}},
              {"name": "request.completed", "value": 1, "ts": ts, "type": "counter",
               "tags": {"pool": pool, "status": "error" if random.random() < 0.03 else "ok"}}]
    if n % 5 == 0:
        points.append({"name": "pool.queue_depth", "value": random.randint(0, 9), "ts": ts,
                       "tags": {"pool": pool}})
    if n % 997 == 0 and n > 0:
        points.append({"name": "request.duration", "value": 1.0, "ts": round(ts - 600, 3),
                       "type": "timer", "unit": "ms", "tags": {"pool": pool}})
    for p in points:
        print(json.dumps(p, separators=(",", ":")))
    n += 1
EOF
split -n l/24 -d day.ndjson chunk.

# chunked OPTIONS...: the 24 chunks through perf-aggregate --state s.state
# into chunked.ndjson (each chunk's output after the last), then --flush
# into flushed.ndjson (the state before it kept in open.state); any
# failure is a line in problems.
chunked() {
	rm -f s.state problems
	: >chunked.ndjson
	: >chunked.err
	for c in chunk.*; do
		perf-aggregate "$@" --state s.state "$c" >>chunked.ndjson 2>>chunked.err ||
			echo "$c: exit status $?" >>problems
	done
	cp s.state open.state
	perf-aggregate "$@" --state s.state --flush </dev/null >flushed.ndjson 2>>chunked.err ||
		echo "--flush: exit status $?" >>problems
}

# The counts, extremes and sums of request.duration and pool.queue_depth per
# series and minute, from the raw points (a point is late when its minute
# ended at or before the latest ts before it), against $1; the points
# are those of $2 (default day.ndjson).
check_against_raw() {
	/usr/bin/python3 - "${2:-day.ndjson}" "$1" <<'EOF'
import collections, json, math, sys
raw, latest = collections.defaultdict(list), -math.inf
for line in open(sys.argv[1]):
    p = json.loads(line)
    start = math.floor(p["ts"] / 60) * 60
    if start + 60 <= latest:
        continue
    latest = max(latest, p["ts"])
    raw[(p["name"], json.dumps(p["tags"], sort_keys=True), start)].append(p["value"])
seen, problems = 0, 0
for line in open(sys.argv[2]):
    a = json.loads(line)
    values = raw.pop((a["name"], json.dumps(a["tags"], sort_keys=True), a["start"]), None)
    if values is None:
        print("no raw points for", a["name"], a["tags"], a["start"]); problems += 1; continue
    seen += 1
    want = {"count": len(values), "sum": math.fsum(values)}
    if a["type"] != "counter":
        want.update(min=min(values), max=max(values))
    for k, v in want.items():
        if abs(a[k] - v) > 1e-9 * abs(v):
            print(a["name"], a["tags"], a["start"], k, a[k], "raw", v); problems += 1
print("%d aggregates checked, %d raw windows not written, %d problems" % (seen, len(raw), problems))
EOF
}

for options in "--window 1m" "--window 1m --accuracy 0.01"; do
	perf-aggregate $options day.ndjson >whole.ndjson 2>whole.err
	chunked $options

	begin "$options: 24 chunked runs, then --flush, write one run's bytes"
	run cat chunked.ndjson flushed.ndjson
	compare stdout "$WORK/stdout" <whole.ndjson
	run cat problems
	expect_stdout_empty
	end

	begin "$options: before --flush, all but each series' last window, which the state holds"
	lines=$(wc -l <chunked.ndjson)
	head -n "$lines" whole.ndjson >first.ndjson
	run cat chunked.ndjson
	compare stdout "$WORK/stdout" <first.ndjson
	# from the raw points: the series that have points in the last minute
	run /usr/bin/python3 -c '
import json, math
points = [json.loads(l) for l in open("day.ndjson")]
last = math.floor(max(p["ts"] for p in points) / 60) * 60
print(len({(p["name"], json.dumps(p["tags"], sort_keys=True))
    for p in points if p["ts"] >= last}), "series, window end", last + 60)'
	cp "$WORK/stdout" raw-last.txt
	run jq -r -s '"\([.[] | [.name, .tags]] | unique | length) series, window end \([.[].end] | unique | join(","))"' \
	    flushed.ndjson
	compare stdout "$WORK/stdout" <raw-last.txt
	run jq -r -s '"\(.[0].states) windows held"' open.state
	echo "$(wc -l <flushed.ndjson) windows held" >held.txt
	compare stdout "$WORK/stdout" <held.txt
	end

	begin "$options: the rejected late points are the same 21 as one run's"
	run grep -c 'late point' chunked.err
	expect_stdout <<'EOF'
21
EOF
	end

	begin "$options: every aggregate agrees with the raw points (counts, sums, extremes)"
	cat chunked.ndjson flushed.ndjson >all.ndjson
	run check_against_raw all.ndjson
	expect_stdout <<'EOF'
8764 aggregates checked, 0 raw windows not written, 0 problems
EOF
	end

	begin "$options: perf-alert over both, and hourly with its own --state, fires the same alerts"
	rule='request.duration:max > 3000 @warning'
	perf-alert -t "$rule" whole.ndjson | grep '"kind":"alert"' >alerts-whole.ndjson
	rm -f alert.state
	for c in chunk.*; do
		perf-aggregate $options --state s2.state "$c" |
			perf-alert -t "$rule" --state alert.state
	done | grep '"kind":"alert"' >alerts-cron.ndjson
	perf-aggregate $options --state s2.state --flush </dev/null |
		perf-alert -t "$rule" --state alert.state | grep '"kind":"alert"' >>alerts-cron.ndjson
	rm -f s2.state
	run cat alerts-cron.ndjson
	compare stdout "$WORK/stdout" <alerts-whole.ndjson
	run jq -r -s '"\(length) alert records, \([.[] | select(.state == "firing")] | length) firing"' \
	    alerts-whole.ndjson
	expect_stdout_matches grep -Eq '^[1-9][0-9]* alert records, [1-9][0-9]* firing$'
	end
done

# From the raw points: the minutes in which a pool's request.duration
# passes 3000 ms; each run of such minutes fires one alert, whose value is
# one of those minutes' maxima.
begin "the alerts are the raw points' breaches: one per run of minutes over 3000 ms"
run /usr/bin/python3 -c '
import collections, json, math
top, latest = collections.defaultdict(float), -math.inf
for p in map(json.loads, open("day.ndjson")):
    start = math.floor(p["ts"] / 60) * 60
    if start + 60 <= latest:
        continue
    latest = max(latest, p["ts"])
    if p["name"] == "request.duration":
        top[(p["tags"]["pool"], start)] = max(top[(p["tags"]["pool"], start)], p["value"])
over = sorted(k for k, v in top.items() if v > 3000)
runs = [k for k in over if (k[0], k[1] - 60) not in over]
print(len(runs), "firing,", sorted({k[0] for k in over}), sorted(top[k] for k in over)[:1])'
cp "$WORK/stdout" raw-breaches.txt
run jq -r -s '[.[] | select(.state == "firing")] | "\(length) firing, \([.[].tags.pool] | unique | tojson | gsub("\""; "\u0027") | gsub(","; ", ")) [\(map(.current_value) | min)]"' \
    alerts-whole.ndjson
compare stdout "$WORK/stdout" <raw-breaches.txt
run cat raw-breaches.txt
expect_stdout_matches grep -Eq "^[1-9][0-9]* firing, \['gpu'\]"
end

# As scripts/cron/hourly runs it: each hour's points (by ts, the late ones
# left out, as perf-collect replay --since --until cuts them), the hour
# declared complete with --close-until, so every window is written in the
# run of its hour, with nothing left for --flush.
/usr/bin/python3 - <<'EOF'
import json
t0 = 1764028800
hours = [open("hour.%02d" % h, "w") for h in range(24)]
with open("day-in-order.ndjson", "w") as whole:
    latest = 0
    for line in open("day.ndjson"):
        p = json.loads(line)
        if p["ts"] < latest or p["ts"] >= t0 + 86400:
            continue
        latest = p["ts"]
        whole.write(line)
        hours[int((p["ts"] - t0) // 3600)].write(line)
EOF
begin "hourly runs cut at the hour with --close-until write one run's bytes, each window in its hour"
# one run over the day, which is as complete up to its end as each hour
perf-aggregate --window 1m --accuracy 0.01 --close-until 1764115200 day-in-order.ndjson >whole.ndjson
rm -f h.state problems
: >hourly.ndjson
for h in $(seq 0 23); do
	end=$((1764028800 + 3600 * (h + 1)))
	perf-aggregate --window 1m --accuracy 0.01 --state h.state --close-until $end \
	    hour.$(printf %02d "$h") >hour.out || echo "hour $h: exit status $?" >>problems
	jq -r --argjson end $end --arg h "$h" \
	    'select(.end > $end or .end <= $end - 3600) | "hour \($h): window ending \(.end)"' \
	    hour.out >>problems
	cat hour.out >>hourly.ndjson
done
perf-aggregate --window 1m --accuracy 0.01 --state h.state --flush </dev/null >>problems
run cat hourly.ndjson
compare stdout "$WORK/stdout" <whole.ndjson
run cat problems
expect_stdout_empty
run check_against_raw hourly.ndjson day-in-order.ndjson
expect_stdout_matches grep -Eq '^[1-9][0-9]* aggregates checked, 0 raw windows not written, 0 problems$'
end

begin "the whole input (no --window): the running aggregate is carried and written at --flush"
perf-aggregate --accuracy 0.01 day.ndjson >whole.ndjson 2>/dev/null
chunked --accuracy 0.01
run cat chunked.ndjson problems
expect_stdout_empty
run cat flushed.ndjson
compare stdout "$WORK/stdout" <whole.ndjson
end

# ---- refusals: the state is left as it is ----

rm -f s.state
perf-aggregate --window 1m --state s.state chunk.00 >/dev/null 2>&1	# windows open
cp s.state kept.state

begin "a run with another --window is refused, naming both"
run perf-aggregate --window 5m --state s.state chunk.01
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: s.state: the state was made with other options (--window/--step/--session: {"type":"tumbling","size":60} there, {"type":"tumbling","size":300} in this run); rerun with that state's options, or use another --state file
EOF
run cmp s.state kept.state
expect_status 0
end

begin "a run with another --by, --accuracy or --ratio is refused too"
run sh -c 'for o in "--by pool" "--accuracy 0.01" "--ratio e=a/b"; do
	perf-aggregate --window 1m $o --state s.state chunk.01; echo "status $?"
done 2>&1 | sed "s/ there, .*//"'
expect_stdout <<'EOF'
perf-aggregate: s.state: the state was made with other options (--by: "(all tags)"
status 2
perf-aggregate: s.state: the state was made with other options (--accuracy: "(exact)"
status 2
perf-aggregate: s.state: the state was made with other options (--ratio: []
status 2
EOF
run cmp s.state kept.state
expect_status 0
end

begin "a truncated state is refused, naming the file and line"
head -c $(($(wc -c <kept.state) / 2)) kept.state >cut.state
cp cut.state cut-copy.state
run perf-aggregate --window 1m --state cut.state chunk.01
expect_status 3
expect_stdout_empty
run sh -c 'perf-aggregate --window 1m --state cut.state chunk.01 2>&1 | sed -E "s/:[0-9]+:/:N:/"'
expect_stdout <<'EOF'
perf-aggregate: cut.state:N: the last line is cut short (a truncated file); the state is left as it is (move it away to start afresh)
EOF
run sh -c 'head -n -1 kept.state >nolast.state;
	perf-aggregate --window 1m --state nolast.state chunk.01 2>&1 | sed -E "s/:[0-9]+:/:N:/"'
expect_stdout <<'EOF'
perf-aggregate: nolast.state:N: the end line is missing (a truncated file); the state is left as it is (move it away to start afresh)
EOF
run cmp -s cut.state cut-copy.state
expect_status 0
end

begin "a corrupt state, a foreign file and another version are refused"
run sh -c 'sed "2s/\"moments\":\[/\"moments\":[\"x\",/" kept.state >bad.state
	printf "{\"rules\":[]}\n" >foreign.state
	sed "1s/\"perf-aggregate state\":1/\"perf-aggregate state\":2/" kept.state >v2.state
	for f in bad foreign v2; do
		perf-aggregate --window 1m --state $f.state chunk.01; echo "status $?"
	done 2>&1'
expect_stdout <<'EOF'
perf-aggregate: bad.state:2: "moments" is not a list of the numbers a state keeps; the state is left as it is (move it away to start afresh)
status 3
perf-aggregate: foreign.state:1: not a perf-aggregate state file; the state is left as it is (move it away to start afresh)
status 3
perf-aggregate: v2.state:1: version 2 of the state file; this perf-aggregate reads version 1; the state is left as it is (move it away to start afresh)
status 3
EOF
end

begin "an unknown (null) sum is carried as unknown, never as 0"
jq -c 'if .moments then .moments[1] = null else . end' kept.state >nullsum.state
run sh -c 'perf-aggregate --window 1m --state nullsum.state --flush </dev/null |
	jq -r "[.sum, .count > 0] | @json" | sort -u'
expect_stdout <<'EOF'
[null,true]
EOF
end

begin "another run holding the lock: exit 75, the state untouched"
need flock flock
flock s.state.lock sleep 3 &
sleep 0.5
run perf-aggregate --window 1m --state s.state chunk.01
expect_status 75
expect_stderr <<'EOF'
perf-aggregate: s.state: another run holds s.state.lock; try again later (or wait with --wait DURATION)
EOF
wait
run cmp s.state kept.state
expect_status 0
end

# ---- delivery: the state advances only after the output was written ----

# The 24 chunks again, chunk 07's run first failing as FAULT says, then
# rerun; the day's output must still be one run's, nothing lost, nothing
# twice.
faulted() {
	rm -f s.state problems
	: >chunked.ndjson
	for c in chunk.*; do
		if [ "$c" = chunk.07 ]; then
			cp s.state before.state
			case $1 in
			full) perf-aggregate --window 1m --state s.state "$c" >/dev/full 2>fault.err
			      echo "$?" >fault.status ;;
			pipe) { perf-aggregate --window 1m --accuracy 0.01 --percentiles 50 \
			      --state s.state "$c" 2>fault.err; echo "$?" >fault.status; } | head -c 1 >/dev/null ;;
			esac
			cmp -s s.state before.state || echo "the fault advanced the state" >>problems
		fi
		perf-aggregate $2 --state s.state "$c" >>chunked.ndjson 2>/dev/null ||
			echo "$c: exit status $?" >>problems
	done
	perf-aggregate $2 --state s.state --flush </dev/null >>chunked.ndjson 2>/dev/null
}

begin "standard output to /dev/full: exit 3, the state not advanced, the rerun loses nothing"
faulted full "--window 1m"
perf-aggregate --window 1m day.ndjson >whole.ndjson 2>/dev/null
run cat chunked.ndjson
compare stdout "$WORK/stdout" <whole.ndjson
run cat fault.status problems
expect_stdout <<'EOF'
3
EOF
run cat fault.err
expect_stdout <<'EOF'
perf-aggregate: s.state: not advanced: this run did not end cleanly (its output was not all written); a rerun over the same input loses nothing (its output may repeat what this run wrote)
perf-aggregate: standard output: write failed: No space left on device
EOF
end

begin "a reader that exits early (EPIPE): exit 3, the state not advanced, the rerun loses nothing"
faulted pipe "--window 1m --accuracy 0.01 --percentiles 50"
perf-aggregate --window 1m --accuracy 0.01 --percentiles 50 day.ndjson >whole.ndjson 2>/dev/null
run cat chunked.ndjson
compare stdout "$WORK/stdout" <whole.ndjson
run cat fault.status problems
expect_stdout <<'EOF'
3
EOF
run grep -c 'not advanced' fault.err
expect_stdout <<'EOF'
1
EOF
end

begin "--flush needs --state, and --merge takes none"
run perf-aggregate --flush
expect_status 2
run perf-aggregate --merge --state s.state
expect_status 2
expect_stderr <<'EOF'
perf-aggregate: --state carries points' windows, not --merge's (merge the aggregates of every run at once instead)
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

finish
