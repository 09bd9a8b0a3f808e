# perf-collect log --state and --follow: every line exactly once across
# cron-style runs, rename-and-recreate rotation, truncation and lines
# still being written.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

point() { printf '{"name":"l","value":%s}\n' "$1"; }
values() { jq -r .value "$@" | tr '\n' ' '; }

begin "two cron-style runs with --state read each line once across a rotation"
for i in 1 2 3; do point "$i" >>app.log; done
run perf-collect log --state state.json app.log
expect_status 0
values stdout >first
for i in 4 5; do point "$i" >>app.log; done
mv app.log app.log.1
for i in 6 7; do point "$i" >>app.log; done
run perf-collect log --state state.json app.log
expect_status 0
values stdout >second
printf '1 2 3 ' | expect_file first
printf '4 5 6 7 ' | expect_file second
end

begin "a run with nothing new writes nothing, and the next one picks up where it stopped"
run perf-collect log --state state.json app.log
expect_status 0
expect_stdout_empty
point 8 >>app.log
run perf-collect log --state state.json app.log
values stdout >third
printf '8 ' | expect_file third
end

begin "a line still being written is left for the next run"
printf '{"name":"l",' >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stdout_empty
expect_stderr_empty
printf '"value":9}\n' >>app.log
run perf-collect log --state state.json app.log
values stdout >fourth
printf '9 ' | expect_file fourth
end

begin "a file truncated in place (copytruncate) is read again from its start"
: >app.log
point 10 >>app.log
run perf-collect log --state state.json app.log
values stdout >fifth
printf '10 ' | expect_file fifth
end

begin "the state file remembers device, inode, offset, line and a fingerprint"
run jq -c '.files["app.log"] | keys' state.json
expect_status 0
expect_stdout <<'EOF2'
["dev","fingerprint","fingerprint_length","ino","line","mtime","offset"]
EOF2
end

begin "rejected lines keep their line numbers across runs"
printf '%s\n' 'not json' >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr <<'EOF2'
perf-collect: app.log:2: malformed JSON: Invalid numeric literal at line 1, column 4
perf-collect: 1 line rejected
EOF2
end

begin "regression: a damaged state file is reported and reading starts afresh, safely"
point 1 >fresh.log
printf '%s\n' '{"files":{"fresh.log":{"dev":1,"ino":2,"offset":1e30,"fingerprint":"0","fingerprint_length":1e9}}}' >damaged.json
run perf-collect log --state damaged.json fresh.log
expect_status 0
values stdout >fresh
printf '1 ' | expect_file fresh
echo garbage >damaged.json
run perf-collect log --state damaged.json fresh.log
expect_status 0
expect_stderr <<'EOF2'
perf-collect: damaged.json: not a perf-collect state file; starting afresh
EOF2
end


begin "--follow reads appended lines, survives rename-and-recreate and truncation, never twice"
point 1 >f.log
perf-collect log --follow --state follow.json f.log >followed 2>follow-errors &
follower=$!
wait_lines 1 followed
point 2 >>f.log
printf '{"name":"l",' >>f.log
wait_lines 2 followed
printf '"value":3}\n' >>f.log
mv f.log f.log.1
point 4 >>f.log.1
point 5 >f.log
wait_lines 5 followed
: >f.log
point 6 >>f.log
wait_lines 6 followed
kill -TERM "$follower"
wait "$follower"
status=$?
expect_status 0
values followed >all
printf '1 2 3 4 5 6 ' | expect_file all
expect_file follow-errors </dev/null
end

begin "after --follow ends, --state continues exactly where it stopped"
point 7 >>f.log
run perf-collect log --state follow.json f.log
values stdout >rest
printf '7 ' | expect_file rest
end

finish
