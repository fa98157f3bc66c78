"""Who a run leaves out, and why: every respondent of the project is either segmented or counted
under one reason, so the run's figures add up to the people uploaded (no silent drops)."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..store.engine import read_session
from ..store.schema import Item, Respondent

REASONS = {
    "no_open_answer": "gave no open answer (every text cell blank)",
    "only_empty": "only answers that are empty once redacted (blank, punctuation or PII only)",
    "only_emoji": "only emoji answers",
    "not_embedded": "answers not embedded yet (ingested after the embedding step)",
}


def coverage(engine: Engine, project_id: int, segmented: set[int], embedded_hashes: set[str] | None = None) -> dict:
    """``{"respondents", "segmented", "excluded": {reason: count}, "reasons": {reason: text}}`` with
    ``respondents == segmented + sum(excluded)``. ``segmented``: the run's people."""
    with read_session(engine) as s:
        people = set(s.scalars(select(Respondent.id).where(Respondent.project_id == project_id)))
        rows = s.execute(select(Item.respondent_id, Item.text_hash, Item.flags)
                         .where(Item.project_id == project_id)).all()
    by_person: dict[int, list] = {}
    for rid, h, flags in rows:
        by_person.setdefault(rid, []).append((h, flags or {}))
    excluded: Counter = Counter()
    for rid in people - set(segmented):
        excluded[_reason(by_person.get(rid, []), embedded_hashes)] += 1
    return {"respondents": len(people), "segmented": len(set(segmented) & people),
            "excluded": dict(sorted(excluded.items(), key=lambda kv: -kv[1])),
            "reasons": {k: REASONS[k] for k in excluded}}


def _reason(items: list, embedded: set[str] | None) -> str:
    if not items:
        return "no_open_answer"
    if all(f.get("emoji_only") for _, f in items):
        return "only_emoji"
    if all(f.get("empty") or f.get("emoji_only") or h is None for h, f in items):
        return "only_empty"
    return "not_embedded"
