#!/bin/sh
# Far-future timestamps: one point stamped in the year 9999 (a unit
# mistake, a broken clock) used to move perf-aggregate's watermark there,
# so every later point was rejected as late, and perf-alert's clock,
# so no later record closed a time step.  A record more than --max-future
# (default 1h) ahead of now (--now, or the wall clock) is rejected as bad
# input instead: reported, counted, kept in --rejects.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

printf '%s\n' '{"name":"a","value":1,"ts":100}' '{"name":"a","value":7,"ts":253402300799}' \
    '{"name":"a","value":2,"ts":130}' '{"name":"a","value":3,"ts":170}' >points.ndjson

begin "perf-aggregate rejects a point of the year 9999 and the later points still count"
run perf-aggregate -w 1m --now 1000 --rejects rejects.ndjson points.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: points.ndjson:2: far-future point: "ts" is after 1970-01-01T01:16:40Z (now plus --max-future)
perf-aggregate: 1 line rejected
EOF
expect_file rejects.ndjson <<'EOF'
{"name":"a","value":7,"ts":253402300799}
EOF
# the windows' counts and sums, from the raw input: points up to now + 1h
/usr/bin/python3 -c '
import json, sys
windows = {}
for line in open("points.ndjson"):
    p = json.loads(line)
    if p["ts"] > 1000 + 3600:
        continue
    start = p["ts"] // 60 * 60
    count, total = windows.get(start, (0, 0))
    windows[start] = (count + 1, total + p["value"])
for start in sorted(windows):
    print(start, *windows[start])
' >want
jq -r '"\(.start) \(.count) \(.sum)"' "$WORK/stdout" >got
[ "$(wc -l <got)" -eq 2 ] || fail "expected 2 windows, got $(wc -l <got)"
compare windows got <want
end

begin "perf-aggregate: --max-future 0 with --now rejects a point one second ahead, keeps one at now"
printf '%s\n' '{"name":"a","value":1,"ts":1000}' '{"name":"a","value":1,"ts":1001}' >edge.ndjson
run perf-aggregate -w 1m --now 1970-01-01T00:16:40Z --max-future 0 edge.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: edge.ndjson:2: far-future point: "ts" is after 1970-01-01T00:16:40Z (now plus --max-future)
perf-aggregate: 1 line rejected
EOF
[ "$(jq -s 'map(.count) | add' "$WORK/stdout")" = 1 ] || fail "the point at now was not counted"
end

begin "perf-aggregate: a point closed out by the watermark is called late in a closed window, which was never emitted"
printf '%s\n' '{"name":"a","value":1,"ts":100}' '{"name":"a","value":1,"ts":300}' '{"name":"a","value":1,"ts":150}' >closed.ndjson
run perf-aggregate -w 1m --now 1000 closed.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-aggregate: closed.ndjson:3: late point: its window [120, 180) was already closed (--lateness 0)
perf-aggregate: 1 line rejected
EOF
[ "$(jq -r .start "$WORK/stdout" | tr '\n' ' ')" = "60 300 " ] || fail "windows emitted: $(jq -r .start "$WORK/stdout" | tr '\n' ' ')"
end

begin "perf-alert rejects an aggregate of the year 9999, and the next aggregate still resolves the alert"
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' \
    '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":"9999-12-31T23:59:59Z","count":1,"mean":5}' \
    '{"kind":"aggregate","name":"a","tags":{},"start":60,"end":120,"count":1,"mean":0}' >aggregates.ndjson
run perf-alert -t 'a:mean > 1' --now 600 --rejects rejects.ndjson aggregates.ndjson
expect_status 0
expect_stderr <<'EOF'
perf-alert: aggregates.ndjson:2: far-future record: "end" is after 1970-01-01T01:10:00Z (now plus --max-future)
perf-alert: 1 line rejected
EOF
jq -r 'select(.kind == "alert") | "\(.state) \(.triggered_at) \(.resolved_at)"' "$WORK/stdout" >got
expect_file got <<'EOF'
firing 60 null
resolved 60 120
EOF
sed -n 2p aggregates.ndjson >want
compare rejects rejects.ndjson <want
end

begin "--now that is neither RFC 3339 nor a number is a usage error"
run perf-aggregate --now yesterday points.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --now: "yesterday" is not an RFC 3339 time or epoch seconds
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

finish
