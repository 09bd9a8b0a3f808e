#!/bin/sh
# Integration with a real Alertmanager (Debian's prometheus-alertmanager):
# perf-alert --format alertmanager output, from two cron-like runs that
# share a --state file, is posted to an alertmanager on loopback through
# /api/v2/alerts.  After the first run the firing alert is listed by GET
# /api/v2/alerts as active, with its labels, annotations and start; after
# the second, which resolves it (endsAt in the past) and fires another,
# the first is no longer listed and the second is.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need prometheus-alertmanager prometheus-alertmanager
need curl curl

T="$WORK/alertmanager"
mkdir -p "$T/data"
port=$(free_port)
api="http://127.0.0.1:$port/api/v2"
rule='request.duration:p99 > 250 @warning'

# One receiver that sends nowhere: the alerts are only stored and listed.
cat >"$T/alertmanager.yml" <<'EOF'
route:
  receiver: nowhere
receivers:
  - name: nowhere
EOF

serve alertmanager prometheus-alertmanager --config.file="$T/alertmanager.yml" \
	--storage.path="$T/data" --web.listen-address="127.0.0.1:$port" \
	--cluster.listen-address=

# post FILE: posts an array of alerts; prints the HTTP status.
post() {
	curl -s -o "$T/post.out" -w '%{http_code}\n' -H 'Content-Type: application/json' \
		--data-binary "@$1" "$api/alerts"
}

# listed: the alerts Alertmanager lists, one line each: the pool, the
# state and the start, then the labels and annotations as sorted JSON.
listed() {
	curl -sf "$api/alerts" >"$T/listed.json" &&
		jq -c -S 'sort_by(.labels.pool)[] |
			[.labels.pool, .status.state, .startsAt], .labels, .annotations' "$T/listed.json"
}

begin "a real alertmanager on loopback is ready within 30 s"
wait_until 30 curl -sf "http://127.0.0.1:$port/-/ready" || {
	fail "alertmanager not ready on 127.0.0.1:$port within 30 s"
	tail -5 "$WORK/alertmanager.log" | sed 's/^/#   /'
}
end

begin "the first run's firing alert is accepted by POST /api/v2/alerts"
run sh -c "head -4 '$DATA/perf-alert/latency.ndjson' |
	perf-alert -t '$rule' --state '$T/state' --format alertmanager -o '$T/run1.json'"
expect_status 0
expect_stdout_empty
expect_stderr_empty
run post "$T/run1.json"
expect_status 0
expect_stdout <<'EOF'
200
EOF
end

begin "GET /api/v2/alerts lists it as active with the labels and annotations perf-alert gave"
run listed
expect_status 0
expect_stdout <<'EOF'
["a","active","2025-11-25T08:00:20.000Z"]
{"alert_type":"threshold_exceeded","alertname":"request.duration:p99 > 250 @warning","metric":"request.duration","pool":"a","severity":"warning"}
{"alert_id":"b2cfebfe3aad8e84","current_value":"300","description":"request.duration{pool=a} p99 is 300 ms, threshold > 250 ms","suggested_actions":"Check recent deploys, configuration changes and load on this series; Compare with the same series on other hosts or pools","threshold":"250"}
EOF
expect_stderr_empty
run jq -S '.[0].labels' "$T/run1.json"
cp "$WORK/stdout" "$T/posted-labels.json"
run jq -S '.[0].labels' "$T/listed.json"
expect_stdout <"$T/posted-labels.json"
end

begin "the second run resolves it (endsAt in the past) and fires pool b; both are accepted"
run sh -c "tail -n +5 '$DATA/perf-alert/latency.ndjson' |
	perf-alert -t '$rule' --state '$T/state' --format alertmanager -o '$T/run2.json'"
expect_status 0
expect_stderr_empty
run jq -r '.[] | [.labels.pool, .endsAt // "firing"] | join(" ")' "$T/run2.json"
expect_stdout <<'EOF'
a 2025-11-25T08:00:30Z
b firing
EOF
run post "$T/run2.json"
expect_status 0
expect_stdout <<'EOF'
200
EOF
end

begin "Alertmanager no longer lists the resolved alert, and lists pool b as active"
run listed
expect_status 0
expect_stdout <<'EOF'
["b","active","2025-11-25T08:00:30.000Z"]
{"alert_type":"threshold_exceeded","alertname":"request.duration:p99 > 250 @warning","metric":"request.duration","pool":"b","severity":"warning"}
{"alert_id":"b2da1dfe3ab637ff","current_value":"280","description":"request.duration{pool=b} p99 is 280 ms, threshold > 250 ms","suggested_actions":"Check recent deploys, configuration changes and load on this series; Compare with the same series on other hosts or pools","threshold":"250"}
EOF
expect_stderr_empty
end

begin "hostile tag values, colliding and reserved names are accepted, and every alert is listed as posted"
run sh -c "head -1 '$DATA/perf-alert/hostile.ndjson' |
	perf-alert -t 'request.errors:rate > 5' --format alertmanager -o '$T/hostile.json' &&
	perf-alert -t 'm:mean > 5' --format alertmanager -o '$T/names.json' <<'EOF'
{\"kind\":\"aggregate\",\"name\":\"m\",\"tags\":{\"alertname\":\"spoof\",\"pool.name\":\"a\",\"9x\":\"b\",\"empty\":\"\"},\"end\":60,\"mean\":9}
{\"kind\":\"aggregate\",\"name\":\"m\",\"tags\":{\"pool.name\":\"a\",\"pool_name\":\"b\"},\"end\":60,\"mean\":9}
{\"kind\":\"aggregate\",\"name\":\"m\",\"tags\":{\"pool.name\":\"a\",\"pool_name\":\"c\"},\"end\":60,\"mean\":9}
EOF"
expect_status 0
expect_stderr_empty
run post "$T/hostile.json"
expect_stdout <<'EOF'
200
EOF
run post "$T/names.json"
expect_stdout <<'EOF'
200
EOF
curl -sf "$api/alerts" >"$T/all.json"
run jq -c -S '.[] | select(.labels.alertname != "request.duration:p99 > 250 @warning") | .labels' "$T/all.json"
sort "$WORK/stdout" >"$T/got.json"
run sh -c "jq -c -S '.[].labels' '$T/hostile.json' '$T/names.json' | sort"
expect_stdout <"$T/got.json"
run_input "$T/got.json" wc -l
expect_stdout <<'EOF'
4
EOF
end

finish
