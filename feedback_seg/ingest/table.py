"""The contract between readers and the rest of ingestion.

Every reader turns one file into a :class:`RawTable`: a DataFrame of strings (``""`` is the
only missing value; ``"N/A"``, ``"None"``, ``"null"`` stay text; ids are never coerced), the
source row number of each frame row, the question text of each column, and the rows it had to
reject with a reason. Invariant: ``rows_in == len(frame) + len(rejected)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Rejected:
    """A source row that was not imported. ``row`` is 1-based: the line of a CSV (header lines
    counted), or the record's position in a JSON/NDJSON file."""
    row: int
    reason: str


@dataclass
class RoleHints:
    """What the reader knows about its columns (the roles step may still override)."""
    id_col: str | None = None          # the respondent / customer id
    record_col: str | None = None      # the record key (response, ticket, post) if not id_col
    time_col: str | None = None
    channel: str | None = None         # survey | ticket | social
    channel_col: str | None = None
    text_cols: list[str] = field(default_factory=list)
    choice_cols: list[str] = field(default_factory=list)
    drop_cols: list[str] = field(default_factory=list)     # system / PII columns not kept
    numeric_cols: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    format: str
    frame: pd.DataFrame
    row_numbers: list[int]
    rows_in: int
    questions: dict[str, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hints: RoleHints = field(default_factory=RoleHints)
    meta: dict = field(default_factory=dict)

    def check(self) -> "RawTable":
        """Assert the reader kept its accounts straight."""
        if len(self.row_numbers) != len(self.frame):
            raise AssertionError(f"{self.format}: {len(self.frame)} rows but {len(self.row_numbers)} row numbers")
        if self.rows_in != len(self.frame) + len(self.rejected):
            raise AssertionError(f"{self.format}: rows_in {self.rows_in} != {len(self.frame)} + {len(self.rejected)}")
        return self


@dataclass
class Probe:
    """What format detection looks at: built once per file by ``detect.make_probe``."""
    path: "object"                        # pathlib.Path
    suffix: str                           # lower-case extension, e.g. ".csv"
    head_bytes: bytes                     # the first 64 KiB
    text_head: str | None = None          # the first 64 KiB decoded (None for binary files)
    rows: list[list[str]] | None = None   # the first ~10 rows of a CSV/TSV/XLSX as cells
    json_head: object | None = None       # the first JSON record (object), for JSON/NDJSON/JS files
