"""Typeform CSV export (FORMATS.md 2.3).

One header row: ``#`` (the response token), one column per question headed by its title as
typed (HTML/markdown stripped here), then ``Start Date (UTC)``, ``Submit Date (UTC)``,
``Network ID`` and, in newer exports, ``Response Type``, ``Stage Date (UTC)``, ``Tags``.

A multi-select question has **one column per option**, headed by the option label, whose cells
hold the label when chosen; the question title itself is not exported. Runs of such columns are
regrouped into one column ``Multi-select <n>`` of the chosen labels joined with ``"; "``. A
column headed ``Other`` holds free text for the question on its left: ``<question> [Other]``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import JOIN, Columns, body_from_grid, clean_header, first_cell, join_options, load_grid

FORMAT = "typeform"

_SYSTEM = {"#", "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)",
           "Network ID", "Tags"}
_DROP = ("Network ID", "Start Date (UTC)", "Stage Date (UTC)", "Response Type")
_TOKEN = re.compile(r"^[a-z0-9]{20,40}$")
_MARKERS = {"Submit Date (UTC)", "Start Date (UTC)", "Network ID", "Response Type"}


def matches(probe: Probe) -> bool:
    """First header ``#`` and a Typeform system column, or (in trimmed copies) response tokens."""
    rows = probe.rows or []
    if not rows or first_cell(rows[0]) != "#":
        return False
    if _MARKERS & {c.strip() for c in rows[0]}:
        return True
    tokens = [r[0] for r in rows[1:] if r]
    return bool(tokens) and all(_TOKEN.match(t) for t in tokens)


def _option_runs(heads: list[str], frame: pd.DataFrame, cols: list[str]) -> list[list[int]]:
    """Runs of >= 2 consecutive columns whose filled cells all equal their own header."""
    def candidate(i: int) -> bool:
        if heads[i] in _SYSTEM or heads[i] == "Other" or not heads[i]:
            return False
        values = set(frame[cols[i]].unique()) - {""}
        return len(values) <= 1 and all(clean_header(v) == heads[i] for v in values)

    runs, run = [], []
    for i in range(len(heads)):
        if candidate(i) and not any(heads[j] == heads[i] for j in run):
            run.append(i)
            continue
        runs.append(run)
        run = [i] if candidate(i) else []
    runs.append(run)
    runs = [r for r in runs if len(r) >= 2]
    confirmed = [r for r in runs if any((frame[cols[i]] != "").any() for i in r)]
    # A run nobody answered is a group when another run has the same options.
    known = {tuple(heads[i].casefold() for i in r) for r in confirmed}
    return [r for r in runs if r in confirmed or tuple(heads[i].casefold() for i in r) in known]


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a Typeform responses CSV."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if not grid.rows:
        raise UnreadableFileError(f"{path.name}: empty file")
    heads = [clean_header(c) for c in grid.rows[0]]
    body = body_from_grid(grid, 1, [f"#{i}" for i in range(len(heads))], drop_blank_tail=False)
    frame, cols = body.frame, list(body.frame.columns)
    runs = {r[0]: r for r in _option_runs(heads, frame, cols)}
    out, hints = Columns(), RoleHints(channel="survey")
    options: dict[str, list[str]] = {}
    other_text: list[str] = []  # not hints.text_cols: the export does not say which columns are open-ended
    prev, i = None, 0
    while i < len(heads):
        if i in runs:
            run = runs[i]
            labels = [heads[j] for j in run]
            name = out.add(f"Multi-select {len(options) + 1}", join_options(frame, [cols[j] for j in run], labels),
                           "Choose all that apply: " + JOIN.join(labels))
            options[name] = labels
            hints.choice_cols.append(name)
            prev, i = name, run[-1] + 1
            continue
        if heads[i] == "Other" and prev is not None:
            name = out.add(f"{prev} [Other]", frame[cols[i]], f"{out.questions[prev]} [Other]")
            other_text.append(name)
        else:
            name = out.add(heads[i] or f"column_{i + 1}", frame[cols[i]], heads[i] or f"column_{i + 1}")
            prev = name if heads[i] not in _SYSTEM else prev
        i += 1
    result = out.frame(frame.index)
    hints.id_col = "#" if "#" in result.columns else None
    hints.time_col = next((c for c in ("Submit Date (UTC)", "Start Date (UTC)") if c in result.columns), None)
    hints.drop_cols = [c for c in _DROP if c in result.columns and c != hints.time_col]
    return RawTable(format=FORMAT, frame=result, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions=out.questions, rejected=body.rejected, hints=hints,
                    meta={"options": options, "other_text_cols": other_text, "encoding": grid.encoding}).check()
