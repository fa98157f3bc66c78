"""Value detection on Touché23-ValueEval: zero-shot, k = 5 and k = 20 labelled examples per value.

Embeds the premises once, then runs the three settings (k-shot: 5-fold CV × 3 samplings).
Prints a macro-F1 table, per-value F1, and JSON as the last line.

Usage: .venv/bin/python benchmarks/values_eval.py [--data DIR] [--text premise|full] [--shots 0 5 20]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "touche23_values"
PUBLISHED_BERT = 0.42  # Kiesel et al. 2022, fine-tuned BERT, level-2 categories (their test split)


def main(argv: list[str] | None = None) -> dict:
    import numpy as np

    from feedback_seg.nlp_models.value_eval import default_embedder, evaluate_on_vectors, load_touche

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--text", choices=["premise", "full"], default="premise")
    ap.add_argument("--shots", type=int, nargs="+", default=[0, 5, 20])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    texts, labels = load_touche(args.data, text=args.text)
    embedder = default_embedder()
    t0 = time.time()
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    seconds_embed = time.time() - t0
    runs = []
    for k in args.shots:
        t0 = time.time()
        result = evaluate_on_vectors(vectors, labels, embedder, shots=k, seed=args.seed, folds=args.folds,
                                     repeats=args.repeats)
        result["seconds"] = round(time.time() - t0, 1)
        runs.append(result)
    baseline = runs[0]["baseline_all_positive_macro_f1"]
    print(f"Touché value detection, n = {len(texts)}, text = {args.text}, embedder = {embedder.fingerprint}")
    print(f"{'setting':<12}{'macro-F1':>10}")
    print(f"{'all-positive':<12}{baseline:>10.3f}")
    for r in runs:
        print(f"{('zero-shot' if r['shots'] == 0 else 'k = %d' % r['shots']):<12}{r['macro_f1']:>10.3f}")
    print(f"{'BERT (publ.)':<12}{PUBLISHED_BERT:>10.3f}")
    names = list(runs[0]["per_value_f1"])
    print("\nper-value F1: " + " | ".join(f"k={r['shots']}" for r in runs))
    for name in names:
        print(f"  {name:<28}" + "".join(f"{r['per_value_f1'][name]:>8.3f}" for r in runs))
    summary = {"n": len(texts), "text": args.text, "embedder": embedder.fingerprint,
               "seconds_embed": round(seconds_embed, 1), "baseline_all_positive_macro_f1": round(baseline, 4),
               "published_bert_macro_f1": PUBLISHED_BERT,
               "runs": [{k: v for k, v in r.items() if k != "embedder"} for r in runs]}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
