#!/usr/bin/env bash
# Benchmark: `capplan observe` against DuckDB computing the same exact peak concurrency with SQL,
# on 10 million unsorted call-detail records (about 0.57 GB), timed side by side in one run.
# Usage: bench/observe.sh [calls]   (creates bench/.venv with duckdb, and bench/data/cdr-N.csv)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
cargo build --release --quiet
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/python -c "import duckdb" 2>/dev/null || bench/.venv/bin/pip install --quiet duckdb==2.0.0
mkdir -p bench/data
csv="bench/data/cdr-$n.csv"
[ -f "$csv" ] || python3 bench/gen_cdr.py "$csv" "$n"
bench/.venv/bin/python bench/observe_compare.py target/release/capplan "$csv"
