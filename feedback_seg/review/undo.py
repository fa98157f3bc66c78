"""How each review event is reversed, from the 'before' state its payload recorded."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..errors import ConflictError, InputError
from ..store.schema import Assignment, LabelEvent, Segment


def _restore_assignments(s: Session, run_id: int, before: dict) -> None:
    for rid, (seg_id, origin, conf) in before.items():
        s.execute(update(Assignment).where(Assignment.run_id == run_id, Assignment.respondent_id == int(rid))
                  .values(segment_id=seg_id, origin=origin, confidence=conf))


def reverse(s: Session, ev: LabelEvent) -> None:
    p = ev.payload or {}
    if ev.kind in ("rename", "accept_name"):
        sg = s.get(Segment, p["segment_id"])
        sg.name = p.get("before")
        sg.version += 1
    elif ev.kind in ("move", "outlier", "confirm"):
        _restore_assignments(s, ev.run_id, p.get("before", {}))
    elif ev.kind == "merge":
        for sid, info in p.get("before", {}).items():
            src = s.get(Segment, int(sid))
            src.status = info["status"]
            src.version += 1
            if info["respondent_ids"]:
                s.execute(update(Assignment).where(Assignment.run_id == ev.run_id,
                                                   Assignment.respondent_id.in_(info["respondent_ids"]))
                          .values(segment_id=src.id))
        s.get(Segment, p["into_id"]).version += 1
    elif ev.kind == "split":
        for sid in p.get("new_segment_ids", []):
            sg = s.get(Segment, sid)
            sg.status = "merged"
        _restore_assignments(s, ev.run_id, p.get("before", {}))
        parent = s.get(Segment, p["segment_id"])
        parent.status = "active"
        parent.version += 1
    elif ev.kind in ("pin", "unpin"):
        sg = s.get(Segment, p["segment_id"])
        desc = dict(sg.description or {})
        pinned = [i for i in desc.get("pinned", []) if i != p["item_id"]]
        if ev.kind == "unpin":
            pinned.insert(0, p["item_id"])
        desc["pinned"] = pinned
        sg.description = desc
        sg.version += 1
    elif ev.kind in ("accept_emerging", "dismiss_emerging"):
        _reopen_emerging(s, ev)
    elif ev.kind == "value_label":
        return   # an undone label is simply not learned from (see review/value_labels.py)
    else:
        raise InputError(f"events of kind {ev.kind!r} cannot be undone")


def _reopen_emerging(s: Session, ev: LabelEvent) -> None:
    """The segment is offered again: status ``emerging`` and its members' placements as recorded."""
    sg = s.get(Segment, ev.payload["segment_id"])
    if sg.status != ("active" if ev.kind == "accept_emerging" else "dismissed"):
        raise ConflictError(f"segment {sg.id} changed since (now {sg.status}); it cannot be reopened")
    sg.status = "emerging"
    sg.version += 1
    _restore_assignments(s, ev.run_id, ev.payload.get("before", {}))
