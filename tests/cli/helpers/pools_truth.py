#!/usr/bin/python3
"""The truth of a three-pool nginx access log, for integration-nginx-pools.sh.

Reads the RAW access log (log_format '$msec $pool $status rt=$request_time
"$request"') with its own regular expression, no perfpipe code involved,
and computes per pool: the request count, p50/p95/p99 of the request
duration in ms (nearest rank: the ceil(p n / 100)-th smallest, in integer
arithmetic, from the durations as exact decimals), the requests per second
over the real span (count / (last $msec - first $msec)), the error rate
(5xx lines / lines), and the final state of the alert rule
"error_rate:ratio > THRESHOLD" over whole windows of WINDOW seconds
(partial windows skipped, as perf-alert does by default: a window is
partial when the log's first line comes more than one spacing after its
start or its last line more than one spacing before its end, the spacing
being the mean time between the window's own lines).

Then it checks one output of perfpipe: a reader per format turns the
output into {pool: {figure: printed text}}, and every printed figure must
equal the reference rounded to the precision it is printed at (a figure a
format does not print is not checked; a format that prints none of a
pool's figures fails; "figure@where" names a figure printed in two places).  Adding a format is adding a reader to READERS.

    pools_truth.py LOG reference           prints the reference
    pools_truth.py LOG FORMAT FILE         checks FILE, prints what it compared
"""
import csv
import json
import math
import re
import sys
from decimal import Decimal, ROUND_HALF_EVEN
from fractions import Fraction

THRESHOLD = 0.05        # the alert rule: error_rate:ratio > 0.05
WINDOW = 1              # seconds, the rule's windows
FIGURES = ("count", "p50", "p95", "p99", "rps", "error_rate", "alert")

LINE = re.compile(r'^(\d+\.\d{3}) (\S+) (\d{3}) rt=(\d+\.\d{3}) "[^"]*"$')


def nearest_rank(values, p):
    rank = math.ceil(Fraction(p) * len(values) / 100)
    return sorted(values)[max(rank, 1) - 1]


def final_state(lines, first, last):
    """Walks whole windows in time order: fires at the end of the first
    window over the threshold, resolves at the end of the first one not
    over it; returns "firing", "resolved" or "none"."""
    windows = {}
    for ts, status in lines:
        start = math.floor(ts / WINDOW) * WINDOW
        errors, total, stamps = windows.get(start, (0, 0, []))
        windows[start] = (errors + (status >= 500), total + 1, stamps + [ts])
    state = "none"
    for start in sorted(windows):
        errors, total, stamps = windows[start]
        # the ratio's own points: every line of the pool
        spacing = (max(stamps) - min(stamps)) / (total - 1) if total > 1 else 0
        if first > start + spacing or last + spacing < start + WINDOW:
            continue        # partial: the input covers it in part
        if errors / total > THRESHOLD:
            state = "firing"
        elif state == "firing":
            state = "resolved"
    return state


def reference(log):
    pools, stamps = {}, []
    for text in open(log):
        m = LINE.match(text.rstrip("\n"))
        if not m:
            sys.exit("pools_truth: cannot read log line: " + text)
        msec, pool, status, rt = m.groups()
        ts = float(msec)
        stamps.append(ts)
        entry = pools.setdefault(pool, {"ms": [], "ts": [], "errors": 0, "lines": []})
        entry["ms"].append(Decimal(rt) * 1000)
        entry["ts"].append(ts)
        entry["errors"] += int(status) >= 500
        entry["lines"].append((ts, int(status)))
    first, last = min(stamps), max(stamps)
    truth = {}
    for pool, e in pools.items():
        n = len(e["ms"])
        truth[pool] = {
            "count": n,
            "p50": float(nearest_rank(e["ms"], 50)),
            "p95": float(nearest_rank(e["ms"], 95)),
            "p99": float(nearest_rank(e["ms"], 99)),
            "rps": n / (max(e["ts"]) - min(e["ts"])),
            "error_rate": e["errors"] / n,
            "errors": e["errors"],
            "alert": final_state(e["lines"], first, last),
        }
    return truth


# ---- comparing at the printed precision ----

SCALE = {"": 1, "ms": 1, "s": 1000, "µs": 0.001, "us": 0.001, "min": 60000}
NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(k|M)?\s*(ms|s|µs|us|min|%|/s)?$")


def agrees(figure, printed, expected):
    """Whether printed (a number with its unit as a format prints it)
    equals expected (ms for durations, a fraction for the error rate, per
    second for rps) rounded to the printed number's decimals."""
    if figure == "alert":
        return printed == expected
    m = NUMBER.match(printed.strip())
    if not m:
        return False
    digits, multiple, unit = m.groups()
    if multiple is None and unit is None and float(digits) == float(expected):
        return True         # full precision: the very double
    if "e" in digits.lower():
        return False
    # expected as the C program holds it: the double, exactly
    value = Decimal(float(expected))
    if unit == "%":
        value *= 100
    elif unit in SCALE and figure.startswith("p"):
        value /= Decimal(SCALE[unit])
    if multiple:
        value /= Decimal(1000 if multiple == "k" else 1000000)
    places = len(digits.split(".")[1]) if "." in digits else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN) == Decimal(digits)


# ---- the readers: output file -> {pool: {figure: printed text}} ----

def read_csv(path):
    out = {}
    for row in csv.DictReader(open(path)):
        pool = row.get("tag.pool")
        if not pool:
            continue
        got = out.setdefault(pool, {})
        if row["name"] == "request.duration":
            for key in ("count", "p50", "p95", "p99"):
                if row.get(key):
                    got[key] = row[key]
            if row.get("rate"):
                got["rps"] = row["rate"]
        elif row["name"] == "error_rate" and row.get("ratio"):
            got["error_rate"] = row["ratio"]
    return out


def read_json(path):
    """perf-report -f json: its series, and its alerts' final states."""
    out = {}
    report = json.load(open(path))
    for s in report.get("series", []):
        pool = s.get("tags", {}).get("pool")
        if pool is None:
            continue
        got = out.setdefault(pool, {})
        if s["name"] == "request.duration":
            got["count"] = json.dumps(s["count"])
            got["rps"] = json.dumps(s["rate"])
            percentiles = s.get("percentiles") or s.get("peak_percentiles") or {}
            for key in ("p50", "p95", "p99"):
                if key in percentiles:
                    got[key] = json.dumps(percentiles[key])
        elif s["name"] == "error_rate" and "ratio" in s:
            got["error_rate"] = json.dumps(s["ratio"])
    for alert in report.get("alerts", []):     # in order: the last is final
        pool = alert.get("tags", {}).get("pool")
        if pool is not None:
            out.setdefault(pool, {})["alert"] = alert["state"]
    return out


def read_stream(path):
    """NDJSON of perf-aggregate (whole input), perf-analyze and perf-alert:
    the aggregates' figures, the summaries' overall error rate and rate,
    the performance findings' error rate and throughput, and the last
    alert state per pool."""
    out = {}
    for text in open(path):
        r = json.loads(text)
        pool = r.get("tags", {}).get("pool")
        if pool is None:
            continue
        got = out.setdefault(pool, {})
        kind, name = r.get("kind"), r.get("name")
        if kind == "aggregate" and r.get("window", {}).get("type") == "all":
            if name == "request.duration":
                got["count"] = json.dumps(r["count"])
                got["rps"] = json.dumps(r["rate"])
                for key in ("p50", "p95", "p99"):
                    got[key] = json.dumps(r["percentiles"][key])
            elif name == "error_rate":
                got["error_rate"] = json.dumps(r["ratio"])
        elif kind == "finding" and r.get("type") == "summary":
            if name == "error_rate" and "stat_overall" in r:
                got["error_rate@summary"] = json.dumps(r["stat_overall"])
            elif name == "request.completed" and "stat_overall" in r:
                got["rps@summary"] = json.dumps(r["stat_overall"])
            elif name == "performance":
                if "error_rate" in r:
                    got["error_rate@performance"] = json.dumps(r["error_rate"])
                if "throughput" in r:
                    got["rps@performance"] = json.dumps(r["throughput"])
        elif kind == "alert":
            got["alert"] = r["state"]
    return out


def read_text(path):
    """perf-report's text: the rows of the request.duration table, read by
    its heading (COUNT, P50, P95, P99, RATE), the error_rate table's RATIO,
    and an ERRORS column wherever one is; cells are 2+ spaces apart."""
    out, columns, table = {}, None, None
    for line in open(path):
        line = line.rstrip("\n")
        if line and not line.startswith(" "):
            table = line.split(" ")[0].split(",")[0]
            columns = None
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] == "SERIES":
            columns = cells
            continue
        if columns is None or not cells[0].startswith("pool=") or len(cells) != len(columns):
            continue
        pool = cells[0][len("pool="):]
        row = dict(zip(columns, cells))
        got = out.setdefault(pool, {})
        if table == "request.duration":
            for key, figure in (("COUNT", "count"), ("P50", "p50"), ("P95", "p95"),
                                ("P99", "p99"), ("RATE", "rps")):
                if key in row and row[key] != "-":
                    got[figure] = row[key]
        if table == "error_rate" and row.get("RATIO", "-") != "-":
            got["error_rate"] = row["RATIO"].split(" ")[0]       # "3.16% (3/95)"
        if "ERRORS" in row and row["ERRORS"] != "-":
            got["error_rate@errors"] = row["ERRORS"].split(" ")[0]
    return out


READERS = {"csv": read_csv, "json": read_json, "stream": read_stream, "text": read_text}


def main():
    log, what = sys.argv[1], sys.argv[2]
    truth = reference(log)
    if what == "reference":
        for pool, t in sorted(truth.items()):
            print("%s: %d requests, %d errors (%.4g%%), p50 %g ms, p95 %g ms, p99 %g ms, "
                  "%.4g/s, alert %s" % (pool, t["count"], t["errors"], 100 * t["error_rate"],
                                        t["p50"], t["p95"], t["p99"], t["rps"], t["alert"]))
        return 0
    printed = READERS[what](sys.argv[3])
    problems, compared = [], 0
    for pool, t in sorted(truth.items()):
        got = printed.get(pool, {})
        # a key is a figure, or figure@where when an output prints it twice
        keys = [k for k in sorted(got) if k.split("@")[0] in FIGURES]
        if not keys:
            problems.append("%s: %s prints none of the figures" % (pool, what))
        for key in keys:
            figure = key.split("@")[0]
            compared += 1
            if not agrees(figure, got[key], t[figure]):
                problems.append("%s %s: %s prints %s, the log says %r" %
                                (pool, key, what, got[key], t[figure]))
    extra = set(printed) - set(truth)
    if extra:
        problems.append("%s prints pools the log does not have: %s" % (what, sorted(extra)))
    print("%s: %d figures of %d pools equal the log's" % (what, compared - len(problems), len(truth)))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
