"""The embedding cache: one vector per (model fingerprint, hash of the redacted text), ever.

Identical texts are embedded once; a re-run on unchanged data embeds nothing; batches are
committed as they finish, so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..store.engine import read_session, write_session
from ..store.schema import Embedding, Item
from .prepare import embedding_input

Progress = Callable[[int, int], None]


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f4").tobytes()


def from_blob(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4", count=dim)


def _missing_hashes(engine: Engine, project_id: int, fingerprint: str) -> list[tuple[str, str]]:
    with read_session(engine) as s:
        rows = s.execute(select(Item.text_hash, Item.redacted_text).where(
            Item.project_id == project_id, Item.text_hash.is_not(None))).all()
        have = set()
        hashes = list({h for h, _ in rows})
        for i in range(0, len(hashes), 500):
            have.update(s.scalars(select(Embedding.text_hash).where(
                Embedding.model == fingerprint, Embedding.text_hash.in_(hashes[i:i + 500]))))
    todo, seen = [], set()
    for h, text in rows:
        if h not in have and h not in seen and text and text.strip():
            seen.add(h)
            todo.append((h, text))
    return sorted(todo)


def embed_items(engine: Engine, project_id: int, embedder, *, batch: int = 256,
                progress: Progress | None = None) -> dict:
    """Embed the project's prepared texts that the cache lacks. Returns counts."""
    todo = _missing_hashes(engine, project_id, embedder.fingerprint)
    long_texts = 0
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        texts = [embedding_input(t) for _, t in part]
        long_texts += embedder.count_long(texts) if hasattr(embedder, "count_long") else 0
        vecs = embedder.encode(texts)
        with write_session(engine) as s:
            s.execute(insert(Embedding), [
                {"model": embedder.fingerprint, "text_hash": h, "dim": int(v.shape[0]), "vector": to_blob(v),
                 "chunks": 1} for (h, _), v in zip(part, vecs)])
        if progress:
            progress(start + len(part), len(todo))
    return {"embedded": len(todo), "long_texts": long_texts, "model": embedder.fingerprint}


def load_vectors(engine: Engine, fingerprint: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Vectors for the given text hashes (those the cache has)."""
    hashes = list(dict.fromkeys(hashes))
    out: dict[str, np.ndarray] = {}
    with read_session(engine) as s:
        for i in range(0, len(hashes), 500):
            for h, dim, blob in s.execute(select(Embedding.text_hash, Embedding.dim, Embedding.vector).where(
                    Embedding.model == fingerprint, Embedding.text_hash.in_(hashes[i:i + 500]))):
                out[h] = from_blob(blob, dim)
    return out
