"""Need / pain-point extraction and grouping against the airline tweets' `negativereason`.

Figures:
- extraction coverage: share of tweets with >= 1 statement, per sentiment (negative is the
  target; positive shows how often the rules fire on praise) and per negative reason;
- grouping: statements of negative tweets with a known reason (not "Can't Tell") are
  embedded and grouped; purity = share of statements whose tweet's reason is their group's
  majority reason, against a size-matched random grouping; reason coverage = share of a
  reason's statements that sit in a group where that reason is the majority; NMI.

Usage: .venv/bin/python benchmarks/needs_airline.py [--data Tweets.csv] [--threshold 0.6]
The last line printed is JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "airline_tweets" / "Tweets.csv"


def purity(labels: np.ndarray, groups: np.ndarray, min_size: int = 1) -> tuple[float, float]:
    """(purity over statements in groups of >= min_size, share of statements in such groups)."""
    hit = total = 0
    for g in np.unique(groups):
        members = labels[groups == g]
        if len(members) >= min_size:
            hit += Counter(members).most_common(1)[0][1]
            total += len(members)
    return (hit / total if total else 0.0), total / len(labels)


def reason_coverage(labels: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    majority = {g: Counter(labels[groups == g]).most_common(1)[0][0] for g in np.unique(groups)}
    covered = np.array([majority[g] == lab for g, lab in zip(groups, labels)])
    return {r: round(float(covered[labels == r].mean()), 3) for r in sorted(set(labels))}


def main(argv: list[str] | None = None) -> dict:
    from feedback_seg.nlp_models.needs_patterns import extract_needs, group_statements
    from feedback_seg.nlp_models.value_eval import default_embedder

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--threshold", type=float, default=0.5, help="cosine distance cut for grouping")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        raise SystemExit(f"no data at {args.data}")
    tweets = pd.read_csv(args.data)
    t0 = time.time()
    statements = extract_needs(tweets["text"].fillna("").tolist())
    t_extract = time.time() - t0
    has = np.zeros(len(tweets), dtype=bool)
    has[[s.text_index for s in statements]] = True
    tweets["has"] = has
    coverage = tweets.groupby("airline_sentiment")["has"].mean().round(3).to_dict()
    negative = tweets[tweets["airline_sentiment"] == "negative"]
    per_reason = negative.groupby("negativereason")["has"].mean().round(3).to_dict()
    kinds = Counter(s.kind for s in statements)

    known = [s for s in statements
             if tweets.at[s.text_index, "airline_sentiment"] == "negative"
             and tweets.at[s.text_index, "negativereason"] not in ("Can't Tell",)
             and isinstance(tweets.at[s.text_index, "negativereason"], str)]
    t0 = time.time()
    vectors = default_embedder().encode([s.sentence for s in known])
    groups = group_statements(known, vectors, seed=args.seed, distance_threshold=args.threshold)
    t_group = time.time() - t0
    assign = np.empty(len(known), dtype=int)
    for g in groups:
        assign[g.members] = g.id
    reasons = np.array([tweets.at[s.text_index, "negativereason"] for s in known])
    rng = np.random.default_rng(args.seed)
    shuffled = rng.permutation(assign)
    pur, _ = purity(reasons, assign)
    pur5, share5 = purity(reasons, assign, min_size=5)
    result = {
        "n_tweets": len(tweets),
        "n_statements": len(statements),
        "statements_by_kind": dict(kinds),
        "coverage_by_sentiment": coverage,
        "coverage_negative_by_reason": per_reason,
        "grouped_statements": len(known),
        "groups": len(groups),
        "groups_size_ge5": sum(g.size >= 5 for g in groups),
        "purity": round(pur, 3),
        "purity_groups_ge5": round(pur5, 3),
        "share_in_groups_ge5": round(share5, 3),
        "purity_random_same_sizes": round(purity(reasons, shuffled)[0], 3),
        "purity_random_same_sizes_ge5": round(purity(reasons, shuffled, min_size=5)[0], 3),
        "majority_reason_share": round(Counter(reasons).most_common(1)[0][1] / len(reasons), 3),
        "nmi": round(float(normalized_mutual_info_score(reasons, assign)), 3),
        "reason_coverage": reason_coverage(reasons, assign),
        "threshold": args.threshold,
        "seconds_extract": round(t_extract, 1),
        "seconds_embed_group": round(t_group, 1),
    }
    print(f"extraction coverage by sentiment: {coverage}")
    print(f"negative tweets with >= 1 statement, by reason: {per_reason}")
    print(f"{len(known)} statements of negative tweets with a known reason -> {len(groups)} groups "
          f"({result['groups_size_ge5']} of >= 5)")
    print(f"purity {result['purity']} (random {result['purity_random_same_sizes']}), groups >= 5: "
          f"{result['purity_groups_ge5']} (random {result['purity_random_same_sizes_ge5']}), NMI {result['nmi']}")
    for g in groups[:12]:
        top_reason = Counter(reasons[g.members]).most_common(1)[0]
        print(f"  {g.size:5d}  {g.kind:9s} {g.label:40s} majority {top_reason[0]} ({top_reason[1] / g.size:.0%})")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
