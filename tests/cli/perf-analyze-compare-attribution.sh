#!/bin/sh
# perf-analyze compare's attribution findings: a baseline log and a
# candidate log with a planted cause (tests/cli/helpers/planted_cause.py,
# the 20 minutes before and after its change, both on 08:00 to 08:20),
# each through perf-collect | perf-aggregate --window 1m --by
# pool,path,status --accuracy 0.01; when the rolled-up p95 or error rate
# regressed (as compare judges a series), perf-analyze compare BASE CAND
# names exactly the planted values with an explanatory power of at least
# 0.8, blames nothing else, and its figures (the p95s, the threshold, the
# tail and error counts, the shares, the verdict's change and p-value)
# agree with Python's over the raw logs; a change spread evenly over
# every value blames none; the exit status stays the comparisons'.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq

PLANT="$PERFPIPE_SOURCE/tests/cli/helpers/planted_cause.py"
for case in slow-path pool-errors even; do
	for side in baseline candidate; do
		/usr/bin/python3 "$PLANT" "$case" "$side" >"$case.$side.log" || exit 2
		perf-collect log --format jsonl "$case.$side.log" |
		    perf-aggregate --window 1m --by pool,path,status --accuracy 0.01 \
		    >"$case.$side.ndjson" || exit 2
	done
done
for case in slow-path pool-errors; do
	for mode in compare counts verdict; do
		/usr/bin/python3 "$PLANT" check "$case" "$mode" >"$case.$mode.want" || exit 2
	done
done

# perf-analyze compare on one case's two sides: its status is compare's,
# the comparison findings go to $case.comparisons, and stdout has the
# attribution findings, each flattened with the planted values' figures
# from its breakdown (tail: requests above the threshold, or errors).
attribute() {
	case=$1
	perf-analyze compare "$case.baseline.ndjson" "$case.candidate.ndjson" \
	    >"$case.out" 2>"$case.err"
	compared=$?
	jq -c 'select(.type == "comparison")' "$case.out" >"$case.comparisons"
	jq -c 'select(.type == "attribution") | .values as $v |
	    (if .stat == "p95" then "above" else "errors" end) as $t |
	    def planted(f): [.breakdown[] | select(.value | IN($v[])) | f] | add;
	    def whole(f): [.breakdown[] | f] | add;
	    {stat, dimension, values, ts, severity, explanatory_power, surprise, rank,
	     before, after, threshold, change, p_value, message,
	     requests_before: planted(.requests_before),
	     requests_after: planted(.requests_after),
	     tail_before: planted(.[$t + "_before"]), tail_after: planted(.[$t + "_after"]),
	     all_tail_before: whole(.[$t + "_before"]), all_tail_after: whole(.[$t + "_after"]),
	     share: (planted(.[$t + "_after"]) / whole(.[$t + "_after"])),
	     share_before: (planted(.[$t + "_before"]) / whole(.[$t + "_before"])),
	     traffic: (planted(.requests_after) / whole(.requests_after)),
	     traffic_before: (planted(.requests_before) / whole(.requests_before))} |
	    with_entries(select(.value != null))' "$case.out"
	return $compared
}

# compare's warnings on these logs are only about the sparse status=500
# series (too few runs); nothing else goes to stderr.
expect_only_run_warnings() {
	if grep -v -E '^perf-analyze: request\.duration\{[^}]*status=500\}: [0-9]+ baseline and [0-9]+ candidate runs' \
	    "$1.err" >"$WORK/check"; then
		fail "unexpected stderr:"
		head -5 "$WORK/check" | sed 's/^/#   /'
	fi
}

begin "one path three times slower on every pool: compare blames path=/api/b for the p95's regression, and nothing else"
run attribute slow-path
expect_status 1
expect_stderr_empty
expect_only_run_warnings slow-path
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .dimension == "path" and .values == ["/api/b"] and .explanatory_power >= 0.8 and .rank == 1 and .severity == "warning"'
expect_agrees_with slow-path.compare.want 0.01
expect_agrees_with slow-path.counts.want
expect_agrees_with slow-path.verdict.want
expect_each '.[]' '.message == "request.duration p95 rose 118% (96.6 ms → 211 ms) from the baseline to the candidate; path=/api/b holds 86% of the requests above 96.6 ms (24.6% of traffic, 25.1% before)."'
end

begin "the slow path's comparison findings are compare's as before: the path=/api/b series regressed"
run jq -c '{path: .tags.path, verdict}' slow-path.comparisons
expect_each '.[] | select(.verdict == "regression")' '.path == "/api/b"'
expect_some '.[]' '.path == "/api/b" and .verdict == "regression"'
end

begin "one pool with ten times the errors: compare blames pool=b for the error rate's regression, and nothing else"
run attribute pool-errors
expect_stderr_empty
expect_only_run_warnings pool-errors
expect_count 1 '.[]'
expect_each '.[]' '.stat == "error_rate" and .dimension == "pool" and .values == ["b"] and .explanatory_power >= 0.8 and .severity == "warning"'
expect_agrees_with pool-errors.compare.want
expect_agrees_with pool-errors.counts.want
expect_agrees_with pool-errors.verdict.want
expect_each '.[]' '.message == "request.duration error rate rose 356% (0.861% → 3.93%) from the baseline to the candidate; pool=b has 81.6% of the errors (25.8% before) and 32.9% of traffic (33% before)."'
end

begin "an attribution never gates: the error rate's regression leaves the exit status to the comparisons, none of which regressed"
run attribute pool-errors
expect_status 0
run jq -c '.verdict' pool-errors.comparisons
expect_count 24 '.[]'
expect_each '.[]' '. != "regression"'
end

begin "every request three times slower: compare finds regressions but blames no value"
run attribute even
expect_status 1
expect_stderr_empty
expect_only_run_warnings even
expect_stdout_empty
run jq -c '.verdict' even.comparisons
expect_some '.[]' '. == "regression"'
end

begin "without tags, compare attributes nothing: one comparison finding, the regression of the total"
for side in baseline candidate; do
	jq -c 'del(.tags)' "slow-path.$side.log" >"untagged.$side.log"
	perf-collect log --format jsonl "untagged.$side.log" |
	    perf-aggregate --window 1m --accuracy 0.01 >"untagged.$side.ndjson"
done
run perf-analyze compare untagged.baseline.ndjson untagged.candidate.ndjson
expect_status 1
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.type == "comparison" and .verdict == "regression" and .tags == {}'
end

begin "the untagged comparison is the judgement the attribution followed: the same change and p-value"
perf-analyze compare untagged.baseline.ndjson untagged.candidate.ndjson >untagged.out
run jq -c '. + {dimension: "path", values: ["/api/b"], ts: 1764057600}' untagged.out
expect_status 0
expect_agrees_with slow-path.verdict.want
end

finish
