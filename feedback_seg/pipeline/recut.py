"""More or fewer segments without recomputing: a run's trees are stored with it
(:class:`~feedback_seg.store.schema.RunHierarchy`), and a *re-cut* reads them.

:func:`at_count` cuts a run's Ward tree at a requested number of segments (``segment --segments
N`` uses it on a fresh run). :func:`recut_run` makes a new run from a finished one at another
count: no embedding, no reduction, no tree building. Profiles, descriptions and names are
recomputed by the same :func:`~.build.build_run` stages a run uses, keyed to the source run, so
human decisions (names, pins, moves, merges) carry over through stable keys exactly as on a
re-run. Values and needs are left out of a re-cut (they would embed statements again);
``add-insights`` adds them afterwards. The new run records ``recut_of`` and the count.
"""
from __future__ import annotations

import io

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import InputError, NotFoundError, PipelineError
from ..store.engine import read_session
from ..store.schema import Assignment, Project, Run, RunHierarchy
from . import hierarchy as hier
from .segment_core import SegmentResult, _metrics, recut
from .stages import StageClock

# run parameters that belong to one run, not to the segmentation a re-cut repeats
RUN_ONLY = ("keys_from", "anchor_run", "events_upto", "recut_of", "n_segments", "requested_segments")


def hierarchy_blob(h: hier.Hierarchy, ids) -> bytes:
    """The arrays of ``h`` and the person ids in tree order, as compressed npz bytes."""
    arrays = {k: (np.asarray(v, dtype=np.float32) if k == "reduced" else np.asarray(v))
              for k, v in h.to_arrays().items()}
    buf = io.BytesIO()
    np.savez_compressed(buf, ids=np.asarray(ids, dtype=np.int64), **arrays)
    return buf.getvalue()


def store_hierarchy(session, run_id: int, h: hier.Hierarchy, ids) -> None:
    """Add ``run_id``'s trees to the session (part of the run's single write)."""
    session.add(RunHierarchy(run_id=run_id, arrays=hierarchy_blob(h, ids), cuts=list(h.cuts),
                             chosen=int(h.chosen), params=_jsonable(h.params)))


def load_hierarchy(engine: Engine, run_id: int) -> tuple[hier.Hierarchy, list[int]]:
    """A run's stored trees and the person ids they are in the order of."""
    with read_session(engine) as s:
        row = s.get(RunHierarchy, run_id)
        if row is None:
            raise PipelineError(f"run {run_id} has no stored cluster tree (made before re-cuts existed, "
                                "or not a segmentation run); segment again to re-cut it")
        blob, cuts, chosen, params = row.arrays, list(row.cuts or []), row.chosen, dict(row.params or {})
    with np.load(io.BytesIO(blob)) as z:
        arrays = {k: z[k] for k in z.files}
    ids = arrays.pop("ids").tolist()
    return hier.Hierarchy.from_arrays(arrays, cuts, chosen, params), ids


def at_count(h: hier.Hierarchy, n_segments: int, X: np.ndarray, *, coords=None, seed: int = 0,
             base_metrics: dict | None = None) -> SegmentResult:
    """The segmentation of ``X`` cut at ``n_segments`` from the stored trees ``h`` (fewer when
    near-duplicate segments merge: ``metrics['recut_note']`` says so)."""
    n_segments = int(n_segments)
    out = recut(h, n_segments, X)
    labels, raw = out["labels"], out["hdbscan_labels"]
    base = dict(base_metrics or {})
    metrics = {**{k: v for k, v in base.items() if k not in ("warning", "count_from_anchor")},
               **_metrics(h.reduced, labels, raw, base.get("relative_validity"), seed)}
    metrics.update(cuts=h.cuts, chosen_cut=h.chosen, requested_segments=n_segments,
                   criterion=f"segment count asked for ({n_segments}); the tree's chosen cut has "
                             f"{h.cuts[h.chosen]['n_segments'] if h.cuts else '?'}",
                   soft_share=float((out["origin"] == "soft").mean()))
    if out["n_segments"] < n_segments:
        metrics["recut_note"] = (f"{n_segments} segments asked for, {out['n_segments']} made: "
                                 + ("near-duplicate segments (centroid cosine >= "
                                    f"{h.params.get('merge_threshold', 0.95)}) were merged"
                                    if n_segments <= len(X) else "there are not that many people"))
    params = {**h.params, "n_segments": n_segments}
    return SegmentResult(labels=labels, hdbscan_labels=raw, confidence=out["confidence"], origin=out["origin"],
                         centroids=out["centroids"], member_similarity=[], coords_2d=coords, params=params,
                         metrics=metrics, hierarchy=h)


def recut_run(engine: Engine, run_id: int, n_segments: int, *, progress=None) -> dict:
    """A new run from finished run ``run_id`` cut at ``n_segments``, reading its stored trees.

    Returns ``run_id`` (the new one), ``recut_of``, ``requested_segments``, ``n_segments`` and,
    when fewer were made, ``note``."""
    from .build import build_run, write_run   # noqa: PLC0415 - build imports this module
    from .dataset import load_run_data   # noqa: PLC0415
    from .manifest import data_hash, package_versions   # noqa: PLC0415
    from .run import MIN_RESPONDENTS, fail_run, start_run   # noqa: PLC0415

    if int(n_segments) < 1:
        raise InputError(f"the number of segments must be at least 1, got {n_segments}")
    progress = progress or (lambda *a: None)
    with read_session(engine) as s:
        src = s.get(Run, run_id)
        if src is None:
            raise NotFoundError(f"no run {run_id}")
        if src.status != "done" or (src.params or {}).get("kind") == "assign":
            raise PipelineError(f"run {run_id} is not a finished segmentation run; re-cut one that is")
        project = s.get(Project, src.project_id).name
        project_id, seed, fingerprint, src_hash = src.project_id, src.seed, src.model, src.data_hash
        src_params, src_metrics = dict(src.params or {}), dict(src.metrics or {})
        coords_of = {int(r): (x, y) for r, x, y in s.execute(
            select(Assignment.respondent_id, Assignment.x, Assignment.y).where(Assignment.run_id == run_id))}
    h, tree_ids = load_hierarchy(engine, run_id)
    params = {**{k: v for k, v in src_params.items() if k not in RUN_ONLY},
              "keys_from": run_id, "recut_of": run_id, "n_segments": int(n_segments)}
    if src_params.get("anchor_run") is not None:
        params["anchor_run"] = src_params["anchor_run"]
    new_id = start_run(engine, project, seed, params)
    clock = StageClock()
    try:
        with clock.stage("load"):
            data = run_people(load_run_data(engine, project_id, fingerprint), tree_ids)
        if len(data.respondents) < MIN_RESPONDENTS:
            raise PipelineError(f"only {len(data.respondents)} respondents have text")
        dhash = data_hash(zip(data.items["respondent_id"], data.items["field"], data.items["text_hash"]))
        if src_hash is not None and dhash != src_hash:
            raise PipelineError(f"the texts of run {run_id}'s people changed since it ran; segment again "
                                "instead of re-cutting")

        def segmenter(Xseg, ids, anchor=None):
            if [int(i) for i in ids] != tree_ids:
                raise PipelineError(f"the people of run {run_id} changed since it ran; "
                                    "segment again instead of re-cutting")
            coords = None
            if all(coords_of.get(int(i), (None, None))[0] is not None for i in ids):
                coords = np.array([coords_of[int(i)] for i in ids], dtype=np.float32)
            return at_count(h, n_segments, Xseg, coords=coords, seed=seed, base_metrics=src_metrics)

        built = build_run(engine, project_id, data, seed=seed, params=params, progress=progress, clock=clock,
                          data_hash=dhash, insights=None, segmenter=segmenter)
        clock.current = "write"
        write_run(engine, new_id, built, data.items, clock=clock,
                  run_fields={"model": fingerprint, "data_hash": dhash, "versions": package_versions()},
                  metrics={"recut_of": run_id, **({"coverage": src_metrics["coverage"]}
                                                  if "coverage" in src_metrics else {})})
    except Exception as exc:
        fail_run(engine, new_id, clock, exc)
        raise
    out = {"run_id": new_id, "recut_of": run_id, "requested_segments": int(n_segments),
           "n_segments": built.metrics["n_segments"],
           "seconds": round(sum(r["seconds"] for r in clock.rows), 3)}
    if built.metrics.get("recut_note"):
        out["note"] = built.metrics["recut_note"]
    return out


def run_people(data, ids):
    """``data`` restricted to the people of a run's tree: a re-cut re-cuts that run's people, and
    people ingested since (or assigned by ``assign``) wait for the next segmentation."""
    keep = set(int(i) for i in ids)
    mask = data.items["respondent_id"].isin(keep).to_numpy()
    data.items = data.items[mask].reset_index(drop=True)
    data.item_vectors = data.item_vectors[mask]
    data.respondents = data.respondents[data.respondents["respondent_id"].isin(keep)].reset_index(drop=True)
    data.no_text = data.no_text[data.no_text["respondent_id"].isin(keep)].reset_index(drop=True)
    return data


def can_recut(engine: Engine, run_id: int) -> bool:
    """Whether a run has stored trees to re-cut."""
    with read_session(engine) as s:
        return s.scalar(select(RunHierarchy.run_id).where(RunHierarchy.run_id == run_id)) is not None


CHOICE_RATIOS = (0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.2, 1.45, 1.75, 2.2, 3.0)


def recut_choices(engine: Engine, run_id: int) -> list[dict]:
    """A few levels of a run's tree around the chosen one (about a quarter to three times its
    count), each with its silhouette, for a "fewer / more segments" control; empty when the run
    has no stored tree (any count can still be asked for). Runs made before levels carried a
    silhouette list their HDBSCAN cuts with the agreement they recorded."""
    with read_session(engine) as s:
        row = s.get(RunHierarchy, run_id)
        if row is None:
            return []
        cuts, chosen = list(row.cuts or []), row.chosen
    levels = [c for c in cuts if c.get("n_segments", 0) >= 1]
    if not levels:
        return []
    k0 = cuts[chosen]["n_segments"] if 0 <= chosen < len(cuts) else levels[0]["n_segments"]
    if "silhouette" in levels[0]:
        picked = {min(levels, key=lambda c: abs(c["n_segments"] - r * k0))["n_segments"] for r in CHOICE_RATIOS}
        levels = [c for c in levels if c["n_segments"] in picked]
    seen, out = set(), []
    for c in sorted(levels, key=lambda c: c["n_segments"]):
        if c["n_segments"] in seen:
            continue
        seen.add(c["n_segments"])
        out.append({"n_segments": c["n_segments"], "silhouette": c.get("silhouette"),
                    "agreement": c.get("agreement"), "min_size": c.get("min_size"),
                    "chosen": c["n_segments"] == k0})
    return out


def _jsonable(params: dict) -> dict:
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in params.items()}
