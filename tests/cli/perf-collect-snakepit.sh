# perf-collect log --format snakepit: Snakepit telemetry events (Elixir
# JSON lines and the Python side's TELEMETRY: lines) into the design's
# metrics.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

EVENTS="$DATA/perf-collect/snakepit-events.ndjson"
SAMPLE="$DATA/samples/snakepit-telemetry.ndjson"

begin "every kind of event maps to its metrics; unknown events pass as gauges; bad lines are rejected"
run perf-collect log --format snakepit --rejects rejects.ndjson "$EVENTS"
expect_status 0
expect_stdout <<'EOF2'
{"name":"worker.active_requests","value":1,"ts":1764057600.1,"tags":{"pool":"default","worker_id":"w1"}}
{"name":"worker.utilization","value":1,"ts":1764057600.1,"unit":"ratio","tags":{"pool":"default","worker_id":"w1"}}
{"name":"worker.active_requests","value":2,"ts":1764057600.2,"tags":{"pool":"default","worker_id":"w1"}}
{"name":"worker.utilization","value":1,"ts":1764057600.2,"unit":"ratio","tags":{"pool":"default","worker_id":"w1"}}
{"name":"worker.active_requests","value":1,"ts":1764057600.3,"tags":{"pool":"default","worker_id":"w1"}}
{"name":"worker.utilization","value":1,"ts":1764057600.3,"unit":"ratio","tags":{"pool":"default","worker_id":"w1"}}
{"name":"request.duration","value":200000,"ts":1764057600.30005,"type":"timer","unit":"us","tags":{"command":"predict","pool":"default","worker_id":"w1"}}
{"name":"request.completed","value":1,"ts":1764057600.30005,"type":"counter","tags":{"command":"predict","pool":"default","status":"ok"}}
{"name":"request.duration","value":1250,"ts":1764057600.4,"type":"timer","unit":"us","tags":{"command":"embed","pool":"default","worker_id":"w1"}}
{"name":"request.completed","value":1,"ts":1764057600.4,"type":"counter","tags":{"command":"embed","pool":"default","status":"error"}}
{"name":"request.duration","value":90,"ts":1764057600.5,"type":"timer","unit":"us","tags":{"command":"report","pool":"batch"}}
{"name":"request.completed","value":1,"ts":1764057600.5,"type":"counter","tags":{"command":"report","pool":"batch","status":"aborted"}}
{"name":"pool.queue_depth","value":2,"ts":1764057601,"tags":{"pool":"default"}}
{"name":"pool.capacity_utilization","value":0.75,"ts":1764057601,"unit":"ratio","tags":{"pool":"default"}}
{"name":"pool.queue_depth","value":9,"ts":1764057602,"tags":{"pool":"default"}}
{"name":"pool.capacity_utilization","value":1,"ts":1764057602,"unit":"ratio","tags":{"pool":"default"}}
{"name":"worker.recycled","value":1,"ts":1764057603,"type":"counter","tags":{"pool":"default","reason":"max_requests","worker_id":"w1"}}
{"name":"worker.crash","value":1,"ts":1764057604,"type":"counter","tags":{"pool":"default","reason":"oom_killed","worker_id":"w2"}}
{"name":"pool.worker.terminated","value":1,"ts":1764057604.000001,"type":"counter","tags":{"pool":"default","reason":"crash","worker_id":"w2"}}
{"name":"snakepit.session.created.sessions","value":12,"ts":1764057605,"tags":{"pool":"realtime","sticky":"true"}}
{"name":"snakepit.python.tool.execution.stop.duration_ms","value":41.5,"ts":1764057606,"tags":{"tool":"embed"}}
EOF2
expect_stderr <<EOF2
perf-collect: $EVENTS:15: the telemetry is not a JSON object
perf-collect: $EVENTS:16: the event has no "event" name
perf-collect: 2 lines rejected
EOF2
sed -n '15,16p' "$EVENTS" | expect_file rejects.ndjson
end

begin "regression: an event whose metadata or measurements are not objects does not crash"
printf '%s\n' '{"event":"snakepit.request.executed","ts":1764057600,"measurements":5,"metadata":"x"}' \
	'{"event":"snakepit.custom","ts":1764057600,"measurements":[1],"metadata":null}' >odd.ndjson
run perf-collect log --format snakepit odd.ndjson
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.completed","value":1,"ts":1764057600,"type":"counter","tags":{"status":"ok"}}
EOF2
expect_stderr_empty
end

begin "the bundled sample: one request.completed and one request.duration per request.executed event"
run perf-collect log --format snakepit -o points.ndjson "$SAMPLE"
expect_status 0
expect_stderr_empty
executed=$(grep -c '"event":"snakepit.request.executed"' "$SAMPLE")
run jq -e -s --argjson executed "$executed" '
  ([.[] | select(.name == "request.completed")] | length == $executed) and
  ([.[] | select(.name == "request.duration")] | length == $executed) and
  ([.[] | select(.name == "request.completed") | .tags.status] | unique - ["aborted", "error", "ok"] == []) and
  ([.[] | select(.name == "worker.active_requests")] | length > 0) and
  all(.[] | select(.name == "worker.active_requests"); .value >= 0) and
  ([.[] | select(.unit == "ratio")] | length > 0) and
  all(.[] | select(.unit == "ratio"); .value >= 0 and .value <= 1)' points.ndjson
expect_status 0
end

begin "the sample's requests per pool match the events per pool"
run sh -c 'perf-collect log --format snakepit "$1" |
	jq -r "select(.name == \"request.completed\") | .tags.pool" | sort | uniq -c' sh "$SAMPLE"
mv stdout actual
grep '"event":"snakepit.request.executed"' "$SAMPLE" | jq -r .metadata.pool | sort | uniq -c >stdout
expect_file actual <stdout
end

finish
