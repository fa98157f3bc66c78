"""Seconds to re-cut a segmented run of 10,000 people to other segment counts (issue 11, point 2).

The run is segmented once (PCA reduction here, to keep the benchmark short; a re-cut reads the
stored trees and never reduces again, so the reducer does not change its time), then
:func:`~feedback_seg.pipeline.segment_core.recut` moves to several segment counts. Prints one
line per count and the slowest; the budget is 5 s on 2 cores.

``--service`` also times the whole re-cut a user asks for (``service.recut_run``: read the stored
trees, cut, then describe, profile and name the new segments, carry human decisions over by key and
write the new run) on a store of that many generated survey respondents, embedded with the
deterministic fake embedder (embedding is not part of a re-cut).

    .venv/bin/python benchmarks/recut_speed.py [--n 10000] [--service]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from feedback_seg.pipeline.segment_core import recut, segment_embeddings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--service", action="store_true", help="also time service.recut_run on a stored run")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(60, 384))
    X = (centres[rng.integers(0, 60, args.n)] + rng.normal(scale=1.5, size=(args.n, 384))).astype(np.float32)
    t0 = time.perf_counter()
    res = segment_embeddings(X, reducer="pca", with_map=False, with_validity=False)
    print(f"segmented {args.n} people in {time.perf_counter() - t0:.1f}s: {res.metrics['n_segments']} segments")
    worst = 0.0
    for k in (2, 10, 30, res.metrics["n_segments"], 120):
        t = time.perf_counter()
        out = recut(res.hierarchy, k, X)
        took = time.perf_counter() - t
        worst = max(worst, took)
        print(f"recut to {k:>3}: {out['n_segments']:>3} segments in {took:.2f}s")
    print(f"slowest recut {worst:.2f}s (budget 5 s) -> {'ok' if worst <= 5 else 'TOO SLOW'}")
    if args.service:
        worst = max(worst, service_recut(args.n))
    return 0 if worst <= 5 else 1


def service_recut(n: int) -> float:
    """Seconds of the slowest ``service.recut_run`` on a stored run of ``n`` generated respondents."""
    from feedback_seg import service
    from feedback_seg.nlp_models.embedders import FakeEmbedder

    with tempfile.TemporaryDirectory(prefix="fs-recut-") as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "data" / "generate.py"),
                        "--out", str(data), "--respondents", str(n), "--tickets", "1", "--posts", "1"],
                       check=True, capture_output=True)
        engine = service.open_store("sqlite:///" + str(Path(tmp) / "s.db"))
        service.ingest_file(engine, data / "brand_survey_qualtrics.csv", project="p")
        t0 = time.perf_counter()
        run = service.run_segmentation(engine, "p", seed=0, embedder=FakeEmbedder(), insights=False,
                                       params={"stability_seeds": 1, "reducer": "pca"})
        k = service.run_manifest(engine, run)["metrics"]["n_segments"]
        print(f"service: stored run of {n} people in {time.perf_counter() - t0:.1f}s, {k} segments")
        worst = 0.0
        for target in (max(2, k // 2), k + 3, 2 * k):
            t = time.perf_counter()
            out = service.recut_run(engine, run, target)
            took = time.perf_counter() - t
            worst = max(worst, took)
            print(f"service recut to {target:>3}: {out['n_segments']:>3} segments in {took:.2f}s")
    print(f"slowest service recut {worst:.2f}s (budget 5 s) -> {'ok' if worst <= 5 else 'TOO SLOW'}")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
