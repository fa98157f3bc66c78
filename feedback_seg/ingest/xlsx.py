"""XLSX to a grid of strings, after a zip-bomb check and with defusedxml in force."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ..config import MAX_XLSX_ENTRIES, MAX_XLSX_RATIO, MAX_XLSX_UNCOMPRESSED
from ..errors import UnreadableFileError
from .decode import Grid


def check_zip(path: Path) -> None:
    """Refuse a zip whose members are too many, too big or too compressed — before parsing."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableFileError(f"{name}: not a valid XLSX (zip) file: {exc}") from exc
    if len(infos) > MAX_XLSX_ENTRIES:
        raise UnreadableFileError(f"{name}: XLSX has {len(infos)} parts (limit {MAX_XLSX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_XLSX_UNCOMPRESSED:
        raise UnreadableFileError(f"{name}: XLSX expands to {total:,} bytes (limit {MAX_XLSX_UNCOMPRESSED:,}); "
                                  "refused as a possible decompression bomb")
    if total / packed > MAX_XLSX_RATIO:
        raise UnreadableFileError(f"{name}: XLSX compression ratio {total / packed:.0f}:1 exceeds "
                                  f"{MAX_XLSX_RATIO}:1; refused as a possible decompression bomb")
    if not any(i.filename.startswith("xl/") for i in infos):
        raise UnreadableFileError(f"{name}: zip file without a workbook; not an XLSX export")


def _cell_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_xlsx_grid(path: Path, sheet: str | None = None, max_rows: int | None = None) -> Grid:
    """Read one sheet (the first by default) as strings; row numbers are the sheet's."""
    import openpyxl  # noqa: PLC0415 - heavy import, only when needed

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise UnreadableFileError("defusedxml is not installed; refusing to parse XLSX without it")
    check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise UnreadableFileError(f"{Path(path).name}: cannot read XLSX: {exc}") from exc
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows, lines = [], []
        for idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if max_rows is not None and len(rows) >= max_rows:
                break
            cells = [_cell_str(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            rows.append(cells)
            lines.append(idx)
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # drop trailing empty rows openpyxl reports from formatting
    while rows and not any(rows[-1]):
        rows.pop(); lines.pop()
    return Grid(rows=rows, lines=lines, delimiter="", encoding="xlsx")
