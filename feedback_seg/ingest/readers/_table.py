"""Turn a grid of cells (CSV/XLSX) or a list of records (JSON) into a :class:`RawTable`.

The header-row sniffer skips preamble rows (report name, query, date range ...) that
social-listening tools put above the real header: those rows are narrow (a key and a value)
while the header is as wide as the data below it.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from ..decode import Grid
from ..table import RawTable, Rejected, RoleHints

SNIFF_ROWS = 30


def find_header(rows: list[list[str]]) -> int:
    """Index of the header row among ``rows`` (0 unless narrow preamble rows come first)."""
    sample = [(i, r) for i, r in enumerate(rows[:SNIFF_ROWS]) if any(c.strip() for c in r)]
    if len(sample) < 2:
        return sample[0][0] if sample else 0
    widths = Counter(_width(r) for _, r in sample)
    repeated = [w for w, n in widths.items() if n >= 2]
    table_width = max(repeated) if repeated else max(widths)
    if table_width < 3:
        return sample[0][0]
    for i, row in sample:
        filled = sum(1 for c in row if c.strip())
        if _width(row) >= table_width and filled >= 0.5 * table_width:
            return i
        if filled > max(2, table_width // 4):   # a wide, filled row is no preamble: keep row 1
            return sample[0][0]
    return sample[0][0]


def _width(row: list[str]) -> int:
    """Cells up to the last non-empty one."""
    n = len(row)
    while n and not row[n - 1].strip():
        n -= 1
    return n


def unique_names(names: list[str]) -> list[str]:
    """Blank names become ``column_N``; duplicates become ``name``, ``name.1``, ``name.2`` ..."""
    out: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(names, start=1):
        base = raw.strip() or f"column_{i}"
        name, k = base, 0
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen.add(name)
        out.append(name)
    return out


def grid_to_table(grid: Grid, fmt: str, *, header: int | None = None, sniff: bool = True,
                  hints: RoleHints | None = None) -> RawTable:
    """Header row (sniffed or given), unique column names, ragged rows rejected with counts."""
    rows, lines = grid.rows, grid.lines
    warnings: list[str] = []
    nonblank = [i for i, r in enumerate(rows) if any(c != "" for c in r)]
    if not nonblank:
        return RawTable(format=fmt, frame=pd.DataFrame(), row_numbers=[], rows_in=0,
                        warnings=["the file holds no rows"], hints=hints or RoleHints()).check()
    h = header if header is not None else (find_header(rows) if sniff else nonblank[0])
    preamble = [r for r in rows[:h] if any(c.strip() for c in r)]
    if preamble:
        warnings.append(f"skipped {len(preamble)} preamble line(s) above the header on line {lines[h]}")
    head = list(rows[h])
    width = len(head)
    while width and not head[width - 1].strip() and _trailing_blank(rows[h + 1:], width - 1):
        width -= 1     # a trailing delimiter after the header makes an empty, unused column
    names = unique_names(head[:width])
    if len(set(c.strip() for c in head[:width] if c.strip())) < len([c for c in head[:width] if c.strip()]):
        warnings.append("duplicate column names were made unique with .1, .2 suffixes")
    data, nums, rejected = [], [], []
    blank_lines = 0
    for row, line in zip(rows[h + 1:], lines[h + 1:]):
        if not any(c != "" for c in row):
            blank_lines += 1
            continue
        cells = _fit(row, width)
        if cells is None:
            rejected.append(Rejected(line, f"line {line}: {_width(row)} fields, expected {width}"))
            continue
        if not any(c.strip() for c in cells):
            rejected.append(Rejected(line, f"line {line}: empty row"))
            continue
        data.append(cells)
        nums.append(line)
    if blank_lines:
        warnings.append(f"{blank_lines} blank line(s) ignored")
    frame = pd.DataFrame(data, columns=names, dtype=object) if data else pd.DataFrame(columns=names, dtype=object)
    if not data:
        warnings.append("the file has a header but no data rows")
    meta = {"header_line": lines[h], "preamble": [[c for c in r if c.strip()] for r in preamble],
            "encoding": grid.encoding, "delimiter": grid.delimiter}
    return RawTable(format=fmt, frame=frame.astype(object), row_numbers=nums, rows_in=len(data) + len(rejected),
                    rejected=rejected, warnings=warnings, hints=hints or RoleHints(), meta=meta)


def _trailing_blank(rows: list[list[str]], col: int) -> bool:
    return all(len(r) <= col or r[col] == "" for r in rows)


def _fit(row: list[str], width: int) -> list[str] | None:
    """The row cut or padded to ``width`` when only empty cells differ; ``None`` if ragged."""
    if len(row) == width:
        return row
    if len(row) > width:
        return row[:width] if not any(c.strip() for c in row[width:]) else None
    return None


def records_to_table(records: list[tuple[int, dict]], fmt: str, *, rejected: list[Rejected] | None = None,
                     rows_in: int | None = None, columns: list[str] | None = None,
                     hints: RoleHints | None = None, warnings: list[str] | None = None,
                     meta: dict | None = None) -> RawTable:
    """``records`` are ``(row_number, {column: str})``; columns keep first-seen order."""
    rejected = rejected or []
    cols = list(columns or [])
    for _, rec in records:
        for key in rec:
            if key not in cols:
                cols.append(key)
    data = [[_s(rec.get(c, "")) for c in cols] for _, rec in records]
    frame = pd.DataFrame(data, columns=cols, dtype=object) if data else pd.DataFrame(columns=cols, dtype=object)
    total = rows_in if rows_in is not None else len(records) + len(rejected)
    return RawTable(format=fmt, frame=frame, row_numbers=[n for n, _ in records], rows_in=total,
                    rejected=rejected, warnings=warnings or [], hints=hints or RoleHints(), meta=meta or {})


def _s(value) -> str:
    return "" if value is None else str(value)
