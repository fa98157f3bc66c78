"""Human review actions. Each one is an append-only :class:`LabelEvent` written in the same
transaction as its effect on the run; segment edits carry a version, so a stale edit raises
:class:`ConflictError` (HTTP 409) instead of silently overwriting someone else's change.

Payloads hold ids and keys (never raw text) plus what is needed to undo the action.
"""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..errors import ConflictError, InputError, NotFoundError
from ..store.engine import read_session, write_session
from ..store.schema import Assignment, Item, LabelEvent, Run, Segment

KINDS = ("rename", "accept_name", "merge", "split", "move", "outlier", "confirm", "pin", "unpin", "undo",
         "accept_emerging", "dismiss_emerging", "value_label")


def _segment(s: Session, segment_id: int, version: int | None = None) -> Segment:
    sg = s.get(Segment, segment_id, with_for_update=True)   # row lock on PostgreSQL: no lost update
    if sg is None:
        raise NotFoundError(f"no segment {segment_id}")
    if version is not None and sg.version != version:
        raise ConflictError(f"segment {segment_id} was changed by someone else (version {sg.version}, "
                            f"yours {version}); reload and try again", current_version=sg.version)
    return sg


def _log(s: Session, run_id: int, user: str, kind: str, payload: dict, undoes: int | None = None) -> int:
    project_id = s.get(Run, run_id).project_id
    ev = LabelEvent(project_id=project_id, run_id=run_id, user=user, kind=kind, payload=payload, undoes=undoes)
    s.add(ev)
    s.flush()
    return ev.id


def _resize(s: Session, run_id: int) -> None:
    counts = dict(s.execute(select(Assignment.segment_id, func.count()).where(Assignment.run_id == run_id)
                            .group_by(Assignment.segment_id)).all())
    total = sum(counts.values()) or 1
    for sg in s.scalars(select(Segment).where(Segment.run_id == run_id)):
        sg.size = int(counts.get(sg.id, 0))
        sg.share = sg.size / total


def _bump(sg: Segment) -> None:
    sg.version = (sg.version or 1) + 1


def _involved(s: Session, run_id: int, respondent_ids: list[int], versions: dict[int, int] | None,
              extra: tuple[int, ...] = ()) -> list[Segment]:
    """The segments a respondent action touches (where the people are now, plus ``extra``), each
    checked against ``versions`` ({segment id: version}); ``None`` skips the check (internal callers)."""
    if versions is None:
        return []
    now = set(s.scalars(select(Assignment.segment_id).where(
        Assignment.run_id == run_id, Assignment.respondent_id.in_(respondent_ids),
        Assignment.segment_id.is_not(None)).distinct()))
    out = []
    for sid in sorted(now | set(extra)):
        if sid not in versions:
            raise InputError(f"versions[{sid}] is required: send the version of every segment the chosen people "
                             f"are in, and of the target (reload the page to get them)")
        out.append(_segment(s, sid, versions[sid]))
    return out


def _bumped(segs: list[Segment]) -> dict[str, int]:
    for sg in segs:
        _bump(sg)
    return {str(sg.id): sg.version for sg in segs}


def rename(engine: Engine, segment_id: int, name: str, *, user: str, version: int | None = None) -> dict:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise InputError("a segment name needs 1 to 200 characters")
    with write_session(engine) as s:
        sg = _segment(s, segment_id, version)
        before = sg.name
        sg.name = name
        _bump(sg)
        ev = _log(s, sg.run_id, user, "rename", {"segment_key": sg.key, "segment_id": sg.id,
                                                  "before": before, "after": name})
        return {"event_id": ev, "segment_id": sg.id, "name": name, "version": sg.version}


def accept_name(engine: Engine, segment_id: int, *, user: str, version: int | None = None) -> dict:
    with write_session(engine) as s:
        sg = _segment(s, segment_id, version)
        before = sg.name
        sg.name = sg.auto_name
        _bump(sg)
        ev = _log(s, sg.run_id, user, "accept_name", {"segment_key": sg.key, "segment_id": sg.id,
                                                       "before": before, "after": sg.auto_name})
        return {"event_id": ev, "segment_id": sg.id, "name": sg.name, "version": sg.version}


def _move(s: Session, run_id: int, respondent_ids: list[int], target: Segment | None, origin: str) -> dict:
    rows = s.execute(select(Assignment.respondent_id, Assignment.segment_id, Assignment.origin,
                            Assignment.confidence).where(Assignment.run_id == run_id,
                                                         Assignment.respondent_id.in_(respondent_ids))).all()
    found = {r.respondent_id for r in rows}
    missing = sorted(set(respondent_ids) - found)
    if missing:
        raise NotFoundError(f"respondent(s) {missing[:10]} are not in run {run_id}")
    before = {str(r.respondent_id): [r.segment_id, r.origin, r.confidence] for r in rows}
    s.execute(update(Assignment).where(Assignment.run_id == run_id, Assignment.respondent_id.in_(respondent_ids))
              .values(segment_id=target.id if target else None, origin=origin, confidence=1.0))
    return before


def _unassigned(s: Session, run_id: int) -> Segment:
    sg = s.scalars(select(Segment).where(Segment.run_id == run_id, Segment.label == -1)).first()
    if sg is None:
        sg = Segment(run_id=run_id, key="unassigned", label=-1, auto_name="Unassigned", status="unassigned",
                     keywords=[], description={})
        s.add(sg)
        s.flush()
    return sg


def move(engine: Engine, run_id: int, respondent_ids: list[int], target_segment_id: int, *, user: str,
         version: int | None = None, versions: dict[int, int] | None = None) -> dict:
    """Move respondents to a segment (a human decision that later runs keep).

    ``version`` is the target's; ``versions`` ({segment id: version}) must then also cover the
    segments the people are in now, so a concurrent move of the same people is a 409."""
    if not respondent_ids:
        raise InputError("choose at least one respondent to move")
    if version is not None:
        versions = {**(versions or {}), target_segment_id: version}
    with write_session(engine) as s:
        target = _segment(s, target_segment_id, (versions or {}).get(target_segment_id))
        if target.run_id != run_id:
            raise InputError("the target segment belongs to another run")
        involved = _involved(s, run_id, respondent_ids, versions, (target.id,))
        before = _move(s, run_id, respondent_ids, target, "human")
        new = _bumped(involved) if involved else _bumped([target])
        _resize(s, run_id)
        ev = _log(s, run_id, user, "move", {"respondent_ids": respondent_ids, "to_key": target.key,
                                             "to_segment_id": target.id, "before": before})
        return {"event_id": ev, "moved": len(respondent_ids), "segment_id": target.id, "version": target.version,
                "versions": new}


def mark_outlier(engine: Engine, run_id: int, respondent_ids: list[int], *, user: str,
                 versions: dict[int, int] | None = None) -> dict:
    """Send respondents to Unassigned; ``versions`` must cover the segments they are in now."""
    with write_session(engine) as s:
        involved = _involved(s, run_id, respondent_ids, versions)
        target = _unassigned(s, run_id)
        before = _move(s, run_id, respondent_ids, target, "human")
        new = _bumped(involved + ([target] if target not in involved and versions is not None else []))
        _resize(s, run_id)
        ev = _log(s, run_id, user, "outlier", {"respondent_ids": respondent_ids, "to_key": "unassigned",
                                                "to_segment_id": target.id, "before": before})
        return {"event_id": ev, "marked": len(respondent_ids), "versions": new}


def confirm(engine: Engine, run_id: int, respondent_ids: list[int], *, user: str,
            versions: dict[int, int] | None = None) -> dict:
    """Confirm respondents where they are: they become labelled examples. ``versions`` must cover
    the segments they are in (a person moved meanwhile is a 409, not a confirmation elsewhere)."""
    with write_session(engine) as s:
        involved = _involved(s, run_id, respondent_ids, versions)
        rows = s.execute(select(Assignment.respondent_id, Assignment.segment_id).where(
            Assignment.run_id == run_id, Assignment.respondent_id.in_(respondent_ids))).all()
        keys = {sid: s.get(Segment, sid).key for _, sid in rows if sid}
        before = {}
        for rid, sid in rows:
            a = s.scalars(select(Assignment).where(Assignment.run_id == run_id, Assignment.respondent_id == rid)).one()
            before[str(rid)] = [a.segment_id, a.origin, a.confidence]
            a.origin, a.confidence = "human", 1.0
        ev = _log(s, run_id, user, "confirm", {"respondent_ids": respondent_ids, "before": before,
                                                "keys": {str(rid): keys.get(sid, "unassigned") for rid, sid in rows}})
        return {"event_id": ev, "confirmed": len(rows), "versions": _bumped(involved)}


def merge(engine: Engine, source_ids: list[int], target_id: int, *, user: str,
          versions: dict[int, int] | None = None) -> dict:
    """Merge segments into ``target_id``; the sources are kept as ``merged`` (for undo and lineage)."""
    sources = [i for i in source_ids if i != target_id]
    if not sources:
        raise InputError("choose at least one other segment to merge into this one")
    if versions is not None:
        missing = [i for i in [target_id, *sources] if i not in versions]
        if missing:
            raise InputError(f"versions[{missing[0]}] is required: send the version of the target and of every "
                             f"segment merged into it (reload the page to get them)")
    versions = versions or {}
    with write_session(engine) as s:
        target = _segment(s, target_id, versions.get(target_id))
        srcs = [_segment(s, i, versions.get(i)) for i in sources]
        if any(x.status in ("merged", "split") for x in srcs + [target]):
            raise ConflictError("a segment that was already merged or split cannot be merged; reload the page")
        if any(x.run_id != target.run_id for x in srcs) or target.label == -1:
            raise InputError("only segments of the same run can be merged, and not into Unassigned")
        before = {}
        for src in srcs:
            rids = list(s.scalars(select(Assignment.respondent_id).where(Assignment.segment_id == src.id)))
            before[str(src.id)] = {"status": src.status, "respondent_ids": rids}
            s.execute(update(Assignment).where(Assignment.segment_id == src.id).values(segment_id=target.id))
            src.status = "merged"
            _bump(src)
        _bump(target)
        _resize(s, target.run_id)
        ev = _log(s, target.run_id, user, "merge", {"into_key": target.key, "into_id": target.id,
                                                     "from_keys": [x.key for x in srcs], "before": before})
        return {"event_id": ev, "segment_id": target.id, "size": target.size, "version": target.version}


def pin_quote(engine: Engine, segment_id: int, item_id: int, *, user: str, pin: bool = True,
              version: int | None = None) -> dict:
    """Pin (or unpin) one of the project's answers as a quote of the segment."""
    with write_session(engine) as s:
        sg = _segment(s, segment_id, version)
        if pin:
            item = s.get(Item, item_id)
            if item is None or item.project_id != s.get(Run, sg.run_id).project_id:
                raise NotFoundError(f"no item {item_id} in this segment's project")
        desc = dict(sg.description or {})
        pinned = [i for i in desc.get("pinned", []) if i != item_id]
        if pin:
            pinned.insert(0, item_id)
        desc["pinned"] = pinned
        sg.description = desc
        _bump(sg)
        ev = _log(s, sg.run_id, user, "pin" if pin else "unpin", {"segment_key": sg.key, "segment_id": sg.id,
                                                                  "item_id": item_id})
        return {"event_id": ev, "pinned": pinned, "version": sg.version}


def undo(engine: Engine, event_id: int, *, user: str) -> dict:
    """Reverse one event (recorded as a new ``undo`` event; the log itself is never edited)."""
    from .undo import reverse  # noqa: PLC0415

    with write_session(engine) as s:
        ev = s.get(LabelEvent, event_id)
        if ev is None:
            raise NotFoundError(f"no event {event_id}")
        if ev.kind == "undo":
            raise InputError("an undo cannot itself be undone; redo the action instead")
        done = s.scalar(select(func.count()).select_from(LabelEvent).where(LabelEvent.undoes == event_id))
        if done:
            raise ConflictError(f"event {event_id} was already undone")
        reverse(s, ev)
        if ev.run_id is None:   # project-level events (value labels) touch no run
            undo_ev = LabelEvent(project_id=ev.project_id, user=user, kind="undo",
                                 payload={"undone_kind": ev.kind}, undoes=event_id)
            s.add(undo_ev)
            s.flush()
            return {"event_id": undo_ev.id, "undid": event_id, "kind": ev.kind}
        _resize(s, ev.run_id)
        new = _log(s, ev.run_id, user, "undo", {"undone_kind": ev.kind}, undoes=event_id)
        return {"event_id": new, "undid": event_id, "kind": ev.kind}


def list_events(engine: Engine, project_id: int, *, before: int | None = None, limit: int = 100) -> dict:
    """The audit log, newest first, keyset-paginated by event id."""
    with read_session(engine) as s:
        q = select(LabelEvent).where(LabelEvent.project_id == project_id)
        if before:
            q = q.where(LabelEvent.id < before)
        rows = s.scalars(q.order_by(LabelEvent.id.desc()).limit(limit + 1)).all()
        undone = set(s.scalars(select(LabelEvent.undoes).where(LabelEvent.project_id == project_id,
                                                               LabelEvent.undoes.is_not(None))))
        page = rows[:limit]
        return {"events": [{"event_id": e.id, "run_id": e.run_id, "user": e.user, "kind": e.kind,
                            "payload": {k: v for k, v in e.payload.items() if k != "before"},
                            "undoes": e.undoes, "undone": e.id in undone,
                            "created_at": e.created_at.isoformat(timespec="seconds") + "Z"} for e in page],
                "next": page[-1].id if len(rows) > limit else None}


def required_version(value, field: str = "version") -> int:
    """A review write's base version from a client (form, JSON body, CLI option): missing or not a
    whole number is an :class:`InputError` naming ``field`` (HTTP 400), so no edit skips the check."""
    if value is None or value == "" or isinstance(value, bool):
        raise InputError(f"{field} is required: send the version your edit is based on "
                         "(reload to get the current one), so nobody's change is silently overwritten")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{field} must be a whole number") from exc


def required_versions(value) -> dict[int, int]:
    """``{segment id: version}`` from a client's ``versions`` map (JSON object)."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise InputError("versions must map segment ids to versions")
    out = {}
    for k, v in value.items():
        try:
            key = int(k)
        except (TypeError, ValueError) as exc:
            raise InputError(f"versions: {k!r} is not a segment id") from exc
        out[key] = required_version(v, f"versions[{key}]")
    return out
