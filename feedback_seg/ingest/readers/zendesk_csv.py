"""Zendesk Admin CSV export (Reports → Export): ticket attributes and the subject only —
the CSV carries no ticket text (no description, no comments)."""
from __future__ import annotations

from pathlib import Path

from ..decode import read_grid
from ..table import Probe, RawTable, RoleHints
from ._table import grid_to_table

FORMAT = "zendesk_csv"
NO_TEXT = ("Zendesk CSV export carries no ticket text (no description or comments): only the Subject "
           "line is imported as text. Export tickets as JSON to analyse what customers wrote.")
PII = ["Requester", "Requester email", "Requester domain", "Submitter", "Assignee", "Summation column"]


def matches(probe: Probe) -> bool:
    header = (probe.rows or [[]])[0]
    return len(header) > 3 and header[0].strip() == "Summation column" and "Requester id" in header


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    table = grid_to_table(read_grid(Path(path), encoding), FORMAT, sniff=False)
    cols = list(table.frame.columns)
    table.hints = RoleHints(id_col="Requester id" if "Requester id" in cols else None,
                            record_col="Id" if "Id" in cols else None,
                            time_col="Created at" if "Created at" in cols else None, channel="ticket",
                            text_cols=["Subject"] if "Subject" in cols else [],
                            drop_cols=[c for c in PII if c in cols])
    table.warnings.insert(0, NO_TEXT)
    return table.check()
