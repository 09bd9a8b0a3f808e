#!/bin/sh
# scripts/cron: the crontab and the scripts it calls, run for three
# simulated cron ticks (collect, then hourly and dashboard, called directly
# as cron would, with their directories in a temporary one): the store
# grows, the alert state carries across ticks, the memory_utilization
# alert of scripts/cron/rules.json goes pending then firing, and the
# dashboard is regenerated.  Time is compressed: the host is sampled every
# 100 ms for 1.5 s a tick from a fixture /proc (memory 93.75% used: a
# binary fraction, so that the mean of any number of samples is exact),
# windows are 1 s instead of 1 m, the hourly job does not wait for late
# collectors (PERFPIPE_LAG=0), and the rules' durations are in seconds
# instead of minutes (sed), so "for": "2m" is held for 2 s across ticks.
# The rules file shown in perfpipe.7 is scripts/cron/rules.json, which
# perf-alert accepts as it is.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
CRON="$PERFPIPE_SOURCE/scripts/cron"

begin "perf-alert accepts scripts/cron/rules.json as it is"
run perf-alert -r "$CRON/rules.json"
expect_status 0
expect_stdout_empty
# No input: every rule but the absent one matched nothing, and says so.
expect_stderr <<'EOF'
perf-alert: rule "response_time_p95": no series request.duration
perf-alert: rule "error_rate": no series error_rate
perf-alert: rule "cpu_utilization": no series system.cpu_utilization
perf-alert: rule "memory_utilization": no series system.memory_utilization
perf-alert: rule "response_time_anomaly": no series request.duration
perf-alert: rule "throughput_degradation": no series request.completed
perf-alert: rule "resource_exhaustion": no series system.cpu_utilization
EOF
end

begin "the rules file printed in perfpipe.7 is scripts/cron/rules.json"
sed -n '/^\.\\" rules.json begin/,/^\.\\" rules.json end/p' "$PERFPIPE_SOURCE/man/perfpipe.7" |
    sed '/^\./d; s/\\e/\\/g; s/\\-/-/g' >man-rules.json
run sh -c 'jq -S . man-rules.json >man.sorted && jq -S . "$1" >file.sorted &&
    cmp man.sorted file.sorted && jq ".rules | length" man-rules.json' sh "$CRON/rules.json"
expect_status 0
expect_stdout <<'EOF'
7
EOF
end

begin "every crontab entry has five time fields, and the scripts it calls are in scripts/cron"
run sh -c 'grep -v "^#" "$1" | grep -v "^$" | grep -v "^[A-Z_]*=" |
    awk "{ print (NF >= 6 ? \"entry\" : \"bad: \" \$0) }" | sort | uniq -c | sed "s/^ *//";
    grep -o "/usr/local/lib/perfpipe/[a-z]*" "$1" | sort -u | while read -r path; do
        test -x "$2/${path##*/}" && echo "${path##*/} is scripts/cron/${path##*/}"; done' \
    sh "$CRON/crontab" "$CRON"
expect_status 0
expect_stdout <<'EOF'
6 entry
collect is scripts/cron/collect
dashboard is scripts/cron/dashboard
hourly is scripts/cron/hourly
EOF
end

# The fixture /proc with 90% of the memory in use, and the rules in seconds.
cp -r "$DATA/perf-collect/proc" proc
sed 's/^MemAvailable:.*/MemAvailable:    1000000 kB/' "$DATA/perf-collect/proc/meminfo" >proc/meminfo
sed 's/"\([0-9]*\)m"/"\1s"/g' "$CRON/rules.json" >rules.json
PERFPIPE_DIR="$WORK/var" PERFPIPE_WWW="$WORK/www" PERFPIPE_RULES="$WORK/rules.json"
PERFPIPE_INTERVAL=100ms PERFPIPE_SAMPLES=15 PERFPIPE_PROC="$WORK/proc" PERFPIPE_WINDOW=1s
PERFPIPE_LAG=0
export PERFPIPE_DIR PERFPIPE_WWW PERFPIPE_RULES PERFPIPE_INTERVAL PERFPIPE_SAMPLES
export PERFPIPE_PROC PERFPIPE_WINDOW PERFPIPE_LAG

# tick N: one minute of cron, the collect job then the hourly ones; the
# collector's warnings about the files the fixture lacks go to a log.
tick() {
	"$CRON/collect" 2>>collect.log &&
	"$CRON/hourly" &&
	"$CRON/dashboard" &&
	cat var/points/*.ndjson | wc -l >points.$1 &&
	cp var/alert.state state.$1 &&
	cp www/index.html dashboard.$1.html &&
	grep -h '"kind":"alert"' var/history/*.ndjson >alerts.$1
}

# With 1.5 s of points a tick, each tick ends with a whole window of them:
# tick 1 holds at most two windows (1 s < "for": 2 s: pending), tick 3's
# last window ends at least 3 s after tick 1's (firing).
# alert_state N: the state of the memory alert in the state file after tick N.
alert_state() {
	jq -r '.series[] | select(.rule == "memory_utilization") | .state' state.$1
}

begin "tick 1: points stored, aggregated, the memory alert pending, a dashboard written"
run tick 1
expect_status 0
expect_stdout_empty
# The fixture /proc gives system metrics only: the error_rate ratio and
# the application's rules matched nothing and say so
# (system.cpu_utilization needs two samples of /proc/stat a window apart,
# which one tick of the fixture does not give).
expect_stderr <<'EOF'
perf-aggregate: --ratio error_rate: no point named request.completed
perf-alert: rule "response_time_p95": no series request.duration
perf-alert: rule "error_rate": no series error_rate
perf-alert: rule "cpu_utilization": no series system.cpu_utilization; did you mean system.swap_utilization?
perf-alert: rule "response_time_anomaly": no series request.duration
perf-alert: rule "throughput_degradation": no series request.completed
EOF
run alert_state 1
expect_stdout <<'EOF'
pending
EOF
run jq -r '[.rule, .state, .current_value, .threshold] | @tsv' alerts.1
expect_stdout <<'EOF'
memory_utilization	pending	0.9375	0.85
EOF
if [ "$(cat points.1)" -lt 10 ]; then fail "tick 1 stored $(cat points.1) points"; fi
if ! grep -q '<td>pending</td>' dashboard.1.html; then fail "the dashboard shows no pending alert"; fi
end

begin "the hourly job run again before the next window boundary adds nothing"
cp var/history/*.ndjson history.before
run env PERFPIPE_NOW="$(cat var/aggregated-until)" "$CRON/hourly"
expect_status 0
expect_stderr_empty
if ! cat var/history/*.ndjson | cmp -s - history.before; then fail "the history changed"; fi
end

begin "tick 2 and tick 3: the store grows and the state carries the alert from pending to firing"
tick 2 && tick 3
status=$?
expect_status 0
awk 'NR > 1 && $1 <= previous { bad = 1 } { previous = $1 } END { exit bad }' points.1 points.2 \
    points.3 || fail "the store did not grow: $(cat points.1 points.2 points.3 | tr '\n' ' ')"
run alert_state 3
expect_stdout <<'EOF'
firing
EOF
# One pending record, from tick 1, then one firing record: a run without
# the state would have started over at pending.
run jq -r '[.rule, .state] | @tsv' alerts.3
expect_stdout <<'EOF'
memory_utilization	pending
memory_utilization	firing
EOF
run jq -s -r '(.[0].id == .[1].id), (.[1].triggered_at - .[0].triggered_at >= 2)' alerts.3
expect_stdout <<'EOF'
true
true
EOF
end

begin "the hourly job carries perf-aggregate's state, every window written in its batch's run"
run jq -r -s '"version \(.[0]["perf-aggregate state"]), window \(.[0].options["--window/--step/--session"].size) s, \(.[0].states) open, closed until the mark: \(.[0].clock.closed_until)"' \
    var/aggregate.state
expect_stdout <<EOF
version 1, window 1 s, 0 open, closed until the mark: $(cat var/aggregated-until)
EOF
end

begin "the dashboard was regenerated at every tick and shows the alert firing"
if cmp -s dashboard.1.html dashboard.3.html; then fail "the dashboard was not regenerated"; fi
if ! grep -q '<td>firing</td><td class="wrap">system.memory_utilization</td>' dashboard.3.html; then
	fail "the last dashboard does not show the firing alert"
fi
if ! grep -q '<meta http-equiv="refresh" content="3600"/>' dashboard.3.html; then
	fail "the dashboard does not reload itself hourly"
fi
end

begin "the collector warned only about the files the fixture /proc lacks"
run sh -c 'printf "%s warnings, %s other lines\n" \
    "$(grep -c "No such file or directory; its metrics are skipped$" collect.log)" \
    "$(grep -vc "No such file or directory; its metrics are skipped$" collect.log)"'
expect_stdout_matches sh -c 'read warnings _ others _ && [ "$warnings" -gt 0 ] && [ "$others" -eq 0 ]'
end

finish
