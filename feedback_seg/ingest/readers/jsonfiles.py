"""Generic JSON: an array of objects, or an object holding one array of objects.
Nested objects become ``a.b`` columns; numbers keep their exact text."""
from __future__ import annotations

from pathlib import Path

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, Rejected
from ._json import flatten, load_json
from ._table import records_to_table

FORMAT = "json"


def matches(probe: Probe) -> bool:
    head = (probe.text_head or "").lstrip()[:1]
    return (probe.suffix == ".json" and head in ("[", "{")) or \
        (probe.suffix not in (".ndjson", ".jsonl", ".js") and head == "[")


def records_of(value, name: str) -> tuple[list, str | None]:
    """The list of records in a JSON value, and the key it was found under."""
    if isinstance(value, list):
        return value, None
    if isinstance(value, dict):
        arrays = {k: v for k, v in value.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
        if len(arrays) == 1:
            key = next(iter(arrays))
            return arrays[key], key
        if not arrays and value:
            return [value], None
        if arrays:
            names = ", ".join(sorted(arrays))
            raise UnreadableFileError(f"{name}: the JSON object holds several arrays of records ({names}); "
                                      "export one of them per file")
    raise UnreadableFileError(f"{name}: JSON without records (expected an array of objects)")


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    records, key = records_of(load_json(path, encoding), path.name)
    rows, rejected = [], []
    for pos, rec in enumerate(records, start=1):
        if isinstance(rec, dict):
            rows.append((pos, flatten(rec)))
        else:
            rejected.append(Rejected(pos, f"record {pos}: not a JSON object ({type(rec).__name__})"))
    meta = {"records_key": key} if key else {}
    return records_to_table(rows, FORMAT, rejected=rejected, meta=meta).check()
