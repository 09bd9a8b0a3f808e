#!/usr/bin/python3
"""Independent references for perf-analyze's statistics, from scipy.

Run as /usr/bin/python3 tests/cli/helpers/scipy_reference.py KIND FILE...
It reads the raw input (points or aggregates, NDJSON), never our output,
and prints one JSON line per series: "match" (the fields that identify the
finding perf-analyze should print) and "want" (the figures scipy gives for
it).  lib.sh's expect_agrees_with compares them to 1e-9 relative.

  compare BASELINE CANDIDATE  Mann-Whitney U (asymptotic, continuity
                              corrected; exact for 8 or fewer runs a side
                              without ties) and Welch's t per series; the
                              change of the medians and the Hodges-Lehmann
                              (Moses) 95% interval of the shift, both over
                              |baseline median|
  trend POINTS                Kendall's tau against time (Mann-Kendall),
                              Theil-Sen slope and 95% interval, least squares
  forecast AGGREGATES AT      least squares of each series' stat (p95 of a
                              timer, else mean) on window start; value and
                              95% prediction interval at AT
  crossing AGGREGATES HORIZON LIMIT...
                              for each LIMIT (name<limit: must stay below,
                              name>limit: must stay above, as --capacity),
                              where the least squares line of that series
                              reaches limit, at or after the end of its last
                              window and at most HORIZON seconds after it:
                              crosses_at rounded to the second (half away
                              from zero, as C's round), crosses_in; a series
                              that never gets there matches crosses_at null
  correlation AGGREGATES A B  Spearman and Pearson of two series' stats over
                              their common window starts (A, B: name or
                              name{k=v} as perf-analyze prints it)

Written against scipy 1.10.1, numpy 1.24.2, Python 3.11.2 (Debian 12's
python3-scipy; the versions print with `version`).
"""
import json
import math
import re
import sys

import numpy as np
import scipy
from scipy import stats


def records(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def series_of(path):
    out = {}
    for r in records(path):
        if r.get("kind", "point") not in ("point",) or "value" not in r:
            continue
        key = (r["name"], json.dumps(r.get("tags", {}), sort_keys=True))
        out.setdefault(key, []).append(r)
    return out


def ident(key):
    return {"name": key[0], "tags": json.loads(key[1])}


def emit(match, want):
    print(json.dumps({"match": match, "want": want}), flush=True)


def compare(baseline, candidate):
    base, cand = series_of(baseline), series_of(candidate)
    for key in sorted(base):
        a = [r["value"] for r in base[key]]
        b = [r["value"] for r in cand.get(key, [])]
        if len(b) < 2:
            continue
        # the exact distribution for 8 or fewer runs on a side and no ties
        # (as pp_mann_whitney), else the normal approximation
        exact = not (len(a) > 8 and len(b) > 8) and len(set(a + b)) == len(a) + len(b)
        u = stats.mannwhitneyu(b, a, method="exact" if exact else "asymptotic",
                               use_continuity=True)
        w = stats.ttest_ind(b, a, equal_var=False)
        va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        low, high = moses_interval(a, b, 0.95)
        scale = abs(float(np.median(a)))
        emit(dict(ident(key), type="comparison", exact=exact), {"u": float(u.statistic), "p_value": float(u.pvalue),
                          "welch_t": float(w.statistic), "welch_df": float(df),
                          "welch_p_value": float(w.pvalue),
                          "change": (float(np.median(b)) - float(np.median(a))) / scale,
                          "change_low": low / scale, "change_high": high / scale})


def moses_interval(a, b, confidence):
    """The distribution-free interval of the Hodges-Lehmann shift from a to
    b (Moses; Hollander and Wolfe, Nonparametric Statistical Methods,
    section 4.3, large-sample approximation): with the m*n differences
    b_j - a_i sorted, D(k) and D(mn + 1 - k), where
    k = floor(mn/2 - z * sqrt(mn(m + n + 1)/12)), z = norm.ppf((1 + c)/2)
    and k at least 1.  This is the normal approximation to the Mann-Whitney
    critical value, the definition compare.c claims; the exact critical
    value (as R's wilcox.test uses without ties) gives k one larger, a
    narrower interval, on the test data (30 and 30: k 317 against 318)."""
    d = np.sort(np.subtract.outer(np.asarray(b, dtype=float),
                                  np.asarray(a, dtype=float)).ravel())
    mn = len(d)
    z = stats.norm.ppf((1 + confidence) / 2)
    k = max(1, math.floor(mn / 2 - z * math.sqrt(mn * (len(a) + len(b) + 1) / 12)))
    k = min(k, mn)
    return float(d[k - 1]), float(d[mn - k])


def trend(path):
    for key, rs in sorted(series_of(path).items()):
        x = np.array([r["ts"] for r in rs], dtype=float)
        y = np.array([r["value"] for r in rs], dtype=float)
        k = stats.kendalltau(x, y)
        slope, _, low, high = stats.theilslopes(y, x, 0.95)
        ls = stats.linregress(x, y)
        # change (perf-analyze(1)): Theil-Sen slope times the span over
        # the mean |value|; a trend's effect_size is its change.
        change = float(slope * (x[-1] - x[0]) / np.mean(np.abs(y)))
        emit(dict(ident(key), type="trend"), {"tau": float(k.statistic), "p_value": float(k.pvalue),
                          "change": change, "effect_size": change,
                          "slope_per_hour": slope * 3600, "slope_low_per_hour": low * 3600,
                          "slope_high_per_hour": high * 3600,
                          "ls_slope_per_hour": ls.slope * 3600, "r2": ls.rvalue ** 2})


def aggregates(path):
    out = {}
    for r in records(path):
        if r.get("kind") != "aggregate":
            continue
        stat = "p95" if r.get("type") == "timer" else "mean"
        value = r["percentiles"][stat] if stat == "p95" else r["mean"]
        key = (r["name"], json.dumps(r.get("tags", {}), sort_keys=True))
        out.setdefault(key, (stat, {}))[1][r["start"]] = value
    return out


def forecast(path, at):
    at = float(at)
    for key, (stat, points) in sorted(aggregates(path).items()):
        x = np.array(sorted(points), dtype=float)
        y = np.array([points[t] for t in sorted(points)], dtype=float)
        n = len(x)
        r = stats.linregress(x, y)
        s = math.sqrt(np.sum((y - (r.intercept + r.slope * x)) ** 2) / (n - 2))
        half = stats.t.ppf(0.975, n - 2) * s * math.sqrt(
            1 + 1 / n + (at - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2))
        value = r.intercept + r.slope * at
        emit(dict(ident(key), type="forecast", stat=stat), {"value": value, "low": value - half,
                                           "high": value + half,
                                           "slope_per_hour": r.slope * 3600})


def windows(path):
    """Each aggregate series' (start, end, stat value) by window start."""
    out = {}
    for r in records(path):
        if r.get("kind") != "aggregate":
            continue
        value = r["percentiles"]["p95"] if r.get("type") == "timer" else r["mean"]
        key = (r["name"], json.dumps(r.get("tags", {}), sort_keys=True))
        out.setdefault(key, {})[r["start"]] = (r["end"], value)
    return out


def crossing(path, horizon, *limits):
    horizon = float(horizon)
    series = windows(path)
    for spec in limits:
        name, op, limit = re.match(r"(.+?)([<>])(.+)$", spec).groups()
        limit = float(limit)
        for key in sorted(k for k in series if k[0] == name):
            starts = sorted(series[key])
            x = np.array(starts, dtype=float)
            y = np.array([series[key][t][1] for t in starts], dtype=float)
            now = float(series[key][starts[-1]][0])
            r = stats.linregress(x, y)
            rising = op == "<"
            at_now = r.intercept + r.slope * now
            if (at_now >= limit) if rising else (at_now <= limit):
                when = now
            elif (r.slope > 0) if rising else (r.slope < 0):
                when = (limit - r.intercept) / r.slope
            else:
                when = None
            if when is not None and when > now + horizon:
                when = None
            match = dict(ident(key), type="forecast", limit=limit, limit_op=op)
            if when is None:
                match.update(crosses_at=None, crosses_in=None)
                emit(match, {})  # the match itself is the check
            else:
                at = math.floor(when + 0.5)
                emit(match, {"crosses_at": at, "crosses_in": max(0.0, at - now)})


def parse_id(text):
    name, _, rest = text.partition("{")
    tags = dict(kv.split("=", 1) for kv in rest.rstrip("}").split(",") if kv)
    return (name, json.dumps(tags, sort_keys=True))


def correlation(path, first, second):
    all_series = aggregates(path)
    a, b = all_series[parse_id(first)], all_series[parse_id(second)]
    common = sorted(set(a[1]) & set(b[1]))
    x = [a[1][t] for t in common]
    y = [b[1][t] for t in common]
    rho = stats.spearmanr(x, y)
    r = stats.pearsonr(x, y)
    match = dict(ident(parse_id(first)), type="correlation", stat=a[0])
    match["other"] = dict(ident(parse_id(second)), stat=b[0])
    emit(match, {"n": len(common), "spearman": float(rho.statistic),
                 "spearman_p_value": float(rho.pvalue),
                 "pearson": float(r.statistic), "pearson_p_value": float(r.pvalue)})


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "version":
        print("scipy", scipy.__version__, "numpy", np.__version__,
              "python", sys.version.split()[0])
        return
    {"compare": compare, "trend": trend, "forecast": forecast,
     "correlation": correlation, "crossing": crossing}[kind](*args)


if __name__ == "__main__":
    main()
