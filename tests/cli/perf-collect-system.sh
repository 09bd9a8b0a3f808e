# perf-collect system: host metrics from /proc, checked for shape and range
# on the live /proc and exactly on a fixture /proc.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

FIXTURE="$DATA/perf-collect"

begin "system -n 2 writes two samples of CPU and memory utilization between 0 and 1"
run perf-collect system -i 0.05 -n 2
expect_status 0
expect_count 2 '.[] | select(.name == "system.cpu_utilization")'
expect_count 2 '.[] | select(.name == "system.memory_utilization")'
expect_each '.[] | select(.name | test("utilization$")) | select(.name != "system.scheduler_utilization")' \
    '.value >= 0 and .value <= 1 and .unit == "ratio"'
expect_each '.[]' '(.ts | type) == "number" and .ts > 1700000000'
expect_stderr_empty
end

begin "system --per-cpu adds one cpu_utilization point per CPU, tagged cpu"
run perf-collect system -i 0.05 -n 1 --per-cpu
expect_status 0
expect_stdout_matches jq -e -s --argjson cpus "$(grep -c '^cpu[0-9]' /proc/stat)" '
  [.[] | select(.name == "system.cpu_utilization" and .tags.cpu != null)] | length == $cpus'
end

begin "system --tag adds the tag to every point"
run perf-collect system -i 0.05 -n 1 --tag host=web-1
expect_status 0
expect_each '.[]' '.tags.host == "web-1"'
end

begin "system rates are per second and never negative"
run perf-collect system -i 0.05 -n 2
expect_status 0
expect_count 4 '.[] | select(.name == "system.context_switches" or .name == "system.forks")'
expect_each '.[] | select(.name == "system.context_switches" or .name == "system.forks")' \
    '.value >= 0 and .unit == "1/s"'
end

begin "system on a fixture /proc writes its levels exactly and warns once per missing file"
run sh -c 'cd "$1" && perf-collect system --proc proc -i 0.01 -n 2 | jq -c "del(.ts)"' sh "$FIXTURE"
expect_status 0
expect_stdout <<'EOF2'
{"name":"system.scheduler_utilization","value":1.5}
{"name":"system.memory_utilization","value":0.25,"unit":"ratio"}
{"name":"system.swap_utilization","value":0.25,"unit":"ratio"}
{"name":"system.load1","value":0.52}
{"name":"system.load5","value":0.61}
{"name":"system.load15","value":0.7}
{"name":"system.process_count","value":412}
{"name":"system.procs_running","value":3}
{"name":"system.procs_blocked","value":1}
{"name":"system.context_switches","value":0,"unit":"1/s"}
{"name":"system.forks","value":0,"unit":"1/s"}
{"name":"system.scheduler_utilization","value":1.5}
{"name":"system.memory_utilization","value":0.25,"unit":"ratio"}
{"name":"system.swap_utilization","value":0.25,"unit":"ratio"}
{"name":"system.load1","value":0.52}
{"name":"system.load5","value":0.61}
{"name":"system.load15","value":0.7}
{"name":"system.process_count","value":412}
{"name":"system.procs_running","value":3}
{"name":"system.procs_blocked","value":1}
{"name":"system.context_switches","value":0,"unit":"1/s"}
{"name":"system.forks","value":0,"unit":"1/s"}
EOF2
expect_stderr <<'EOF2'
perf-collect: proc/diskstats: No such file or directory; its metrics are skipped
perf-collect: proc/net/dev: No such file or directory; its metrics are skipped
perf-collect: proc/pressure/cpu: No such file or directory; its metrics are skipped
EOF2
end

begin "system -n 0 is a usage error"
run perf-collect system -n 0
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --count: 0 is below the minimum 1
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "system -i with a bad duration is a usage error"
run perf-collect system -i soon
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --interval: "soon": expected a number at "soon"
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "system takes no operands: one is a usage error"
run perf-collect system extra
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: unexpected argument "extra"
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "an unknown subcommand is a usage error"
run perf-collect sistem
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: unknown subcommand "sistem"
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
