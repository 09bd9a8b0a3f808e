#!/bin/sh
# Hostile input to perf-collect log, format by format (jsonl, nginx, csv,
# prometheus, influx, statsd): truncated or malformed lines, invalid UTF-8,
# NUL bytes, NaN, Infinity and 1e400, negative durations, timestamps out of
# range, duplicate keys, deep nesting, CRLF, empty input and a 64 MiB line.
# Every bad line is rejected with its reason and kept verbatim by --rejects.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
. "$DATA/hostile/points.sh"

hostile_points hostile.ndjson
hostile_rejected_lines expected-rejects

begin "jsonl rejects each hostile line with its reason, keeps exactly those in --rejects and writes the 8 good points"
run perf-collect log --rejects rejects.ndjson hostile.ndjson
expect_status 0
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
{"name":"neg","value":-5,"ts":1764057604,"type":"timer","unit":"ms"}
{"name":"ok","value":2,"ts":1764057500,"tags":{"host":"a"}}
{"name":"past","value":1,"ts":-62135596800}
{"name":"dup","value":2,"ts":1764057605}
{"name":"dup","value":3,"ts":1764057605,"tags":{"k":"y"}}
{"name":"crlf","value":1,"ts":1764057606}
{"name":"ok","value":3,"ts":1764057607,"tags":{"host":"a"}}
EOF
hostile_messages hostile.ndjson perf-collect | expect_stderr
expect_file rejects.ndjson <expected-rejects
end

begin "jsonl --strict stops at the first hostile line with exit status 3"
run perf-collect log --strict --rejects rejects.ndjson hostile.ndjson
expect_status 3
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
EOF
expect_stderr <<'EOF'
perf-collect: hostile.ndjson:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
perf-collect: 1 line rejected
EOF
sed -n 2p hostile.ndjson | expect_file rejects.ndjson
end

begin "jsonl passes a line of $HOSTILE_LONG bytes through whole"
hostile_long_point long.ndjson "$HOSTILE_LONG"
run perf-collect log -o out.ndjson long.ndjson
expect_status 0
expect_stdout_empty
expect_stderr_empty
cmp -s long.ndjson out.ndjson || fail "the long line changed on its way through"
rm -f long.ndjson out.ndjson
end

begin "empty input gives no output, no message and status 0 in every format"
: >empty
for format in jsonl nginx apache prometheus influx statsd snakepit; do
	run perf-collect log --format "$format" empty
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
done
run perf-collect log --format csv --map . empty
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

begin "an empty openmetrics input lacks its \"# EOF\": reported, but no line is counted or kept as rejected"
run perf-collect log --format openmetrics --rejects rejects.om empty
expect_status 0
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: empty: the exposition does not end with "# EOF"
EOF
expect_file rejects.om </dev/null
end

begin "nginx rejects NaN, 1e400 and negative request times, bad byte counts, invalid UTF-8 and lines off the format"
{
	printf '%s\n' \
	    '10.0.0.1 [25/Nov/2025:08:00:00 +0000] "GET /a?x=1 HTTP/1.1" 200 512 0.010' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /b HTTP/1.1" 200 512 NaN' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /b HTTP/1.1" 200 512 1e400' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /b HTTP/1.1" 200 512 -0.5' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /b HTTP/1.1" 200 -1 0.1' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /b HTTP/1.1" 200 512' \
	    '10.0.0.1 [25/Nov/2025:08:00:01 +0000] "GET /"quoted" HTTP/1.1" 200 1 0.2'
	printf '10.0.0.1 [25/Nov/2025:08:00:02 +0000] "GET /\303\251t\303\251 HTTP/1.1" 200 1 0.1\r\n'
	printf '10.0.0.1 [25/Nov/2025:08:00:02 +0000] "GET /\377 HTTP/1.1" 200 1 0.1\n'
	printf '10.0.0.1 [25/Nov/2025:08:00:02 +0000] "GET /\000 HTTP/1.1" 200 1 0.1\n'
} >access.log
run perf-collect log --format nginx --rejects rejects.log \
    --log-format '$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time' access.log
expect_status 0
expect_stdout <<'EOF'
{"name":"request.duration","value":10,"ts":1764057600,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764057600,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":512,"ts":1764057600,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.duration","value":100,"ts":1764057602,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/été","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764057602,"type":"counter","tags":{"method":"GET","path":"/été","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":1,"ts":1764057602,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/été","status":"200","status_class":"2xx"}}
EOF
expect_stderr <<'EOF'
perf-collect: access.log:2: the request time "NaN" is not a duration
perf-collect: access.log:3: the request time "1e400" is not a duration
perf-collect: access.log:4: the request time "-0.5" is not a duration
perf-collect: access.log:5: $body_bytes_sent "-1" is not a number of bytes
perf-collect: access.log:6: does not match the log format at column 61: no " " before $request_time
perf-collect: access.log:7: $status "HTTP/1.1"" is not an HTTP status
perf-collect: access.log:9: invalid UTF-8 at column 45
perf-collect: access.log:10: a NUL byte at column 45
perf-collect: 8 lines rejected
EOF
sed -n '2,7p;9,10p' access.log | expect_file rejects.log
end

begin "nginx rejects a \$msec of NaN or 1e400"
printf '%s\n' '1.2.3.4 nan 200 1' '1.2.3.4 1e400 200 1' '1.2.3.4 1764057600.5 200 1' >msec.log
run perf-collect log --format nginx --log-format '$remote_addr $msec $status $bytes_sent' msec.log
expect_status 0
expect_stdout <<'EOF'
{"name":"request.completed","value":1,"ts":1764057600.5,"type":"counter","tags":{"status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":1,"ts":1764057600.5,"type":"histogram","unit":"bytes","tags":{"status":"200","status_class":"2xx"}}
EOF
expect_stderr <<'EOF'
perf-collect: msec.log:1: "nan" is not a time
perf-collect: msec.log:2: "1e400" is not a time
perf-collect: 2 lines rejected
EOF
end

begin "csv rejects NaN and 1e400 values, NUL bytes, invalid UTF-8, short rows and stray quotes; a quoted record may span lines"
printf 'name,value,host\nok,1,a\nbad,NaN,a\n"nul\000",1,a\nutf,1,\377\n"multi\nline",2,"b,c"\r\nshort,1\nq"x,1,a\ninf,1e400,a\n' >rows.csv
run perf-collect log --format csv --rejects rejects.csv \
    --map '{name, value: (.value | tonumber), ts: 1764057600, tags: {host}}' rows.csv
expect_status 0
expect_stdout <<'EOF'
{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}
{"name":"multi\nline","value":2,"ts":1764057600,"tags":{"host":"b,c"}}
EOF
expect_stderr <<'EOF'
perf-collect: rows.csv:3: "value" is out of range
perf-collect: rows.csv:4: a NUL byte at column 5
perf-collect: rows.csv:5: invalid UTF-8 at column 7
perf-collect: rows.csv:8: 2 fields, the header has 3
perf-collect: rows.csv:9: malformed CSV: a quote inside an unquoted field
perf-collect: rows.csv:10: "value" is out of range
perf-collect: 6 lines rejected
EOF
sed -n '3,5p;8,10p' rows.csv | expect_file rejects.csv
end

begin "prometheus rejects invalid UTF-8 and broken label sets, gives no point for NaN and infinite samples, and reads escapes and CRLF"
printf '# TYPE a counter\na_total 1 1764057600000\nb{x="1"} NaN 1764057600000\nc +Inf 1764057600000\nd{x="\377"} 1 1764057600000\ne{x="a\\"b\\\\c\\nd"} 2 1764057600000\r\nf{x="1",x="2"} 3 1764057600000\ng 1e400 1764057600000\nh{ 4\n\n' >scrape.prom
run perf-collect log --format prometheus --rejects rejects.prom scrape.prom
expect_status 0
expect_stdout <<'EOF'
{"name":"a_total","value":1,"ts":1764057600,"type":"cumulative"}
{"name":"e","value":2,"ts":1764057600,"tags":{"x":"a\"b\\c\nd"}}
EOF
expect_stderr <<'EOF'
perf-collect: scrape.prom:5: invalid UTF-8 at column 6
perf-collect: scrape.prom:7: a label name is repeated
perf-collect: scrape.prom:9: a label name is expected
perf-collect: 3 lines rejected
EOF
sed -n '5p;7p;9p' scrape.prom | expect_file rejects.prom
end

begin "influx rejects NaN and 1e400 fields, invalid UTF-8, NUL bytes and timestamps out of range, and undoes escapes"
printf 'm,host=a v=1 1764057600000000000\nm,host=\377 v=2 1764057600000000000\nm v=NaN 1764057600000000000\nm v=1e400 1764057600000000000\nm\\ x,t\\=k=a\\,b v=2i 1764057600000000000\r\nm v=1 99999999999999999999999\n\n# c\nm,=x v=1 1\nm\000 v=1 1\n' >lines.influx
run perf-collect log --format influx --rejects rejects.influx lines.influx
expect_status 0
expect_stdout <<'EOF'
{"name":"m.v","value":1,"ts":1764057600,"tags":{"host":"a"}}
{"name":"m x.v","value":2,"ts":1764057600,"tags":{"t=k":"a,b"}}
EOF
expect_stderr <<'EOF'
perf-collect: lines.influx:2: invalid UTF-8 at column 8
perf-collect: lines.influx:3: a field value is not a number, string or boolean
perf-collect: lines.influx:4: a field value is not a number, string or boolean
perf-collect: lines.influx:6: the timestamp is out of range
perf-collect: lines.influx:9: a tag has no name
perf-collect: lines.influx:10: a NUL byte at column 2
perf-collect: 6 lines rejected
EOF
sed -n '2,4p;6p;9,10p' lines.influx | expect_file rejects.influx
end

begin "influx rejects a timestamp past year 9999 in its --precision"
printf 'm v=1 9223372036854775807\nm v=2 1764057600\n' >seconds.influx
run perf-collect log --format influx --precision s seconds.influx
expect_status 0
expect_stdout <<'EOF'
{"name":"m.v","value":2,"ts":1764057600}
EOF
expect_stderr <<'EOF'
perf-collect: seconds.influx:1: the timestamp is outside the years 0000 to 9999 (check --precision)
perf-collect: 1 line rejected
EOF
end

begin "statsd rejects NaN and 1e400 values, a zero sample rate, a |T out of range, invalid UTF-8 and sets"
printf 'a:1|c|#host:a|T1764057600\nb:NaN|g\nc:1e400|g\nd:-5|ms|T1764057600\ne:1|c|@0\nf:1|g|T99999999999999\ng:1|g|#k:\377\nh:1|s\ni:1|g|#a:1,a:2|T1764057600\r\n\n' >traffic.statsd
run perf-collect log --format statsd --rejects rejects.statsd traffic.statsd
expect_status 0
expect_stdout <<'EOF'
{"name":"a","value":1,"ts":1764057600,"type":"counter","tags":{"host":"a"}}
{"name":"d","value":-5,"ts":1764057600,"type":"timer","unit":"ms"}
{"name":"i","value":1,"ts":1764057600,"tags":{"a":"2"}}
EOF
expect_stderr <<'EOF'
perf-collect: traffic.statsd:2: the value is not a number
perf-collect: traffic.statsd:3: the value is not a number
perf-collect: traffic.statsd:5: the sample rate must be a number in (0, 1]
perf-collect: traffic.statsd:6: the |T timestamp is out of range (epoch seconds up to year 9999)
perf-collect: traffic.statsd:7: invalid UTF-8 at column 10
perf-collect: traffic.statsd:8: sets (|s) count distinct members and give no point
perf-collect: 6 lines rejected
EOF
sed -n '2,3p;5,8p' traffic.statsd | expect_file rejects.statsd
end

begin "snakepit rejects NaN, Infinity and 1e400 measurements and times past year 9999"
printf '%s\n' \
    '{"event":"snakepit.request.executed","ts_ns":1764057600300050000,"measurements":{"duration_us":NaN},"metadata":{"pool":"default","success":true}}' \
    '{"event":"snakepit.request.executed","ts_ns":1764057600300050000,"measurements":{"duration_us":1e400},"metadata":{"pool":"default"}}' \
    '{"event":"x.y","ts_ns":1e30,"measurements":{"m":1}}' \
    '{"event":"x.y","ts":1764057600,"measurements":{"m":-Infinity,"n":2}}' \
    '{"event":"x.y","ts":1764057600,"measurements":{"n":2}}' >telemetry.ndjson
run perf-collect log --format snakepit --rejects rejects.ndjson telemetry.ndjson
expect_status 0
expect_stdout <<'EOF'
{"name":"snakepit.x.y.n","value":2,"ts":1764057600}
EOF
expect_stderr <<'EOF'
perf-collect: telemetry.ndjson:1: measurement "duration_us" is out of range
perf-collect: telemetry.ndjson:2: measurement "duration_us" is out of range
perf-collect: telemetry.ndjson:3: "ts" is out of range (years 0000 to 9999)
perf-collect: telemetry.ndjson:4: measurement "m" is out of range
perf-collect: 4 lines rejected
EOF
sed -n 1,4p telemetry.ndjson | expect_file rejects.ndjson
end

begin "--store paths come from the day of writing only: names and tags such as ../../x create no file"
mkdir -p paths/deep && cd paths/deep || exit 2
printf '%s\n' '{"name":"../../x","value":1,"ts":1,"tags":{"host":"../../evil","path":"/tmp/perfpipe-evil"}}' \
    '{"kind":"aggregate","name":"../y","tags":{"h":"../../z"},"start":0,"end":60,"count":1,"mean":5}' >records.ndjson
run perf-collect log --store store --state collect.state records.ndjson
expect_status 0
expect_stderr_empty
cd "$WORK" || exit 2
find paths | sort >found
expect_file found <<EOF
paths
paths/deep
paths/deep/collect.state
paths/deep/collect.state.lock
paths/deep/records.ndjson
paths/deep/store
paths/deep/store/$(ls paths/deep/store)
EOF
ls paths/deep/store | grep -qx '[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\.ndjson' || fail "the day file is not named by a date"
[ ! -e /tmp/perfpipe-evil ] || fail "a tag value made a file"
end

finish
