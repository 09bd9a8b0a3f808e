#!/bin/sh
# Percentiles over a whole series from windowed sketches: when every
# aggregate carries a sketch (perf-aggregate --accuracy), perf-report's
# tables and perf-analyze's performance summary merge the sketches and
# show each percentile of all the values, within the stated accuracy;
# without sketches the tables say they show the worst window's.
#
# Reference (exact nearest rank over the raw values of the bundled sample),
# produced with /usr/bin/python3:
#   import json, math
#   d = {}
#   for l in open('tests/data/samples/requests.ndjson'):
#       r = json.loads(l)
#       if r['name'] == 'request.duration':
#           d.setdefault(r['tags']['pool'], []).append(r['value'])
#   d['all'] = [v for vs in list(d.values()) for v in vs]
#   nr = lambda v, p: sorted(v)[max(0, math.ceil(round(p * 10) * len(v) / 1000) - 1)]
#   for k in sorted(d): print(k, *[nr(d[k], p) for p in (50, 95, 99, 99.9)])
# which prints
#   all 42 479.25 1132.22 1951.74
#   batch 355.22 557.72 694.74 792.55
#   default 21.58 55.21 76.15 111.53
#   gpu 132.04 1060.87 1717.61 2255.08
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
SAMPLE="$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"

cat >reference <<'REF'
{"pool":"batch","p50":355.22,"p95":557.72,"p99":694.74,"p99.9":792.55}
{"pool":"default","p50":21.58,"p95":55.21,"p99":76.15,"p99.9":111.53}
{"pool":"gpu","p50":132.04,"p95":1060.87,"p99":1717.61,"p99.9":2255.08}
REF
grep '"request.duration"' "$SAMPLE" >durations.ndjson

begin "perf-report -f json gives each series' percentiles over all its windows within 1% of the exact ones"
run sh -c 'perf-aggregate --window 1m --by pool --accuracy 0.01 durations.ndjson |
    perf-report --format json'
expect_status 0
expect_stdout_matches sh -c 'jq -c ".series[] | {pool: .tags.pool, accuracy} + .percentiles" |
    jq -s -e --slurpfile want reference "length == 3 and (. as \$got | [range(3)] |
    all(\$got[.] as \$g | \$want[.] as \$w | \$g.pool == \$w.pool and \$g.accuracy == 0.01
    and ([\"p50\", \"p95\", \"p99\", \"p99.9\"] | all(((\$g[.] - \$w[.]) / \$w[.] | fabs) <= 0.01))))"'
expect_stderr_empty
end

begin "perf-report's text table says its percentiles are of all windows, with the accuracy"
run sh -c 'perf-aggregate --window 1m --by pool --accuracy 0.01 durations.ndjson |
    perf-report --format text --width 100 | sed -n "/^request.duration/,\$p" | grep -v "^\$"'
expect_status 0
expect_stdout <<'OUT'
request.duration (ms), windows of 1m, percentiles of all windows (±1%), trend of p99
  SERIES        WINDOWS  COUNT     MEAN      P50      P95     P99   P99.9     MAX     RATE  TREND
  pool=batch         60   1073   368 ms   354 ms   561 ms  699 ms  789 ms  989 ms  0.298/s  ▅▄▄▅▃█▅▃
  pool=default       60   3540  25.8 ms  21.5 ms  55.2 ms   76 ms  111 ms  133 ms  0.983/s  █▆▄▅▆█▇▄
  pool=gpu           60   1425   245 ms   133 ms   1.06 s  1.72 s  2.28 s  2.43 s  0.396/s  ▂▂▃▆█▂▂▂
OUT
end

begin "perf-report's text table says exact windows' percentiles are the worst window's"
run sh -c 'perf-aggregate --window 1m --by pool durations.ndjson |
    perf-report --format text --width 100 | grep "^request.duration"'
expect_status 0
expect_stdout <<'OUT'
request.duration (ms), windows of 1m, worst-window percentiles, trend of p99
OUT
end

begin "perf-report's table of one whole-range exact window says so, and its percentiles are the exact ones at the printed precision"
# the reference above, printed as a person reads it: three significant
# digits, in ms below a second
/usr/bin/python3 -c '
import json, sys
def person(v):
    return "%.3g s" % (v / 1000) if v >= 1000 else "%.3g ms" % v
for line in open(sys.argv[1]):
    r = json.loads(line)
    print("pool=" + r["pool"], *[person(r[k]) for k in ("p50", "p95", "p99", "p99.9")])
' reference >expected.txt
if [ "$(wc -l <expected.txt)" -ne 3 ]; then fail "no reference rows"; fi
run sh -c 'perf-aggregate --by pool durations.ndjson | perf-report --format text --width 100 |
    sed -n "/^request.duration/,\$p" | grep -v "^\$" >table.txt &&
    sed -n 1p table.txt | sed "s/.*, //" && sed -n "3,5p" table.txt | awk "{ print \$1, \$6, \$7, \$8, \$9, \$10, \$11, \$12, \$13 }"'
expect_status 0
{ echo "exact percentiles of the whole range"; cat expected.txt; } >expected-all.txt
expect_stdout <expected-all.txt
end

begin "perf-analyze's performance summary takes p95 from the merged sketches, within 1% of the exact one"
run sh -c 'perf-aggregate --window 1m --by pool --accuracy 0.01 durations.ndjson |
    perf-analyze --only summary | jq -c "select(.name == \"performance\") | [(.tags.pool // \"all\"), .p95_response_time]"'
expect_status 0
expect_stdout_matches sh -c 'jq -s -e "length == 4 and
    (map({(.[0]): .[1]}) | add) as \$p |
    ([[\"all\", 479.25], [\"batch\", 557.72], [\"default\", 55.21], [\"gpu\", 1060.87]] |
    all(((\$p[.[0]] - .[1]) / .[1] | fabs) <= 0.01))"'
end

begin "perf-analyze calls the count-weighted mean of exact window p95s a mean window p95"
run sh -c 'perf-aggregate --window 1m --by pool durations.ndjson |
    perf-analyze --only summary --by pool | jq -r "select(.name == \"performance\" and .tags == {}) | .message"'
expect_status 0
expect_stdout <<'OUT'
Performance overall: average response time 138 ms, mean window p95 234 ms, throughput 1.68/s.
OUT
end

finish
