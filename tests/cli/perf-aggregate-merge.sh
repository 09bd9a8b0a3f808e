#!/bin/sh
# perf-aggregate --merge: aggregates of four shards merge into the
# aggregates of one pass (counts, sums, extremes and sketch percentiles
# equal; stddev to rounding), into larger windows too, and percentiles
# asked of aggregates without sketches are a clear error.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

"$PERFPIPE_SOURCE/scripts/gen" -n 4000 --seed 3 --rate 20 >points.ndjson
for i in 0 1 2 3; do
	awk -v i=$i 'NR % 4 == i' points.ndjson >shard$i.ndjson
done
# Everything but stddev must be equal to the last bit; stddev, whose
# parallel formula rounds differently, to 1e-12 relative.
FIELDS='{name, tags, type, unit, start, "end": .end, window, count, sum, min, max, mean, rate, last, percentiles, quantiles, sketch}'
same_as() {	# same_as ONE MERGED: compares the two aggregate files
	jq -c "$FIELDS" "$1" >one.fields && jq -c "$FIELDS" "$2" >merged.fields &&
	diff one.fields merged.fields &&
	jq .stddev "$1" >one.stddev && jq .stddev "$2" >merged.stddev &&
	paste one.stddev merged.stddev | awk '{ d = $1 - $2; if (d < 0) d = -d
		if (NF != 2 || d > 1e-12 * $1) bad = 1 } END { exit bad || NR == 0 }'
}

begin "four shards aggregated with --accuracy and merged equal one pass over the whole file"
for i in 0 1 2 3; do
	perf-aggregate -w 1m -b pool --accuracy 0.01 shard$i.ndjson >aggregates$i.ndjson
done
perf-aggregate -w 1m -b pool --accuracy 0.01 points.ndjson >one.ndjson
run sh -c 'cat aggregates0.ndjson aggregates1.ndjson aggregates2.ndjson aggregates3.ndjson | perf-aggregate --merge'
expect_status 0
expect_stderr_empty
cp "$WORK/stdout" merged.ndjson
if ! same_as one.ndjson merged.ndjson; then fail "the merge differs from one pass"; fi
if [ "$(wc -l <merged.ndjson)" -ne 12 ]; then fail "expected 4 windows x 3 pools"; fi
end

begin "merging 1m aggregates with --window 2m equals one pass with 2m windows"
perf-aggregate -w 2m -b pool --accuracy 0.01 points.ndjson >one2m.ndjson
run sh -c 'cat aggregates0.ndjson aggregates1.ndjson aggregates2.ndjson aggregates3.ndjson | perf-aggregate --merge -w 2m'
expect_status 0
expect_stderr_empty
cp "$WORK/stdout" merged2m.ndjson
if ! same_as one2m.ndjson merged2m.ndjson; then fail "the 2m merge differs from one pass"; fi
end

begin "merging with --by status regroups into fewer groups, with the same counts as one pass"
run sh -c 'cat aggregates0.ndjson aggregates1.ndjson aggregates2.ndjson aggregates3.ndjson | perf-aggregate --merge --by status | jq -c "{tags, count}"'
expect_status 0
expect_stdout <<'OUT'
{"tags":{},"count":1200}
{"tags":{},"count":1200}
{"tags":{},"count":1200}
{"tags":{},"count":400}
OUT
end

begin "exact aggregates merge their counts, sums and extremes, and say that no percentiles are left"
for i in 0 1 2 3; do
	perf-aggregate -w 1m -b pool shard$i.ndjson >exact$i.ndjson
done
perf-aggregate -w 1m -b pool points.ndjson >exact-one.ndjson
run sh -c 'cat exact0.ndjson exact1.ndjson exact2.ndjson exact3.ndjson | perf-aggregate --merge'
expect_status 0
expect_stderr_empty
jq -c '{name, tags, start, count, sum, min, max, quantiles: "none"}' exact-one.ndjson >expected.fields
jq -c '{name, tags, start, count, sum, min, max, quantiles}' "$WORK/stdout" >actual.fields
if ! diff expected.fields actual.fields >/dev/null; then fail "exact merge differs"; fi
if grep -q percentiles "$WORK/stdout"; then fail "percentiles were made up"; fi
end

begin "--percentiles asked of aggregates without sketches is an error naming each line"
run perf-aggregate --merge --strict -p 50 exact0.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: exact0.ndjson:1: --percentiles needs sketches, and this aggregate has none (aggregate with --accuracy to merge percentiles)
perf-aggregate: 1 line rejected
OUT
end

# 90 s windows start at multiples of 90: 1764059940, 1764060030, 1764060120,
# 1764060210, so the minutes starting at 1764060000 and 1764060180 straddle two.
begin "an aggregate whose window does not fit in the --window is rejected"
run perf-aggregate --merge -w 90s --rejects misfit.ndjson aggregates0.ndjson
expect_status 0
expect_stderr <<'OUT'
perf-aggregate: aggregates0.ndjson:1: the aggregate's window does not fit in one 90 s window
perf-aggregate: aggregates0.ndjson:2: the aggregate's window does not fit in one 90 s window
perf-aggregate: aggregates0.ndjson:3: the aggregate's window does not fit in one 90 s window
perf-aggregate: aggregates0.ndjson:10: the aggregate's window does not fit in one 90 s window
perf-aggregate: aggregates0.ndjson:11: the aggregate's window does not fit in one 90 s window
perf-aggregate: aggregates0.ndjson:12: the aggregate's window does not fit in one 90 s window
perf-aggregate: 6 lines rejected
OUT
end

begin "--merge passes points through untouched"
run sh -c 'head -2 points.ndjson | perf-aggregate --merge'
expect_status 0
expect_stdout <<'OUT'
{"name":"request.duration","value":14.265,"ts":1764060000.000,"type":"timer","unit":"ms","tags":{"pool":"default","status":"ok"}}
{"name":"request.duration","value":73.864,"ts":1764060000.050,"type":"timer","unit":"ms","tags":{"pool":"batch","status":"ok"}}
OUT
end

begin "perf-aggregate --merge rejects an aggregate of values without sum, min and max instead of reading them as 0"
cat >no-sum.ndjson <<'EOF'
{"kind":"aggregate","name":"x","tags":{},"type":"gauge","start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":3,"mean":2}
EOF
run perf-aggregate --merge --window 1m --rejects rejects.ndjson no-sum.ndjson
expect_status 0
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: no-sum.ndjson:1: an aggregate of 3 values needs "sum", "min" and "max" to be merged
perf-aggregate: 1 line rejected
EOF
expect_file rejects.ndjson <no-sum.ndjson
end

begin "perf-aggregate --merge of counters aggregated with --accuracy says the same quantiles as one pass"
for i in 0 1 2 3 4 5; do
	printf '{"name":"hits","value":1,"ts":%d,"type":"counter"}\n' $((1764057600 + i * 10))
done >counters.ndjson
perf-aggregate --accuracy 0.01 -w 1m counters.ndjson >one-pass.ndjson
head -3 counters.ndjson | perf-aggregate --accuracy 0.01 -w 1m >shards.ndjson
tail -3 counters.ndjson | perf-aggregate --accuracy 0.01 -w 1m >>shards.ndjson
run perf-aggregate --merge -w 1m shards.ndjson
expect_status 0
expect_stdout <one-pass.ndjson
expect_stderr_empty
end

finish
