"""Qualtrics legacy CSV export, pre-2017 (FORMATS.md 2.2).

Row 1: ``V1..V10`` system tags then question tags; row 2: ``ResponseID, ResponseSet, ...`` and the
question texts. The ``V<n>`` columns take their row-2 name. Responses start on row 3.
"""
from __future__ import annotations

import re
from pathlib import Path

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import body_from_grid, clean_header, first_cell, load_grid, present

FORMAT = "qualtrics_legacy"

_V_TAG = re.compile(r"^V\d+$")
_DROP = ("ResponseSet", "Name", "EmailAddress", "IPAddress", "Status", "StartDate", "Finished",
         "LocationLatitude", "LocationLongitude", "LocationAccuracy")


def matches(probe: Probe) -> bool:
    """Row 1 starts with ``V1`` and row 2 with ``ResponseID``."""
    rows = probe.rows or []
    return len(rows) >= 2 and first_cell(rows[0]) == "V1" and first_cell(rows[1]) == "ResponseID"


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a 2-header-row legacy Qualtrics export."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if len(grid.rows) < 2:
        raise UnreadableFileError(f"{path.name}: a legacy Qualtrics export needs 2 header rows")
    tags = [c.lstrip("\ufeff") for c in grid.rows[0]]
    labels = grid.rows[1] + [""] * (len(tags) - len(grid.rows[1]))
    names = [lab if _V_TAG.match(tag) and lab else tag for tag, lab in zip(tags, labels)]
    body = body_from_grid(grid, 2, names)
    cols = list(body.frame.columns)
    questions = {c: clean_header(lab) or c for c, lab in zip(cols, labels)}
    # Only text-entry companions are recognisable here (no ImportIds), so they go to meta, not to
    # hints.text_cols, which the roles step reads as the complete list of open-ended columns.
    other_text = [c for c in cols if c.endswith("_TEXT")]
    hints = RoleHints(id_col="ResponseID" if "ResponseID" in cols else None,
                      time_col="EndDate" if "EndDate" in cols else None,
                      channel="survey",
                      drop_cols=present(body.frame, _DROP))
    return RawTable(format=FORMAT, frame=body.frame, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions=questions, rejected=body.rejected, hints=hints,
                    meta={"tags": dict(zip(cols, tags)), "other_text_cols": other_text,
                          "encoding": grid.encoding}).check()
