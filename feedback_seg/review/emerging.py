"""Humans decide on emerging segments (groups of new people no segment explained): accept or dismiss."""
from __future__ import annotations

from sqlalchemy import select, update

from ..errors import InputError
from ..store.engine import write_session
from ..store.schema import Assignment, LabelEvent, Run, Segment
from .events import _segment


def accept_emerging(engine, segment_id: int, *, user: str, version: int | None = None) -> dict:
    """Accept an emerging segment: it becomes active and its members human-placed (kept by later runs)."""
    return _decide_emerging(engine, segment_id, user=user, accept=True, version=version)


def dismiss_emerging(engine, segment_id: int, *, user: str, version: int | None = None) -> dict:
    """Dismiss an emerging segment: its members go to Unassigned."""
    return _decide_emerging(engine, segment_id, user=user, accept=False, version=version)


def _decide_emerging(engine, segment_id: int, *, user: str, accept: bool, version: int | None) -> dict:
    with write_session(engine) as s:
        sg = _segment(s, segment_id, version)   # a stale version: ConflictError (409)
        if sg.status != "emerging":
            raise InputError(f"segment {segment_id} is {sg.status}, not emerging")
        rows = s.execute(select(Assignment.respondent_id, Assignment.origin, Assignment.confidence)
                         .where(Assignment.segment_id == sg.id)).all()
        rids = [int(r.respondent_id) for r in rows]
        before = {str(r.respondent_id): [sg.id, r.origin, r.confidence] for r in rows}
        if accept:
            sg.status = "active"
            s.execute(update(Assignment).where(Assignment.segment_id == sg.id).values(origin="human", confidence=1.0))
        else:
            sg.status = "dismissed"
            un = s.scalars(select(Segment).where(Segment.run_id == sg.run_id, Segment.label == -1)).first()
            s.execute(update(Assignment).where(Assignment.segment_id == sg.id)
                      .values(segment_id=un.id if un else None, origin="unassigned"))
            if un is not None:
                un.size += sg.size
            sg.size, sg.share = 0, 0.0
        sg.version = (sg.version or 1) + 1
        kind = "accept_emerging" if accept else "dismiss_emerging"
        ev = LabelEvent(project_id=s.get(Run, sg.run_id).project_id, run_id=sg.run_id, user=user, kind=kind,
                        payload={"segment_key": sg.key, "segment_id": sg.id, "respondent_ids": rids,
                                 "before": before})
        s.add(ev)
        s.flush()
        return {"event_id": ev.id, "segment_id": sg.id, "status": sg.status, "members": len(rids)}
