# perf-alert -t: threshold rules from the command-line shorthand, the
# pass-through of the stream, and the --fail-on gate.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

A='{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"unit":"ms",'
B='{"kind":"aggregate","name":"request.duration","tags":{"pool":"b"},"unit":"ms",'
ACTIONS='"suggested_actions":["Check recent deploys, configuration changes and load on this series","Compare with the same series on other hosts or pools"]}'

begin "a -t rule fires when the percentile crosses it and resolves when it falls back, passing every record through"
run perf-alert -t 'request.duration{pool=a}:p99.9 > 400 @warning' "$DATA/perf-alert/latency.ndjson"
expect_status 0
expect_stdout <<EOF
${A}"start":1764057600,"end":1764057610,"window":{"type":"tumbling","size":10},"count":100,"mean":20,"max":130,"rate":10,"percentiles":{"p50":15,"p99":120,"p99.9":128},"quantiles":"exact"}
${B}"start":1764057600,"end":1764057610,"window":{"type":"tumbling","size":10},"count":50,"mean":10,"max":40,"rate":5,"percentiles":{"p50":9,"p99":30,"p99.9":38},"quantiles":"exact"}
${A}"start":1764057610,"end":1764057620,"window":{"type":"tumbling","size":10},"count":100,"mean":45,"max":420,"rate":10,"percentiles":{"p50":15,"p99":300,"p99.9":410},"quantiles":"exact"}
{"kind":"alert","id":"b8507d1b8ae9aa6a","rule":"request.duration{pool=a}:p99.9 > 400 @warning","name":"request.duration","tags":{"pool":"a"},"alert_type":"threshold_exceeded","severity":"warning","state":"firing","unit":"ms","threshold":400,"current_value":410,"triggered_at":1764057620,"resolved_at":null,"description":"request.duration{pool=a} p99.9 is 410 ms, threshold > 400 ms",${ACTIONS}
${B}"start":1764057610,"end":1764057620,"window":{"type":"tumbling","size":10},"count":50,"mean":11,"max":45,"rate":5,"percentiles":{"p50":9,"p99":31,"p99.9":44},"quantiles":"exact"}
{"kind":"finding","type":"summary","name":"request.duration","tags":{"pool":"a"},"severity":"info","message":"request.duration{pool=a}: 2 windows"}
${A}"start":1764057620,"end":1764057630,"window":{"type":"tumbling","size":10},"count":100,"mean":21,"max":110,"rate":10,"percentiles":{"p50":15,"p99":100,"p99.9":108},"quantiles":"exact"}
{"kind":"alert","id":"b8507d1b8ae9aa6a","rule":"request.duration{pool=a}:p99.9 > 400 @warning","name":"request.duration","tags":{"pool":"a"},"alert_type":"threshold_exceeded","severity":"warning","state":"resolved","unit":"ms","threshold":400,"current_value":108,"triggered_at":1764057620,"resolved_at":1764057630,"description":"request.duration{pool=a} p99.9 is 108 ms, threshold > 400 ms",${ACTIONS}
${B}"start":1764057620,"end":1764057630,"window":{"type":"tumbling","size":10},"count":60,"mean":12,"max":300,"rate":6,"percentiles":{"p50":9,"p99":280,"p99.9":299},"quantiles":"exact"}
EOF
expect_stderr_empty
end

begin "a rule without tags watches every series of the metric, with severity critical by default"
run sh -c 'perf-alert -t "request.duration:p99 >= 280" "$1" | grep "\"kind\":\"alert\""' sh "$DATA/perf-alert/latency.ndjson"
expect_status 0
expect_stdout <<EOF
{"kind":"alert","id":"f17b8f02166ae850","rule":"request.duration:p99 >= 280","name":"request.duration","tags":{"pool":"a"},"alert_type":"threshold_exceeded","severity":"critical","state":"firing","unit":"ms","threshold":280,"current_value":300,"triggered_at":1764057620,"resolved_at":null,"description":"request.duration{pool=a} p99 is 300 ms, threshold >= 280 ms",${ACTIONS}
{"kind":"alert","id":"f17b8f02166ae850","rule":"request.duration:p99 >= 280","name":"request.duration","tags":{"pool":"a"},"alert_type":"threshold_exceeded","severity":"critical","state":"resolved","unit":"ms","threshold":280,"current_value":100,"triggered_at":1764057620,"resolved_at":1764057630,"description":"request.duration{pool=a} p99 is 100 ms, threshold >= 280 ms",${ACTIONS}
{"kind":"alert","id":"f185c102167391cb","rule":"request.duration:p99 >= 280","name":"request.duration","tags":{"pool":"b"},"alert_type":"threshold_exceeded","severity":"critical","state":"firing","unit":"ms","threshold":280,"current_value":280,"triggered_at":1764057630,"resolved_at":null,"description":"request.duration{pool=b} p99 is 280 ms, threshold >= 280 ms",${ACTIONS}
EOF
expect_stderr_empty
end

begin "top-level stats such as rate and mean work, and < and != compare as written"
run sh -c 'perf-alert -t "request.duration{pool=b}:rate < 5.5 @info" -t "request.duration{pool=a}:mean != 20" "$1" | grep "\"kind\":\"alert\"" | cut -d, -f2,7,8,11,12' sh "$DATA/perf-alert/latency.ndjson"
expect_status 0
expect_stdout <<'EOF'
"id":"a963a0bfb24ce45f","severity":"info","state":"firing","current_value":5,"triggered_at":1764057610
"id":"c6be35b07c2b5438","severity":"critical","state":"firing","current_value":45,"triggered_at":1764057620
"id":"a963a0bfb24ce45f","severity":"info","state":"resolved","current_value":6,"triggered_at":1764057610
EOF
expect_stderr_empty
end

begin "a rule that never holds passes the stream through unchanged"
run perf-alert -t 'request.duration{pool=a}:p99 > 1000' "$DATA/perf-alert/latency.ndjson"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/latency.ndjson"
expect_stderr_empty
end

# Before issue 16 a selector that matched nothing passed in silence.
begin "a rule whose selector matched no series passes the stream through and warns naming the nearest tag"
run perf-alert -t 'request.duration{pool=c}:p99 > 0' "$DATA/perf-alert/latency.ndjson"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/latency.ndjson"
expect_stderr <<'EOF'
perf-alert: rule "request.duration{pool=c}:p99 > 0": no series request.duration{pool=c}; did you mean pool=a?
EOF
end

begin "a stat that no matching aggregate has, and a metric that never occurred, are reported with the nearest known name"
run perf-alert -t 'request.duration:p98 > 1' -t 'request.duration:p99 > 1000' -t 'other:p98 > 1' -t 'request.duraton:p99 > 1' "$DATA/perf-alert/latency.ndjson"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/latency.ndjson"
expect_stderr <<'EOF'
perf-alert: rule "request.duration:p98 > 1": no aggregate it matched had the stat "p98"; did you mean p99?
perf-alert: rule "other:p98 > 1": no series other
perf-alert: rule "request.duraton:p99 > 1": no series request.duraton; did you mean request.duration?
EOF
end

# latency.ndjson by hand: p99 of pool a is 120, 300, 100 and of pool b 30,
# 31, 280 at ends 1764057610, ...20, ...30; so "p99 > 250" fires for a at
# ...20 (resolved at ...30) and for b at ...30 (firing at the end): two
# alerts fired at some time, one is firing at the end.
begin "--fail-on exits 1 when an alert at or above the severity was firing at any time, with the counts on stderr"
run perf-alert -t 'request.duration:p99 > 250' --fail-on warning "$DATA/perf-alert/latency.ndjson"
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 2 critical, 0 warning, 0 info; --fail-on warning: failed
EOF
end

begin "--fail-on-final exits 1 when an alert at or above the severity is still firing at the end"
run perf-alert -t 'request.duration:p99 > 250' --fail-on-final warning "$DATA/perf-alert/latency.ndjson"
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at the end: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on-final warning: failed
EOF
end

begin "--fail-on passes when the alerts that fired are below the severity"
run perf-alert -t 'request.duration:p99 > 250 @warning' --fail-on critical "$DATA/perf-alert/latency.ndjson"
expect_status 0
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 0 critical, 2 warning, 0 info; --fail-on critical: passed
EOF
end

# Before issue 16 --fail-on passed here: a breach in the middle went unseen.
begin "an alert that fired and resolved before the end fails --fail-on and passes --fail-on-final"
run perf-alert -t 'request.duration{pool=a}:p99 > 250' --fail-on info "$DATA/perf-alert/latency.ndjson"
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on info: failed
EOF
run perf-alert -t 'request.duration{pool=a}:p99 > 250' --fail-on-final info "$DATA/perf-alert/latency.ndjson"
expect_status 0
expect_stderr <<'EOF'
perf-alert: firing at the end: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on-final info: passed
EOF
end

begin "both gates may be given: each prints its line and failing wins"
run perf-alert -t 'request.duration{pool=a}:p99 > 250' --fail-on-final info --fail-on info "$DATA/perf-alert/latency.ndjson"
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on info: failed
perf-alert: firing at the end: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on-final info: passed
EOF
end

begin "under a gate, a rule that matched nothing exits 4 (nothing to judge) unless another alert failed it"
for rule in 'request.duraton:p95 > 300' 'request.duration:p98 > 1' 'request.duration{pool=c}:p99 > 0'; do
	run perf-alert -t "$rule" --fail-on warning "$DATA/perf-alert/latency.ndjson"
	expect_status 4
	[ "$(grep -c 'nothing to judge (1 rule matched nothing)$' "$WORK/stderr")" = 1 ] ||
		fail "$rule: no nothing-to-judge verdict"
done
run perf-alert -t 'request.duraton:p95 > 300' -t 'request.duration:p99 > 250' --fail-on warning "$DATA/perf-alert/latency.ndjson"
expect_status 1
expect_stderr <<'EOF'
perf-alert: rule "request.duraton:p95 > 300": no series request.duraton; did you mean request.duration?
perf-alert: firing at any time: 0 emergency, 2 critical, 0 warning, 0 info; --fail-on warning: failed
EOF
end

begin "the stream may come on standard input"
run_input "$DATA/perf-alert/latency.ndjson" perf-alert -t 'request.duration:max > 1000' --fail-on info
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/latency.ndjson"
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on info: passed
EOF
end

begin "a shorthand without a number is refused with exit 2"
run perf-alert -t 'request.duration:p99 >' "$DATA/perf-alert/latency.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: -t 'request.duration:p99 >': expected a number after the operator
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "a shorthand without a stat is refused with exit 2"
run perf-alert -t 'request.duration > 3'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: -t 'request.duration > 3': expected ':STAT' after the metric
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "an unknown severity in a shorthand is refused with exit 2"
run perf-alert -t 'request.duration:p99 > 3 @loud'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: -t 'request.duration:p99 > 3 @loud': unknown severity "loud" (info, warning, critical or emergency)
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "an unknown --fail-on severity is refused with exit 2"
run perf-alert -t 'request.duration:p99 > 3' --fail-on loud
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: --fail-on: unknown severity "loud" (info, warning, critical or emergency)
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "perf-alert without any rule is a usage error"
run perf-alert "$DATA/perf-alert/latency.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: no rules: give -t RULE or -r FILE
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "a bad line is rejected with its position and kept by --rejects, and the rest goes on"
printf '%s\n' '{"kind":"aggregate","name":"m","end":10,"mean":5}' 'not json' \
	'{"kind":"aggregate","name":"m","end":"yesterday","mean":7}' >bad.ndjson
run perf-alert -t 'm:mean > 6' --rejects rejects.ndjson bad.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":10,"mean":5}
EOF
expect_stderr <<'EOF'
perf-alert: bad.ndjson:2: malformed JSON: Invalid numeric literal at line 1, column 4
perf-alert: bad.ndjson:3: "end" is not a time (epoch seconds or RFC 3339)
perf-alert: 2 lines rejected
EOF
expect_file rejects.ndjson <<'EOF'
not json
{"kind":"aggregate","name":"m","end":"yesterday","mean":7}
EOF
end

begin "a whole-input aggregate (no end) is judged at the latest time seen, and refused before any"
printf '%s\n' '{"kind":"aggregate","name":"m","mean":7}' '{"kind":"aggregate","name":"m","end":10,"mean":5}' \
	'{"kind":"aggregate","name":"m","mean":7}' >whole.ndjson
run sh -c 'perf-alert -t "m:mean > 6" whole.ndjson | jq -c "select(.kind == \"alert\") | [.state, .current_value, .triggered_at]"'
expect_status 0
expect_stdout <<'EOF'
["firing",7,10]
EOF
expect_stderr <<'EOF'
perf-alert: whole.ndjson:1: an aggregate without "end" (the whole input) before any with one: no time to judge it at
perf-alert: 1 line rejected
EOF
end

begin "--strict makes the first bad line fatal with exit 3"
run perf-alert -t 'm:mean > 6' --strict bad.ndjson
expect_status 3
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":10,"mean":5}
EOF
expect_stderr <<'EOF'
perf-alert: bad.ndjson:2: malformed JSON: Invalid numeric literal at line 1, column 4
perf-alert: 1 line rejected
EOF
end

finish
