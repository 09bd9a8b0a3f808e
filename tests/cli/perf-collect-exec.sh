# perf-collect exec: timed runs of a command (like hyperfine) and
# --import-hyperfine.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "exec -n 3 writes duration, CPU and max RSS per run, tagged with the command and status"
run perf-collect exec -n 3 --warmup 1 -- sleep 0.05
expect_status 0
expect_stdout_matches jq -e -s '
  map(.name) == ([range(3)] | map("exec.duration", "exec.user_cpu", "exec.sys_cpu", "exec.max_rss_bytes"))'
expect_each '.[]' '.tags == {"command": "sleep", "status": "0"}'
expect_each '.[] | select(.name == "exec.duration")' '.value >= 0.05 and .unit == "s" and .type == "timer"'
expect_each '.[] | select(.name == "exec.max_rss_bytes")' '.value > 0 and .unit == "bytes"'
expect_count 6 '.[] | select(.name | test("_cpu$"))'
expect_each '.[] | select(.name | test("_cpu$"))' '.value >= 0'
expect_stderr_empty
end

begin "--prepare runs before every run, untimed, and --name sets the command tag"
run perf-collect exec -n 2 --prepare 'echo x >>prepared' --name writer -- sh -c 'test -s prepared'
expect_status 0
expect_count 8 '.[]'
expect_each '.[]' '.tags.command == "writer"'
printf 'x\nx\n' | expect_file prepared
end

begin "a failing run is written and ends collection with exit status 1"
run perf-collect exec -n 5 -- sh -c 'exit 3'
expect_status 1
expect_count 4 '.[]'
expect_each '.[]' '.tags.status == "3"'
expect_stderr <<'EOF2'
perf-collect: run 1 of sh failed (status 3)
EOF2
end

begin "--ignore-failure keeps going and exits 0"
run perf-collect exec -n 2 --ignore-failure -- false
expect_status 0
expect_count 8 '.[]'
expect_each '.[]' '.tags == {"command": "false", "status": "1"}'
end

begin "the command's output does not reach the point stream"
run perf-collect exec -n 1 -- echo '{"name":"fake","value":1}'
expect_status 0
expect_count 4 '.[]'
expect_each '.[]' '.name != "fake"'
end

begin "--import-hyperfine reads hyperfine's JSON export into the same points"
run perf-collect exec --import-hyperfine "$DATA/perf-collect/hyperfine.json"
expect_status 0
mv stdout points.ndjson
jq -c 'del(.ts)' points.ndjson >stdout
expect_stdout <<'EOF2'
{"name":"exec.duration","value":0.2031,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.max_rss_bytes","value":1912832,"unit":"bytes","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.duration","value":0.2125,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.max_rss_bytes","value":1916928,"unit":"bytes","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.duration","value":0.2125,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.max_rss_bytes","value":1912832,"unit":"bytes","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.duration","value":0.2251,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.max_rss_bytes","value":1921024,"unit":"bytes","tags":{"command":"gzip -k -f big.log","status":"0"}}
{"name":"exec.user_cpu","value":0.19675,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log"}}
{"name":"exec.sys_cpu","value":0.01525,"type":"timer","unit":"s","tags":{"command":"gzip -k -f big.log"}}
{"name":"exec.duration","value":0.0385,"type":"timer","unit":"s","tags":{"command":"zstd -f big.log","status":"0"}}
{"name":"exec.duration","value":0.04,"type":"timer","unit":"s","tags":{"command":"zstd -f big.log","status":"0"}}
{"name":"exec.duration","value":0.043,"type":"timer","unit":"s","tags":{"command":"zstd -f big.log","status":"1"}}
{"name":"exec.user_cpu","value":0.031,"type":"timer","unit":"s","tags":{"command":"zstd -f big.log"}}
{"name":"exec.sys_cpu","value":0.0085,"type":"timer","unit":"s","tags":{"command":"zstd -f big.log"}}
EOF2
expect_stderr_empty
end

begin "exec without a command is a usage error"
run perf-collect exec -n 2
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: no command to run (perf-collect exec -- CMD ARGS...)
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
