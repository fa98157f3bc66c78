"""Generic NDJSON / JSON Lines: one object per line; a bad line is rejected with its number."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable, Rejected
from ._json import flatten, iter_ndjson
from ._table import records_to_table

FORMAT = "ndjson"


def is_ndjson(probe: Probe) -> bool:
    """Two or more lines that each hold a whole JSON object (or the suffix says so)."""
    if probe.text_head is None:
        return False
    if probe.suffix in (".ndjson", ".jsonl"):
        return True
    import json  # noqa: PLC0415

    lines = [ln for ln in probe.text_head.splitlines()[:3] if ln.strip()]
    try:
        return len(lines) >= 2 and all(isinstance(json.loads(ln), dict) for ln in lines[:2])
    except ValueError:
        return False


def matches(probe: Probe) -> bool:
    return is_ndjson(probe)


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    rows, rejected = [], []
    for line, value, error in iter_ndjson(Path(path), encoding):
        if error:
            rejected.append(Rejected(line, error))
        elif not isinstance(value, dict):
            rejected.append(Rejected(line, f"line {line}: not a JSON object"))
        else:
            rows.append((line, flatten(value)))
    return records_to_table(rows, FORMAT, rejected=rejected).check()
