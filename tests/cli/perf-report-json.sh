#!/bin/sh
# perf-report --format json: the report as one JSON object (span, counts,
# alerts, a summary per series with its trend, findings), and -o FILE
# written atomically.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

begin "perf-report --format json renders the whole stream as one JSON object"
run perf-report --format json "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.json"
expect_stdout_matches jq -e '.kind == "report"'
expect_stderr_empty
end

begin "perf-report -f json sums count and sum and takes min and max over every window, as jq does"
jq -s -c '[.[] | select(.kind == "aggregate")] | group_by([.name, .tags]) |
    map({name: .[0].name, tags: .[0].tags, count: (map(.count) | add),
    sum: (map(.sum) | add), min: (map(.min) | min), max: (map(.max) | max)})' \
    "$R/pipeline.ndjson" >expected-series.json
run perf-report -f json "$R/pipeline.ndjson"
expect_status 0
expect_stdout_matches sh -c 'jq -c "[.series[] | {name, tags, count, sum, min, max}]" |
    jq -e --slurpfile want expected-series.json ". as \$got | length > 0 and length == (\$want[0] | length) and
    ([range(length)] | all(\$got[.] as \$g | \$want[0][.] as \$w | \$g.name == \$w.name and \$g.tags == \$w.tags
    and \$g.count == \$w.count and (\$g.sum - \$w.sum | fabs) < 1e-6 and
    \$g.min == \$w.min and \$g.max == \$w.max))"'
end

begin "perf-report -f json puts firing critical alerts first, then by severity and state"
run perf-report -f json "$R/pipeline.ndjson"
expect_status 0
expect_stdout_matches sh -c 'jq -e "[.alerts[].id] == [\"a2\", \"a3\", \"a1\"]" >/dev/null'
end

begin "perf-report -f json lists an alert's records together, in input order: a re-fired alert ends firing"
# The truth, from the input alone: each id's records in input order, and
# the alerts in the order of their first record within severity.
jq -s -c '[.[] | select(.kind == "alert")] | group_by(.id) | map({id: .[0].id, states: map(.state)})
    | sort_by(.id)' "$R/alert-refired.ndjson" >want.json
run perf-report -f json "$R/alert-refired.ndjson"
expect_status 0
expect_stdout_matches sh -c 'jq -c "[.alerts[] | {id, state}] | group_by(.id) | map({id: .[0].id, states: map(.state)}) | sort_by(.id)" |
    cmp -s - want.json'
# Each alert's records are contiguous, critical b1 first.
expect_stdout_matches sh -c 'jq -e "[.alerts[].id] == [\"b1\", \"a1\", \"a1\", \"a1\", \"c1\"] and
    ([.alerts[] | select(.id == \"a1\") | .state] | last) == \"firing\"" >/dev/null'
end

begin "perf-report -f json gives the verdict: FAIL (level critical) when an alert of warning or worse fired or a comparison regressed"
cat "$R/long.ndjson" "$R/compare.ndjson" >regressed.ndjson
run perf-report -f json regressed.ndjson
expect_status 0
expect_stdout_matches sh -c 'jq -c .verdict | grep -qx "{\"result\":\"FAIL\",\"fail_on\":\"warning\",\"failed_rules\":\[\],\"level\":\"critical\",\"firing\":0,\"pending\":0,\"resolved\":0,\"regressions\":1}"'
run perf-report -f json "$R/pipeline.ndjson"
expect_stdout_matches sh -c 'jq -c .verdict | grep -qx "{\"result\":\"FAIL\",\"fail_on\":\"warning\",\"failed_rules\":\[\"request.duration{pool=a}:p99 > 100\"\],\"level\":\"critical\",\"firing\":1,\"pending\":1,\"resolved\":1,\"regressions\":0}"'
end

begin "perf-report -f json keeps hostile strings as JSON strings, escaped"
run perf-report -f json "$R/hostile.ndjson"
expect_status 0
expect_stdout <"$R/expected/hostile.json"
expect_stdout_matches jq -e '.findings[0].message | contains("\u001b[31m")'
expect_stderr_empty
end

begin "perf-report -f json of an empty stream has zero counts and empty lists"
run perf-report -f json /dev/null
expect_status 0
expect_stdout <<'EOF2'
{"kind":"report","verdict":{"result":"PASS","fail_on":"warning","failed_rules":[],"level":"normal","firing":0,"pending":0,"resolved":0,"regressions":0},"counts":{"series":0,"aggregates":0,"findings":0,"alerts":0,"points":0,"other":0},"alerts":[],"series":[],"findings":[]}
EOF2
expect_stderr_empty
end

begin "perf-report -o FILE writes the report to FILE and leaves no temporary file"
mkdir out
run perf-report -f json -o out/report.json "$R/pipeline.ndjson"
expect_status 0
expect_stdout_empty
expect_stderr_empty
expect_file out/report.json <"$R/expected/pipeline.json"
ls out >listing
expect_file listing <<'EOF2'
report.json
EOF2
end

begin "perf-report -o FILE replaces an existing file whole, readable as a normal file"
mkdir out2
echo old >out2/report.txt
chmod 644 out2/report.txt
run sh -c 'umask 022 && perf-report --width 120 -o out2/report.txt "$0" && stat -c %a out2/report.txt' "$R/long.ndjson"
expect_status 0
expect_stdout <<'EOF2'
644
EOF2
expect_file out2/report.txt <"$R/expected/long-120.txt"
end

begin "perf-report -o FILE in a missing directory fails with status 3 and writes nothing"
run perf-report -o no/such/dir/report.txt "$R/pipeline.ndjson"
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: no/such/dir/report.txt: No such file or directory
EOF2
end

begin "perf-report -o FILE under --strict with a bad line keeps the old FILE and no temporary"
mkdir out3
echo old >out3/report.txt
run perf-report --strict -o out3/report.txt "$R/bad-lines.ndjson"
expect_status 3
ls out3 >listing
expect_file listing <<'EOF2'
report.txt
EOF2
expect_file out3/report.txt <<'EOF2'
old
EOF2
end

finish
