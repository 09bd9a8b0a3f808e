# perf-collect process: per-process metrics from /proc/PID (-p, --pid-file,
# --match, or a command started here).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "process -p samples a running process: rss, threads, fds, rates, tagged pid and comm"
sleep 30 &
sleeper=$!
run perf-collect process -p "$sleeper" -i 0.1 -n 2
expect_status 0
expect_count 2 '.[] | select(.name == "process.rss_bytes")'
expect_each '.[]' '.tags == {"comm": "sleep", "pid": $pid}' --arg pid "$sleeper"
expect_each '.[] | select(.name == "process.cpu_utilization")' '.value >= 0 and .unit == "ratio"'
expect_each '.[] | select(.name == "process.rss_bytes")' '.value > 0 and .unit == "bytes"'
expect_each '.[] | select(.name == "process.threads")' '.value == 1'
expect_each '.[] | select(.name == "process.context_switches")' '.value >= 0 and .unit == "1/s"'
expect_stderr_empty
end

begin "--pid-file reads the pid, and --match finds processes by command line"
echo "$sleeper" >sleeper.pid
run perf-collect process --pid-file sleeper.pid -i 0.1 -n 1
expect_status 0
expect_each '.[]' '.tags.pid == $pid' --arg pid "$sleeper"
run perf-collect process --match '^sleep 30$' -i 0.1 -n 1
expect_status 0
expect_stdout_matches jq -e -s --arg pid "$sleeper" '[.[].tags.pid] | unique | index($pid) != null'
end

begin "a process that exits ends its series and the run"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
# The process lives until the collector has sampled it once, then exits:
# a fixed short lifetime raced a slow start (sanitizers, a loaded machine).
sleep 60 &
short=$!
timeout 20 perf-collect process -p "$short" -i 0.1 >"$WORK/stdout" 2>"$WORK/stderr" </dev/null &
collector=$!
tries=0
while ! grep -q '"process.rss_bytes"' "$WORK/stdout" && [ "$tries" -lt 400 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
kill "$short"
wait "$short" 2>/dev/null
wait "$collector"
status=$?
after=$(date +%s.%N)
expect_status 0
expect_stderr_empty
# It sampled the process while it ran (rss at least once), then stopped:
# no point after the process was gone, and no hang (timeout exits 124).
expect_each '.[] | select(.name == "process.rss_bytes")' '.tags.pid == $pid' --arg pid "$short"
expect_each '.[]' '.tags.pid == $pid and .ts <= $after' --arg pid "$short" --argjson after "$after"
end

begin "process -- CMD samples the command until it exits and exits with its status"
run perf-collect process -i 0.05 -- sh -c 'sleep 0.5; echo done; exit 4'
expect_status 4
expect_each '.[]' '.tags.comm == "sh" or .tags.comm == "sleep"'
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
