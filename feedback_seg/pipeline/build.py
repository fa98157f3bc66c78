"""Turn loaded run data into stored segments: cluster people, key, describe, profile, write."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..review.identity import PrevSegment, match_segments
from ..store.engine import read_session, write_session
from ..store.schema import Assignment, ItemTheme, Project, Run, Segment
from .dataset import RunData
from .describe import auto_name, keywords_ctfidf, representative_quotes
from .profile import profile_segments
from .segment import item_themes, respondent_vectors, segment_embeddings, stability

UNASSIGNED = -1


def _prev_segments(engine: Engine, project_id: int, run_id: int) -> tuple[list[PrevSegment], dict]:
    """The previous finished run's segments (for stable keys) and their human names."""
    with read_session(engine) as s:
        prev = s.scalars(select(Run).where(Run.project_id == project_id, Run.status == "done",
                                           Run.id != run_id).order_by(Run.id.desc())).first()
        if prev is None:
            return [], {}
        segs = s.scalars(select(Segment).where(Segment.run_id == prev.id, Segment.label != UNASSIGNED)).all()
        members: dict[int, set] = {sg.id: set() for sg in segs}
        for rid, sid in s.execute(select(Assignment.respondent_id, Assignment.segment_id)
                                  .where(Assignment.run_id == prev.id)):
            if sid in members:
                members[sid].add(rid)
        out = [PrevSegment(key=sg.key, members=members[sg.id],
                           centroid=np.frombuffer(sg.centroid, dtype="<f4") if sg.centroid else None)
               for sg in segs]
        names = {sg.key: sg.name for sg in segs if sg.name}
        return out, names


def build_run(engine: Engine, run_id: int, project_id: int, data: RunData, *, seed: int,
              params: dict, progress) -> dict:
    items, people = data.items, data.respondents
    ids, X = respondent_vectors(data.item_vectors, items["respondent_id"].tolist(), items["field"].tolist())
    order = {rid: i for i, rid in enumerate(ids)}
    people = people.set_index("respondent_id").loc[ids].reset_index()
    seg_params = {k: v for k, v in params.items() if k not in ("stability_seeds", "min_cell")}
    result = segment_embeddings(X, seed=seed, **seg_params)
    progress("segment", 0.6, "checking stability across seeds")
    n_seeds = int(params.get("stability_seeds", 3))
    stab = stability(X, seeds=tuple(range(seed, seed + n_seeds)), **seg_params) if n_seeds > 1 else None
    labels = np.asarray(result.labels)
    real = sorted(set(labels.tolist()) - {UNASSIGNED})
    members = {l: set(np.asarray(ids)[labels == l].tolist()) for l in real}
    centroids = {l: result.centroids[i] for i, l in enumerate(real)} if len(result.centroids) == len(real) \
        else {l: _centroid(X[labels == l]) for l in real}
    prev, names = _prev_segments(engine, project_id, run_id)
    matching = match_segments(prev, centroids, members)

    progress("describe", 0.0, "keywords, quotes and names")
    item_label = items["respondent_id"].map(lambda r: labels[order[r]]).to_numpy()
    tokens = [list(l) + list(n) for l, n in zip(items["lemmas"], items["noun_phrases"])]
    keywords = keywords_ctfidf(tokens, item_label.tolist(), top_n=10)
    k = int(params.get("min_cell", _project_min_cell(engine, project_id)))
    attrs = _attributes(people, ids)
    value_col = _value_col(attrs)
    prof = profile_segments(attrs, pd.Series(labels, index=ids), k=k, value_col=value_col,
                            channel=pd.Series(items["channel"].to_numpy(), index=items["respondent_id"]),
                            timestamps=pd.Series(pd.to_datetime(items["timestamp"]).to_numpy(),
                                                 index=items["respondent_id"]))
    themes = item_themes(data.item_vectors, item_label, seed=seed)
    n = len(ids)
    segments = []
    used_names: set[str] = set()
    for l in real + ([UNASSIGNED] if (labels == UNASSIGNED).any() else []):
        mask_items = item_label == l
        size = int((labels == l).sum())
        kw = [w for w, _ in keywords.get(l, [])]
        key = matching.keys.get(l, "unassigned")
        quotes = []
        if size >= 10 and mask_items.any():
            idx = np.flatnonzero(mask_items)
            cen = centroids.get(l, _centroid(data.item_vectors[idx]))
            picks = representative_quotes(items["text"].iloc[idx].tolist(), data.item_vectors[idx], cen, k=5)
            quotes = [{"item_id": int(items["item_id"].iloc[idx[p]]), "text": items["text"].iloc[idx[p]]}
                      for p in picks]
        name = "Unassigned" if l == UNASSIGNED else _unique(auto_name(kw), used_names)
        segments.append({"label": int(l), "key": key, "auto_name": name, "name": names.get(key),
                         "keywords": keywords.get(l, []), "size": size, "share": size / n,
                         "centroid": centroids.get(l), "quotes": quotes,
                         "profile": prof["segments"].get(int(l), {}),
                         "status": "unassigned" if l == UNASSIGNED else "active"})
    _write(engine, run_id, segments, ids, labels, result, items, themes, order)
    metrics = {**result.metrics, "stability_ari": stab, "n_respondents": n, "n_items": len(items),
               "n_segments": len(real), "unassigned_share": float((labels == UNASSIGNED).mean()),
               "lineage": matching.lineage,
               "profile": {"k": prof["k"], "n_tests": prof["n_tests"], "attributes": prof["attributes"],
                           "value_col": value_col, "base": prof["base"], "value": prof["value"]}}
    return {"params": result.params, "metrics": metrics}


def _centroid(V: np.ndarray) -> np.ndarray:
    c = V.mean(axis=0)
    return c / (np.linalg.norm(c) or 1.0)


def _unique(name: str, used: set[str]) -> str:
    base, i = name, 2
    while name in used:
        name, i = f"{base} ({i})", i + 1
    used.add(name)
    return name


def _project_min_cell(engine: Engine, project_id: int) -> int:
    with read_session(engine) as s:
        return int((s.get(Project, project_id).settings or {}).get("min_cell", 5))


def _attributes(people: pd.DataFrame, ids) -> pd.DataFrame:
    frame = pd.DataFrame(list(people["attributes"]), index=list(ids))
    return frame.fillna("").astype(str)


VALUE_HINTS = ("customer_value", "value", "revenue", "clv", "ltv", "spend", "arr", "mrr")


def _value_col(attrs: pd.DataFrame) -> str | None:
    cols = set(attrs.columns)
    for hint in VALUE_HINTS:
        for c in sorted(cols):
            if c.lower().replace(" ", "_") == hint or c.lower().endswith("_" + hint):
                return c
    return None


def _write(engine, run_id, segments, ids, labels, result, items, themes, order) -> None:
    with write_session(engine) as s:
        seg_ids = {}
        for sg in segments:
            cen = sg["centroid"]
            row = Segment(run_id=run_id, key=sg["key"], label=sg["label"], name=sg["name"],
                          auto_name=sg["auto_name"], keywords=[[w, float(v)] for w, v in sg["keywords"]],
                          description={"quotes": sg["quotes"], "profile": sg["profile"]},
                          size=sg["size"], share=sg["share"], status=sg["status"],
                          centroid=None if cen is None else np.asarray(cen, dtype="<f4").tobytes())
            s.add(row)
            s.flush()
            seg_ids[sg["label"]] = row.id
        coords = result.coords_2d
        s.execute(insert(Assignment), [
            {"run_id": run_id, "respondent_id": int(rid), "segment_id": seg_ids.get(int(labels[i])),
             "confidence": float(result.confidence[i]), "origin": str(result.origin[i]),
             "x": float(coords[i, 0]), "y": float(coords[i, 1])} for i, rid in enumerate(ids)])
        s.execute(insert(ItemTheme), [
            {"run_id": run_id, "item_id": int(iid), "theme": int(t)}
            for iid, t in zip(items["item_id"], themes)])
