"""Helpers shared by the survey readers: header cleaning, grid -> frame, multi-select joins."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3
import pandas as pd

from ..decode import Grid, read_grid
from ..table import Rejected

JOIN = "; "
"""How the chosen options of one multi-select question are joined in one cell."""

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_STARS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_UNDERSCORES = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_STRAY_STARS = re.compile(r"(?<=\S)\*+(?=\s|$)|(?:(?<=\s)|^)\*+(?=\S)")
_SPACES = re.compile(r"\s+")


def clean_header(text: str) -> str:
    """Question text without HTML tags/entities, markdown emphasis or runs of white space."""
    text = _BR.sub(" ", text.lstrip("\ufeff"))
    text = html.unescape(nh3.clean(text, tags=set()))
    if "*" in text or "_" in text:
        before = text
        for _ in range(3):  # nested emphasis such as ``*when* _*NOT*_*``
            text = _MD_UNDERSCORES.sub(r"\2", _MD_STARS.sub(r"\2", text))
        if text != before:  # leftovers of broken emphasis, not a lone "5* hotel"
            text = _STRAY_STARS.sub("", text)
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def unique_names(names: list[str], blank: str = "column") -> list[str]:
    """Make column names unique (``Other``, ``Other (2)``...) and non-empty."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        base = name or f"{blank}_{i + 1}"
        cand, n = base, 1
        while cand in seen:
            n += 1
            cand = f"{base} ({n})"
        seen[cand] = 1
        out.append(cand)
    return out


def load_grid(path: Path, encoding: str | None = None) -> Grid:
    """A CSV/TSV grid, or the first sheet of an XLSX, as strings."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from ..xlsx import read_xlsx_grid  # noqa: PLC0415 - openpyxl only when needed
        return read_xlsx_grid(path)
    return read_grid(path, encoding=encoding)


def first_cell(row: list[str]) -> str:
    return row[0].lstrip("\ufeff").strip() if row else ""


@dataclass
class Body:
    """The data rows of a grid, accounted for."""
    frame: pd.DataFrame
    row_numbers: list[int]
    rows_in: int
    rejected: list[Rejected] = field(default_factory=list)


def body_from_grid(grid: Grid, header_rows: int, names: list[str],
                   drop_blank_tail: bool = True) -> Body:
    """Turn the rows under ``header_rows`` header lines into a frame of strings.

    Rows whose field count differs from the header are rejected with their line and both counts;
    rows that are entirely empty are rejected too. Blank lines at the very end (LimeSurvey writes
    one) are not rows. A trailing column with no name and no data (Qualtrics appends one) is dropped.
    """
    rows, lines = grid.rows[header_rows:], grid.lines[header_rows:]
    while rows and rows[-1] == []:
        rows, lines = rows[:-1], lines[:-1]
    width = len(names)
    kept, kept_lines, rejected = [], [], []
    for row, line in zip(rows, lines):
        if len(row) != width:
            rejected.append(Rejected(line, f"line {line} has {len(row)} fields but the header has {width}"))
        elif not any(cell.strip() for cell in row):
            rejected.append(Rejected(line, f"line {line} is empty"))
        else:
            kept.append(row)
            kept_lines.append(line)
    cols = unique_names(names)
    frame = pd.DataFrame(kept, columns=cols, dtype=object) if kept else pd.DataFrame(columns=cols, dtype=object)
    frame = frame.astype(str) if len(frame) else frame
    if drop_blank_tail and cols and names[-1].strip() == "" and not (frame[cols[-1]] != "").any():
        frame = frame.drop(columns=[cols[-1]])
    frame = frame.reset_index(drop=True)
    return Body(frame=frame, row_numbers=kept_lines, rows_in=len(rows), rejected=rejected)


def is_option_column(values: pd.Series, label: str) -> bool:
    """True when every non-empty cell equals the column's option label (one-column-per-option)."""
    distinct = set(values.unique()) - {""}
    return len(distinct) <= 1 and all(v.strip() == label.strip() for v in distinct)


def join_options(frame: pd.DataFrame, cols: list[str], labels: list[str]) -> pd.Series:
    """One cell per row: the labels of the option columns that are filled, joined with ``JOIN``."""
    chosen = [frame[c] != "" for c in cols]

    def _row(i: int) -> str:
        return JOIN.join(lab for lab, mask in zip(labels, chosen) if mask.iat[i])

    return pd.Series([_row(i) for i in range(len(frame))], index=frame.index, dtype=object)


def present(frame: pd.DataFrame, names) -> list[str]:
    """The names that are columns of ``frame``, in the given order."""
    return [n for n in names if n in frame.columns]


class Columns:
    """The output columns of a reader, in order, with unique names and their question text."""

    def __init__(self) -> None:
        self.cols: dict[str, pd.Series] = {}
        self.questions: dict[str, str] = {}

    def add(self, name: str, values: pd.Series, question: str) -> str:
        """Add a column (renamed ``name (2)`` on a clash); return the name it got."""
        cand, n = name, 1
        while cand in self.cols:
            n += 1
            cand = f"{name} ({n})"
        self.cols[cand] = values
        self.questions[cand] = question
        return cand

    def frame(self, index) -> pd.DataFrame:
        return pd.DataFrame(self.cols, index=index) if self.cols else pd.DataFrame(index=index)
