#!/usr/bin/env python3
"""Writes the simulate benchmark's stacks into the folder given: a steady typical day at 10 calls
per second (9,000 calls per 15 minutes, 3-minute AHT, 1,800 erlangs) through ten layers, and the
same arrivals into one queue of 1,850 slots."""
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/data/sim")
out.mkdir(parents=True, exist_ok=True)
rows = ["time,calls"] + [f"{q // 4:02d}:{(q % 4) * 15:02d},9000" for q in range(96)]
(out / "arrivals.csv").write_text("\n".join(rows) + "\n")
layers = [
    ("trunk", "trunk", "channels = 2000\ncalls_per_second = 30"),
    ("numbers", "numbers", "numbers = 2000\nconcurrent_per_number = 1\ncalls_per_hour_per_number = 30"),
    ("platform", "platform", "concurrency = 1950\ncalls_per_second = 20"),
    ("llm", "llm", "sessions_per_key = 1000\nkeys = 2\ntokens_per_minute = 12000000\ntokens_per_call_minute = 6000"),
    ("llm-requests", "llm", "requests_per_minute = 30000\nrequests_per_call_minute = 12"),
    ("db", "pool", 'size = 400\nunits_per_call = 1\nhold_share = "15%"'),
    ("workers", "pool", "size = 2100"),
    ("webhooks", "generic", "capacity = 5000\nunits_per_call = 2"),
    ("crm-api", "generic", "calls_per_second = 40"),
    ("tts", "generic", "capacity = 2000"),
]
head = '[[workload]]\nname = "calls"\narrivals = "arrivals.csv"\naht = "3m"\n\n'
body = "".join(f'[[layer]]\nname = "{n}"\nkind = "{k}"\n{b}\n\n' for n, k, b in layers)
(out / "ten.toml").write_text(head + body)
(out / "one.toml").write_text(head + '[[layer]]\nname = "queue"\nkind = "platform"\nconcurrency = 1850\n')
print(f"wrote {out}/ten.toml and {out}/one.toml")
