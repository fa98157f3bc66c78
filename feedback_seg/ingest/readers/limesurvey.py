"""LimeSurvey response export, CSV (FORMATS.md 2.7).

UTF-8 BOM, every field quoted, ``;`` separator by default, CRLF, a blank line at the end.
System columns ``id, submitdate, lastpage, startlanguage, seed, startdate, datestamp`` (or their
"full text" headings ``Response ID, Date submitted, ...``), then one column per question code.
A multiple-choice question exports one ``Q[SQ001]`` column per option holding ``Y`` (or its full
answer text) when chosen; those are regrouped into one column ``Q`` of the chosen option codes
joined with ``"; "``. ``Q[other]`` / ``Q[comment]`` hold free text; array rows stay columns.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._headers import Columns, body_from_grid, clean_header, first_cell, join_options, load_grid

FORMAT = "limesurvey"

_CODES = {"id", "submitdate", "lastpage", "startlanguage"}
_FULL = {"response id", "date submitted", "last page", "start language"}
_ID = ("id", "Response ID")
_TIME = ("datestamp", "Date last action", "submitdate", "Date submitted")
_DROP = {"submitdate", "lastpage", "seed", "startdate", "ipaddr", "refurl", "interviewtime",
         "Date submitted", "Last page", "Seed", "Date started", "IP address", "Referrer URL",
         "Total time"}
_SUB = re.compile(r"^(?P<q>.+?)\s?\[(?P<sub>[^\[\]]+)\]$")
_CHOSEN = {"Y", "Yes"}
_FREE_SUBS = {"other", "comment"}
_TIMING = re.compile(r"^(?:groupTime\d+|.+Time)$")


def matches(probe: Probe) -> bool:
    """Headers include ``id, submitdate, lastpage, startlanguage`` (or the full-text headings)."""
    heads = [probe.rows[0]] if probe.rows else []
    if probe.text_head:  # in case the probe split the line on another separator
        line = probe.text_head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        heads += [[c.strip().strip('"') for c in line.split(sep)] for sep in ";,\t"]
    for row in heads:
        head = {c.lstrip("\ufeff").strip() for c in row}
        if _CODES <= head or _FULL <= {c.lower() for c in head}:
            return True
    return False


def _groups(cols: list[str]) -> list[tuple[str | None, list[str]]]:
    """Consecutive ``Q[sub]`` columns of the same question, other columns on their own."""
    out: list[tuple[str | None, list[str]]] = []
    for col in cols:
        m = _SUB.match(col)
        q = m["q"] if m else None
        if q is not None and out and out[-1][0] == q:
            out[-1][1].append(col)
        else:
            out.append((q, [col]))
    return out


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read a LimeSurvey responses CSV (any separator the sniffer finds)."""
    path = Path(path)
    grid = load_grid(path, encoding)
    if not grid.rows:
        raise UnreadableFileError(f"{path.name}: empty file")
    if first_cell(grid.rows[0]) == "" and len(grid.rows[0]) <= 1:
        raise UnreadableFileError(f"{path.name}: the first line is not a LimeSurvey header")
    body = body_from_grid(grid, 1, [clean_header(c) for c in grid.rows[0]])
    frame = body.frame
    out, hints = Columns(), RoleHints(channel="survey")
    options: dict[str, list[str]] = {}
    other_text: list[str] = []  # not hints.text_cols: plain question codes may be free text too
    for q, cols in _groups(list(frame.columns)):
        _add_group(out, hints, options, other_text, frame, q, cols)
    result = out.frame(frame.index)
    names = list(result.columns)
    hints.id_col = next((c for c in _ID if c in names), None)
    hints.time_col = next((c for c in _TIME if c in names), None)
    hints.drop_cols = [c for c in names if (c in _DROP or _TIMING.match(c)) and c != hints.time_col]
    return RawTable(format=FORMAT, frame=result, row_numbers=body.row_numbers, rows_in=body.rows_in,
                    questions=out.questions, rejected=body.rejected, hints=hints,
                    meta={"options": options, "other_text_cols": other_text, "encoding": grid.encoding,
                          "delimiter": grid.delimiter}).check()


def _add_group(out: Columns, hints: RoleHints, options: dict, other_text: list, frame: pd.DataFrame,
               q: str | None, cols: list[str]) -> None:
    subs = {c: _SUB.match(c)["sub"] for c in cols} if q is not None else {}
    opt_cols = [c for c in cols if q is not None and subs[c].lower() not in _FREE_SUBS
                and frame[c].isin(_CHOSEN | {""}).all()]
    if opt_cols and (frame[opt_cols] != "").any().any():
        name = out.add(q, join_options(frame, opt_cols, [subs[c] for c in opt_cols]), q)
        hints.choice_cols.append(name)
        options[name] = [subs[c] for c in opt_cols]
    else:
        opt_cols = []
    for col in cols:
        if col in opt_cols:
            continue
        name = out.add(col, frame[col], col)
        if q is not None and subs[col].lower() in _FREE_SUBS:
            other_text.append(name)
