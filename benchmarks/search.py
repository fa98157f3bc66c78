"""Search indexes on real text: exact dot product vs HNSW (faiss), on banking77.

The 10,003 banking77 queries are embedded with the product's model; 200 of them (fixed seed)
are held out as search queries and the rest are indexed. Figures: build time, recall@10 of
HNSW against exact (unfiltered and with a filter keeping ~50% and ~5% of rows), per-query
latency (median and p95, one query at a time, as the service runs), and intent precision@10
(share of the top 10 with the query's own intent) for both. The last line printed is JSON.

    .venv/bin/python benchmarks/search.py [--n-queries 200] [--threads 2] [--vectors cache.npy]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "datasets" / "banking77" / "train.csv"
K = 10


def embed(texts: list[str], threads: int, cache: Path | None) -> tuple[np.ndarray, str, float]:
    """Vectors of ``texts`` with the default embedder (read from ``cache`` when it matches)."""
    os.environ.setdefault("FEEDBACK_SEG_THREADS", str(threads))
    from feedback_seg.nlp_models.embedders import default_embedder

    model = default_embedder()
    if cache and cache.exists():
        vectors = np.load(cache)
        if vectors.shape[0] == len(texts):
            return vectors, model.fingerprint, 0.0
    start = time.perf_counter()
    vectors = model.encode(texts)
    seconds = time.perf_counter() - start
    if cache:
        np.save(cache, vectors)
    return vectors, model.fingerprint, seconds


def run_queries(index, queries: np.ndarray, allowed=None) -> tuple[list[np.ndarray], np.ndarray]:
    results, times = [], []
    for q in queries:
        t = time.perf_counter()
        pos, _ = index.search(q, K, allowed)
        times.append(time.perf_counter() - t)
        results.append(pos)
    return results, np.asarray(times) * 1000


def recall(approx: list[np.ndarray], exact: list[np.ndarray]) -> float:
    return float(np.mean([len(set(a.tolist()) & set(e.tolist())) / max(len(e), 1) for a, e in zip(approx, exact)]))


def intent_precision(results: list[np.ndarray], labels: np.ndarray, query_labels: np.ndarray) -> float:
    return float(np.mean([np.mean(labels[r] == ql) for r, ql in zip(results, query_labels)]))


def latency(ms: np.ndarray) -> dict:
    return {"median_ms": round(float(np.median(ms)), 3), "p95_ms": round(float(np.percentile(ms, 95)), 3)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--n-queries", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--vectors", type=Path, default=None, help="Cache the embeddings in this .npy file.")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"dataset not found: {args.data}", file=sys.stderr)
        return 2
    import torch

    torch.set_num_threads(args.threads)
    from feedback_seg.ask.index import ExactIndex, HnswIndex

    frame = pd.read_csv(args.data)
    vectors, fingerprint, embed_s = embed(frame.text.astype(str).tolist(), args.threads, args.vectors)
    rng = np.random.default_rng(args.seed)
    held = np.zeros(len(frame), dtype=bool)
    held[rng.choice(len(frame), args.n_queries, replace=False)] = True
    corpus, queries = vectors[~held], vectors[held]
    labels, query_labels = frame.category.to_numpy()[~held], frame.category.to_numpy()[held]
    print(f"{len(frame)} texts embedded with {fingerprint} in {embed_s:.1f}s; "
          f"{corpus.shape[0]} indexed, {queries.shape[0]} queries")

    t = time.perf_counter()
    exact = ExactIndex(corpus)
    exact_build = time.perf_counter() - t
    t = time.perf_counter()
    ann = HnswIndex(corpus, exact_threshold=0)   # never falls back: measure the graph itself
    ann_build = time.perf_counter() - t

    out = {"benchmark": "search", "dataset": "banking77", "n_indexed": int(corpus.shape[0]),
           "n_queries": int(queries.shape[0]), "k": K, "model": fingerprint,
           "build_s": {"exact": round(exact_build, 3), "ann": round(ann_build, 3)}, "cases": {}}
    for name, share in (("all", None), ("filter_50pct", 0.5), ("filter_5pct", 0.05)):
        allowed = None if share is None else rng.random(corpus.shape[0]) < share
        ex_res, ex_ms = run_queries(exact, queries, allowed)
        an_res, an_ms = run_queries(ann, queries, allowed)
        case = {"rows": int(corpus.shape[0] if allowed is None else allowed.sum()),
                "recall_at_10": round(recall(an_res, ex_res), 4),
                "exact": latency(ex_ms), "ann": latency(an_ms)}
        if allowed is None:
            case["intent_precision_at_10"] = {"exact": round(intent_precision(ex_res, labels, query_labels), 4),
                                              "ann": round(intent_precision(an_res, labels, query_labels), 4)}
        out["cases"][name] = case
        print(f"{name:>13}: {case['rows']:>6} rows  recall@10 {case['recall_at_10']:.3f}  "
              f"exact {case['exact']['median_ms']:.2f} ms (p95 {case['exact']['p95_ms']:.2f})  "
              f"ann {case['ann']['median_ms']:.2f} ms (p95 {case['ann']['p95_ms']:.2f})")
    p = out["cases"]["all"]["intent_precision_at_10"]
    print(f"build: exact {exact_build:.3f}s, ann {ann_build:.2f}s; intent precision@10 exact {p['exact']:.3f}, "
          f"ann {p['ann']:.3f}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
