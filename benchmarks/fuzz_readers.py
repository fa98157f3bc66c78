"""Fuzz the upload readers: seeded mutations of the shared sample exports, read in the sandbox.

Every sample export under ``datasets/formats/`` (CSV, XLSX, SAV, JSON, NDJSON, JS) is mutated
``--n`` times per format (byte flips, truncations, inserted delimiters / quotes / NUL bytes,
duplicated or dropped lines, encoding damage, zip-member corruption for XLSX) and read through
:func:`feedback_seg.service.preview_file` -- the sandboxed reader the web upload uses -- with
the web's limits. Each outcome is one of:

``clean``     a preview with at least one importable row;
``rejected``  a clear :class:`FeedbackSegError` (the web names the user's file and adds the reason);
``internal``  an :class:`InternalError` -- a bug of ours; listed with the seed that reproduces it;
``crash``     the child crashed or timed out (a sandbox message, never the caller).

``rejected_unnamed`` (a sub-count of ``rejected``) counts rejections whose message does not name
the file ("no row could be imported" is named by the web, which prefixes the file name).

An exception escaping ``preview_file`` in the calling process is counted as ``caller`` (must be 0).
Prints counts per format and outcome, the rate, and ends with one JSON line.
``python benchmarks/fuzz_readers.py --n 200 --seed 1`` ; ``--only-seed FMT:SEED`` replays one case.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback_seg import errors, service  # noqa: E402

FORMATS_DIR = ROOT.parent / "shared" / "datasets" / "formats"
if not FORMATS_DIR.is_dir():
    FORMATS_DIR = Path("/work/shared/datasets/formats")
SUFFIXES = (".csv", ".xlsx", ".sav", ".json", ".ndjson", ".js")
OUTCOMES = ("clean", "rejected", "internal", "crash", "caller")
_CRASH_MARKS = ("the parser crashed", "exited unexpectedly", "parsing took longer")
_INSERTS = [b",", b";", b"\t", b'"', b"'", b"\x00", b"\n", b"\r", b"\r\n", b'""', b"{", b"}", b"[", b"]",
            b":", b"\\", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"=cmd|' /C calc'!A0"]
TIMEOUT_S, MEMORY_MB = 60, 2048       # the web's PARSE_TIMEOUT / PARSE_MEMORY_MB defaults


def samples(root: Path = FORMATS_DIR) -> dict[str, list[Path]]:
    """Sample exports grouped by format (the file suffix without the dot)."""
    out: dict[str, list[Path]] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES:
            out.setdefault(p.suffix.lower().lstrip("."), []).append(p)
    return out


# ---- mutations (each takes a random.Random and bytes, returns bytes) -------------------------

def _flip(r: random.Random, b: bytes) -> bytes:
    a = bytearray(b)
    for _ in range(r.randint(1, 8)):
        if a:
            a[r.randrange(len(a))] ^= 1 << r.randrange(8)
    return bytes(a)


def _truncate(r: random.Random, b: bytes) -> bytes:
    return b[:r.randrange(len(b) + 1)] if b else b


def _insert(r: random.Random, b: bytes) -> bytes:
    a = bytearray(b)
    for _ in range(r.randint(1, 6)):
        pos = r.randrange(len(a) + 1)
        a[pos:pos] = r.choice(_INSERTS) * r.choice((1, 1, 2, 50))
    return bytes(a)


def _lines(r: random.Random, b: bytes) -> bytes:
    lines = b.splitlines(keepends=True)
    if not lines:
        return b
    i = r.randrange(len(lines))
    op = r.choice(("dup", "dup_many", "drop", "swap"))
    if op == "dup":
        lines.insert(i, lines[i])
    elif op == "dup_many":
        lines[i:i] = [lines[i]] * r.randint(2, 200)
    elif op == "drop":
        del lines[i]
    else:
        j = r.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def _encoding(r: random.Random, b: bytes) -> bytes:
    op = r.choice(("latin1", "utf16", "bom", "cut_utf8", "mixed"))
    text = b.decode("utf-8", "replace")
    if op == "latin1":
        return text.encode("latin-1", "replace")
    if op == "utf16":
        return text.encode(r.choice(("utf-16", "utf-16-le", "utf-16-be")))
    if op == "bom":
        return r.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) + b
    if op == "cut_utf8":   # a multi-byte sequence broken in the middle
        pos = r.randrange(len(b) + 1)
        return b[:pos] + r.choice((b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98")) + b[pos:]
    half = len(text) // 2
    return text[:half].encode("utf-8") + text[half:].encode("cp1252", "replace")


def _zip_member(r: random.Random, b: bytes) -> bytes:
    """Rewrite an XLSX with one member mutated, dropped or duplicated (falls back to a byte flip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(b)) as zin:
            members = [(i, zin.read(i)) for i in zin.infolist()]
    except Exception:  # noqa: BLE001  (an earlier mutation already broke the container: any zip/zlib error)
        return _flip(r, b)
    k = r.randrange(len(members))
    op = r.choice(("mutate", "mutate", "mutate", "drop", "empty", "dup"))
    out = io.BytesIO()
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for j, (info, data) in enumerate(members):
            if j == k:
                if op == "drop":
                    continue
                if op == "empty":
                    data = b""
                elif op == "mutate":
                    data = r.choice(TEXT_MUTATIONS)(r, data)
                elif op == "dup":
                    zout.writestr(info.filename, data)
            zout.writestr(info.filename, data)
    return out.getvalue()


def _zip_bytes(r: random.Random, b: bytes) -> bytes:
    """Damage the container itself: flip bytes in the central directory or a local header."""
    a = bytearray(b)
    cd = b.rfind(b"PK\x01\x02")
    base = cd if cd >= 0 and r.random() < 0.5 else 0
    for _ in range(r.randint(1, 4)):
        pos = base + r.randrange(max(1, min(len(a) - base, 64)))
        if pos < len(a):
            a[pos] = r.randrange(256)
    return bytes(a)


TEXT_MUTATIONS = [_flip, _truncate, _insert, _lines, _encoding]
BINARY_MUTATIONS = [_flip, _flip, _truncate, _insert]
XLSX_MUTATIONS = [_zip_member, _zip_member, _zip_member, _zip_bytes, _flip, _truncate]


def mutate(fmt: str, data: bytes, seed: int) -> tuple[bytes, str]:
    """One to three seeded mutations of ``data``; returns the bytes and the mutation names."""
    r = random.Random(f"{fmt}:{seed}")
    pool = XLSX_MUTATIONS if fmt == "xlsx" else BINARY_MUTATIONS if fmt == "sav" else TEXT_MUTATIONS
    names = []
    for _ in range(r.choice((1, 1, 1, 2, 3))):
        fn = r.choice(pool)
        data = fn(r, data)
        names.append(fn.__name__.lstrip("_"))
    return data, "+".join(names)


# ---- running ----------------------------------------------------------------------------------

def classify(path: Path) -> tuple[str, str]:
    """Read ``path`` as the web upload does; return (outcome, message)."""
    try:
        result = service.preview_file(path, timeout=TIMEOUT_S, memory_mb=MEMORY_MB)
    except errors.InternalError as exc:
        return "internal", exc.message
    except errors.FeedbackSegError as exc:
        if isinstance(exc, errors.UnreadableFileError) and any(m in exc.message for m in _CRASH_MARKS):
            return "crash", exc.message
        return "rejected", exc.message
    except BaseException as exc:  # noqa: BLE001  (the calling process must survive: counted, never raised)
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "caller", f"{type(exc).__name__}: {exc}"
    if not result.get("rows"):      # the web answers "<file>: no row could be imported (...)"
        return "rejected", "no row could be imported"
    return "clean", ""


# ---- a faster path: one long-lived sandboxed worker instead of a fresh interpreter per file -------

def _worker(conn, memory_mb: int) -> None:
    """Child loop: read each path as the sandbox child does, answer (outcome, message)."""
    from feedback_seg import sandbox  # noqa: PLC0415

    sandbox._limit(memory_mb, 10 ** 6)   # memory capped as in the sandbox; time is the parent's wall clock
    faults = sandbox._file_faults()
    while True:
        path = conn.recv()
        if path is None:
            return
        try:
            result = sandbox._preview_in_child(path, None, None, None)
            answer = ("clean", "") if result.get("rows") else ("rejected", "no row could be imported")
        except errors.InternalError as exc:
            answer = ("internal", exc.message)
        except errors.FeedbackSegError as exc:
            answer = ("rejected", exc.message)
        except MemoryError:
            answer = ("rejected", "file unreadable: the parser ran out of memory")
        except faults as exc:
            answer = ("rejected", f"file unreadable: {type(exc).__name__}: {exc}"[:500])
        except Exception as exc:  # noqa: BLE001  (what the sandbox reports as an InternalError)
            import traceback  # noqa: PLC0415
            answer = ("internal", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}")
        conn.send(answer)


class Worker:
    """A spawned worker process, restarted after a crash or a timeout (both counted as ``crash``)."""

    def __init__(self, timeout: float = TIMEOUT_S, memory_mb: int = MEMORY_MB):
        import multiprocessing  # noqa: PLC0415
        self.ctx, self.timeout, self.memory_mb, self.proc = multiprocessing.get_context("spawn"), timeout, memory_mb, None

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child, self.memory_mb), daemon=True)
        self.proc.start()
        child.close()

    def __call__(self, path: Path) -> tuple[str, str]:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        try:
            self.conn.send(str(path))
            if self.conn.poll(self.timeout):
                return self.conn.recv()
            why = f"parsing took longer than {self.timeout:g} s"
        except (EOFError, OSError, BrokenPipeError):
            why = None
        self.proc.kill()
        self.proc.join(5)
        code = self.proc.exitcode
        self.proc = None
        return "crash", why or f"the worker died (exit status {code})"

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(5)


def case(fmt: str, files: list[Path], seed: int) -> tuple[Path, bytes, str]:
    src = files[seed % len(files)]
    data, how = mutate(fmt, src.read_bytes(), seed)
    return src, data, how


def run(n: int, seed: int, formats: list[str] | None = None, deadline: float | None = None,
        progress: bool = False, worker: bool = False) -> dict:
    """Fuzz ``n`` mutations per format from ``seed``; returns counts, failures and timing.

    ``worker=True`` reads through one long-lived sandboxed :class:`Worker` (same reader, same
    classification, no interpreter start per file) instead of :func:`classify`.
    """
    read = Worker() if worker else classify
    groups = samples()
    fmts = [f for f in (formats or sorted(groups)) if f in groups]
    counts = {f: Counter() for f in fmts}
    failures, done, t0 = [], Counter(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        for i in range(n):
            if deadline and time.time() > deadline:
                break
            for fmt in fmts:
                s = seed * 1_000_003 + i
                src, data, how = case(fmt, groups[fmt], s)
                path = Path(tmp) / f"upload{src.suffix}"
                path.write_bytes(data)
                try:
                    outcome, msg = read(path)
                except Exception as exc:  # noqa: BLE001  (the harness itself must not stop the run)
                    outcome, msg = "caller", f"{type(exc).__name__}: {exc}"
                counts[fmt][outcome] += 1
                if outcome == "rejected" and not msg.startswith("no row") and path.name not in msg:
                    counts[fmt]["rejected_unnamed"] += 1   # a rejection whose message does not name the file
                done[fmt] += 1
                if outcome in ("internal", "crash", "caller"):
                    failures.append({"format": fmt, "seed": s, "source": src.name, "mutation": how,
                                     "outcome": outcome, "message": msg[:300]})
                    if progress:
                        print(f"  FAIL {fmt}:{s} {outcome}: {msg[:200]}", file=sys.stderr, flush=True)
            if progress and (i + 1) % 250 == 0:
                print(f"  {i + 1}/{n} per format, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    if worker:
        read.close()
    elapsed = time.perf_counter() - t0
    total = sum(done.values())
    return {"n_per_format": dict(done), "seed": seed, "mode": "worker" if worker else "sandbox", "counts": {f: dict(c) for f, c in counts.items()},
            "totals": dict(sum(counts.values(), Counter())), "mutations": total,
            "elapsed_s": round(elapsed, 1), "rate_per_s": round(total / elapsed, 3) if elapsed else None,
            "failures": failures}


def replay(spec: str, keep: Path | None = None) -> None:
    """``FMT:SEED`` -> mutate the same way, read it, print the outcome (and keep the bytes)."""
    fmt, _, s = spec.partition(":")
    src, data, how = case(fmt, samples()[fmt], int(s))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{src.suffix}"
        path.write_bytes(data)
        print(src.name, how, *classify(path))
    if keep:
        keep.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="mutations per format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", nargs="*", help=f"subset of {', '.join(s.lstrip('.') for s in SUFFIXES)}")
    ap.add_argument("--worker", action="store_true",
                    help="one long-lived sandboxed worker (much faster; crashes restart it) instead of "
                         "service.preview_file's fresh child per file")
    ap.add_argument("--minutes", type=float, help="stop after this many minutes (counts what was reached)")
    ap.add_argument("--only-seed", help="replay one case, FMT:SEED")
    ap.add_argument("--keep", type=Path, help="with --only-seed: write the mutated bytes here")
    a = ap.parse_args(argv)
    if a.only_seed:
        replay(a.only_seed, a.keep)
        return 0
    deadline = time.time() + a.minutes * 60 if a.minutes else None
    res = run(a.n, a.seed, a.formats, deadline, progress=True, worker=a.worker)
    print(f"{'format':8} " + " ".join(f"{o:>9}" for o in OUTCOMES) + f" {'n':>6}")
    for fmt, c in res["counts"].items():
        print(f"{fmt:8} " + " ".join(f"{c.get(o, 0):>9}" for o in OUTCOMES) + f" {res['n_per_format'][fmt]:>6}")
    print(f"mode: {res['mode']}")
    print(f"{res['mutations']} mutations in {res['elapsed_s']} s = {res['rate_per_s']} /s; "
          f"10,000 per format x {len(res['counts'])} formats would take "
          f"~{10_000 * len(res['counts']) / (res['rate_per_s'] or 1) / 3600:.1f} h at this rate")
    for f in res["failures"]:
        print(f"FAIL {f['format']} seed={f['seed']} ({f['source']}, {f['mutation']}): {f['outcome']}: {f['message']}")
    print(json.dumps({k: v for k, v in res.items()}, sort_keys=True))
    return 1 if res["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
