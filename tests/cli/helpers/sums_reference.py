#!/usr/bin/python3
"""The sums of points, independently of perfpipe, for perf-aggregate-sums.

  sums_reference.py POINTS            reference of one pass over POINTS
  sums_reference.py --shards A B ...  reference of --merge of shard passes
  sums_reference.py --compare REF AGGREGATES

A series' sum is the exact (rational) running sum of its values in input
order; it is unknown (null) as soon as one running total rounds past the
largest double, as perfpipe-stream(5) defines it.  A merge adds the
shards' exact sums in order the same way (a shard's aggregate carries
what its rounded sum misses in "sum_residual"), and is unknown if one of
them is.
The reference prints {"series": {name: {"count", "sum", "mean", "type"}},
"unknown": how many sums are null}; --compare prints each disagreement
and "compared N series: K null sums, M known", and exits 1 on any.
"""
import json
import sys
from fractions import Fraction


def running_sum(values):
    """The exact sum, or None once a running total rounds past DBL_MAX."""
    total = Fraction(0)
    for value in values:
        total += Fraction(value)
        try:
            float(total)
        except OverflowError:
            return None
    return total


def one_pass(path):
    series = {}
    with open(path) as f:
        for line in f:
            point = json.loads(line)
            entry = series.setdefault(point["name"], {
                "values": [], "type": point.get("type", "gauge")})
            entry["values"].append(point["value"])
    return {name: {"count": len(e["values"]), "sum": running_sum(e["values"]),
                   "type": e["type"]} for name, e in series.items()}


def finish(series):
    """Rounds the exact sums to doubles, and adds the means."""
    for entry in series.values():
        exact = entry["sum"]
        entry["sum"] = None if exact is None else float(exact)
        entry["mean"] = None if exact is None else float(exact / entry["count"])
    unknown = sum(1 for e in series.values() if e["sum"] is None)
    return {"series": series, "unknown": unknown}


def merge(paths):
    merged = {}
    for path in paths:
        for name, entry in one_pass(path).items():
            into = merged.setdefault(name, {"count": 0, "parts": [], "type": entry["type"]})
            into["count"] += entry["count"]
            into["parts"].append(entry["sum"])
    for entry in merged.values():
        parts = entry.pop("parts")
        entry["sum"] = None if None in parts else running_sum(parts)
    return merged


def close(got, want, relative):
    return isinstance(got, (int, float)) and abs(got - want) <= relative * abs(want)


def compare(reference_path, aggregates_path):
    with open(reference_path) as f:
        reference = json.load(f)["series"]
    with open(aggregates_path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    problems, null_sums, known = [], 0, 0
    for name in sorted(reference):
        want = reference[name]
        found = [r for r in records if r.get("name") == name]
        if len(found) != 1:
            problems.append(f"{name}: {len(found)} aggregates, expected 1")
            continue
        got = found[0]
        if got.get("count") != want["count"]:
            problems.append(f"{name}: count {got.get('count')}, reference {want['count']}")
        checks = [("sum", want["sum"], 1e-15)]
        if "mean" in got or want["type"] != "counter":
            checks.append(("mean", want["mean"], 1e-12))
        if want["sum"] is None and want["type"] == "counter":
            checks.append(("rate", None, 0))
        for key, value, relative in checks:
            if value is None:
                ok = key in got and got[key] is None
            else:
                ok = close(got.get(key), value, relative)
            if not ok:
                problems.append(f"{name}: {key} {json.dumps(got.get(key))}, "
                                f"reference {json.dumps(value)}")
        if want["sum"] is None:
            null_sums += 1
        else:
            known += 1
    for problem in problems:
        print(problem)
    print(f"compared {null_sums + known} series: {null_sums} null sums, {known} known")
    return 1 if problems or null_sums + known == 0 else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "--compare":
        return compare(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] == "--shards":
        print(json.dumps(finish(merge(argv[2:]))))
        return 0
    if len(argv) == 2:
        print(json.dumps(finish(one_pass(argv[1]))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
