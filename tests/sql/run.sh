#!/usr/bin/env bash
# Runs tests/sql/verify.py: capplan observe on CSV and Parquet against the generated query in
# DuckDB, Postgres and Spark local mode. Installs duckdb, pgserver and pyspark in target/sql-venv;
# says what it skipped when Python, the packages or Java cannot be had, and exits 0 then.
# Usage: tests/sql/run.sh   (a failed comparison exits 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/sql-venv
skip() { echo "sql check skipped: $1"; exit 0; }
command -v python3 > /dev/null || skip "no python3 on this machine"
if [ ! -x $venv/bin/python ] || ! $venv/bin/python -c 'import duckdb' 2> /dev/null; then
  python3 -m venv $venv > /dev/null 2>&1 || skip "python3 cannot create a venv"
  $venv/bin/pip install --quiet duckdb==2.0.1 > /dev/null 2>&1 || skip "duckdb could not be installed from PyPI"
  $venv/bin/python -c 'import duckdb' 2> /dev/null || skip "duckdb was installed but does not load on this machine"
fi
# Postgres in a throwaway server (the pgserver package bundles one); skipped if not installable.
$venv/bin/python -c 'import pgserver, psycopg' 2> /dev/null \
  || $venv/bin/pip install --quiet pgserver==0.1.4 'psycopg[binary]' > /dev/null 2>&1 \
  || echo "sql check: pgserver could not be installed; Postgres skipped"
spark=--no-spark
if command -v java > /dev/null; then
  if $venv/bin/python -c 'import pyspark' 2> /dev/null \
    || $venv/bin/pip install --quiet pyspark==4.3.0 > /dev/null 2>&1; then
    spark=
  else
    echo "sql check: pyspark could not be installed; Spark skipped, DuckDB checked"
  fi
else
  echo "sql check: no java on this machine; Spark skipped, DuckDB checked"
fi
cargo build --locked --quiet
$venv/bin/python tests/sql/verify.py target/debug/capplan target/sql-check $spark
