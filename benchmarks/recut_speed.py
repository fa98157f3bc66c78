"""Seconds to re-cut a segmented run of 10,000 people to other segment counts (issue 11, point 2).

The run is segmented once (PCA reduction here, to keep the benchmark short; a re-cut reads the
stored trees and never reduces again, so the reducer does not change its time), then
:func:`~feedback_seg.pipeline.segment_core.recut` moves to several segment counts. Prints one
line per count and the slowest; the budget is 5 s on 2 cores.

    .venv/bin/python benchmarks/recut_speed.py [--n 10000]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from feedback_seg.pipeline.segment_core import recut, segment_embeddings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
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
    return 0 if worst <= 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
