#!/usr/bin/env python3
"""Writes N call-detail records (default 10,000,000) in shuffled order, deterministically:
call_id,direction,start_time,end_time with RFC 3339 UTC timestamps, over 30 days with a daily
traffic shape. Usage: gen_cdr.py OUT.csv [N]"""
import random
import sys
from datetime import datetime, timezone

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
rng = random.Random(20261123)
base = int(datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp())
days = 30
# Precompute the text of every second once a row needs it: cache by second.
fmt_cache = {}


def ts(sec):
    s = fmt_cache.get(sec)
    if s is None:
        s = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if len(fmt_cache) > 2_000_000:
            fmt_cache.clear()
        fmt_cache[sec] = s
    return s


with open(out, "w", buffering=1 << 22) as f:
    f.write("call_id,direction,start_time,end_time\n")
    block = 100_000
    for first in range(0, n, block):
        rows = []
        for i in range(first, min(n, first + block)):
            day = rng.randrange(days)
            # Business hours are busiest: a triangular hour-of-day around 11:00 UTC.
            hour = rng.triangular(6.0, 22.0, 11.0)
            start = base + day * 86_400 + int(hour * 3600) + rng.randrange(60)
            outbound = rng.random() < 0.35
            dur = int(rng.expovariate(1 / (120 if outbound else 200))) + 5
            rows.append(f"{i},{'outbound' if outbound else 'inbound'},{ts(start)},{ts(start + dur)}\n")
        # Shuffle within each block and interleave days, so rows are far from time order.
        rng.shuffle(rows)
        f.write("".join(rows))
print(f"wrote {n} calls to {out}")
