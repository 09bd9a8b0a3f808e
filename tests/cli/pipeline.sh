#!/bin/sh
# The five programs in one pipe, as the README and scripts/demo run them on
# the bundled sample: every stage exits 0 and the terminal report is the
# one pinned in tests/data/pipeline/ (the README shows its head).  Each
# stage's own behaviour is tested in its own files; this one catches a
# stage whose output the next stage no longer reads.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
SAMPLE="$PERFPIPE_SOURCE/tests/data/samples/requests.ndjson"
P="$DATA/pipeline"

# stage NAME COMMAND...: runs COMMAND and keeps its exit status in NAME.status
cat >stage <<'SH'
name=$1
shift
"$@"
echo $? >"$name.status"
SH

begin "perf-collect | perf-aggregate | perf-analyze | perf-alert | perf-report renders the sample's report"
run sh -c 'sh stage collect perf-collect log --format jsonl "$1" |
    sh stage aggregate perf-aggregate --window 1m --by pool --accuracy 0.01 |
    sh stage analyze perf-analyze |
    sh stage alert perf-alert -t "request.duration:p99 > 1000 @warning" |
    sh stage report perf-report --format text --width 80
    cat collect.status aggregate.status analyze.status alert.status report.status >&2' sh "$SAMPLE"
expect_status 0
expect_stdout <"$P/requests.txt"
expect_stderr <<'OUT'
0
0
0
0
0
OUT
end

finish
