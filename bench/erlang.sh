#!/usr/bin/env bash
# Benchmark: capplan's Erlang calculators against two Python packages from PyPI (pyworkforce,
# erlanglib) on the same questions, with mpmath at 40 digits as the judge of exactness.
# Creates bench/.venv on first use. Usage: bench/erlang.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet pyworkforce==0.5.1 erlanglib==1.2.0 mpmath==1.3.0
fi
bench/.venv/bin/python bench/erlang_compare.py target/release/capplan
