"""Login abuse (#16.7): a name spray through the web app, and the failure store's size under load.

1. Spray: the app with default settings (login limits as shipped, failures in the store) on a fresh
   SQLite store, one client (one address) posting ``--names`` distinct usernames with one password
   through the Flask test client. Prints the attempts before the first 429, the counts of 401/429
   and the time taken.
2. Store size: ``--distinct`` distinct names, each from its own address (so the per-client limit
   does not stop it), fed to the shipped limiter (default limits) on the ``login_failure`` table
   and on the in-memory store, with an injected clock advancing ``--step`` seconds per attempt
   (``--step 0.01`` = 100 attempts per second, over 1,000 simulated seconds for 100,000 names).
   No password is hashed here: only the limiter is measured. Prints rows kept (max and at the
   end), tracemalloc peak, and the process RSS.

Last line: JSON.

    .venv/bin/python benchmarks/login_abuse.py [--names 20000] [--distinct 100000] [--step 0.01]
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BASE = "https://localhost"


def rss_mib() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def spray(tmp: Path, n: int) -> dict:
    from feedback_seg.store.engine import get_engine
    from feedback_seg.store.migrate import upgrade
    from web import create_app

    url = "sqlite:///" + str(tmp / "web.db")
    upgrade(get_engine(url))
    app = create_app({"INSTANCE_PATH": str(tmp / "instance"), "DATABASE": url})   # default limits
    c = app.test_client()
    c.environ_base.update({"HTTP_REFERER": BASE + "/", "wsgi.url_scheme": "https", "REMOTE_ADDR": "203.0.113.7"})
    html = c.get("/login", base_url=BASE).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    counts: dict[int, int] = {}
    first_429 = None
    t0 = time.perf_counter()
    for i in range(n):
        code = c.post("/login", base_url=BASE, data={"username": f"spray{i:06d}", "password": "Winter2024!",
                                                     "csrf_token": token}).status_code
        counts[code] = counts.get(code, 0) + 1
        if code == 429 and first_429 is None:
            first_429 = i
    dt = time.perf_counter() - t0
    limiter = app.extensions["login_limiter"]
    return {"names": n, "attempts_before_first_429": first_429, "401": counts.get(401, 0),
            "429": counts.get(429, 0), "other": {k: v for k, v in counts.items() if k not in (401, 429)},
            "seconds": round(dt, 1), "rows_in_login_failure": len(limiter.store),
            "store": type(limiter.store).__name__,
            "limits": {"pair": limiter.limit, "client": limiter.client_limit, "global": limiter.global_limit,
                       "window_s": limiter.window}}


def store_size(tmp: Path, n: int, step: float, kind: str, trace_table: bool = False) -> dict:
    from feedback_seg import login_limits
    from feedback_seg.store.engine import get_engine
    from feedback_seg.store.migrate import upgrade

    if kind == "table":
        eng = get_engine("sqlite:///" + str(tmp / "limits.db"))
        upgrade(eng)
        store = login_limits.StoreFailures(eng)
    else:
        store = login_limits.MemoryFailures()
    now = [1_700_000_000.0]
    lim = login_limits.LoginLimiter(store=store, clock=lambda: now[0])        # the shipped defaults
    trace = kind == "memory" or trace_table
    if trace:
        tracemalloc.start()
    base_mem = tracemalloc.get_traced_memory()[0] if trace else 0
    allowed = refused = max_rows = 0
    t0 = time.perf_counter()
    for i in range(n):
        client, name = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}", f"victim{i:07d}"
        if lim.check(client, name).allowed:
            lim.failure(client, name)
            allowed += 1
        else:
            refused += 1
        now[0] += step
        if i % 1000 == 999:
            max_rows = max(max_rows, len(store))
    dt = time.perf_counter() - t0
    cur, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
    if trace:
        tracemalloc.stop()
    out = {"store": kind, "distinct_names": n, "simulated_seconds": round(n * step), "recorded": allowed,
           "refused_429": refused, "rows_max_sampled": max_rows, "rows_end": len(store),
           "tracemalloc_current_kib": round((cur - base_mem) / 1024) if trace else None,
           "tracemalloc_peak_kib": round(peak / 1024) if trace else None,
           "seconds": round(dt, 1), "rss_mib": round(rss_mib(), 1)}
    if kind == "table":
        out["db_file_kib"] = round((tmp / "limits.db").stat().st_size / 1024)
    else:
        out["keys_held"] = store.keys()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=20_000, help="distinct names sprayed from one client")
    ap.add_argument("--distinct", type=int, default=100_000, help="distinct names for the store-size run")
    ap.add_argument("--table-distinct", type=int, default=None,
                    help="distinct names for the login_failure table run (default: --distinct)")
    ap.add_argument("--trace-table", action="store_true",
                    help="tracemalloc on the table run too (slows SQLAlchemy several times)")
    ap.add_argument("--step", type=float, default=0.01, help="simulated seconds between attempts")
    args = ap.parse_args(argv)
    import feedback_seg
    import web
    import logging
    logging.getLogger("feedback_seg").setLevel(logging.ERROR)   # one warning per attempt otherwise
    print(f"code: feedback_seg={feedback_seg.__file__} web={web.__file__}")
    result = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        result["spray"] = s = spray(tmp, args.names)
        print(f"spray: {s['names']} distinct names from one client, store={s['store']} limits={s['limits']}")
        print(f"  attempts before the first 429: {s['attempts_before_first_429']}; 401: {s['401']}, "
              f"429: {s['429']}, other: {s['other']}; {s['seconds']} s; rows in login_failure: "
              f"{s['rows_in_login_failure']}; RSS {rss_mib():.1f} MiB")
        for kind in ("table", "memory"):
            n = args.distinct if kind == "memory" or args.table_distinct is None else args.table_distinct
            result[kind] = r = store_size(tmp, n, args.step, kind, args.trace_table)
            print(f"store={kind}: {r['distinct_names']} distinct names/addresses over {r['simulated_seconds']} "
                  f"simulated s: recorded {r['recorded']}, 429 {r['refused_429']}; rows max {r['rows_max_sampled']}, "
                  f"at end {r['rows_end']}; tracemalloc current {r['tracemalloc_current_kib']} KiB, peak "
                  f"{r['tracemalloc_peak_kib']} KiB; RSS {r['rss_mib']} MiB; {r['seconds']} s"
                  + (f"; db file {r['db_file_kib']} KiB" if kind == "table" else f"; keys {r['keys_held']}"))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
