"""Generic XLSX: the first sheet, with the same header-row sniffer as CSV."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable
from ..xlsx import read_xlsx_grid
from ._table import grid_to_table

FORMAT = "xlsx"


def matches(probe: Probe) -> bool:
    return probe.suffix == ".xlsx" and probe.head_bytes.startswith(b"PK")


def read(path: Path, *, encoding: str | None = None) -> RawTable:  # noqa: ARG001 - XLSX has its own
    return grid_to_table(read_xlsx_grid(Path(path)), FORMAT).check()
