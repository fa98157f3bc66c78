"""Evaluate value detection on a folder in the Touché23-ValueEval layout.

The folder holds ``arguments.tsv`` (``Argument ID``, ``Conclusion``, ``Stance``, ``Premise``)
and ``labels.tsv`` (``Argument ID`` then one 0/1 column per value, named as the framework's
value names). The text scored is the premise (``text="premise"``, the default: it scored
better zero-shot than conclusion + stance + premise) or ``text="full"``.

- ``shots=0``: zero-shot, thresholds calibrated on the unlabelled items themselves; scored on
  all items.
- ``shots=k``: ``folds``-fold cross-validation; in each training fold, ``repeats`` times, k
  positive items per value are sampled (their full label rows are known, so they are also
  negatives for other values), the scorer is fitted on them and scored on the held-out fold.
  Figures are means over folds × repeats.

The all-positive baseline (every item has every value) is computed on the same items.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from .frameworks import Framework, load_framework
from .value_scorer import Embedder, ValueScorer

__all__ = ["evaluate_values", "evaluate_on_vectors", "load_touche", "default_embedder", "TOUCHE_ID"]

TOUCHE_ID = "Argument ID"
_TEXT_COLUMNS = ("Conclusion", "Stance", "Premise")


def load_touche(data_dir: str | Path, text: str = "premise") -> tuple[list[str], pd.DataFrame]:
    """Texts and the 0/1 label frame (columns = value names), aligned by argument id."""
    data_dir = Path(data_dir)
    paths = {name: data_dir / f"{name}.tsv" for name in ("arguments", "labels")}
    for name, path in paths.items():
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: a Touché folder holds arguments.tsv and labels.tsv")
    args = pd.read_csv(paths["arguments"], sep="\t", dtype=str, keep_default_na=False)
    labels = pd.read_csv(paths["labels"], sep="\t", dtype={TOUCHE_ID: str})
    for frame, name, needed in ((args, "arguments.tsv", (TOUCHE_ID, *_TEXT_COLUMNS)), (labels, "labels.tsv", (TOUCHE_ID,))):
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks column(s) {missing}")
    merged = args.merge(labels, on=TOUCHE_ID, how="inner", validate="one_to_one")
    if merged.empty:
        raise ValueError("no argument id is in both arguments.tsv and labels.tsv")
    if text == "premise":
        texts = merged["Premise"].tolist()
    elif text == "full":
        texts = (merged["Conclusion"] + " (" + merged["Stance"] + "): " + merged["Premise"]).tolist()
    else:
        raise ValueError(f"text must be 'premise' or 'full', got {text!r}")
    value_columns = [c for c in labels.columns if c != TOUCHE_ID]
    return texts, merged[value_columns].astype(int)


def evaluate_values(data_dir: str | Path, shots: int = 0, embedder: Embedder | None = None, seed: int = 0,
                    folds: int = 5, repeats: int = 3, framework: str | Framework = "schwartz",
                    text: str = "premise") -> dict:
    """Macro-F1 and per-value F1 of item-level value detection on a Touché-layout folder."""
    texts, labels = load_touche(data_dir, text=text)
    embedder = embedder or default_embedder()
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    result = evaluate_on_vectors(vectors, labels, embedder, shots=shots, seed=seed, folds=folds,
                                 repeats=repeats, framework=framework)
    result.update(data_dir=str(data_dir), text=text)
    return result


def evaluate_on_vectors(vectors: np.ndarray, labels: pd.DataFrame, embedder: Embedder, shots: int = 0,
                        seed: int = 0, folds: int = 5, repeats: int = 3,
                        framework: str | Framework = "schwartz") -> dict:
    """The evaluation proper, on precomputed item vectors (so several settings share one embedding)."""
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    y = _aligned_labels(labels, fw)
    if shots < 0:
        raise ValueError("shots must be >= 0")
    if shots == 0:
        pred = ValueScorer(fw, embedder, seed=seed).fit_zero_shot(vectors).predict(vectors)
        per_value = f1_score(y, pred, average=None, zero_division=0)
        n_labelled = 0.0
    else:
        per_value, n_labelled = _k_shot(vectors, y, fw, embedder, shots, seed, folds, repeats)
    baseline = f1_score(y, np.ones_like(y), average=None, zero_division=0)
    return {
        "framework": fw.name,
        "shots": shots,
        "n": int(len(y)),
        "macro_f1": float(np.mean(per_value)),
        "per_value_f1": {name: round(float(f), 4) for name, f in zip(fw.names, per_value)},
        "baseline_all_positive_macro_f1": float(np.mean(baseline)),
        "labelled_items_per_fit": float(n_labelled),
        "folds": folds if shots else 0,
        "repeats": repeats if shots else 0,
        "seed": seed,
        "embedder": getattr(embedder, "fingerprint", None),
    }


def _k_shot(vectors, y, fw, embedder, shots, seed, folds, repeats):
    rng = np.random.default_rng(seed)
    scores, sizes = [], []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(vectors):
        # Calibrate the zero-shot part on the whole unlabelled training fold.
        base = ValueScorer(fw, embedder, seed=seed).fit_zero_shot(vectors[train])
        for _ in range(repeats):
            chosen = _sample_positives(train, y, shots, rng)
            scorer = _copy_zero_shot(base).fit_labelled(vectors[chosen], y[chosen])
            pred = scorer.predict(vectors[test])
            scores.append(f1_score(y[test], pred, average=None, zero_division=0))
            sizes.append(len(chosen))
    return np.mean(scores, axis=0), np.mean(sizes)


def _sample_positives(train: np.ndarray, y: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    chosen: set[int] = set()
    for j in range(y.shape[1]):
        positives = train[y[train, j]]
        if len(positives):
            chosen.update(rng.choice(positives, size=min(k, len(positives)), replace=False).tolist())
    return np.array(sorted(chosen))


def _copy_zero_shot(base: ValueScorer) -> ValueScorer:
    clone = ValueScorer(base.framework, base.embedder, base.threshold_z, base.C, base.seed)
    for attr in ("prototypes_", "mean_", "std_", "embedder_fingerprint_"):
        setattr(clone, attr, getattr(base, attr))
    clone.models_ = [None] * len(base.framework)
    return clone


def _aligned_labels(labels: pd.DataFrame, fw: Framework) -> np.ndarray:
    columns = list(labels.columns)
    missing = [n for n in fw.names if n not in columns]
    if missing:
        raise ValueError(f"labels lack column(s) for framework {fw.name!r} values: {missing}")
    return labels[fw.names].to_numpy().astype(bool)


def default_embedder() -> Embedder:
    """The project's torch embedder (``embedders.TorchEmbedder``)."""
    from .embedders import TorchEmbedder  # noqa: PLC0415

    return TorchEmbedder()
