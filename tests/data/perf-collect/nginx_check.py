"""Independent check of perf-collect log --format nginx on nginx-timed.log.

Parses the log with a regular expression written for its log_format
(not with perf-collect's format compiler) and compares, line by line, the
points perf-collect wrote: names, order, timestamps, tags and every
duration.  Usage: nginx_check.py LOG POINTS; exits 1 with the first
difference.
"""
import datetime
from decimal import Decimal
import json
import re
import sys

LINE = re.compile(
    r'^(?P<ip>\S+) - (?P<user>\S+) \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" '
    r'(?P<status>\d{3}) (?P<bytes>\d+) "(?P<referer>[^"]*)" "(?P<agent>[^"]*)" '
    r'rt=(?P<rt>[0-9.]+) uct="(?P<uct>[^"]*)" urt="(?P<urt>[^"]*)" pool=(?P<pool>\S+)$')


def expected_points(line):
    m = LINE.match(line)
    if not m:
        sys.exit("checker cannot parse: " + line)
    ts = datetime.datetime.strptime(m["time"], "%d/%b/%Y:%H:%M:%S %z").timestamp()
    tags = {"status": m["status"], "status_class": m["status"][0] + "xx", "host": "web-1"}
    parts = m["request"].split(" ")
    if len(parts) == 3 and parts[1].startswith("/"):
        tags["method"] = parts[0]
        tags["path"] = parts[1].split("?")[0]
    if m["pool"] != "-":
        tags["pool"] = m["pool"]
    # seconds to ms exactly, as decimals: 1.001 s is 1001 ms
    points = [("request.duration", float(Decimal(m["rt"]) * 1000), "timer", "ms")]
    if m["urt"] != "-":
        total = Decimal(0)
        for part in re.split(r"[,:] *", m["urt"]):
            total += Decimal(part) * 1000
        points.append(("upstream.duration", float(total), "timer", "ms"))
    points.append(("request.completed", 1, "counter", None))
    points.append(("response.bytes", float(m["bytes"]), "histogram", "bytes"))
    return [dict(name=n, value=v, ts=ts, type=t, unit=u, tags=tags) for n, v, t, u in points]


def main(log_path, points_path):
    with open(log_path) as log:
        expected = [p for line in log for p in expected_points(line.rstrip("\n"))]
    with open(points_path) as out:
        actual = [json.loads(line) for line in out]
    if len(actual) != len(expected):
        sys.exit(f"{len(actual)} points, expected {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected)):
        same = (a["name"] == e["name"] and a["ts"] == e["ts"] and
                a.get("type") == e["type"] and a.get("unit") == e["unit"] and
                a.get("tags") == e["tags"] and
                abs(a["value"] - e["value"]) <= 1e-9 * max(1.0, abs(e["value"])))
        if not same:
            sys.exit(f"point {i + 1}: got {a}, expected {e}")
    completed = sum(1 for a in actual if a["name"] == "request.completed")
    print(f"{completed} requests, {len(actual)} points match")


main(sys.argv[1], sys.argv[2])
