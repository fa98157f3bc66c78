"""Rate items against the values of a framework: zero-shot from prototypes, better with labels.

Zero-shot: each value's prototype is the normalised mean embedding of its definition and
examples. An item's raw score for a value is its cosine similarity to the prototype minus
its mean similarity to all prototypes (so items that resemble everything do not light up
every value). Raw scores are standardised per value on an unlabelled reference sample
(z-scores); the per-value threshold is z >= ``threshold_z`` (0: above that value's mean on
the reference sample). No labels are used.

Labelled (k-shot): per value, a logistic regression on the item embedding plus the item's
zero-shot z-score, with balanced class weights; values whose labels hold a single class
keep the zero-shot rule.

``score`` returns values in [0, 1] and ``predict`` is ``score >= 0.5`` in both modes.

>>> scorer = ValueScorer(framework, embedder).fit_zero_shot(reference_vectors)  # doctest: +SKIP
>>> scorer.predict(embedder.encode(["Too expensive for what it is"]))  # doctest: +SKIP
"""
from __future__ import annotations

from typing import Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression

from .frameworks import Framework

__all__ = ["Embedder", "ValueScorer", "NotFittedError"]


class Embedder(Protocol):
    """What the scorer needs from an embedding backend."""

    fingerprint: str

    def encode(self, texts: list[str]) -> np.ndarray:  # L2-normalised float32, one row per text
        ...


class NotFittedError(RuntimeError):
    """The scorer was used before ``fit_zero_shot``."""


class ValueScorer:
    """Scores items (as embedding vectors) against each value of ``framework``.

    Parameters
    ----------
    framework : Framework
    embedder : object with ``encode(list[str]) -> np.ndarray`` and ``fingerprint``
    threshold_z : float, zero-shot cut on the per-value z-score (default 0.0)
    C : float, inverse regularisation of the per-value logistic regressions
    seed : int, for the solvers (results are deterministic for a seed)
    """

    def __init__(self, framework: Framework, embedder: Embedder, threshold_z: float = 0.0,
                 C: float = 1.0, seed: int = 0):
        self.framework = framework
        self.embedder = embedder
        self.threshold_z = threshold_z
        self.C = C
        self.seed = seed

    # -- fitting --------------------------------------------------------------------------
    def fit_zero_shot(self, reference_vectors: np.ndarray | None = None) -> "ValueScorer":
        """Build prototypes and calibrate per-value score distributions.

        ``reference_vectors``: unlabelled item embeddings typical of the data to score (e.g.
        the whole project's items). Without them, the framework's own statements are used,
        which calibrates less well.
        """
        texts_per_value = [v.texts() for v in self.framework.values]
        flat = [t for texts in texts_per_value for t in texts]
        vectors = _as_matrix(self.embedder.encode(flat))
        protos, start = [], 0
        for texts in texts_per_value:
            mean = vectors[start:start + len(texts)].mean(axis=0)
            protos.append(mean / (np.linalg.norm(mean) or 1.0))
            start += len(texts)
        self.prototypes_ = np.asarray(protos, dtype=np.float32)
        reference = vectors if reference_vectors is None else _as_matrix(reference_vectors)
        if len(reference) < 2:
            raise ValueError("reference_vectors needs at least 2 rows to calibrate thresholds")
        raw = self._raw(reference)
        self.mean_ = raw.mean(axis=0)
        self.std_ = np.maximum(raw.std(axis=0), 1e-6)
        self.models_: list[LogisticRegression | None] = [None] * len(self.framework)
        self.embedder_fingerprint_ = getattr(self.embedder, "fingerprint", None)
        return self

    def fit_labelled(self, vectors: np.ndarray, label_matrix: np.ndarray) -> "ValueScorer":
        """Learn from reviewed items: ``label_matrix`` is n × values (bool or 0/1).

        Prototypes are built first if ``fit_zero_shot`` has not run (calibrated on ``vectors``).
        """
        vectors = _as_matrix(vectors)
        labels = np.asarray(label_matrix).astype(bool)
        if labels.shape != (len(vectors), len(self.framework)):
            raise ValueError(f"label_matrix must be {len(vectors)} × {len(self.framework)}, got {labels.shape}")
        if not hasattr(self, "prototypes_"):
            self.fit_zero_shot(vectors if len(vectors) >= 2 else None)
        z = self.zero_shot_z(vectors)
        models: list[LogisticRegression | None] = []
        for j in range(len(self.framework)):
            y = labels[:, j]
            if y.all() or not y.any():
                models.append(None)
                continue
            clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, random_state=self.seed)
            models.append(clf.fit(self._features(vectors, z, j), y))
        self.models_ = models
        return self

    # -- scoring --------------------------------------------------------------------------
    def zero_shot_z(self, vectors: np.ndarray) -> np.ndarray:
        """Per-value z-scores of the zero-shot similarity (n × values)."""
        self._check_fitted()
        return (self._raw(_as_matrix(vectors)) - self.mean_) / self.std_

    def score(self, vectors: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] (n × values); 0.5 is each value's decision threshold."""
        z = self.zero_shot_z(vectors)
        vectors = _as_matrix(vectors)
        out = 1.0 / (1.0 + np.exp(-(z - self.threshold_z)))
        for j, model in enumerate(self.models_):
            if model is not None:
                out[:, j] = model.predict_proba(self._features(vectors, z, j))[:, 1]
        return out.astype(np.float32)

    def predict(self, vectors: np.ndarray) -> np.ndarray:
        """Boolean matrix (n × values): does the item express the value?"""
        return self.score(vectors) >= 0.5

    @property
    def is_labelled(self) -> bool:
        return any(m is not None for m in getattr(self, "models_", []))

    # -- internals ------------------------------------------------------------------------
    def _raw(self, vectors: np.ndarray) -> np.ndarray:
        sims = vectors @ self.prototypes_.T
        return sims - sims.mean(axis=1, keepdims=True)

    @staticmethod
    def _features(vectors: np.ndarray, z: np.ndarray, j: int) -> np.ndarray:
        return np.hstack([vectors, z[:, [j]]])

    def _check_fitted(self) -> None:
        if not hasattr(self, "prototypes_"):
            raise NotFittedError("call fit_zero_shot() (or fit_labelled()) before scoring")


def _as_matrix(vectors: np.ndarray) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D array of embeddings, got shape {arr.shape}")
    return arr
