"""Themes of items inside each segment: small sub-clusters that help explain a segment."""
from __future__ import annotations

import math

import numpy as np
from sklearn.cluster import KMeans

from ..errors import InputError
from .segment_core import normalise

MAX_THEMES = 8
ITEMS_PER_THEME = 15


def themes_for_size(n_items: int) -> int:
    """How many themes a segment of ``n_items`` items gets: about one per 15 items, 1 to 8."""
    return int(max(1, min(MAX_THEMES, math.floor(n_items / ITEMS_PER_THEME))))


def item_themes(item_vectors: np.ndarray, item_segment_labels, seed: int = 0) -> np.ndarray:
    """Theme index per item, local to the item's segment (``-1`` = Unassigned is themed too).

    A theme is identified by the pair (segment, theme). Within a segment, themes are numbered
    by size, largest first, so the numbering is stable for a seed.

    >>> import numpy as np
    >>> item_themes(np.eye(4), [0, 0, 1, 1]).tolist()
    [0, 0, 0, 0]
    """
    V = normalise(np.asarray(item_vectors, dtype=np.float32))
    labels = np.asarray(item_segment_labels)
    if V.ndim != 2 or len(labels) != len(V):
        raise InputError(f"{len(labels)} segment labels for item vectors of shape {V.shape}")
    themes = np.zeros(len(V), dtype=np.int64)
    for seg in np.unique(labels):
        rows = np.flatnonzero(labels == seg)
        k = themes_for_size(len(rows))
        if k < 2:
            continue
        local = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(V[rows])
        order = np.argsort(-np.bincount(local, minlength=k), kind="stable")
        rank = np.empty(k, dtype=np.int64)
        rank[order] = np.arange(k)
        themes[rows] = rank[local]
    return themes
