#!/bin/sh
# Integration with a real web server: nginx on loopback, in front of a small
# Python backend with varied latencies and some errors, driven by wrk for
# 2 s; its access log, in a custom log_format with $request_time, goes
# through perf-collect log --format nginx --log-format and perf-aggregate
# --by path (and --by status), and the counts, extremes, sums and
# nearest-rank percentiles equal those a separate Python script computes
# from the same log file in exact decimal arithmetic.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
PATH="$PATH:/usr/sbin:/sbin"
need nginx nginx
need wrk wrk

T="$WORK/nginx"
mkdir -p "$T/temp"
port=$(free_port)
backend_port=$(free_port)
log_format='$remote_addr - [$time_local] "$request" $status $body_bytes_sent rt=$request_time urt=$upstream_response_time ua="$http_user_agent"'

# The backend: /api/items sleeps 1 to 25 ms in a fixed cycle and answers
# every ninth request with 503; /api/search sleeps 30 to 70 ms.
cat >"$T/backend.py" <<'PY'
import http.server, itertools, sys, threading, time
counter = itertools.count()
lock = threading.Lock()
class Backend(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with lock:
            n = next(counter)
        if self.path.startswith("/api/search"):
            time.sleep((30 + n % 5 * 10) / 1000)
            status = 200
        else:
            time.sleep((1 + n % 7 * 4) / 1000)
            status = 503 if n % 9 == 8 else 200
        body = b"x" * (100 + n % 13)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Backend).serve_forever()
PY

user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user $(id -un);"
cat >"$T/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $T/nginx.pid;
error_log $T/error.log;
events { worker_connections 64; }
http {
	client_body_temp_path $T/temp/body;
	proxy_temp_path $T/temp/proxy;
	fastcgi_temp_path $T/temp/fastcgi;
	uwsgi_temp_path $T/temp/uwsgi;
	scgi_temp_path $T/temp/scgi;
	log_format perf '$log_format';
	server {
		listen 127.0.0.1:$port;
		access_log $T/access.log perf;
		location = /health { return 200 "ok\n"; }
		location = /boom { return 500; }
		location /api/ { proxy_pass http://127.0.0.1:$backend_port; }
		location / { return 404; }
	}
}
EOF

# wrk's requests cycle through five paths (one Lua state per thread).
cat >"$T/paths.lua" <<'EOF'
local paths = {"/health", "/api/items?page=2", "/api/search?q=perf", "/boom", "/missing"}
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", paths[i % #paths + 1])
end
EOF

# The reference: the log parsed with a regular expression of its own, the
# durations as exact decimals (ms = $request_time x 1000, and the same for
# $upstream_response_time where nginx proxied), nearest-rank percentiles
# ceil(p n / 100) in integer arithmetic; count, sum, min, max, p50, p95,
# p99 and p99.9 of request.duration, upstream.duration and response.bytes,
# count and sum of request.completed.  Prints one line per group for the
# test log, and every difference from the aggregates on stderr.
cat >"$T/reference.py" <<'PY'
import json, re, sys
from decimal import Decimal
from fractions import Fraction
log, aggregates, by = sys.argv[1], sys.argv[2], sys.argv[3]
line_re = re.compile(r'^\S+ - \[[^]]+\] "(\S+) ([^ ?"]*)\S* [^"]*" (\d{3}) (\d+) '
                     r'rt=(\d+\.\d{3}) urt=(\d+\.\d{3}|-) ua="[^"]*"$')
groups = {}     # (metric, group) -> values
for text in open(log):
    m = line_re.match(text.rstrip("\n"))
    if not m:
        sys.exit("reference: cannot read log line: " + text)
    method, path, status, size, rt, urt = m.groups()
    key = path if by == "path" else status
    groups.setdefault(("request.completed", key), []).append(Decimal(1))
    groups.setdefault(("request.duration", key), []).append(Decimal(rt) * 1000)
    groups.setdefault(("response.bytes", key), []).append(Decimal(size))
    if urt != "-":
        groups.setdefault(("upstream.duration", key), []).append(Decimal(urt) * 1000)

def nearest_rank(values, p):
    rank = -(-Fraction(p) * len(values) // 100)
    return sorted(values)[max(rank, 1) - 1]

got = {}
for text in open(aggregates):
    record = json.loads(text)
    got[(record["name"], record["tags"][by])] = record
problems, compared = [], 0
for (name, key), values in sorted(groups.items()):
    record = got.get((name, key))
    if record is None:
        problems.append("%s %s: no aggregate" % (name, key))
        continue
    expected = {"count": len(values), "sum": float(sum(values))}
    if name != "request.completed":
        expected.update(min=float(min(values)), max=float(max(values)))
        for p in ("50", "95", "99", "99.9"):
            expected["p" + p] = float(nearest_rank(values, p))
    compared += len(expected)
    for stat, value in expected.items():
        actual = record["percentiles"].get(stat) if stat[0] == "p" else record.get(stat)
        if actual != value:
            problems.append("%s %s: %s=%r, expected %r" % (name, key, stat, actual, value))
    if name == "request.duration":
        print("%s %s: %d requests, p50 %g ms, p99 %g ms, max %g ms" % (by, key,
              len(values), nearest_rank(values, "50"), nearest_rank(values, "99"),
              max(values)))
if len(got) != len(groups):
    problems.append("%d aggregates for %d series" % (len(got), len(groups)))
print("%d aggregates, %d statistics compared" % (len(groups), compared))
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# nginx answers on its port (any status: the server is up).
answers() {
	/usr/bin/python3 -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=1)
except urllib.error.HTTPError:
    pass' "http://127.0.0.1:$port/missing"
}

serve backend /usr/bin/python3 "$T/backend.py" "$backend_port"
serve nginx nginx -p "$T" -c "$T/nginx.conf" -e "$T/error.log"
nginx_pid=${server_pids##* }

begin "nginx on loopback serves the five paths under wrk for 2 s, and stops cleanly"
if ! wait_until 30 answers; then
	fail "nginx did not answer on 127.0.0.1:$port within 30 s"
	sed 's/^/#   /' "$T/error.log" "$WORK/nginx.log" | head -20
fi
run wrk -t 2 -c 8 -d 2s -s "$T/paths.lua" "http://127.0.0.1:$port"
expect_status 0
expect_stderr_empty
# SIGQUIT: nginx finishes the requests in flight, writes their log lines and
# exits, so the log is complete before it is read.
kill -QUIT "$nginx_pid"
wait_until 30 sh -c "! kill -0 $nginx_pid" || fail "nginx did not stop on SIGQUIT"
wrk_requests=$(awk '/requests in/ { print $1 }' "$WORK/stdout")
log_lines=$(wc -l <"$T/access.log")
echo "# wrk made $wrk_requests requests; the access log has $log_lines lines"
[ "$log_lines" -ge 100 ] || fail "only $log_lines log lines"
run sh -c "awk '{ print \$8 }' '$T/access.log' | sort -u | tr '\n' ' '"
case $(cat "$WORK/stdout") in
*200*404*500*503*) ;;
*) fail "statuses in the log: $(cat "$WORK/stdout"), expected 200 404 500 503" ;;
esac
end

begin "perf-collect reads every line of the custom log_format: one request.completed per line"
run sh -c "perf-collect log --format nginx --log-format '$log_format' '$T/access.log' >'$T/points.ndjson' &&
	grep -c '\"name\":\"request.completed\"' '$T/points.ndjson'"
expect_status 0
expect_stdout <<EOF
$log_lines
EOF
expect_stderr_empty
end

begin "perf-collect | perf-aggregate --by path gives the counts, extremes, sums and percentiles of a separate Python reading"
run sh -c "perf-collect log --format nginx --log-format '$log_format' '$T/access.log' |
	perf-aggregate --by path >'$T/by-path.ndjson'"
expect_status 0
expect_stderr_empty
run /usr/bin/python3 "$T/reference.py" "$T/access.log" "$T/by-path.ndjson" path
expect_status 0
expect_stderr_empty
sed 's/^/# /' "$WORK/stdout"
end

begin "perf-collect | perf-aggregate --by status counts the errors of nginx and of the backend as Python does"
run sh -c "perf-collect log --format nginx --log-format '$log_format' '$T/access.log' |
	perf-aggregate --by status >'$T/by-status.ndjson'"
expect_status 0
expect_stderr_empty
run /usr/bin/python3 "$T/reference.py" "$T/access.log" "$T/by-status.ndjson" status
expect_status 0
expect_stderr_empty
sed 's/^/# /' "$WORK/stdout"
end

finish
