#!/bin/sh
# perf-analyze's false discovery rate (perf-analyze(1), "false discovery
# rate"): the trend and correlation findings kept, and their q_value, equal
# Benjamini-Hochberg computed in Python over p-values that scipy computes
# from the raw points; a raw p below 0.05 is not enough; --fdr 1 keeps
# every trend; --fdr is checked.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
D="$DATA/perf-analyze"

# fdr.ndjson: five series of 12 points at the same minutes (two clear
# trends, weak.up with a Mann-Kendall p of 0.031, two shuffles), fewer
# than --min-samples 30, so the tests are 5 trends and 10 pairs.  The
# reference: scipy.stats.kendalltau against the index (Mann-Kendall) per
# series and scipy.stats.spearmanr per pair, in the order of the series;
# a pair is a finding when |rho| >= 0.7 and p < 0.01 (perf-analyze's own
# test, before the rate is controlled); Benjamini-Hochberg over all 15 in
# exact fractions; kept when q <= 0.05.  Prints "type name other q" with q
# to 6 significant digits.
cat >reference.py <<'PY'
import json, sys
from fractions import Fraction
from scipy import stats
series = {}
for line in open(sys.argv[1]):
    p = json.loads(line)
    series.setdefault(p["name"], []).append(p["value"])
names = list(series)
tests = []
for n in names:
    tests.append(["trend", n, "-", stats.kendalltau(range(len(series[n])), series[n]).pvalue, True])
for i, a in enumerate(names):
    for b in names[i + 1:]:
        r = stats.spearmanr(series[a], series[b])
        tests.append(["correlation", a, b, r.pvalue, abs(r.correlation) >= 0.7 and r.pvalue < 0.01])
m = len(tests)
order = sorted(range(m), key=lambda i: tests[i][3])
best = Fraction(1)
for rank in range(m, 0, -1):
    t = tests[order[rank - 1]]
    best = min(best, Fraction(t[3]) * m / rank)
    t.append(best)
kept = [t for t in tests if t[4] and t[5] <= Fraction(5, 100)]
raw = [t for t in tests if t[0] == "trend" and t[3] < 0.05 and t[5] > Fraction(5, 100)]
for t in sorted(kept):
    print(t[0], t[1], t[2], "%.6g" % float(t[5]))
print("dropped though p < 0.05:", " ".join(t[1] for t in raw), file=sys.stderr)
PY
cat >show.py <<'PY'
import json, sys
rows = []
for line in sys.stdin:
    r = json.loads(line)
    if r.get("kind") == "finding" and r["type"] in ("trend", "correlation"):
        rows.append((r["type"], r["name"], (r.get("other") or {}).get("name", "-"), "%.6g" % r["q_value"]))
for row in sorted(rows):
    print(*row)
PY

begin "the trends and correlations kept at --fdr 0.05, and their q-values, equal Benjamini-Hochberg over scipy's p-values"
run sh -c 'perf-analyze "$1" | /usr/bin/python3 show.py' sh "$D/fdr.ndjson"
expect_status 0
expect_stderr_empty
/usr/bin/python3 reference.py "$D/fdr.ndjson" >expected.kept 2>dropped.txt
[ "$(wc -l <expected.kept)" -ge 3 ] || fail "the reference keeps fewer than 3 findings"
grep -q "weak.up" dropped.txt || fail "weak.up (raw p 0.031) should be dropped: $(cat dropped.txt)"
expect_stdout <expected.kept
end

begin "every finding kept states its effect size and p-value, and the 15 tests"
run sh -c 'perf-analyze "$1" | jq -r "select(.kind == \"finding\" and (.type == \"trend\" or .type == \"correlation\")) |
	\"\(.effect_size | type) \(.p_value | type) \(.tests) \(.message | test(\"p = \"))\"" | sort | uniq -c | sed "s/^ *//"' sh "$D/fdr.ndjson"
expect_status 0
expect_stderr_empty
expect_stdout <<'OUT'
4 number number 15 true
OUT
end

begin "perf-analyze --fdr 1 keeps every trend, as its own test made it"
run sh -c 'perf-analyze --fdr 1 --only trend "$1" | grep -c "\"type\":\"trend\""' sh "$D/fdr.ndjson"
expect_status 0
expect_stderr_empty
expect_stdout <<'OUT'
5
OUT
end

begin "perf-analyze --fdr 0 and --fdr 1.5 are usage errors"
run perf-analyze --fdr 0 "$D/fdr.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --fdr: 0 is not above 0 and at most 1
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
run perf-analyze --fdr 1.5 "$D/fdr.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --fdr: 1.5 is not above 0 and at most 1
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

finish
