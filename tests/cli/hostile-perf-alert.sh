#!/bin/sh
# Hostile input to perf-alert: the hostile point stream of tests/data/hostile
# (points pass through, but only valid ones), broken aggregates (no alert
# on a mean of 1e400), negative durations and non-finite numbers in rules,
# empty input and a 64 MiB line.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
. "$DATA/hostile/points.sh"

hostile_points hostile.ndjson
hostile_rejected_lines expected-rejects

begin "perf-alert rejects each hostile line with its reason, keeps exactly those in --rejects and passes the 8 good points on"
run perf-alert -t 'ok:mean > 0' --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
{"name":"neg","value":-5,"type":"timer","unit":"ms","ts":1764057604}
{"name":"ok","value":2,"ts":1764057500,"tags":{"host":"a"}}
{"name":"past","value":1,"ts":-62135596800}
{"name":"dup","value":1,"value":2,"ts":1764057605}
{"name":"dup","value":3,"ts":1764057605,"tags":{"k":"x","k":"y"}}
{"name":"crlf","value":1,"ts":1764057606}
{"name":"ok","value":3,"ts":1764057607,"tags":{"host":"a"}}
EOF
# The 8 good lines are points, not aggregates: the rule matched nothing.
hostile_messages hostile.ndjson perf-alert |
	sed '$i\\perf-alert: rule "ok:mean > 0": no series ok' | expect_stderr
expect_file rejects.ndjson <expected-rejects
end

begin "perf-alert --strict stops at the first hostile line with exit status 3"
run perf-alert -t 'ok:mean > 0' --strict --rejects rejects.ndjson hostile.ndjson
expect_status 3
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
EOF
expect_stderr <<'EOF'
perf-alert: hostile.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
perf-alert: 1 line rejected
EOF
sed -n 2p hostile.ndjson | expect_file rejects.ndjson
end

begin "an aggregate with a mean of 1e400, a NaN percentile, times out of order or out of range fires no alert: it is rejected"
hostile_aggregates aggregates.ndjson
run perf-alert -t 'a:mean > 2.5' --rejects rejects.ndjson aggregates.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":3,"mean":2,"max":5,"percentiles":{"p99":4}}
{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":2,"mean":3,"max":4,"percentiles":{"p99":4}}
{"kind":"alert","id":"aa9f6a6eed54887c","rule":"a:mean > 2.5","name":"a","tags":{"h":"x"},"alert_type":"threshold_exceeded","severity":"critical","state":"firing","threshold":2.5,"current_value":3,"triggered_at":1764057720,"resolved_at":null,"description":"a{h=x} mean is 3, threshold > 2.5","suggested_actions":["Check recent deploys, configuration changes and load on this series","Compare with the same series on other hosts or pools"]}
EOF
hostile_aggregate_messages aggregates.ndjson perf-alert | expect_stderr
sed -n 2,5p aggregates.ndjson | expect_file rejects.ndjson
end

begin "a negative duration or a non-finite threshold in a rule is a configuration error (exit status 2)"
printf '%s\n' '{"rules":[{"name":"r","metric":"a","threshold":1,"for":"-5m"}]}' >negative.json
run perf-alert -r negative.json
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: negative.json: rule 1 "r": "for": a duration cannot be negative
EOF
printf '%s\n' '{"rules":[{"name":"r","metric":"a","threshold":NaN}]}' >nan.json
run perf-alert -r nan.json
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: nan.json: rule 1 "r": "threshold" must be a number
EOF
run perf-alert -t 'a:mean > 1e400'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: -t 'a:mean > 1e400': expected a number after the operator
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
run perf-alert -t 'a:mean > 1' --exec-timeout -1s
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: --exec-timeout: "-1s": a duration cannot be negative
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

# Before issue 16 an empty input passed --fail-on: nothing judged is no pass.
begin "empty input and blank lines give no output, a warning that the rule matched nothing, and exit 4 under --fail-on"
printf '\n  \r\n' >blank.ndjson
run perf-alert -t 'a:mean > 1' blank.ndjson
expect_status 0
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: rule "a:mean > 1": no series a
EOF
run perf-alert -t 'a:mean > 1' --fail-on critical
expect_status 4
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: rule "a:mean > 1": no series a
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on critical: nothing to judge (1 rule matched nothing)
EOF
end

begin "a point on a line of $HOSTILE_LONG bytes passes through whole"
hostile_long_point long.ndjson "$HOSTILE_LONG"
run perf-alert -t 'long:mean > 0' -o out.ndjson long.ndjson
expect_status 0
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: rule "long:mean > 0": no series long
EOF
cmp -s long.ndjson out.ndjson || fail "the long line changed on its way through"
rm -f long.ndjson out.ndjson
end

begin "--state paths come from the option only: names and tags such as ../../x create no file"
mkdir -p paths/deep && cd paths/deep || exit 2
printf '%s\n' '{"kind":"aggregate","name":"../../x","tags":{"h":"../../z","p":"/tmp/perfpipe-evil"},"start":0,"end":60,"count":1,"mean":5}' >records.ndjson
run perf-alert -t '*:mean > 1' --state alert.state -o /dev/null records.ndjson
expect_status 0
expect_stderr_empty
cd "$WORK" || exit 2
find paths | sort >found
expect_file found <<'EOF'
paths
paths/deep
paths/deep/alert.state
paths/deep/alert.state.lock
paths/deep/records.ndjson
EOF
[ ! -e /tmp/perfpipe-evil ] || fail "a tag value made a file"
end

finish
