# perf-alert --exec and --format alertmanager: delivery of alerts to a
# command (no shell, values only as data, failures retried from --state)
# and to Alertmanager.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

HOSTILE="$DATA/perf-alert/hostile.ndjson"
# The notifier: a fixed script; the alert reaches it on stdin and in the
# environment only.
NOTIFY='cat >>delivered.ndjson; env | grep "^PERFPIPE_ALERT_" | sort >>env.txt; echo notified'

begin "tag values such as \$(touch x) and ; rm -rf / reach --exec only as data"
run perf-alert -t 'request.errors:rate > 5' --exec sh -c "$NOTIFY" sh ';' "$HOSTILE"
expect_status 0
expect_stderr <<'EOF'
notified
notified
EOF
expect_file env.txt <<'EOF'
PERFPIPE_ALERT_DESCRIPTION=request.errors{path=; rm -rf /,pool=$(touch x),quote=it's "quoted"} rate is 9/s, threshold > 5/s
PERFPIPE_ALERT_ID=9b57d3fa5c6d6e05
PERFPIPE_ALERT_NAME=request.errors
PERFPIPE_ALERT_RESOLVED_AT=
PERFPIPE_ALERT_RULE=request.errors:rate > 5
PERFPIPE_ALERT_SEVERITY=critical
PERFPIPE_ALERT_STATE=firing
PERFPIPE_ALERT_TAGS={"path":"; rm -rf /","pool":"$(touch x)","quote":"it's \"quoted\""}
PERFPIPE_ALERT_THRESHOLD=5
PERFPIPE_ALERT_TRIGGERED_AT=1764057660
PERFPIPE_ALERT_TYPE=threshold_exceeded
PERFPIPE_ALERT_VALUE=9
PERFPIPE_ALERT_DESCRIPTION=request.errors{path=; rm -rf /,pool=$(touch x),quote=it's "quoted"} rate is 1/s, threshold > 5/s
PERFPIPE_ALERT_ID=9b57d3fa5c6d6e05
PERFPIPE_ALERT_NAME=request.errors
PERFPIPE_ALERT_RESOLVED_AT=1764057720
PERFPIPE_ALERT_RULE=request.errors:rate > 5
PERFPIPE_ALERT_SEVERITY=critical
PERFPIPE_ALERT_STATE=resolved
PERFPIPE_ALERT_TAGS={"path":"; rm -rf /","pool":"$(touch x)","quote":"it's \"quoted\""}
PERFPIPE_ALERT_THRESHOLD=5
PERFPIPE_ALERT_TRIGGERED_AT=1764057660
PERFPIPE_ALERT_TYPE=threshold_exceeded
PERFPIPE_ALERT_VALUE=1
EOF
end

begin "the command read exactly the alert records of the stream on its standard input"
grep '"kind":"alert"' "$WORK/stdout" >stream-alerts.ndjson
run cat delivered.ndjson
expect_status 0
compare stdout "$WORK/stdout" <stream-alerts.ndjson
end

begin "nothing was run by the hostile values: no file x, and / is still there"
run sh -c 'test ! -e x && test ! -e "x)" && test -d /bin && echo intact'
expect_status 0
expect_stdout <<'EOF'
intact
EOF
end

begin "the command's words are taken as they are, options included, up to the ;"
rm -f delivered.ndjson
run perf-alert -t 'request.errors:rate > 5' --exec sh -c 'printf "%s|" "$@" >>args.txt; echo >>args.txt' sh --fail-on '$(x)' ';' --fail-on info "$HOSTILE"
expect_status 1
expect_file args.txt <<'EOF'
--fail-on|$(x)|
--fail-on|$(x)|
EOF
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on info: failed
EOF
end

begin "pending alerts are not delivered, only firing and resolved ones"
printf '%s\n' '{"kind":"aggregate","name":"m","end":60,"mean":9}' '{"kind":"aggregate","name":"m","end":120,"mean":1}' >pending.ndjson
printf '{"rules":[{"name":"slow","metric":"m","threshold":5,"for":"5m"}]}' >slow.json
run perf-alert -r slow.json --exec sh -c 'echo delivered' sh ';' pending.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":60,"mean":9}
{"kind":"alert","id":"473654ca66822a8d","rule":"slow","name":"m","tags":{},"alert_type":"threshold_exceeded","severity":"critical","state":"pending","threshold":5,"current_value":9,"triggered_at":60,"resolved_at":null,"description":"m mean is 9, threshold > 5","suggested_actions":["Check recent deploys, configuration changes and load on this series","Compare with the same series on other hosts or pools"]}
{"kind":"aggregate","name":"m","end":120,"mean":1}
EOF
expect_stderr_empty
end

begin "a failing command is reported and, without --state, the run exits 3"
run perf-alert -t 'request.errors:rate > 5' --exec sh -c 'exit 4' sh ';' "$HOSTILE"
expect_status 3
expect_stderr <<'EOF'
perf-alert: --exec sh: alert 9b57d3fa5c6d6e05 (firing): exited with status 4
perf-alert: --exec sh: alert 9b57d3fa5c6d6e05 (resolved): exited with status 4
perf-alert: 2 alerts could not be delivered (use --state to retry them)
EOF
end

begin "a command that cannot be started is reported"
run perf-alert -t 'request.errors:rate > 5' --exec ./no-such-notifier ';' "$HOSTILE"
expect_status 3
expect_stderr <<'EOF'
perf-alert: --exec ./no-such-notifier: alert 9b57d3fa5c6d6e05 (firing): No such file or directory
perf-alert: --exec ./no-such-notifier: alert 9b57d3fa5c6d6e05 (resolved): No such file or directory
perf-alert: 2 alerts could not be delivered (use --state to retry them)
EOF
end

begin "with --state a failed delivery is kept and the run still succeeds"
run perf-alert -t 'request.errors:rate > 5' --state alert.state --exec sh -c 'exit 4' sh ';' "$HOSTILE"
expect_status 0
expect_stderr <<'EOF'
perf-alert: --exec sh: alert 9b57d3fa5c6d6e05 (firing): exited with status 4; kept in the state file to retry on the next run
perf-alert: --exec sh: alert 9b57d3fa5c6d6e05 (resolved): exited with status 4; kept in the state file to retry on the next run
EOF
end

begin "a hanging command is killed after --exec-timeout and kept for the next run"
printf '%s\n' '{"kind":"aggregate","name":"other","end":1764057780,"rate":1}' >later.ndjson
run perf-alert -t 'request.errors:rate > 5' --state alert.state --exec-timeout 0.2s --exec sleep 600 ';' later.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"other","end":1764057780,"rate":1}
EOF
expect_stderr <<'EOF'
perf-alert: --exec sleep: alert 9b57d3fa5c6d6e05 (firing): timed out after 0.2s and was killed; kept in the state file to retry on the next run
perf-alert: --exec sleep: alert 9b57d3fa5c6d6e05 (resolved): timed out after 0.2s and was killed; kept in the state file to retry on the next run
perf-alert: rule "request.errors:rate > 5": no series request.errors
EOF
end

begin "the next run delivers what was kept, in order, so no notification is lost"
rm -f delivered.ndjson env.txt
run perf-alert -t 'request.errors:rate > 5' --state alert.state --exec sh -c "$NOTIFY" sh ';' later.ndjson
expect_status 0
expect_stderr <<'EOF'
notified
notified
perf-alert: rule "request.errors:rate > 5": no series request.errors
EOF
compare delivered.ndjson delivered.ndjson <stream-alerts.ndjson
end

begin "once delivered, they are not delivered again"
rm -f delivered.ndjson
run perf-alert -t 'request.errors:rate > 5' --state alert.state --exec sh -c "$NOTIFY" sh ';' later.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-alert: rule "request.errors:rate > 5": no series request.errors
EOF
run test -e delivered.ndjson
expect_status 1
end

begin "--format alertmanager writes the resolved and the firing alerts as one Alertmanager v2 array"
run perf-alert -r "$DATA/perf-alert/service-rules.json" --format alertmanager "$DATA/perf-alert/service.ndjson"
expect_status 0
expect_stdout <<'EOF'
[{"labels":{"alertname":"tail-ratio","severity":"info","alert_type":"threshold_exceeded","metric":"request.duration","pool":"a"},"annotations":{"description":"request.duration{pool=a}: .percentiles.p99 / .percentiles.p50 gives 8","current_value":"8","threshold":"10","suggested_actions":"Check recent deploys, configuration changes and load on this series; Compare with the same series on other hosts or pools","alert_id":"7606ba62b85d3842"},"startsAt":"2025-11-25T08:04:00Z","endsAt":"2025-11-25T08:05:00Z"},{"labels":{"alertname":"request-rate","severity":"warning","alert_type":"rate_limit_exceeded","metric":"request.throughput","pool":"a"},"annotations":{"description":"request.throughput{pool=a} rate is 95/s, threshold > 99/s","current_value":"95","threshold":"99","suggested_actions":"Find the callers driving the rate; Apply or tighten rate limiting upstream, or scale out if the load is legitimate","alert_id":"02f50a2423f99e86"},"startsAt":"2025-11-25T08:02:00Z","endsAt":"2025-11-25T08:05:00Z"},{"labels":{"alertname":"resource-exhaustion","severity":"emergency","alert_type":"resource_exhaustion","metric":"system.cpu_utilization","host":"h1"},"annotations":{"description":"resource-exhaustion: system.cpu_utilization mean 0.95 (> 0.9) and system.memory_utilization mean 0.8 (> 0.85)","current_value":"0.95","threshold":"0.9","suggested_actions":"Add capacity or shed load; Recycle workers or processes that leak memory; Look for runaway processes","alert_id":"204a91716b902b7a"},"startsAt":"2025-11-25T08:04:00Z","endsAt":"2025-11-25T08:07:00Z"},{"labels":{"alertname":"latency-p99","severity":"warning","alert_type":"threshold_exceeded","metric":"request.duration","pool":"a"},"annotations":{"description":"p99 of request.duration{pool=a} is 120 ms (limit 250 ms)","current_value":"120","threshold":"250","suggested_actions":"Look at the slowest workers of the pool","alert_id":"8d7b3dceb7eff42f"},"startsAt":"2025-11-25T08:05:00Z","endsAt":"2025-11-25T08:08:00Z"},{"labels":{"alertname":"throughput-drop","severity":"critical","alert_type":"trend_degradation","metric":"request.throughput","pool":"a"},"annotations":{"description":"request.throughput{pool=a} rate went from 80/s to 90/s in 3m: a change of 12.5%, threshold <= -20%","current_value":"0.125","threshold":"-0.2","suggested_actions":"Compare with the previous release or configuration; Check capacity signals (queue depth, utilisation) over the same window","alert_id":"94bf39862623a812"},"startsAt":"2025-11-25T08:06:00Z","endsAt":"2025-11-25T08:09:00Z"},{"labels":{"alertname":"queue-anomaly","severity":"critical","alert_type":"anomaly_detected","metric":"pool.queue_depth","pool":"a"},"annotations":{"description":"pool.queue_depth{pool=a} max is 5 against a median of 5: robust z-score 0, limit 3.29","current_value":"0","threshold":"3.290526731491926","suggested_actions":"Look at what changed at the time of the anomaly: deploys, traffic, dependencies; Check whether the anomaly is confined to one tag value","alert_id":"e00c3d8fbfb86389"},"startsAt":"2025-11-25T08:08:00Z","endsAt":"2025-11-25T08:09:00Z"},{"labels":{"alertname":"heartbeat-missing","severity":"warning","alert_type":"threshold_exceeded","metric":"heartbeat","host":"h1"},"annotations":{"description":"heartbeat{host=h1} has data again (limit 3m)","current_value":"0","threshold":"180","suggested_actions":"Check that the collector or exporter of this metric is running; Check the path from the collector to perf-alert: cron, files, network","alert_id":"8bc58daf654e7674"},"startsAt":"2025-11-25T08:07:00Z","endsAt":"2025-11-25T08:10:00Z"},{"labels":{"alertname":"request-rate","severity":"warning","alert_type":"rate_limit_exceeded","metric":"request.throughput","pool":"a"},"annotations":{"description":"request.throughput{pool=a} rate is 100/s, threshold > 99/s","current_value":"100","threshold":"99","suggested_actions":"Find the callers driving the rate; Apply or tighten rate limiting upstream, or scale out if the load is legitimate","alert_id":"02f50a2423f99e86"},"startsAt":"2025-11-25T08:11:00Z"}]
EOF
expect_stderr_empty
end

begin "Alertmanager labels are valid label names and tags never replace alertname (theirs gets _2)"
printf '%s\n' '{"kind":"aggregate","name":"m","tags":{"alertname":"spoof","pool.name":"a","9x":"b"},"end":60,"mean":9}' >labels.ndjson
run sh -c 'perf-alert -t "m:mean > 5" --format alertmanager labels.ndjson | jq -c ".[0].labels"'
expect_status 0
expect_stdout <<'EOF'
{"alertname":"m:mean > 5","severity":"critical","alert_type":"threshold_exceeded","metric":"m","_9x":"b","alertname_2":"spoof","pool_name":"a"}
EOF
end

begin "a tag with an empty value gives no Alertmanager label (it would list the alert without it)"
printf '%s\n' '{"kind":"aggregate","name":"m","tags":{"empty":"","pool":"a"},"end":60,"mean":9}' >empty-tag.ndjson
run sh -c 'perf-alert -t "m:mean > 5" --format alertmanager empty-tag.ndjson | jq -c ".[0].labels"'
expect_status 0
expect_stdout <<'EOF'
{"alertname":"m:mean > 5","severity":"critical","alert_type":"threshold_exceeded","metric":"m","pool":"a"}
EOF
expect_stderr_empty
end

begin "an unknown --format is a usage error"
run perf-alert -t 'm:mean > 5' --format xml
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: --format: "xml" is not stream or alertmanager
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "a bad --exec-timeout is a usage error"
run perf-alert -t 'm:mean > 5' --exec-timeout soon --exec true ';'
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: --exec-timeout: "soon": expected a number at "soon"
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

finish
