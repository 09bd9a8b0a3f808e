"""count_delivery.py - what a fault run and its clean rerun delivered,
counted from the raw outputs against the numbers 1..N the input holds.

    count_delivery.py KIND N FAULT_FILE... -- RERUN_FILE...

KIND "points": every line {"value": I, ...} delivers I (perf-collect).
KIND "window-sums": every {"kind": "aggregate", "sum": I, ...} delivers I
(perf-aggregate --window over the points, one point per window).
KIND "alerts": every {"kind": "alert", "state": "firing", "tags":
{"h": "hostI"}} delivers I (perf-alert); other records are ignored.
KIND "aggregates": every {"kind": "aggregate", "tags": {"h": "hostI"}}
delivers I (perf-aggregate, one series per input number).
A line that is not JSON is torn: it delivers nothing, and only the last
line of a fault run's file may be torn (a write cut by the fault).

Prints "fault=F rerun=R lost=L duplicated=D torn=T" where F and R count
the items delivered by each run, L the numbers 1..N delivered by neither,
D the items the rerun delivered again (already in the fault run's output),
T the torn lines; exits 1 when a torn line is anywhere but last in a
fault file, or when a rerun file has a torn line or a number twice.
"""
import json
import sys


def items(path, kind):
    """The numbers a file delivers, in order, and its torn lines."""
    got, torn, torn_inside = [], 0, False
    with open(path, "rb") as stream:
        lines = stream.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    else:
        pass  # a last line without its newline is checked like the others
    for index, line in enumerate(lines):
        complete = index < len(lines) - 1 or path_ends_in_newline(path)
        try:
            record = json.loads(line)
        except ValueError:
            torn += 1
            torn_inside = torn_inside or index < len(lines) - 1
            continue
        if not complete:
            torn += 1  # JSON by chance, but cut: not delivered
            continue
        if kind == "points":
            got.append(int(record["value"]))
        elif kind == "aggregates" and record.get("kind") == "aggregate":
            got.append(int(record["tags"]["h"][len("host"):]))
        elif kind == "window-sums" and record.get("kind") == "aggregate":
            got.append(int(record["sum"]))
        elif kind == "alerts" and record.get("kind") == "alert" and \
                record.get("state") == "firing":
            got.append(int(record["tags"]["h"][len("host"):]))
    return got, torn, torn_inside


def path_ends_in_newline(path):
    with open(path, "rb") as stream:
        data = stream.read()
    return data.endswith(b"\n") or not data


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    split = sys.argv.index("--")
    fault_files, rerun_files = sys.argv[3:split], sys.argv[split + 1:]
    fault, rerun, torn, bad = [], [], 0, []
    for path in fault_files:
        got, cut, inside = items(path, kind)
        fault += got
        torn += cut
        if inside:
            bad.append("%s: a torn line before its end" % path)
    for path in rerun_files:
        got, cut, _ = items(path, kind)
        rerun += got
        torn += cut
        if cut:
            bad.append("%s: a torn line in a clean rerun" % path)
    if len(set(rerun)) != len(rerun):
        bad.append("the rerun delivered a number twice")
    delivered = set(fault) | set(rerun)
    lost = len(set(range(1, n + 1)) - delivered)
    duplicated = len(set(fault) & set(rerun))
    print("fault=%d rerun=%d lost=%d duplicated=%d torn=%d"
          % (len(fault), len(rerun), lost, duplicated, torn))
    for message in bad:
        print("# " + message)
    return 1 if bad else 0


sys.exit(main())
