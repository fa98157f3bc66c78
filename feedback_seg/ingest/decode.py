"""Bytes to text and text to a grid of cells — safely.

Encodings: a BOM decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else a single-byte legacy
code page (cp1252, whose printable range is a superset of latin-1's for real text) when the
bytes decode cleanly and look like text. Never ``errors="replace"``: when no encoding fits,
:class:`EncodingError` asks the user to name it with ``--encoding``.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import EncodingError, UnreadableFileError

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
csv.field_size_limit(64 * 1024 * 1024)


def detect_encoding(data: bytes, name: str = "file") -> str:
    """Pick the encoding of ``data`` or raise :class:`EncodingError`."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    if _looks_utf16(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if bad == 0:
            return enc
    raise EncodingError(f"{name}: cannot tell its text encoding; name it with --encoding "
                        "(e.g. --encoding cp1252)")


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or \
           (even.count(0) > 0.4 * len(even) and odd.count(0) == 0)


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; the text has no BOM."""
    data = Path(path).read_bytes()
    enc = encoding or detect_encoding(data, Path(path).name)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise EncodingError(f"{Path(path).name}: does not decode as {enc}: {exc}") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise UnreadableFileError(f"{Path(path).name}: contains NUL bytes; this is not a text export")
    return text, enc


@dataclass
class Grid:
    """Rows of cells with the 1-based line each row starts on."""
    rows: list[list[str]]
    lines: list[int]
    delimiter: str
    encoding: str


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_grid(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Grid:
    """Parse a delimited file into a :class:`Grid`, keeping every cell a string."""
    text, enc = read_text(path, encoding)
    delim = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    rows, lines = [], []
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
        raise UnreadableFileError(f"{Path(path).name}: line {reader.line_num}: {exc}") from exc
    return Grid(rows=rows, lines=lines, delimiter=delim, encoding=enc)
