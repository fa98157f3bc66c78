"""Dimension reduction for segmentation: UMAP (default) or PCA, deterministic for a seed.

UMAP with ``random_state`` set runs single-threaded; that is the price of identical output.
"""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.decomposition import PCA

from ..errors import PipelineError

REDUCERS = ("umap", "pca", "none")


def reduce_dimensions(X: np.ndarray, *, reducer: str = "umap", n_components: int = 10,
                      n_neighbors: int = 15, seed: int = 0, min_dist: float = 0.0,
                      anchor: np.ndarray | None = None, anchor_weight: float = 0.5) -> np.ndarray:
    """Project ``X`` (rows are L2-normalised vectors) to ``n_components`` dimensions.

    ``reducer`` is ``"umap"`` (cosine metric), ``"pca"`` or ``"none"`` (``X`` unchanged).
    Too few rows for UMAP's neighbour graph fall back to PCA. ``anchor`` (one integer label per
    row, ``-1`` = none) makes UMAP semi-supervised: rows that share a label are pulled together,
    with ``anchor_weight`` (0 = data only, 1 = labels only) as UMAP's ``target_weight``.

    >>> import numpy as np
    >>> reduce_dimensions(np.eye(6), reducer="pca", n_components=2).shape
    (6, 2)
    """
    if reducer not in REDUCERS:
        raise PipelineError(f"unknown reducer {reducer!r}; use one of {', '.join(REDUCERS)}")
    n, d = X.shape
    if reducer == "none" or n_components >= d:
        return np.asarray(X, dtype=np.float32)
    n_components = max(1, min(n_components, n - 2, d))
    if reducer == "pca" or n < 3 * max(2, n_neighbors) // 2 or n <= n_components + 2:
        return _pca(X, n_components, seed)
    return _umap(X, n_components, min(n_neighbors, n - 1), seed, min_dist, anchor, anchor_weight)


def map_2d(X: np.ndarray, *, reducer: str = "umap", n_neighbors: int = 15, seed: int = 0) -> np.ndarray:
    """A 2-D map of ``X`` for display (UMAP with ``min_dist=0.1``, or PCA)."""
    if X.shape[0] < 4:
        return np.zeros((X.shape[0], 2), dtype=np.float32)
    if reducer == "none":
        reducer = "pca"
    return reduce_dimensions(X, reducer=reducer, n_components=2, n_neighbors=n_neighbors,
                             seed=seed, min_dist=0.1)


def _pca(X: np.ndarray, n_components: int, seed: int) -> np.ndarray:
    k = max(1, min(n_components, X.shape[0], X.shape[1]))
    return PCA(n_components=k, random_state=seed).fit_transform(X).astype(np.float32)


def _umap(X: np.ndarray, n_components: int, n_neighbors: int, seed: int, min_dist: float,
          anchor: np.ndarray | None = None, anchor_weight: float = 0.5) -> np.ndarray:
    from umap import UMAP  # imported lazily: numba compilation is slow to start

    model = UMAP(n_neighbors=n_neighbors, n_components=n_components, min_dist=min_dist,
                 metric="cosine", random_state=seed, n_jobs=1, low_memory=True,
                 target_weight=anchor_weight)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "n_jobs overridden by random_state", spectral-init notes
        if anchor is not None and (np.asarray(anchor) >= 0).any():
            return model.fit_transform(X, y=np.asarray(anchor, dtype=np.int64)).astype(np.float32)
        return model.fit_transform(X).astype(np.float32)
