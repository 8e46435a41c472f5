#!/usr/bin/env python3
"""Checks that `capplan observe` on CSV and Parquet and the query of `capplan observe --sql`
run in DuckDB and in Spark give the same figures: arrivals and AHT per interval and workload,
the exact peak concurrency and its first moment, in total and per workload.

The call records are generated with the awkward cases: many calls starting at one instant, a
call starting the instant another ends, zero-length calls (also at the peak), calls crossing
buckets and midnight, calls ending exactly on an interval boundary, durations with
milliseconds, several workloads (one empty, one with spaces around it).

Usage: verify.py CAPPLAN_BINARY WORK_DIR [--no-spark]
"""
import csv
import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

import duckdb

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
BASE_MS = 1_774_656_000_000  # 2026-03-28T00:00:00Z: three days crossing two midnights


def records(n=40_000, seed=7):
    """(start_ms, end_ms, workload) rows in shuffled order."""
    rnd = random.Random(seed)
    names = ["inbound", "outbound", " web ", ""]
    rows = []
    for _ in range(n):
        s = BASE_MS + rnd.randrange(3 * 86_400_000)
        d = int(rnd.expovariate(1 / 240_000))
        rows.append([s, s + d, rnd.choice(names)])
    # Ties: 200 calls starting at one instant, and calls starting as others end.
    t = BASE_MS + 86_400_000 + 36_000_000
    rows += [[t, t + 60_000 + k, "inbound"] for k in range(200)]
    for k in range(500):
        s, e, w = rows[rnd.randrange(n)]
        rows.append([e, e + rnd.randrange(1, 600_000), w])
    # Zero-length calls, some at the busiest instant above, some on interval boundaries.
    rows += [[t, t, "outbound"] for _ in range(50)]
    rows += [[t + 1, t + 1, ""] for _ in range(5)]
    for k in range(300):
        b = BASE_MS + rnd.randrange(3 * 96) * 900_000
        rows.append([b, b, rnd.choice(names)])
        rows.append([b - rnd.randrange(1, 1_200_000), b, rnd.choice(names)])
    # Long calls crossing many buckets and midnight.
    for k in range(40):
        s = BASE_MS + 86_400_000 - rnd.randrange(7_200_000)
        rows.append([s, s + rnd.randrange(3_600_000, 5 * 3_600_000), rnd.choice(names)])
    rnd.shuffle(rows)
    return rows


def iso(ms):
    return (EPOCH + dt.timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_inputs(rows, work):
    with open(work / "calls.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["started_at", "ended_at", "duration_s", "direction"])
        for s, e, name in rows:
            w.writerow([iso(s), iso(e), f"{(e - s) / 1000:.3f}", name])
    # The same calls without the workload column (else it is guessed from the header).
    with open(work / "calls-total.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["started_at", "ended_at"])
        w.writerows([iso(s), iso(e)] for s, e, _ in rows)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        "CREATE TABLE raw (s BIGINT, e BIGINT, direction VARCHAR)"
    )
    con.executemany("INSERT INTO raw VALUES (?, ?, ?)", rows)
    con.execute(
        """CREATE TABLE calls AS SELECT
             make_timestamptz(s * 1000) AS started_at,
             make_timestamptz(e * 1000) AS ended_at,
             CAST((e - s) / 1000 AS DOUBLE) AS duration_s,
             direction FROM raw"""
    )
    # Small row groups, so the reader's threads share several.
    con.execute(
        f"COPY calls TO '{work / 'calls.parquet'}' (FORMAT parquet, ROW_GROUP_SIZE 8192)"
    )
    return con


def capplan(binary, args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True)
    return out.stdout


def iso_ms(s):
    t = dt.datetime.strptime(s.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f" if "." in s else "%Y-%m-%dT%H:%M:%S")
    return round((t.replace(tzinfo=dt.timezone.utc) - EPOCH).total_seconds() * 1000)


def from_capplan(binary, path, interval, work, workload=True, columns=()):
    """{(section, workload): ...} from `observe` JSON: its peaks and its intervals' plain mean AHT
    (the query's; `--arrivals-out` writes a robust AHT of its own for `compute`)."""
    if not workload:
        path = work / "calls-total.csv"
    args = ["observe", str(path), "--interval", interval, "-f", "json", *columns]
    if workload:
        args += ["--workload", "direction"]
    obs = json.loads(capplan(binary, args))
    peaks = {None: (obs["peak_calls"], iso_ms(obs["peak_at"]))}
    if workload:
        for w in obs["workloads"]:
            peaks[w["name"]] = (w["peak_calls"], iso_ms(w["peak_at"]))
    got = {}
    names = [w["name"] for w in obs["workloads"]]
    for i in obs["intervals"]:
        for k, name in enumerate(names):
            if i["calls"][k] > 0:
                got[(name if workload else None, iso_ms(i["start"]))] = (i["calls"][k], i["aht_s"][k])
    return peaks, got


def from_sql(rows):
    peaks, got = {}, {}
    for section, workload, time_ms, _utc, calls, aht in rows:
        if section == "peak":
            peaks[workload] = (int(calls), int(time_ms))
        else:
            got[(workload, int(time_ms))] = (int(calls), float(aht))
    return peaks, got


def same(label, a, b):
    """Peaks and counts exactly; AHTs to 1e-12 (one division order against another)."""
    (pa, ga), (pb, gb) = a, b
    problems = []
    if pa != pb:
        problems.append(f"peaks differ: {pa} vs {pb}")
    if ga.keys() != gb.keys():
        problems.append(f"intervals differ: {len(ga)} vs {len(gb)} ({sorted(set(ga) ^ set(gb), key=str)[:3]})")
    for k in ga.keys() & gb.keys():
        (ca, aa), (cb, ab) = ga[k], gb[k]
        if ca != cb or abs(aa - ab) > 1e-12 * max(1.0, abs(aa)):
            problems.append(f"interval {k}: {ga[k]} vs {gb[k]}")
            break
    print(f"{'ok  ' if not problems else 'FAIL'} {label}: {len(pa)} peaks, {len(ga)} interval rows")
    for p in problems:
        print("     ", p)
    return not problems


def main():
    binary, work = sys.argv[1], Path(sys.argv[2])
    spark_wanted = "--no-spark" not in sys.argv
    work.mkdir(parents=True, exist_ok=True)
    rows = records()
    con = write_inputs(rows, work)
    ok = True
    for interval in ["15m", "1m", "7m"]:
        ms = {"15m": 900_000, "1m": 60_000, "7m": 420_000}[interval]
        csv_answer = from_capplan(binary, work / "calls.csv", interval, work)
        ok &= same(f"{interval} capplan Parquet = capplan CSV", from_capplan(binary, work / "calls.parquet", interval, work), csv_answer)
        for workload in [True, False]:
            flags = ["--start", "started_at", "--end", "ended_at"] + (["--workload", "direction"] if workload else [])
            sql = capplan(binary, ["observe", "--sql", "duckdb", "--table", "calls", "--interval", interval, *flags])
            label = "by workload" if workload else "in total"
            ok &= same(f"{interval} DuckDB SQL {label} = capplan", from_sql(con.execute(sql).fetchall()),
                       from_capplan(binary, work / "calls.csv", interval, work, workload))
        flags = ["--start", "started_at", "--duration", "duration_s", "--workload", "direction"]
        sql = capplan(binary, ["observe", "--sql", "duckdb", "--table", "calls", "--interval", interval, *flags])
        ok &= same(f"{interval} DuckDB SQL with a duration column = capplan",
                   from_sql(con.execute(sql).fetchall()),
                   from_capplan(binary, work / "calls.csv", interval, work, True, ["--start", "started_at", "--duration", "duration_s"]))
    # The Parquet file itself as the source: read_parquet('...') in DuckDB.
    flags = ["--start", "started_at", "--end", "ended_at", "--workload", "direction"]
    sql = capplan(binary, ["observe", "--sql", "duckdb", "--table", str(work / "calls.parquet"), *flags])
    ok &= same("15m DuckDB SQL on the Parquet file = capplan", from_sql(con.execute(sql).fetchall()),
               from_capplan(binary, work / "calls.csv", "15m", work))
    ok &= hostile_names(binary, work, con)
    ok &= postgres(binary, work)
    if spark_wanted:
        ok &= spark(binary, work)
    sys.exit(0 if ok else 1)


def hostile_names(binary, work, con):
    """Names that would end a quoted identifier or start a comment stay identifiers: a table
    and columns so named hold the same calls and give the same figures."""
    start, end, workload, table = 'a", 1 AS x FROM raw) --', "b`\\", "it's", 'call"s'
    q = lambda n: '"' + n.replace('"', '""') + '"'
    con.execute(f"CREATE TABLE {q(table)} AS SELECT started_at AS {q(start)}, ended_at AS {q(end)}, "
                f"direction AS {q(workload)} FROM calls")
    sql = capplan(binary, ["observe", "--sql", "duckdb", "--table", table, "--start", start, "--end", end,
                           "--workload", workload])
    return same("15m DuckDB SQL with hostile names = capplan", from_sql(con.execute(sql).fetchall()),
                from_capplan(binary, work / "calls.csv", "15m", work))


def postgres(binary, work):
    """The Postgres query in a throwaway server from the pgserver package, when installed."""
    try:
        import pgserver
        import psycopg
    except ImportError:
        print("skip Postgres: pgserver and psycopg are not installed")
        return True
    try:
        srv = pgserver.get_server(work / "pgdata", cleanup_mode="stop")
    except Exception as e:  # a machine that cannot run the bundled server: not a wrong answer
        print(f"skip Postgres: the server did not start ({e})")
        return True
    ok = True
    with psycopg.connect(srv.get_uri(), autocommit=True) as con:
        con.execute("DROP TABLE IF EXISTS calls")
        con.execute("""CREATE TABLE calls (started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
                       duration_s DOUBLE PRECISION, direction TEXT)""")
        with con.cursor().copy("COPY calls FROM STDIN WITH (FORMAT csv, HEADER true)") as cp:
            cp.write((work / "calls.csv").read_bytes())
        for interval in ["15m", "7m"]:
            for flags, label, workload in [
                (["--end", "ended_at", "--workload", "direction"], "by workload", True),
                (["--end", "ended_at"], "in total", False),
                (["--duration", "duration_s", "--workload", "direction"], "with a duration column", True),
            ]:
                sql = capplan(binary, ["observe", "--sql", "postgres", "--table", "calls", "--interval", interval,
                                       "--start", "started_at", *flags])
                columns = ["--start", "started_at", *flags[:2]]
                ok &= same(f"{interval} Postgres SQL {label} = capplan", from_sql(con.execute(sql).fetchall()),
                           from_capplan(binary, work / "calls.csv", interval, work, workload, columns))
    return ok


def spark(binary, work):
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:  # installed but not loadable here: not a wrong answer
        print(f"skip Spark: pyspark does not load ({e})")
        return True

    try:
        session = (
            SparkSession.builder.master("local[2]")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
    except Exception as e:  # no usable JVM here: not a wrong answer
        print(f"skip Spark: the session did not start ({e})")
        return True
    session.sparkContext.setLogLevel("WARN")
    df = session.read.parquet(str(work / "calls.parquet"))
    df.createOrReplaceTempView("calls")
    # Spark writes INT96 timestamps by default: capplan reads those too.
    df.repartition(3).write.mode("overwrite").parquet(str(work / "spark-parquet"))
    ok = True
    # Names that would end a backquoted identifier or start a comment stay identifiers.
    start, end, workload = "a`, 1 AS x FROM calls) --", "b\\`", "it's"
    df.toDF(start, end, "duration_s", workload).createOrReplaceTempView("hostile")
    sql = capplan(binary, ["observe", "--sql", "spark", "--table", "hostile", "--start", start, "--end", end,
                           "--workload", workload])
    rows = [tuple(r) for r in session.sql(sql.rstrip().rstrip(";")).collect()]
    ok &= same("15m Spark SQL with hostile names = capplan", from_sql(rows),
               from_capplan(binary, work / "calls.csv", "15m", work))
    for interval in ["15m", "1m"]:
        for workload in [True, False]:
            flags = ["--start", "started_at", "--end", "ended_at"] + (["--workload", "direction"] if workload else [])
            sql = capplan(binary, ["observe", "--sql", "spark", "--table", "calls", "--interval", interval, *flags])
            rows = [tuple(r) for r in session.sql(sql.rstrip().rstrip(";")).collect()]
            label = "by workload" if workload else "in total"
            ok &= same(f"{interval} Spark SQL {label} = capplan", from_sql(rows),
                       from_capplan(binary, work / "calls.csv", interval, work, workload))
        # The folder Spark wrote as the source: parquet.`...` in Spark SQL.
        folder = str(work / "spark-parquet")
        sql = capplan(binary, ["observe", "--sql", "spark", "--table", folder, "--interval", interval,
                               "--start", "started_at", "--end", "ended_at", "--workload", "direction"])
        rows = [tuple(r) for r in session.sql(sql.rstrip().rstrip(";")).collect()]
        ok &= same(f"{interval} Spark SQL on Spark's Parquet folder = capplan", from_sql(rows),
                   from_capplan(binary, work / "calls.csv", interval, work))
        for part in sorted((work / "spark-parquet").glob("part-*.parquet"))[:1]:
            one = session.read.parquet(str(part))
            one.createOrReplaceTempView("part")
            sql = capplan(binary, ["observe", "--sql", "spark", "--table", "part", "--interval", interval,
                                   "--start", "started_at", "--end", "ended_at", "--workload", "direction"])
            rows = [tuple(r) for r in session.sql(sql.rstrip().rstrip(";")).collect()]
            ok &= same(f"{interval} capplan on Spark's INT96 Parquet = Spark SQL", from_capplan(binary, part, interval, work), from_sql(rows))
    session.stop()
    return ok


if __name__ == "__main__":
    main()
