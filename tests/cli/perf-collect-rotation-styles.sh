#!/bin/sh
# perf-collect log --state across the rotation styles that lost lines
# silently: two rotations between runs, a rotated file gzipped
# (logrotate's compress), logrotate's olddir (--rotated-glob), and rotated
# files that begin alike (colliding fingerprints).  Each run's values are
# compared with the values written since the last run, in order.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

point() { printf '{"name":"l","value":%s}\n' "$1"; }
values() { jq -r .value "$@" | tr '\n' ' '; }
# at FILE SECONDS: sets FILE's modification time to SECONDS from now, so
# that the order of rotations is certain within one second of test
at() { touch -d "@$(($(date +%s) + $2))" "$1"; }

begin "two rotations between runs: the rest of the first file, all of the second, then the new one"
mkdir two && cd two
for i in 1 2 3; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
for i in 4 5; do point "$i" >>app.log; done
mv app.log app.log.1 && at app.log.1 10
for i in 6 7; do point "$i" >>app.log; done
mv app.log.1 app.log.2 && mv app.log app.log.1 && at app.log.1 20
point 8 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "4 5 6 7 8 " ] || fail "values read: $(cat got), expected 4 5 6 7 8"
cd "$WORK"
end

begin "a rotated file gzipped before the next run (FILE.1.gz) is found by its fingerprint and read from the offset"
mkdir gz && cd gz
for i in 1 2 3; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
for i in 4 5; do point "$i" >>app.log; done
mv app.log app.log.1 && gzip app.log.1
point 6 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "4 5 6 " ] || fail "values read: $(cat got), expected 4 5 6"
cd "$WORK"
end

begin "two rotations, both gzipped (FILE.2.gz, FILE.1.gz)"
mkdir gz2 && cd gz2
for i in 1 2; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
point 3 >>app.log
mv app.log app.log.1 && point 4 >>app.log
mv app.log.1 app.log.2 && gzip app.log.2 && at app.log.2.gz 10
mv app.log app.log.1 && gzip app.log.1 && at app.log.1.gz 20
point 5 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "3 4 5 " ] || fail "values read: $(cat got), expected 3 4 5"
cd "$WORK"
end

begin "logrotate's olddir: found with --rotated-glob; without it, a warning says from which byte the lines were lost (exit 3)"
mkdir olddir && cd olddir && mkdir old
for i in 1 2; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
cp state.json state.copy
point 3 >>app.log
mv app.log old/app.log.1
point 4 >>app.log
run perf-collect log --state state.json --rotated-glob 'old/app.log*' app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "3 4 " ] || fail "values read: $(cat got), expected 3 4"
cp state.copy state.json
run perf-collect log --state state.json app.log
expect_status 3
expect_stderr <<'EOF'
perf-collect: app.log: the file read up to byte 46 was rotated away and is not among app.log.*, app.log-*: what was written to it after byte 46 is lost
EOF
values "$WORK/stdout" >got
[ "$(cat got)" = "4 " ] || fail "values read: $(cat got), expected 4"
cd "$WORK"
end

begin "rotated files that begin alike (colliding fingerprints): the older is the one read from the offset, the newer is read whole"
mkdir collide && cd collide
header() { point 0; point 0; }
header >>app.log && point 1 >>app.log
perf-collect log --state state.json app.log >/dev/null
point 2 >>app.log
mv app.log app.log.1
header >>app.log && point 3 >>app.log
mv app.log.1 app.log.2 && gzip app.log.2 && at app.log.2.gz 10
mv app.log app.log.1 && gzip app.log.1 && at app.log.1.gz 20
header >>app.log && point 4 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "2 0 0 3 0 0 4 " ] || fail "values read: $(cat got), expected 2 0 0 3 0 0 4"
cd "$WORK"
end

begin "copytruncate: the lines of the copy after the offset, then the truncated file from its start"
mkdir copy && cd copy
for i in 1 2; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
point 3 >>app.log
cp app.log app.log.1 && : >app.log
point 4 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
expect_stderr_empty
values "$WORK/stdout" >got
[ "$(cat got)" = "3 4 " ] || fail "values read: $(cat got), expected 3 4"
cd "$WORK"
end

begin "copytruncate without a copy still reads the truncated file again from its start"
mkdir copy2 && cd copy2
for i in 1 2; do point "$i" >>app.log; done
perf-collect log --state state.json app.log >/dev/null
: >app.log
point 3 >>app.log
run perf-collect log --state state.json app.log
expect_status 0
values "$WORK/stdout" >got
[ "$(cat got)" = "3 " ] || fail "values read: $(cat got), expected 3"
cd "$WORK"
end

finish
