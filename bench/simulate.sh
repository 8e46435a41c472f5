#!/usr/bin/env bash
# Benchmark: `capplan simulate` per arrival and layer on one core, 1,000 days of a ten-layer
# stack on all cores, and one loss queue against ciw (from PyPI, in bench/.venv-sim, created on
# first use; skipped if it cannot be installed). Usage: bench/simulate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/capplan
d=bench/data/sim
[ -f $d/ten.toml ] || python3 bench/gen_sim.py $d
secs() { python3 -c 'import sys,time,subprocess; t=time.perf_counter(); subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL); print(f"{time.perf_counter()-t:.3f}")' "$@"; }
calls=$($bin simulate $d/ten.toml -f json | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["levels"][0]["calls_per_day"]))')
one=$(RAYON_NUM_THREADS=1 secs $bin simulate $d/ten.toml --days 10)
python3 -c "print(f'ten layers, one core: 10 days of $calls calls in $one s: {$one/10/$calls/10*1e9:.0f} ns per arrival per layer')"
q=$(RAYON_NUM_THREADS=1 secs $bin simulate $d/one.toml --days 10)
python3 -c "print(f'one queue of 1,850 slots, one core: {$q/10/$calls*1e9:.0f} ns per customer')"
many=$(secs $bin simulate $d/ten.toml --days 1000)
echo "ten layers, 1,000 days on $(nproc) cores: $many s"
if [ ! -x bench/.venv-sim/bin/python ]; then
  python3 -m venv bench/.venv-sim && bench/.venv-sim/bin/pip install --quiet ciw==3.2.7 \
    || { echo "ciw could not be installed: comparison skipped"; exit 0; }
fi
# ciw on the same queue for one hour of simulated time (a whole day takes it minutes).
bench/.venv-sim/bin/python bench/ciw_queue.py 10 180 1850 3600
