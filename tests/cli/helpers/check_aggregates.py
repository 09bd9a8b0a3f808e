#!/usr/bin/python3
"""Checks perf-aggregate's aggregates against the raw points they came from.

    check_aggregates.py POINTS AGGREGATES [--window SECONDS] [--alpha A]
                        [--ratio NAME=NUM_STATUS]

Everything is computed here from POINTS (NDJSON points, grouped by name and
the "pool" tag, as perf-aggregate --by pool groups them; by tumbling windows
of SECONDS aligned to the epoch, or the whole input), never from
perf-aggregate's output:
  - count, min and max must be equal;
  - sum within 1e-9 relative (Python's math.fsum of the values);
  - percentiles: with --alpha, each one present must be within A (relative)
    of the exact nearest-rank percentile (rank = ceil(p n / 100), computed
    with fractions); without it, none may be present and "quantiles" must
    be "none" for distributions (exact shards cannot be merged into exact
    percentiles);
  - with --ratio error_rate=error, the aggregate named error_rate of each
    pool must hold numerator = the sum of request.completed values whose
    status tag is "error", denominator = the sum of all request.completed
    values, and ratio = numerator / denominator (to 1e-12 relative);
  - there is exactly one aggregate per group: no more, no fewer.
Prints one line of what it checked; exits 1 with the differences otherwise.
"""
import argparse
import json
import math
import sys
from fractions import Fraction

DISTRIBUTIONS = {"gauge", "timer", "histogram", "summary", None}


def nearest_rank(values, key):
    p = Fraction(key[1:])
    n = len(values)
    rank = max(1, math.ceil(p * n / 100))
    return values[rank - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("points")
    parser.add_argument("aggregates")
    parser.add_argument("--window", type=float)
    parser.add_argument("--alpha", type=float)
    parser.add_argument("--ratio")
    args = parser.parse_args()

    groups = {}
    ratios = {}
    with open(args.points) as f:
        for line in f:
            point = json.loads(line)
            pool = point.get("tags", {}).get("pool")
            start = None
            if args.window:
                start = math.floor(point["ts"] / args.window) * args.window
            key = (point["name"], pool, start)
            groups.setdefault(key, {"type": point.get("type"), "values": []})
            groups[key]["values"].append(point["value"])
            if args.ratio and point["name"] == "request.completed":
                name, status = args.ratio.split("=")
                parts = ratios.setdefault((name, pool, start), [0.0, 0.0])
                if point["tags"].get("status") == status:
                    parts[0] += point["value"]
                parts[1] += point["value"]

    problems = []
    seen = set()
    checked = {"aggregates": 0, "percentiles": 0, "ratios": 0}
    with open(args.aggregates) as f:
        for line in f:
            record = json.loads(line)
            if record.get("kind") != "aggregate":
                continue
            pool = record.get("tags", {}).get("pool")
            start = record.get("start") if args.window else None
            key = (record["name"], pool, start)
            if key in seen:
                problems.append(f"two aggregates for {key}")
            seen.add(key)
            checked["aggregates"] += 1
            if key in ratios:
                numerator, denominator = ratios[key]
                checked["ratios"] += 1
                if record.get("numerator") != numerator or record.get("denominator") != denominator:
                    problems.append(f"{key}: {record.get('numerator')}/{record.get('denominator')}"
                                    f" != {numerator}/{denominator}")
                if abs(record["ratio"] - numerator / denominator) > 1e-12 * (numerator / denominator):
                    problems.append(f"{key}: ratio {record['ratio']} != {numerator / denominator}")
                continue
            if key not in groups:
                problems.append(f"no points for {key}")
                continue
            group = groups[key]
            values = sorted(group["values"])
            if record.get("count") != len(values):
                problems.append(f"{key}: count {record.get('count')} != {len(values)}")
            if "min" in record and (record["min"] != values[0] or record["max"] != values[-1]):
                problems.append(f"{key}: extremes {record['min']}, {record['max']} != "
                                f"{values[0]}, {values[-1]}")
            exact_sum = math.fsum(values)
            if "sum" in record and abs(record["sum"] - exact_sum) > 1e-9 * abs(exact_sum):
                problems.append(f"{key}: sum {record['sum']} != {exact_sum}")
            percentiles = record.get("percentiles", {})
            if args.alpha is None:
                if percentiles:
                    problems.append(f"{key}: percentiles from exact shards")
                if group["type"] in DISTRIBUTIONS and record.get("quantiles") != "none":
                    problems.append(f"{key}: quantiles {record.get('quantiles')} is not \"none\"")
            for name, value in percentiles.items() if args.alpha is not None else ():
                exact = nearest_rank(values, name)
                checked["percentiles"] += 1
                if abs(value - exact) > args.alpha * abs(exact):
                    problems.append(f"{key}: {name} {value} not within {args.alpha} of {exact}")
    expected = set(groups) | set(ratios)
    for key in sorted(expected - seen, key=str):
        problems.append(f"missing aggregate for {key}")
    if problems:
        print("\n".join(problems[:20]))
        return 1
    print(f"{checked['aggregates']} aggregates of {len(groups)} groups: counts and extremes "
          f"equal, sums within 1e-9; {checked['percentiles']} percentiles within alpha; "
          f"{checked['ratios']} ratios exact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
