"""Does human review make the machine better? The feedback loop measured on labelled real text.

Hold out 30% of a labelled file. Segment the other 70% with the product's defaults, then let a
simulated reviewer who knows the true labels fix ``k`` people per segment, as a person would in
the review UI: read ``k`` of a segment's members (by default the spread the review queue offers,
``feedback_seg.review.sampling``; ``--order random`` reads a seeded random sample as one scrolls,
``typical`` or ``least`` the most or least confident first), name it after
what most of them say, merge segments whose clear majority is the same need, confirm the ones
that fit, move the misplaced ones to the segment named for their need (splitting a new one out
when two or more share a need no segment has, else marking them as outliers), and work the
Unassigned pile with the same budget. The decisions go through the product's own pure functions
(``apply_decisions``, ``training_set``, ``train_assigner``, ``assign_vectors``,
``emerging_clusters``), then the held-out 30% is assigned and scored against the true labels
(NMI with Unassigned as one group; Hungarian accuracy with Unassigned wrong), together with the
share the loop sent to review and the scores had everyone been assigned (no review threshold).

Stability: the 70% is segmented again with the same seed (keys must all be kept), and with 10%
more people (the unchanged people's keys are compared), each time matched to the first run's keys
by ``match_segments`` and with the k=20 decisions applied, as a re-run does.

    .venv/bin/python benchmarks/feedback_loop.py --data ../shared/datasets/banking77/train.csv \\
        --text-col text --label-col category

The last line printed is JSON. Embeddings are cached under ~/.cache/feedback-seg/eval.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from feedback_seg.evaluate import embed_cached, score  # noqa: E402
from feedback_seg.pipeline.segment_core import segment_embeddings  # noqa: E402
from feedback_seg.pipeline.extend import (assign_vectors, emerging_clusters, train_assigner,  # noqa: E402
                                        training_set)
from feedback_seg.pipeline.decisions import UNASSIGNED_KEY, Decisions, apply_decisions  # noqa: E402
from feedback_seg.pipeline.lineage import (PrevSegment, anchor_codes, match_segments, previous_keys,  # noqa: E402
                                          sticky_keys)
from feedback_seg.review.sampling import spread_by_segment  # noqa: E402

KS = (0, 5, 10, 20)


def load(path: Path, text_col: str, label_col: str) -> tuple[np.ndarray, np.ndarray]:
    """Vectors and labels of the rows with both a text and a label (every text is embedded, cached)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    texts = df[text_col].fillna("").astype(str).str.strip()
    from feedback_seg.nlp_models.embedders import default_embedder
    X = embed_cached(texts.tolist(), default_embedder())
    labels = df[label_col].fillna("").astype(str).str.strip()
    keep = ((texts != "") & (labels != "")).to_numpy()
    return X[keep], labels[keep].to_numpy()


def keyed(X: np.ndarray, ids: np.ndarray, seed: int, prev: list[PrevSegment] | None = None,
          anchor: dict | None = None):
    """Segment, then key the clusters (matched to ``prev`` when given): per-person keys, origin,
    confidence, and the model segments for the next match. ``anchor`` (person id -> key in the
    previous run) anchors the re-run on the previous run's segments, as the product does when the
    data or parameters changed."""
    codes = anchor_codes(ids.tolist(), anchor) if anchor else None
    r = segment_embeddings(X, seed=seed, with_map=False, with_validity=False, anchor=codes)
    labels = np.asarray(r.labels)
    real = sorted(set(labels.tolist()) - {-1})
    members = {l: set(ids[labels == l].tolist()) for l in real}
    centroids = {l: r.centroids[l] for l in real}
    m = match_segments(prev or [], centroids, members)
    keys = [m.keys.get(int(l), UNASSIGNED_KEY) for l in labels]
    if prev:
        keys = sticky_keys(ids.tolist(), keys, X, previous_keys(prev), {m.keys[l]: centroids[l] for l in real})
    model = [PrevSegment(key=m.keys[l], centroid=centroids[l], members=members[l]) for l in real]
    return keys, r.origin, r.confidence, model


def sample_seen(keys: np.ndarray, conf: np.ndarray, ids: np.ndarray, k: int, seed: int,
                order: str, X: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The rows a reviewer reads per segment (``'unassigned'`` included): ``k`` of them, in the
    order given — ``'spread'`` (the review queue's spread of each segment, needs ``X``),
    ``'random'`` (seeded, as one scrolls), ``'typical'`` (most confident first) or ``'least'``
    (least confident first)."""
    if order == "spread":
        return spread_by_segment(X, keys, k, seed=seed)
    rng = np.random.default_rng(seed)
    out = {}
    for key in sorted(set(keys.tolist())):
        rows = np.flatnonzero(keys == key)
        if order == "typical":
            rows = rows[np.lexsort((ids[rows], -conf[rows]))]
        elif order == "least":
            rows = rows[np.lexsort((ids[rows], conf[rows]))]
        else:
            rows = rng.permutation(rows)
        out[key] = rows[:k]
    return out


def review(keys, conf, y, ids, k: int, seed: int, *, order: str = "spread",
           clear: float = 0.5, X: np.ndarray | None = None) -> Decisions:
    """A reviewer who reads ``k`` people per segment (and ``k`` per segment on the Unassigned pile).

    Names a segment after the need most of them have; merges segments that turn out to be about
    the same need when the majority is clear (at least ``clear`` of those read; the largest keeps
    its key); confirms the people who fit; moves the others to the segment named for their need,
    splitting a new one out when two or more people have a need no segment is named for; marks
    the rest as outliers."""
    d = Decisions()
    if k == 0:
        return d
    keys = np.asarray(keys, dtype=object)
    seen = sample_seen(keys, np.asarray(conf), np.asarray(ids), k, seed, order, X)
    pile = seen.pop(UNASSIGNED_KEY, np.zeros(0, dtype=np.int64))
    named, sure = {}, {}
    for key, rows in seen.items():
        need, n = sorted(Counter(y[rows].tolist()).items(), key=lambda t: (-t[1], t[0]))[0]
        named[key], sure[key] = need, n >= clear * len(rows)
    by_need: dict[str, str] = {}
    sizes = Counter(keys.tolist())
    for key in sorted(named, key=lambda s: (not sure[s], -sizes[s], s)):  # clear, large segments first
        need = named[key]
        if need in by_need and sure[key]:
            d.merges[key] = by_need[need]
        else:
            by_need.setdefault(need, key)
            d.names[key] = need
    misplaced = [i for key, rows in seen.items() for i in rows if y[i] != named[key]] + list(pile)
    for need, n in sorted(Counter(y[misplaced].tolist()).items()):   # a need with no segment of its own
        if need not in by_need and n >= 2:                           # gets one, split out by hand
            by_need[need] = "h-" + need
            d.names[by_need[need]] = need
    for key, rows in seen.items():
        for i in rows:                                               # confirm, move, or outlier
            home = d.final_key(key) if y[i] == named[key] else by_need.get(y[i], UNASSIGNED_KEY)
            d.placements[int(ids[i])] = d.final_key(home) if home != UNASSIGNED_KEY else home
    for i in pile:
        if y[i] in by_need:
            d.placements[int(ids[i])] = d.final_key(by_need[y[i]])
    return d


def loop_once(X70, y70, X30, y30, ids, base, k: int, seed: int, threshold: float,
              order: str = "spread") -> tuple[dict, Decisions]:
    keys, origin, conf, _ = base
    d = review(keys, conf, y70, ids, k, seed, order=order, X=X70)
    applied = apply_decisions(d, ids, keys, origin, conf)
    use, weights = training_set(applied.keys, applied.origin, applied.confidence, model_keys=keys)
    fk = np.asarray(applied.keys, dtype=object)
    assigner = train_assigner(X70[use], fk[use], weights=weights, seed=seed,
                              human=int((applied.origin[use] == "human").sum()))
    pred, prob, raw = assign_vectors(assigner, X30, threshold=threshold)
    assigned = score(y30, np.unique(raw.astype(str), return_inverse=True)[1])
    pred = np.asarray(pred, dtype=object)
    left = pred == UNASSIGNED_KEY
    em = emerging_clusters(X30[left], seed=seed)
    pred[np.flatnonzero(left)[em >= 0]] = [f"emerging-{c}" for c in em[em >= 0]]
    codes = {p: i for i, p in enumerate(sorted(set(pred.tolist()) - {UNASSIGNED_KEY}))}
    strict = score(y30, np.array([codes.get(p, -1) for p in pred]))
    return {"k": k, "nmi": round(assigned["nmi"], 4), "accuracy": round(assigned["accuracy"], 4),
            "review_share": round(float(left.mean()), 4),
            "nmi_review_as_group": round(strict["nmi"], 4), "accuracy_review_as_group": round(strict["accuracy"], 4),
            "emerging_segments": int(len(set(em.tolist()) - {-1})),
            "segments": int(len(set(fk.tolist()) - {UNASSIGNED_KEY})), "human_labels": len(d.placements),
            "merges": len(d.merges), "trained_on": assigner.n_train_}, d


def stability(X70, ids, base, d: Decisions, extra: np.ndarray, seed: int) -> dict:
    """Share of people keeping their key: same data + seed (the product re-clusters exactly as
    before), and with 10% more people (the product anchors the re-run on the first run's keys)."""
    keys, origin, conf, model = base
    first = apply_decisions(d, ids, keys, origin, conf).keys
    again = keyed(X70, ids, seed, prev=model)
    same = apply_decisions(d, ids, *again[:3]).keys
    more_ids = np.concatenate([ids, np.arange(len(ids), len(ids) + len(extra))])
    grown = keyed(np.vstack([X70, extra]), more_ids, seed, prev=model, anchor=dict(zip(ids.tolist(), first)))
    more = apply_decisions(d, more_ids, *grown[:3]).keys[: len(ids)]
    raw_first = np.asarray(keys, dtype=object)
    raw_more = np.asarray(grown[0][: len(ids)], dtype=object)
    return {"same_data_kept": round(float(np.mean(np.asarray(first) == np.asarray(same))), 4),
            "more_data_kept": round(float(np.mean(np.asarray(first) == np.asarray(more))), 4),
            "more_data_kept_without_decisions": round(float(np.mean(raw_first == raw_more)), 4),
            "more_data_added": int(len(extra))}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets" / "banking77" / "train.csv")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--label-col", default="category")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--order", choices=("spread", "random", "typical", "least"), default="spread",
                    help="Which k members of a segment the reviewer reads.")
    ap.add_argument("--limit", type=int, default=None, help="Use a random subset of N labelled rows.")
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(2)
    t0 = time.perf_counter()
    X, y = load(args.data, args.text_col, args.label_col)
    rng = np.random.default_rng(args.seed)
    perm = rng.permutation(len(y))
    if args.limit:
        perm = perm[: args.limit]
    cut = int(round(0.7 * len(perm)))
    train, test = perm[:cut], perm[cut:]
    X70, y70, X30, y30 = X[train], y[train], X[test], y[test]
    ids = np.arange(len(train))
    base = keyed(X70, ids, args.seed)
    curve, decisions = [], {}
    for k in KS:
        row, decisions[k] = loop_once(X70, y70, X30, y30, ids, base, k, args.seed, args.threshold,
                                        order=args.order)
        curve.append(row)
        print(f"k={k}: {row}", flush=True)
    extra = X30[: int(round(0.1 * len(train)))]
    stab = stability(X70, ids, base, decisions[max(KS)], extra, args.seed)
    out = {"data": str(args.data), "label_col": args.label_col, "n": int(len(perm)), "n_labels": int(len(set(y))),
           "held_out": int(len(test)), "threshold": args.threshold, "seed": args.seed, "order": args.order, "curve": curve,
           "nmi_gain_k20_vs_k0": round(curve[-1]["nmi"] - curve[0]["nmi"], 4),
           "accuracy_gain_k20_vs_k0": round(curve[-1]["accuracy"] - curve[0]["accuracy"], 4),
           "stability": stab, "seconds": round(time.perf_counter() - t0, 1)}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
