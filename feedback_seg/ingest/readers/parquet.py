"""Parquet via pyarrow: every column becomes text without changing its value."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ... import config
from ...errors import UnreadableFileError
from ..table import Probe, RawTable
from ._table import unique_names

FORMAT = "parquet"


def matches(probe: Probe) -> bool:
    return probe.head_bytes.startswith(b"PAR1")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="strict") if _utf8(value) else value.hex()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read(path: Path, *, encoding: str | None = None) -> RawTable:  # noqa: ARG001
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    path = Path(path)
    try:
        pf = pq.ParquetFile(path)
        if pf.metadata.num_rows > config.MAX_ROWS:
            raise UnreadableFileError(f"{path.name}: {pf.metadata.num_rows:,} rows (limit {config.MAX_ROWS:,})")
        table = pf.read()
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableFileError(f"{path.name}: not a readable Parquet file: {exc}") from exc
    names = unique_names([str(n) for n in table.column_names])
    frame = pd.DataFrame({n: [_cell(v) for v in col.to_pylist()] for n, col in zip(names, table.columns)},
                         columns=names, dtype=object)
    return RawTable(format=FORMAT, frame=frame, row_numbers=list(range(1, len(frame) + 1)),
                    rows_in=len(frame), meta={"schema": str(table.schema)}).check()
