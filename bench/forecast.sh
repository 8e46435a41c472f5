#!/usr/bin/env bash
# Benchmark: `capplan forecast` on a year of 15-minute history for three workloads (35,040
# intervals each), 8 weeks ahead, and a 4-week backtest. Usage: bench/forecast.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
[ -f bench/data/history.csv ] || python3 bench/gen_history.py bench/data/history.csv 52
cargo build --release --quiet
bin=target/release/capplan
python3 - "$bin" "$runs" <<'PY'
import statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
for label, args in [("forecast 8 weeks", ["--horizon", "8w", "-o", "/dev/null"]),
                    ("backtest 4 weeks", ["--backtest", "4w", "-f", "json", "-o", "/dev/null"])]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([bin, "forecast", "bench/data/history.csv", *args], check=True)
        times.append(time.perf_counter() - t)
    print(f"{label}, 3 x 35,040 intervals: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {runs} runs")
PY
