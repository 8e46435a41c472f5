#!/usr/bin/env python3
"""Times capplan, pyworkforce and erlanglib on the same Erlang questions and checks each answer
against mpmath at 40 digits. capplan is timed as a whole process (start-up included); the Python
packages are timed in-process, each case in a child process with a time limit."""
import json
import multiprocessing as mp_
import subprocess
import sys
import time

import mpmath as mp

mp.mp.dps = 40
LIMIT_S = 20.0
CAPPLAN = sys.argv[1]


def ref_b(a, n):
    a, n = mp.mpf(a), mp.mpf(n)
    return mp.power(a, n) * mp.exp(-a) / (mp.gamma(n + 1) * mp.gammainc(n + 1, a, mp.inf, regularized=True))


def ref_lines(a, target):
    n = 0
    b = mp.mpf(1)
    while b > target:
        n += 1
        b = a * b / (n + a * b)
    return n


def ref_agents(a, aht, t, sl):
    n, b = 0, mp.mpf(1)
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n <= a:
            continue
        c = n * b / (n - a * (1 - b))
        if 1 - c * mp.exp(-(n - a) * t / aht) >= sl:
            return n


def capplan(args):
    best, out = float("inf"), None
    for _ in range(5):
        t = time.perf_counter()
        out = subprocess.run([CAPPLAN, "erlang", *args, "--format", "json"], check=True, capture_output=True, text=True).stdout
        best = min(best, time.perf_counter() - t)
    return json.loads(out)["results"], best


def _child(q, fn, args):
    import erlanglib  # noqa: F401  (imports stay outside the timed part)
    import pyworkforce.queuing  # noqa: F401
    t = time.perf_counter()
    try:
        value = fn(*args)
    except Exception as e:  # erlanglib's Decimal arithmetic overflows on large inputs
        q.put(("error", None))
        print(f"{fn.__name__}{args}: {type(e).__name__}", file=sys.stderr)
        return
    q.put((value, time.perf_counter() - t))


def timed(fn, *args):
    q = mp_.Queue()
    p = mp_.Process(target=_child, args=(q, fn, args))
    p.start()
    p.join(LIMIT_S)
    if p.is_alive():
        p.terminate()
        return None, None
    try:
        return q.get(timeout=1)
    except Exception:
        return "error", None


def erlanglib_b(a, n):
    import erlanglib
    return erlanglib.erlang_b(n, a)


def erlanglib_lines(a, target):
    import erlanglib
    return erlanglib.required_channels(a, target)


def pyworkforce_agents(a, aht, t, sl):
    from pyworkforce.queuing import ErlangC
    # pyworkforce takes transactions per interval in minutes: a erlangs = a calls/min x 1 min AHT.
    e = ErlangC(transactions=a * 60 / aht * 60, aht=aht / 60, asa=t / 60, interval=60)
    return e.required_positions(service_level=sl)["raw_positions"]


def erlanglib_agents(a, aht, t, sl):
    import erlanglib
    n = int(a) + 1
    while True:
        pw = erlanglib.erlang_c(n, a)
        if erlanglib.service_level(n, a, pw, t, aht) >= sl:
            return n
        n += 1


def fmt_t(s, v=None):
    if v == "error":
        return "failed"
    return "timeout" if s is None else f"{s * 1000:.1f} ms"


def fmt_err(v, ref):
    if v is None:
        return "-"
    if v == "error":
        return "error"
    if ref == 0:
        return "exact" if v == 0 else f"{v:.3g}"
    e = abs(mp.mpf(v) - ref) / abs(ref)
    return "exact" if e == 0 else f"{float(e):.1e}"


rows = []
for a, n in [(100, 120), (1000, 1050), (10000, 10100), (100000, 100000), (1000000, 1000000)]:
    ref = ref_b(a, n)
    res, t = capplan(["b", "--traffic", str(a), "--lines", str(n)])
    v, lt = timed(erlanglib_b, a, n)
    rows.append((f"B(A={a}, N={n})", f"{float(ref):.6g}", fmt_t(t), fmt_err(res["blocking"], ref), "-", "-", fmt_t(lt, v), fmt_err(v, ref)))
for a in [10, 100, 1000, 10000, 100000]:
    ref = ref_lines(mp.mpf(a), mp.mpf("0.01"))
    res, t = capplan(["lines", "--traffic", str(a), "--blocking", "1%"])
    v, lt = timed(erlanglib_lines, a, 0.01)
    ok = lambda x: "-" if x is None else ("same" if x == ref else f"{x} (wrong)")
    rows.append((f"lines A={a} at 1%", str(ref), fmt_t(t), ok(int(res["lines"])), "-", "-", fmt_t(lt, v), ok(v)))
for a in [10, 100, 1000, 10000]:
    ref = ref_agents(mp.mpf(a), 180, 20, mp.mpf("0.8"))
    res, t = capplan(["agents", "--traffic", str(a), "--aht", "180s", "--target", "20s", "--service-level", "80%"])
    pv, pt = timed(pyworkforce_agents, a, 180, 20, 0.8)
    lv, lt = timed(erlanglib_agents, a, 180, 20, 0.8)
    ok = lambda x: "-" if x is None else ("same" if x == ref else f"{x} (wrong)")
    rows.append((f"agents A={a}, 80% in 20 s", str(ref), fmt_t(t), ok(int(res["agents"])), fmt_t(pt, pv), ok(pv), fmt_t(lt, lv), ok(lv)))

head = ("question", "mpmath answer", "capplan time", "capplan error", "pyworkforce time", "pyworkforce", "erlanglib time", "erlanglib")
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for r in rows:
    print("| " + " | ".join(r) + " |")
print(f"\ncapplan: whole process, best of 5. Python packages: in-process, one run, limit {LIMIT_S:.0f} s. "
      "Error: relative to mpmath at 40 digits ('same' = the same whole number).")
