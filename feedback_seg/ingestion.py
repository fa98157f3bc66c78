"""Ingest files into a project: read -> roles -> normalize -> store, with a full account of rows."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from .config import MAX_UPLOAD_BYTES
from .errors import ColumnError, FileTooLargeError, InputError, NotFoundError
from .ingest.load import IngestReport, existing_source, write_ingest
from .ingest.normalize import attribute_names, normalize
from .ingest.roles import RoleOverrides, assign_roles
from .store.engine import read_session, write_session
from .store.lookup import project_by_name
from .store.schema import Respondent, Source


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_file(path: Path, limit: int = MAX_UPLOAD_BYTES) -> int:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file")
    size = path.stat().st_size
    if size > limit:
        raise FileTooLargeError(f"{path.name}: {size:,} bytes is over the {limit:,}-byte limit")
    return size


def read_and_map(path: Path, *, format: str | None = None, encoding: str | None = None,
                 overrides: RoleOverrides | None = None):
    """Read a file and decide its column roles (no store involved)."""
    from .ingest.detect import read_file  # noqa: PLC0415

    table = read_file(path, format=format, encoding=encoding)
    roles = assign_roles(table, overrides)
    return table, roles


def ingest_file(engine: Engine, path: str | Path, *, project: str | None = None,
                format: str | None = None, encoding: str | None = None,
                overrides: RoleOverrides | None = None, user: str | None = None,
                display_name: str | None = None) -> IngestReport:
    """Import one export into ``project`` (created if needed)."""
    path = Path(path)
    size = _check_file(path)
    sha = file_sha256(path)
    name = display_name or path.name
    with read_session(engine) as s:
        try:
            old = existing_source(s, project_by_name(s, project, create=False).id, sha)
        except NotFoundError:   # a new project: nothing imported yet
            old = None
        if old is not None:
            return _already(old)
    table, roles = read_and_map(path, format=format, encoding=encoding, overrides=overrides)
    data = normalize(table, roles, source_stem=Path(name).stem)
    mapping = {**roles.to_dict(), "encoding": table.meta.get("encoding"),
               "questions": {str(k): v for k, v in table.questions.items() if k in roles.text_cols},
               "attribute_names": {str(k): v for k, v in attribute_names(
                   list(roles.attribute_cols) + list(roles.key_cols), table.questions, roles.duplicate_cols).items()}}
    with write_session(engine) as s:
        proj = project_by_name(s, project, create=True)
        old = existing_source(s, proj.id, sha)
        if old is not None:
            return _already(old)
        return write_ingest(s, proj.id, filename=name, fmt=table.format, sha256=sha, size=size,
                            data=data, mapping=mapping, user=user)


def _already(src: Source) -> IngestReport:
    return IngestReport(source_id=src.id, format=src.format, rows_in=src.rows_in, imported=src.imported,
                        rejected=src.rejected, respondents=0, items=0, already_imported=True,
                        warnings=[f"{src.filename} was already imported (source {src.id}); nothing added"],
                        mapping=src.mapping or {})


def _respondent_keys(resp: list[Respondent], on: str | None, file_keys: set[str]) -> tuple[str, dict]:
    """Which respondent field the file's key matches: ``on`` if given, else the respondent id or
    the attribute whose values overlap the file's keys most."""
    candidates: dict[str, dict] = {"respondent id": {r.external_id: r for r in resp}}
    for r in resp:
        for attr, val in (r.attributes or {}).items():
            if isinstance(val, str) and val:
                candidates.setdefault(attr, {})[val.strip()] = r
    if on is not None:
        if on not in candidates:
            raise ColumnError(f"respondents have no attribute {on!r} to join on; they have: "
                              + ", ".join(sorted(candidates)[:40]))
        return on, candidates[on]
    best = max(candidates, key=lambda c: (len(file_keys & set(candidates[c])), c == "respondent id"))
    return best, candidates[best]


def ingest_attributes(engine: Engine, path: str | Path, *, key: str, project: str | None = None,
                      format: str | None = None, encoding: str | None = None,
                      columns: list[str] | None = None, on: str | None = None) -> dict:
    """Join a demographics/CRM file onto respondents by ``key`` (matched against the respondent id,
    or the respondent attribute ``on``, found automatically when not given); report match rates
    both ways and list the unmatched ids."""
    from .ingest.detect import read_file  # noqa: PLC0415

    path = Path(path)
    _check_file(path)
    table = read_file(path, format=format, encoding=encoding)
    frame = table.frame
    if key not in frame.columns:
        raise ColumnError(f"{path.name}: key column {key!r} not found; columns are: "
                          + ", ".join(map(str, frame.columns[:40])))
    cols = columns or [c for c in frame.columns if c != key]
    keys = frame[key].astype(str).str.strip()
    dup = keys[keys.duplicated(keep=False) & (keys != "")]
    rejected = [{"row": table.row_numbers[i], "reason": f"duplicate key {keys.iloc[i]!r}"}
                for i in dup.index[dup.duplicated()]] if len(dup) else []
    rejected += [{"row": table.row_numbers[i], "reason": f"empty key {key!r}"}
                 for i in range(len(keys)) if keys.iloc[i] == ""]
    rejected += [{"row": r.row, "reason": r.reason} for r in table.rejected]
    bad_rows = {r["row"] for r in rejected}
    rows = {k: frame.iloc[i][cols].to_dict() for i, k in enumerate(keys)
            if table.row_numbers[i] not in bad_rows}
    with write_session(engine) as s:
        proj = project_by_name(s, project, create=False)
        resp = s.scalars(select(Respondent).where(Respondent.project_id == proj.id)).all()
        joined_on, by_key = _respondent_keys(resp, on, set(rows))
        matched = 0
        for k, r in by_key.items():
            if k in rows:
                extra = {str(c): v for c, v in rows[k].items() if v != ""}
                r.attributes = {**(r.attributes or {}), **extra}
                matched += 1
        ext_ids = set(by_key)
    unmatched_file = sorted(k for k in rows if k not in ext_ids)
    unmatched_resp = sorted(e for e in ext_ids if e not in rows)
    return {"file": path.name, "key": key, "joined_on": joined_on, "columns": [str(c) for c in cols],
            "rows_in": table.rows_in, "imported": len(rows), "rejected": len(rejected),
            "rejections": rejected[:50], "matched": matched,
            "file_match_rate": round(matched / len(rows), 4) if rows else 0.0,
            "respondent_match_rate": round(matched / len(ext_ids), 4) if ext_ids else 0.0,
            "unmatched_file_ids": unmatched_file[:200], "unmatched_file_count": len(unmatched_file),
            "respondents_without_match": unmatched_resp[:200],
            "respondents_without_match_count": len(unmatched_resp)}


def list_sources(engine: Engine, project: str | None = None) -> pd.DataFrame:
    with read_session(engine) as s:
        proj = project_by_name(s, project)
        rows = s.scalars(select(Source).where(Source.project_id == proj.id).order_by(Source.id)).all()
        return pd.DataFrame([{"source_id": r.id, "filename": r.filename, "format": r.format,
                              "rows_in": r.rows_in, "imported": r.imported, "rejected": r.rejected,
                              "technical": ", ".join(f"{c} ({why})" for c, why in
                                                     ((r.mapping or {}).get("technical_reasons") or {}).items()),
                              "created_at": r.created_at.isoformat(timespec="seconds")} for r in rows])
