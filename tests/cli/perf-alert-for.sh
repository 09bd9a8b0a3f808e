# perf-alert's "for" and "keep_firing_for" against Prometheus's, one case
# per edge (perf-alert(1), FOR AND KEEP_FIRING_FOR): exactly at "for", a
# gap in the data, a resolve followed by a re-fire, keep_firing_for.  Time
# is the aggregates' "end" (event time); each case lists the alert records
# as [state, triggered_at, resolved_at] (a pending record's triggered_at is
# the time the condition began to hold: Prometheus's activeAt), worked out
# by hand from the rule
# (Prometheus fires when eval_time - active_at >= for, and resolves a
# firing alert once it has been clear for keep_firing_for).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq

# agg END MEAN: a one-minute aggregate of m ending at END.
agg() {
	printf '{"kind":"aggregate","name":"m","start":%d,"end":%d,"window":{"type":"tumbling","size":60},"count":1,"mean":%s}\n' \
	    $(($1 - 60)) "$1" "$2"
}
# rules FOR KEEP: one rule, mean > 5, with those durations.
rules() {
	printf '{"rules":[{"name":"hot","metric":"m","stat":"mean","op":">","threshold":5,"for":"%s","keep_firing_for":"%s","severity":"warning"}]}\n' \
	    "$1" "$2" >rules.json
}
alerts() {
	perf-alert -r rules.json "$1" |
	    jq -c 'select(.kind == "alert") | [.state, .triggered_at, .resolved_at]'
}

begin "exactly at for: held at 60, 120 and 180 with for 2m, it fires at 180 (180 - 60 = 2m), not at 120"
rules 2m 0s
{ agg 60 9; agg 120 9; agg 180 9; agg 240 1; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["pending",60,null]
["firing",180,null]
["resolved",180,240]
EOF
end

begin "one step short of for: held at 60 and 120 only, it never fires and leaves no record of going back"
{ agg 60 9; agg 120 9; agg 180 1; agg 240 9; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["pending",60,null]
["pending",240,null]
EOF
end

# Prometheus evaluates on its clock: a series absent at an evaluation
# drops its pending alert.  perf-alert evaluates when data arrives: a gap
# is no evaluation, neither holding nor clear.
begin "a gap in the data: pending at 60, nothing until 300, held at 300: it fires at 300 (the gap does not reset the pending time)"
{ agg 60 9; agg 300 9; agg 360 1; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["pending",60,null]
["firing",300,null]
["resolved",300,360]
EOF
end

begin "a gap while firing resolves nothing: the alert resolves at the first clear point after it"
rules 0s 0s
{ agg 60 9; agg 600 1; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["firing",60,null]
["resolved",60,600]
EOF
end

begin "resolve then re-fire: the same alert fires again with a new triggered_at, and with for it waits the whole for again"
rules 0s 0s
{ agg 60 9; agg 120 1; agg 180 9; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["firing",60,null]
["resolved",60,120]
["firing",180,null]
EOF
perf-alert -r rules.json a.ndjson | jq -r 'select(.kind == "alert") | .id' | sort -u | wc -l >ids
[ "$(cat ids)" -eq 1 ] || fail "the re-fire has another id"
rules 2m 0s
{ agg 60 9; agg 120 9; agg 180 9; agg 240 1; agg 300 9; agg 360 9; agg 420 9; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["pending",60,null]
["firing",180,null]
["resolved",180,240]
["pending",300,null]
["firing",420,null]
EOF
end

begin "keep_firing_for 2m: clear at 120, 180 and 240, it resolves at 240 (240 - 120 = 2m); holding again inside it starts the count afresh"
rules 0s 2m
{ agg 60 9; agg 120 1; agg 180 1; agg 240 1; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["firing",60,null]
["resolved",60,240]
EOF
{ agg 60 9; agg 120 1; agg 180 9; agg 240 1; agg 300 1; agg 360 1; } >a.ndjson
run alerts a.ndjson
expect_status 0
expect_stdout <<'EOF'
["firing",60,null]
["resolved",60,360]
EOF
end

finish
