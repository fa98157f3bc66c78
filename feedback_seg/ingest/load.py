"""Write normalized rows to the store in one transaction: idempotent, nothing lost.

Re-ingesting the same file (same SHA-256 in the project) adds nothing. A re-export with changed
rows updates exactly those items (their derived text and embedding key are reset, so they are
re-redacted and re-embedded) and merges changed attributes.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..store.schema import Item, Rejection, Respondent, Source, utcnow
from .normalize import Normalized

CHUNK = 500


@dataclass
class IngestReport:
    source_id: int
    format: str
    rows_in: int
    imported: int
    rejected: int
    respondents: int
    items: int
    new_respondents: int = 0
    new_items: int = 0
    updated_items: int = 0
    unchanged_items: int = 0
    empty_texts: int = 0
    already_imported: bool = False
    warnings: list[str] = field(default_factory=list)
    rejections: list[dict] = field(default_factory=list)   # first 50: row, reason
    mapping: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def existing_source(session: Session, project_id: int, sha256: str) -> Source | None:
    return session.scalars(select(Source).where(Source.project_id == project_id,
                                                Source.sha256 == sha256)).first()


def _chunks(seq, n=CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _upsert_respondents(session: Session, project_id: int, data: Normalized) -> tuple[dict, int]:
    ids = data.respondents["external_id"].tolist()
    known: dict[str, Respondent] = {}
    for part in _chunks(ids):
        for r in session.scalars(select(Respondent).where(Respondent.project_id == project_id,
                                                          Respondent.external_id.in_(part))):
            known[r.external_id] = r
    new_rows = []
    for ext, attrs, gen in data.respondents[["external_id", "attributes", "id_generated"]].itertuples(index=False):
        if ext in known:
            r = known[ext]
            merged = {**(r.attributes or {}), **attrs}
            if merged != r.attributes:
                r.attributes = merged
        else:
            new_rows.append({"project_id": project_id, "external_id": ext, "attributes": attrs,
                             "id_generated": bool(gen), "created_at": utcnow(), "updated_at": utcnow()})
    for part in _chunks(new_rows):
        session.execute(insert(Respondent), part)
    session.flush()
    id_map = {}
    for part in _chunks(ids):
        for rid, ext in session.execute(select(Respondent.id, Respondent.external_id).where(
                Respondent.project_id == project_id, Respondent.external_id.in_(part))):
            id_map[ext] = rid
    return id_map, len(new_rows)


def _upsert_items(session: Session, project_id: int, source_id: int, data: Normalized,
                  id_map: dict) -> tuple[int, int, int]:
    if data.items.empty:
        return 0, 0, 0
    items = data.items
    known = {}
    keys = items["record_key"].unique().tolist()
    for part in _chunks(keys):
        for iid, rk, fld, raw in session.execute(select(Item.id, Item.record_key, Item.field, Item.raw_text)
                                                 .where(Item.project_id == project_id, Item.record_key.in_(part))):
            known[(rk, fld)] = (iid, raw)
    new_rows, updated, unchanged = [], 0, 0
    for row in items.to_dict("records"):
        k = (row["record_key"], row["field"])
        base = {"respondent_id": id_map[row["external_id"]], "source_id": source_id,
                "row_number": int(row["row_number"]), "question": row["question"],
                "channel": row["channel"], "timestamp": row["timestamp"], "raw_text": row["raw_text"]}
        if k in known:
            iid, raw = known[k]
            if raw == row["raw_text"]:
                unchanged += 1
                continue
            session.execute(update(Item).where(Item.id == iid).values(
                **base, redacted_text=None, text_hash=None, lang=None, updated_at=utcnow()))
            updated += 1
        else:
            new_rows.append({**base, "project_id": project_id, "record_key": row["record_key"],
                             "field": row["field"], "flags": {}, "updated_at": utcnow()})
    for part in _chunks(new_rows):
        session.execute(insert(Item), part)
    return len(new_rows), updated, unchanged


def write_ingest(session: Session, project_id: int, *, filename: str, fmt: str, sha256: str,
                 size: int, data: Normalized, mapping: dict, user: str | None) -> IngestReport:
    """Store one file's rows; the caller holds the write transaction."""
    src = Source(project_id=project_id, filename=filename, format=fmt, sha256=sha256, size_bytes=size,
                 rows_in=data.rows_in, imported=data.imported, rejected=len(data.rejected),
                 mapping=mapping, warnings=data.warnings, created_by=user)
    session.add(src)
    session.flush()
    for part in _chunks([{"source_id": src.id, "row_number": r.row, "reason": r.reason}
                         for r in data.rejected]):
        session.execute(insert(Rejection), part)
    id_map, new_resp = _upsert_respondents(session, project_id, data)
    new_items, updated, unchanged = _upsert_items(session, project_id, src.id, data, id_map)
    return IngestReport(source_id=src.id, format=fmt, rows_in=data.rows_in, imported=data.imported,
                        rejected=len(data.rejected), respondents=len(id_map), items=len(data.items),
                        new_respondents=new_resp, new_items=new_items, updated_items=updated,
                        unchanged_items=unchanged, empty_texts=data.empty_texts, warnings=data.warnings,
                        rejections=[{"row": r.row, "reason": r.reason} for r in data.rejected[:50]],
                        mapping=mapping)
