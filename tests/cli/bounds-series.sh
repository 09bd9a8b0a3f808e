# perf-aggregate --max-series (issue 8, item 4): a stream whose series
# explode (a tag with one value per point) stops with one clear line that
# names the guilty tag and exit status 3, long before the OOM killer.  The
# points come from tests/cli/helpers/gen_points.c, on the fly.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

GEN=$PERFPIPE_GEN_POINTS
# A smaller limit under the sanitizers, whose allocator is much slower.
if [ -n "$PERFPIPE_SANITIZED" ]; then LIMIT=10000; else LIMIT=100000; fi
export GEN LIMIT

begin "a million distinct series stop at --max-series, naming request_id"
run sh -c '"$GEN" 1000000 3 distinct | perf-aggregate --max-series "$LIMIT"'
expect_status 3
expect_stdout_empty
expect_stderr <<EOF
perf-aggregate: -:$((LIMIT + 1)): more than $LIMIT series; tag "request_id" has $((LIMIT + 1)) distinct values (use --by or drop it)
EOF
end

begin "the same stream grouped --by host stays within the limit"
run sh -c '"$GEN" 200000 3 distinct | perf-aggregate --by host --max-series 10 | jq -c "[.tags.host, .count]"'
expect_status 0
expect_stdout <<'EOF'
["h0",66667]
["h1",66667]
["h2",66666]
EOF
expect_stderr_empty
end

begin "windows already emitted stay written when the limit stops the run"
awk 'BEGIN { for (i = 0; i < 2000; i++)
	printf "{\"name\":\"load\",\"value\":1,\"ts\":1764000010,\"tags\":{\"request_id\":\"r%d\"}}\n", i }' >burst.ndjson
run sh -c '{ "$GEN" 3000 3; cat burst.ndjson; } | perf-aggregate --window 1s --max-series 1000 >out'
expect_status 3
expect_stderr <<'EOF'
perf-aggregate: -:4001: more than 1000 series; tag "request_id" has 1001 distinct values (use --by or drop it)
EOF
run jq -c '[.start, .tags.host, .count]' out
expect_stdout <<'EOF'
[1764000000,"h0",334]
[1764000000,"h1",333]
[1764000000,"h2",333]
[1764000001,"h0",333]
[1764000001,"h1",334]
[1764000001,"h2",333]
[1764000002,"h0",333]
[1764000002,"h1",333]
[1764000002,"h2",334]
EOF
end

begin "when metric names explode, the message counts the names"
awk 'BEGIN { for (i = 0; i < 20; i++) printf "{\"name\":\"m%d\",\"value\":1}\n", i }' >names.ndjson
run perf-aggregate --max-series 10 names.ndjson
expect_status 3
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: names.ndjson:11: more than 10 series; there are 11 distinct metric names
EOF
end

begin "--max-series 0 sets no limit"
run sh -c '"$GEN" 3000 3 distinct | perf-aggregate --max-series 0 | wc -l'
expect_status 0
expect_stdout <<'EOF'
3000
EOF
end

begin "--max-series must be a whole number"
run perf-aggregate --max-series 2.5 names.ndjson
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --max-series: "2.5" is not a whole number up to 1000000000000
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

finish
