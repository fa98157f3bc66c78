"""Turn loaded run data into stored segments: cluster people (anchored on the previous run when the
data or parameters changed, see :mod:`.anchor`), key them (:mod:`.lineage`: returning people stay in
their previous segment on a near-tie), apply human decisions (:mod:`.decisions`), describe, profile
and add insights (:mod:`.summarise`), then write it all with the run marked done (:func:`write_run`)."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..store.engine import read_session, write_session
from ..store.schema import Assignment, ItemTheme, Project, Run, Segment, utcnow
from .anchor import anchor_labels, choose_anchor
from .attitudes import closed_only_people, people_vectors
from .dataset import RunData
from .decisions import UNASSIGNED_KEY, Applied, apply_decisions, load_decisions
from .describe import keyword_overlap
from .insights import empty_insights, value_led_names
from .lineage import PrevSegment, match_segments, previous_keys, sticky_keys
from .respondents import respondent_vectors
from .hierarchy import Hierarchy
from .recut import at_count, store_hierarchy
from .segment_core import segment_embeddings, stability
from .stages import StageClock
from .summarise import summarise_segments

UNASSIGNED = -1
SEGMENT_PARAMS = ("reducer", "n_components", "n_neighbors", "min_cluster_size", "min_samples",
                  "cluster_selection", "soft_threshold")


def segment_params(params: dict) -> dict:
    """The parameters that :func:`segment_embeddings` takes (seed excluded)."""
    return {k: params[k] for k in SEGMENT_PARAMS if params.get(k) is not None}


def previous_run_id(engine: Engine, project_id: int, before_run_id: int) -> int | None:
    """The latest finished run before ``before_run_id``: the one new keys are matched against."""
    with read_session(engine) as s:
        return s.scalar(select(Run.id).where(Run.project_id == project_id, Run.status == "done",
                                             Run.id < before_run_id).order_by(Run.id.desc()).limit(1))


def prev_segments(engine: Engine, run_id: int | None) -> tuple[list[PrevSegment], dict]:
    """A run's segments as the model made them (for key matching), and their human names.

    Members are the model's members recorded at build time (``description['model_members']``),
    so merged-away segments still match; runs without that record fall back to assignments.
    """
    if run_id is None:
        return [], {}
    with read_session(engine) as s:
        segs = s.scalars(select(Segment).where(Segment.run_id == run_id, Segment.label != UNASSIGNED,
                                               Segment.status.in_(("active", "merged")))
                         .order_by(Segment.id)).all()
        current: dict[int, set] = {sg.id: set() for sg in segs}
        for rid, sid in s.execute(select(Assignment.respondent_id, Assignment.segment_id)
                                  .where(Assignment.run_id == run_id)):
            if sid in current:
                current[sid].add(rid)
        out = []
        for sg in segs:
            recorded = (sg.description or {}).get("model_members")
            members = set(recorded) if recorded is not None else current[sg.id]
            out.append(PrevSegment(key=sg.key, members=members,
                                   centroid=np.frombuffer(sg.centroid, dtype="<f4") if sg.centroid else None))
        return out, {sg.key: sg.name for sg in segs if sg.name}


@dataclass
class BuiltRun:
    """Everything a run writes: segment rows, one label per person, and the run's record."""

    segments: list[dict]
    ids: list
    labels: np.ndarray
    applied: Applied
    coords: np.ndarray | None
    themes: np.ndarray
    params: dict
    metrics: dict
    hierarchy: Hierarchy | None = None


def build_run(engine: Engine, project_id: int, data: RunData, *, seed: int, params: dict, progress,
              clock: StageClock, data_hash: str | None = None, insights: dict | None = None,
              segmenter=None) -> BuiltRun:
    """Segment, key, apply decisions, describe, profile and (with ``insights``) add values, needs
    and sentiment; nothing is written (see :func:`write_run`). ``params['n_segments']`` cuts the
    tree at that count instead of the chosen one; ``segmenter(X, ids, anchor)`` replaces the
    clustering (a re-cut: :mod:`.recut`), and then no stability is recomputed."""
    items = data.items
    ids, X = respondent_vectors(data.item_vectors, items["respondent_id"].tolist(), items["field"].tolist())
    closed_only = closed_only_people(data.no_text, ids, params.get("segment_inputs"))
    if closed_only:     # no text, but they answered the chosen attitude questions: segmented on those
        ids = list(ids) + closed_only
        X = np.vstack([X, np.zeros((len(closed_only), X.shape[1]), dtype=X.dtype)])
        data.respondents = pd.concat([data.respondents, data.no_text[data.no_text["respondent_id"].isin(
            set(closed_only))]], ignore_index=True)
    n = len(ids)
    # clustered on text + chosen attitude answers; centroids, quotes and lineage stay in text space
    Xseg, inputs = people_vectors(X, ids, data.respondents, params.get("segment_inputs"), params.get("input_weight"))
    seg_params = segment_params(params)
    anchor_run = choose_anchor(engine, params, data_hash=data_hash, seed=seed, n=n, seg_params=seg_params)
    # segment_embeddings reduces, clusters and draws the 2-D map in one call: one stage row for all
    with clock.stage("reduce+cluster" if segmenter is None else "recut", n=n):
        anchor = anchor_labels(engine, anchor_run, ids)
        if segmenter is not None:
            result = segmenter(Xseg, ids, anchor)
        else:
            result = segment_embeddings(Xseg, seed=seed, anchor=anchor, **seg_params)
            if params.get("n_segments"):
                result = at_count(result.hierarchy, int(params["n_segments"]), Xseg, coords=result.coords_2d,
                                  seed=seed, base_metrics=result.metrics)
    progress("segment", 0.6, "checking stability across seeds")
    n_seeds = int(params.get("stability_seeds", 3)) if segmenter is None else 0
    stab = None
    if n_seeds > 1:
        with clock.stage("stability", n=n * n_seeds):
            stab = stability(Xseg, seeds=tuple(range(seed, seed + n_seeds)), **seg_params)
    with clock.stage("lineage", n=n):
        model_labels = np.asarray(result.labels)
        real = sorted(set(model_labels.tolist()) - {UNASSIGNED})
        id_arr = np.asarray(ids)
        model_members = {l: set(id_arr[model_labels == l].tolist()) for l in real}
        model_centroids = {l: _centroid(X[model_labels == l]) for l in real}
        prev, prev_names = prev_segments(engine, params.get("keys_from"))
        matching = match_segments(prev, model_centroids, model_members)
        model_keys = [matching.keys.get(int(l), UNASSIGNED_KEY) for l in model_labels]
        kept_keys = sticky_keys(ids, model_keys, X, previous_keys(prev),
                                {matching.keys[l]: model_centroids[l] for l in real}) if prev else model_keys
    with clock.stage("decisions", n=n):
        decisions = load_decisions(engine, project_id, params.get("events_upto"))
        applied = apply_decisions(decisions, ids, kept_keys, result.origin, result.confidence)
        labels, key_of = final_labels(applied.keys, model_labels, model_keys)
    real = sorted(k for k in key_of if k != UNASSIGNED)
    centroids = {l: _centroid(X[labels == l]) for l in real}
    by_key_model = {matching.keys[l]: model_members[l] for l in model_members}

    progress("describe", 0.0, "keywords, quotes, names, profiles" + (" and insights" if insights else ""))
    k = int(params.get("min_cell", _project_min_cell(engine, project_id)))
    summary = summarise_segments(data, ids, labels, k=k, seed=seed, centroids=centroids, insights=insights,
                                 clock=clock)
    segments = []
    for l, row in summary.segments.items():
        key = key_of[l]
        segments.append({**row, "key": key, "centroid": centroids.get(l),
                         "name": decisions.names.get(key, prev_names.get(key)) if l != UNASSIGNED else None,
                         "pinned": decisions.pins.get(key, []), "model_members": sorted(by_key_model.get(key, ())),
                         "status": "unassigned" if l == UNASSIGNED else "active"})
    empty = empty_insights(insights["frameworks"]) if insights else {}
    segments += [{**row, **empty} for row in _merged_rows(applied, matching.keys, model_members, model_centroids,
                                                          decisions, first_label=int(labels.max()) + 1)]
    if insights:
        value_led_names(segments)
    metrics = {**result.metrics, "stability_ari": stab, "n_respondents": n, "n_items": len(items),
               "closed_only": len(closed_only),
               "n_segments": len(real), "unassigned_share": float((labels == UNASSIGNED).mean()),
               "lineage": matching.lineage,
               "decisions": {**decisions.to_dict(), "placed": applied.n_placed,
                             "recreated": applied.recreated, "merged_away": applied.merged_away},
               "profile": summary.profile,
               # top-10 keyword overlap between any two segments (keys), near-duplicates listed
               "keyword_overlap": keyword_overlap({s["key"]: s["keywords"] for s in segments
                                                   if s["label"] != UNASSIGNED and s.get("status") == "active"})}
    run_params = {**result.params, "events_upto": decisions.upto_event_id,
                  "keys_from": params.get("keys_from"), "anchor_run": anchor_run, **inputs}
    return BuiltRun(segments=segments, ids=ids, labels=labels, applied=applied, coords=result.coords_2d,
                    themes=summary.themes, params=run_params, metrics=metrics, hierarchy=result.hierarchy)


def final_labels(keys: list[str], model_labels: np.ndarray,
                 model_keys: list[str]) -> tuple[np.ndarray, dict[int, str]]:
    """Integer labels for the final keys: a key keeps its own model label (else the smallest model
    label among its members); keys only humans made get new labels in key order."""
    label_of: dict[str, int] = {UNASSIGNED_KEY: UNASSIGNED}
    for key, mk, l in sorted(zip(keys, model_keys, model_labels.tolist()), key=lambda r: (r[0] != r[1], r[2])):
        if l != UNASSIGNED and key not in label_of and l not in label_of.values():
            label_of[key] = int(l)
    nxt = int(model_labels.max()) + 1 if len(model_labels) else 0
    for key in sorted(set(keys) - set(label_of)):
        label_of[key] = nxt
        nxt += 1
    labels = np.array([label_of[k] for k in keys], dtype=np.int64)
    present = set(labels.tolist())
    return labels, {l: k for k, l in label_of.items() if l in present}


def _merged_rows(applied: Applied, keys: dict, members: dict, centroids: dict, decisions,
                 first_label: int) -> list[dict]:
    """Rows for model segments that a human merge folded away: kept (size 0, status 'merged')
    with their model members and centroid so the next run matches them and re-applies the merge."""
    rows = []
    for l, key in sorted(keys.items()):
        if key in applied.merged_away:
            rows.append({"label": first_label + len(rows), "key": key, "auto_name": f"Merged into {decisions.final_key(key)}",
                         "name": decisions.names.get(key), "keywords": [], "size": 0, "share": 0.0,
                         "centroid": centroids[l], "quotes": [], "profile": {}, "pinned": [],
                         "model_members": sorted(members[l]), "status": "merged"})
    return rows


def _centroid(V: np.ndarray) -> np.ndarray:
    c = V.mean(axis=0)
    return (c / (np.linalg.norm(c) or 1.0)).astype(np.float32)


def _project_min_cell(engine: Engine, project_id: int) -> int:
    with read_session(engine) as s:
        return int((s.get(Project, project_id).settings or {}).get("min_cell", 5))


def write_run(engine: Engine, run_id: int, built: BuiltRun, items, *, run_fields: dict, metrics: dict,
              clock: StageClock) -> None:
    """The run's single write: segments, assignments and item themes, then the run row itself,
    marked ``done`` last, in one transaction (a failure leaves nothing of it)."""
    ids, labels, applied, coords = built.ids, built.labels, built.applied, built.coords
    start = time.perf_counter()
    with write_session(engine) as s:
        seg_ids = {}
        for sg in built.segments:
            cen = sg["centroid"]
            desc = {"quotes": sg["quotes"], "profile": sg["profile"], "pinned": sg["pinned"],
                    "model_members": sg["model_members"]}
            desc.update({f: sg[f] for f in INSIGHT_FIELDS if f in sg})
            row = Segment(run_id=run_id, key=sg["key"], label=sg["label"], name=sg["name"],
                          auto_name=sg["auto_name"], keywords=[[w, float(v)] for w, v in sg["keywords"]],
                          description=desc, size=sg["size"], share=sg["share"], status=sg["status"],
                          centroid=None if cen is None else np.asarray(cen, dtype="<f4").tobytes())
            s.add(row)
            s.flush()
            if sg["status"] != "merged":
                seg_ids[sg["label"]] = row.id
        s.execute(insert(Assignment), [
            {"run_id": run_id, "respondent_id": int(rid), "segment_id": seg_ids.get(int(labels[i])),
             "confidence": float(applied.confidence[i]), "origin": str(applied.origin[i]),
             "x": None if coords is None else float(coords[i, 0]),
             "y": None if coords is None else float(coords[i, 1])} for i, rid in enumerate(ids)])
        s.execute(insert(ItemTheme), [
            {"run_id": run_id, "item_id": int(iid), "theme": int(t)}
            for iid, t in zip(items["item_id"], built.themes)])
        if built.hierarchy is not None:
            store_hierarchy(s, run_id, built.hierarchy, ids)
        s.flush()
        clock.add("write", time.perf_counter() - start, len(ids))
        run = s.get(Run, run_id)
        for field_name, value in run_fields.items():
            setattr(run, field_name, value)
        run.params = {**(run.params or {}), **built.params}
        run.metrics = {**built.metrics, **metrics, "stages": clock.rows}
        run.finished_at = utcnow()
        run.status = "done"


INSIGHT_FIELDS = ("values", "needs", "sentiment")
