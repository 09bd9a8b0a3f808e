#!/usr/bin/python3
"""Synthetic request logs with a planted cause, for tests/cli/perf-analyze-attribution.sh.

Run as /usr/bin/python3 tests/cli/helpers/planted_cause.py CASE > log.ndjson
(CASE: slow-path, pool-errors, two-paths, even, slow-path-ramp,
even-ramp, slow-path-spike, pool-errors-spike, even-spike).  Prints 40 minutes of
request.duration points, one per request (jsonl, perf-collect log --format
jsonl reads them), tagged pool (a, b, c), path (/api/a ... /api/d) and
status (200 or 500), from a fixed seed.  Latency is lognormal around
50 ms, errors 1%; from minute 20 on, the planted cause:
  slow-path    path=/api/b is three times slower on every pool;
  pool-errors  pool=b has ten times the errors;
  two-paths    path=/api/b and path=/api/c are three times slower;
  even         every request is three times slower (no value to blame);
  slow-path-ramp  from minute 10 on, path=/api/b slows down steadily, to
               four times its latency at the end (a trend, no level shift:
               its first third of the windows is before, its last third
               after, as `check` says with `trend`);
  even-ramp    from minute 10 on, every request slows down steadily, to
               four times its latency at the end (no value to blame);
  slow-path-spike, pool-errors-spike, even-spike
               as slow-path, pool-errors and even, but for two minutes
               only (minutes 20 and 21), then back to normal: a spike,
               no level shift; its attribution compares those two
               windows with every other one (before and after the spike),
               as perf-analyze(1) says, and `check` does the same;
  spike-then-shift  path=/api/c is three times slower in minutes 8 and 9
               only (a spike), and path=/api/b from minute 20 on (a level
               shift), as in slow-path: `check` gives the shift's figures,
               its period before (minutes 0 to 19) without the spike's
               minutes, and `check spike-then-shift spike` (or
               spike-counts) the spike's, against minutes 0 to 19 but
               its own (its level, which ends at the shift).
With a second argument, `baseline` or `candidate`, it prints one side of
the change for perf-analyze compare (tests/cli/perf-analyze-compare-
attribution.sh): the first 20 minutes, or the last 20 moved back by 20
minutes, so that both sides cover 08:00 to 08:20.
With `check CASE` instead, it prints from the raw log it generates (not
from our output) the figures an attribution of the change at minute 20
must show, as one {"match": ..., "want": ...} line: the p95 before and
after (nearest rank) and the planted values' share of the requests above
the p95 before; or the error rate before and after and the planted
values' share of the errors; and their share of the traffic after and
before.  `check CASE compare` prints the figures of the comparison of
the two sides within the sketch's accuracy (1%): the p95s, or the error
rates; `check CASE counts` its exact counts: the planted values'
requests before and after, their requests above the threshold (or their
errors) before and after, everyone's, and the shares these make.  Above
the threshold means, as perf-analyze(1) says, in a bucket of the 1%
sketch (DDSketch: x in bucket ceil(log_g x), g = 1.01 / 0.99) above the
one that holds the p95 before.  `check CASE verdict` prints compare's
judgement of the rolled-up total: per minute, the p95 as the sketch
gives it (the estimate 2 g^i / (g + 1) of the bucket i that holds the
nearest-rank p95) or the error rate; the relative change of the medians
and the Mann-Whitney p-value (scipy) of the candidate's minutes against
the baseline's.
"""
import json
import math
import random
import sys

START = 1764057600          # 2025-11-25T08:00:00Z
MINUTES = 40
CHANGE = START + 20 * 60
RATE = 6                    # requests per second
RAMP = 10 * 60              # slow-path-ramp: the slowing starts
SPIKE_END = CHANGE + 2 * 60  # the *-spike cases: back to normal
EARLY_SPIKE = START + 8 * 60  # spike-then-shift: path=/api/c's two minutes
POOLS = ["a", "b", "c"]
PATHS = ["/api/a", "/api/b", "/api/c", "/api/d"]
PLANTED = {"slow-path": ("path", ["/api/b"]),
           "pool-errors": ("pool", ["b"]),
           "two-paths": ("path", ["/api/b", "/api/c"]),
           "even": (None, []),
           "slow-path-ramp": ("path", ["/api/b"]),
           "even-ramp": (None, []),
           "slow-path-spike": ("path", ["/api/b"]),
           "pool-errors-spike": ("pool", ["b"]),
           "even-spike": (None, []),
           "spike-then-shift": ("path", ["/api/b"])}
SPIKES = {"slow-path-spike": "slow-path", "pool-errors-spike": "pool-errors",
          "even-spike": "even"}


def requests(case):
    rng = random.Random(19)
    spike = case in SPIKES
    early = case == "spike-then-shift"
    case = SPIKES.get(case, "slow-path" if early else case)
    for second in range(MINUTES * 60):
        ts = START + second
        for i in range(RATE):
            pool = rng.choice(POOLS)
            path = rng.choice(PATHS)
            ms = 50.0 * math.exp(rng.gauss(0.0, 0.4))
            error_rate = 0.01
            if ts >= CHANGE and not (spike and ts >= SPIKE_END):
                if case == "slow-path" and path == "/api/b":
                    ms *= 3
                elif case == "two-paths" and path in ("/api/b", "/api/c"):
                    ms *= 3
                elif case == "even":
                    ms *= 3
                elif case == "pool-errors" and pool == "b":
                    error_rate = 0.1
            if early and path == "/api/c" and EARLY_SPIKE <= ts < EARLY_SPIKE + 120:
                ms *= 3
            if (case == "even-ramp" or (case == "slow-path-ramp" and path == "/api/b")) \
                    and second >= RAMP:
                ms *= 1 + 3 * (second - RAMP) / (MINUTES * 60 - 1 - RAMP)
            status = "500" if rng.random() < error_rate else "200"
            yield ts + i / RATE, pool, path, status, round(ms, 3)


def generate(case, side=None):
    out = sys.stdout
    for ts, pool, path, status, ms in requests(case):
        if side == "baseline" and ts >= CHANGE:
            continue
        if side == "candidate":
            if ts < CHANGE:
                continue
            ts -= CHANGE - START
        out.write('{"name":"request.duration","value":%s,"ts":%s,"type":"timer",'
                  '"unit":"ms","tags":{"pool":"%s","path":"%s","status":"%s"}}\n'
                  % (ms, round(ts, 3), pool, path, status))


def nearest_rank(values, q):
    values = sorted(values)
    return values[math.ceil(q * len(values)) - 1]


GAMMA = 1.01 / 0.99
THIRD = MINUTES // 3        # a trend's first and last third of the windows


def bucket(ms):
    return math.ceil(math.log(ms) / math.log(GAMMA))


def check(case, mode=None):
    """One JSON line for tests/cli/lib.sh's expect_agrees_with."""
    key, planted = PLANTED[case]
    if mode in ("spike", "spike-counts"):   # spike-then-shift's spike
        key, planted = "path", ["/api/c"]
    index = {"pool": 1, "path": 2}[key]
    rows = list(requests(case))
    before_end = after_start = CHANGE
    if mode in ("trend", "trend-counts"):
        before_end = START + THIRD * 60
        after_start = START + (MINUTES - THIRD) * 60
        mode = {"trend": "compare", "trend-counts": "counts"}[mode]
    before = [r for r in rows if r[0] < before_end]
    after = [r for r in rows if r[0] >= after_start]
    if case in SPIKES:
        before = [r for r in rows if not CHANGE <= r[0] < SPIKE_END]
        after = [r for r in rows if CHANGE <= r[0] < SPIKE_END]
    if case == "spike-then-shift":
        early = [r for r in rows if EARLY_SPIKE <= r[0] < EARLY_SPIKE + 120]
        before = [r for r in rows if r[0] < CHANGE and not
                  EARLY_SPIKE <= r[0] < EARLY_SPIKE + 120]
        if mode in ("spike", "spike-counts"):
            after = early
            mode = {"spike": None, "spike-counts": "counts"}[mode]

    def share(part, whole):
        return sum(1 for r in part if r[index] in planted) / len(whole)

    def planted_count(part):
        return sum(1 for r in part if r[index] in planted)

    match = {"dimension": key, "values": planted,
             "ts": START if mode and after_start == CHANGE and
             case != "spike-then-shift" else after_start}
    if case in SPIKES:
        match["ts"] = CHANGE
        match["until"] = SPIKE_END
    if after and after[0][0] == EARLY_SPIKE:
        match["ts"] = EARLY_SPIKE
        match["until"] = EARLY_SPIKE + 120
    if case in ("pool-errors", "pool-errors-spike"):
        eb = [r for r in before if r[3] == "500"]
        ea = [r for r in after if r[3] == "500"]
        want = {"before": len(eb) / len(before), "after": len(ea) / len(after),
                "share": share(ea, ea), "share_before": share(eb, eb)}
        tail_before, tail_after = eb, ea
    else:
        p95 = nearest_rank([r[4] for r in before], 0.95)
        above = [r for r in after if r[4] > p95]
        want = {"threshold": p95, "before": p95,
                "after": nearest_rank([r[4] for r in after], 0.95),
                "share": share(above, above)}
        top = bucket(p95)
        tail_before = [r for r in before if bucket(r[4]) > top]
        tail_after = [r for r in after if bucket(r[4]) > top]
    if mode == "compare":
        want.pop("share")
        want.pop("share_before", None)
    elif mode == "counts":
        want = {"requests_before": planted_count(before),
                "requests_after": planted_count(after),
                "tail_before": planted_count(tail_before),
                "tail_after": planted_count(tail_after),
                "all_tail_before": len(tail_before),
                "all_tail_after": len(tail_after),
                "share": share(tail_after, tail_after),
                "share_before": share(tail_before, tail_before)}
    want["traffic"] = share(after, after)
    want["traffic_before"] = share(before, before)
    if (case in SPIKES or case == "spike-then-shift") and mode != "compare":
        want["explanatory_power"] = explanatory_power(
            case, planted_count, before, after, tail_before, tail_after)
    print(json.dumps({"match": match, "want": want}))


def explanatory_power(case, planted_count, before, after, tail_before, tail_after):
    """The planted values' explanatory power: Adtributor's formulas (as
    tests/unit/reference_attribution.py) on the counts after against
    those before scaled by the ratio of their minutes (2 / 38 in a
    spike): additive over the requests above the threshold, or the
    derived measure of errors over requests."""
    minutes = lambda rows: len(set(int(r[0] - START) // 60 for r in rows))  # noqa: E731
    scale = minutes(after) / minutes(before)
    if case != "pool-errors-spike":
        return ((planted_count(tail_after) - scale * planted_count(tail_before)) /
                (len(tail_after) - scale * len(tail_before)))
    fa, fb = scale * len(tail_before), scale * len(before)
    change = len(tail_after) / len(after) - len(tail_before) / len(before)
    part = ((planted_count(tail_after) - scale * planted_count(tail_before)) * fb -
            (planted_count(after) - scale * planted_count(before)) * fa) / (fb * len(after))
    return part / change


def verdict(case):
    """compare's judgement of the total, for expect_agrees_with."""
    from scipy import stats
    key, planted = PLANTED[case]
    minutes = {}
    for row in requests(case):
        minutes.setdefault(int(row[0] - START) // 60, []).append(row)

    def figure(rows):
        if case == "pool-errors":
            return sum(1 for r in rows if r[3] == "500") / len(rows)
        return 2 * GAMMA ** bucket(nearest_rank([r[4] for r in rows], 0.95)) / (GAMMA + 1)

    base = [figure(minutes[m]) for m in range(20)]
    cand = [figure(minutes[m]) for m in range(20, MINUTES)]
    u = stats.mannwhitneyu(cand, base, method="asymptotic", use_continuity=True)
    median = sorted(base)[9] / 2 + sorted(base)[10] / 2
    change = (sorted(cand)[9] / 2 + sorted(cand)[10] / 2 - median) / abs(median)
    print(json.dumps({"match": {"dimension": key, "values": planted, "ts": START},
                      "want": {"change": change, "p_value": float(u.pvalue)}}))


def trend_verdict(case):
    """The trend of the total's p95 per minute, as perf-analyze(1) says a
    trend finding judges it: Theil-Sen change over the span / mean, and
    the Mann-Kendall p-value (Kendall's tau against time)."""
    from scipy import stats
    key, planted = PLANTED[case]
    minutes = {}
    for row in requests(case):
        minutes.setdefault(int(row[0] - START) // 60, []).append(row)
    x = [60.0 * m for m in range(MINUTES)]
    y = [2 * GAMMA ** bucket(nearest_rank([r[4] for r in minutes[m]], 0.95)) / (GAMMA + 1)
         for m in range(MINUTES)]
    slope = stats.theilslopes(y, x)[0]
    tau = stats.kendalltau(x, y)
    change = slope * (x[-1] - x[0]) / (sum(abs(v) for v in y) / len(y))
    print(json.dumps({"match": {"dimension": key, "values": planted,
                                "ts": START + (MINUTES - THIRD) * 60},
                      "want": {"change": change, "p_value": float(tau.pvalue)}}))


if __name__ == "__main__":
    if sys.argv[1] == "check":
        if sys.argv[3:] == ["verdict"]:
            verdict(sys.argv[2])
        elif sys.argv[3:] == ["trend-verdict"]:
            trend_verdict(sys.argv[2])
        else:
            check(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        generate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
