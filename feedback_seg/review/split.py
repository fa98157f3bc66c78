"""Split a segment: re-cluster its members (preview), then accept the split as one event.

The preview rebuilds each member's respondent vector from their items' embeddings in the run's
model (centred per question over the whole project, exactly as the run did), clusters the members
with KMeans(k, seed) and describes each group with c-TF-IDF keywords, an automatic name and quotes.
Accepting creates one new segment per group (keys derived from their members), moves the members
there, marks the parent ``split`` and logs one ``split`` event that :mod:`.undo` can reverse.

Item-level moves are not offered: items explain people, and an item's segment is its author's.
"""
from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from ..config import MIN_QUOTE_GROUP
from ..errors import ConflictError, InputError, NotFoundError
from ..pipeline.dataset import load_run_data
from ..pipeline.describe import auto_name, keywords_ctfidf, representative_quotes
from ..pipeline.respondents import respondent_vectors
from ..store.engine import read_session, write_session
from ..store.schema import Assignment, Run, Segment
from .events import _bump, _log, _resize, _segment
from ..pipeline.lineage import member_key

MAX_K = 9


def _members(s, segment_id: int) -> list[int]:
    return sorted(s.scalars(select(Assignment.respondent_id).where(Assignment.segment_id == segment_id)))


def _load(engine: Engine, segment_id: int) -> dict:
    with read_session(engine) as s:
        sg = s.get(Segment, segment_id)
        if sg is None:
            raise NotFoundError(f"no segment {segment_id}")
        if sg.label == -1 or sg.status != "active":
            raise InputError(f"segment {segment_id} cannot be split (it is {sg.status})")
        run = s.get(Run, sg.run_id)
        if not run.model:
            raise InputError(f"run {run.id} has no embedding model recorded; it cannot be re-clustered")
        names = set(s.scalars(select(func.coalesce(Segment.name, Segment.auto_name))
                              .where(Segment.run_id == run.id, Segment.id != segment_id)))
        return {"segment_id": sg.id, "run_id": run.id, "project_id": run.project_id, "model": run.model,
                "version": sg.version, "key": sg.key, "members": _members(s, segment_id), "names": names}


def _member_data(engine: Engine, info: dict):
    """Member ids, their respondent vectors, and the member items (text, tokens, vectors)."""
    data = load_run_data(engine, info["project_id"], info["model"])
    items = data.items
    ids, X = respondent_vectors(data.item_vectors, items["respondent_id"].tolist(), items["field"].tolist())
    row = {rid: i for i, rid in enumerate(ids)}
    members = [r for r in info["members"] if r in row]
    if len(members) != len(info["members"]):
        raise InputError("some members have no embedded text in the run's model; run the segmentation again")
    mask = items["respondent_id"].isin(set(members)).to_numpy()
    return members, X[[row[r] for r in members]], items[mask].reset_index(drop=True), data.item_vectors[mask]


def _describe(groups: list[list[int]], items, item_vectors, taken: set) -> list[dict]:
    group_of = {rid: g for g, members in enumerate(groups) for rid in members}
    item_group = items["respondent_id"].map(group_of).to_numpy()
    tokens = [list(l) + list(n) for l, n in zip(items["lemmas"], items["noun_phrases"])]
    keywords = keywords_ctfidf(tokens, item_group.tolist(), top_n=10) if len(items) else {}
    out, taken = [], set(taken)
    for g, members in enumerate(groups):
        scored = keywords.get(g, [])
        kw = [w for w, _ in scored]
        name = auto_name(kw, taken=taken)
        taken.add(name)
        idx = np.flatnonzero(item_group == g)
        centroid = item_vectors[idx].mean(axis=0) if len(idx) else None
        quotes = []
        if len(members) >= MIN_QUOTE_GROUP and len(idx):
            picks = representative_quotes(items["text"].iloc[idx].tolist(), item_vectors[idx], centroid, k=5)
            quotes = [{"item_id": int(items["item_id"].iloc[idx[p]]), "text": items["text"].iloc[idx[p]]}
                      for p in picks]
        out.append({"index": g, "respondent_ids": list(members), "size": len(members), "keywords": kw,
                    "auto_name": name, "quotes": quotes, "scored": scored,
                    "centroid": None if centroid is None else centroid / (np.linalg.norm(centroid) or 1.0)})
    return out


def _public(groups: list[dict]) -> list[dict]:
    return [{k: v for k, v in g.items() if k not in ("centroid", "scored")} for g in groups]


def preview_split(engine: Engine, segment_id: int, k: int = 2, seed: int = 0) -> dict:
    """Re-cluster a segment's members into ``k`` groups (nothing is written).

    Returns ``{segment_id, run_id, version, k, seed, size, groups: [{index, respondent_ids, size,
    keywords, auto_name, quotes}]}``; groups are ordered by size, largest first.
    """
    k = int(k)
    if not 2 <= k <= MAX_K:
        raise InputError(f"a segment can be split into 2 to {MAX_K} groups, not {k}")
    info = _load(engine, segment_id)
    if len(info["members"]) < 2 * k:
        raise InputError(f"segment {segment_id} has {len(info['members'])} members; "
                         f"splitting into {k} groups needs at least {2 * k}")
    members, X, items, item_vectors = _member_data(engine, info)
    labels = KMeans(n_clusters=k, random_state=int(seed), n_init=10).fit_predict(X)
    groups = [[m for m, l in zip(members, labels) if l == g] for g in range(k)]
    groups = sorted((g for g in groups if g), key=lambda g: (-len(g), g[0]))
    described = _describe(groups, items, item_vectors, info["names"])
    return {"segment_id": segment_id, "run_id": info["run_id"], "version": info["version"], "k": k,
            "seed": int(seed), "size": len(members), "groups": _public(described)}


def _as_groups(groups) -> list[list[int]]:
    try:
        out = [sorted({int(r) for r in (g["respondent_ids"] if isinstance(g, dict) else g)}) for g in groups]
    except (TypeError, ValueError, KeyError) as exc:
        raise InputError("groups must be lists of respondent ids") from exc
    out = [g for g in out if g]
    if len(out) < 2:
        raise InputError("a split needs at least two non-empty groups")
    seen: set[int] = set()
    for g in out:
        if seen & set(g):
            raise InputError("a respondent appears in more than one group")
        seen |= set(g)
    return out


def accept_split(engine: Engine, segment_id: int, groups, *, user: str, version: int | None = None) -> dict:
    """Split a segment into ``groups`` (lists of respondent ids, or the preview's group dicts).

    The groups must cover the segment's current members exactly (else :class:`ConflictError`:
    preview again). Returns ``{event_id, segment_id, new_segment_ids, version}``.
    """
    groups = _as_groups(groups)
    info = _load(engine, segment_id)
    if version is not None and info["version"] != version:
        raise ConflictError(f"segment {segment_id} was changed by someone else (version {info['version']}, "
                            f"yours {version}); reload and try again", current_version=info["version"])
    if sorted(r for g in groups for r in g) != info["members"]:
        raise ConflictError("the segment's members changed since the preview; preview the split again")
    _, _, items, item_vectors = _member_data(engine, info)
    described = _describe(groups, items, item_vectors, info["names"])
    with write_session(engine) as s:
        parent = _segment(s, segment_id, version)
        if parent.status != "active":
            raise ConflictError(f"segment {segment_id} is {parent.status} now; reload and try again")
        current = _members(s, segment_id)
        if sorted(r for g in groups for r in g) != current:
            raise ConflictError("the segment's members changed since the preview; preview the split again")
        keys = set(s.scalars(select(Segment.key).where(Segment.run_id == parent.run_id)))
        label = (s.scalar(select(func.max(Segment.label)).where(Segment.run_id == parent.run_id)) or 0) + 1
        rows = s.execute(select(Assignment.respondent_id, Assignment.segment_id, Assignment.origin,
                                Assignment.confidence).where(Assignment.segment_id == segment_id)).all()
        before = {str(r.respondent_id): [r.segment_id, r.origin, r.confidence] for r in rows}
        new_ids, parts = [], {}
        for i, g in enumerate(described):
            key = member_key(g["respondent_ids"])
            while key in keys:
                key = member_key(list(g["respondent_ids"]) + [key])
            keys.add(key)
            cen = g["centroid"]
            child = Segment(run_id=parent.run_id, key=key, label=label + i, auto_name=g["auto_name"],
                            keywords=[[w, float(v)] for w, v in g["scored"]], status="active",
                            description={"quotes": g["quotes"], "profile": {}, "split_from": parent.key},
                            centroid=None if cen is None else np.asarray(cen, dtype="<f4").tobytes())
            s.add(child)
            s.flush()
            new_ids.append(child.id)
            parts[key] = [int(r) for r in g["respondent_ids"]]
            s.execute(update(Assignment).where(Assignment.run_id == parent.run_id,
                                               Assignment.respondent_id.in_(g["respondent_ids"]))
                      .values(segment_id=child.id))
        parent.status = "split"
        _bump(parent)
        _resize(s, parent.run_id)
        ev = _log(s, parent.run_id, user, "split", {"segment_id": parent.id, "segment_key": parent.key,
                                                     "new_segment_ids": new_ids, "groups": parts,
                                                     "before": before})
        return {"event_id": ev, "segment_id": parent.id, "new_segment_ids": new_ids, "version": parent.version}
