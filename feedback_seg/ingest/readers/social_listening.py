"""Social-listening mention exports (Brandwatch, Meltwater, Talkwalker ...; FORMATS.md 2.15), CSV or
XLSX: report-name / query / date-range lines may sit above the header, which the header-row
sniffer skips. The text column is the first of ``Full Text``, ``Hit Sentence``, ``Snippet`` ..."""
from __future__ import annotations

from pathlib import Path

from ..decode import read_grid
from ..table import Probe, RawTable, RoleHints
from ..xlsx import read_xlsx_grid
from ._table import find_header, grid_to_table

FORMAT = "social_listening"
TEXT = ["Full Text", "Hit Sentence", "Opening Text", "Snippet", "Mention Content", "Content", "Message"]
DATE = ["Date", "Published Date", "Published", "Created Date", "Time"]
AUTHOR = ["X Author ID", "Author ID", "Author", "Influencer", "Author Handle", "Thread Author", "Username"]
RECORD = ["Resource Id", "Mention Id", "Url", "URL", "Link"]
MARKERS = {"Query Id", "Query Name", "Url", "URL", "Domain", "Sentiment", "Page Type", "Influencer", "Source",
           "Reach", "Engagement", "Key Phrases", "Input Name", "Thread Entry Type", "Country"}


def _header(rows: list[list[str]]) -> list[str]:
    return [c.strip() for c in rows[find_header(rows)]] if rows else []


def matches(probe: Probe) -> bool:
    if not probe.rows:
        return False
    header = set(_header(probe.rows))
    return bool(header & set(TEXT)) and bool(header & set(DATE)) and len(header & MARKERS) >= 2


def _first(cols: list[str], names: list[str]) -> str | None:
    return next((n for n in names if n in cols), None)


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    grid = read_xlsx_grid(path) if path.suffix.lower() == ".xlsx" else read_grid(path, encoding)
    table = grid_to_table(grid, FORMAT)
    cols = list(table.frame.columns)
    text = _first(cols, TEXT)
    table.hints = RoleHints(id_col=_first(cols, AUTHOR), record_col=_first(cols, RECORD),
                            time_col=_first(cols, DATE), channel="social", text_cols=[text] if text else [])
    return table.check()
