"""Shared pieces of the ticket and social readers: record iteration with rejections, value helpers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from ..table import RawTable, Rejected, RoleHints
from ._json import cell, load_records
from ._table import records_to_table

# a row builder returns the row, or a rejection reason as a string
RowBuilder = Callable[[dict], "dict[str, str] | str"]


def table_from_json(path: Path, fmt: str, build: RowBuilder, hints: RoleHints, *, encoding: str | None,
                    keys: tuple[str, ...] = (), columns: list[str] | None = None,
                    warnings: list[str] | None = None, what: str = "record", loaded=None) -> RawTable:
    """Read JSON/NDJSON records and build one row each; every record is kept or rejected.
    ``loaded`` is the result of an earlier :func:`load_records` on the same file."""
    rows, errors, key = loaded or load_records(Path(path), encoding, keys)
    out, rejected = [], [Rejected(n, reason) for n, reason in errors]
    for n, rec in rows:
        if not isinstance(rec, dict):
            rejected.append(Rejected(n, f"{what} {n}: not a JSON object"))
            continue
        row = build(rec)
        if isinstance(row, str):
            rejected.append(Rejected(n, f"{what} {n}: {row}"))
        else:
            out.append((n, row))
    return records_to_table(out, fmt, rejected=rejected, columns=columns, hints=hints,
                            warnings=list(warnings or []), meta={"records_key": key} if key else {}).check()


def join_list(values, sep: str = ", ") -> str:
    """Tags and similar lists as one cell."""
    if not values:
        return ""
    if isinstance(values, dict):
        values = list(values.values())
    return sep.join(cell(v.get("name", v) if isinstance(v, dict) else v) for v in values)


def unix_iso(value) -> str:
    """Unix seconds (text or number) to ISO 8601 UTC; "" when missing or not a number."""
    if value in (None, ""):
        return ""
    try:
        stamp = dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return ""
    return stamp.isoformat().replace("+00:00", "Z")


def dig(record: dict, *path, default=None):
    """``record[a][b]...`` or ``default`` when any step is missing."""
    cur = record
    for step in path:
        if not isinstance(cur, dict) or step not in cur:
            return default
        cur = cur[step]
    return cur if cur is not None else default


def head_keys(probe_json) -> dict:
    """The first record of a probe's JSON: unwraps a one-element list."""
    if isinstance(probe_json, list):
        return probe_json[0] if probe_json and isinstance(probe_json[0], dict) else {}
    return probe_json if isinstance(probe_json, dict) else {}
