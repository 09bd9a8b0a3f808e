# perf-collect --store DIR and --retention: history in day files, safe for
# concurrent writers; perf-collect replay reads it back.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

POINTS="$DATA/perf-collect/points.ndjson"

begin "--store writes the output as usual and appends the same lines to today's file"
run perf-collect log --store history "$POINTS"
expect_status 0
cp stdout written
today=$(date -u +%Y-%m-%d)
expect_file "history/$today.ndjson" <written
run perf-collect log "$POINTS"
expect_file written <stdout
end

begin "replay reads the store back in order, and --until keeps what came before"
run perf-collect replay history
expect_status 0
expect_file stdout <written
run perf-collect replay history --until 1764060000.5
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"pool":"default"}}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
end

begin "replay --tag tags the points and leaves other records alone"
run perf-collect replay history --until 1764060000.5 --tag env=ci
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"env":"ci","pool":"default"}}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
end

begin "--since DURATION keeps recent records (and those without a time)"
run perf-collect system -i 0.01 -n 1 --store history -o /dev/null
run perf-collect replay history --since 1h
expect_status 0
expect_stdout_matches jq -e -s 'length > 1'
expect_each '.[]' '.kind == "aggregate" or (.name | startswith("system."))'
end

begin "concurrent writers never interleave their lines"
rm -rf shared
perf-collect log --format snakepit -o one.ndjson "$DATA/samples/snakepit-telemetry.ndjson"
for writer in 1 2 3 4; do
	perf-collect log --format snakepit --store shared -o /dev/null \
	    "$DATA/samples/snakepit-telemetry.ndjson" &
done
wait
run sh -c 'cat shared/*.ndjson | sort | uniq -c | sed "s/^ *//" | cut -d" " -f1 | sort -u'
expect_stdout <<'EOF2'
4
EOF2
run sh -c 'cat shared/*.ndjson | wc -l'
expect_stdout <<EOF2
$((4 * $(wc -l <one.ndjson)))
EOF2
end

begin "--retention deletes day files older than it, and only those"
: >"history/2020-01-01.ndjson"
: >"history/notes.txt"
run perf-collect log --store history --retention 30d /dev/null
expect_status 0
run sh -c 'ls history'
expect_stdout <<EOF2
$today.ndjson
notes.txt
EOF2
end

begin "replay of a missing store is an error"
run perf-collect replay nowhere
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: nowhere: cannot open the store
EOF2
end

finish
