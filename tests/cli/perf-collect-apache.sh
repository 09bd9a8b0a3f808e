# perf-collect log --format apache: access logs in any Apache LogFormat,
# read by the same parser as nginx logs after translation.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

APACHE="$DATA/perf-collect/apache-timed.log"
FORMAT='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %D pool=%{X-Pool}i'

begin "a LogFormat with %D and a request header gives durations in ms, counts, bytes and tags"
run perf-collect log --format apache --log-format "$FORMAT" --tag-from http_x_pool=pool "$APACHE"
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":15.23,"ts":1795600800,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/shop/cart","pool":"batch","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1795600800,"type":"counter","tags":{"method":"GET","path":"/shop/cart","pool":"batch","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":2326,"ts":1795600800,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/shop/cart","pool":"batch","status":"200","status_class":"2xx"}}
{"name":"request.duration","value":2004.511,"ts":1795600801,"type":"timer","unit":"ms","tags":{"method":"POST","path":"/api/orders","status":"502","status_class":"5xx"}}
{"name":"request.completed","value":1,"ts":1795600801,"type":"counter","tags":{"method":"POST","path":"/api/orders","status":"502","status_class":"5xx"}}
{"name":"request.duration","value":0.087,"ts":1795600802,"type":"timer","unit":"ms","tags":{"method":"HEAD","path":"/","pool":"default","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1795600802,"type":"counter","tags":{"method":"HEAD","path":"/","pool":"default","status":"200","status_class":"2xx"}}
EOF2
expect_stderr <<EOF2
perf-collect: $APACHE:4: the request time "slow" is not a duration
perf-collect: 1 line rejected
EOF2
end

begin "%{ms}T and %T are read as milliseconds and seconds"
printf '%s\n' '[25/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 250 1' >t.log
run perf-collect log --format apache --log-format '%t "%r" %>s %{ms}T %T' t.log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.duration","value":250,"ts":1795600800,"type":"timer","unit":"ms","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
{"name":"request.completed","value":1,"ts":1795600800,"type":"counter","tags":{"method":"GET","path":"/a","status":"200","status_class":"2xx"}}
EOF2
end

begin "the common preset reads Apache's common log format"
printf '%s\n' '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326' >common.log
run perf-collect log --format apache --log-format common common.log
expect_status 0
expect_stdout <<'EOF2'
{"name":"request.completed","value":1,"ts":971211336,"type":"counter","tags":{"method":"GET","path":"/apache_pb.gif","status":"200","status_class":"2xx"}}
{"name":"response.bytes","value":2326,"ts":971211336,"type":"histogram","unit":"bytes","tags":{"method":"GET","path":"/apache_pb.gif","status":"200","status_class":"2xx"}}
EOF2
end

begin "an unknown directive is a usage error"
run perf-collect log --format apache --log-format '%h %J' common.log
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --log-format: %J is not an Apache log directive
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

begin "a LogFormat ending in a directive without its letter is a usage error, not a read past the format"
run perf-collect log --format apache --log-format '%h %{Referer}' /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: --log-format: a directive without its letter at the end
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF
end

finish
