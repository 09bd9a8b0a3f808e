#!/bin/sh
# perf-aggregate --merge of shards (issue 16 item 7): the sample log cut in
# four, each quarter aggregated on its own (whole-input or in 10-minute
# windows, exact or sketched, with an error-rate ratio), then merged, gives
# one aggregate per series and window, and each is checked against the
# raw points by tests/cli/helpers/check_aggregates.py, which computes every
# figure in Python from the points themselves: counts and extremes equal,
# sums within 1e-9 relative (math.fsum), percentiles within alpha of the
# exact nearest rank (fractions), ratios as sums of the raw values.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

POINTS=$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson
CHECK="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/check_aggregates.py"
RATIO='error_rate=request.completed{status=error}/request.completed'
split -n l/4 -d "$POINTS" shard.
for shard in shard.0?; do
	perf-aggregate --by pool --ratio "$RATIO" "$shard" >"$shard.whole"
	perf-aggregate --by pool --ratio "$RATIO" --accuracy 0.01 "$shard" >"$shard.whole-sketched"
	perf-aggregate --by pool --ratio "$RATIO" --window 10m "$shard" >"$shard.windowed"
	perf-aggregate --by pool --ratio "$RATIO" --window 10m --accuracy 0.01 \
	    "$shard" >"$shard.windowed-sketched"
done

begin "the four shards hold every point of the log, and their aggregates are whole-input ones"
run sh -c 'cat shard.0? | cmp - "$1" && jq -s -c "[length, (map(.window.type) | unique)]" shard.0?.whole' sh "$POINTS"
expect_status 0
expect_stdout <<'EOF'
[68,["all"]]
EOF
end

begin "four exact whole-input shards merge into one aggregate per series (17, not 68), without percentiles"
run sh -c 'cat shard.0?.whole | perf-aggregate --merge --by pool >merged && $0 "$1" merged --ratio error_rate=error' "$CHECK" "$POINTS"
expect_status 0
expect_stdout <<'EOF'
17 aggregates of 14 groups: counts and extremes equal, sums within 1e-9; 0 percentiles within alpha; 3 ratios exact
EOF
expect_stderr_empty
end

begin "four sketched whole-input shards merge into one per series, percentiles within 1% of the exact ones"
run sh -c 'cat shard.0?.whole-sketched | perf-aggregate --merge --by pool >merged && $0 "$1" merged --alpha 0.01 --ratio error_rate=error' "$CHECK" "$POINTS"
expect_status 0
expect_stdout <<'EOF'
17 aggregates of 14 groups: counts and extremes equal, sums within 1e-9; 44 percentiles within alpha; 3 ratios exact
EOF
expect_stderr_empty
end

begin "four exact windowed shards merge --window 10m into one aggregate per series and window"
run sh -c 'cat shard.0?.windowed | perf-aggregate --merge --by pool --window 10m >merged && $0 "$1" merged --window 600 --ratio error_rate=error' "$CHECK" "$POINTS"
expect_status 0
expect_stdout <<'EOF'
102 aggregates of 84 groups: counts and extremes equal, sums within 1e-9; 0 percentiles within alpha; 18 ratios exact
EOF
expect_stderr_empty
end

begin "four sketched windowed shards merge --window 10m, percentiles within 1% of the exact ones"
run sh -c 'cat shard.0?.windowed-sketched | perf-aggregate --merge --by pool --window 10m >merged && $0 "$1" merged --window 600 --alpha 0.01 --ratio error_rate=error' "$CHECK" "$POINTS"
expect_status 0
expect_stdout <<'EOF'
102 aggregates of 84 groups: counts and extremes equal, sums within 1e-9; 264 percentiles within alpha; 18 ratios exact
EOF
expect_stderr_empty
end

begin "whole-input and windowed aggregates merged together stay apart: each kind equals its own one pass"
run sh -c 'cat shard.0?.whole shard.0?.windowed | perf-aggregate --merge --by pool >merged &&
    jq -c "select(.window.type == \"all\")" merged >whole && jq -c "select(.window.type != \"all\")" merged >windowed &&
    $0 "$1" whole --ratio error_rate=error && $0 "$1" windowed --window 600 --ratio error_rate=error' "$CHECK" "$POINTS"
expect_status 0
expect_stdout <<'EOF'
17 aggregates of 14 groups: counts and extremes equal, sums within 1e-9; 0 percentiles within alpha; 3 ratios exact
102 aggregates of 84 groups: counts and extremes equal, sums within 1e-9; 0 percentiles within alpha; 18 ratios exact
EOF
expect_stderr_empty
end

begin "a whole-input ratio aggregate spans its points like every other kind: start and end are the first and last ts"
# reference: the first and last ts of request.completed per pool, in Python
/usr/bin/python3 -c '
import json, sys
spans = {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["name"] == "request.completed":
        s = spans.setdefault(p["tags"]["pool"], [p["ts"], p["ts"]])
        s[0], s[1] = min(s[0], p["ts"]), max(s[1], p["ts"])
for pool in sorted(spans):
    print(json.dumps([pool] + spans[pool], separators=(",", ":")))' "$POINTS" >expected-spans
run sh -c 'perf-aggregate --by pool --ratio "$1" "$2" | jq -c "select(.name == \"error_rate\") | [.tags.pool, .start, .end]"' sh "$RATIO" "$POINTS"
expect_status 0
expect_stdout <expected-spans
end

finish
