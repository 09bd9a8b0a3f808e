#!/bin/sh
# perf-analyze's attribution findings: on synthetic request logs with a
# planted cause (tests/cli/helpers/planted_cause.py, a fixed seed), the
# pipeline perf-collect | perf-aggregate --window 1m --by pool,path,status
# --accuracy 0.01 | perf-analyze names exactly the planted values, with an
# explanatory power of at least 0.8, blames nothing else, and its figures
# agree with the same figures computed by Python from the raw log; a
# change spread evenly over every value blames none; a degrading trend
# without a level shift is explained by its first third of the windows
# against its last; a two-minute spike by its windows against the other
# ones.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq

PLANT="$PERFPIPE_SOURCE/tests/cli/helpers/planted_cause.py"
for case in slow-path pool-errors two-paths even slow-path-ramp even-ramp \
    slow-path-spike pool-errors-spike even-spike spike-then-shift; do
	/usr/bin/python3 "$PLANT" "$case" >"$case.ndjson" || exit 2
done

# The attribution findings of one log, each flattened with the planted
# values' shares of the tail (or the errors) and of the traffic, from the
# finding's breakdown.
# Its status is perf-analyze's.
attribute() {
	file=$1
	shift
	perf-collect log --format jsonl "$file" |
	    perf-aggregate --window 1m --by pool,path,status --accuracy 0.01 |
	    perf-analyze --only attribution "$@" >"$file.out" || return
	jq -c 'select(.type == "attribution") | .values as $v |
	    def planted(f): [.breakdown[] | select(.value | IN($v[])) | f] | add;
	    def part(f): planted(f) / ([.breakdown[] | f] | add);
	    {stat, dimension, values, ts, since, until, anomaly, windows,
	     explanatory_power, surprise, rank,
	     before, after, threshold, message, trend, change, p_value,
	     requests_before: planted(.requests_before),
	     requests_after: planted(.requests_after),
	     tail_before: planted(.above_before), tail_after: planted(.above_after),
	     all_tail_before: ([.breakdown[].above_before] | add),
	     all_tail_after: ([.breakdown[].above_after] | add),
	     share: (if .stat == "p95" then part(.above_after) else part(.errors_after) end),
	     share_before: (if .stat == "p95" then part(.above_before) else
	         part(.errors_before) end),
	     traffic: part(.requests_after), traffic_before: part(.requests_before)} |
	    with_entries(select(.value != null))' "$file.out"
}

for case in slow-path pool-errors two-paths slow-path-spike pool-errors-spike; do
	/usr/bin/python3 "$PLANT" check "$case" >"$case.want" || exit 2
done
/usr/bin/python3 "$PLANT" check slow-path-spike counts >slow-path-spike.counts.want || exit 2
for mode in "" spike; do
	/usr/bin/python3 "$PLANT" check spike-then-shift $mode || exit 2
done >spike-then-shift.want
for mode in counts spike-counts; do
	/usr/bin/python3 "$PLANT" check spike-then-shift $mode || exit 2
done >spike-then-shift.counts.want
for mode in trend trend-counts trend-verdict; do
	/usr/bin/python3 "$PLANT" check slow-path-ramp "$mode" >"ramp.$mode.want" || exit 2
done

begin "one path three times slower on every pool: the p95 rise is path=/api/b's, and nothing else is blamed"
run attribute slow-path.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .dimension == "path" and .values == ["/api/b"] and .explanatory_power >= 0.8 and .rank == 1'
expect_agrees_with slow-path.want 0.03
expect_each '.[]' '.message == "request.duration p95 rose 118% (96.6 ms → 211 ms) from 2025-11-25T08:20:00Z; path=/api/b holds 86% of the requests above 96.6 ms (24.6% of traffic, 25.1% before)."'
end

begin "one pool with ten times the errors: the error rate's rise is pool=b's, and nothing else is blamed"
run attribute pool-errors.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.stat == "error_rate" and .dimension == "pool" and .values == ["b"] and .explanatory_power >= 0.8'
expect_agrees_with pool-errors.want 1e-9
expect_each '.[]' '.message == "request.duration error rate rose 356% (0.861% → 3.93%) from 2025-11-25T08:20:00Z; pool=b has 81.6% of the errors (25.8% before) and 32.9% of traffic (33% before)."'
end

begin "two paths slower together: both are named in one finding, and nothing else is blamed"
run attribute two-paths.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.dimension == "path" and (.values | sort) == ["/api/b", "/api/c"] and .explanatory_power >= 0.8'
expect_agrees_with two-paths.want 0.03
end

begin "one path slowing down steadily from minute 10 (a degrading trend, no level shift): its first third against its last blames path=/api/b, and nothing else"
run attribute slow-path-ramp.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .dimension == "path" and .values == ["/api/b"] and .explanatory_power >= 0.8 and .trend == "degrading" and .since == 1764057600'
expect_agrees_with ramp.trend.want 0.01
expect_agrees_with ramp.trend-counts.want
expect_agrees_with ramp.trend-verdict.want
expect_each '.[]' '.message == "request.duration p95 rose 136% (98.5 ms → 233 ms) from the first third of a degrading trend to the last (from 2025-11-25T08:27:00Z); path=/api/b holds 86.9% of the requests above 98.5 ms (24.1% of traffic, 24.5% before)."'
end

begin "the steady slowing is a trend of the total and no level shift: perf-analyze finds no shift of the total's p95"
jq -c 'del(.tags)' slow-path-ramp.ndjson | perf-collect log --format jsonl |
    perf-aggregate --window 1m --accuracy 0.01 >ramp-total.ndjson
run perf-analyze --only anomaly,trend --fdr 1 ramp-total.ndjson
expect_status 0
expect_stderr_empty
expect_count 0 '.[] | select(.type == "anomaly" and .anomaly == "level_shift")'
expect_count 1 '.[] | select(.type == "trend")'
expect_each '.[] | select(.type == "trend")' '.direction == "degrading"'
end

begin "every request slowing down steadily blames no value"
run attribute even-ramp.ndjson
expect_status 0
expect_stderr_empty
expect_stdout_empty
end

begin "the even slowing is analysed as a degrading trend: without the surprise threshold, values would be blamed"
run attribute even-ramp.ndjson --attribution-surprise 0 --attribution-ep 0.5
expect_status 0
expect_stderr_empty
expect_each '.[]' '.stat == "p95" and .trend == "degrading" and .ts == 1764059220 and .surprise < 0.005'
end

begin "a change spread evenly over every value blames no value"
run attribute even.ndjson
expect_status 0
expect_stderr_empty
expect_stdout_empty
end

begin "the even change is analysed: without the surprise threshold, values would be blamed"
run attribute even.ndjson --attribution-surprise 0 --attribution-ep 0.5
expect_status 0
expect_stderr_empty
expect_each '.[]' '.stat == "p95" and .ts == 1764058800 and .surprise < 0.005'
end

begin "--attribution-ep takes a percentage too: 50% is 0.5"
run attribute even.ndjson --attribution-surprise 0 --attribution-ep 50%
expect_status 0
expect_stderr_empty
expect_each '.[]' '.stat == "p95" and .ts == 1764058800 and .surprise < 0.005'
end

begin "a bad --attribution-value-ep is a usage error that names it"
run perf-analyze --attribution-value-ep 5%% "$DATA/perf-analyze/pools.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-analyze: --attribution-value-ep: "5%" is not a number
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
EOF
end

begin "one path three times slower for two minutes only (a spike of the total, no level shift): the spike is path=/api/b's, against every other window, and nothing else is blamed"
run attribute slow-path-spike.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .anomaly == "spike" and .windows == 2 and .dimension == "path" and .values == ["/api/b"] and .explanatory_power >= 0.8 and .rank == 1 and .since == 1764057600'
expect_agrees_with slow-path-spike.want 0.03
expect_agrees_with slow-path-spike.counts.want
expect_each '.[]' '.message == "request.duration p95 rose 136% (96.6 ms → 228 ms) in a spike from 2025-11-25T08:20:00Z to 2025-11-25T08:22:00Z; path=/api/b holds 85.6% of the requests above 96.6 ms (26.4% of traffic, 24.8% before)."'
end

# The spike of errors: pool=b is named, first, with the explanatory power
# of the raw log's counts (0.79: in those two minutes the other pools had
# 9 errors where 4.6 were expected).  Its 27 errors are few: the shares
# of the paths' errors wander by chance, more than --attribution-surprise
# allows for, and a second finding blames three of the four paths (as
# perf-analyze(1) says under attribution); it is less surprising, ranked
# below.
begin "one pool with ten times the errors for two minutes only: the spike of the error rate is pool=b's, first and alone in its dimension"
run attribute pool-errors-spike.ndjson
expect_status 0
expect_stderr_empty
expect_count 1 '.[] | select(.dimension == "pool")'
expect_some '.[]' '.rank == 1 and .stat == "error_rate" and .anomaly == "spike" and .dimension == "pool" and .values == ["b"]'
expect_each '.[]' '.stat == "error_rate" and .anomaly == "spike" and .ts == 1764058800 and .until == 1764058920'
expect_each '.[] | select(.dimension != "pool")' '.rank > 1'
expect_agrees_with pool-errors-spike.want 1e-9
expect_some '.[]' '.message == "request.duration error rate rose 301% (0.936% → 3.75%) in a spike from 2025-11-25T08:20:00Z to 2025-11-25T08:22:00Z; pool=b has 66.7% of the errors (30.5% before) and 31.8% of traffic (33% before)."'
end

# The exact counts show which windows each period holds: the shift's
# period before is minutes 0 to 19 without the spike's 8 and 9.
begin "a spike of path=/api/c (minutes 8 and 9), then path=/api/b slower from minute 20: the spike is path=/api/c's against the rest of its level, the shift path=/api/b's against its level without the spike, in time order"
run attribute spike-then-shift.ndjson
expect_status 0
expect_stderr_empty
expect_count 2 '.[]'
expect_some '.[]' '.anomaly == "spike" and .dimension == "path" and .values == ["/api/c"] and .ts == 1764058080 and .until == 1764058200 and .since == 1764057600 and .explanatory_power >= 0.8 and .rank == 1'
expect_some '.[]' '(has("anomaly") | not) and .dimension == "path" and .values == ["/api/b"] and .ts == 1764058800 and .since == 1764057600 and .explanatory_power >= 0.8 and .rank == 1'
expect_each '[.[].ts]' '. == sort'
expect_agrees_with spike-then-shift.want 0.03
expect_agrees_with spike-then-shift.counts.want
end

begin "every request three times slower for two minutes blames no value"
run attribute even-spike.ndjson
expect_status 0
expect_stderr_empty
expect_stdout_empty
end

begin "the even spike is analysed: without the surprise threshold, values would be blamed"
run attribute even-spike.ndjson --attribution-surprise 0 --attribution-ep 0.5
expect_status 0
expect_stderr_empty
expect_each '.[]' '.stat == "p95" and .anomaly == "spike" and .ts == 1764058800 and .until == 1764058920 and .surprise < 0.005'
end

begin "a stricter surprise threshold drops the slow path's finding"
run attribute slow-path.ndjson --attribution-surprise 0.5
expect_status 0
expect_stderr_empty
expect_stdout_empty
end

begin "--attribution-surprise must be a number"
run perf-analyze --attribution-surprise many /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --attribution-surprise: "many" is not a number
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

finish
