"""Segment quality against labels: the product's defaults vs BERTopic and k-means, on real data.

Runs on banking77 train (``text``/``category``; also random subsamples of 1,000 and 3,000 rows, and
a shape of few large groups: the first 10 intents x 50 utterances),
hwu64 (``text``/``intent``) and airline tweets with a complaint reason (``text``/``negativereason``),
all methods on the same embeddings: of the redacted texts with the placeholders left out, as in the
product. Prints one Markdown table, worst case first (smallest NMI margin of the product over
BERTopic + reduce_outliers), then determinism (two fits, same seed) and 3-seed stability (mean
pairwise ARI), and a JSON line last. Embeddings are cached under ~/.cache/feedback-seg/eval.

    .venv/bin/python benchmarks/segment_quality.py [--only banking77] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from feedback_seg.evaluate import (embed_cached, evaluate_labelled, load_labelled,  # noqa: E402
                                   strip_placeholders)
from feedback_seg.nlp_models.embedders import default_embedder  # noqa: E402
from feedback_seg.nlp_models.redact import redact  # noqa: E402
from feedback_seg.pipeline.segment import segment_embeddings  # noqa: E402

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
# name -> (file, text column, label column, random subsample size, or (groups, per group), or None)
SETS = {"banking77": ("banking77/train.csv", "text", "category", None),
        "banking77_10x50": ("banking77/train.csv", "text", "category", (10, 50)),
        "banking77_3k": ("banking77/train.csv", "text", "category", 3000),
        "banking77_1k": ("banking77/train.csv", "text", "category", 1000),
        "hwu64": ("hwu64/hwu64_fold1_fold2.csv", "text", "intent", None),
        "airline_tweets": ("airline_tweets/Tweets.csv", "text", "negativereason", None)}
METHODS = ("feedback_seg", "bertopic_default", "bertopic_reduce_outliers", "kmeans_true_k")


def run_set(name: str, seed: int) -> dict:
    rel, text_col, label_col, sample = SETS[name]
    texts, labels, counts = load_labelled(DATASETS / rel, text_col, label_col)
    if isinstance(sample, tuple):   # the first (sorted) groups, the first rows of each
        groups, per = sample
        wanted = set(sorted(set(labels))[:groups])
        seen: dict[str, int] = {}
        keep = []
        for i, lab in enumerate(labels):
            if lab in wanted and seen.get(lab, 0) < per:
                seen[lab] = seen.get(lab, 0) + 1
                keep.append(i)
        texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
        counts = {**counts, "subsample": f"{groups} labels x {per}"}
    elif sample is not None and sample < len(texts):  # a seeded random subsample, not the first rows
        keep = np.sort(np.random.default_rng(seed).choice(len(texts), sample, replace=False))
        texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
        counts = {**counts, "subsample": sample}
    texts = [redact(t)[0] for t in texts]
    embedder = default_embedder()
    t0 = time.perf_counter()
    X = embed_cached([strip_placeholders(t) for t in texts], embedder)
    embed_s = time.perf_counter() - t0
    result = evaluate_labelled(texts, labels, embeddings=X, redact=False, baselines=True, seed=seed)
    runs = [segment_embeddings(X, seed=s, with_map=False, with_validity=False).labels
            for s in (seed, seed + 1, seed + 2)]
    again = segment_embeddings(X, seed=seed, with_map=False, with_validity=False).labels
    result.update(counts, embedder=embedder.fingerprint, embed_seconds=round(embed_s, 1),
                  embedded_text="redacted, placeholders stripped",
                  deterministic=bool(np.array_equal(runs[0], again)),
                  stability_ari=float(np.mean([adjusted_rand_score(a, b) for a, b in combinations(runs, 2)])))
    return result


def table(results: dict) -> str:
    lines = ["| data set | method | NMI | ARI | accuracy | unassigned | segments |",
             "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        rows = {"feedback_seg": r, **r["baselines"]}
        for method in METHODS:
            m = rows[method]
            lines.append(f"| {name} (n={r['n']}, {r['n_labels']} labels) | {method} | {m['nmi']:.3f} | "
                         f"{m['ari']:.3f} | {m['accuracy']:.3f} | {m['unassigned_share']:.1%} | "
                         f"{m['n_segments']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(SETS), action="append")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not DATASETS.is_dir():
        print(f"datasets not found at {DATASETS}", file=sys.stderr)
        return 2
    results = {name: run_set(name, args.seed) for name in (args.only or SETS)}
    margin = lambda r: r["nmi"] - r["baselines"]["bertopic_reduce_outliers"]["nmi"]  # noqa: E731
    results = dict(sorted(results.items(), key=lambda kv: margin(kv[1])))  # worst case first
    print(table(results))
    ok = True
    for name, r in results.items():
        c = r["comparison"]
        ok &= c["ok"] and r["deterministic"]
        print(f"{name}: deterministic={r['deterministic']} stability_ari={r['stability_ari']:.3f} "
              f"beats_bertopic={c['beats_bertopic']} unassigned={r['unassigned_share']:.1%} "
              f"margins={c['margins']} params={r['params']}")
    print(json.dumps({"ok": ok, "results": results}, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
