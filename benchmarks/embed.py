"""Embedding backends on real text: speed of torch fp32 vs ONNX int8 in one process, and the quality gate.

Prints texts/s of both, the speed ratio, mean cosine of int8 to fp32, and the segmentation NMI of each
(KMeans, k = 77, fixed seeds, on banking77 against its intent labels); records the gate next to the
exported model so that ``default_embedder()`` follows it. Last line: JSON.

    .venv/bin/python benchmarks/embed.py [--n-banking 1500] [--n-tweets 500] [--threads 2]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load_texts(n_banking: int, n_tweets: int, seed: int = 0):
    import pandas as pd

    bank = pd.read_csv(DATASETS / "banking77" / "train.csv").sample(n_banking, random_state=seed)
    tweets = pd.read_csv(DATASETS / "airline_tweets" / "Tweets.csv").sample(n_tweets, random_state=seed)
    return bank.text.tolist(), bank.category.tolist(), tweets.text.tolist()


def timed_encode(embedder, texts, batch_size=64):
    embedder.encode(texts[:64], batch_size=batch_size)  # warm-up (loads the model)
    start = time.perf_counter()
    vectors = embedder.encode(texts, batch_size=batch_size)
    return vectors, len(texts) / (time.perf_counter() - start)


def kmeans_nmi(vectors, labels, seeds=(0, 1, 2)) -> float:
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    k = len(set(labels))
    scores = [normalized_mutual_info_score(labels, KMeans(k, n_init=3, random_state=s).fit_predict(vectors))
              for s in seeds]
    return sum(scores) / len(scores)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-banking", type=int, default=1500)
    ap.add_argument("--n-tweets", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    if not DATASETS.exists():
        print(f"datasets not found at {DATASETS}", file=sys.stderr)
        return 2
    os.environ.setdefault("FEEDBACK_SEG_THREADS", str(args.threads))
    import numpy as np

    from feedback_seg.nlp_models import onnx_export
    from feedback_seg.nlp_models.embedders import OnnxEmbedder, TorchEmbedder
    from feedback_seg.nlp_models.redact import redact

    bank, labels, tweets = load_texts(args.n_banking, args.n_tweets)
    texts = bank + [redact(t)[0] for t in tweets]
    torch_emb, onnx_emb = TorchEmbedder(), OnnxEmbedder()
    onnx_emb.model  # noqa: B018  export (once) outside the timing
    ref, torch_tps = timed_encode(torch_emb, texts)
    int8, onnx_tps = timed_encode(onnx_emb, texts)
    cosine = float(np.mean(np.sum(ref * int8, axis=1)))
    nb = len(bank)
    nmi_torch, nmi_int8 = kmeans_nmi(ref[:nb], labels), kmeans_nmi(int8[:nb], labels)
    previous = onnx_export.read_gate(onnx_emb.export_dir) or {}
    gate = onnx_export.write_gate(onnx_emb.export_dir, {
        "cosine": min(previous.get("cosine", 1.0), cosine), "cosine_real": cosine, "nmi_torch": nmi_torch, "nmi_int8": nmi_int8, "nmi_delta": nmi_int8 - nmi_torch,
        "speedup": onnx_tps / torch_tps, "threads": int(os.environ["FEEDBACK_SEG_THREADS"]),
    })
    result = {
        "n_texts": len(texts), "threads": int(os.environ["FEEDBACK_SEG_THREADS"]), "cpu_count": os.cpu_count(),
        "torch_fp32_texts_per_s": round(torch_tps, 1), "onnx_int8_texts_per_s": round(onnx_tps, 1),
        "speedup": round(onnx_tps / torch_tps, 2), "mean_cosine_int8_vs_fp32": round(cosine, 4),
        "nmi_torch": round(nmi_torch, 4), "nmi_int8": round(nmi_int8, 4),
        "nmi_delta": round(nmi_int8 - nmi_torch, 4), "nmi_method": "KMeans k=77, seeds 0-2, banking77 labels",
        "long_texts": torch_emb.count_long(texts), "gate_passed": gate["passed"],
        "default": "onnx-int8" if gate["passed"] else "torch-fp32",
        "torch_fingerprint": torch_emb.fingerprint, "onnx_fingerprint": onnx_emb.fingerprint,
    }
    print(f"texts: {len(texts)} ({nb} banking77 + {len(tweets)} airline tweets), threads {result['threads']}")
    print(f"torch fp32 : {torch_tps:8.1f} texts/s   NMI {nmi_torch:.4f}")
    print(f"onnx int8  : {onnx_tps:8.1f} texts/s   NMI {nmi_int8:.4f}")
    print(f"speed-up {result['speedup']}x, mean cosine {cosine:.4f}, NMI delta {result['nmi_delta']:+.4f}")
    print(f"gate (cos >= 0.99, |dNMI| <= 0.01): {'passed' if gate['passed'] else 'FAILED'} -> default {result['default']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
