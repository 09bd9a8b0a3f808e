#!/bin/sh
# Symbolic links planted in a shared directory (a sticky, world-writable
# one like /tmp) by another user: the programs run as an unprivileged
# user (nobody, through setpriv) and never write through a link that is
# not theirs.  perf-collect's state lock and perf-alert's are opened with
# O_NOFOLLOW, the state's temporary file (perf-collect's and perf-alert's)
# is made by mkstemp (a stale one from a killed run is removed, a planted
# link is left alone), a store day
# file that is someone else's link is refused, and perf-report -o onto a
# link writes the link's target, keeping its mode, and the link stays.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "planting links as another user needs root"
command -v setpriv >/dev/null 2>&1 || skip "setpriv not found (util-linux)"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}
as_nobody true 2>/dev/null || skip "cannot run as nobody here"
chmod 755 "$WORK"
mkdir shared && chmod 1777 shared
printf '%s\n' '{"name":"a","value":1,"ts":1}' >shared/app.log
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{},"start":0,"end":60,"count":1,"mean":5}' >shared/aggregate.ndjson
chmod 644 shared/app.log shared/aggregate.ndjson
# what the links point at: a file of nobody's, that an attack would spoil
as_nobody sh -c 'echo precious >shared/victim'

begin "perf-collect --state: a lock planted as a link is refused (exit 3), its target untouched"
ln -s victim shared/collect.state.lock
run as_nobody perf-collect log --state shared/collect.state shared/app.log
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: shared/collect.state.lock: cannot lock: Too many levels of symbolic links
EOF
[ "$(cat shared/victim)" = precious ] || fail "the link's target changed"
[ ! -e shared/collect.state ] || fail "a state was written"
rm shared/collect.state.lock
end

begin "perf-collect --state: a planted temporary-file link is left alone, a stale temporary file of a killed run is removed, the state is written by mkstemp"
ln -s victim shared/collect.state.tmp-AAAAAA
as_nobody sh -c ': >shared/collect.state.tmp-BBBBBB'
run as_nobody perf-collect log --state shared/collect.state shared/app.log
expect_status 0
expect_stdout <shared/app.log
expect_stderr_empty
[ "$(cat shared/victim)" = precious ] || fail "the link's target changed"
[ -L shared/collect.state.tmp-AAAAAA ] || fail "the planted link was removed or replaced"
[ ! -e shared/collect.state.tmp-BBBBBB ] || fail "the stale temporary file is still there"
[ "$(stat -c %U shared/collect.state)" = nobody ] || fail "the state is not nobody's"
[ "$(jq -r '.files["shared/app.log"].line' shared/collect.state)" = 1 ] || fail "the state is not the run's"
rm shared/collect.state.tmp-AAAAAA
end

begin "perf-alert --state: a lock planted as a link is refused (exit 3), its target untouched"
ln -s victim shared/alert.state.lock
run as_nobody perf-alert -t 'a:mean > 1' --state shared/alert.state shared/aggregate.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: shared/alert.state.lock: cannot lock: Too many levels of symbolic links
EOF
[ "$(cat shared/victim)" = precious ] || fail "the link's target changed"
end

begin "perf-alert --state: a planted temporary-file link is left alone, a stale temporary file of a killed run is removed, the state is written by mkstemp"
rm shared/alert.state.lock	# the link of the case before
ln -s victim shared/alert.state.tmp-AAAAAA
as_nobody sh -c ': >shared/alert.state.tmp-BBBBBB'
run as_nobody perf-alert -t 'a:mean > 1' --state shared/alert.state shared/aggregate.ndjson
expect_status 0
expect_stderr_empty
[ "$(jq -r 'select(.kind == "alert") | .state' "$WORK/stdout")" = firing ] || fail "no firing alert: $(cat "$WORK/stdout")"
[ "$(cat shared/victim)" = precious ] || fail "the link's target changed"
[ -L shared/alert.state.tmp-AAAAAA ] || fail "the planted link was removed or replaced"
[ ! -e shared/alert.state.tmp-BBBBBB ] || fail "the stale temporary file is still there"
[ "$(stat -c %U shared/alert.state)" = nobody ] || fail "the state is not nobody's"
[ "$(ls shared | grep -c '^alert\.state')" -eq 3 ] || fail "files beside the state: $(ls shared)"
rm shared/alert.state.tmp-AAAAAA
end

begin "perf-collect --store: a day file planted as another user's link is not appended to; the records wait and are counted"
mkdir shared/store && chmod 1777 shared/store
ln -s ../victim "shared/store/$(date -u +%F).ndjson"
ln -s ../victim "shared/store/$(date -u -d tomorrow +%F).ndjson"
run as_nobody perf-collect log --store shared/store shared/app.log
expect_status 3
expect_stdout <shared/app.log
expect_stderr <<EOF
perf-collect: --store: shared/store/$(date -u +%F).ndjson: Too many levels of symbolic links; holding up to 10000 records in memory and retrying
perf-collect: --store: shared/store: 1 held record not stored
EOF
[ "$(cat shared/victim)" = precious ] || fail "the link's target changed"
end

begin "perf-report -o onto a link writes the link's target (renamed in its directory, mode kept), and the link stays a link"
as_nobody sh -c 'mkdir shared/reports && echo old >shared/reports/report.txt && chmod 640 shared/reports/report.txt && ln -s reports/report.txt shared/latest.txt'
run as_nobody perf-report -o shared/latest.txt shared/aggregate.ndjson
expect_status 0
expect_stderr_empty
[ -L shared/latest.txt ] || fail "the link was replaced"
[ "$(stat -c '%a %U' shared/reports/report.txt)" = "640 nobody" ] ||
	fail "mode and owner not kept: $(stat -c '%a %U' shared/reports/report.txt)"
as_nobody perf-report shared/aggregate.ndjson >expected.txt
cmp -s expected.txt shared/reports/report.txt || fail "the target does not hold the report"
[ "$(ls shared/reports)" = report.txt ] || fail "files left beside the target: $(ls shared/reports)"
end

finish
