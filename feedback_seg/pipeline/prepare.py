"""Prepare item text in the store: redact PII, hash, detect language, keep lemmas for keywords.

Only items whose ``redacted_text`` is missing are processed (new or changed), in batches that
are committed as they finish, so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

import hashlib
import re
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from ..store.engine import read_session, write_session
from ..store.schema import Item
from feedback_seg.nlp_models.pii_patterns import LABELS

Progress = Callable[[int, int], None]


# Every label the redactor writes (one list: a new entity type is stripped too).
_PLACEHOLDER = re.compile(r"[ \t]*\[(?:" + "|".join(map(re.escape, LABELS)) + r")\][ \t]*")


def embedding_input(redacted: str) -> str:
    """The text that is embedded: the redacted text without its placeholders.

    A placeholder says only that *something* was there; embedded, ``[HANDLE]`` at the start of
    every tweet pulls all vectors the same way. A text that is nothing but placeholders is kept.
    """
    if "[" not in redacted:
        return redacted
    return _PLACEHOLDER.sub(" ", redacted).strip() or redacted


def text_hash(text: str) -> str:
    """The embedding-cache key of a redacted text (identical embedding inputs share it)."""
    return hashlib.sha256(embedding_input(text).encode("utf-8")).hexdigest()


def prepare_items(engine: Engine, project_id: int, *, batch: int = 1000,
                  progress: Progress | None = None) -> dict:
    """Redact and annotate every item not yet prepared. Returns counts."""
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts  # noqa: PLC0415

    with read_session(engine) as s:
        todo = s.execute(select(Item.id, Item.raw_text).where(
            Item.project_id == project_id, Item.redacted_text.is_(None)).order_by(Item.id)).all()
    done = 0
    stats = {"prepared": 0, "empty": 0, "non_english": 0, "pii_entities": 0}
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        prepared = prepare_texts([t for _, t in part])
        with write_session(engine) as s:
            for (iid, _), p in zip(part, prepared):
                flags = dict(p.flags)
                flags["lemmas"] = p.lemmas
                flags["noun_phrases"] = p.noun_phrases
                flags["pii"] = sorted({e[0] for e in p.entities})
                s.execute(update(Item).where(Item.id == iid).values(
                    redacted_text=p.redacted, text_hash=text_hash(p.redacted), lang=p.lang, flags=flags))
                stats["empty"] += int(bool(flags.get("empty")))
                stats["non_english"] += int(bool(flags.get("non_english")))
                stats["pii_entities"] += len(p.entities)
        done += len(part)
        stats["prepared"] += len(part)
        if progress:
            progress(done, len(todo))
    return stats
