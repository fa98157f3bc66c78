"""Reviewers teach the value scorer: "this answer expresses these values" (append-only events).

The latest label of an item in a framework wins; undone labels are ignored. The next run's value
profiles learn from the labelled items on top of the zero-shot prototypes (read back by
:func:`feedback_seg.pipeline.decisions.value_labels`).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import ConflictError, InputError, NotFoundError
from ..store.engine import write_session
from ..store.schema import Item, LabelEvent


def label_values(engine: Engine, item_id: int, framework: str, values: list[str], *, user: str,
                 version: int | None = None) -> dict:
    """Record which values of ``framework`` item ``item_id`` expresses (an empty list: none).

    An item's label version is the number of value labels recorded for it in the framework (0 at
    first); a ``version`` other than the current one raises :class:`ConflictError` (someone else
    labelled it meanwhile). The result carries the new version."""
    from feedback_seg.nlp_models.frameworks import load_framework  # noqa: PLC0415

    fw = load_framework(framework)
    unknown = sorted(set(values) - set(fw.names))
    if unknown:
        raise InputError(f"unknown value(s) {unknown} in {fw.name}; choose from: " + ", ".join(fw.names))
    with write_session(engine) as s:
        item = s.get(Item, item_id, with_for_update=True)   # serialises labels of one item on PostgreSQL
        if item is None:
            raise NotFoundError(f"no item {item_id}")
        current = _label_version(s, item, fw.name)
        if version is not None and version != current:
            raise ConflictError(f"item {item_id} was labelled by someone else (version {current}, yours {version}); "
                                "reload and try again", current_version=current)
        ev = LabelEvent(project_id=item.project_id, user=user, kind="value_label",
                        payload={"item_id": item_id, "framework": fw.name, "values": sorted(set(values))})
        s.add(ev)
        s.flush()
        return {"event_id": ev.id, "item_id": item_id, "framework": fw.name, "values": sorted(set(values)),
                "version": current + 1}


def _label_version(s, item: Item, framework: str) -> int:
    payloads = s.scalars(select(LabelEvent.payload).where(LabelEvent.project_id == item.project_id,
                                                          LabelEvent.kind == "value_label"))
    return sum(1 for p in payloads if p.get("item_id") == item.id and p.get("framework") == framework)
