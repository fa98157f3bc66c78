"""The pure segmentation core: vectors in, a :class:`SegmentResult` out.

Steps: centre the vectors (what every row shares says nothing about who differs), reduce
dimensions (UMAP by default), build Ward's and HDBSCAN's trees of the reduced space once, pick
the level of Ward's tree that the data supports (the plateau of the best held silhouette, see
:mod:`.hierarchy`) and cut it there. HDBSCAN's outliers of the cut
keep their Ward segment (origin ``'soft'``) with a confidence (their typicality there); those
below a threshold form an explicit *Unassigned* group (label ``-1``). Centroids and confidences are in the input
space. :func:`recut` moves to another level of the stored tree in about a second. Deterministic
for a seed.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, silhouette_score

from ..errors import InputError, PipelineError
from . import hierarchy as hier
from .reduce import map_2d, reduce_dimensions

VALIDITY_SENTENCE = ("Density validity {value:.2f} (from -1 to 1): how much more tightly people hold "
                     "together inside segments than across their borders; above 0.3 the segments are well "
                     "separated, near 0 they shade into each other.")
STABILITY_SENTENCE = ("Stability {value:.2f} (0 to 1): how far the same segments come back when the "
                      "analysis is redone on other random samples of the people; above 0.8 they are solid.")
BLOB_SHARE = 0.6
BLOB_MIN_PEOPLE = 300

MIN_ROWS = 10
DEFAULT_SOFT_THRESHOLD = 0.001  # Unassigned: further from the centre than ~every member
DEFAULT_MERGE_THRESHOLD = 0.95
SOFT_NEIGHBOURS = 10


@dataclass
class SegmentResult:
    """What :func:`segment_embeddings` returns.

    ``labels``: final segment per row (``-1`` = Unassigned); ``hdbscan_labels``: HDBSCAN's raw
    labels; ``confidence``: 0..1 per row; ``origin``: ``'model'`` (HDBSCAN member), ``'soft'``
    (outlier given its nearest segment) or ``'unassigned'``; ``centroids``: one normalised row
    per segment in the original space; ``member_similarity``: per segment, its members' sorted
    cosine similarities to the centroid (the scale that soft confidences are read on);
    ``coords_2d``: a 2-D map for display (or ``None``); ``params``: the parameters actually used;
    ``metrics``: quality figures, with ``metrics["cuts"]`` (every candidate level of Ward's tree:
    ``n_segments``, ``silhouette``, ``held_silhouette``, ``largest_share``; the HDBSCAN cuts that
    supply the outliers are in ``metrics["density_cuts"]``),
    ``metrics["chosen_cut"]`` and, for a blob, ``metrics["warning"]``; ``hierarchy``: the
    :class:`~.hierarchy.Hierarchy` that :func:`recut` reads (store its ``to_arrays()``).
    """

    labels: np.ndarray
    hdbscan_labels: np.ndarray
    confidence: np.ndarray
    origin: np.ndarray
    centroids: np.ndarray
    member_similarity: list[np.ndarray]
    coords_2d: np.ndarray | None
    params: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    hierarchy: hier.Hierarchy | None = None


def resolve_params(n: int, *, reducer: str = "umap", n_components: int | None = None,
                   n_neighbors: int | None = None, min_cluster_size: int | None = None,
                   min_samples: int | None = None, cluster_selection: str = "eom",
                   merge_threshold: float = DEFAULT_MERGE_THRESHOLD) -> dict[str, Any]:
    """Fill the parameters left as ``None`` with defaults; none of them is set from ``n``.

    ``min_cluster_size=None`` means "chosen from the tree" (see :mod:`.hierarchy`); given, it
    fixes one cut (and ``min_samples`` then defaults to it, as in HDBSCAN).
    """
    if min_samples is None:
        min_samples = hier.MIN_SAMPLES if min_cluster_size is None else min_cluster_size
    if n_neighbors is None:
        n_neighbors = 15
    if n_components is None:
        n_components = 10
    if cluster_selection not in ("leaf", "eom"):
        raise PipelineError(f"cluster_selection must be 'leaf' or 'eom', not {cluster_selection!r}")
    return {"reducer": reducer, "n_components": int(n_components), "n_neighbors": int(n_neighbors),
            "min_cluster_size": None if min_cluster_size is None else int(min_cluster_size),
            "min_samples": int(min_samples),
            "cluster_selection": cluster_selection, "merge_threshold": float(merge_threshold)}


def segment_embeddings(X: np.ndarray, *, reducer: str = "umap", n_components: int | None = None,
                       n_neighbors: int | None = None, min_cluster_size: int | None = None,
                       min_samples: int | None = None, cluster_selection: str = "eom",
                       merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
                       soft_threshold: float = DEFAULT_SOFT_THRESHOLD, seed: int = 0,
                       with_map: bool = True, with_validity: bool = True,
                       anchor: np.ndarray | None = None, anchor_weight: float = 0.5) -> SegmentResult:
    """Segment the rows of ``X`` (one vector per respondent).

    Parameters left as ``None`` adapt to the number of rows (see :func:`resolve_params`).
    Each HDBSCAN outlier gets the segment most of its nearest members (in the reduced space)
    belong to; its confidence is its typicality there (see :func:`typicality`), and it joins
    the segment when that reaches ``soft_threshold``, else it stays Unassigned.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(c, 0.05, (30, 8)) for c in np.eye(8)[:3]])
    >>> r = segment_embeddings(X, reducer="pca", min_cluster_size=15, with_map=False)
    >>> r.metrics["n_segments"]
    3
    """
    X = check_vectors(X)
    params = resolve_params(len(X), reducer=reducer, n_components=n_components,
                            n_neighbors=n_neighbors, min_cluster_size=min_cluster_size,
                            min_samples=min_samples, cluster_selection=cluster_selection,
                            merge_threshold=merge_threshold)
    params.update(soft_threshold=float(soft_threshold), seed=int(seed))
    Z = reduce_dimensions(centre(X), reducer=params["reducer"], n_components=params["n_components"],
                          n_neighbors=params["n_neighbors"], seed=seed, anchor=anchor,
                          anchor_weight=anchor_weight)
    tree = hier.build_tree(Z, params["min_samples"])
    ward = hier.ward_tree(Z)
    fixed = params["min_cluster_size"]
    density_cuts = [_density_cut(tree, m, params["cluster_selection"])
                    for m in ([fixed] if fixed is not None else hier.candidate_sizes(len(Z)))]
    finest = max([c["n_segments"] for c in density_cuts] + [2])
    limit = max(2, min(finest, len(Z) // hier.MIN_PER_SEGMENT))      # the default is no finer
    listed = max(limit, min(hier.LISTED_LEVELS, len(Z) // hier.MIN_PER_SEGMENT))  # a re-cut may go finer
    counts = hier.level_counts(listed)
    if fixed is not None and density_cuts[0]["n_segments"] >= 2 and density_cuts[0]["n_segments"] not in counts:
        counts = sorted(counts + [density_cuts[0]["n_segments"]])
    cuts = hier.level_scores(Z, ward, counts, seed=seed, hold_limit=limit)
    for c in cuts:
        c["beyond_tree"] = c["n_segments"] > limit
    eligible = [c for c in cuts if not c["beyond_tree"]]   # a prefix: cuts are in count order
    if fixed is None:
        chosen = hier.choose_level(eligible)
    else:  # the given HDBSCAN cut fixes the count
        k_fixed = density_cuts[0]["n_segments"]
        chosen = min(range(len(cuts)), key=lambda i: abs(cuts[i]["n_segments"] - k_fixed)) if cuts else 0
    keep_k = anchored_count(anchor, eligible) if fixed is None else None
    k = keep_k or (cuts[chosen]["n_segments"] if cuts else 1)
    if fixed is not None and density_cuts[0]["n_segments"] < 2:
        k = max(1, density_cuts[0]["n_segments"])
    min_size = fixed if fixed is not None else hier.outlier_size(density_cuts, k)
    params["chosen_min_cluster_size"] = int(min_size)
    params["outlier_min_size"] = int(min_size)
    h = hier.Hierarchy(reduced=Z, tree=tree, ward=ward, cuts=cuts, chosen=chosen,
                       params={**params, "density_cuts": density_cuts})
    raw, labels, confidence, origin, centroids, member_sims = _finish(X, h, min_size, k=k)
    validity = _validity(Z, raw, params) if with_validity else None
    coords = map_2d(Z, reducer="pca" if params["reducer"] != "umap" else "umap",
                    n_neighbors=params["n_neighbors"], seed=seed) if with_map else None
    metrics = _metrics(Z, labels, raw, validity, seed)
    metrics.update(cuts=cuts, chosen_cut=chosen, density_cuts=density_cuts,
                   plateau=hier.plateau(eligible),
                   criterion=(f"finest level of Ward's tree on the plateau of the best held silhouette "
                              f"(within {hier.LEVEL_TOLERANCE:.0%}; held = lowest over the level and up to "
                              f"{hier.HOLD_WINDOW}x finer)" if fixed is None
                              else "segment count of the HDBSCAN cut at the given min_cluster_size"),
                   membership="Ward tree of the reduced space cut at that count; outliers of the HDBSCAN cut "
                              "with about as many segments keep their Ward segment when typical enough "
                              "(origin 'soft')",
                   soft_share=float((origin == "soft").mean()))
    if keep_k is not None:
        metrics["count_from_anchor"] = keep_k
    if metrics.get("relative_validity") is not None:
        metrics["validity_sentence"] = VALIDITY_SENTENCE.format(value=metrics["relative_validity"])
    warning = blob_warning(labels, cuts, chosen)
    if warning:
        metrics["warning"] = warning
    return SegmentResult(labels=labels, hdbscan_labels=raw, confidence=confidence, origin=origin,
                         centroids=centroids, member_similarity=member_sims, coords_2d=coords,
                         params=params, metrics=metrics, hierarchy=h)


def anchored_count(anchor: np.ndarray | None, cuts: list[dict]) -> int | None:
    """An anchored re-run keeps the anchor run's number of segments while that count is on the
    plateau of the tree's levels (as good as the chosen one, see :func:`.hierarchy.plateau`), so
    adding a few people does not re-cut everyone; ``None`` (use the chosen level) otherwise."""
    if anchor is None:
        return None
    k_prev = int(len(np.unique(anchor[anchor >= 0])))
    good = hier.plateau(cuts)
    return k_prev if k_prev >= 2 and good and min(good) <= k_prev <= max(good) else None


def _density_cut(tree: np.ndarray, min_size: int, selection: str) -> dict:
    """The figures of HDBSCAN's cut of ``tree`` at ``min_size``: its segments and outliers."""
    raw = hier.cut_labels(tree, min_size, selection)[0]
    counts = np.bincount(raw[raw >= 0]) if (raw >= 0).any() else np.zeros(1)
    return {"min_size": int(min_size), "n_segments": int((counts > 0).sum()),
            "outlier_share": round(float((raw < 0).mean()), 4)}


def _finish(X: np.ndarray, h: hier.Hierarchy, min_size: int, k: int | None = None):
    """Ward's tree cut at ``k`` segments (default: as many as the HDBSCAN cut at ``min_size``
    has), merged; HDBSCAN's outliers of that cut keep their Ward segment when their typicality
    in it reaches the soft threshold (origin ``'soft'``), else they are Unassigned."""
    params = h.params
    raw, strength = hier.cut_labels(h.tree, min_size, params.get("cluster_selection", "eom"))
    if h.ward is None:
        h.ward = hier.ward_tree(h.reduced)
    if k is None:
        k = int(raw.max()) + 1
    outlier = raw < 0
    if k < 1:  # no structure found: everyone is one segment (raw labels stay all -1)
        outlier[:] = False
        strength[:] = 1.0
        k = 1
    labels = hier.ward_labels(h.ward, k)
    labels = merge_near_duplicates(X, labels, params.get("merge_threshold", DEFAULT_MERGE_THRESHOLD))
    centroids, member_sims = segment_centroids(X, labels)
    confidence = strength.astype(np.float32)
    threshold = params.get("soft_threshold", DEFAULT_SOFT_THRESHOLD)
    keep = np.zeros(len(X), dtype=bool)
    if outlier.any():
        confidence[outlier] = typicality(X[outlier], labels[outlier], centroids, member_sims)
        keep[outlier] = confidence[outlier] >= threshold
    origin = np.where(~outlier, "model", np.where(keep, "soft", "unassigned")).astype(object)
    labels = np.where(outlier & ~keep, -1, labels).astype(np.int64)
    return raw, labels, confidence, origin, centroids, member_sims


def recut(h: hier.Hierarchy, n_segments: int, X: np.ndarray) -> dict[str, Any]:
    """Cut the stored Ward tree into ``n_segments`` (fewer if near-duplicates merge).

    Nothing is embedded or reduced again: the trees and reduced coordinates come from ``h`` and
    ``X`` are the run's input vectors (for centroids and confidences); the outliers are those of
    the HDBSCAN cut with about as many segments. Returns ``labels``, ``confidence``, ``origin``,
    ``hdbscan_labels``, ``centroids``, ``n_segments`` and ``min_size``.
    """
    X = check_vectors(X)
    if len(X) != len(h.reduced):
        raise InputError(f"{len(X)} vectors for a tree of {len(h.reduced)} people")
    if n_segments < 1:
        raise InputError(f"n_segments must be at least 1, got {n_segments}")
    if h.params.get("density_cuts") and h.params.get("min_cluster_size") is None:
        min_size = hier.outlier_size(h.params["density_cuts"], int(n_segments))
    else:  # a fixed HDBSCAN cut, or a run stored before levels: the cut the run used
        min_size = int(h.params.get("outlier_min_size") or
                       (h.cuts[h.chosen].get("min_size") if h.cuts else None) or hier.MIN_SAMPLES)
    raw, labels, confidence, origin, centroids, _ = _finish(X, h, min_size, min(int(n_segments), len(X)))
    return {"labels": labels, "confidence": confidence, "origin": origin, "hdbscan_labels": raw,
            "centroids": centroids, "n_segments": int(len(centroids)), "min_size": min_size}


def blob_warning(labels: np.ndarray, cuts: list[dict], chosen: int) -> str | None:
    """Plain words when a result on many people has < 3 segments or one over 60% of them."""
    n = len(labels)
    assigned = labels[labels >= 0]
    if n < BLOB_MIN_PEOPLE or not len(assigned):
        return None
    k = int(len(np.unique(assigned)))
    largest = float(np.bincount(assigned).max() / n)
    if k >= 3 and largest <= BLOB_SHARE:
        return None
    finer = [c for c in cuts if c["n_segments"] > k]
    offer = (f" The next finer level of the tree has {min(finer, key=lambda c: c['n_segments'])['n_segments']} "
             "segments but holds people apart less well; ask for it with a re-cut." if finer else
             " The tree has no finer level.")
    sil = cuts[chosen].get("silhouette") if cuts else None
    return (f"Only {k} segment{'s' if k != 1 else ''} for {n} people, the largest holding {largest:.0%}: "
            "no finer level of the cluster tree separates people as well"
            + (f" (silhouette {sil:.2f})" if sil is not None else "") + "." + offer)


def merge_near_duplicates(X: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Merge segments whose centroids have cosine similarity >= ``threshold`` (average linkage).

    Segments are renumbered ``0..k-1`` by first appearance; ``-1`` stays ``-1``. A threshold
    of 1 or more merges nothing.
    """
    k = int(labels.max()) + 1
    if k < 2 or threshold >= 1:
        return labels.copy()
    from sklearn.cluster import AgglomerativeClustering

    centroids = segment_centroids(X, labels)[0]
    groups = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=1 - threshold).fit_predict(centroids)
    _, first = np.unique(groups, return_index=True)
    renumber = np.empty(len(first), dtype=np.int64)
    renumber[groups[np.sort(first)]] = np.arange(len(first))
    merged = np.where(labels >= 0, renumber[groups[np.maximum(labels, 0)]], -1)
    return merged.astype(np.int64)


def check_vectors(X) -> np.ndarray:
    """Validate a 2-D finite matrix with enough rows; return it L2-normalised as float32."""
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2:
        raise InputError(f"expected a 2-D matrix of vectors, got shape {X.shape}")
    if len(X) < MIN_ROWS:
        raise InputError(f"segmentation needs at least {MIN_ROWS} respondents, got {len(X)}")
    if not np.isfinite(X).all():
        raise InputError("the vectors contain NaN or infinite values")
    return normalise(X)


def centre(X: np.ndarray) -> np.ndarray:
    """Rows minus their mean, L2-normalised: the direction all rows share is taken out."""
    return normalise(X - X.mean(axis=0, keepdims=True))


def normalise(X: np.ndarray) -> np.ndarray:
    """L2-normalise rows; all-zero rows stay zero."""
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return (X / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def segment_centroids(X: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Normalised mean vector per segment ``0..k-1`` and its members' sorted similarities to it."""
    k = int(labels.max()) + 1
    centroids = normalise(np.vstack([X[labels == s].mean(axis=0) for s in range(k)]))
    sims = [np.sort(X[labels == s] @ centroids[s]) for s in range(k)]
    return centroids, sims


def nearest_segment(X: np.ndarray, centroids: np.ndarray,
                    member_sims: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid (cosine) per row, and the row's :func:`typicality` for it."""
    best = (normalise(np.asarray(X, dtype=np.float32)) @ centroids.T).argmax(axis=1)
    return best.astype(np.int64), typicality(X, best, centroids, member_sims)


def typicality(X: np.ndarray, segments: np.ndarray, centroids: np.ndarray,
               member_sims: list[np.ndarray]) -> np.ndarray:
    """Confidence in 0..1 that each row belongs to its given segment.

    It is the share of the segment's members whose cosine similarity to the centroid is at most
    the row's: 0.5 means "as typical as the median member", 0 "further out than all of them".
    """
    s = np.einsum("ij,ij->i", normalise(np.asarray(X, dtype=np.float32)), centroids[segments])
    conf = np.empty(len(s), dtype=np.float32)
    for seg in np.unique(segments):
        rows = segments == seg
        ref = member_sims[seg]
        conf[rows] = np.searchsorted(ref, s[rows], side="right") / max(1, len(ref))
    return conf


def soft_segment(X: np.ndarray, candidates: np.ndarray, centroids: np.ndarray,
                 member_sims: list[np.ndarray], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """A segment and confidence for each outlier: its ``candidates`` segment (from its reduced-space
    neighbours) or, where that confidence is below ``threshold``, its nearest centroid in the
    input space if that is more typical."""
    conf = typicality(X, candidates, centroids, member_sims)
    nearest, near_conf = nearest_segment(X, centroids, member_sims)
    better = (conf < threshold) & (near_conf > conf)
    return np.where(better, nearest, candidates), np.where(better, near_conf, conf).astype(np.float32)


def knn_segment(Z: np.ndarray, labels: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """For ``Z[rows]``, the segment most common among the ``k`` nearest members (``labels >= 0``)."""
    from sklearn.neighbors import KNeighborsClassifier

    members = labels >= 0
    knn = KNeighborsClassifier(n_neighbors=min(k, int(members.sum())))
    return knn.fit(Z[members], labels[members]).predict(Z[rows]).astype(np.int64)


def stability(X: np.ndarray, seeds=(0, 1, 2), **params) -> float:
    """Mean pairwise adjusted Rand index of the final labels across ``seeds``."""
    params = {**params, "with_map": False, "with_validity": False}
    runs = [segment_embeddings(X, seed=s, **params).labels for s in seeds]
    pairs = list(combinations(runs, 2))
    if not pairs:
        return 1.0
    return float(np.mean([adjusted_rand_score(a, b) for a, b in pairs]))


def _validity(Z: np.ndarray, raw: np.ndarray, params: dict):
    """HDBSCAN's relative density-based validity of the chosen cut (``None`` when undefined)."""
    if raw.max() < 1:
        return None
    p = {**params, "min_cluster_size": params["chosen_min_cluster_size"]}
    return _hdbscan(Z, p, True)[2]


def _hdbscan(Z: np.ndarray, params: dict, with_validity: bool):
    import hdbscan

    mcs = max(2, min(params["min_cluster_size"], len(Z) // 2))
    model = hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=min(params["min_samples"], mcs),
                            cluster_selection_method=params["cluster_selection"],
                            metric="euclidean", gen_min_span_tree=with_validity,
                            core_dist_n_jobs=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = model.fit_predict(Z).astype(np.int64)
        validity = None
        if with_validity and labels.max() >= 1:
            try:
                validity = float(model.relative_validity_)
            except (ValueError, ZeroDivisionError, AttributeError):
                validity = None
    return labels, np.asarray(model.probabilities_, dtype=np.float32).copy(), validity


def _metrics(Z: np.ndarray, labels: np.ndarray, raw: np.ndarray, validity, seed: int) -> dict:
    n = len(labels)
    assigned = labels >= 0
    metrics = {"n": n, "n_segments": int(len(np.unique(labels[assigned]))),
               "unassigned_share": float(1 - assigned.mean()),
               "hdbscan_outlier_share": float((raw < 0).mean()),
               "relative_validity": validity, "silhouette": None}
    if metrics["n_segments"] >= 2 and assigned.sum() > metrics["n_segments"]:
        size = min(int(assigned.sum()), 3000)
        metrics["silhouette"] = float(silhouette_score(Z[assigned], labels[assigned],
                                                       sample_size=size, random_state=seed))
    return metrics
