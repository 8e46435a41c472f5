#!/usr/bin/env python3
"""Random valid stacks through every command that runs a stack: each of N stacks (every layer
kind with random sizes and rates, failover members, queues with patience, retries, part-time
holds, rate directions, several workloads with profile or dated arrivals at 1-minute to 1-hour
intervals) goes through `compute`, `simulate` (2 days at 50% and 300%), `report` and `check`.
Any exit other than 0, 1 or 2, any panic, and any run over --slow seconds is printed.

Usage: fuzz/stacks.py [--first 0] [--count 200] [--slow 15] [--bin target/release/capplan]
A retry share of 99.9% makes retry storms (thousands of attempts per caller) that are slow
because the work is real; the generator keeps shares at 90% or below.
"""
import argparse
import random
import subprocess
import tempfile
import time
from pathlib import Path

KINDS = {  # groups of keys that go together; a layer takes one or more groups of its kind
    "trunk": [["channels"], ["calls_per_second"]],
    "numbers": [["numbers", "concurrent_per_number"], ["numbers", "calls_per_hour_per_number"]],
    "platform": [["concurrency"], ["calls_per_second"]],
    "llm": [["sessions_per_key", "keys"], ["tokens_per_minute", "tokens_per_call_minute"],
            ["requests_per_minute", "requests_per_call_minute"]],
    "pool": [["size", "units_per_call", "hold_share"], ["size"]],
    "generic": [["capacity", "units_per_call", "hold_share"], ["capacity"], ["calls_per_second"]],
}


def value(r, key):
    if key in ("keys", "numbers"):
        return str(r.randint(1, 50))
    if key == "hold_share":
        return f'"{r.choice([0.1, 1, 15, 50, 99.9])}%"'
    c = r.random()
    if c < 0.15:
        return str(r.choice([1, 2, 3, 5, 10]))
    if c < 0.3:
        return str(round(r.uniform(0.001, 5), 3))
    if c < 0.45:
        return str(r.choice([1e6, 1e9, 123456789]))
    return str(r.randint(1, 500))


def layer(r, i, workloads):
    kind = r.choice(list(KINDS))
    groups = [g for g in KINDS[kind] if r.random() < 0.6] or [KINDS[kind][0]]
    keys = list(dict.fromkeys(k for g in groups for k in g))
    out = ["[[layer]]", f'name = "l{i}"', f'kind = "{kind}"']
    out += [f"{k} = {value(r, k)}" for k in keys]
    if r.random() < 0.3:
        out.append(f'workloads = ["{r.choice(workloads)}"]')
    if r.random() < 0.2:
        out.append(f"accounts = {r.randint(1, 4)}")
    if r.random() < 0.2:
        out.append('rate_directions = ["outbound"]')
    if r.random() < 0.25:
        out.append(f'queue = {{ patience = "{r.choice(["1s", "45s", "10m"])}" }}')
    if r.random() < 0.25:
        out += ["[[layer.failover]]", f'name = "f{i}"'] + [f"{k} = {value(r, k)}" for k in groups[0]]
    return "\n".join(out) + "\n"


def stack(r, folder):
    workloads = [f"w{j}" for j in range(r.randint(1, 3))]
    dated, step = r.random() < 0.3, r.choice([60, 900, 3600])
    rows = r.randint(2, 200) if dated else r.randint(1, 30)
    text = ""
    for w in workloads:
        seen, lines = set(), ["time,calls"]
        for q in range(rows):
            t = q * step
            hm = f"{(t % 86400) // 3600:02d}:{(t % 3600) // 60:02d}"
            stamp = f"2026-03-{1 + t // 86400:02d}T{hm}:00Z" if dated else hm
            if stamp not in seen:
                seen.add(stamp)
                lines.append(f"{stamp},{r.choice([0, 0, 1, 5, 50, r.randint(0, 2000)])}")
        (folder / f"{w}.csv").write_text("\n".join(lines) + "\n")
        text += f'[[workload]]\nname = "{w}"\narrivals = "{w}.csv"\n'
        text += f'aht = "{r.choice(["1s", "30s", "3m", "1h", "4h"])}"\n'
        if r.random() < 0.3:
            text += 'direction = "outbound"\n'
        if r.random() < 0.3:
            text += r.choice(['handle_time = { lognormal_cv = 2.5 }\n', 'handle_time = "fixed"\n',
                              'handle_time = { quantiles = ["10s", "20s", "30s", "40s", "50s", '
                              '"60s", "70s", "80s", "90s", "100s", "2h"] }\n'])
        if r.random() < 0.3:
            text += f'retry = {{ share = "{r.choice([1, 30, 60, 90])}%", after = "{r.choice(["1s", "2m"])}" }}\n'
        text += "\n"
    text += "\n".join(layer(r, i, workloads) for i in range(r.randint(1, 5)))
    (folder / "stack.toml").write_text(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--slow", type=float, default=15.0)
    ap.add_argument("--bin", default=str(Path(__file__).resolve().parent.parent / "target/release/capplan"))
    a = ap.parse_args()
    runs = (["compute", "stack.toml", "-f", "json"],
            ["simulate", "stack.toml", "--days", "2", "--load", "50%,300%", "-f", "json"],
            ["report", "stack.toml", "-f", "csv"], ["check", "stack.toml"])
    bad, valid = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(a.first, a.first + a.count):
            folder = Path(tmp) / str(seed)
            folder.mkdir()
            stack(random.Random(seed), folder)
            for args in runs:
                start = time.time()
                try:
                    p = subprocess.run([a.bin] + args, cwd=folder, capture_output=True, text=True,
                                       timeout=max(60, 4 * a.slow))
                except subprocess.TimeoutExpired:
                    print(f"seed {seed}: {args[0]} still running after {max(60, 4 * a.slow)} s")
                    bad += 1
                    continue
                took = time.time() - start
                if p.returncode not in (0, 1, 2) or "panicked" in p.stderr or took > a.slow:
                    print(f"seed {seed}: {args[0]} exit {p.returncode} in {took:.1f} s {p.stderr[-300:]}")
                    bad += 1
                valid += args[0] == "compute" and p.returncode == 0
    print(f"{a.count} stacks ({valid} valid), {bad} runs failed or slow")


if __name__ == "__main__":
    main()
