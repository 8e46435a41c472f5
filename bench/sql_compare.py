#!/usr/bin/env python3
"""Times the exact peak of a Parquet file of call records three ways, each in its own process
tree with its peak resident memory (all processes of the tree summed, sampled every 0.1 s):
`capplan observe`, DuckDB running `capplan observe --sql duckdb`, and Spark local[2] running
`capplan observe --sql spark`. Checks the three peaks agree.
Usage: sql_compare.py CAPPLAN FILE.parquet PYTHON_WITH_DUCKDB_AND_PYSPARK"""
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

capplan, parquet, python = sys.argv[1], sys.argv[2], sys.argv[3]
FLAGS = ["--start", "started_at", "--end", "ended_at", "--workload", "direction", "--interval", "15m"]


def tree_rss_mb(pid):
    """Resident memory of a process and all its descendants, in MB."""
    children = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(p.name))
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [pid]
    while todo:
        q = todo.pop()
        todo += children.get(q, [])
        try:
            for line in Path(f"/proc/{q}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(args):
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.1)

    t = threading.Thread(target=sample)
    t.start()
    out = proc.stdout.read()
    proc.wait()
    t.join()
    if proc.returncode != 0:
        sys.exit(f"{args[0]} failed with exit code {proc.returncode}")
    return time.perf_counter() - start, peak[0], out


def query(dialect):
    return subprocess.run([capplan, "observe", "--sql", dialect, "--table", "calls", *FLAGS],
                          check=True, capture_output=True, text=True).stdout


RUN_DUCKDB = """
import duckdb, json, sys
con = duckdb.connect(config={"threads": 2})
con.execute("CREATE VIEW calls AS SELECT * FROM read_parquet('%s')" % sys.argv[1].replace("'", "''"))
rows = con.execute(open(sys.argv[2]).read()).fetchall()
print(json.dumps([[r[1], r[2], int(r[4])] for r in rows if r[0] == "peak"]))
"""
# The usual form, for comparison: one running sum over every event, no partition (total only).
NAIVE = """
WITH ev AS (
  SELECT epoch_ms(started_at) AS t, 1 AS d FROM calls WHERE ended_at > started_at
  UNION ALL SELECT epoch_ms(ended_at), -1 FROM calls WHERE ended_at > started_at
), inst AS (SELECT t, SUM(d) AS net FROM ev GROUP BY t),
run AS (SELECT t, SUM(net) OVER (ORDER BY t ROWS UNBOUNDED PRECEDING) AS level FROM inst)
SELECT 'peak', NULL, MIN(t), NULL, MAX(level) FROM run WHERE level = (SELECT MAX(level) FROM run)
"""
RUN_SPARK = """
import json, sys
from pyspark.sql import SparkSession
s = (SparkSession.builder.master("local[2]").config("spark.driver.memory", "8g")
     .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
     .config("spark.ui.showConsoleProgress", "false").getOrCreate())
s.sparkContext.setLogLevel("ERROR")
s.read.parquet(sys.argv[1]).createOrReplaceTempView("calls")
rows = s.sql(open(sys.argv[2]).read().rstrip().rstrip(";")).collect()
print(json.dumps([[r[1], r[2], int(r[4])] for r in rows if r[0] == "peak"]))
"""

work = Path(parquet).parent
results = {}
secs, mb, out = measure([capplan, "observe", parquet, *FLAGS, "-f", "json"])
obs = json.loads(out)
results["capplan observe"] = (secs, mb, obs["peak_calls"])
print(f"capplan observe: {secs:.2f} s, {mb:.0f} MB, peak {obs['peak_calls']}", flush=True)
for name, dialect, code in [("DuckDB", "duckdb", RUN_DUCKDB), ("Spark local[2]", "spark", RUN_SPARK)]:
    if os.environ.get("SKIP_SPARK") and dialect == "spark":
        continue
    (work / f"{dialect}.sql").write_text(query(dialect))
    (work / f"run_{dialect}.py").write_text(code)
    secs, mb, out = measure([python, str(work / f"run_{dialect}.py"), parquet, str(work / f"{dialect}.sql")])
    peaks = {w: (t, c) for w, t, c in json.loads(out)}
    results[name] = (secs, mb, peaks[None][1])
    print(f"{name} with the generated SQL: {secs:.2f} s, {mb:.0f} MB, peak {peaks[None][1]}", flush=True)
    if peaks[None][1] != obs["peak_calls"]:
        sys.exit(f"{name}'s peak differs from capplan's")
if not os.environ.get("SKIP_NAIVE"):
    (work / "naive.sql").write_text(NAIVE)
    secs, mb, out = measure([python, str(work / "run_duckdb.py"), parquet, str(work / "naive.sql")])
    naive = json.loads(out)[0][2]
    print(f"DuckDB, one running sum without a partition (total only): {secs:.2f} s, {mb:.0f} MB, peak {naive}", flush=True)
rows = int(obs["calls"])
print(f"{rows} calls; capplan read {rows / results['capplan observe'][0] / 1e6:.1f} million calls per second")
