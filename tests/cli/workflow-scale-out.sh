#!/bin/sh
# Scaling out (perfpipe.7, SCALING OUT): a generated log of 200000 points
# (20000 under the sanitizers)
# split by GNU parallel across every core into per-block perf-aggregate
# --accuracy runs, then perf-aggregate --merge, gives the aggregates of one
# pass; and the map/reduce commands of the manual page, taken from the page
# itself and run locally with sort between the stages as Hadoop Streaming
# does, give them too.  Counts, sums, extremes, means, rates and the sketch
# percentiles are compared exactly, stddev to 1e-12 relative (as in
# perf-aggregate-merge.sh).  Speed is not asserted here: scripts/bench
# times parallel against one pass.  Skipped when GNU parallel is not
# installed (scripts/deps installs it).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# 200000 points (26 MB, about 7 minutes of event time); a tenth of them
# in the sanitizer build, where each pass is ten times slower.
POINTS=200000
[ -z "${PERFPIPE_SANITIZED:-}" ] || POINTS=20000
"$PERFPIPE_SOURCE/scripts/gen" -n $POINTS --seed 11 --rate $((POINTS / 400)) >points.ndjson
perf-aggregate --accuracy 0.01 -w 1m -b pool points.ndjson >one.ndjson

# Everything but stddev must be equal to the last bit; stddev, whose
# parallel formula rounds differently, to 1e-12 relative.
FIELDS='{name, tags, type, unit, start, "end": .end, window, count, sum, min, max, mean, rate, last, percentiles, quantiles, sketch}'
same_as_one_pass() {	# same_as_one_pass MERGED
	jq -c "$FIELDS" one.ndjson >one.fields && jq -c "$FIELDS" "$1" >merged.fields &&
	diff one.fields merged.fields >fields.diff &&
	jq .stddev one.ndjson >one.stddev && jq .stddev "$1" >merged.stddev &&
	paste one.stddev merged.stddev | awk '{ d = $1 - $2; if (d < 0) d = -d
		if (NF != 2 || d > 1e-12 * $1) bad = 1 } END { exit bad || NR == 0 }'
}

begin "one pass over the generated log gives 7 minutes x 3 pools of aggregates of all $POINTS points"
run jq -s '[length, (map(.count) | add)]' -c one.ndjson
expect_status 0
expect_stdout <<EOF
[21,$POINTS]
EOF
end

if have parallel parallel; then
	PARALLEL_HOME="$WORK/parallel-home"
	export PARALLEL_HOME
	cores=$(nproc)

		# The command of perfpipe.7, with --will-cite and a job log.
	begin "GNU parallel: a block per core aggregated and merged equals one pass"
	run sh -c 'parallel --will-cite --pipepart -a points.ndjson --block -1 -j "$(nproc)" \
	    --joblog jobs.log perf-aggregate --accuracy 0.01 --window 1m --by pool |
	    perf-aggregate --merge --window 1m --by pool'
	expect_status 0
	expect_stderr_empty
	cp "$WORK/stdout" parallel.ndjson
	if ! same_as_one_pass parallel.ndjson; then
		fail "the merge of the blocks differs from one pass:"
		head -4 fields.diff | cut -c1-200 | sed 's/^/#   /'
	fi
	shards=$(($(wc -l <jobs.log) - 1))
	failed_jobs=$(awk 'NR > 1 && $7 != 0' jobs.log | wc -l)
	if [ "$shards" -lt "$cores" ] || [ "$failed_jobs" -ne 0 ]; then
		fail "expected at least $cores blocks, all successful: $shards blocks, $failed_jobs failed"
	fi
	printf '# %d points, %d blocks on %d cores, %d aggregates\n' $POINTS "$shards" \
	    "$cores" "$(wc -l <parallel.ndjson)"
	end

	begin "GNU parallel: four blocks a core, their aggregates merged in reverse order, equal one pass"
	parallel --will-cite --pipepart -a points.ndjson --block -4 -j "$cores" \
	    'perf-aggregate --accuracy 0.01 --window 1m --by pool >shard-{#}.ndjson'
	run sh -c 'ls shard-*.ndjson | sort -t- -k2 -rn | xargs cat |
	    perf-aggregate --merge --window 1m --by pool'
	expect_status 0
	expect_stderr_empty
	cp "$WORK/stdout" reversed.ndjson
	if ! same_as_one_pass reversed.ndjson; then fail "the reversed merge differs from one pass"; fi
	shards=$(ls shard-*.ndjson | wc -l)
	if [ "$shards" -lt $((4 * cores)) ]; then fail "too few shards: $shards"; fi
	printf '# %d points, %d blocks on %d cores\n' $POINTS "$shards" "$cores"
	end
fi

# The mapper, the shuffle and the reducer exactly as perfpipe.7 prints
# them: the .EX block after each label, roff escapes undone.
awk '
	/^mapper \(/ { name = "mapper" } /^shuffle \(/ { name = "shuffle" }
	/^reducer \(/ { name = "reducer" }
	name != "" && /^\.EX/ { printf "%s() {\n", name; inside = 1; next }
	inside && /^\.EE/ { print "}"; inside = 0; name = ""; next }
	inside { gsub(/\\e/, "\\"); gsub(/\\-/, "-"); print }
' "$PERFPIPE_SOURCE/man/perfpipe.7" >mapreduce.sh
local_run=$(sed -n '/^Locally, as Hadoop Streaming/,/^\.EE/p' "$PERFPIPE_SOURCE/man/perfpipe.7" |
    grep '^for split')

begin "the manual's mapper, shuffle and reducer are three shell functions and a local run"
run sh -c 'grep -c "() {" mapreduce.sh; printf "%s\n" "$0"' "$local_run"
expect_status 0
expect_stdout <<'EOF'
3
for split in part-*; do mapper < "$split"; done | shuffle | reducer
EOF
end

# Hadoop Streaming gives each mapper a split of whole lines: five of them.
split -n l/5 points.ndjson part-

begin "the manual's map/reduce run locally, sort between the stages, equals one pass"
run sh -c ". ./mapreduce.sh; $local_run"
expect_status 0
expect_stderr_empty
cp "$WORK/stdout" mapreduce.ndjson
if ! same_as_one_pass mapreduce.ndjson; then
	fail "the map/reduce result differs from one pass:"
	head -4 fields.diff | cut -c1-200 | sed 's/^/#   /'
fi
end

begin "the mapper's output is key TAB the aggregate line, unchanged"
run sh -c '. ./mapreduce.sh; mapper <part-aa >keyed.txt &&
    perf-aggregate --accuracy 0.01 --window 1m --by pool part-aa >direct.ndjson &&
    cut -f 2- keyed.txt | cmp - direct.ndjson &&
    head -1 keyed.txt | cut -f 1'
expect_status 0
expect_stdout <<'EOF'
["request.duration",{"pool":"batch"},1764060000]
EOF
expect_stderr_empty
end

begin "after the shuffle, the aggregates of one series and window are adjacent"
run sh -c '. ./mapreduce.sh; for split in part-*; do mapper <"$split"; done | shuffle |
    cut -f 1 | uniq | sort | uniq -d | wc -l'
expect_status 0
expect_stdout <<'EOF'
0
EOF
end

finish
