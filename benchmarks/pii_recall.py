"""PII redaction on the generated labelled set: per-entity recall, precision and F2; JSON last.

Also counts what the redactor finds on real tweets (no labels there: a sanity check of over-redaction).

    .venv/bin/python benchmarks/pii_recall.py [--n-entities 1500] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from feedback_seg.nlp_models.pii_eval import evaluate_redaction, generate_pii_set
from feedback_seg.nlp_models.redact import redact

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
GATES = {"EMAIL": 0.95, "CARD": 0.95, "IBAN": 0.95, "IP": 0.95, "PHONE": 0.90}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-entities", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    samples = generate_pii_set(args.n_entities, args.seed)
    start = time.perf_counter()
    report = evaluate_redaction(samples)
    elapsed = time.perf_counter() - start
    print(f"{len(samples)} texts, {sum(r['support'] for r in report.values())} entities, {elapsed:.2f}s")
    print(f"{'label':8} {'support':>7} {'recall':>7} {'prec.':>7} {'F2':>7}  gate")
    for label, r in report.items():
        gate = GATES.get(label)
        verdict = "reported" if gate is None else ("ok" if r["recall"] >= gate else "FAIL") + f" (>= {gate})"
        print(f"{label:8} {r['support']:7d} {r['recall']:7.3f} {r['precision']:7.3f} {r['f2']:7.3f}  {verdict}")
    real = {}
    tweets = DATASETS / "airline_tweets" / "Tweets.csv"
    if tweets.exists():
        import pandas as pd

        texts = pd.read_csv(tweets).text.tolist()
        real = dict(Counter(label for t in texts for label, _, _ in redact(t)[1]))
        print(f"on {len(texts)} real airline tweets (unlabelled), spans found: {real}")
    passed = all(report[label]["recall"] >= g for label, g in GATES.items())
    print(json.dumps({"n_samples": len(samples), "seed": args.seed, "passed": passed, "real_tweets_spans": real,
                      "per_label": {k: {m: round(v, 4) if isinstance(v, float) else v for m, v in r.items()}
                                    for k, r in report.items()}}))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
