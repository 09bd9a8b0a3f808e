#!/usr/bin/python3
"""Reference values for the statistics unit tests, from scipy.

Run as /usr/bin/python3 tests/unit/reference_stats.py FUNCTION SERIES...
(for example `linregress rising`): it prints what scipy says, with repr()
so that every digit is there.  `arrays` prints the series as C arrays (the
test files hold that output).  The series are built here from formulas so
that anyone can see what they are: flat, rising, falling, a step and a
seasonal wave, each with the same small deterministic noise.

The references in tests/unit were printed with Debian 12's /usr/bin/python3
(Python 3.11.2, python3-scipy 1.10.1, python3-numpy 1.24.2); see
tests/reference/README.
"""
import math
import sys

import numpy as np
from scipy import special, stats


def noise(i):
    return ((i * 37) % 11 - 5) / 10


def times(n):
    return [300.0 * i for i in range(n)]


SERIES = {
    "t24": times(24),
    "t48": times(48),
    "flat": [50 + noise(i) for i in range(24)],
    "rising": [50 + 0.5 * i + noise(i) for i in range(24)],
    "falling": [80 - 0.7 * i + noise(i) for i in range(24)],
    "step": [(50 if i < 12 else 65) + noise(i) for i in range(24)],
    "seasonal": [50 + 10 * math.sin(2 * math.pi * i / 12) + noise(i) for i in range(48)],
    # two samples of 30 runs (ms): the candidate 10% slower
    "baseline": [round(100 + 5 * math.sin(i * 1.7) + (i * 13 % 7), 3) for i in range(30)],
    "slower": [round(1.1 * (100 + 5 * math.sin(i * 2.3 + 1) + (i * 11 % 7)), 3) for i in range(30)],
    # small samples without ties: the exact Mann-Whitney distribution
    "small_a": [12.1, 13.4, 11.8, 12.9, 14.2, 12.5],
    "small_b": [13.9, 15.1, 14.4, 13.2, 15.8, 14.9, 16.3],
    "tiny": [10.5, 11.5, 12.5],
    # 80 windows of a rising latency with normal noise (seed 7), then the
    # same with injected events: spikes at 12 and 44, a dip at 30 and a
    # level shift of +30 from 50 on
    "noisy": [round(100 + 0.5 * i + e, 3) for i, e in enumerate(np.random.RandomState(7).normal(0, 1, 80))],
    "injected": [round(100 + 0.5 * i + e + (30 if i >= 50 else 0) + {12: 25, 30: -20, 44: 40}.get(i, 0), 3)
                 for i, e in enumerate(np.random.RandomState(7).normal(0, 1, 80))],
    "many": [10 + 0.37 * i for i in range(40)],
}


def main():
    function, names = sys.argv[1], sys.argv[2:]
    args = [SERIES[name] for name in names if name in SERIES]
    if function == "arrays":
        for name in names:
            values = ", ".join(repr(float(v)) for v in SERIES[name])
            print(f"static const double {name}[] = {{{values}}};")
        return
    if function == "hodges_lehmann":   # shift of the second from the first, 95%
        x, y = np.array(args[0]), np.array(args[1])
        d = np.sort(np.subtract.outer(y, x).ravel())
        count = len(d)
        z = stats.norm.ppf(0.975)
        k = max(1, int(math.floor(count / 2 - z * math.sqrt(count * (len(x) + len(y) + 1) / 12))))
        print(repr(float(np.median(d))), repr(float(d[k - 1])), repr(float(d[count - k])))
        return
    if function == "robust_scale":   # median and 1.4826 MAD
        x = np.array(args[0])
        print(repr(float(np.median(x))), repr(float(stats.median_abs_deviation(x, scale=1 / 1.4826))))
        return
    if function == "local_median":   # SERIES W INDEX: expected value at INDEX
        y, w, i = np.array(args[0]), int(names[1]), int(names[2])
        slope = np.median((y[w:] - y[:-w]) / w)
        level = y - slope * np.arange(len(y))
        lo = max(0, i - w)
        around = np.delete(level[lo:i + w + 1], i - lo)   # the point left out
        print(repr(float(np.median(around) + slope * i)))
        return
    if function == "forecast":   # X Y AT LIMIT: prediction, 95% interval, crossing
        x, y = np.array(args[0]), np.array(args[1])
        at, limit = float(names[2]), float(names[3])
        r = stats.linregress(x, y)
        n = len(x)
        s = math.sqrt(np.sum((y - (r.intercept + r.slope * x)) ** 2) / (n - 2))
        half = stats.t.ppf(0.975, n - 2) * s * math.sqrt(1 + 1 / n + (at - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2))
        value = r.intercept + r.slope * at
        print(repr(value), repr(value - half), repr(value + half), repr((limit - r.intercept) / r.slope))
        return
    if function == "spearman_exact":   # X Y without ties: rho as a fraction
        # 1 - 6 sum(d^2) / (n (n^2 - 1)) over exact ranks; at |rho| = 1 the
        # t statistic is infinite and the p-value exactly 0 (scipy's
        # spearmanr rounds rho to 0.9999999999999999 and prints a tiny p).
        from fractions import Fraction
        x, y = args[0], args[1]
        n = len(x)
        rx = {v: i + 1 for i, v in enumerate(sorted(x))}
        ry = {v: i + 1 for i, v in enumerate(sorted(y))}
        assert len(rx) == n and len(ry) == n, "ties"
        d2 = sum((rx[a] - ry[b]) ** 2 for a, b in zip(x, y))
        rho = 1 - Fraction(6 * d2, n * (n * n - 1))
        if abs(rho) == 1:
            p = 0.0
        else:
            t = float(rho) * math.sqrt((n - 2) / (1 - float(rho) ** 2))
            p = float(2 * stats.t.sf(abs(t), n - 2))
        print(rho, repr(p))
        return
    if function == "ttest_welch":
        print(stats.ttest_ind(*args, equal_var=False))
        return
    print(getattr(stats, function)(*args))


if __name__ == "__main__":
    main()
