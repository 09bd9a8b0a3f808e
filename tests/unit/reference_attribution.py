#!/usr/bin/python3
"""Reference explanatory power and surprise for tests/unit/test_attribution.c.

Run as /usr/bin/python3 tests/unit/reference_attribution.py: it prints,
for each small table, every value's explanatory power and surprise with
repr(), computed here from Adtributor's definitions (Bhagwan et al., NSDI
2014) and not from the C:
  - explanatory power of an additive measure, (A_v - F_v) / (A - F), in
    exact fractions;
  - of a ratio f = a / b, the paper's derived-measure formula
    ((dA_v F_b - dB_v F_a) / (F_b (F_b + dB))) / (f1 - f0), in fractions;
  - surprise, the Jensen-Shannon term of each value; their sum is checked
    against scipy.spatial.distance.jensenshannon (squared), which computes
    the divergence of the whole distribution its own way.
"""
from fractions import Fraction as F
import math

import numpy as np
from scipy.spatial import distance

ADDITIVE = {"values": ["a", "b", "c", "d"],
            "before": [100, 200, 300, 400], "after": [110, 420, 310, 390]}
RATIO = {"values": ["a", "b", "c", "d"],
         "before": [1, 2, 3, 4], "before_base": [100, 200, 300, 400],
         "after": [2, 30, 3, 4], "after_base": [100, 210, 290, 400]}


def terms(before, after):
    p = np.array(before, dtype=float) / sum(before)
    q = np.array(after, dtype=float) / sum(after)
    out = []
    for pi, qi in zip(p, q):
        m = pi + qi
        s = 0.0
        if pi > 0:
            s += pi * math.log(2 * pi / m)
        if qi > 0:
            s += qi * math.log(2 * qi / m)
        out.append(0.5 * s)
    js = distance.jensenshannon(p, q) ** 2     # natural log
    assert abs(sum(out) - js) < 1e-12, (sum(out), js)
    return out


def additive(t):
    change = F(sum(t["after"]) - sum(t["before"]))
    ep = [F(a - b) / change for b, a in zip(t["before"], t["after"])]
    return ep, terms(t["before"], t["after"])


def ratio(t):
    fa, fb = F(sum(t["before"])), F(sum(t["before_base"]))
    db = F(sum(t["after_base"])) - fb
    change = F(sum(t["after"]), sum(t["after_base"])) - fa / fb
    ep = []
    for a0, a1, b0, b1 in zip(t["before"], t["after"], t["before_base"],
                              t["after_base"]):
        c = (F(a1 - a0) * fb - F(b1 - b0) * fa) / (fb * (fb + db))
        ep.append(c / change)
    assert sum(ep) == 1
    s = [x + y for x, y in zip(terms(t["before"], t["after"]),
                               terms(t["before_base"], t["after_base"]))]
    return ep, s


for name, t, f in (("additive", ADDITIVE, additive), ("ratio", RATIO, ratio)):
    ep, s = f(t)
    for v, e, x in zip(t["values"], ep, s):
        print(name, v, "ep", repr(float(e)), "surprise", repr(x))
