"""Generic delimited text: CSV / TSV (header-row sniffer, delimiter and encoding detection) and
TXT (one text per line unless it is tab-separated)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..decode import parse_grid, read_grid, read_text, sniff_delimiter
from ..table import Probe, RawTable, RoleHints
from ._table import grid_to_table

FORMAT = "csv"
SUFFIXES = (".csv", ".tsv", ".txt", ".tab")


def matches(probe: Probe) -> bool:
    if probe.text_head is None or probe.suffix not in SUFFIXES:
        return False
    return not probe.text_head.lstrip()[:1] in ("{", "[")


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    if path.suffix.lower() == ".txt":
        return _read_txt(path, encoding)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else None
    return grid_to_table(read_grid(path, encoding, delimiter), FORMAT).check()


def _read_txt(path: Path, encoding: str | None) -> RawTable:
    text, enc = read_text(path, encoding)
    lines = text.splitlines()[:50]
    tabs = {ln.count("\t") for ln in lines if ln.strip()}
    if len(tabs) == 1 and tabs != {0}:
        return grid_to_table(parse_grid(text, path.name, "\t", enc), FORMAT).check()
    data, nums = [], []
    blank = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            data.append(line)
            nums.append(n)
        else:
            blank += 1
    frame = pd.DataFrame({"text": data}, dtype=object)
    warnings = [f"{blank} blank line(s) ignored"] if blank else []
    return RawTable(format=FORMAT, frame=frame, row_numbers=nums, rows_in=len(data), warnings=warnings,
                    hints=RoleHints(text_cols=["text"]), meta={"encoding": enc, "layout": "one text per line"}).check()


__all__ = ["FORMAT", "matches", "read", "sniff_delimiter"]
