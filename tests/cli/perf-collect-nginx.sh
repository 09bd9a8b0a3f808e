# perf-collect log --format nginx: access logs in any nginx log_format,
# checked line by line against an independent parse of a realistic log.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

NGINX="$DATA/perf-collect"
TIMED='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" urt="$upstream_response_time" pool=$http_x_pool'

begin "a custom log_format log matches an independent parse line by line: count, tags, durations"
run perf-collect log --format nginx --log-format "$TIMED" --tag-from http_x_pool=pool \
	--tag host=web-1 -o points.ndjson "$NGINX/nginx-timed.log"
expect_status 0
expect_stdout_empty
expect_stderr_empty
run /usr/bin/python3 "$NGINX/nginx_check.py" "$NGINX/nginx-timed.log" points.ndjson
expect_status 0
expect_stdout <<'EOF2'
400 requests, 1506 points match
EOF2
end

begin "the combined preset is the default: duration-less lines give a count and bytes"
run perf-collect log --format nginx "$NGINX/nginx-combined.log"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.completed","value":1,"ts":1795597200,"type":"counter","tags":{"method":"GET","path":"/api/users","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":512,"ts":1795597200,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/api/users","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1795600801,"type":"counter","tags":{"status":"400","status_class":"4xx"}}
{"name":"response.bytes","value":157,"ts":1795600801,"type":"histogram","unit":"bytes","tags":{"status":"400","status_class":"4xx"}}
{"name":"request.completed","value":1,"ts":1795600802,"type":"counter","tags":{"method":"POST","path":"/login","status":"302","status_class":"3xx"}}
{"name":"response.bytes","value":0,"ts":1795600802,"type":"histogram","unit":"bytes","tags":{"method":"POST","path":"/login","status":"302","status_class":"3xx"}}
EOF2
expect_stderr_empty
end

begin "--path-class tags every point with the path up to its second slash, as Python cuts the raw log's requests"
run perf-collect log --format nginx --log-format "$TIMED" --path-class -o classes.ndjson \
	"$NGINX/nginx-timed.log"
expect_status 0
expect_stdout_empty
expect_stderr_empty
cat >classes.py <<'PYEOF'
import json, re, sys
expected = []
for line in open(sys.argv[1]):
    request = re.search(r'"[A-Z]+ (/\S*) HTTP/[0-9.]+"', line)
    if request is None:  # not a request (a TLS handshake): no path, no class
        expected.append(None)
        continue
    path = request.group(1).split('?')[0]
    second = path.find('/', 1)
    expected.append(path if second < 0 else path[:second])
points = [json.loads(l) for l in open(sys.argv[2])]
completed = [p['tags'].get('path_class') for p in points if p['name'] == 'request.completed']
untagged = [p for p in points if 'path' in p['tags'] and 'path_class' not in p['tags']]
print(len(completed), 'requests;', 'classes match' if completed == expected else 'MISMATCH',
      '; classes:', ' '.join(sorted(set(c for c in expected if c))),
      '; without a path:', expected.count(None), '; with a path but no class:', len(untagged))
PYEOF
run /usr/bin/python3 classes.py "$NGINX/nginx-timed.log" classes.ndjson
expect_status 0
expect_stdout <<'EOF2'
400 requests; classes match ; classes: / /api /healthz /login /static ; without a path: 2 ; with a path but no class: 0
EOF2
end

begin "--path-class applies to access logs only"
run perf-collect log --format jsonl --path-class "$NGINX/points.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --log-format, --tag-from and --path-class apply to nginx and apache logs, not to jsonl
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "--log-format combined names the preset"
run perf-collect log --format nginx --log-format combined "$NGINX/nginx-combined.log"
expect_status 0
expect_stdout_matches jq -e -s 'length == 6'
end

begin "\$msec, \$time_iso8601 and \${var} braces are understood; several upstream times add up"
printf '%s\n' '1764061200.250 GET /a?x=1 200 0.120 0.050, 0.060' >msec.log
run perf-collect log --format nginx --log-format '$msec ${request_method} $request_uri $status $request_time $upstream_response_time' msec.log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":120,"ts":1764061200.25,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"upstream.duration","value":110,"ts":1764061200.25,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764061200.25,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
EOF2
expect_stderr_empty
end

begin "seconds become milliseconds exactly: 1.001 s is 1001 ms (not 1.001 x 1000 = 1000.9999999999999)"
printf '%s\n' '1764061200.000 GET /a 200 1.001 9.999, 4.097' '1764061201.000 GET /b 200 0.0005 1.' >exact.log
run perf-collect log --format nginx --log-format '$msec $request_method $request_uri $status $request_time $upstream_response_time' exact.log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":1001,"ts":1764061200,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"upstream.duration","value":14096,"ts":1764061200,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764061200,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.duration","value":0.5,"ts":1764061201,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/b","status":"200","status_class":"2xx"}}
{"name":"upstream.duration","value":1000,"ts":1764061201,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/b","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764061201,"type":"counter","tags":{"method":"GET","path":"/b","status":"200","status_class":"2xx"}}
EOF2
expect_stderr_empty
end

begin "a request time is digits and a point, as nginx writes it: nan, 0x10 and 1e3 are rejected"
printf '%s\n' '1764061200.000 GET /a 200 nan' '1764061200.000 GET /a 200 0x10' '1764061200.000 GET /a 200 1e3' '1764061200.000 GET /a 200 .5' >notation.log
run perf-collect log --format nginx --log-format '$msec $request_method $request_uri $status $request_time' notation.log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":500,"ts":1764061200,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1764061200,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
EOF2
expect_stderr <<'EOF2'
perf-collect: notation.log:1: the request time "nan" is not a duration
perf-collect: notation.log:2: the request time "0x10" is not a duration
perf-collect: notation.log:3: the request time "1e3" is not a duration
perf-collect: 3 lines rejected
EOF2
end

begin "bad lines are rejected with their column or field, and kept by --rejects"
run perf-collect log --format nginx --log-format "$TIMED" --rejects rejects.log "$NGINX/nginx-bad.log"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":28,"ts":1795597170,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/ok","status":"200","status_class":"2xx"}}
{"name":"upstream.duration","value":27,"ts":1795597170,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/ok","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1795597170,"type":"counter","tags":{"method":"GET","path":"/ok","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":10,"ts":1795597170,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/ok","status":"200","status_class":"2xx"}}
EOF2
expect_stderr <<EOF2
perf-collect: $NGINX/nginx-bad.log:2: does not match the log format at column 1: no " - " before $remote_user
perf-collect: $NGINX/nginx-bad.log:3: \$status "OK!" is not an HTTP status
perf-collect: $NGINX/nginx-bad.log:4: "25/Nov/2026:25:61:00 +0100" is not a time
perf-collect: $NGINX/nginx-bad.log:5: the request time "fast" is not a duration
perf-collect: $NGINX/nginx-bad.log:6: \$body_bytes_sent "lots" is not a number of bytes
perf-collect: $NGINX/nginx-bad.log:7: does not match the log format at column 113: no "\" pool=" before $http_x_pool
perf-collect: 6 lines rejected
EOF2
sed -n '2,7p' "$NGINX/nginx-bad.log" | expect_file rejects.log
end

begin "--tag-from a variable the format lacks is a usage error"
run perf-collect log --format nginx --tag-from http_x_pool=pool "$NGINX/nginx-combined.log"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --tag-from: $http_x_pool is not in the log format
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "two variables with nothing between them are a usage error"
run perf-collect log --format nginx --log-format '$status$request_time' "$NGINX/nginx-combined.log"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --log-format: $status is followed by another variable with nothing between them
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "a variable nginx does not have is a usage error naming it and the nearest one"
run perf-collect log --format nginx --log-format '$remote_addr [$time_local] "$request" $status rt=$request_tme' "$NGINX/nginx-timed.log"
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: --log-format: $request_tme is not an nginx variable; did you mean $request_time? (a variable of your own, from map or set, must be named by --tag-from)
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF
end

begin "a variable of one's own (map, set) is accepted when --tag-from names it"
printf '%s\n' '10.0.0.1 [25/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 rt=0.012 tier=gold' >own.log
run perf-collect log --format nginx --log-format '$remote_addr [$time_local] "$request" $status rt=$request_time tier=$tier' --tag-from tier=tier own.log
expect_status 0
expect_stdout <<'EOF'
{"name":"request.duration","value":12,"ts":1795600800,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx","tier":"gold"}}
{"name":"request.completed","value":1,"ts":1795600800,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx","tier":"gold"}}
EOF
expect_stderr_empty
end

begin "times across second, minute, day, month, year and leap-day boundaries in any zone are the epoch seconds Python's datetime reads"
# Each instant is written in several zones and repeated, so that a line
# sometimes has the time text of the line before it and sometimes only
# its clock (another zone) or only its zone (another second).
cat >times.py <<'PYEOF'
import datetime, sys
zones = ['+0000', '-0130', '+0530', '+1400', '-1200', '+0100', '-0000']
edges = ['2025-12-31T23:59:58', '2024-02-28T23:59:59', '2024-02-29T23:59:59',
         '2023-02-28T23:59:59', '2026-11-30T23:59:59', '2026-06-30T23:59:58',
         '2026-11-25T10:59:59', '2026-11-25T23:59:59', '1970-01-01T00:00:00',
         '2099-12-31T23:59:59', '2000-02-29T11:59:59']
out = open(sys.argv[1], 'w')
n = 0
for edge in edges:
    start = datetime.datetime.fromisoformat(edge)
    for step in range(3):
        local = start + datetime.timedelta(seconds=step)
        for zone in zones:
            for repeat in range(1 + n % 3):
                n += 1
                out.write('10.0.0.1 - - [%s %s] "GET /t/%d HTTP/1.1" 200 %d "-" "x"\n'
                          % (local.strftime('%d/%b/%Y:%H:%M:%S'), zone, n, n))
PYEOF
cat >check_times.py <<'PYEOF'
import datetime, json, re, sys
expected = []
for line in open(sys.argv[1]):
    text = re.search(r'\[([^\]]+)\]', line).group(1)
    expected.append(int(datetime.datetime.strptime(text, '%d/%b/%Y:%H:%M:%S %z').timestamp()))
got = [p['ts'] for p in map(json.loads, open(sys.argv[2])) if p['name'] == 'request.completed']
wrong = [i + 1 for i in range(len(expected)) if i >= len(got) or got[i] != expected[i]]
print(len(expected), 'lines,', len(got), 'points,', len(set(expected)), 'distinct times,',
      'first wrong line:', wrong[0] if wrong else 'none')
PYEOF
/usr/bin/python3 times.py times.log
run perf-collect log --format nginx -o times.ndjson times.log
expect_status 0
expect_stdout_empty
expect_stderr_empty
run /usr/bin/python3 check_times.py times.log times.ndjson
expect_status 0
expect_stdout <<'EOF2'
346 lines, 346 points, 192 distinct times, first wrong line: none
EOF2
end

finish
