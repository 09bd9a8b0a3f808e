#!/bin/sh
# perf-report --format html: one self-contained page (no script, font or
# stylesheet fetched), the dashboard of the original design: alert level,
# metric cards, inline SVG charts, a card per pool, alerts, metrics,
# findings; every string from the stream escaped.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

# render_page ARGS...: runs perf-report and keeps its page for xpath.
render_page() {
	run perf-report "$@"
	cp "$WORK/stdout" "$WORK/page.html"
}

# xpath EXPRESSION: evaluates EXPRESSION on the page render_page kept.
xpath() {
	xmllint --xpath "$1" "$WORK/page.html"
}

begin "perf-report --format html renders the pipeline's stream as one page"
run perf-report --format html "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.html"
expect_stderr_empty
end

begin "perf-report -f html writes well-formed markup (XHTML-compatible HTML5)"
run perf-report -f html "$R/pipeline.ndjson"
expect_status 0
expect_stdout_matches xmllint --noout -
end

begin "perf-report -f html heads the page with the overall alert level"
render_page -f html "$R/pipeline.ndjson"
expect_status 0
run xpath 'string(//header/@class)'
expect_stdout <<'EOF2'
critical
EOF2
end

begin "perf-report -f html draws four metric cards: the last window (worst series, or summed rates) and the change since the first"
render_page -f html "$R/pipeline.ndjson"
run xpath '//div[@class="grid cards"]/div/h3/text() | //div[@class="grid cards"]/div/div/text()'
expect_stdout <<'EOF2'
Response time
31.6 ms
↓ 2% over the report
Throughput
13/s
↑ 62% over the report
Error rate
0.306%
↓ 21% over the report
CPU utilisation
82.3%
↑ 151% over the report
EOF2
end

begin "perf-report -f html draws every chart of the dashboard as inline SVG with a line per series"
render_page -f html "$R/pipeline.ndjson"
run xpath 'concat(count(//figure[@class="chart"]), " charts, ",
    count(//figure[@class="chart"]/*[local-name()="svg"]), " drawn, ",
    count(//figure[@class="chart"]//*[local-name()="polyline"]), " lines, ",
    count(//*[local-name()="svg" and @class="spark"]), " sparklines")'
expect_stdout <<'EOF2'
4 charts, 4 drawn, 11 lines, 10 sparklines
EOF2
end

begin "perf-report -f html gives each pool a card with its series"
render_page -f html "$R/pipeline.ndjson"
run xpath 'concat(count(//div[@class="card pool"]), " pools: ",
    //div[@class="card pool"][1]/h3, " has ", count(//div[@class="card pool"][1]//dt), " series")'
expect_stdout <<'EOF2'
2 pools: Pool a has 4 series
EOF2
end

begin "perf-report -f html fetches nothing and allows no script"
run perf-report -f html "$R/pipeline.ndjson"
expect_status 0
expect_no_line '<script|<link|src=|url\(|@import'
expect_stdout_matches grep -q "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""
end

begin "perf-report -f html --refresh 1m asks the browser to reload every 60 seconds"
render_page -f html --refresh 1m "$R/pipeline.ndjson"
expect_status 0
run xpath 'string(//meta[@http-equiv="refresh"]/@content)'
expect_stdout <<'EOF2'
60
EOF2
end

begin "perf-report -f html without --refresh has no reload"
run perf-report -f html "$R/pipeline.ndjson"
expect_no_line 'http-equiv="refresh"'
end

begin "perf-report refuses a --refresh that is not a duration with status 2"
run perf-report -f html --refresh soon "$R/pipeline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-report: --refresh: "soon": expected a number at "soon"
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF2
end

begin "perf-report -f html escapes hostile names, tags, messages and actions"
run perf-report -f html "$R/hostile.ndjson"
expect_status 0
expect_stdout <"$R/expected/hostile.html"
expect_stdout_matches xmllint --noout -
end

begin "perf-report -f html of hostile strings holds no element but its own"
render_page -f html "$R/hostile.ndjson"
run xpath 'count(//*[local-name()="script" or local-name()="img" or local-name()="a" or local-name()="b" or local-name()="u" or local-name()="i" and not(parent::span)] | //@*[starts-with(name(), "on")] | //@href)'
expect_stdout <<'EOF2'
0
EOF2
end

begin "perf-report -f html shows a hostile name as the text it is"
render_page -f html "$R/hostile.ndjson"
run xpath 'string(//section[@id="metrics"]/h3[1])'
expect_stdout <<'EOF2'
<script>alert(1)</script> (ms), windows of 10s, worst-window percentiles, trend of p99
EOF2
end

begin "perf-report -f html of an empty stream is a page with a normal level and no card or chart for what it lacks"
render_page -f html /dev/null
expect_status 0
run xpath 'concat(//header/@class, " ", count(//figure), " charts, ", count(//div[@class="card"]), " cards, ", count(//*[local-name()="svg"]), " svg, ", count(//header), " header")'
expect_stdout <<'EOF2'
normal 0 charts, 0 cards, 0 svg, 1 header
EOF2
end

finish
