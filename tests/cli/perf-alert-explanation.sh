#!/bin/sh
# perf-alert's explanations and perf-report's showing of them: on the
# planted-cause logs (tests/cli/helpers/planted_cause.py), the pipeline
# perf-collect | perf-aggregate --window 1m --by pool,path,status
# --accuracy 0.01 | perf-analyze | perf-alert -t RULE gives the alerts
# that tests/cli/helpers/explained_alerts.py finds in the raw log, and
# exactly those on the planted values that fired after the change carry
# the attribution naming the planted values; perf-report's text, Markdown
# and HTML show it beside the alert, with figures that agree with the raw
# log.  Where nothing explains an alert (no cause, another metric or
# another stat) it has no explanation.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq

PLANT="$PERFPIPE_SOURCE/tests/cli/helpers/planted_cause.py"
EXPLAINED="$PERFPIPE_SOURCE/tests/cli/helpers/explained_alerts.py"
for case in slow-path pool-errors even slow-path-spike; do
	/usr/bin/python3 "$PLANT" "$case" >"$case.ndjson" || exit 2
done
# slow-path again, each request also counted, without tags, as an
# upstream.duration: a metric of its own, with no attribution
jq -c '., (.name = "upstream.duration" | del(.tags))' slow-path.ndjson >upstream.ndjson || exit 2

# The analysed stream of one log (aggregates and findings).
analyse() {
	perf-collect log --format jsonl "$1" |
	    perf-aggregate --window 1m --by pool,path,status --accuracy 0.01 |
	    perf-analyze >"$1.analysed"
}
for case in slow-path pool-errors even upstream slow-path-spike; do
	analyse "$case.ndjson" || exit 2
done

# Each alert once, as its latest record says it ends: its series, when
# its latest episode fired, and what explains it (the shape
# explained_alerts.py prints from the raw log).
final_alerts='[.[] | select(.kind == "alert")] | group_by(.id) | map(last) |
    sort_by(.tags | tojson)[] | {tags, fired: .triggered_at,
    explained: has("explanation")} + (if .explanation then
    {dimension: .explanation.dimension, values: .explanation.values} else {} end)'

# The alerts of one rule over one analysed log, folded as above.
alerts_of() {
	file=$1
	shift
	perf-alert "$@" "$file.analysed" | jq -s -S -c "$final_alerts"
}

# explanations_of FILE PERF-ALERT-ARGS...: the distinct explanations that
# perf-alert gives the alerts of FILE.analysed, one JSON line each.
explanations_of() {
	file=$1
	shift
	perf-alert "$@" "$file.analysed" |
	    jq -c 'select(.kind == "alert") | .explanation // empty' | sort -u
}

# The figures the planted cause's explanation must show, from the raw
# log (planted_cause.py check), restricted to those an explanation has.
for case in slow-path pool-errors slow-path-spike; do
	/usr/bin/python3 "$PLANT" check "$case" |
	    jq -c '.want |= with_entries(select(.key | IN("before", "after", "threshold")))' \
	    >"$case.want" || exit 2
done

begin "one path three times slower: the alerts explained are those on path=/api/b fired after the change, by path=/api/b"
/usr/bin/python3 "$EXPLAINED" alerts slow-path p95 160 >want || exit 2
run alerts_of slow-path.ndjson -t 'request.duration:p95 > 160 @warning'
expect_status 0
expect_stdout <want
end

begin "one path three times slower: every explanation is the one finding, with the figures of the raw log"
run explanations_of slow-path.ndjson -t 'request.duration:p95 > 160 @warning'
expect_status 0
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .explanatory_power >= 0.8 and .rank == 1 and (has("breakdown") | not)'
expect_agrees_with slow-path.want 0.03
end

explained_count=$(grep -c '"explained":true' want)

begin "one path three times slower: an alert written before its finding is written again right after it, as its latest record with the explanation, once"
run sh -c 'perf-alert -t "request.duration:p95 > 160 @warning" slow-path.ndjson.analysed | jq -s -c "
    (map(.type == \"attribution\") | index(true)) as \$at |
    [.[:\$at][] | select(.kind == \"alert\")] as \$before |
    [.[\$at + 1:][] | select(.kind == \"alert\")] as \$after |
    (\$after | length),
    (\$after | map(.id) | unique | length),
    (\$after | all(.[]; . as \$a | .explanation.values == [\"/api/b\"] and
        del(.explanation) == ([\$before[] | select(.id == \$a.id)] | last))),
    ([\$before[] | select(has(\"explanation\"))] | length)"'
expect_status 0
expect_stdout <<OUT
$explained_count
$explained_count
true
0
OUT
end

begin "one path three times slower: --exec is not run again for the records written again with an explanation"
run sh -c 'perf-alert -t "request.duration:p95 > 160 @warning" --exec sh -c "cat >>delivered.ndjson" sh ";" \
    slow-path.ndjson.analysed | jq -c "select(.kind == \"alert\")" >written.ndjson &&
    written=$(jq -s "length" written.ndjson) && delivered=$(jq -s "length" delivered.ndjson) &&
    echo "$((written - delivered)) written but not delivered, of $written" &&
    jq -s -c "[.[] | select(has(\"explanation\"))] | length" delivered.ndjson'
expect_status 0
expect_stdout <<OUT
$explained_count written but not delivered, of $(jq -s 'length' written.ndjson 2>/dev/null || echo '?')
0
OUT
end

begin "one path three times slower: --format alertmanager annotates the explained alerts with the finding's message"
run sh -c 'perf-alert -t "request.duration:p95 > 160 @warning" --format alertmanager slow-path.ndjson.analysed |
    jq -c "[.[] | select(.annotations.explanation // \"\" | test(\"^request.duration p95 rose .*; path=/api/b holds \"))] |
        (map(.annotations.alert_id) | unique | length), all(.[]; .labels.path == \"/api/b\")"'
expect_status 0
expect_stdout <<OUT
$explained_count
true
OUT
end

begin "one path three times slower: the text report shows each explanation under its alert, naming path=/api/b with the figures of the raw log"
run sh -c 'perf-alert -t "request.duration:p95 > 160 @warning" slow-path.ndjson.analysed |
    perf-report | /usr/bin/python3 "$0" text slow-path p95 160' "$EXPLAINED"
expect_status 0
expect_stdout <<'OUT'
6 alerts, 5 explained
OUT
end

begin "one path three times slower: Markdown and HTML show the explanation in the explained alerts' rows, JSON keeps it"
perf-alert -t 'request.duration:p95 > 160 @warning' slow-path.ndjson.analysed >alerted || exit 2
run sh -c 'perf-report -f markdown alerted | grep -c "^| \*\*warning\*\* .*<br>explained by path=/api/b (explanatory power [0-9.]*%): request.duration p95 rose";
    perf-report -f html alerted | grep -o "<p class=\"why\">explained by path=/api/b (explanatory power [0-9.]*%): request.duration p95 rose" | wc -l;
    perf-report -f json alerted | jq "[.alerts[] | select(.explanation.values == [\"/api/b\"]) | .id] | unique | length"'
expect_status 0
expect_stdout <<OUT
$explained_count
$explained_count
$explained_count
OUT
end

begin "one pool with ten times the errors: the error-count alerts explained are those of pool b fired after the change, by pool=b, and not those of pools a and c fired after it"
/usr/bin/python3 "$EXPLAINED" alerts pool-errors errors 1 >want || exit 2
run alerts_of pool-errors.ndjson -t 'request.duration{status=500}:count > 1 @warning'
expect_status 0
expect_stdout <want
end

begin "one pool with ten times the errors: every explanation is the one error-rate finding, with the figures of the raw log"
run explanations_of pool-errors.ndjson -t 'request.duration{status=500}:count > 1 @warning'
expect_status 0
expect_count 1 '.[]'
expect_each '.[]' '.stat == "error_rate" and .explanatory_power >= 0.8'
expect_agrees_with pool-errors.want 1e-9
end

begin "one pool with ten times the errors: the text report names pool=b under the explained alerts, with the figures of the raw log"
run sh -c 'perf-alert -t "request.duration{status=500}:count > 1 @warning" pool-errors.ndjson.analysed |
    perf-report | /usr/bin/python3 "$0" text pool-errors errors 1' "$EXPLAINED"
expect_status 0
expect_stdout <<'OUT'
10 alerts, 4 explained
OUT
end

begin "one path three times slower for two minutes only: the alerts explained are those on path=/api/b fired in the spike (from its first window to the end of its last), by path=/api/b"
/usr/bin/python3 "$EXPLAINED" alerts slow-path-spike p95 160 >want || exit 2
run alerts_of slow-path-spike.ndjson -t 'request.duration:p95 > 160 @warning'
expect_status 0
expect_stdout <want
end

begin "one path three times slower for two minutes only: every explanation is the spike's finding, with the figures of the raw log"
run explanations_of slow-path-spike.ndjson -t 'request.duration:p95 > 160 @warning'
expect_status 0
expect_count 1 '.[]'
expect_each '.[]' '.stat == "p95" and .explanatory_power >= 0.8 and .rank == 1 and .ts == 1764058800 and .until == 1764058920 and (.message | test(" in a spike from "))'
expect_agrees_with slow-path-spike.want 0.03
end

begin "a change spread evenly: there is no attribution, and no alert has an explanation"
/usr/bin/python3 "$EXPLAINED" alerts even p95 190 >want || exit 2
run alerts_of even.ndjson -t 'request.duration:p95 > 190 @warning'
expect_status 0
expect_stdout <want
end

begin "a change spread evenly: the stream holds no attribution finding, and the text report no explanation"
run sh -c 'grep -c "\"type\":\"attribution\"" even.ndjson.analysed;
    perf-alert -t "request.duration:p95 > 190 @warning" even.ndjson.analysed |
    perf-report | /usr/bin/python3 "$0" text even p95 190' "$EXPLAINED"
expect_status 0
expect_stdout <<'OUT'
0
19 alerts, 0 explained
OUT
end

begin "a rule on another metric borrows no explanation: upstream.duration fires at the change, unexplained, while request.duration's alerts are explained"
{ /usr/bin/python3 "$EXPLAINED" alerts slow-path total-p95 160 &&
    /usr/bin/python3 "$EXPLAINED" alerts slow-path p95 160; } |
    jq -s -S -c 'sort_by(.tags | tojson)[]' >want || exit 2
run sh -c 'perf-alert -t "upstream.duration:p95 > 160 @warning" -t "request.duration:p95 > 160 @warning" \
    upstream.ndjson.analysed | jq -s -S -c "$0"' "$final_alerts"
expect_status 0
expect_stdout <want
end

begin "a rule on another stat of the metric borrows no explanation: p99 alerts fire, unexplained"
run sh -c 'perf-alert -t "request.duration:p99 > 200 @warning" slow-path.ndjson.analysed |
    jq -c "select(.kind == \"alert\")"'
expect_status 0
expect_each '.[]' 'has("explanation") | not'
expect_some '.[]' '.tags.path == "/api/b" and .triggered_at > 1764058800'
end

begin "alerts on path=/api/b that fired before the shift are not explained by it"
run sh -c 'jq -c "select((.kind == \"aggregate\" and .end <= 1764058800) or .type == \"attribution\")" \
    slow-path.ndjson.analysed | perf-alert -t "request.duration{path=/api/b}:p95 > 111 @warning" |
    jq -c "select(.kind == \"alert\")"'
expect_status 0
expect_each '.[]' 'has("explanation") | not'
expect_some '.[]' '.tags.path == "/api/b" and .state == "firing" and .triggered_at < 1764058800'
end

begin "a finding read before the alerts: their records carry the explanation from the first, and none is written twice"
run sh -c 'grep "\"type\":\"attribution\"" slow-path.ndjson.analysed >reordered &&
    grep -v "\"type\":\"attribution\"" slow-path.ndjson.analysed >>reordered &&
    perf-alert -t "request.duration:p95 > 160 @warning" reordered | jq -c "select(.kind == \"alert\")"'
expect_status 0
expect_each '.[] | select(.tags.path == "/api/b" and .triggered_at >= 1764058800)' '.explanation.values == ["/api/b"]'
expect_each '.[] | select(.tags.path != "/api/b" or .triggered_at < 1764058800)' 'has("explanation") | not'
expect_count 0 '[.[] | {id, state, triggered_at}] | group_by(.) | .[] | select(length > 1)'
end

finish
