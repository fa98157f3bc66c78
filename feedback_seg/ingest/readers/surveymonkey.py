"""SurveyMonkey "All responses data" export, expanded columns, CSV or XLSX (FORMATS.md 2.5).

Row 1: the metadata columns, then one cell per question; a blank row-1 cell continues the
question to its left. Row 2: ``Response`` / ``Open-Ended Response`` / an option label / a matrix
row / a contact-form field under each question column. Responses start on row 3.

A question whose columns hold their own option label when chosen (a multi-select) becomes one
column of the chosen labels joined with ``"; "``; its ``Other (please specify)`` text stays a
column of its own, as do matrix rows and contact fields (``Question [Row]``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import Columns, body_from_grid, clean_header, is_option_column, join_options, load_grid

FORMAT = "surveymonkey"

_META = {"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
         "First Name", "Last Name"}
_DROP_META = ("Collector ID", "Start Date", "IP Address", "Email Address", "First Name", "Last Name")
_SINGLE = {"Response", "Open-Ended Response", ""}
_CONTACT_PII = {"name", "first name", "last name", "email", "email address", "phone", "phone number",
                "address", "address 2"}


def matches(probe: Probe) -> bool:
    """Row 1 names both ``Respondent ID`` and ``Collector ID``."""
    rows = probe.rows or []
    head = {c.lstrip("\ufeff").strip() for c in rows[0]} if rows else set()
    return {"Respondent ID", "Collector ID"} <= head


def _groups(row1: list[str]) -> list[tuple[str, list[int]]]:
    """(question, column positions): a blank row-1 cell continues the question on its left."""
    groups: list[tuple[str, list[int]]] = []
    for i, cell in enumerate(row1):
        text = clean_header(cell)
        if text or not groups:
            groups.append((text, [i]))
        else:
            groups[-1][1].append(i)
    return groups


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a SurveyMonkey expanded export (CSV or XLSX)."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if len(grid.rows) < 2:
        raise UnreadableFileError(f"{path.name}: a SurveyMonkey export needs 2 header rows")
    row1 = grid.rows[0]
    row2 = [clean_header(c) for c in grid.rows[1]] + [""] * max(0, len(row1) - len(grid.rows[1]))
    body = body_from_grid(grid, 2, [f"#{i}" for i in range(len(row1))], drop_blank_tail=False)
    frame = body.frame
    out = Columns()
    hints = RoleHints(channel="survey")
    options: dict[str, list[str]] = {}
    for question, idx in _groups(row1):
        if not question and all(not row2[i] for i in idx) and not (frame[[f"#{i}" for i in idx]] != "").any().any():
            continue  # a trailing empty column
        _add_group(out, hints, options, frame, question, idx, row2)
    result = out.frame(frame.index)
    hints.id_col = "Respondent ID" if "Respondent ID" in result.columns else None
    hints.time_col = "End Date" if "End Date" in result.columns else None
    hints.drop_cols = [c for c in _DROP_META if c in result.columns] + hints.drop_cols
    return RawTable(format=FORMAT, frame=result, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions=out.questions, rejected=body.rejected, hints=hints,
                    meta={"options": options, "encoding": grid.encoding}).check()


def _add_group(out: Columns, hints: RoleHints, options: dict, frame: pd.DataFrame,
               question: str, idx: list[int], row2: list[str]) -> None:
    cols = [f"#{i}" for i in idx]
    labels = [row2[i] for i in idx]
    if (question in _META or question.startswith("Custom Data")) and len(cols) == 1:
        out.add(question, frame[cols[0]], question)
        return
    is_opt = [lab not in _SINGLE and not lab.lower().startswith("other")
              and is_option_column(frame[c], lab) for c, lab in zip(cols, labels)]
    if not any(o and (frame[c] != "").any() for c, o in zip(cols, is_opt)):
        is_opt = [False] * len(cols)  # no column shows its label: a matrix or an unanswered question
    if any(is_opt):
        opt_cols = [c for c, o in zip(cols, is_opt) if o]
        opt_labels = [lab for lab, o in zip(labels, is_opt) if o]
        name = out.add(question, join_options(frame, opt_cols, opt_labels), question)
        hints.choice_cols.append(name)
        options[name] = opt_labels
    for col, lab, opt in zip(cols, labels, is_opt):
        if opt:
            continue
        name = question if lab in _SINGLE else f"{question} [{lab}]"
        name = out.add(name, frame[col], name)
        if lab == "Open-Ended Response" or lab.lower().startswith("other"):
            hints.text_cols.append(name)
        elif lab.lower() in _CONTACT_PII:
            hints.drop_cols.append(name)
        elif lab:
            hints.choice_cols.append(name)
