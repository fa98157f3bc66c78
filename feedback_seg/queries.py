"""Read-side queries over runs and segments (the web and CLI share them; no SQL elsewhere)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .errors import NotFoundError
from .store.engine import read_session
from .store.lookup import latest_run, project_by_name, run_by_id
from .store.schema import Assignment, Item, Respondent, Run, Segment


def resolve_run(engine: Engine, project: str | None = None, run_id: int | None = None) -> int:
    with read_session(engine) as s:
        if run_id is not None:
            return run_by_id(s, run_id).id
        return latest_run(s, project_by_name(s, project).id).id


def run_manifest(engine: Engine, run_id: int) -> dict:
    with read_session(engine) as s:
        r = run_by_id(s, run_id)
        return {"run_id": r.id, "project_id": r.project_id, "status": r.status, "seed": r.seed,
                "params": r.params, "model": r.model, "data_hash": r.data_hash, "versions": r.versions,
                "metrics": r.metrics, "created_at": r.created_at.isoformat(),
                "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                "parent_run_id": r.parent_run_id}


def segment_dict(sg: Segment) -> dict:
    d = sg.description or {}
    return {"segment_id": sg.id, "key": sg.key, "label": sg.label, "name": sg.name or sg.auto_name,
            "auto_name": sg.auto_name, "human_name": sg.name, "size": sg.size, "share": round(sg.share, 4),
            "keywords": [w for w, _ in (sg.keywords or [])], "status": sg.status, "version": sg.version,
            "quotes": d.get("quotes", []), "profile": d.get("profile", {}), "values": d.get("values"),
            "needs": d.get("needs"), "sentiment": d.get("sentiment"), "pinned": d.get("pinned", [])}


def list_segments(engine: Engine, run_id: int) -> list[dict]:
    with read_session(engine) as s:
        segs = s.scalars(select(Segment).where(Segment.run_id == run_id,
                                               Segment.status.not_in(("merged", "split")))
                         .order_by(Segment.label == -1, Segment.size.desc())).all()
        return [segment_dict(sg) for sg in segs]


def get_segment(engine: Engine, segment_id: int) -> dict:
    with read_session(engine) as s:
        sg = s.get(Segment, segment_id)
        if sg is None:
            raise NotFoundError(f"no segment {segment_id}")
        return {**segment_dict(sg), "run_id": sg.run_id}


def assignments(engine: Engine, run_id: int) -> list[dict]:
    """One row per respondent: external id, segment key and name, confidence, origin, map position."""
    with read_session(engine) as s:
        rows = s.execute(select(Respondent.external_id, Segment.key, Segment.name, Segment.auto_name,
                                Assignment.confidence, Assignment.origin, Assignment.x, Assignment.y,
                                Assignment.respondent_id)
                         .join(Respondent, Respondent.id == Assignment.respondent_id)
                         .outerjoin(Segment, Segment.id == Assignment.segment_id)
                         .where(Assignment.run_id == run_id).order_by(Assignment.respondent_id)).all()
        return [{"respondent_id": r.respondent_id, "external_id": r.external_id,
                 "segment_key": r.key or "unassigned", "segment": r.name or r.auto_name or "Unassigned",
                 "confidence": round(r.confidence, 4), "origin": r.origin, "x": r.x, "y": r.y} for r in rows]


def segment_members(engine: Engine, segment_id: int, *, after: int = 0, limit: int = 50,
                    search: str | None = None) -> dict:
    """Members of a segment with their (redacted) items, keyset-paginated by respondent id."""
    with read_session(engine) as s:
        sg = s.get(Segment, segment_id)
        if sg is None:
            raise NotFoundError(f"no segment {segment_id}")
        q = (select(Assignment.respondent_id, Respondent.external_id, Assignment.confidence, Assignment.origin)
             .join(Respondent, Respondent.id == Assignment.respondent_id)
             .where(Assignment.segment_id == segment_id, Assignment.respondent_id > after))
        if search:
            sub = select(Item.respondent_id).where(Item.redacted_text.ilike(f"%{search}%"))
            q = q.where(Assignment.respondent_id.in_(sub))
        rows = s.execute(q.order_by(Assignment.respondent_id).limit(limit + 1)).all()
        page = rows[:limit]
        texts: dict[int, list] = {}
        if page:
            for iid, rid, field, question, text in s.execute(
                    select(Item.id, Item.respondent_id, Item.field, Item.question, Item.redacted_text)
                    .where(Item.respondent_id.in_([r.respondent_id for r in page])).order_by(Item.id)):
                texts.setdefault(rid, []).append({"item_id": iid, "field": field, "question": question,
                                                  "text": text})
        return {"members": [{"respondent_id": r.respondent_id, "external_id": r.external_id,
                             "confidence": round(r.confidence, 4), "origin": r.origin,
                             "items": texts.get(r.respondent_id, [])} for r in page],
                "next": page[-1].respondent_id if len(rows) > limit else None}


def run_list(engine: Engine, project: str | None = None) -> list[dict]:
    with read_session(engine) as s:
        pid = project_by_name(s, project).id
        runs = s.scalars(select(Run).where(Run.project_id == pid).order_by(Run.id.desc())).all()
        counts = dict(s.execute(select(Segment.run_id, func.count()).where(Segment.label != -1)
                                .group_by(Segment.run_id)).all())
        return [{"run_id": r.id, "status": r.status, "seed": r.seed, "segments": counts.get(r.id, 0),
                 "unassigned_share": (r.metrics or {}).get("unassigned_share"),
                 "created_at": r.created_at.isoformat(timespec="seconds")} for r in runs]


def item_texts(engine: Engine, item_ids, *, raw: bool = False) -> dict[int, dict]:
    """Items by id: redacted text always; the raw text only when ``raw`` (callers check the role)."""
    ids = [int(i) for i in item_ids]
    out: dict[int, dict] = {}
    with read_session(engine) as s:
        for i in range(0, len(ids), 500):
            for it in s.execute(select(Item.id, Item.respondent_id, Item.field, Item.question, Item.redacted_text,
                                       Item.raw_text).where(Item.id.in_(ids[i:i + 500]))):
                out[it.id] = {"item_id": it.id, "respondent_id": it.respondent_id, "field": it.field,
                              "question": it.question, "text": it.redacted_text,
                              **({"raw_text": it.raw_text} if raw else {})}
    return out


def attribute_keys(engine: Engine, project_id: int) -> list[str]:
    """The attribute names present in a project (the allowlist for filters)."""
    from .ask.search import attribute_keys as _keys  # noqa: PLC0415

    with read_session(engine) as s:
        return _keys(s, project_id)
