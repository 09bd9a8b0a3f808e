# Writes points.ndjson for tests/cli/perf-alert-units.sh: ten minutes of
# series in every unit a threshold converts to (s, us, bytes, ratio,
# percent), with some minutes over the thresholds the test writes in other
# units (300ms, 0.25s, 1.5MiB, 80%, 90%) and values right at them.
# Deterministic: python3 generate.py > points.ndjson
import json, random

rng = random.Random(16)
T0 = 1764064800
series = [
    # name, type, unit, tags, value(minute, i)
    ("request.duration", "timer", "s", {"pool": "a"},
     lambda m, i: rng.uniform(0.05, 0.45 if m in (3, 4, 7) else 0.29)),
    ("request.duration", "timer", "s", {"pool": "b"},
     lambda m, i: 0.3 if i == 0 else rng.uniform(0.1, 0.3)),  # at 300ms, never over
    ("request.latency", "timer", "us", {},
     lambda m, i: rng.uniform(1e4, 3e5 if m in (5, 6) else 2.4e5)),
    ("memory.rss", "gauge", "bytes", {},
     lambda m, i: rng.uniform(1.4e6, 1.7e6 if m in (2, 8) else 1.5e6)),
    ("pool.utilization", "gauge", "ratio", {},
     lambda m, i: rng.uniform(0.85, 0.95) if m in (1, 2, 6) else rng.uniform(0.4, 0.7)),
    ("disk.used", "gauge", "percent", {},
     lambda m, i: rng.uniform(85, 95) if m == 9 else rng.uniform(60, 89)),
    ("queue.depth", "gauge", None, {},
     lambda m, i: rng.uniform(1, 10)),
]
for minute in range(10):
    for i in range(12):
        for name, kind, unit, tags, value in series:
            point = {"name": name, "value": round(value(minute, i), 6),
                     "ts": T0 + minute * 60 + i * 5, "type": kind, "tags": tags}
            if unit is not None:
                point["unit"] = unit
            print(json.dumps(point, separators=(",", ":")))
