# perf-analyze --capacity takes its limit in units, as perf-alert's
# thresholds do (issue 16): 1.5MiB against a series in bytes, 0.25s against
# one in us, 50% against a ratio; each forecast agrees with scipy's over
# the limit converted by hand, and a unit that does not fit the series is
# a configuration error naming both (exit 2) before any finding.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need /usr/bin/python3 python3-scipy
/usr/bin/python3 -c 'import scipy' 2>/dev/null || skip "python3-scipy"

REFERENCE="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/scipy_reference.py"
perf-aggregate --window 1m "$PERFPIPE_SOURCE/tests/data/units/points.ndjson" >aggregates.ndjson

begin "--capacity limits in MiB, s and % are converted to each series' unit and agree with scipy"
# the limits by hand: 1.5 x 1048576 bytes, 0.25 s = 250000 us, 50% = 0.5
$REFERENCE crossing aggregates.ndjson 600 "memory.rss<1572864" "request.latency<250000" \
	"pool.utilization>0.5" >reference
run sh -c 'perf-analyze --only forecast --horizon 10m --capacity "memory.rss<1.5MiB" \
	--capacity "request.latency<0.25s" --capacity "pool.utilization>50%" aggregates.ndjson |
	grep "\"kind\":\"finding\""'
expect_status 0
expect_stderr_empty
expect_count 3 '.[] | select(.type == "forecast" and .limit != null)'
expect_count 2 '.[] | select(.type == "forecast" and .crosses_at != null)'
expect_agrees_with reference 0
end

begin "the limit a person reads is in the series' unit"
expect_some '.[] | select(.name == "request.latency") | .message' 'test("already above its limit 250 ms")'
end

begin "a --capacity in a unit that does not fit the series stops before any finding, exit 2"
run perf-analyze --only forecast --capacity "memory.rss<300ms" -o findings.ndjson aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-analyze: --capacity 'memory.rss<300ms': memory.rss mean: 300ms (a duration) does not fit bytes (a size)
EOF
[ "$(grep -c '"kind":"finding"' findings.ndjson)" = 0 ] || fail "a finding was written"
end

begin "an unknown unit in --capacity is a usage error naming it"
run perf-analyze --capacity "memory.rss<1.5Mb" aggregates.ndjson
expect_status 2
expect_stderr <<'EOF'
perf-analyze: --capacity 'memory.rss<1.5Mb': "1.5Mb": unknown unit "Mb" (known: ns, us, ms, s, min, h; B, kB, MB, GB, KiB, MiB, GiB; %, ratio; and any of them per s, min or h, as MB/s or /s)
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
EOF
expect_stdout_empty
end

finish
