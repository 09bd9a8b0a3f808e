# perf-alert --state: the lifecycle survives between runs, so cron-style
# runs over consecutive parts of a stream give exactly the alerts of one
# run over the whole stream; a corrupted or foreign state file is refused.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

RULES="$DATA/perf-alert/service-rules.json"
STREAM="$DATA/perf-alert/service.ndjson"
# The stream's windows 0-3, 4-7 and 8-11 (one-minute windows).
sed -n '1,24p' "$STREAM" >part1.ndjson
sed -n '25,44p' "$STREAM" >part2.ndjson
sed -n '45,67p' "$STREAM" >part3.ndjson

begin "three cron-style runs over consecutive parts give exactly the output of one run"
perf-alert -r "$RULES" "$STREAM" >whole.ndjson
run sh -c 'for part in part1 part2 part3; do
	perf-alert -r "$1" --state cron.state "$part.ndjson" || exit
done' sh "$RULES"
expect_status 0
compare stdout "$WORK/stdout" <whole.ndjson
expect_stderr_empty
end

begin "the alerts of those runs are the hand-checked alerts of the whole stream"
cp "$WORK/stdout" cron.ndjson
run grep '"kind":"alert"' cron.ndjson
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/service-alerts.ndjson"
end

begin "one run per window, twelve in all, gives the same alerts too"
rm -f cron.state
run sh -c 'for end in $(jq -r .end "$2" | sort -u); do
	jq -c "select(.end == $end)" "$2" >window.ndjson
	perf-alert -r "$1" --state cron.state window.ndjson || exit
done | grep "\"kind\":\"alert\""' sh "$RULES" "$STREAM"
expect_status 0
compare stdout "$WORK/stdout" <"$DATA/perf-alert/service-alerts.ndjson"
expect_stderr_empty
end

begin "the --fail-on-final gate of the last cron run sees what is still firing from earlier runs"
rm -f cron.state
perf-alert -r "$RULES" --state cron.state part1.ndjson >/dev/null
perf-alert -r "$RULES" --state cron.state part2.ndjson >/dev/null
run perf-alert -r "$RULES" --state cron.state --fail-on-final warning part3.ndjson
expect_status 1
expect_stderr <<'EOF'
perf-alert: firing at the end: 0 emergency, 0 critical, 1 warning, 0 info; --fail-on-final warning: failed
EOF
end

begin "a rule that is firing in the state stays firing without a new record when it still holds"
rm -f cron.state
printf '%s\n' '{"kind":"aggregate","name":"m","end":60,"mean":9}' >a.ndjson
printf '%s\n' '{"kind":"aggregate","name":"m","end":120,"mean":9}' >b.ndjson
perf-alert -t 'm:mean > 5' --state cron.state a.ndjson >/dev/null
run perf-alert -t 'm:mean > 5' --state cron.state --fail-on critical b.ndjson
expect_status 1
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":120,"mean":9}
EOF
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 1 critical, 0 warning, 0 info; --fail-on critical: failed
EOF
end

begin "the state is replaced atomically: no temporary file is left beside it"
run sh -c "ls cron.state*"
expect_status 0
expect_stdout <<'EOF'
cron.state
cron.state.lock
EOF
end

begin "a state file that is not JSON is refused, left untouched, with exit 3"
printf 'garbage\n' >broken.state
run perf-alert -r "$RULES" --state broken.state "$STREAM"
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: broken.state: refusing the state file: not JSON (Invalid numeric literal at line 2, column 0); it is left as it is (move it away to start afresh)
EOF
expect_file broken.state <<'EOF'
garbage
EOF
end

begin "a JSON file of another program is refused as foreign"
printf '{"rules":[]}\n' >foreign.state
run perf-alert -r "$RULES" --state foreign.state "$STREAM"
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: foreign.state: refusing the state file: not a perf-alert state file; it is left as it is (move it away to start afresh)
EOF
end

begin "a state file of another version is refused"
printf '{"perfpipe":"perf-alert-state","version":2}\n' >v2.state
run perf-alert -r "$RULES" --state v2.state "$STREAM"
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: v2.state: refusing the state file: a perf-alert state file of another version (this one reads version 1); it is left as it is (move it away to start afresh)
EOF
end

begin "a damaged series in the state is refused, naming the series and the field"
printf '%s\n' '{"perfpipe":"perf-alert-state","version":1,"clock":60,"closed_through":60,"series":[{"rule":"m:mean > 5","type":"threshold","name":"m","tags":{},"description":null,"state":"firing","active_since":60,"triggered_at":"soon"}]}' >damaged.state
run perf-alert -t 'm:mean > 5' --state damaged.state a.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: damaged.state: refusing the state file: series 1: "triggered_at" is missing or is not of type number; it is left as it is (move it away to start afresh)
EOF
end

begin "an empty state file is refused"
: >empty.state
run perf-alert -r "$RULES" --state empty.state "$STREAM"
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: empty.state: refusing the state file: the file is empty; it is left as it is (move it away to start afresh)
EOF
end

begin "the series of a rule that was removed are dropped from the state"
rm -f cron.state
perf-alert -t 'm:mean > 5' --state cron.state a.ndjson >/dev/null
run perf-alert -t 'm:mean > 100' --state cron.state --fail-on info b.ndjson
expect_status 0
expect_stdout <<'EOF'
{"kind":"aggregate","name":"m","end":120,"mean":9}
EOF
expect_stderr <<'EOF'
perf-alert: firing at any time: 0 emergency, 0 critical, 0 warning, 0 info; --fail-on info: passed
EOF
end

finish
