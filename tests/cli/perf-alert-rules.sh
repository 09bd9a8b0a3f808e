# perf-alert -r: a rules file with one rule of each type (threshold with
# for, keep_firing_for and hysteresis; expr; trend; rate_limit; composite;
# anomaly; absent) walked through pending, firing and resolved on a crafted
# stream, and rules files that are refused.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "every rule type goes through its lifecycle on the service stream, in event time"
# The expected alerts were checked by hand against the stream
# (tests/data/perf-alert/service.ndjson, one-minute windows from t0 =
# 1764057600): latency-p99 is pending at t0+3m, fires at t0+5m (for 2m) and
# resolves at t0+8m (below 200 since t0+7m, keep_firing_for 1m);
# tail-ratio fires at t0+4m (320/20 = 16) and resolves at t0+5m;
# throughput-drop fires at t0+6m (100 -> 80 in 3m) and resolves at t0+9m;
# request-rate is pending at t0+1m, fires at t0+2m, resolves at t0+5m and
# starts again at t0+10m; resource-exhaustion fires for the window ending
# t0+4m and resolves at t0+7m (memory 0.8); queue-anomaly fires at t0+8m
# (30 against a median of 5) and resolves at t0+9m; heartbeat-missing
# fires at t0+7m (last seen t0+4m) and resolves at t0+10m.  Each "unit" is
# that of the figure the rule compares: latency-p99 ms, request-rate 1/s,
# throughput-drop ratio (the change), queue-anomaly 1 (a z-score),
# heartbeat-missing s (the silence); none for tail-ratio's jq number and
# for resource-exhaustion, whose series have no unit.
run sh -c 'perf-alert -r "$1/service-rules.json" "$1/service.ndjson" | grep "\"kind\":\"alert\""' sh "$DATA/perf-alert"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/service-alerts.ndjson"
expect_stderr_empty
end

begin "every input record passes through unchanged and in order between the alerts"
run sh -c 'perf-alert -r "$1/service-rules.json" "$1/service.ndjson" | grep -v "\"kind\":\"alert\""' sh "$DATA/perf-alert"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/service.ndjson"
expect_stderr_empty
end

begin "--fail-on-final counts what is still firing at the end of the stream"
run perf-alert -r "$DATA/perf-alert/service-rules.json" --fail-on-final warning -o out.ndjson \
	"$DATA/perf-alert/service.ndjson"
expect_status 1
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: firing at the end: 0 emergency, 0 critical, 1 warning, 0 info; --fail-on-final warning: failed
EOF
end

# The distinct alerts that ever fired, by severity, from the pinned
# service-alerts.ndjson: /usr/bin/python3 -c 'import json,collections;
# s={r["id"]:r["severity"] for r in map(json.loads,open(F)) if r["state"]=="firing"};
# print(collections.Counter(s.values()))' gives emergency 1, critical 2,
# warning 3, info 1.
begin "--fail-on counts every alert that was firing at any time in the stream"
run perf-alert -r "$DATA/perf-alert/service-rules.json" --fail-on warning -o out.ndjson \
	"$DATA/perf-alert/service.ndjson"
expect_status 1
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: firing at any time: 1 emergency, 2 critical, 3 warning, 1 info; --fail-on warning: failed
EOF
end

begin "a replay of the same stream gives the same alerts"
run sh -c 'gzip -c "$1/service.ndjson" >s.gz && perf-alert -r "$1/service-rules.json" s.gz | grep "\"kind\":\"alert\""' sh "$DATA/perf-alert"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/service-alerts.ndjson"
end

begin "an anomaly finding of perf-analyze fires an anomaly rule at its ts, which clears at the next step"
printf '{"rules":[{"name":"spikes","type":"anomaly","metric":"request.duration","where":{"pool":"a"},"severity":"warning"}]}' >anomaly.json
printf '%s\n' '{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"end":60,"mean":10}' \
	'{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"a"},"severity":"warning","message":"request.duration{pool=a} spiked to 95 (expected 10)","ts":60,"value":95,"expected":10,"score":8.5,"anomaly":"spike"}' \
	'{"kind":"finding","type":"anomaly","name":"request.duration","tags":{"pool":"b"},"severity":"warning","message":"other pool","ts":60,"score":9}' \
	'{"kind":"aggregate","name":"request.duration","tags":{"pool":"a"},"end":120,"mean":11}' >findings.ndjson
run sh -c 'perf-alert -r anomaly.json findings.ndjson | grep "\"kind\":\"alert\""'
expect_status 0
expect_stdout <<'EOF'
{"kind":"alert","id":"786deaaecb9a1a57","rule":"spikes","name":"request.duration","tags":{"pool":"a"},"alert_type":"anomaly_detected","severity":"warning","state":"firing","unit":"1","threshold":3.290526731491926,"current_value":8.5,"triggered_at":60,"resolved_at":null,"description":"request.duration{pool=a} spiked to 95 (expected 10)","suggested_actions":["Look at what changed at the time of the anomaly: deploys, traffic, dependencies","Check whether the anomaly is confined to one tag value"]}
{"kind":"alert","id":"786deaaecb9a1a57","rule":"spikes","name":"request.duration","tags":{"pool":"a"},"alert_type":"anomaly_detected","severity":"warning","state":"resolved","unit":"1","threshold":3.290526731491926,"current_value":0,"triggered_at":60,"resolved_at":120,"description":"request.duration{pool=a}: no anomaly finding since 1970-01-01T00:01:00Z","suggested_actions":["Look at what changed at the time of the anomaly: deploys, traffic, dependencies","Check whether the anomaly is confined to one tag value"]}
EOF
expect_stderr_empty
end

begin "a rules file with an unknown field is refused, naming the file, the rule and the field"
run perf-alert -r "$DATA/perf-alert/bad-rules.json" "$DATA/perf-alert/service.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<EOF
perf-alert: $DATA/perf-alert/bad-rules.json: rule 2 "typo": unknown field "treshold" in a rule of type threshold
EOF
end

begin "an expr that jq cannot compile is refused with jq's message"
run perf-alert -r "$DATA/perf-alert/bad-expr.json" "$DATA/perf-alert/service.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<EOF
perf-alert: $DATA/perf-alert/bad-expr.json: rule 1 "broken": "expr" does not compile: jq: error: syntax error, unexpected \$end (Unix shell quoting issues?) at <top-level>, line 1: .percentiles.p99 >
EOF
end

begin "a rules file that is not JSON is refused"
printf '{"rules":[{"name":"x",' >truncated.json
run perf-alert -r truncated.json "$DATA/perf-alert/service.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: truncated.json: not JSON: Unfinished JSON term at EOF at line 1, column 22 (while parsing '{"rules":[{"name":"x",')
EOF
end

begin "a missing rules file is a configuration error"
run perf-alert -r missing.json "$DATA/perf-alert/service.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: missing.json: No such file or directory
EOF
end

begin "a rule name used twice is refused"
printf '{"rules":[{"name":"m:x > 1","metric":"m","stat":"x","threshold":1}]}' >dup.json
run perf-alert -r dup.json -t 'm:x > 1'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: rule 2: the name "m:x > 1" is used twice
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "an expr that fails on a record is reported with its position and the record still passes"
printf '{"rules":[{"name":"bad-add","type":"expr","expr":".mean + .name"}]}' >runtime.json
printf '%s\n' '{"kind":"aggregate","name":"m","end":10,"mean":5}' >one.ndjson
run perf-alert -r runtime.json one.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":10,"mean":5}
EOF
expect_stderr <<'EOF'
perf-alert: one.ndjson:1: rule "bad-add": "expr" failed: number (5) and string ("m") cannot be added
EOF
end

finish
