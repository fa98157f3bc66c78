"""The human decisions in force, derived from the event log, and how a new run keeps them.

:func:`load_decisions` replays a project's review events (undone ones excluded) up to an event id
into a :class:`Decisions`: names and pins by segment key, merges (from key -> into key) and
placements (respondent id -> key, or ``'unassigned'`` for outliers;
moves, outliers, confirmations, split parts and accepted emerging segments all place people). :func:`apply_decisions` is
the pure step that ``build_run`` runs after key matching: merged keys stay merged, placed people
are forced into their key's segment (re-created from them when the new clustering has no such
segment). Same clustering + same decisions = same result, so a run can be rebuilt exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..store.engine import read_session
from ..store.schema import Assignment, LabelEvent, Segment

UNASSIGNED_KEY = "unassigned"


@dataclass
class Decisions:
    """What humans decided, by stable key. ``upto_event_id`` is the last event taken into account."""

    names: dict[str, str] = field(default_factory=dict)
    merges: dict[str, str] = field(default_factory=dict)
    placements: dict[int, str] = field(default_factory=dict)
    pins: dict[str, list[int]] = field(default_factory=dict)
    upto_event_id: int = 0

    def final_key(self, key: str) -> str:
        """Follow merges to the segment a key now lives in (cycles stop where they started)."""
        seen = {key}
        while key in self.merges and self.merges[key] not in seen:
            key = self.merges[key]
            seen.add(key)
        return key

    def to_dict(self) -> dict:
        return {"names": self.names, "merges": self.merges, "pins": self.pins,
                "placements": len(self.placements), "upto_event_id": self.upto_event_id}


def last_event_id(engine: Engine, project_id: int) -> int:
    with read_session(engine) as s:
        return int(s.scalar(select(func.max(LabelEvent.id)).where(LabelEvent.project_id == project_id)) or 0)


def load_decisions(engine: Engine, project_id: int, upto_event_id: int | None = None) -> Decisions:
    """Replay the project's events with id <= ``upto_event_id`` (default: all), skipping undone ones."""
    with read_session(engine) as s:
        q = select(LabelEvent).where(LabelEvent.project_id == project_id)
        if upto_event_id is not None:
            q = q.where(LabelEvent.id <= upto_event_id)
        events = [(e.id, e.kind, dict(e.payload or {}), e.undoes) for e in s.scalars(q.order_by(LabelEvent.id))]
        for _, kind, p, _ in events:
            if kind == "split" and "groups" not in p:
                p["groups"] = _split_groups(s, p.get("new_segment_ids", []))
    undone = {u for _, kind, _, u in events if kind == "undo" and u is not None}
    d = Decisions(upto_event_id=max((i for i, *_ in events), default=upto_event_id or 0))
    for eid, kind, p, _ in events:
        if kind != "undo" and eid not in undone:
            _replay(d, kind, p)
    return d


def _replay(d: Decisions, kind: str, p: dict) -> None:
    if kind in ("rename", "accept_name") and p.get("segment_key"):
        if p.get("after"):
            d.names[p["segment_key"]] = p["after"]
        else:
            d.names.pop(p["segment_key"], None)
    elif kind == "merge":
        into = p["into_key"]
        for k in p.get("from_keys", []):
            if k != into:
                d.merges[k] = into
        d.merges.pop(into, None)
    elif kind in ("move", "outlier", "accept_emerging"):
        key = p.get("to_key") or p.get("segment_key") or UNASSIGNED_KEY
        for rid in p.get("respondent_ids", []):
            d.placements[int(rid)] = key
    elif kind == "confirm":
        for rid, key in (p.get("keys") or {}).items():
            d.placements[int(rid)] = key
    elif kind == "split":
        for key, rids in p.get("groups", {}).items():
            for rid in rids:
                d.placements[int(rid)] = key
    elif kind in ("pin", "unpin"):
        pins = [i for i in d.pins.get(p["segment_key"], []) if i != p["item_id"]]
        if kind == "pin":
            pins.insert(0, p["item_id"])
        d.pins[p["segment_key"]] = pins


def _split_groups(s, segment_ids: list[int]) -> dict[str, list[int]]:
    """A split's parts as key -> respondent ids, read from its child segments (for payloads that
    do not record them)."""
    out: dict[str, list[int]] = {}
    for sid in segment_ids:
        sg = s.get(Segment, sid)
        if sg is not None:
            out[sg.key] = list(s.scalars(select(Assignment.respondent_id).where(Assignment.segment_id == sid)))
    return out


@dataclass
class Applied:
    """Per respondent: final key, origin and confidence; plus which keys were re-created by humans."""

    keys: list[str]
    origin: np.ndarray
    confidence: np.ndarray
    recreated: list[str]
    merged_away: list[str]
    n_placed: int


def apply_decisions(decisions: Decisions, ids, keys, origin, confidence) -> Applied:
    """Apply merges and placements to a run's per-respondent keys (``'unassigned'`` = none).

    Pure: ``ids`` are respondent ids, ``keys`` their matched segment keys, ``origin`` and
    ``confidence`` the model's. Placed respondents get origin ``'human'`` and confidence 1.
    """
    merged_away = sorted(set(keys) & set(decisions.merges))
    keys = [decisions.final_key(k) if k != UNASSIGNED_KEY else k for k in keys]
    origin = np.asarray(origin, dtype=object).copy()
    confidence = np.asarray(confidence, dtype=np.float32).copy()
    model_keys = set(keys)
    n_placed = 0
    for i, rid in enumerate(ids):
        target = decisions.placements.get(int(rid))
        if target is None:
            continue
        target = decisions.final_key(target) if target != UNASSIGNED_KEY else target
        keys[i] = target
        origin[i] = "human"
        confidence[i] = 1.0
        n_placed += 1
    recreated = sorted({k for k in keys if k not in model_keys and k != UNASSIGNED_KEY})
    return Applied(keys=keys, origin=origin, confidence=confidence, recreated=recreated,
                   merged_away=merged_away, n_placed=n_placed)


def value_labels(engine: Engine, project_id: int, framework: str) -> dict[int, list[str]]:
    """item id -> the values reviewers said it expresses (latest label per item, undone ones skipped)."""
    with read_session(engine) as s:
        undone = set(s.scalars(select(LabelEvent.undoes).where(LabelEvent.project_id == project_id,
                                                               LabelEvent.undoes.is_not(None))))
        out: dict[int, list[str]] = {}
        for ev in s.scalars(select(LabelEvent).where(LabelEvent.project_id == project_id,
                                                     LabelEvent.kind == "value_label").order_by(LabelEvent.id)):
            if ev.id not in undone and ev.payload.get("framework") == framework:
                out[int(ev.payload["item_id"])] = list(ev.payload.get("values", []))
        return out
