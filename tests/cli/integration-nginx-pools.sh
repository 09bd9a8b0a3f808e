#!/bin/sh
# Issue 15's "done when": nginx on loopback with three pools (default, gpu,
# batch) in front of a Python backend that answers a known share of each
# pool's requests with 503 (1 in 50, 1 in 8, 1 in 20), driven by wrk; the
# raw access log is read by tests/cli/helpers/pools_truth.py on its own,
# which computes per pool the count, p50/p95/p99 (nearest rank), requests
# per second over the real span, the error rate and the final state of
# "error_rate:ratio > 0.05" over whole 1 s windows.  Every figure that
# perfpipe's outputs print for those must equal the Python figure at the
# printed precision: one case per output (the stream of perf-aggregate,
# perf-analyze and perf-alert; perf-report csv, json, text, markdown, html
# and prometheus), and `promtool check metrics` finds nothing to say about
# the Prometheus output.  Another format is one more case: a reader in
# pools_truth.py's READERS and a `check_format FORMAT` line below.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
PATH="$PATH:/usr/sbin:/sbin"
need nginx nginx
need wrk wrk
need promtool prometheus

T="$WORK/nginx"
TRUTH="$PERFPIPE_SOURCE/tests/cli/helpers/pools_truth.py"
mkdir -p "$T/temp"
port=$(free_port)
backend_port=$(free_port)
log_format='$msec $pool $status rt=$request_time "$request"'

# The backend: per pool a counter; every k-th request of a pool is a 503
# (k = 50, 8, 20 for default, gpu, batch), and each pool has its own
# latencies (1-9 ms, 20-60 ms, 5-29 ms in fixed cycles).
cat >"$T/backend.py" <<'PY'
import http.server, sys, threading, time
every = {"default": 50, "gpu": 8, "batch": 20}
sleep = {"default": (1, 2, 5), "gpu": (20, 10, 5), "batch": (5, 6, 5)}
counts = {pool: 0 for pool in every}
lock = threading.Lock()
class Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        pool = self.path.split("/")[1]
        with lock:
            counts[pool] += 1
            n = counts[pool]
        base, step, cycle = sleep[pool]
        time.sleep((base + n % cycle * step) / 1000)
        status = 503 if n % every[pool] == 0 else 200
        body = b"ok\n"
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
		set \$pool none;
		access_log $T/access.log perf;
		location /default/ { set \$pool default; proxy_pass http://127.0.0.1:$backend_port; }
		location /gpu/ { set \$pool gpu; proxy_pass http://127.0.0.1:$backend_port; }
		location /batch/ { set \$pool batch; proxy_pass http://127.0.0.1:$backend_port; }
		location = /ready { access_log off; return 200 "ok\n"; }
	}
}
EOF

# wrk cycles through the pools: default three times as often as gpu,
# batch twice as often.
cat >"$T/pools.lua" <<'EOF'
local paths = {"/default/a", "/gpu/infer", "/default/b", "/batch/job", "/default/c", "/batch/job"}
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", paths[i % #paths + 1])
end
EOF

ready() {
	/usr/bin/python3 -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=1)' "http://127.0.0.1:$port/ready" 2>/dev/null
}

serve backend /usr/bin/python3 "$T/backend.py" "$backend_port"
serve nginx nginx -p "$T" -c "$T/nginx.conf" -e "$T/error.log"
nginx_pid=${server_pids##* }

begin "nginx serves three pools under wrk for 4 s, with 503s in each pool's known share, and stops cleanly"
if ! wait_until 30 ready; then
	fail "nginx did not answer on 127.0.0.1:$port within 30 s"
	sed 's/^/#   /' "$T/error.log" "$WORK/nginx.log" | head -20
fi
run wrk -t 2 -c 8 -d 4s -s "$T/pools.lua" "http://127.0.0.1:$port"
expect_status 0
expect_stderr_empty
kill -QUIT "$nginx_pid"
wait_until 30 sh -c "! kill -0 $nginx_pid" || fail "nginx did not stop on SIGQUIT"
for pool in default gpu batch; do
	n=$(grep -c " $pool 503 " "$T/access.log")
	[ "$n" -ge 3 ] || fail "pool $pool has $n 503s in the log, expected 3 or more"
done
run /usr/bin/python3 "$TRUTH" "$T/access.log" reference
expect_status 0
expect_stderr_empty
sed 's/^/# /' "$WORK/stdout"
end

# The pipeline: one pass over the whole log (figures), one in 1 s windows
# (the alert rule), perf-analyze's summaries, and perf-report's formats.
collect() {
	perf-collect log --format nginx --log-format "$log_format" --tag-from pool=pool "$T/access.log"
}
ratio='error_rate=request.completed{status_class=5xx}/request.completed'
begin "perf-collect | perf-aggregate | perf-analyze | perf-alert make the stream of the log without an error"
collect | perf-aggregate --by pool --ratio "$ratio" >whole.ndjson 2>stage.err &&
	collect | perf-aggregate --window 1s --by pool --ratio "$ratio" |
	perf-alert -t 'error_rate:ratio > 0.05 @warning' >windows.ndjson 2>>stage.err &&
	perf-analyze --only summary whole.ndjson >analyzed.ndjson 2>>stage.err ||
	fail "a stage failed: $(cat stage.err)"
[ -s stage.err ] && fail "a stage wrote to stderr: $(cat stage.err)"
cat analyzed.ndjson windows.ndjson >stream.ndjson
jq -c 'select(.kind == "alert")' windows.ndjson >alerts.ndjson
[ "$(jq -s 'map(select(.kind == "alert")) | length' stream.ndjson)" -gt 0 ] ||
	fail "perf-alert gave no alert: the gpu pool's 1 in 8 should fire"
end

# check_format FORMAT FILE: pools_truth.py compares every figure FILE prints.
check_format() {
	run /usr/bin/python3 "$TRUTH" "$T/access.log" "$1" "$2" -v
	expect_status 0
	expect_stderr_empty
	sed 's/^/# /' "$WORK/stdout"
}

begin "the stream (aggregates, summaries, alerts) holds the log's counts, percentiles, rates, error rates and alert states"
check_format stream stream.ndjson
end

begin "perf-report -f csv prints the log's figures"
perf-report -f csv whole.ndjson >report.csv 2>report.err || fail "perf-report: $(cat report.err)"
check_format csv report.csv
end

begin "perf-report -f json prints the log's figures"
perf-report -f json analyzed.ndjson alerts.ndjson >report.json 2>report.err ||
	fail "perf-report: $(cat report.err)"
check_format json report.json
end

begin "perf-report -f text prints the log's figures at its precision"
perf-report -f text --width 200 whole.ndjson >report.txt 2>report.err || fail "perf-report: $(cat report.err)"
check_format text report.txt
# whole-input aggregates have no window size: the heading says so
grep -qx 'request.duration (ms), whole input, exact percentiles of the whole range' report.txt ||
	fail "the request.duration heading does not say it covers the whole input: $(grep '^request.duration' report.txt)"
end

begin "perf-report -f markdown prints the log's figures at its precision, and its alerts' final states"
perf-report -f markdown whole.ndjson alerts.ndjson >report.md 2>report.err ||
	fail "perf-report: $(cat report.err)"
check_format markdown report.md
end

begin "perf-report -f html prints the log's figures in its pool cards and tables, and the pools' alert levels"
perf-report -f html whole.ndjson alerts.ndjson >report.html 2>report.err ||
	fail "perf-report: $(cat report.err)"
check_format html report.html
# whole-input windows have no place in time: no pool reads as the trend
# of another, and no chart has a time axis to draw
grep -q 'over the report' report.html && fail "a card shows a trend across pools"
[ "$(grep -c '<div class="trend">over the whole input</div>' report.html)" -eq 3 ] ||
	fail "the response time, throughput and error_rate cards do not say they cover the whole input"
grep -q '<figure class="chart"' report.html && fail "a chart over time of whole-input windows"
end

begin "perf-report -f prometheus prints the log's figures in base units, and promtool has nothing to say"
perf-report -f prometheus whole.ndjson alerts.ndjson >report.prom 2>report.err ||
	fail "perf-report: $(cat report.err)"
check_format prometheus report.prom
run promtool check metrics <report.prom
expect_status 0
expect_stdout </dev/null
expect_stderr_empty
# and of the 1 s windows (counters and summaries cumulative across them)
perf-report -f prometheus windows.ndjson >windows.prom 2>report.err ||
	fail "perf-report: $(cat report.err)"
grep -q '^request_duration_seconds_count{pool="gpu"} ' windows.prom ||
	fail "no request_duration_seconds_count of gpu in the windows' output"
run promtool check metrics <windows.prom
expect_status 0
expect_stdout </dev/null
expect_stderr_empty
# the check has teeth: a duration in milliseconds is a lint problem
sed 's/^\(request_duration\)_seconds/\1_ms/; s/ \(request_duration\)_seconds / \1_ms /' report.prom >ms.prom
promtool check metrics <ms.prom >lint.out 2>&1 && fail "promtool passed a duration in milliseconds"
grep -q 'abbreviated units' lint.out || fail "promtool did not name the unit: $(cat lint.out)"
end

# The harness's canary: the same comparisons fail when one figure is one
# step off at its printed precision (the last digit of gpu's text RATE and
# of its Markdown error rate, gpu's CSV p95 plus 0.001 ms, an alert state,
# the last digit of the p95 on gpu's HTML pool card, gpu's Prometheus p95
# quantile plus 0.001 s).
begin "a figure one step off at its printed precision fails the comparison"
/usr/bin/python3 - report.txt report.csv stream.ndjson report.md report.html report.prom <<'PY'
import csv, json, re, sys

def bump(match):
    """The text of a match with its last digit one step up."""
    text = match.group(0)
    at = max(i for i, c in enumerate(text) if c.isdigit())
    return text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1:]

text = open(sys.argv[1]).read().split("\n")
table = None
for i, line in enumerate(text):
    if line and not line.startswith(" "):
        table = line.split(" ")[0]
    if table == "request.duration" and line.strip().startswith("pool=gpu") and "/s" in line:
        m = re.search(r"(\d)(/s)", line)
        digit = str((int(m.group(1)) + 1) % 10)
        text[i] = line[:m.start(1)] + digit + line[m.end(1):]
        break
open("off.txt", "w").write("\n".join(text))
rows = list(csv.reader(open(sys.argv[2])))
p95 = rows[0].index("p95")
for row in rows[1:]:
    if row[0] == "request.duration" and "gpu" in row:
        row[p95] = repr(float(row[p95]) + 0.001)
csv.writer(open("off.csv", "w"), lineterminator="\n").writerows(rows)
with open("off.ndjson", "w") as out:
    for line in open(sys.argv[3]):
        r = json.loads(line)
        if r.get("kind") == "alert" and r["tags"].get("pool") == "gpu":
            r["state"] = "resolved" if r["state"] == "firing" else "firing"
        out.write(json.dumps(r) + "\n")
md = open(sys.argv[4]).read()
# the gpu row of the error_rate table: "| pool=gpu | 1 | 291 | 12.4% (36/291) |"
off = re.sub(r"(?m)^(\| pool=gpu \| \d+ \| \d+ \| )([\d.]+)(?=%)",
             lambda m: m.group(1) + bump(re.match(r".*", m.group(2))), md, count=1)
assert off != md, "no gpu error rate in the Markdown"
open("off.md", "w").write(off)
page = open(sys.argv[5]).read()
off = re.sub(r'(<h3>Pool gpu</h3>.*?<span class="kv">)(\d+)', lambda m: m.group(1) +
             bump(re.match(r".*", m.group(2))), page, count=1, flags=re.S)
assert off != page, "no gpu card in the HTML"
open("off.html", "w").write(off)
with open("off.prom", "w") as out:
    for line in open(sys.argv[6]):
        if line.startswith('request_duration_seconds{pool="gpu",quantile="0.95"} '):
            value = line.split(" ")[1]
            line = line.replace(value, "%.3f" % (float(value) + 0.001)) + "\n"
        out.write(line)
PY
for format in text:off.txt csv:off.csv stream:off.ndjson markdown:off.md html:off.html \
    prometheus:off.prom; do
	/usr/bin/python3 "$TRUTH" "$T/access.log" "${format%%:*}" "${format#*:}" >/dev/null 2>canary.err &&
		fail "pools_truth.py passed a wrong ${format%%:*} output"
	grep -q '^gpu ' canary.err || fail "${format%%:*}: no gpu figure named in: $(cat canary.err)"
done
end

finish
