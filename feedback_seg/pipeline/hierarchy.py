"""One cluster tree per run, and the cut of it that the data supports.

Two trees of the reduced vectors are built once. **Ward's agglomerative hierarchy**
(:func:`ward_tree`) says who is in each segment at any number of segments: every *level* of it
(one count of segments) is a candidate cut. **HDBSCAN's single-linkage tree** (mutual
reachability, small fixed ``min_samples``) says who is an outlier: each level borrows the
outliers of the HDBSCAN cut with about as many segments (see :mod:`.segment_core`).

The criterion that picks the default level is **how well it holds people apart, and keeps doing
so a little finer**: each level's mean silhouette in the reduced space (on a seeded sample of
:data:`LEVEL_SAMPLE` people), *held* as the lowest silhouette over that level and the levels just
finer (up to :data:`HOLD_WINDOW` times as many segments, at least two more), so one lucky count
between poor neighbours does not win. The default is the finest level on the plateau around the
best held silhouette: walking finer from the best, while the held figure stays within
:data:`LEVEL_TOLERANCE` of it. The row count never sets the level; it only bounds the search
(at most one segment per :data:`MIN_PER_SEGMENT` people, and no finer than HDBSCAN's finest tree
level; levels up to :data:`LISTED_LEVELS` are still scored and listed for a re-cut, flagged
``beyond_tree``). Measured on the labelled shared sets (docs/BENCHMARKS.md), this lands near the true
number of groups on sets of many small groups (hwu64, banking77) and of a few large ones (10
intents x 50), where "the finest level that reproduces on resamples" over-split the large ones.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

MIN_SAMPLES = 5
MIN_SIZES = (5, 7, 10, 14, 20, 28, 40, 56, 80, 113, 160, 226, 320)
LEVEL_SAMPLE = 2500       # people the silhouette of a level is measured on (seeded sample)
HOLD_WINDOW = 1.15        # a level's held silhouette: the lowest up to this many times finer
LEVEL_TOLERANCE = 0.05    # the chosen level: finest whose held silhouette is within 5% of the best
MIN_PER_SEGMENT = 5       # the search stops at one segment per five people
LISTED_LEVELS = 30        # levels scored for a re-cut even past HDBSCAN's finest (flagged beyond_tree)


@dataclass
class Hierarchy:
    """What a re-cut needs, and nothing it would have to recompute.

    ``reduced``: the reduced coordinates (n x d float32); ``tree``: HDBSCAN's single-linkage tree
    ((n-1) x 4: left, right, distance, size); ``cuts``: the figures of every candidate cut;
    ``chosen``: index of the default cut in ``cuts``; ``ward``: Ward's linkage matrix of
    ``reduced`` ((n-1) x 4, scipy's layout) that every cut's membership is read from. Storing ``reduced`` and ``tree`` (about
    ``n * (4d + 32)`` bytes: 0.7 MB for 10,000 people in 10-d) is enough for :func:`recut`,
    together with the input vectors the run already stores.
    """

    reduced: np.ndarray
    tree: np.ndarray
    ward: np.ndarray | None = None
    cuts: list[dict] = field(default_factory=list)
    chosen: int = 0
    params: dict = field(default_factory=dict)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist (e.g. ``np.savez``); :meth:`from_arrays` reads them back."""
        out = {"reduced": self.reduced, "tree": self.tree}
        if self.ward is not None:
            out["ward"] = self.ward
        return out

    @classmethod
    def from_arrays(cls, arrays, cuts=(), chosen: int = 0, params=None) -> "Hierarchy":
        ward = np.asarray(arrays["ward"]) if "ward" in arrays else None
        return cls(np.asarray(arrays["reduced"], dtype=np.float32), np.asarray(arrays["tree"]), ward,
                   list(cuts), int(chosen), dict(params or {}))


def build_tree(Z: np.ndarray, min_samples: int = MIN_SAMPLES) -> np.ndarray:
    """HDBSCAN's single-linkage tree of ``Z`` (built once; every cut is read from it)."""
    import hdbscan

    ms = max(1, min(min_samples, len(Z) - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = hdbscan.HDBSCAN(min_cluster_size=max(2, min(5, len(Z) // 2)), min_samples=ms,
                                core_dist_n_jobs=1).fit(Z)
    return model.single_linkage_tree_.to_numpy()


def cut_labels(tree: np.ndarray, min_size: int, selection: str = "eom") -> tuple[np.ndarray, np.ndarray]:
    """Labels (``-1`` = outlier) and membership strengths of the tree condensed at ``min_size``."""
    from hdbscan._hdbscan_tree import compute_stability, condense_tree, get_clusters

    condensed = condense_tree(tree, max(2, int(min_size)))
    stab = compute_stability(condensed)
    labels, prob, _ = get_clusters(condensed, stab, selection)
    return labels.astype(np.int64), np.asarray(prob, dtype=np.float32)


def candidate_sizes(n: int) -> list[int]:
    """The minimum segment sizes tried: :data:`MIN_SIZES` up to half the people."""
    return [m for m in MIN_SIZES if m <= max(5, n // 2)]


def level_counts(max_k: int) -> list[int]:
    """The numbers of segments tried: every count up to 30, then steps of about 3%."""
    counts, k = [], 2
    while k <= max_k:
        counts.append(k)
        k += 1 if k < 30 else max(3, round(0.03 * k))
    return counts


def level_scores(Z: np.ndarray, ward: np.ndarray, counts, *, seed: int = 0,
                 sample: int = LEVEL_SAMPLE, hold_limit: int | None = None) -> list[dict]:
    """Per count of segments: the Ward level's mean silhouette (reduced space, seeded sample),
    its held silhouette (see the module docstring) and its largest segment's share. With
    ``hold_limit``, levels up to it are held only against levels up to it (the ones finer are
    listed for a re-cut, not candidates for the default), and the finer ones among themselves."""
    from sklearn.metrics import pairwise_distances, silhouette_samples

    n = len(Z)
    idx = np.sort(np.random.default_rng(seed).choice(n, min(n, sample), replace=False))
    D = pairwise_distances(np.asarray(Z[idx], dtype=np.float64))
    levels = []
    for k in counts:
        labels = ward_labels(ward, k)
        sub = labels[idx]
        sil = float(silhouette_samples(D, sub, metric="precomputed").mean()) if len(np.unique(sub)) > 1 else 0.0
        levels.append({"n_segments": int(k), "silhouette": round(sil, 4),
                       "largest_share": round(float(np.bincount(labels).max() / n), 4)})
    for lv in levels:
        k = lv["n_segments"]
        top = max(k + 2, HOLD_WINDOW * k)
        if hold_limit is not None and k <= hold_limit:
            top = min(top, hold_limit)
        lv["held_silhouette"] = min(o["silhouette"] for o in levels if k <= o["n_segments"] <= top)
    return levels


def choose_level(levels: list[dict], tolerance: float = LEVEL_TOLERANCE) -> int:
    """Index of the default level: from the best held silhouette, the finest level reached by
    walking finer while the held silhouette stays within ``tolerance`` (relative) of the best."""
    if not levels:
        return 0
    held = [lv["held_silhouette"] for lv in levels]
    i = int(np.argmax(held))
    floor = held[i] - tolerance * abs(held[i])
    while i + 1 < len(levels) and held[i + 1] >= floor:
        i += 1
    return i


def plateau(levels: list[dict], tolerance: float = LEVEL_TOLERANCE) -> list[int]:
    """The counts whose held silhouette is within ``tolerance`` of the best (levels as good as
    the chosen one, coarser or finer)."""
    if not levels:
        return []
    best = max(lv["held_silhouette"] for lv in levels)
    return [lv["n_segments"] for lv in levels if lv["held_silhouette"] >= best - tolerance * abs(best)]


def outlier_size(cuts: list[dict], k: int) -> int:
    """The HDBSCAN minimum size whose cut has the number of segments closest to ``k`` (ties: the
    coarser cut, which calls fewer people outliers); :data:`MIN_SAMPLES` when no cut found any."""
    found = [c for c in cuts if c["n_segments"] >= 1]
    if not found:
        return MIN_SAMPLES
    return int(min(found, key=lambda c: (abs(c["n_segments"] - k), -c["min_size"]))["min_size"])


def ward_tree(Z: np.ndarray) -> np.ndarray:
    """Ward's agglomerative linkage of ``Z`` (scipy layout; memory grows with n squared / 2)."""
    from scipy.cluster.hierarchy import linkage

    return linkage(np.asarray(Z, dtype=np.float64), method="ward")


def ward_labels(ward: np.ndarray, k: int) -> np.ndarray:
    """The Ward tree cut into ``k`` segments, numbered ``0..k-1`` by first appearance."""
    from scipy.cluster.hierarchy import fcluster

    n = len(ward) + 1
    k = max(1, min(int(k), n))
    raw = fcluster(ward, k, criterion="maxclust")
    _, first = np.unique(raw, return_index=True)
    order = np.argsort(first)
    renumber = np.empty(raw.max() + 1, dtype=np.int64)
    renumber[np.unique(raw)[order]] = np.arange(len(order))
    return renumber[raw]
