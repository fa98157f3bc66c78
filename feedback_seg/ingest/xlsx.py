"""XLSX to a grid of strings: zip-bomb and XML-entity checks first, then openpyxl with defusedxml."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path

from .. import config
from ..errors import UnreadableFileError
from .decode import Grid

_ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 16
# what a corrupt or encrypted zip raises while its directory or members are read
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, zlib.error,
               RuntimeError, ValueError)


def check_zip(path: Path) -> None:
    """Refuse a zip whose members are too many, too big or too compressed, or whose XML declares
    entities (XXE / billion laughs) — before any XML parser sees it."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(name, infos)
            if not any(i.filename.startswith("xl/") for i in infos):
                raise UnreadableFileError(f"{name}: zip file without a workbook; not an XLSX export")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_xml_member(name, zf, info)
    except _ZIP_ERRORS as exc:
        raise UnreadableFileError(f"{name}: not a valid XLSX (zip) file: {exc}") from exc


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > config.MAX_XLSX_ENTRIES:
        raise UnreadableFileError(f"{name}: XLSX has {len(infos)} parts (limit {config.MAX_XLSX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > config.MAX_XLSX_UNCOMPRESSED:
        raise UnreadableFileError(f"{name}: XLSX expands to {total:,} bytes (limit "
                                  f"{config.MAX_XLSX_UNCOMPRESSED:,}); refused as a possible decompression bomb")
    if total / packed > config.MAX_XLSX_RATIO:
        raise UnreadableFileError(f"{name}: XLSX compression ratio {total / packed:.0f}:1 exceeds "
                                  f"{config.MAX_XLSX_RATIO}:1; refused as a possible decompression bomb")


def _check_xml_member(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one member (its size is already bounded) and refuse DTDs; also enforce the
    declared size, so a lying zip header cannot expand further."""
    seen, tail = 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            seen += len(chunk)
            if seen > info.file_size or seen > config.MAX_XLSX_UNCOMPRESSED:
                raise UnreadableFileError(f"{name}: {info.filename} expands past its declared size; refused")
            if _ENTITY.search(tail + chunk):
                raise UnreadableFileError(f"{name}: {info.filename} declares a DTD or XML entities "
                                          "(XXE / entity expansion); refused")
            tail = chunk[-16:]


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

    name = Path(path).name
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise UnreadableFileError("defusedxml is not installed; refusing to parse XLSX without it")
    check_zip(path)
    limit = config.MAX_ROWS if max_rows is None else max_rows
    rows, lines = [], []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            if sheet and sheet not in wb.sheetnames:
                raise UnreadableFileError(f"{name}: no sheet named {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
            ws = wb[sheet] if sheet else wb.worksheets[0]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()   # a forged A1:XFD1048576 dimension must not pad every row
            for idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if len(rows) >= limit:
                    if max_rows is None:
                        raise UnreadableFileError(f"{name}: more than {config.MAX_ROWS:,} rows; split the file")
                    break
                cells = [_cell_str(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                rows.append(cells)
                lines.append(idx)
        finally:
            wb.close()
    except UnreadableFileError:
        raise
    except Exception as exc:  # openpyxl/defusedxml raise many types for corrupt or hostile files
        raise UnreadableFileError(f"{name}: cannot read XLSX: {type(exc).__name__}: {exc}") from exc
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(rows[-1]):   # trailing empty rows openpyxl reports from formatting
        rows.pop()
        lines.pop()
    return Grid(rows=rows, lines=lines, delimiter="", encoding="xlsx")
