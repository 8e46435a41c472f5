#!/usr/bin/env python3
"""Runs capplan observe and DuckDB on the same CDR file, checks both find the same peak, and
prints wall times, capplan's peak resident memory and the ratio."""
import json
import os
import resource
import subprocess
import sys
import time

import duckdb

capplan, csv = sys.argv[1], sys.argv[2]
size_mb = os.path.getsize(csv) / 1e6

t = time.perf_counter()
out = subprocess.run([capplan, "observe", csv, "--format", "json"], check=True, capture_output=True, text=True).stdout
capplan_s = time.perf_counter() - t
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
ours = json.loads(out)

# The same peak in SQL: +1 at each start, -1 at each end, ends first at equal times (calls that
# touch do not overlap), the running sum's maximum.
sql = f"""
WITH calls AS (SELECT start_time, end_time FROM read_csv('{csv}', header=true,
                 columns={{'call_id':'BIGINT','direction':'VARCHAR','start_time':'TIMESTAMP','end_time':'TIMESTAMP'}})),
     ev AS (SELECT start_time AS t, 1 AS d FROM calls UNION ALL SELECT end_time AS t, -1 AS d FROM calls),
     run AS (SELECT SUM(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS level FROM ev)
SELECT max(level) FROM run
"""
con = duckdb.connect()
con.execute("SET threads TO 2")
t = time.perf_counter()
duck_peak = con.execute(sql).fetchone()[0]
duck_s = time.perf_counter() - t

same = "same peak" if duck_peak == ours["peak_calls"] else "DIFFERENT PEAKS"
print(f"file: {csv} ({ours['calls']:,} calls, {size_mb:.0f} MB)")
print(f"capplan observe: {capplan_s:.2f} s, peak {ours['peak_calls']}, peak resident memory {rss_mb:.0f} MB")
print(f"DuckDB {duckdb.__version__} (2 threads): {duck_s:.2f} s, peak {duck_peak}")
print(f"{same}; capplan takes {capplan_s / duck_s:.2f}x DuckDB's time")
sys.exit(0 if duck_peak == ours["peak_calls"] else 1)
