#!/usr/bin/python3
"""Synthetic request logs with a planted cause, for tests/cli/perf-analyze-attribution.sh.

Run as /usr/bin/python3 tests/cli/helpers/planted_cause.py CASE > log.ndjson
(CASE: slow-path, pool-errors, two-paths, even).  Prints 40 minutes of
request.duration points, one per request (jsonl, perf-collect log --format
jsonl reads them), tagged pool (a, b, c), path (/api/a ... /api/d) and
status (200 or 500), from a fixed seed.  Latency is lognormal around
50 ms, errors 1%; from minute 20 on, the planted cause:
  slow-path    path=/api/b is three times slower on every pool;
  pool-errors  pool=b has ten times the errors;
  two-paths    path=/api/b and path=/api/c are three times slower;
  even         every request is three times slower (no value to blame).
With `check CASE` instead, it prints from the raw log it generates (not
from our output) the figures an attribution of the change at minute 20
must show, as one {"match": ..., "want": ...} line: the p95 before and
after (nearest rank) and the planted values' share of the requests above
the p95 before; or the error rate before and after and the planted
values' share of the errors; and their share of the traffic after and
before.
"""
import json
import math
import random
import sys

START = 1764057600          # 2025-11-25T08:00:00Z
MINUTES = 40
CHANGE = START + 20 * 60
RATE = 6                    # requests per second
POOLS = ["a", "b", "c"]
PATHS = ["/api/a", "/api/b", "/api/c", "/api/d"]
PLANTED = {"slow-path": ("path", ["/api/b"]),
           "pool-errors": ("pool", ["b"]),
           "two-paths": ("path", ["/api/b", "/api/c"]),
           "even": (None, [])}


def requests(case):
    rng = random.Random(19)
    for second in range(MINUTES * 60):
        ts = START + second
        for i in range(RATE):
            pool = rng.choice(POOLS)
            path = rng.choice(PATHS)
            ms = 50.0 * math.exp(rng.gauss(0.0, 0.4))
            error_rate = 0.01
            if ts >= CHANGE:
                if case == "slow-path" and path == "/api/b":
                    ms *= 3
                elif case == "two-paths" and path in ("/api/b", "/api/c"):
                    ms *= 3
                elif case == "even":
                    ms *= 3
                elif case == "pool-errors" and pool == "b":
                    error_rate = 0.1
            status = "500" if rng.random() < error_rate else "200"
            yield ts + i / RATE, pool, path, status, round(ms, 3)


def generate(case):
    out = sys.stdout
    for ts, pool, path, status, ms in requests(case):
        out.write('{"name":"request.duration","value":%s,"ts":%s,"type":"timer",'
                  '"unit":"ms","tags":{"pool":"%s","path":"%s","status":"%s"}}\n'
                  % (ms, round(ts, 3), pool, path, status))


def nearest_rank(values, q):
    values = sorted(values)
    return values[math.ceil(q * len(values)) - 1]


def check(case):
    """One JSON line for tests/cli/lib.sh's expect_agrees_with."""
    key, planted = PLANTED[case]
    index = {"pool": 1, "path": 2}[key]
    rows = list(requests(case))
    before = [r for r in rows if r[0] < CHANGE]
    after = [r for r in rows if r[0] >= CHANGE]

    def share(part, whole):
        return sum(1 for r in part if r[index] in planted) / len(whole)

    match = {"dimension": key, "values": planted, "ts": CHANGE}
    if case == "pool-errors":
        errors = [r for r in rows if r[3] == "500"]
        eb = [r for r in errors if r[0] < CHANGE]
        ea = [r for r in errors if r[0] >= CHANGE]
        want = {"before": len(eb) / len(before), "after": len(ea) / len(after),
                "share": share(ea, ea), "share_before": share(eb, eb)}
    else:
        p95 = nearest_rank([r[4] for r in before], 0.95)
        above = [r for r in after if r[4] > p95]
        want = {"threshold": p95, "before": p95,
                "after": nearest_rank([r[4] for r in after], 0.95),
                "share": share(above, above)}
    want["traffic"] = share(after, after)
    want["traffic_before"] = share(before, before)
    print(json.dumps({"match": match, "want": want}))


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        generate(sys.argv[1])
