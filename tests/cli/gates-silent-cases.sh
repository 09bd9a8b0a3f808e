# Gates that cannot pass on nothing (issue 16): each way a gate used to
# pass in silence now warns, naming what matched nothing and the nearest
# known name, and exits 4 under a gate; and a breach in the middle of a
# load fails --fail-on while --fail-on-final, for cron, passes it.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need /usr/bin/python3 python3-numpy

SAMPLE="$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"
perf-aggregate --window 1m --by pool "$SAMPLE" >aggregates.ndjson

begin "a typo in the metric warns with the nearest name and exits 4 under --fail-on"
run perf-alert -t 'request.duraton:p95 > 300' --fail-on warning -o /dev/null aggregates.ndjson
expect_status 4
expect_stderr <<'EOF'
perf-alert: rule "request.duraton:p95 > 300": no series request.duraton; did you mean request.duration?
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on warning: nothing to judge (1 rule matched nothing)
EOF
end

begin "perfpipe passes perf-alert's nothing to judge on as 4, not as an input error (it said 3)"
run perfpipe -t 'request.duraton:p95 > 300' --fail-on warning "$SAMPLE"
expect_status 4
expect_stderr <<'EOF'
perf-alert: rule "request.duraton:p95 > 300": no series request.duraton; did you mean request.duration?
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on warning: nothing to judge (1 rule matched nothing)
EOF
run perfpipe -t 'request.duration:p95 > 300' --fail-on warning "$SAMPLE"
expect_status 1
end

begin "a stat the aggregates do not have warns with the nearest stat and exits 4 under --fail-on"
run perf-alert -t 'request.duration:p98 > 300' --fail-on warning -o /dev/null aggregates.ndjson
expect_status 4
expect_stderr <<'EOF'
perf-alert: rule "request.duration:p98 > 300": no aggregate it matched had the stat "p98"; did you mean p95?
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on warning: nothing to judge (1 rule matched nothing)
EOF
end

begin "--by pth warns in perf-aggregate, and the gate on the pool it meant exits 4"
run sh -c 'perf-aggregate --window 1m --by pth "$1" |
	perf-alert -t "request.duration{pool=gpu}:p95 > 300" --fail-on warning -o /dev/null' sh "$SAMPLE"
expect_status 4
expect_stderr <<'EOF'
perf-aggregate: --by pth: no point had the tag pth
perf-alert: rule "request.duration{pool=gpu}:p95 > 300": no series request.duration{pool=gpu}
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on warning: nothing to judge (1 rule matched nothing)
EOF
end

begin "--by pol names the tag it probably meant, in perf-aggregate and perf-analyze"
run perf-aggregate --window 1m --by pol -o /dev/null "$SAMPLE"
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: --by pol: no point had the tag pol; did you mean pool?
EOF
run perf-analyze --by pol -o /dev/null aggregates.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-analyze: --by pol: no series had the tag pol; did you mean pool?
EOF
end

begin "a --ratio side that matched no point and a --where that kept none warn at the end of the run"
run perf-aggregate --window 1m -o /dev/null \
	--ratio 'e=request.complted{status=error}/request.completed' \
	--ratio 'f=request.completed{status=eror}/request.completed' "$SAMPLE"
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: --ratio e: no point named request.complted; did you mean request.completed?
perf-aggregate: --ratio f: no request.completed point had the tags of the numerator; did you mean status=error?
EOF
run perf-aggregate --window 1m -o /dev/null --where '.tags.pool == "gpx"' "$SAMPLE"
expect_status 0
expect_stderr <<EOF
perf-aggregate: --where kept none of the $(wc -l <"$SAMPLE") points
EOF
end

# Two exec runs of the perfpipe(7) CI recipe, as printed and without its
# --name: each run's command tag is then its program's name.
printf '#!/bin/sh\nexit 0\n' >bench-baseline
printf '#!/bin/sh\nexit 0\n' >bench-candidate
chmod +x bench-baseline bench-candidate

begin "the CI recipe of perfpipe(7) without --name compares nothing and exits 4"
sed -n '/^perf-collect exec -n 30 --name bench/,/perf-junit.xml$/p' \
	"$PERFPIPE_SOURCE/man/perfpipe.7" | sed 's/--name bench //; s/-n 30/-n 5/' >recipe.sh
[ "$(wc -l <recipe.sh)" -eq 4 ] || fail "the recipe was not found in perfpipe.7"
run bash -c 'set -o pipefail; . ./recipe.sh'
expect_status 4
grep -c 'only in the baseline, not compared$' "$WORK/stderr" | grep -qx 4 ||
	fail "the 4 baseline series were not named"
grep -qx 'perf-analyze: nothing compared: no series of the baseline is in the candidate with enough runs for the test (the same name and tags on both sides: perf-collect exec --name)' "$WORK/stderr" ||
	fail "no nothing-compared message"
end

# Both sides run the same command, so the verdict is 0 (no change) or, by
# chance or a busy machine, 1 (four tests at alpha 0.05 on 5 runs a side
# flag a false regression now and then): what the recipe must not give is
# 4, nothing compared.
begin "the CI recipe of perfpipe(7) as printed compares something and gives a verdict"
sed -n '/^perf-collect exec -n 30 --name bench/,/perf-junit.xml$/p' \
	"$PERFPIPE_SOURCE/man/perfpipe.7" | sed 's/-n 30/-n 5/' >recipe.sh
run bash -c 'set -o pipefail; . ./recipe.sh'
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] ||
	fail "exit status $status, expected a verdict (0 or 1)"
grep -q 'nothing compared\|are too few for the test' "$WORK/stderr" &&
	fail "the recipe compared nothing: $(head -1 "$WORK/stderr")"
grep -c '<testcase' perf-junit.xml | grep -qx 4 || fail "perf-junit.xml has not 4 test cases"
end

begin "compare with too few runs for Mann-Whitney to reach alpha (3 a side at 0.05) exits 4"
# The smallest two-sided p with 3 and 3 runs is 2 / C(6, 3) = 0.1; with 4
# and 4 it is 2 / C(8, 4) = 0.0286 (python3 -c 'from math import comb;
# print(2 / comb(6, 3), 2 / comb(8, 4))').
perf-collect exec -n 3 --name b -- ./bench-baseline >b3.ndjson
perf-collect exec -n 3 --name b -- ./bench-candidate >c3.ndjson
run perf-analyze compare -o /dev/null b3.ndjson c3.ndjson
expect_status 4
grep -q '^perf-analyze: exec.duration{command=b,status=0}: 3 baseline and 3 candidate runs are too few for the test: Mann-Whitney cannot reach p < 0.05 with them$' "$WORK/stderr" ||
	fail "the too-few warning is missing"
perf-collect exec -n 4 --name b -- ./bench-baseline >b4.ndjson
perf-collect exec -n 4 --name b -- ./bench-candidate >c4.ndjson
run perf-analyze compare -o /dev/null b4.ndjson c4.ndjson
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || fail "4 runs a side: exit $status, expected a verdict (0 or 1)"
end

# A ten-minute load, one request a second: 100-199 ms, but 500-599 ms in
# the minutes starting at 10:04 and 10:05 (seeded, so the file is fixed).
/usr/bin/python3 - <<'EOF'
import json, random
random.seed(16)
with open("load.ndjson", "w") as f:
    for s in range(600):
        slow = 240 <= s < 360
        value = random.uniform(500, 599) if slow else random.uniform(100, 199)
        f.write(json.dumps({"name": "request.duration", "value": round(value, 3),
                            "ts": 1764064800 + s, "unit": "ms"}) + "\n")
EOF

begin "a two-minute breach in the middle fails --fail-on warning and passes --fail-on-final warning"
# The breach windows, independently from the raw points (numpy's p95 of
# each minute): the two minutes of 10:04 and 10:05, the last one clean.
/usr/bin/python3 - >expected-windows <<'EOF'
import json, numpy
points = [json.loads(l) for l in open("load.ndjson")]
minutes = {}
for p in points:
    minutes.setdefault(int(p["ts"]) // 60 * 60, []).append(p["value"])
breach = [m for m in sorted(minutes) if numpy.percentile(minutes[m], 95) > 300]
assert breach and breach[-1] != max(minutes), breach
print("firing", breach[0] + 60)
print("resolved", breach[-1] + 120)
print("windows", len(breach))
EOF
[ -s expected-windows ] || fail "the reference found no breach"
run sh -c 'perf-aggregate --window 1m load.ndjson |
	perf-alert -t "request.duration:p95 > 300 @warning" --fail-on warning -o alerts.ndjson'
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 0 critical, 1 warning, 0 info; --fail-on warning: failed
EOF
run sh -c 'jq -r "select(.kind == \"alert\") | \"\(.state) \(if .state == \"firing\" then .triggered_at else .resolved_at end)\"" alerts.ndjson
	jq -c "select(.kind == \"aggregate\" and .percentiles.p95 > 300)" alerts.ndjson | wc -l | sed "s/^/windows /"'
compare "alert times" "$WORK/stdout" <expected-windows
run sh -c 'perf-aggregate --window 1m load.ndjson |
	perf-alert -t "request.duration:p95 > 300 @warning" --fail-on-final warning -o /dev/null'
expect_status 0
expect_stderr <<'EOF'
perf-alert: firing at the end: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on-final warning: passed
EOF
end

finish
