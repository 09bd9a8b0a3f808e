# An endless stream in flat memory (issue 8, item 4): 50 million points,
# generated on the fly by tests/cli/helpers/gen_points.c, through
# perf-aggregate --accuracy 0.01 --window 1m.  The peak resident size
# (max_rss_bytes of --self-metrics) stays under 64 MiB and does not grow
# from 5 million points to 50 million.  About 20 s of CPU: skipped in the
# sanitizer build (PERFPIPE_SANITIZED, set by tests/cli/meson.build), where
# it would take minutes.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

if [ -n "$PERFPIPE_SANITIZED" ]; then
	skip "the endless stream runs in the normal build only (PERFPIPE_SANITIZED)"
fi
GEN=$PERFPIPE_GEN_POINTS
export GEN

# The self metrics of one run over N points from 10 hosts.
measure() {
	"$GEN" "$1" 10 | perf-aggregate --accuracy 0.01 --window 1m --self-metrics |
	    jq -c 'select(.name | startswith("perfpipe."))' >"metrics-$1"
}
value() { jq -r "select(.name == \"perfpipe.aggregate.$2\") | .value" "metrics-$1"; }

begin "5 million then 50 million points aggregate with every point counted"
measure 5000000
measure 50000000
run sh -c 'for n in 5000000 50000000; do
	jq -r "select(.name | test(\"records_|rejected|late|series\")) | \"\(.name) \(.value)\"" metrics-$n
done'
expect_status 0
expect_stdout <<'EOF'
perfpipe.aggregate.records_in 5000000
perfpipe.aggregate.records_out 840
perfpipe.aggregate.rejected 0
perfpipe.aggregate.late 0
perfpipe.aggregate.series 11
perfpipe.aggregate.records_in 50000000
perfpipe.aggregate.records_out 8340
perfpipe.aggregate.rejected 0
perfpipe.aggregate.late 0
perfpipe.aggregate.series 11
EOF
end

begin "the peak resident size stays under 64 MiB and does not grow from 5M to 50M points"
small=$(value 5000000 max_rss_bytes)
large=$(value 50000000 max_rss_bytes)
echo "# max_rss_bytes: $small after 5M points, $large after 50M"
[ "$large" -lt $((64 * 1024 * 1024)) ] || fail "max_rss_bytes $large is not below 64 MiB"
[ "$large" -le $((small + 2 * 1024 * 1024)) ] ||
    fail "max_rss_bytes grew from $small (5M points) to $large (50M points)"
end

finish
