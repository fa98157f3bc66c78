"""JSON helpers: whole-file loading with exact number lexemes, NDJSON lines, a bounded "skeleton"
of a file's head for detection, and flattening records to string cells."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ...errors import UnreadableFileError
from ..decode import read_text

# numbers stay the exact text the file had: ids are never coerced, 1.10 stays "1.10"
_LOADS = {"parse_int": str, "parse_float": str, "parse_constant": str}
_DECODER = json.JSONDecoder(**_LOADS)


def loads(text: str):
    return json.loads(text, **_LOADS)


def load_json(path: Path, encoding: str | None = None):
    """The whole file as one JSON value; an error names the line and column."""
    text, _ = read_text(path, encoding)
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(f"{Path(path).name}: line {exc.lineno}, column {exc.colno}: "
                                  f"not valid JSON ({exc.msg})", line=exc.lineno) from exc


def iter_ndjson(path: Path, encoding: str | None = None) -> Iterator[tuple[int, object, str | None]]:
    """``(line_number, value, error)`` for each non-blank line; ``error`` is set for a bad line."""
    text, _ = read_text(path, encoding)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, loads(line), None
        except json.JSONDecodeError as exc:
            yield n, None, f"line {n}: not valid JSON ({exc.msg} at column {exc.colno})"


def load_records(path: Path, encoding: str | None = None, keys: tuple[str, ...] = ()):
    """Records of a JSON array, an object wrapping one under one of ``keys``, a single object, or
    NDJSON lines. Returns ``(rows, errors, key)``: rows are ``(number, value)`` (position in the
    array, or line for NDJSON), errors are ``(line, reason)`` for unparseable NDJSON lines."""
    path = Path(path)
    text, _ = read_text(path, encoding)
    try:
        value = loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data" and path.suffix.lower() not in (".ndjson", ".jsonl"):
            raise UnreadableFileError(f"{path.name}: line {exc.lineno}, column {exc.colno}: "
                                      f"not valid JSON ({exc.msg})", line=exc.lineno) from exc
        rows, errors = [], []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append((n, loads(line)))
            except json.JSONDecodeError as err:
                errors.append((n, f"line {n}: not valid JSON ({err.msg} at column {err.colno})"))
        return rows, errors, None
    if isinstance(value, dict):
        for key in keys:
            if isinstance(value.get(key), list):
                return list(enumerate(value[key], start=1)), [], key
            if isinstance(value.get(key), dict):
                return [(1, value[key])], [], key
        return [(1, value)], [], None
    if isinstance(value, list):
        return list(enumerate(value, start=1)), [], None
    raise UnreadableFileError(f"{path.name}: JSON holds a single {type(value).__name__}, not records")


def js_payload(text: str, name: str) -> str:
    """The JSON array inside a ``window.YTD.x.partN = [...]`` file — found, never evaluated."""
    start = text.find("[")
    if start < 0 or not text[:start].lstrip().startswith("window.YTD."):
        raise UnreadableFileError(f"{name}: not an X/Twitter archive data file (no 'window.YTD... = [')")
    body = text[start:].rstrip()
    return body[:-1].rstrip() if body.endswith(";") else body


def skeleton(text: str):
    """Parse the head of a JSON text leniently: each array keeps only its first element and the
    value stops where the text is cut. Good enough to look at keys; ``None`` if not JSON."""
    try:
        value, _ = _value(text, _ws(text, 0))
        return value
    except (_Cut, ValueError, IndexError):
        return None


class _Cut(Exception):
    """The text ends inside a value."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def _ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _value(text: str, i: int):
    if i >= len(text):
        raise _Cut(None)
    ch = text[i]
    if ch == "{":
        return _object(text, i + 1)
    if ch == "[":
        return _array(text, i + 1)
    try:
        return _DECODER.raw_decode(text, i)
    except json.JSONDecodeError as exc:
        raise _Cut(None) if exc.pos >= len(text) - 1 or "Unterminated" in exc.msg else ValueError(exc.msg)


def _object(text: str, i: int):
    out: dict = {}
    try:
        while True:
            i = _ws(text, i)
            if i < len(text) and text[i] == "}":
                return out, i + 1
            if i < len(text) and text[i] == ",":
                i = _ws(text, i + 1)
            if i >= len(text):
                raise _Cut(None)
            key, i = _DECODER.raw_decode(text, i)
            i = _ws(text, i)
            if i >= len(text) or text[i] != ":":
                raise _Cut(None) if i >= len(text) else ValueError("expected ':'")
            try:
                out[key], i = _value(text, _ws(text, i + 1))
            except _Cut as cut:
                if cut.value is not None:
                    out[key] = cut.value
                raise
    except (_Cut, json.JSONDecodeError):
        return out, len(text)


def _array(text: str, i: int):
    i = _ws(text, i)
    if i < len(text) and text[i] == "]":
        return [], i + 1
    try:
        first, i = _value(text, i)
    except _Cut as cut:
        return ([cut.value] if cut.value is not None else []), len(text)
    return [first], _skip_array(text, i)


def _skip_array(text: str, i: int) -> int:
    """Jump past the rest of an array (strings and nesting aware)."""
    depth, in_str, esc = 1, False, False
    while i < len(text):
        ch = text[i]
        if in_str:
            esc = (ch == "\\") and not esc
            if ch == '"' and not esc:
                in_str = False
        elif ch == '"':
            in_str, esc = True, False
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def flatten(record: dict, prefix: str = "") -> dict[str, str]:
    """Nested objects become ``a.b`` columns; lists become compact JSON text; null becomes ""."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + ".") if value else {name: ""})
        else:
            out[name] = cell(value)
    return out


def cell(value) -> str:
    """One JSON value as a cell string (numbers keep their lexeme; true/false as written)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
