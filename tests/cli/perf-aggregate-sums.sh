#!/bin/sh
# Sums at the edge of the double range (issue 17, item 8): DBL_MAX is a
# value like any other, 1e400 is not; a sum that overflows is written as
# "sum": null (its mean and rate with it) after one warning, --merge keeps
# it null (it became 0), and perf-report shows it as unknown.  Every
# figure is checked against tests/cli/helpers/sums_reference.py, which
# adds the raw input's values in exact rational arithmetic.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
REFERENCE="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/sums_reference.py"
M=1.7976931348623157e308	# DBL_MAX

# One series per case, all in the window [0, 60): a overflows, b is one
# DBL_MAX, c cancels back to a small sum, d passes DBL_MAX in the middle
# (the running sum overflows though the total would fit), e is ordinary,
# f is a counter whose sum (and so rate) overflows.
cat >points.ndjson <<EOF
{"name":"a","value":$M,"ts":1}
{"name":"b","value":$M,"ts":2}
{"name":"a","value":$M,"ts":3}
{"name":"c","value":$M,"ts":4}
{"name":"c","value":-$M,"ts":5}
{"name":"c","value":5.5,"ts":6}
{"name":"d","value":1e308,"ts":7}
{"name":"d","value":1e308,"ts":8}
{"name":"d","value":-1e308,"ts":9}
{"name":"e","value":0.1,"ts":10}
{"name":"e","value":0.2,"ts":11}
{"name":"e","value":0.3,"ts":12}
{"name":"f","type":"counter","value":9e307,"ts":13}
{"name":"f","type":"counter","value":9e307,"ts":14}
EOF

begin "a value of DBL_MAX is a point; 1e400, which libjq also reads as DBL_MAX, is still rejected"
printf '%s\n' "{\"name\":\"x\",\"value\":$M,\"ts\":1}" '{"name":"x","value":1e400,"ts":2}' \
    '{"name":"x","value":-1e400,"ts":3}' "{\"name\":\"x\",\"value\":-$M,\"ts\":4,\"tags\":{\"s\":\"\\\"\"}}" >edge.ndjson
run perf-aggregate -w 1m edge.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: edge.ndjson:2: "value" is out of range
perf-aggregate: edge.ndjson:3: "value" is out of range
perf-aggregate: 2 lines rejected
EOF
jq -c '[.name, .tags, .count, .sum, .min, .max]' "$WORK/stdout" >got
cat >want <<'EOF'
["x",{},1,1.7976931348623157e+308,1.7976931348623157e+308,1.7976931348623157e+308]
["x",{"s":"\""},1,-1.7976931348623157e+308,-1.7976931348623157e+308,-1.7976931348623157e+308]
EOF
diff want got >/dev/null || fail "DBL_MAX points: $(cat got)"
end

begin "an overflowing sum is null with its mean (and a counter's rate), after one warning; every sum and mean agrees with exact arithmetic"
run perf-aggregate -w 1m points.ndjson
expect_status 0
cp "$WORK/stdout" one.ndjson
$REFERENCE points.ndjson >reference.json || fail "the reference failed"
expect_stderr <<EOF
perf-aggregate: $(jq '.unknown' reference.json) aggregates have a sum beyond the largest number (1.79769e+308): written as "sum": null (and what is computed from it)
EOF
$REFERENCE --compare reference.json one.ndjson >check.out || fail "$(cat check.out)"
grep -q '^compared 6 series: 3 null sums, 3 known$' check.out || fail "$(cat check.out)"
end

begin "--merge of two shards keeps an unknown sum null (it turned into 0) and the merged sums agree with exact arithmetic"
awk 'NR % 2 == 1' points.ndjson >shard1.ndjson
awk 'NR % 2 == 0' points.ndjson >shard2.ndjson
perf-aggregate -w 1m shard1.ndjson >agg1.ndjson 2>/dev/null
perf-aggregate -w 1m shard2.ndjson >agg2.ndjson 2>/dev/null
run sh -c 'cat agg1.ndjson agg2.ndjson | perf-aggregate --merge'
expect_status 0
cp "$WORK/stdout" merged.ndjson
$REFERENCE --shards shard1.ndjson shard2.ndjson >merged-reference.json || fail "the reference failed"
$REFERENCE --compare merged-reference.json merged.ndjson >check.out || fail "$(cat check.out)"
# d overflows in one pass, not in a merge: shard 1 holds 1e308 - 1e308
grep -q '^compared 6 series: 2 null sums, 4 known$' check.out || fail "$(cat check.out)"
expect_stderr <<EOF
perf-aggregate: $(jq '.unknown' merged-reference.json) aggregates have a sum beyond the largest number (1.79769e+308): written as "sum": null (and what is computed from it)
EOF
end

begin "--merge of a null sum with a known one stays null, and no sum_residual appears"
echo '{"name":"a","value":1,"ts":5}' | perf-aggregate -w 1m >a-known.ndjson
run sh -c 'jq -c "select(.name == \"a\")" one.ndjson a-known.ndjson | perf-aggregate --merge 2>/dev/null | jq -c "[.name, .count, .sum, .mean, has(\"sum_residual\")]"'
expect_status 0
expect_stdout <<'EOF'
["a",3,null,null,false]
EOF
end

# Two windows of series a: the first overflowed, the second is 2 + 4.
printf '%s\n' "{\"name\":\"a\",\"value\":$M,\"ts\":1}" "{\"name\":\"a\",\"value\":$M,\"ts\":2}" \
    '{"name":"a","value":2,"ts":61}' '{"name":"a","value":4,"ts":62}' |
    perf-aggregate -w 1m >windows.ndjson 2>/dev/null

begin "perf-report: a period with an unknown sum shows its mean as - in text, Markdown and HTML"
run perf-report windows.ndjson
expect_status 0
grep -E '^  —  +2  +4  +-  ' "$WORK/stdout" >/dev/null || fail "text: $(grep '—' "$WORK/stdout")"
run perf-report -f markdown windows.ndjson
grep -F '| — | 2 | 4 | - |' "$WORK/stdout" >/dev/null || fail "markdown: $(grep '| — ' "$WORK/stdout")"
run perf-report -f html windows.ndjson
tr -d '\n' <"$WORK/stdout" | grep -F '<td>—</td><td class="n">2</td><td class="n">4</td><td class="n">-</td>' >/dev/null ||
	fail "html: no row with the mean -"
end

begin "perf-report -f json says the period's sum and mean are null; the known window's figures are still there"
run perf-report -f json windows.ndjson
expect_status 0
jq -c '.series[] | [.count, .sum, .mean, .min, .max]' "$WORK/stdout" >got
echo '[4,null,null,2,1.7976931348623157e+308]' | diff - got >/dev/null || fail "json: $(cat got)"
end

begin "formats that cannot say unknown leave the sum and mean out: CSV's cell is empty, Influx and Prometheus write no field or sample"
run perf-report -f csv windows.ndjson
expect_status 0
cut -d, -f1,5,6,7,10 "$WORK/stdout" >got
cat >want <<'EOF'
name,end,count,sum,mean
a,60,2,,
a,120,2,6,3
EOF
diff want got >/dev/null || fail "csv: $(cat got)"
run perf-report -f influx windows.ndjson
grep -c 'sum=' "$WORK/stdout" | grep -qx 1 || fail "influx: $(cat "$WORK/stdout")"
grep '^a count=2.0,min=1.7976931348623157e+308,' "$WORK/stdout" >/dev/null || fail "influx: $(cat "$WORK/stdout")"
run perf-report -f prometheus windows.ndjson
grep -E '^a(_seconds)?_sum ' "$WORK/stdout" && fail "prometheus: a _sum over windows with an unknown sum"
grep -E '^a_count 4$' "$WORK/stdout" >/dev/null || fail "prometheus: $(grep '^a' "$WORK/stdout")"
end

begin "the reference comparison finds a sum that should be null and a wrong sum (canary)"
jq -c 'if .name == "a" then .sum = 0 | .mean = 0 elif .name == "e" then .sum = 0.7 else . end' one.ndjson >bad.ndjson
run $REFERENCE --compare reference.json bad.ndjson
expect_status 1
expect_stdout <<'EOF'
a: sum 0, reference null
a: mean 0, reference null
e: sum 0.7, reference 0.6
compared 6 series: 3 null sums, 3 known
EOF
end

finish
