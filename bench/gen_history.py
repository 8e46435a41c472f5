#!/usr/bin/env python3
"""Writes a dated arrivals history: 15-minute counts for WEEKS weeks and three workloads, with
a daily curve, quiet weekends, a trend of +1% a week and Poisson noise (fixed seed).
Usage: gen_history.py OUT.csv [WEEKS]"""
import math
import random
import sys
from datetime import datetime, timedelta

out, weeks = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
rng = random.Random(20261129)


def poisson(lam):
    # Knuth for small means, a normal approximation above 50.
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


shapes = {"inbound": (11.0, 30.0, 300), "outbound": (14.0, 12.0, 120), "web": (20.0, 6.0, 240)}
start = datetime(2026, 1, 5)
with open(out, "w") as f:
    f.write("time,workload,calls,aht_s\n")
    for q in range(weeks * 7 * 96):
        t = start + timedelta(minutes=15 * q)
        h = t.hour + t.minute / 60
        for name, (peak, size, aht) in shapes.items():
            mean = (0.05 * size + size * math.exp(-((h - peak) / 3.0) ** 2))
            mean *= 0.4 if t.weekday() >= 5 else 1.0
            mean *= 1 + 0.01 * q / (7 * 96)
            f.write(f"{t:%Y-%m-%d %H:%M},{name},{poisson(mean)},{aht}\n")
print(f"wrote {out}: {weeks} weeks of 15-minute history for three workloads")
