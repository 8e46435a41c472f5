#!/usr/bin/env python3
"""Writes a year of one-minute arrivals (525,600 rows per workload) for three workloads and a
ten-layer stack file into the folder given, deterministically (a fixed seed)."""
import math
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/data")
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(20261123)
start = datetime(2026, 1, 1)
shapes = {"inbound": (11.0, 6.0), "outbound": (14.0, 3.0), "web": (20.0, 2.0)}
for name, (peak_hour, per_min) in shapes.items():
    with open(out / f"{name}.csv", "w") as f:
        f.write("time,calls\n")
        t = start
        for _ in range(525_600):
            h = t.hour + t.minute / 60
            mean = per_min * (0.1 + math.exp(-((h - peak_hour) / 2.5) ** 2))
            f.write(f"{t:%Y-%m-%d %H:%M},{max(0, round(rng.gauss(mean, math.sqrt(mean + 0.01))))}\n")
            t += timedelta(minutes=1)

layers = [
    ("trunk", "trunk", "channels = 400\ncalls_per_second = 10"),
    ("numbers", "numbers", "numbers = 200\nconcurrent_per_number = 5\ncalls_per_hour_per_number = 30"),
    ("platform", "platform", "concurrency = 250\ncalls_per_second = 5"),
    ("platform-outbound", "platform", 'workloads = ["outbound"]\ncalls_per_second = 1'),
    ("llm", "llm", "sessions_per_key = 100\nkeys = 3\ntokens_per_minute = 2000000\ntokens_per_call_minute = 6000"),
    ("llm-requests", "llm", "requests_per_minute = 5000\nrequests_per_call_minute = 12"),
    ("db", "pool", 'size = 40\nunits_per_call = 1\nhold_share = "15%"'),
    ("workers", "pool", "size = 300"),
    ("webhooks", "generic", "capacity = 500\nunits_per_call = 2"),
    ("crm-api", "generic", 'workloads = ["inbound"]\ncalls_per_second = 20'),
]
with open(out / "stack.toml", "w") as f:
    f.write('[defaults]\ninterval = "1m"\n\n')
    for name, aht in (("inbound", "3m 20s"), ("outbound", "2m"), ("web", "4m")):
        f.write(f'[[workload]]\nname = "{name}"\narrivals = "{name}.csv"\naht = "{aht}"\n\n')
    for name, kind, body in layers:
        f.write(f'[[layer]]\nname = "{name}"\nkind = "{kind}"\n{body}\n\n')
print(f"wrote {out}/stack.toml and three arrivals files of 525,600 rows")
