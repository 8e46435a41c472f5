#!/usr/bin/env bash
# Benchmark: the exact peak of N call records in Parquet (default 100 million, 30 days, about
# 1.5 GB), by `capplan observe`, by DuckDB and by Spark local[2] running the query of
# `capplan observe --sql`. Creates bench/.venv-sql with duckdb and pyspark (Spark needs Java 17).
# Usage: bench/sql.sh [calls]     SKIP_SPARK=1 bench/sql.sh leaves Spark out.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000000}
cargo build --release --quiet
venv=bench/.venv-sql
[ -x $venv/bin/python ] || python3 -m venv $venv
$venv/bin/python -c "import duckdb, pyspark" 2> /dev/null \
  || $venv/bin/pip install --quiet duckdb==2.0.1 pyspark==4.3.0
mkdir -p bench/data/sql
file=bench/data/sql/calls-$n.parquet
[ -f $file ] || $venv/bin/python bench/gen_parquet.py $file $n
$venv/bin/python bench/sql_compare.py target/release/capplan $file $venv/bin/python
