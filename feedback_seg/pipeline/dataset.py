"""Load what a run needs from the store: items with vectors, respondents with attributes."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..store.engine import read_session
from ..store.schema import Item, Respondent, Source
from .embed import load_vectors


@dataclass
class RunData:
    items: pd.DataFrame          # item_id, respondent_id, field, text, text_hash, lemmas, noun_phrases, channel, timestamp
    item_vectors: np.ndarray     # one row per item
    respondents: pd.DataFrame    # respondent_id, external_id, attributes (dict)
    # attribute -> {raw answer: level}: spellings confirmed at upload, which the profile counts as one
    harmonise: dict = field(default_factory=dict)
    # the project's people without a usable text (same columns as respondents): segmented only on
    # attitude answers when a run chooses them (:func:`.attitudes.closed_only_people`)
    no_text: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"respondent_id": [], "external_id": [], "attributes": []}))


def load_run_data(engine: Engine, project_id: int, fingerprint: str) -> RunData:
    with read_session(engine) as s:
        rows = s.execute(select(Item.id, Item.respondent_id, Item.field, Item.redacted_text, Item.text_hash,
                                Item.flags, Item.channel, Item.timestamp)
                         .where(Item.project_id == project_id, Item.text_hash.is_not(None))
                         .order_by(Item.id)).all()
        sources = s.execute(select(Source.mapping).where(Source.project_id == project_id)
                            .order_by(Source.id)).scalars().all()
        resp = s.execute(select(Respondent.id, Respondent.external_id, Respondent.attributes)
                         .where(Respondent.project_id == project_id).order_by(Respondent.id)).all()
    vectors = load_vectors(engine, fingerprint, [r.text_hash for r in rows])
    keep = [r for r in rows if r.text_hash in vectors and not (r.flags or {}).get("empty")]
    items = pd.DataFrame({
        "item_id": [r.id for r in keep], "respondent_id": [r.respondent_id for r in keep],
        "field": [r.field for r in keep], "text": [r.redacted_text for r in keep],
        "text_hash": [r.text_hash for r in keep],
        "lemmas": [(r.flags or {}).get("lemmas", []) for r in keep],
        "noun_phrases": [(r.flags or {}).get("noun_phrases", []) for r in keep],
        "channel": [r.channel for r in keep], "timestamp": [r.timestamp for r in keep]})
    X = np.vstack([vectors[r.text_hash] for r in keep]) if keep else np.zeros((0, 1), dtype=np.float32)
    people = pd.DataFrame({"respondent_id": [r.id for r in resp], "external_id": [r.external_id for r in resp],
                           "attributes": [r.attributes or {} for r in resp]})
    with_text = set(items["respondent_id"])
    has = people["respondent_id"].isin(with_text)
    return RunData(items=items, item_vectors=X.astype(np.float32), respondents=people[has].reset_index(drop=True),
                   harmonise=harmonise_overrides(sources), no_text=people[~has].reset_index(drop=True))


def harmonise_overrides(mappings: list[dict | None]) -> dict:
    """The sources' confirmed spellings (``harmonise``: upload column -> {raw: level}) under the
    attribute names people's answers are stored with; a later source wins on the same answer."""
    out: dict[str, dict] = {}
    for m in mappings:
        names = (m or {}).get("attribute_names") or {}
        for col, pairs in ((m or {}).get("harmonise") or {}).items():
            out.setdefault(names.get(col, col), {}).update({str(k): str(v) for k, v in (pairs or {}).items()})
    return out
