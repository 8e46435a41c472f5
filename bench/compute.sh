#!/usr/bin/env bash
# Benchmark: `capplan compute` on a year of one-minute arrivals (525,600 rows) for three workloads
# against ten layers. Usage: bench/compute.sh [runs]. Needs only cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
[ -f bench/data/stack.toml ] || python3 bench/gen_year.py bench/data
cargo build --release --quiet
bin=target/release/capplan
"$bin" compute bench/data/stack.toml --color never | tail -n 4
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" "$bin compute bench/data/stack.toml -f json -o /dev/null"
else
  python3 - "$bin" "$runs" <<'PY'
import statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
subprocess.run([bin, "compute", "bench/data/stack.toml", "-f", "json", "-o", "/dev/null"], check=True)
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([bin, "compute", "bench/data/stack.toml", "-f", "json", "-o", "/dev/null"], check=True)
    times.append(time.perf_counter() - t)
print(f"capplan compute, 3 x 525,600 rows, 10 layers: median {statistics.median(times)*1000:.0f} ms, "
      f"min {min(times)*1000:.0f} ms, max {max(times)*1000:.0f} ms over {runs} runs")
PY
fi
