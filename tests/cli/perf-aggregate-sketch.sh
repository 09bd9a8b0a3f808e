#!/bin/sh
# perf-aggregate --accuracy: every percentile of the sketch is within the
# accuracy of the exact nearest-rank one, the aggregate says which it holds
# and carries its sketch, and --max-buckets bounds it.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-aggregate"

# within A EXACT SKETCH: every percentile of SKETCH within A * |exact|.
within() {
	jq -n -e --argjson a "$1" --slurpfile e "$2" --slurpfile s "$3" '
		[range(0; $e | length) as $i | $e[$i].percentiles | to_entries[]
		| .value as $x | ($s[$i].percentiles[.key] - $x | fabs) <= $a * ($x | fabs) * (1 + 1e-12)]
		| length > 0 and all' >/dev/null
}

for set in lognormal heavy negative tiny huge two; do
	awk -v s=$set '{ printf "{\"name\":\"%s\",\"value\":%s,\"type\":\"timer\"}\n", s, $1 }' \
	    "$D/values-$set.txt"
done >values.ndjson

begin "sketch percentiles are within 1% of the exact ones on lognormal, heavy-tailed, negative, tiny, huge and two-value data"
perf-aggregate -p 0.1,1,25,50,90,95,99,99.9,100 values.ndjson >exact.ndjson
run perf-aggregate -p 0.1,1,25,50,90,95,99,99.9,100 --accuracy 0.01 values.ndjson
expect_status 0
expect_stderr_empty
if ! within 0.01 exact.ndjson "$WORK/stdout"; then fail "a percentile is outside 1%"; fi
if [ "$(jq -c .quantiles "$WORK/stdout" | sort -u)" != '{"sketch":"ddsketch","accuracy":0.01}' ]; then
	fail "quantiles does not name the sketch"
fi
if [ "$(jq -c '.sketch.accuracy' "$WORK/stdout" | sort -u)" != 0.01 ]; then fail "no sketch"; fi
end

begin "at 0.1% the sketch is within 0.1%"
run perf-aggregate -p 0.1,1,25,50,90,95,99,99.9,100 --accuracy 0.001 --max-buckets 100000 values.ndjson
expect_status 0
if ! within 0.001 exact.ndjson "$WORK/stdout"; then fail "a percentile is outside 0.1%"; fi
end

begin "--max-buckets bounds each store of the sketch"
run perf-aggregate --accuracy 0.01 --max-buckets 16 "$D/one-to-hundred.ndjson"
expect_status 0
expect_stdout_matches jq -e '.sketch.positive.counts | length <= 16 and add == 100'
end

begin "an accuracy of 1 is a usage error"
run perf-aggregate --accuracy 1 "$D/one-to-hundred.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-aggregate: --accuracy: 1 is not in (0, 1)
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
OUT
end

finish
