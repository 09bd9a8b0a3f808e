#!/bin/sh
# perf-report --format influx, statsd and junit: the formats other
# systems read (InfluxDB line protocol, StatsD with DogStatsD tags, JUnit
# XML for CI), with their escaping rules.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"
XSD="$SHARED/conformance/junit/JUnit.xsd"

begin "perf-report --format influx writes one line per aggregate, stamped with its start in ns"
run perf-report --format influx "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.influx"
expect_stderr_empty
end

begin "perf-report -f influx escapes commas, equals signs and spaces, and keeps fields floats"
run perf-report -f influx "$R/hostile.ndjson"
expect_status 0
expect_stdout <<'EOF2'
<script>alert(1)</script>,pool="><img\ src\=x\ onerror\=alert(2)> count=3.0,sum=36.0,min=10.0,max=14.0,mean=12.0,stddev=2.0,rate=0.3,last=12.0,p50=12.0,p99=14.0 1764057600000000000
<script>alert(1)</script>,pool="><img\ src\=x\ onerror\=alert(2)> count=2.0,sum=50.0,min=20.0,max=30.0,mean=25.0,stddev=7.0710678118654755,rate=0.2,last=30.0,p50=20.0,p99=30.0 1764057610000000000
cpu'"&<b>,a\ b=x\,y\=z,host=</title><script>alert(3)</script> count=1.0,sum=1.0,min=1.0,max=1.0,mean=1.0 1764057600000000000
EOF2
end

begin "perf-report -f influx turns a line break into an escaped space and keeps fractional timestamps exact"
run perf-report -f influx "$R/csv-edge.ndjson"
expect_status 0
expect_stdout <<'EOF2'
multi\ line,note=\ edge\ spaces\ ,q=say\ "hi" count=2.0,sum=0.30000000000000004,min=0.1,max=0.2,mean=0.15000000000000002,p50=0.1,p99.9=0.2,p9=0.1 1764057600125000000
EOF2
end

begin "perf-report -f influx changes what line protocol cannot hold so that influxd stores it (see integration-influxdb)"
run perf-report -f influx "$R/influx-edge.ndjson"
expect_status 0
expect_stdout <<'EOF2'
_comment.like,pool=a count=5.0,sum=5.0,rate=0.08333333333333333 1764057600000000000
before.1970 count=7.0,sum=7.0,rate=0.11666666666666667 -4500000000
empty.tags,k=v count=6.0,sum=6.0,rate=0.1 1764057600000000000
ends.in_,key_=v,path=C:\dir_ count=1.0,sum=1.0,rate=0.016666666666666666 1764057600000000000
inner.backslash,k=a\\,b\\=c\d count=2.0,sum=2.0,rate=0.03333333333333333 1764057600000000000
last.second.2262 count=9.0,sum=9.0,rate=36.0 9223372035500000000
reserved.key,host=h,tag_time=t1 count=3.0,sum=3.0,rate=0.05 1764057600000000000
reserved.key,tag_time=kept count=4.0,sum=4.0,rate=0.06666666666666667 1764057600000000000
EOF2
expect_stderr_empty
end

begin "perf-report -f influx leaves out a tag with an empty value, which line protocol cannot write (InfluxDB stores such a series as the one without it), and keeps the others"
printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"env":"","h":"x"},"type":"gauge","start":0,"end":60,"count":1,"sum":2,"min":2,"max":2,"mean":2}' >empty-tag.ndjson
run perf-report -f influx empty-tag.ndjson
expect_status 0
expect_stderr_empty
expect_stdout <<'EOF2'
a,h=x count=1.0,sum=2.0,min=2.0,max=2.0,mean=2.0 0
EOF2
end

begin "perf-report --format statsd sends each series' last window: count as a counter, the rest as gauges"
run perf-report --format statsd "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.statsd"
expect_stderr_empty
end

begin "perf-report -f statsd resets a gauge to 0 before a negative value and replaces protocol characters"
run perf-report -f statsd "$R/buckets.ndjson"
expect_status 0
expect_stdout_matches grep -qx 'temperature.delta.sum:0|g|#__meta:z,a-b:1,a_b:2,le:x,quantile:y'
run sh -c 'perf-report -f statsd "$0" | grep -A1 "^temperature.delta.sum:0|"' "$R/buckets.ndjson"
expect_stdout <<'EOF2'
temperature.delta.sum:0|g|#__meta:z,a-b:1,a_b:2,le:x,quantile:y
temperature.delta.sum:-6|g|#__meta:z,a-b:1,a_b:2,le:x,quantile:y
EOF2
run sh -c 'perf-report -f statsd "$0" | grep -F "2xx.responses.count"' "$R/buckets.ndjson"
expect_stdout <<'EOF2'
2xx.responses.count:5|c|#path:C:\dir_"quoted"
EOF2
end

begin "perf-report --format junit makes each alert and each comparison a test case; firing and regression fail"
cat "$R/pipeline.ndjson" "$R/compare.ndjson" >stream.ndjson
run perf-report --format junit stream.ndjson
expect_status 0
expect_stdout <"$R/expected/pipeline-compare.junit.xml"
expect_stderr_empty
end

begin "perf-report -f junit validates against the Ant JUnit schema"
cat "$R/pipeline.ndjson" "$R/compare.ndjson" >stream.ndjson
perf-report -f junit stream.ndjson >report.xml
if have_shared conformance/junit; then
	run xmllint --noout --schema "$XSD" report.xml
	expect_status 0
	expect_stderr <<'EOF2'
report.xml validates
EOF2
fi
end

begin "perf-report -f junit of hostile names is escaped and still validates"
perf-report -f junit "$R/hostile.ndjson" >report.xml
expect_file report.xml <"$R/expected/hostile.junit.xml"
if have_shared conformance/junit; then
	run xmllint --noout --schema "$XSD" report.xml
	expect_status 0
	expect_stderr <<'EOF2'
report.xml validates
EOF2
fi
end

begin "perf-report -f junit of a stream with no alert nor comparison has two empty suites that validate"
perf-report -f junit "$R/long.ndjson" >report.xml
if have_shared conformance/junit; then
	run xmllint --noout --schema "$XSD" report.xml
	expect_status 0
fi
run xmllint --xpath 'concat(count(//testsuite), " suites, ", count(//testcase), " cases")' report.xml
expect_stdout <<'EOF2'
2 suites, 0 cases
EOF2
end

begin "perf-report -f junit stamps both suites with the data's start (the first window), in UTC"
start=$(jq -s '[.[] | select(.kind == "aggregate") | .start] | min | todate[0:19]' -r "$R/pipeline.ndjson")
if [ -z "$start" ] || [ "$start" = null ]; then fail "no aggregate start in the input"; fi
run sh -c 'perf-report -f junit --tz Asia/Tokyo "$0" | grep -o "timestamp=\"[^\"]*\""' "$R/pipeline.ndjson"
expect_status 0
printf 'timestamp="%s"\ntimestamp="%s"\n' "$start" "$start" >expected.txt
expect_stdout <expected.txt
end

begin "perf-report -f junit of alerts alone stamps the earliest alert time; of nothing, SOURCE_DATE_EPOCH, never 1970"
grep '"kind":"alert"' "$DATA/perf-report/alert-episodes.ndjson" >alerts-only.ndjson
run sh -c 'perf-report -f junit "$0" | grep -o "timestamp=\"[^\"]*\"" | sort -u' alerts-only.ndjson
expect_status 0
expect_stdout <<'EOF2'
timestamp="2025-11-25T08:01:00"
EOF2
run sh -c 'SOURCE_DATE_EPOCH=1764115200 perf-report -f junit /dev/null | grep -o "timestamp=\"[^\"]*\"" | sort -u'
expect_stdout <<'EOF2'
timestamp="2025-11-26T00:00:00"
EOF2
run sh -c 'perf-report -f junit /dev/null >out && grep -q "timestamp=\"" out && grep -c "timestamp=\"1970" out'
expect_stdout <<'EOF2'
0
EOF2
end

begin "perf-report -f junit keeps a \\u0000 and other control characters in a description, escaped as text, not cut"
printf '%s\n' '{"kind":"alert","id":"n","rule":"r\u0000s","name":"x","tags":{},"severity":"critical","state":"firing","threshold":1,"current_value":2,"triggered_at":1764057600,"description":"before\u0000after\u0007bell\ttab end"}' >nul.ndjson
perf-report -f junit nul.ndjson >report.xml
run xmllint --xpath 'concat(//testcase/@name, " | ", //failure)' report.xml
expect_status 0
expect_stdout <<'EOF2'
r\u0000s | before\u0000after\u0007bell	tab end
EOF2
end

finish
