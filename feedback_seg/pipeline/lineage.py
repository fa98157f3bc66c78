"""Stable segment identities across runs, and their lineage.

A new run's clusters are matched to the previous run's segments by optimal (Hungarian) matching
on a score that mixes centroid cosine similarity and member overlap (Jaccard), so names, pins and
notes carry over. Keys of new segments are derived from their members, so rebuilding a run from
the same data, parameters and seed gives the same keys.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

MATCH_THRESHOLD = 0.35


@dataclass
class PrevSegment:
    key: str
    centroid: np.ndarray | None
    members: set


@dataclass
class Matching:
    keys: dict[int, str]                       # new label -> key
    matched: dict[int, str] = field(default_factory=dict)
    lineage: dict = field(default_factory=dict)


def member_key(members) -> str:
    h = hashlib.sha256(",".join(sorted(map(str, members))).encode()).hexdigest()
    return "s" + h[:10]


def _score(prev: PrevSegment, centroid: np.ndarray, members: set) -> float:
    same_space = prev.centroid is not None and prev.centroid.shape == np.shape(centroid)
    cos = float(prev.centroid @ centroid) if same_space else 0.0   # another model: members decide
    union = len(prev.members | members)
    jac = len(prev.members & members) / union if union else 0.0
    return 0.5 * cos + 0.5 * jac


def match_segments(prev: list[PrevSegment], centroids: dict[int, np.ndarray],
                   members: dict[int, set]) -> Matching:
    """Give every new label a key: the matched previous key, else one derived from its members."""
    labels = sorted(centroids)
    keys: dict[int, str] = {}
    matched: dict[int, str] = {}
    if prev and labels:
        S = np.array([[_score(p, centroids[l], members[l]) for l in labels] for p in prev])
        rows, cols = linear_sum_assignment(-S)
        for r, c in zip(rows, cols):
            if S[r, c] >= MATCH_THRESHOLD:
                matched[labels[c]] = prev[r].key
    used = set(matched.values())
    for l in labels:
        if l in matched:
            keys[l] = matched[l]
        else:
            k = member_key(members[l])
            while k in used:
                k = member_key(list(members[l]) + [k])
            keys[l] = k
        used.add(keys[l])
    return Matching(keys=keys, matched=matched, lineage=lineage(prev, members, keys))


def lineage(prev: list[PrevSegment], members: dict[int, set], keys: dict[int, str]) -> dict:
    """Births, deaths, splits and merges between the previous segments and the new ones."""
    prev_keys = {p.key for p in prev}
    new_keys = set(keys.values())
    out = {"births": sorted(new_keys - prev_keys), "deaths": sorted(prev_keys - new_keys),
           "splits": [], "merges": []}
    for p in prev:
        if not p.members:
            continue
        parts = {keys[l]: len(p.members & m) / len(p.members) for l, m in members.items()}
        big = sorted(k for k, share in parts.items() if share >= 0.25)
        if len(big) >= 2:
            out["splits"].append({"from": p.key, "into": big})
    for l, m in members.items():
        if not m:
            continue
        sources = sorted(p.key for p in prev if len(p.members & m) / len(m) >= 0.25)
        if len(sources) >= 2:
            out["merges"].append({"into": keys[l], "from": sources})
    return out


STICKY_MARGIN = 0.05


def previous_keys(prev: list[PrevSegment]) -> dict:
    """Respondent id -> the key of the previous segment the model put them in."""
    return {m: p.key for p in sorted(prev, key=lambda p: p.key) for m in p.members}


def sticky_keys(ids, keys, X: np.ndarray, before: dict, centroids: dict[str, np.ndarray], *,
                margin: float = STICKY_MARGIN) -> list[str]:
    """Keep returning respondents where they were when the new clustering moves them on a near-tie.

    A respondent whose previous key (``before``: id -> key) is still a segment of this run, but
    whose new key is another segment, stays in the previous one when their cosine similarity to its
    centroid is within ``margin`` of their similarity to the new one's. Unassigned people and
    newcomers are left as they are. Pure and deterministic; on the same clustering nothing moves.
    """
    out = list(keys)
    X = np.asarray(X, dtype=np.float32)
    for i, (rid, key) in enumerate(zip(ids, keys)):
        old = before.get(rid)
        if old is None or old == key or key not in centroids or old not in centroids:
            continue
        x = X[i] / (np.linalg.norm(X[i]) or 1.0)
        if float(x @ centroids[old]) >= float(x @ centroids[key]) - margin:
            out[i] = old
    return out


def anchor_codes(ids, previous: dict) -> np.ndarray:
    """One integer per person for an anchored re-run: the same code for everyone who shared a
    segment key in the previous run (``previous``: person id -> key), ``-1`` for people who are new
    or were Unassigned there. Codes follow the sorted keys, so they are deterministic."""
    keys = [previous.get(i) for i in ids]
    live = sorted({k for k in keys if k is not None and k != "unassigned"})
    code = {k: c for c, k in enumerate(live)}
    return np.array([code.get(k, -1) if k is not None else -1 for k in keys], dtype=np.int64)
