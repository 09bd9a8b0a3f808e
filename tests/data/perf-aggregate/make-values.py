# Writes the values-*.txt data sets of the pp_quantile and pp_moments unit tests:
# cd tests/data/perf-aggregate && /usr/bin/python3 make-values.py
import numpy as np
r = np.random.default_rng(20261125)
sets = {
 'lognormal': r.lognormal(3.0, 1.0, 10000),
 'heavy': (r.pareto(1.1, 10000) + 1) * 5,
 'constant': np.full(1000, 7.25),
 'one': np.array([42.5]),
 'two': np.array([9.0, -3.0]),
 'negative': r.normal(-50, 20, 999),
 'tiny': r.uniform(1, 9, 2000) * 1e-6,
 'huge': r.uniform(1, 9, 2000) * 1e12,
}
for name, v in sets.items():
    with open(f'values-{name}.txt', 'w') as f:
        for x in v: f.write(repr(float(x)) + '\n')
