"""Segments of people: a scikit-learn style :class:`Segmenter` around the pure core.

The core lives in :mod:`.segment_core` (``segment_embeddings``, ``stability``), respondent
vectors in :mod:`.respondents` and item themes in :mod:`.themes`; all are re-exported here.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.exceptions import NotFittedError

from ..errors import InputError
from .respondents import respondent_vectors
from .segment_core import (DEFAULT_MERGE_THRESHOLD, DEFAULT_SOFT_THRESHOLD, SegmentResult,
                           nearest_segment, resolve_params, segment_embeddings, stability)
from .themes import item_themes

__all__ = ["Segmenter", "SegmentResult", "segment_embeddings", "stability", "respondent_vectors",
           "item_themes", "resolve_params"]


class Segmenter(ClusterMixin, BaseEstimator):
    """Segment respondent vectors: UMAP (or PCA) + HDBSCAN + soft assignment of outliers.

    Parameters left as ``None`` adapt to the data's size when fitting; the values used are in
    ``result_.params``. Label ``-1`` is the explicit *Unassigned* group.

    Attributes (after ``fit``): ``labels_``, ``confidence_``, ``origin_``, ``centroids_``,
    ``n_segments_``, ``result_`` (the full :class:`SegmentResult`).

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(c, 0.05, (30, 8)) for c in np.eye(8)[:3]])
    >>> seg = Segmenter(reducer="pca", min_cluster_size=15, with_map=False).fit(X)
    >>> seg.n_segments_, seg.predict(X[:2]).tolist() == seg.labels_[:2].tolist()
    (3, True)
    """

    def __init__(self, reducer: str = "umap", n_components: int | None = None,
                 n_neighbors: int | None = None, min_cluster_size: int | None = None,
                 min_samples: int | None = None, cluster_selection: str = "eom",
                 merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
                 soft_threshold: float = DEFAULT_SOFT_THRESHOLD, seed: int = 0,
                 with_map: bool = True):
        self.reducer = reducer
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.cluster_selection = cluster_selection
        self.merge_threshold = merge_threshold
        self.soft_threshold = soft_threshold
        self.seed = seed
        self.with_map = with_map

    def fit(self, X, y=None):
        """Segment the rows of ``X``; ``y`` is ignored."""
        result = segment_embeddings(X, **self.get_params())
        self.result_ = result
        self.labels_ = result.labels
        self.confidence_ = result.confidence
        self.origin_ = result.origin
        self.centroids_ = result.centroids
        self.n_segments_ = len(result.centroids)
        self.n_features_in_ = result.centroids.shape[1]
        return self

    def predict_confidence(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Nearest segment and confidence per row; rows below ``soft_threshold`` get ``-1``."""
        if not hasattr(self, "result_"):
            raise NotFittedError("this Segmenter is not fitted yet: call fit(X) first")
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise InputError(f"expected vectors with {self.n_features_in_} columns, got shape {X.shape}")
        labels, conf = nearest_segment(X, self.centroids_, self.result_.member_similarity)
        labels = np.where(conf >= self.soft_threshold, labels, -1)
        return labels, conf

    def predict(self, X) -> np.ndarray:
        """Assign new vectors to the nearest segment centroid (``-1`` when not confident)."""
        return self.predict_confidence(X)[0]
