# perf-collect process: per-process metrics from /proc/PID (-p, --pid-file,
# --match, or a command started here).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "process -p samples a running process: rss, threads, fds, rates, tagged pid and comm"
sleep 30 &
sleeper=$!
run perf-collect process -p "$sleeper" -i 0.1 -n 2
expect_status 0
expect_stdout_matches jq -e -s --arg pid "$sleeper" '
  ([.[] | select(.name == "process.rss_bytes")] | length == 2) and
  all(.[]; .tags == {"comm": "sleep", "pid": $pid}) and
  all(.[] | select(.name == "process.cpu_utilization"); .value >= 0 and .unit == "ratio") and
  all(.[] | select(.name == "process.rss_bytes"); .value > 0 and .unit == "bytes") and
  all(.[] | select(.name == "process.threads"); .value == 1) and
  all(.[] | select(.name == "process.context_switches"); .value >= 0 and .unit == "1/s")'
expect_stderr_empty
end

begin "--pid-file reads the pid, and --match finds processes by command line"
echo "$sleeper" >sleeper.pid
run perf-collect process --pid-file sleeper.pid -i 0.1 -n 1
expect_status 0
expect_stdout_matches jq -e -s --arg pid "$sleeper" 'length > 0 and all(.[]; .tags.pid == $pid)'
run perf-collect process --match '^sleep 30$' -i 0.1 -n 1
expect_status 0
expect_stdout_matches jq -e -s --arg pid "$sleeper" '[.[].tags.pid] | unique | index($pid) != null'
end

begin "a process that exits ends its series and the run"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
sleep 0.2 &
short=$!
run perf-collect process -p "$short" -i 0.1
expect_status 0
expect_stderr_empty
end

begin "process -- CMD samples the command until it exits and exits with its status"
run perf-collect process -i 0.05 -- sh -c 'sleep 0.5; echo done; exit 4'
expect_status 4
expect_stdout_matches jq -e -s 'length > 0 and all(.[]; .tags.comm == "sh" or .tags.comm == "sleep")'
expect_stderr <<'EOF2'
done
EOF2
end

begin "process with nothing to watch is a usage error"
run perf-collect process -n 1
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: give one of -p, --pid-file, --match or -- CMD
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "a bad pid list is a usage error"
run perf-collect process -p 12,abc
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --pid: "12,abc" is not a list of process ids
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
