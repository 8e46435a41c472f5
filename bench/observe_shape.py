#!/usr/bin/env python3
"""Does what `observe` hands to `compute` reproduce the records' own expectation?

Writes a bank-like call log (nine months of 1999, about 1,150 calls a day, weekday and weekend
shapes, durations with a heavy tail and a few calls of hours; seeded), runs `observe
--arrivals-out` on it, builds a stack with the `handle_time` line `observe` suggests, runs
`compute --per-interval`, and compares the model's expected calls in progress with the records'
own (each call arriving evenly over its 15-minute interval, lasting its own duration), worked
out here apart from capplan. Prints both peaks and when, the mean gap, and the same for the
plain per-interval mean AHT with deciles joined linearly.

Usage: bench/observe_shape.py [CAPPLAN] (default target/release/capplan)."""
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/capplan"
G = 900  # seconds per interval
rng = random.Random(1999)
T0 = datetime(1999, 1, 1, tzinfo=timezone.utc)
DAYS = 273


def duration():
    u = rng.random()
    if u < 0.0004:
        return rng.uniform(3600, 28800)  # a line left open for hours
    if u < 0.004:
        return rng.expovariate(1 / 2400)
    if u < 0.08:
        return rng.lognormvariate(math.log(15), 0.6)
    return rng.lognormvariate(math.log(165), 0.75)


def profile(hour):
    # Two humps, 10:00 and 15:00, from 07:00 to midnight.
    if hour < 7:
        return 0.02
    return math.exp(-((hour - 10) / 2.2) ** 2) + 0.8 * math.exp(-((hour - 15) / 2.5) ** 2) + 0.1


def records():
    out = []
    weights = [profile(h + 0.5) for h in range(24)]
    total_w = sum(weights)
    for d in range(DAYS):
        day = T0 + timedelta(days=d)
        weekend = day.weekday() in (4, 5)
        mean = (600 if weekend else 1380) * rng.gammavariate(20, 1 / 20)
        for h in range(24):
            lam = mean * weights[h] / total_w
            n = 0
            t = rng.expovariate(lam / 3600) if lam > 0 else 3600
            while t < 3600:
                start = int((day.timestamp() + h * 3600 + t))
                # Afternoon calls run a little longer.
                d_s = duration() * (1.15 if 13 <= h < 18 else 1.0)
                out.append((start, max(1, int(round(d_s)))))
                n += 1
                t += rng.expovariate(lam / 3600)
    return out


def ts(sec):
    return datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def own_expectation(calls):
    """{boundary epoch s: expected calls in progress}: each call spread evenly over its interval."""
    m = {}
    for start, dur in calls:
        k = start // G
        j = k + 1
        while True:
            overlap = (k + 1) * G - max(k * G, j * G - dur)
            if overlap <= 0:
                break
            m[j * G] = m.get(j * G, 0.0) + overlap / G
            j += 1
    return m


def model(work, arrivals, handle_time):
    stack = os.path.join(work, "stack.toml")
    with open(stack, "w") as f:
        f.write(
            '[defaults]\ninterval = "15m"\npeak_multiplier = 1\n[[workload]]\nname = "all"\n'
            f'arrivals = "{arrivals}"\naht = "218s"\n{handle_time}\n'
            '[[layer]]\nname = "agents"\nkind = "generic"\ncapacity = 1000\n'
        )
    out = subprocess.run([BIN, "compute", stack, "--per-interval", "-f", "csv"], check=True,
                         capture_output=True, text=True).stdout
    rows = csv.DictReader(out.splitlines())
    return {int(datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp()):
            float(r["expected_calls"]) for r in rows}


def compare(name, got, own):
    peak_t = max(own, key=own.get)
    got_t = max(got, key=got.get)
    common = [t for t in own if t in got]
    gap = sum(abs(got[t] - own[t]) for t in common) / len(common)
    print(f"{name}: peak {got[got_t]:.2f} at {ts(got_t)} "
          f"({got[got_t] / own[peak_t] - 1:+.1%} of the records' {own[peak_t]:.2f} at {ts(peak_t)}); "
          f"mean gap {gap:.3f} calls over {len(common)} boundaries")


def main():
    calls = records()
    work = tempfile.mkdtemp()
    log = os.path.join(work, "calls.csv")
    with open(log, "w") as f:
        f.write("start,end\n")
        for s, d in calls:
            f.write(f"{ts(s)},{ts(s + d)}\n")
    arrivals = os.path.join(work, "arrivals.csv")
    obs = json.loads(subprocess.run(
        [BIN, "observe", log, "--interval", "15m", "--arrivals-out", arrivals, "-f", "json"],
        check=True, capture_output=True, text=True).stdout)
    durs = sorted(d for _, d in calls)
    print(f"{len(calls)} calls; durations mean {sum(durs) / len(durs):.0f} s, p90 "
          f"{durs[int(0.9 * len(durs))]} s, p99 {durs[int(0.99 * len(durs))]} s, max {durs[-1]} s; "
          f"observed peak {obs['peak_calls']} at {obs['peak_at']}")
    own = own_expectation(calls)
    q = ", ".join(f'"{x:.0f}s"' for x in obs["handle_time_deciles_s"])
    m = ", ".join(f'"{min(max(x, a), b):.1f}s"' for x, a, b in zip(
        obs["handle_time_decile_means_s"], obs["handle_time_deciles_s"], obs["handle_time_deciles_s"][1:]))
    line = f"handle_time = {{ quantiles = [{q}], means = [{m}] }}"
    compare("--arrivals-out as written (with expected_calls)", model(work, arrivals, line), own)
    # Without the records' own column: the model from arrivals, robust AHT and the shape alone.
    bare = os.path.join(work, "bare.csv")
    with open(arrivals) as src, open(bare, "w") as dst:
        for r in csv.reader(src):
            dst.write(",".join(r[:-1]) + "\n")
    compare("robust AHT and deciles with their means, no expected_calls", model(work, bare, line), own)
    # The former hand-over: each interval's plain mean AHT, deciles joined linearly.
    plain = os.path.join(work, "plain.csv")
    with open(plain, "w") as f:
        f.write("time,calls,aht_s\n")
        for i in obs["intervals"]:
            if i["calls"][0] > 0:
                f.write(f"{i['start']},{i['calls'][0]},{i['aht_s'][0]}\n")
            else:
                f.write(f"{i['start']},0,{obs['aht_mean_s']}\n")
    compare("plain interval means, deciles joined linearly",
            model(work, plain, f"handle_time = {{ quantiles = [{q}] }}"), own)
    compare("plain interval means, exponential", model(work, plain, ""), own)
    p = obs["peak_to_average"]
    ratios = [mo["ratio"] for mo in p["by_month"] if mo["busy"]]
    print(f"suggested peak_multiplier {p['suggested_peak_multiplier']} (busy months "
          f"{min(ratios):.2f} to {max(ratios):.2f}; busy-interval peak/average max {p['busy_max']:.2f}); "
          f"design peak {p['design_peak_calls']:.1f} vs observed peak {obs['peak_calls']}")


main()
