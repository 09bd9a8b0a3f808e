#!/usr/bin/python3
"""Which alerts an attribution explains, from the raw planted-cause log,
for tests/cli/perf-alert-explanation.sh.

Reads the log that tests/cli/helpers/planted_cause.py generates for CASE
(its own generator, not our output) and models one threshold rule over
one-minute windows, as perf-alert fires and resolves it (fires at the end
of a window over the threshold, resolves at the end of the next window of
that series that is not):

  p95 T           request.duration:p95 > T per pool, path and status
                  (the nearest-rank p95 of the window's requests);
  errors T        request.duration{status=500}:count > T per pool and path
                  (a window counts only when the series has a 500 in it);
  total-p95 T     the p95 of every request of the window (one series).

An optional last argument, KEY=VALUE,..., keeps only the series with
those tags, as a rule's selector does.

  alerts CASE RULE T   one JSON line per alert, sorted: its "tags", when
                       its latest episode fired ("fired", epoch seconds),
                       and "explained": whether the planted cause explains
                       it (the episode fired at or after the change, and,
                       for a *-spike case, at or before the end of the
                       spike (the finding's "until"), and
                       the series' value of the planted tag, when it has
                       that tag, is a planted value; never for total-p95,
                       whose metric has no attribution, nor for the even
                       case, which has no cause), with the "dimension" and
                       "values" the explanation must name.
  text CASE RULE T     reads perf-report's text report on stdin and checks
                       each alert entry: the explained ones have the line
                       "explained by DIM=VALUE (explanatory power P%): ..."
                       naming the planted values, with P, the figures
                       before and after and the planted values' share
                       within 3 points (or 3%) of the ones computed here;
                       the others have no such line.  Prints one line of
                       counts, or the differences (exit status 1).
"""
import json
import math
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import planted_cause  # noqa: E402  the generator of the logs

CHANGE = planted_cause.CHANGE
SPIKE_END = planted_cause.SPIKE_END
TAG_INDEX = {"pool": 1, "path": 2, "status": 3}


def nearest_rank(values, q):
    values = sorted(values)
    return values[math.ceil(q * len(values)) - 1]


def windows(case, rule):
    """{series tags (sorted tuple): {window start: figure}}"""
    groups = defaultdict(lambda: defaultdict(list))
    for ts, pool, path, status, ms in planted_cause.requests(case):
        start = int(ts // 60 * 60)
        if rule == "p95":
            groups[(("path", path), ("pool", pool), ("status", status))][start].append(ms)
        elif rule == "errors":
            if status == "500":
                groups[(("path", path), ("pool", pool), ("status", "500"))][start].append(ms)
        else:
            groups[()][start].append(ms)
    figures = {}
    for series, by_window in groups.items():
        figures[series] = {start: (len(values) if rule == "errors"
                                   else nearest_rank(values, 0.95))
                           for start, values in by_window.items()}
    return figures


def alerts(case, rule, threshold, selector=""):
    """The alerts of the rule (on the series whose tags include the
    selector's KEY=VALUE pairs): one per series that went over, with the
    time its latest episode fired and whether the cause explains it."""
    key, planted = planted_cause.PLANTED[case]
    wanted = set(tuple(pair.split("=", 1)) for pair in selector.split(",") if pair)
    out = []
    for series, by_window in windows(case, rule).items():
        if not wanted <= set(series):
            continue
        fired = None
        firing = False
        for start in sorted(by_window):
            over = by_window[start] > threshold
            if over and not firing:
                fired = start + 60
            firing = over
        if fired is None:
            continue
        tags = dict(series)
        explained = (key is not None and rule != "total-p95" and fired >= CHANGE and
                     (case not in planted_cause.SPIKES or fired <= SPIKE_END) and
                     (key not in tags or tags[key] in planted))
        alert = {"tags": tags, "fired": fired, "explained": explained}
        if explained:
            alert["dimension"] = key
            alert["values"] = planted
        out.append(alert)
    return sorted(out, key=lambda a: json.dumps(a["tags"], sort_keys=True, separators=(",", ":")))


def figures(case):
    """What the explanation of the planted cause says, from the raw log:
    the explanatory power of the planted values, the total's figure
    before and after, and the planted values' share of the tail (or of
    the errors)."""
    key, planted = planted_cause.PLANTED[case]
    index = TAG_INDEX[key]
    rows = list(planted_cause.requests(case))
    before = [r for r in rows if r[0] < CHANGE]
    after = [r for r in rows if r[0] >= CHANGE]
    mine = lambda r: r[index] in planted  # noqa: E731
    if case == "pool-errors":
        a0 = sum(1 for r in before if r[3] == "500")
        a1 = sum(1 for r in after if r[3] == "500")
        f0, f1 = a0 / len(before), a1 / len(after)
        a0v = sum(1 for r in before if r[3] == "500" and mine(r))
        a1v = sum(1 for r in after if r[3] == "500" and mine(r))
        b0v = sum(1 for r in before if mine(r))
        b1v = sum(1 for r in after if mine(r))
        # the derived-measure formula (perf-analyze(1)): the periods are
        # both 20 minutes long, so the expected figures are the before ones
        power = ((a1v - a0v) - f0 * (b1v - b0v)) / len(after) / (f1 - f0)
        return {"power": power, "before": f0 * 100, "after": f1 * 100,
                "share": a1v / a1 * 100}
    p95 = nearest_rank([r[4] for r in before], 0.95)
    above_before = [r for r in before if r[4] > p95]
    above_after = [r for r in after if r[4] > p95]
    power = ((sum(1 for r in above_after if mine(r)) - sum(1 for r in above_before if mine(r))) /
             (len(above_after) - len(above_before)))
    return {"power": power, "before": p95, "after": nearest_rank([r[4] for r in after], 0.95),
            "share": sum(1 for r in above_after if mine(r)) / len(above_after) * 100}


ENTRY = re.compile(r"^  [A-Z]+ +(firing|pending|resolved) +(\S+)")
EXPLAINED = re.compile(r"explained by (.*?) \(explanatory power ([0-9.]+)%\): (.*)$")
P95_MESSAGE = re.compile(r"\(([0-9.]+) ms → ([0-9.]+) ms\).*holds ([0-9.]+)% of the requests")
ERROR_MESSAGE = re.compile(r"\(([0-9.]+)% → ([0-9.]+)%\).*has ([0-9.]+)% of the errors")


def entries(report):
    """{series as the report writes it: the entry's text, its lines joined}"""
    found, current = {}, None
    in_alerts = False
    for line in report.splitlines():
        if line == "ALERTS":
            in_alerts = True
            continue
        if in_alerts and line and not line.startswith(" "):
            break
        match = ENTRY.match(line) if in_alerts else None
        if match:
            current = match.group(2)
            found[current] = []
        elif current is not None and line.strip():
            found[current].append(line.strip())
    return {series: " ".join(lines) for series, lines in found.items()}


def series_text(tags):
    inner = ",".join("%s=%s" % (k, v) for k, v in sorted(tags.items()))
    name = "upstream.duration" if not tags else "request.duration"
    return name + ("{%s}" % inner if inner else "")


def check_text(case, rule, threshold, selector, report):
    want = alerts(case, rule, threshold, selector)
    got = entries(report)
    problems = []
    if sorted(got) != sorted(series_text(a["tags"]) for a in want):
        problems.append("alerts in the report %s, from the raw log %s"
                        % (sorted(got), sorted(series_text(a["tags"]) for a in want)))
    reference = figures(case) if any(a["explained"] for a in want) else None
    explained = 0
    for alert in want:
        text = got.get(series_text(alert["tags"]), "")
        match = EXPLAINED.search(text)
        if not alert["explained"]:
            if "explained by" in text:
                problems.append("%s: explained, but nothing explains it" % series_text(alert["tags"]))
            continue
        if match is None:
            problems.append("%s: no explanation in %r" % (series_text(alert["tags"]), text))
            continue
        explained += 1
        names = ", ".join("%s=%s" % (alert["dimension"], v) for v in alert["values"])
        if match.group(1) != names:
            problems.append("%s: explained by %s, planted %s" % (series_text(alert["tags"]),
                                                                 match.group(1), names))
        if abs(float(match.group(2)) / 100 - reference["power"]) > 0.03:
            problems.append("%s: explanatory power %s%%, from the raw log %.4f"
                            % (series_text(alert["tags"]), match.group(2), reference["power"]))
        message = (ERROR_MESSAGE if case == "pool-errors" else P95_MESSAGE).search(match.group(3))
        if message is None:
            problems.append("%s: no figures in %r" % (series_text(alert["tags"]), match.group(3)))
            continue
        for name, shown in zip(("before", "after"), message.groups()[:2]):
            if abs(float(shown) - reference[name]) > 0.03 * reference[name]:
                problems.append("%s: %s %s, from the raw log %.4g"
                                % (series_text(alert["tags"]), name, shown, reference[name]))
        if abs(float(message.group(3)) - reference["share"]) > 3:
            problems.append("%s: share %s%%, from the raw log %.1f%%"
                            % (series_text(alert["tags"]), message.group(3), reference["share"]))
    if problems:
        print("\n".join(problems))
        return 1
    print("%d alerts, %d explained" % (len(want), explained))
    return 0


def main():
    command, case, rule, threshold = sys.argv[1:5]
    selector = sys.argv[5] if len(sys.argv) > 5 else ""
    threshold = float(threshold)
    if command == "alerts":
        for alert in alerts(case, rule, threshold, selector):
            print(json.dumps(alert, sort_keys=True, separators=(",", ":")))
        return 0
    return check_text(case, rule, threshold, selector, sys.stdin.read())


if __name__ == "__main__":
    sys.exit(main())
