"""Google Forms responses CSV (FORMATS.md 2.4).

One header row: ``Timestamp`` first, ``Email Address`` when collected, ``Score`` for quizzes,
then one column per question headed by its title; grid questions give one column per row,
headed ``Question [Row]``. Checkbox answers are joined with ``", "`` in one cell; a column is
taken for a checkbox question when its comma-joined cells are made of options that also occur
on their own (in other cells, or in several cells), and is rewritten joined with ``"; "``.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import JOIN, body_from_grid, clean_header, first_cell, load_grid

FORMAT = "google_forms"

# The first header in the languages a Google account is most often set to.
_TIMESTAMP = {"Timestamp", "Marca temporal", "Horodateur", "Zeitstempel", "Carimbo de data/hora",
              "Informazioni cronologiche", "Tijdstempel"}
_EMAIL = {"Email Address", "Email address", "Username"}
_GRID = re.compile(r"^(?P<q>.+?) \[(?P<row>[^\[\]]+)\]$")
_SEP = ", "


def matches(probe: Probe) -> bool:
    """First header ``Timestamp`` (or its translation) and at least one question column."""
    rows = probe.rows or []
    return bool(rows) and len(rows[0]) >= 2 and first_cell(rows[0]) in _TIMESTAMP


def checkbox_options(values: pd.Series) -> list[str] | None:
    """The options of a checkbox column, or None when the column does not look like one."""
    filled = [v for v in values if v != ""]
    joined = [v for v in filled if _SEP in v]
    if not joined:
        return None
    alone = {v.strip() for v in filled if _SEP not in v}
    cells_with = Counter(tok for v in set(filled) for tok in {t.strip() for t in v.split(_SEP)})
    known = alone | {tok for tok, n in cells_with.items() if n >= 2}
    for v in joined:
        toks = [t.strip() for t in v.split(_SEP)]
        if not all(toks) or 2 * sum(t in known for t in toks) < len(toks):
            return None
    return sorted(cells_with)


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a Google Forms responses CSV (or the linked Sheet saved as XLSX)."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if not grid.rows:
        raise UnreadableFileError(f"{path.name}: empty file")
    heads = [clean_header(c) for c in grid.rows[0]]
    body = body_from_grid(grid, 1, heads)
    frame = body.frame
    cols = list(frame.columns)
    hints = RoleHints(channel="survey", time_col=cols[0] if cols else None)
    hints.drop_cols = [c for c in cols if c in _EMAIL]
    grids: dict[str, list[str]] = {}
    checkbox: dict[str, list[str]] = {}
    for col in cols[1:]:
        if col in _EMAIL or col == "Score":
            continue
        m = _GRID.match(col)
        if m:
            grids.setdefault(m["q"], []).append(col)
        opts = checkbox_options(frame[col])
        if opts is not None:
            frame[col] = [JOIN.join(t.strip() for t in v.split(_SEP)) if v else "" for v in frame[col]]
            checkbox[col] = opts
    hints.choice_cols = [c for c in cols if c in checkbox or any(c in g for g in grids.values())]
    hints.numeric_cols = ["Score"] if "Score" in cols else []
    return RawTable(format=FORMAT, frame=frame, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions={c: c for c in cols}, rejected=body.rejected, hints=hints,
                    meta={"grids": grids, "options": checkbox, "encoding": grid.encoding}).check()
