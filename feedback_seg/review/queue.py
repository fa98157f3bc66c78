"""The review queue and filtered selections for bulk actions.

The queue lists the people a reviewer should look at first. ``mode='uncertain'`` (default):
Unassigned, then the rest by ascending confidence. ``mode='spread'``: for each segment (largest
first, Unassigned last), ``per_segment`` members that spread over it (see :mod:`.sampling`) — the
quickest way to check what a segment holds and to teach the assigner all of it. People a human
already placed (origin ``human``) have left the queue. Each entry carries the person's redacted
items and the three segments their vector is closest to.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import InputError, NotFoundError
from ..pipeline.dataset import load_run_data
from ..pipeline.respondents import respondent_vectors
from ..store.engine import read_session
from ..store.schema import Assignment, Item, LabelEvent, Respondent, Run, Segment
from .sampling import spread_sample

N_CANDIDATES = 3
QUEUE_MODES = ("uncertain", "spread")
DEFAULT_PER_SEGMENT = 20
MAX_PER_SEGMENT = 200


def _run(s, run_id: int) -> Run:
    run = s.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"no run {run_id}")
    return run


def _vectors(engine: Engine, run: dict) -> tuple[dict[int, int], np.ndarray] | None:
    """Respondent id -> row, and the respondent vectors of the run's project (None without any)."""
    if not run["model"]:
        return None
    data = load_run_data(engine, run["project_id"], run["model"])
    if not len(data.items):
        return None
    ids, X = respondent_vectors(data.item_vectors, data.items["respondent_id"].tolist(),
                                data.items["field"].tolist())
    return {rid: i for i, rid in enumerate(ids)}, X


def _spread_keys(vec, run: dict, rows, segs: dict, per_segment: int) -> dict[int, tuple]:
    """Sort key (segment rank, place in its spread, id) for the people in each segment's spread.
    The spread is taken over all of a segment's members, so one a reviewer places leaves the queue
    without reshuffling the rest."""
    by_seg: dict = {}
    for r in rows:
        by_seg.setdefault(r.segment_id, []).append(r.respondent_id)
    label = {sid: sg["label"] for sid, sg in segs.items()}
    order = sorted(by_seg, key=lambda sid: (label.get(sid, -1) == -1, -len(by_seg[sid]), label.get(sid, -1)))
    out: dict[int, tuple] = {}
    for rank, sid in enumerate(order):
        people = sorted(by_seg[sid])
        if vec is not None and all(p in vec[0] for p in people):
            picks = spread_sample(vec[1][[vec[0][p] for p in people]], per_segment, seed=run["seed"])
        else:
            picks = np.arange(min(per_segment, len(people)))
        for place, i in enumerate(picks):
            out[people[i]] = (rank, float(place), people[i])
    return out


def _candidates(vec, people: list[int], assigned: dict[int, int | None],
                segments: dict[int, str]) -> dict[int, list[dict]]:
    """Top segments by cosine similarity of each person's vector to segment centroids (current members)."""
    if not people or not segments or vec is None:
        return {}
    row, X = vec
    seg_ids, cents = [], []
    for sid in segments:
        rows = [row[r] for r, a in assigned.items() if a == sid and r in row]
        if rows:
            c = X[rows].mean(axis=0)
            seg_ids.append(sid)
            cents.append(c / (np.linalg.norm(c) or 1.0))
    if not cents:
        return {}
    C = np.vstack(cents)
    out = {}
    for rid in people:
        if rid not in row:
            continue
        sims = C @ X[row[rid]]
        top = np.argsort(-sims, kind="stable")[:N_CANDIDATES]
        out[rid] = [{"segment_id": seg_ids[j], "name": segments[seg_ids[j]], "score": round(float(sims[j]), 4)}
                    for j in top]
    return out


def review_queue(engine: Engine, run_id: int, *, after: tuple | list | None = None, limit: int = 50,
                 mode: str = "uncertain", per_segment: int = DEFAULT_PER_SEGMENT) -> dict:
    """One page of the queue (``mode`` 'uncertain' or 'spread', see the module): ``{entries, next, remaining}``.

    ``next`` is the sort key of the last entry (pass it back as ``after``), or ``None``.
    Each entry: respondent_id, external_id, segment_id, segment, unassigned, confidence, origin,
    items [{item_id, field, question, text}] (redacted), candidates [{segment_id, name, score}].
    """
    if mode not in QUEUE_MODES:
        raise InputError(f"queue mode must be one of {', '.join(QUEUE_MODES)}, not {mode!r}")
    if not 1 <= int(per_segment) <= MAX_PER_SEGMENT:
        raise InputError(f"per_segment must be between 1 and {MAX_PER_SEGMENT}")
    if after is not None:
        try:
            after = (int(after[0]), float(after[1]), int(after[2]))
        except (TypeError, ValueError, IndexError) as exc:
            raise InputError("invalid queue position") from exc
    with read_session(engine) as s:
        r0 = _run(s, run_id)
        run = {"model": r0.model, "project_id": r0.project_id, "seed": int(r0.seed or 0)}
        segs = {sg.id: {"label": sg.label, "status": sg.status, "name": sg.name or sg.auto_name or sg.key}
                for sg in s.scalars(select(Segment).where(Segment.run_id == run_id))}
        rows = s.execute(select(Assignment.respondent_id, Assignment.segment_id, Assignment.confidence,
                                Assignment.origin, Respondent.external_id)
                         .join(Respondent, Respondent.id == Assignment.respondent_id)
                         .where(Assignment.run_id == run_id)).all()
        assigned = {r.respondent_id: r.segment_id for r in rows}

        def key(r):
            sg = segs.get(r.segment_id)
            return (1 if sg is not None and sg["label"] != -1 else 0, round(float(r.confidence), 6), r.respondent_id)

        open_rows = [r for r in rows if r.origin != "human"]
        vec = _vectors(engine, run) if mode == "spread" else None
        if mode == "spread":
            spread = _spread_keys(vec, run, rows, segs, int(per_segment))
            todo = sorted(((spread[r.respondent_id], r) for r in open_rows if r.respondent_id in spread),
                          key=lambda t: t[0])
        else:
            todo = sorted(((key(r), r) for r in open_rows), key=lambda t: t[0])
        if after is not None:
            todo = [t for t in todo if t[0] > after]
        page = todo[:limit]
        people = [r.respondent_id for _, r in page]
        items: dict[int, list] = {}
        if people:
            for iid, rid, field, question, text in s.execute(
                    select(Item.id, Item.respondent_id, Item.field, Item.question, Item.redacted_text)
                    .where(Item.respondent_id.in_(people), Item.redacted_text.is_not(None)).order_by(Item.id)):
                items.setdefault(rid, []).append({"item_id": iid, "field": field, "question": question,
                                                  "text": text})
        live = {sid: sg["name"] for sid, sg in segs.items() if sg["label"] != -1 and sg["status"] == "active"}
    if vec is None and people:
        vec = _vectors(engine, run)
    cands = _candidates(vec, people, assigned, live)
    entries = []
    for k, r in page:
        sg = segs.get(r.segment_id)
        entries.append({"respondent_id": r.respondent_id, "external_id": r.external_id,
                        "segment_id": r.segment_id, "unassigned": sg is None or sg["label"] == -1,
                        "segment": sg["name"] if sg is not None else "Unassigned",
                        "confidence": round(float(r.confidence), 4), "origin": r.origin,
                        "items": items.get(r.respondent_id, []), "candidates": cands.get(r.respondent_id, [])})
    return {"entries": entries, "next": list(page[-1][0]) if len(todo) > limit else None,
            "remaining": len(todo)}


def select_respondents(engine: Engine, run_id: int, segment_id: int | None = None,
                       max_confidence: float | None = None, search: str | None = None,
                       origin: str | None = None) -> list[int]:
    """Respondent ids of a run matching every given filter (for bulk move / outlier / confirm)."""
    with read_session(engine) as s:
        _run(s, run_id)
        q = select(Assignment.respondent_id).where(Assignment.run_id == run_id)
        if segment_id is not None:
            sg = s.get(Segment, int(segment_id))
            if sg is None or sg.run_id != run_id:
                raise NotFoundError(f"no segment {segment_id} in run {run_id}")
            cond = Assignment.segment_id == sg.id
            q = q.where(cond | Assignment.segment_id.is_(None) if sg.label == -1 else cond)
        if max_confidence is not None:
            q = q.where(Assignment.confidence <= float(max_confidence))
        if origin:
            q = q.where(Assignment.origin == origin)
        if search:
            q = q.where(Assignment.respondent_id.in_(
                select(Item.respondent_id).where(Item.redacted_text.ilike(f"%{search}%"))))
        return sorted(s.scalars(q))


def get_event(engine: Engine, event_id: int) -> dict:
    """One audit event's id, project, run, kind and user (to check access before an undo)."""
    with read_session(engine) as s:
        ev = s.get(LabelEvent, event_id)
        if ev is None:
            raise NotFoundError(f"no event {event_id}")
        return {"event_id": ev.id, "project_id": ev.project_id, "run_id": ev.run_id, "kind": ev.kind,
                "user": ev.user}
