"""One cluster tree per run, and the cut of it that the data supports.

HDBSCAN's single-linkage tree of the reduced vectors (mutual reachability with a small, fixed
``min_samples``) is built once. Every *candidate cut* is the excess-of-mass selection of that
tree condensed at one minimum segment size, from :data:`MIN_SIZES` (5 people upwards). The
criterion that picks the default cut is **resampling agreement**: the tree is rebuilt on
:data:`N_RESAMPLES` random 80% subsamples of the reduced space (no new embedding or reduction),
each cut is repeated there, and its agreement is the mean adjusted Rand index with the full cut on
the shared people. The default is the *finest* cut whose agreement reaches
:data:`AGREEMENT_THRESHOLD`: the most detailed level of the tree that reproduces on resamples.
The row count never sets the level.

The HDBSCAN tree chooses *how many* segments; *who* is in them comes from a second tree of the
same reduced space, Ward's agglomerative hierarchy (:func:`ward_tree`), cut at that number
(:func:`ward_labels`). Ward places everyone, so HDBSCAN's outliers get the Ward segment they fall
in (and a confidence; see :mod:`.segment_core`), and any other number of segments is one cut of
the stored Ward tree away: :func:`recut` in :mod:`.segment_core` moves along it without
recomputing. Measured on the labelled shared sets, Ward at the chosen count agrees better with
the labels than HDBSCAN's own clusters with their outliers reassigned (docs/notes/segment.md).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import adjusted_rand_score

MIN_SAMPLES = 5
MIN_SIZES = (5, 7, 10, 14, 20, 28, 40, 56, 80, 113, 160, 226, 320)
N_RESAMPLES = 3
RESAMPLE_SHARE = 0.8
AGREEMENT_THRESHOLD = 0.8


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


def agreement(Z: np.ndarray, tree: np.ndarray, sizes, *, seed: int = 0,
              n_resamples: int = N_RESAMPLES, share: float = RESAMPLE_SHARE) -> list[float]:
    """Per minimum size, the mean ARI between the full cut and the same cut of resampled trees."""
    rng = np.random.default_rng(seed)
    n = len(Z)
    resamples = []
    for _ in range(n_resamples):
        idx = np.sort(rng.choice(n, max(10, int(share * n)), replace=False))
        resamples.append((idx, build_tree(Z[idx])))
    out = []
    for m in sizes:
        full = cut_labels(tree, m)[0]
        out.append(float(np.mean([adjusted_rand_score(full[idx], cut_labels(t, max(2, round(m * share)))[0])
                                  for idx, t in resamples])))
    return out


def choose_cut(cuts: list[dict], threshold: float = AGREEMENT_THRESHOLD) -> int:
    """Index of the finest cut (most segments) whose agreement reaches ``threshold``; if none
    does, the most reproducible cut with at least two segments. A cut with fewer than two
    segments agrees trivially (everyone in one group, or all outliers) and is chosen only when
    no cut has two."""
    split = [i for i, c in enumerate(cuts) if c["n_segments"] >= 2]
    passing = [i for i in split if (c := cuts[i])["agreement"] is not None and c["agreement"] >= threshold]
    if passing:
        return max(passing, key=lambda i: (cuts[i]["n_segments"], -i))
    if split:
        return max(split, key=lambda i: (cuts[i]["agreement"] or 0.0, cuts[i]["n_segments"], -i))
    return int(max(range(len(cuts)), key=lambda i: (cuts[i]["n_segments"], -i)))


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
