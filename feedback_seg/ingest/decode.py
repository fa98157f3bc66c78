"""Bytes to text and text to a grid of cells — safely.

Encodings: a BOM decides (UTF-8, UTF-16 LE/BE); else BOM-less UTF-16 by its zero bytes; else
strict UTF-8; else a single-byte legacy code page (cp1252, whose printable range is a superset of
latin-1's for real text; latin-1 last) when the bytes decode cleanly and look like text. Never
``errors="replace"``: when no encoding fits, :class:`EncodingError` asks the user to name it with
``--encoding``.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import EncodingError, UnreadableFileError

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
LEGACY = ("cp1252", "latin-1")
MAX_LEGACY_HIGH_SHARE = 0.3   # more non-ASCII than this in a cp1252 guess looks like mojibake
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")
csv.field_size_limit(64 * 1024 * 1024)


def detect_encoding(data: bytes, name: str = "file", *, partial: bool = False) -> str:
    """Pick the encoding of ``data`` or raise :class:`EncodingError`.

    ``partial=True`` when ``data`` is a file's head, whose last character may be cut short.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    if _looks_utf16(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    if _decodes(data, "utf-8", partial):
        return "utf-8"
    for enc in LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_legacy(text):
            return enc
    raise EncodingError(f"{name}: cannot tell its text encoding (not UTF-8 or UTF-16, and it does not "
                        "look like cp1252/latin-1 text); name it with --encoding (e.g. --encoding cp1252)")


def _decodes(data: bytes, enc: str, partial: bool) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError as exc:
        # a head cut inside a multi-byte character still counts as that encoding
        return partial and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"


def _plausible_legacy(text: str) -> bool:
    """Text in a legacy code page: no control characters (C0 or C1), mostly ASCII."""
    if _CONTROL.search(text):
        return False
    visible = len(text) - sum(text.count(ch) for ch in " \t\r\n")
    high = len(text) - len(text.encode("ascii", "ignore"))
    return visible == 0 or high / visible <= MAX_LEGACY_HIGH_SHARE


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or \
           (even.count(0) > 0.4 * len(even) and odd.count(0) == 0)


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a whole file's bytes: ``(text, encoding)``; the text has no BOM and no NUL."""
    enc = encoding or detect_encoding(data, name)
    try:
        text = data.decode(enc)
    except LookupError as exc:
        raise EncodingError(f"{name}: unknown encoding {enc!r}") from exc
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise EncodingError(f"{name}: line {line}: does not decode as {enc} ({exc.reason}); "
                            "name the right one with --encoding") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UnreadableFileError(f"{name}: line {line}: contains NUL bytes; this is not a text export "
                                  "(binary file, or a wrong --encoding)")
    return text, enc


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; the text has no BOM."""
    path = Path(path)
    return decode_bytes(path.read_bytes(), path.name, encoding)


@dataclass
class Grid:
    """Rows of cells with the 1-based line each row starts on."""
    rows: list[list[str]]
    lines: list[int]
    delimiter: str
    encoding: str


def sniff_delimiter(text: str) -> str:
    """The field delimiter among ``, ; TAB |`` (comma when there is only one column)."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in ",;\t|"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def parse_grid(text: str, name: str, delimiter: str, encoding: str = "") -> Grid:
    """Parse delimited ``text`` strictly; an unterminated quote or stray quote names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, lines = [], []
    start = 1
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        what = "unterminated quoted field" if "end of data" in str(exc) else str(exc)
        raise UnreadableFileError(f"{name}: line {start}: {what} (the record starting there cannot be "
                                  "parsed; fix the quoting)", line=start) from exc
    return Grid(rows=rows, lines=lines, delimiter=delimiter, encoding=encoding)


def read_grid(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Grid:
    """Parse a delimited file into a :class:`Grid`, keeping every cell a string."""
    text, enc = read_text(path, encoding)
    return parse_grid(text, Path(path).name, delimiter or sniff_delimiter(text), enc)
