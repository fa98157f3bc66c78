"""Qualtrics CSV/XLSX export, the 2017+ layout (FORMATS.md 2.1).

Row 1 holds the export tags (column names), row 2 the question text, row 3 one
``{"ImportId": ...}`` JSON object per column; responses start on row 4.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import body_from_grid, clean_header, load_grid

FORMAT = "qualtrics"

_ID_IMPORT = "_recordId"
_TIME_IMPORT = "recordedDate"
# System and personal columns that must not become respondent attributes (by ImportId).
_DROP_IMPORTS = {"startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished",
                 "recipientLastName", "recipientFirstName", "recipientEmail", "locationLatitude",
                 "locationLongitude", "distributionChannel"}
_DROP_NAMES = {"StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
               "Finished", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
               "LocationLatitude", "LocationLongitude", "DistributionChannel"}
_TEXT_IMPORT = re.compile(r"^QID\d+(?:_\d+)*_TEXT$")
_CHOICE_IMPORT = re.compile(r"^QID\d+(?:_\d+)*$")


def matches(probe: Probe) -> bool:
    """Row 3 carries ``{"ImportId": ...}`` cells."""
    rows = probe.rows or []
    return len(rows) >= 3 and any(c.strip().startswith('{"ImportId"') for c in rows[2])


def _import_ids(row: list[str], path: Path) -> list[str]:
    ids = []
    for i, cell in enumerate(row):
        if not cell.strip():
            ids.append("")
            continue
        try:
            ids.append(str(json.loads(cell).get("ImportId", "")))
        except (ValueError, AttributeError) as exc:
            raise UnreadableFileError(f"{path.name}: row 3, column {i + 1} is not Qualtrics ImportId "
                                      f"JSON: {cell[:60]!r}") from exc
    return ids


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a 3-header-row Qualtrics export."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if len(grid.rows) < 3:
        raise UnreadableFileError(f"{path.name}: a Qualtrics export needs 3 header rows, found {len(grid.rows)}")
    names = [c.lstrip("\ufeff") for c in grid.rows[0]]
    labels = grid.rows[1] + [""] * (len(names) - len(grid.rows[1]))
    imports = _import_ids(grid.rows[2], path)
    imports += [""] * (len(names) - len(imports))
    body = body_from_grid(grid, 3, names)
    cols = list(body.frame.columns)
    by_col = dict(zip(cols, imports))
    questions = {c: clean_header(lab) or c for c, lab in zip(cols, labels)}
    hints = RoleHints(
        id_col=_first(cols, by_col, _ID_IMPORT, "ResponseId"),
        time_col=_first(cols, by_col, _TIME_IMPORT, "RecordedDate"),
        channel="survey",
        text_cols=[c for c in cols if _TEXT_IMPORT.match(by_col[c])],
        choice_cols=[c for c in cols if _CHOICE_IMPORT.match(by_col[c])],
        drop_cols=[c for c in cols if by_col[c] in _DROP_IMPORTS or c in _DROP_NAMES],
    )
    return RawTable(format=FORMAT, frame=body.frame, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions=questions, rejected=body.rejected, hints=hints,
                    meta={"import_ids": by_col, "encoding": grid.encoding}).check()


def _first(cols: list[str], by_col: dict[str, str], import_id: str, name: str) -> str | None:
    hits = [c for c in cols if by_col[c] == import_id] or [c for c in cols if c == name]
    return hits[0] if hits else None
