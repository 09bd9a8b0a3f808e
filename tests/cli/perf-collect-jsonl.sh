# perf-collect log --format jsonl: points in, validated points out; bad
# lines rejected with their position, kept by --rejects, fatal with --strict.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "jsonl writes valid points with epoch ts, keeps extra fields and passes other kinds"
run perf-collect log --format jsonl "$DATA/perf-collect/points.ndjson"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"pool":"default"}}
{"name":"request.duration","value":8,"ts":1764060000.5,"type":"timer","unit":"ms","tags":{"pool":"batch"}}
{"name":"pool.capacity_utilization","value":0.5,"ts":1764060001,"host":"web-1"}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
expect_stderr_empty
end

begin "jsonl is the default format and reads standard input"
run_input "$DATA/perf-collect/points.ndjson" perf-collect log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"pool":"default"}}
{"name":"request.duration","value":8,"ts":1764060000.5,"type":"timer","unit":"ms","tags":{"pool":"batch"}}
{"name":"pool.capacity_utilization","value":0.5,"ts":1764060001,"host":"web-1"}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
end

begin "--tag adds a tag to points, wins over the point's own, and leaves other kinds alone"
run perf-collect log --tag pool=all --tag env=prod "$DATA/perf-collect/points.ndjson"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"env":"prod","pool":"all"}}
{"name":"request.duration","value":8,"ts":1764060000.5,"type":"timer","unit":"ms","tags":{"env":"prod","pool":"all"}}
{"name":"pool.capacity_utilization","value":0.5,"ts":1764060001,"tags":{"env":"prod","pool":"all"},"host":"web-1"}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
end

begin "bad lines are rejected with file and line, kept verbatim by --rejects, and counted"
run perf-collect log --rejects rejects.txt "$DATA/perf-collect/bad-points.ndjson"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125}
{"name":"request.duration","value":6,"ts":1764060004}
EOF2
expect_stderr <<EOF2
perf-collect: $DATA/perf-collect/bad-points.ndjson:2: "value" is not a number
perf-collect: $DATA/perf-collect/bad-points.ndjson:3: malformed JSON: Unfinished JSON term at EOF at line 1, column 37
perf-collect: $DATA/perf-collect/bad-points.ndjson:4: malformed JSON: Invalid numeric literal at line 1, column 4
perf-collect: $DATA/perf-collect/bad-points.ndjson:5: "name" is missing
perf-collect: $DATA/perf-collect/bad-points.ndjson:6: "type" "sometimes" is unknown (gauge, counter, cumulative, timer, histogram or summary)
perf-collect: 5 lines rejected
EOF2
sed -n '2,6p' "$DATA/perf-collect/bad-points.ndjson" | expect_file rejects.txt
end

begin "--strict stops at the first bad line with exit status 3"
run perf-collect log --strict "$DATA/perf-collect/bad-points.ndjson"
expect_status 3
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125}
EOF2
expect_stderr <<EOF2
perf-collect: $DATA/perf-collect/bad-points.ndjson:2: "value" is not a number
perf-collect: 1 line rejected
EOF2
end

begin "a missing file is reported, the others are read, and the status is 3"
run perf-collect log missing.ndjson "$DATA/perf-collect/points.ndjson"
expect_status 3
expect_stderr <<'EOF2'
perf-collect: missing.ndjson: No such file or directory
EOF2
end

begin "gzip input is read transparently"
gzip -c "$DATA/perf-collect/points.ndjson" >points.ndjson.gz
run perf-collect log points.ndjson.gz
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":12.5,"ts":1764060000.125,"type":"timer","unit":"ms","tags":{"pool":"default"}}
{"name":"request.duration","value":8,"ts":1764060000.5,"type":"timer","unit":"ms","tags":{"pool":"batch"}}
{"name":"pool.capacity_utilization","value":0.5,"ts":1764060001,"host":"web-1"}
{"kind":"aggregate","name":"request.duration","count":3}
EOF2
end

begin "an unknown format is a usage error"
run perf-collect log --format yaml x
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --format: unknown format "yaml"
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "--tag without = is a usage error"
run perf-collect log --tag env
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --tag: "env" is not KEY=VALUE
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
