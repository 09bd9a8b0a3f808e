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
format does not print is not checked, unless REQUIRED lists it for the
format; a format that prints none of a pool's figures fails; "figure@where"
names a figure printed in two places).  Adding a format is adding a reader
to READERS.

    pools_truth.py LOG reference           prints the reference
    pools_truth.py LOG FORMAT FILE [-v]    checks FILE, prints what it compared
                                           (-v: and every figure it read)
"""
import csv
import html.parser
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


def table_cells(row):
    """The cells of a Markdown table row, unescaped ("error\\_rate")."""
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return [re.sub(r"\\(.)", r"\1", c.replace("&gt;", ">").replace("&lt;", "<")
                   .replace("&amp;", "&")) for c in cells]


def read_table_row(table, row, got):
    """One row of a metric table (text, Markdown or HTML, headings in any
    case) into got: request.duration's COUNT, P50, P95, P99 and RATE,
    error_rate's RATIO."""
    row = {k.upper(): v for k, v in row.items()}
    if table == "request.duration":
        for key, figure in (("COUNT", "count"), ("P50", "p50"), ("P95", "p95"),
                            ("P99", "p99"), ("RATE", "rps")):
            if row.get(key, "-") not in ("-", ""):
                got[figure] = row[key]
    if table == "error_rate" and row.get("RATIO", "-") not in ("-", ""):
        got["error_rate"] = row["RATIO"].split(" ")[0]       # "3.16% (3/95)"


SERIES_POOL = re.compile(r"\{pool=([^,}]+)\}")
ALERT_STATES = {"firing": "firing", "resolved": "resolved", "pending": "none"}


def read_markdown(path):
    """perf-report -f markdown: the metric tables under their "####
    NAME, ..." headings, and the alerts table's State per pool (one row
    per alert: its final state)."""
    out, heading, columns = {}, None, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#"):
            heading = table_cells(line.lstrip("#").strip())[0].split(" ")[0].split(",")[0]
            columns = None
            continue
        if not line.startswith("|"):
            columns = None
            continue
        cells = table_cells(line)
        if columns is None:
            columns = cells
            continue
        if set("".join(cells)) <= set("-:"):
            continue        # the alignment row
        row = dict(zip(columns, cells))
        if heading == "Alerts":
            m = SERIES_POOL.search(row.get("Series", ""))
            if m and row.get("Series", "").startswith("error_rate{"):
                out.setdefault(m.group(1), {})["alert"] = ALERT_STATES.get(row["State"],
                                                                            row["State"])
            continue
        if not row.get("Series", "").startswith("pool="):
            continue
        read_table_row(heading, row, out.setdefault(row["Series"][len("pool="):], {}))
    return out


class Html(html.parser.HTMLParser):
    """The text of an HTML page as a tree of (tag, attributes, children),
    text as strings: enough to find cards and tables by their classes."""

    def __init__(self):
        super().__init__()
        self.root = ("root", {}, [])
        self.stack = [self.root]

    VOID = {"meta", "br", "link", "img", "input", "hr", "circle", "line", "polyline",
            "path", "rect"}

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1][2].append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def html_text(node):
    return node if isinstance(node, str) else "".join(html_text(c) for c in node[2])


def html_find(node, test):
    if isinstance(node, str):
        return []
    found = [node] if test(node) else []
    for child in node[2]:
        found += html_find(child, test)
    return found


def has_class(name):
    return lambda node: name in node[1].get("class", "").split()


BADGE_STATES = {"no alert": "none", "resolved": "resolved", "warning": "firing",
                "critical": "firing", "info": "firing"}


def read_html(path):
    """perf-report -f html: per pool card its alert badge, its p95,
    throughput and error rate, and its request.duration entry (p50 / p95 /
    p99 of the last window: the whole range here); the metric tables
    under their h3 headings; the alerts table's state per pool."""
    page = Html()
    page.feed(open(path).read())
    out = {}
    for card in html_find(page.root, has_class("pool")):
        pool = html_text(card[2][0])[len("Pool "):]
        got = out.setdefault(pool, {})
        badge = html_find(card, has_class("badge"))
        if badge:
            got["alert@card"] = BADGE_STATES.get(html_text(badge[0]), html_text(badge[0]))
        for kpi in html_find(card, has_class("kpis")):
            for entry in kpi[2]:
                value = html_text(html_find(entry, has_class("kv"))[0])
                label = html_text(entry)[len(value):]
                figure = {"throughput": "rps", "error rate": "error_rate"}.get(
                    label, "p95" if label.startswith("p95") else None)
                if figure:
                    got[figure + "@card"] = value.split(" (")[0]     # "4.97% (29/583)"
        entries = html_find(card, lambda n: n[0] in ("dt", "dd"))
        for dt, dd in zip(entries[::2], entries[1::2]):
            if html_text(dt) == "request.duration (p50 / p95 / p99, whole input)":
                for figure, value in zip(("p50", "p95", "p99"), html_text(dd).split(" / ")):
                    got[figure + "@entry"] = value
            elif html_text(dt) == "request.completed (rate, whole input)":
                got["rps@entry"] = html_text(dd)
            elif html_text(dt) == "error_rate (ratio, whole input)":
                got["error_rate@entry"] = html_text(dd).split(" (")[0]
    heading = None
    for node in html_find(page.root, lambda n: n[0] in ("h2", "h3", "table")):
        if node[0] != "table":
            heading = html_text(node).strip().split(" ")[0].split(",")[0]
            continue
        rows = html_find(node, lambda n: n[0] == "tr")
        columns = [html_text(c) for c in rows[0][2] if not isinstance(c, str)] if rows else []
        for tr in rows[1:]:
            cells = [html_text(c) for c in tr[2] if not isinstance(c, str)]
            row = dict(zip(columns, cells))
            if heading == "Alerts":
                m = SERIES_POOL.search(row.get("Series", ""))
                if m and row["Series"].startswith("error_rate{"):
                    out.setdefault(m.group(1), {})["alert"] = ALERT_STATES.get(
                        row["State"], row["State"])
            elif row.get("SERIES", "").startswith("pool="):
                read_table_row(heading, row, out.setdefault(row["SERIES"][len("pool="):], {}))
    return out


PROMETHEUS = re.compile(r'^([a-z_:][a-z0-9_:]*)\{([^}]*)\} (\S+)$')


def read_prometheus(path):
    """perf-report -f prometheus: request_duration_seconds' count and
    quantiles (seconds, compared at their printed decimals), its rate
    gauge and request_completed's, and error_rate_ratio."""
    out = {}
    for line in open(path):
        m = PROMETHEUS.match(line.rstrip("\n"))
        if not m:
            continue
        name, labels, value = m.groups()
        labels = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        if "pool" not in labels:
            continue
        got = out.setdefault(labels["pool"], {})
        if name == "request_duration_seconds" and "quantile" in labels:
            figure = {"0.5": "p50", "0.95": "p95", "0.99": "p99"}.get(labels["quantile"])
            if figure:
                got[figure] = value + " s"
        elif name == "request_duration_seconds_count":
            got["count"] = value
        elif name == "request_completed_total":
            got["count@completed"] = value
        elif name == "request_duration_rate":
            got["rps"] = value
        elif name == "request_completed_rate":
            got["rps@completed"] = value
        elif name == "error_rate_ratio":
            got["error_rate"] = value
    return out


# What a format must print for every pool, beyond "some figure": a reader
# that finds nothing, or a renderer that drops a card, fails.
REQUIRED = {
    "markdown": ("count", "p50", "p95", "p99", "rps", "error_rate"),
    "html": ("count", "p50", "p95", "p99", "rps", "error_rate", "alert@card", "p95@card",
             "rps@card", "error_rate@card", "p50@entry", "p95@entry", "p99@entry",
             "rps@entry", "error_rate@entry"),
    "prometheus": ("count", "p50", "p95", "p99", "rps", "error_rate"),
}
# The formats that show the alerts: a pool whose rule fired must show one.
ALERT_TABLES = ("markdown", "html", "json", "stream")

READERS = {"csv": read_csv, "json": read_json, "stream": read_stream, "text": read_text,
           "markdown": read_markdown, "html": read_html, "prometheus": read_prometheus}


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
        if what in ALERT_TABLES and t["alert"] != "none" and "alert" not in got:
            problems.append("%s alert: %s shows no alert, the log says %s" %
                            (pool, what, t["alert"]))
        for key in REQUIRED.get(what, ()):
            if key not in got:
                problems.append("%s %s: %s does not print it" % (pool, key, what))
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
    if "-v" in sys.argv[4:]:
        for pool in sorted(printed):
            print("  %s: %s" % (pool, ", ".join("%s %s" % kv for kv in sorted(printed[pool].items()))))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
