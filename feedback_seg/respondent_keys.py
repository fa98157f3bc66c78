"""Respondents by what users see: their external id, or a search over their (redacted) answers.

The review UI never asks for the store's internal integer id; it resolves visible keys here.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from .errors import InputError
from .store.engine import read_session
from .store.schema import Assignment, Item, Respondent, Run, Segment

PICK_LIMIT = 20


def _keys(value) -> list[str]:
    if value in (None, ""):
        return []
    parts = value if isinstance(value, list) else str(value).replace(";", ",").replace("\n", ",").split(",")
    return [str(p).strip() for p in parts if str(p).strip()]


def resolve_external_ids(engine: Engine, run_id: int, keys) -> list[int]:
    """Internal ids of the run's respondents with these external ids; an unknown one is an error naming it."""
    wanted = _keys(keys)
    if not wanted:
        return []
    with read_session(engine) as s:
        pid = s.scalar(select(Run.project_id).where(Run.id == run_id))
        found: dict[str, int] = {}
        for i in range(0, len(wanted), 500):
            rows = s.execute(select(Respondent.external_id, Respondent.id).join(
                Assignment, (Assignment.respondent_id == Respondent.id) & (Assignment.run_id == run_id)).where(
                Respondent.project_id == pid, Respondent.external_id.in_(wanted[i:i + 500])))
            found.update({ext: rid for ext, rid in rows})
    missing = [k for k in wanted if k not in found]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise InputError(f"no respondent in this run with the id {shown}")
    return [found[k] for k in dict.fromkeys(wanted)]


def pick_respondents(engine: Engine, run_id: int, query: str, limit: int = PICK_LIMIT) -> list[dict]:
    """For the picker: the run's respondents whose external id starts with, or whose answers
    contain, ``query`` — each with external id, segment and a snippet of what they wrote."""
    q = (query or "").strip()
    if not q:
        return []
    with read_session(engine) as s:
        pid = s.scalar(select(Run.project_id).where(Run.id == run_id))
        by_id = select(Respondent.id).where(Respondent.project_id == pid, Respondent.external_id.ilike(f"{q}%"))
        by_text = select(Item.respondent_id).where(Item.project_id == pid, Item.redacted_text.ilike(f"%{q}%"))
        rows = s.execute(
            select(Respondent.id, Respondent.external_id, Segment.name, Segment.auto_name, Segment.label)
            .join(Assignment, (Assignment.respondent_id == Respondent.id) & (Assignment.run_id == run_id))
            .outerjoin(Segment, Segment.id == Assignment.segment_id)
            .where(Respondent.id.in_(by_id) | Respondent.id.in_(by_text))
            .order_by(Respondent.external_id).limit(limit)).all()
        ids = [r.id for r in rows]
        texts: dict[int, str] = {}
        if ids:
            for rid, text in s.execute(select(Item.respondent_id, Item.redacted_text)
                                       .where(Item.respondent_id.in_(ids)).order_by(Item.id)):
                if text and (rid not in texts or (q.lower() in text.lower() and q.lower() not in texts[rid].lower())):
                    texts[rid] = text
    out = []
    for r in rows:
        text = texts.get(r.id, "")
        at = text.lower().find(q.lower())
        start = max(0, at - 40) if at >= 0 else 0
        snippet = ("…" if start else "") + text[start:start + 140] + ("…" if len(text) > start + 140 else "")
        out.append({"external_id": r.external_id,
                    "segment": "Unassigned" if r.label in (None, -1) else (r.name or r.auto_name),
                    "snippet": snippet})
    return out
