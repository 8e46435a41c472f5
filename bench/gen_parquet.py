#!/usr/bin/env python3
"""Writes N call records over 30 days as Parquet with DuckDB (snappy, row groups of 1M rows):
started_at and ended_at as UTC timestamps (milliseconds), direction among three workloads.
Starts are uniform over the month and shuffled; durations exponential, mean 3 minutes.
Usage: gen_parquet.py OUT.parquet N"""
import sys

import duckdb

out, n = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SELECT setseed(0.42)")
con.execute(
    f"""COPY (
      SELECT make_timestamptz(s * 1000) AS started_at,
             make_timestamptz((s + d) * 1000) AS ended_at,
             direction
      FROM (
        SELECT 1780272000000 + CAST(floor(random() * 2592000000) AS BIGINT) AS s,
               CAST(floor(-ln(1 - random()) * 180000) AS BIGINT) AS d,
               (['inbound', 'outbound', 'web'])[1 + CAST(floor(random() * 3) AS INT)] AS direction
        FROM range({n})
      )
    ) TO '{out}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)"""
)
print(f"wrote {out}: {n} calls")
