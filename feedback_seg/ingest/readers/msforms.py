"""Microsoft Forms "Open in Excel" export (FORMATS.md 2.6).

One sheet, one header row: ``ID, Start time, Completion time, Email, Name`` (+ ``Last modified
time``), then one column per question title. Multi-select answers are joined with ``";"`` and end
with ``";"``: a column whose every answer ends with ``";"`` is taken for one and rewritten joined
with ``"; "``. Quizzes add ``Total points``, ``Quiz feedback``, ``Points - Q`` and ``Feedback - Q``.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import JOIN, body_from_grid, clean_header, load_grid

FORMAT = "ms_forms"

_REQUIRED = ["id", "start time", "completion time", "email", "name"]
_SYSTEM = {"ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
           "Total points", "Quiz feedback"}
_DROP = ("Start time", "Email", "Name", "Last modified time", "Quiz feedback")


def matches(probe: Probe) -> bool:
    """The first five headers are ``ID, Start time, Completion time, Email, Name``."""
    rows = probe.rows or []
    head = [c.lstrip("\ufeff").strip().lower() for c in rows[0][:5]] if rows else []
    return head == _REQUIRED


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read an MS Forms XLSX (or the same table saved as CSV)."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if not grid.rows:
        raise UnreadableFileError(f"{path.name}: empty workbook")
    body = body_from_grid(grid, 1, [clean_header(c) for c in grid.rows[0]])
    frame = body.frame
    cols = list(frame.columns)
    hints = RoleHints(channel="survey", id_col="ID" if "ID" in cols else None,
                      time_col="Completion time" if "Completion time" in cols else None)
    hints.drop_cols = [c for c in cols if c in _DROP or c.startswith("Feedback - ")]
    hints.numeric_cols = [c for c in cols if c == "Total points" or c.startswith("Points - ")]
    options: dict[str, list[str]] = {}
    for col in cols:
        if col in _SYSTEM or col in hints.drop_cols or col in hints.numeric_cols:
            continue
        filled = frame[col][frame[col] != ""]
        if len(filled) and filled.str.rstrip().str.endswith(";").all():
            frame[col] = [JOIN.join(_split(v)) for v in frame[col]]
            options[col] = sorted({opt for v in filled for opt in _split(v)})
            hints.choice_cols.append(col)
    return RawTable(format=FORMAT, frame=frame, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions={c: c for c in cols}, rejected=body.rejected, hints=hints,
                    meta={"options": options, "encoding": grid.encoding}).check()
