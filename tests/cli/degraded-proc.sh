# perf-collect's degraded mode for /proc (issue 8, item 6): a source that
# is missing, from the start or gone during the run, drops only its own
# metrics with one warning, and sampling goes on with the others.  --proc
# DIR points system and process at a fixture instead of /proc.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

FIXTURE="$DATA/perf-collect"

# The names of the last sample in FILE (from its last scheduler point on).
last_sample() {
	jq -r .name "$1" | awk '/^system.scheduler_utilization$/ { n = 0 } { names[n++] = $0 }
	    END { for (i = 0; i < n; i++) print names[i] }'
}

begin "system goes on without a /proc file removed during the run, warning once"
cp -R "$FIXTURE/proc" proc
perf-collect system --proc proc -i 0.1 >sampled 2>errors &
sampler=$!
wait_lines 22 sampled
rm proc/loadavg
lines=$(wc -l <sampled)
wait_lines $((lines + 30)) sampled
kill -TERM "$sampler"
wait "$sampler"
status=$?
expect_status 0
last_sample sampled >names
expect_file names <<'EOF'
system.scheduler_utilization
system.memory_utilization
system.swap_utilization
system.procs_running
system.procs_blocked
system.context_switches
system.forks
EOF
expect_file errors <<'EOF'
perf-collect: proc/diskstats: No such file or directory; its metrics are skipped
perf-collect: proc/net/dev: No such file or directory; its metrics are skipped
perf-collect: proc/pressure/cpu: No such file or directory; its metrics are skipped
perf-collect: proc/loadavg: No such file or directory; its metrics are skipped
EOF
end

begin "process without /proc/PID/io and fd/ writes the other metrics and warns once per file"
mkdir -p fake/4242
printf '4242 (worker) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 3 0 100 1000000 500 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n' >fake/4242/stat
printf 'Name:\tworker\nVmRSS:\t    2048 kB\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t5\n' >fake/4242/status
run perf-collect process --proc fake -p 4242 -i 0.01 -n 2
expect_status 0
jq -c 'del(.ts)' stdout >points
expect_file points <<'EOF'
{"name":"process.cpu_utilization","value":0,"unit":"ratio","tags":{"comm":"worker","pid":"4242"}}
{"name":"process.rss_bytes","value":2097152,"unit":"bytes","tags":{"comm":"worker","pid":"4242"}}
{"name":"process.threads","value":3,"tags":{"comm":"worker","pid":"4242"}}
{"name":"process.context_switches","value":0,"unit":"1/s","tags":{"comm":"worker","pid":"4242"}}
{"name":"process.cpu_utilization","value":0,"unit":"ratio","tags":{"comm":"worker","pid":"4242"}}
{"name":"process.rss_bytes","value":2097152,"unit":"bytes","tags":{"comm":"worker","pid":"4242"}}
{"name":"process.threads","value":3,"tags":{"comm":"worker","pid":"4242"}}
{"name":"process.context_switches","value":0,"unit":"1/s","tags":{"comm":"worker","pid":"4242"}}
EOF
expect_stderr <<'EOF'
perf-collect: fake/4242/io: No such file or directory; its metrics are skipped
perf-collect: fake/4242/fd: No such file or directory; its metrics are skipped
EOF
end

begin "process --match looks for processes in the --proc directory"
printf 'worker\0--serve\0' >fake/4242/cmdline
run perf-collect process --proc fake --match '^worker --serve$' -i 0.01 -n 1
expect_status 0
jq -r '.tags.pid' stdout | sort -u >pids
expect_file pids <<'EOF'
4242
EOF
end

finish
