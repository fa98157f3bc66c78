"""Format detection and the one entry point for reading an uploaded file.

``read_file`` checks the size limit, refuses content that does not match the file's extension
(HTML or PNG named ``.csv``, ZIP named ``.sav``, SAV named ``.xlsx`` ...), then detects the format
(or takes ``format``) and runs its reader. Readers are tried in order: survey exports, tickets,
social, then the generic readers.
"""
from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path
from types import ModuleType

from .. import config
from ..errors import FeedbackSegError, FileTooLargeError, InputError, NotFoundError, UnreadableFileError
from .decode import detect_encoding, sniff_delimiter
from .readers._json import js_payload, skeleton
from .table import Probe, RawTable

HEAD_BYTES = 64 * 1024
PROBE_ROWS = 30
_TEXT_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".json", ".ndjson", ".jsonl", ".js"}
_BINARY_SUFFIXES = {".xlsx": "zip", ".sav": "sav", ".zsav": "sav", ".parquet": "parquet"}
ALLOWED_SUFFIXES = sorted(_TEXT_SUFFIXES | set(_BINARY_SUFFIXES))
_MAGIC = [(b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"$FL2", "sav"), (b"$FL3", "sav"),
          (b"PAR1", "parquet"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
          (b"GIF8", "GIF image"), (b"%PDF", "PDF document"), (b"\xd0\xcf\x11\xe0", "legacy Office (OLE2) file"),
          (b"\x1f\x8b", "gzip archive"), (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"\x7fELF", "executable")]
_KIND_NAMES = {"zip": "a ZIP archive", "sav": "an SPSS .sav file", "parquet": "a Parquet file", "text": "text"}
_HTML = ("<!doctype html", "<html", "<head", "<body", "<script", "<?xml", "<svg")

_TICKETS = ["zendesk_csv", "zendesk", "freshdesk", "intercom", "liveagent"]
_SOCIAL = ["twitter", "reddit_gdpr", "reddit", "social_listening"]
_GENERIC = ["parquet", "spreadsheet", "ndjson", "jsonfiles", "generic"]


def _modules(names: list[str]) -> list[ModuleType]:
    return [importlib.import_module(f"{__package__}.readers.{n}") for n in names]


def _survey_readers() -> list[ModuleType]:
    from .readers.surveys import SURVEY_READERS  # noqa: PLC0415 - a failing import must fail loudly

    return list(SURVEY_READERS)


def readers() -> list[ModuleType]:
    """All readers in detection order."""
    return _survey_readers() + _modules(_TICKETS) + _modules(_SOCIAL) + _modules(_GENERIC)


def __getattr__(name: str):
    if name == "READERS":   # computed lazily so the survey readers may arrive later
        return readers()
    raise AttributeError(name)


def formats() -> list[str]:
    return [m.FORMAT for m in readers()]


def get_reader(format: str) -> ModuleType:  # noqa: A002 - the CLI's word
    """The reader module for ``format``; :class:`InputError` lists the valid names."""
    for module in readers():
        if module.FORMAT == format:
            return module
    raise InputError(f"unknown format {format!r}; valid formats: {', '.join(formats())}")


# --- probing ---------------------------------------------------------------------------------

def _magic_kind(head: bytes) -> str:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return "text"


def make_probe(path: Path) -> Probe:
    """Look at the first 64 KiB: decoded text, the first rows of CSV-like text or XLSX, the first
    JSON record (JSON, NDJSON, ``window.YTD`` JS)."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    probe = Probe(path=path, suffix=path.suffix.lower(), head_bytes=head)
    kind = _magic_kind(head)
    if kind == "zip" and probe.suffix == ".xlsx":
        probe.rows = _xlsx_rows(path)
    if kind != "text":
        return probe
    try:
        enc = detect_encoding(head, path.name, partial=len(head) == HEAD_BYTES)
        text = _decode_head(head, enc)
    except FeedbackSegError:
        return probe
    probe.text_head = text
    stripped = text.lstrip()
    if stripped.startswith("window.YTD."):
        try:
            first = skeleton(js_payload(text, path.name))
        except FeedbackSegError:
            first = None
        probe.json_head = first[0] if isinstance(first, list) and first else first
    elif stripped[:1] in ("{", "["):
        value = skeleton(stripped)
        probe.json_head = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value
    else:
        probe.rows = _text_rows(text, truncated=len(head) == HEAD_BYTES)
    return probe


def _decode_head(head: bytes, enc: str) -> str:
    for cut in range(4):   # the head may end inside a multi-byte character
        try:
            text = head[:len(head) - cut].decode(enc)
            return text[1:] if text.startswith("\ufeff") else text
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("undecodable head")


def _text_rows(text: str, truncated: bool) -> list[list[str]]:
    if truncated and "\n" in text:
        text = text[:text.rfind("\n")]
    delim = "\t" if text.count("\t") > text.count(",") else sniff_delimiter(text)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            rows.append(row)
            if len(rows) >= PROBE_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _xlsx_rows(path: Path) -> list[list[str]] | None:
    from .xlsx import read_xlsx_grid  # noqa: PLC0415

    try:
        return read_xlsx_grid(path, max_rows=PROBE_ROWS).rows
    except FeedbackSegError:
        return None


# --- checks and entry points -----------------------------------------------------------------

def check_content(path: Path, head: bytes) -> None:
    """Refuse a file whose bytes are not what its extension promises."""
    name, suffix = path.name, path.suffix.lower()
    kind = _magic_kind(head)
    expected = _BINARY_SUFFIXES.get(suffix, "text" if suffix in _TEXT_SUFFIXES else None)
    if expected is None:
        if kind != "text" and kind not in _BINARY_SUFFIXES.values():
            raise UnreadableFileError(f"{name}: is a {kind}, not a data export; refused")
        return
    if kind == "text" and expected == "text":
        lead = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
        if any(lead.startswith(tag.encode()) for tag in _HTML):
            raise UnreadableFileError(f"{name}: the content is HTML/XML markup, not a {suffix} export "
                                      "(a saved web page?); refused")
        return
    if kind != expected:
        what = _KIND_NAMES.get(kind, f"a {kind}")
        raise UnreadableFileError(f"{name}: the content is {what} but the name ends in {suffix}; refused "
                                  f"(export the file again as {suffix}, or give it the right extension)")


def detect_format(path: Path) -> str:
    """The first reader whose ``matches`` accepts the file's probe."""
    path = Path(path)
    probe = make_probe(path)
    for module in readers():
        try:
            if module.matches(probe):
                return module.FORMAT
        except FeedbackSegError:
            continue
    raise UnreadableFileError(f"{path.name}: cannot tell the export format; pass --format (one of: "
                              f"{', '.join(formats())})")


def read_file(path: Path | str, format: str | None = None, encoding: str | None = None) -> RawTable:  # noqa: A002
    """Read one uploaded file into a :class:`RawTable` (the one entry point for ingestion)."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise NotFoundError(f"{name}: no such file")
    size = path.stat().st_size
    if size > config.MAX_UPLOAD_BYTES:
        raise FileTooLargeError(f"{name}: {size:,} bytes exceeds the upload limit of {config.MAX_UPLOAD_BYTES:,}")
    if size == 0:
        raise UnreadableFileError(f"{name}: the file is empty")
    reader = get_reader(format) if format else None
    if reader is None and path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise InputError(f"{name}: files ending in {path.suffix or '(no extension)'} are not accepted; "
                         f"allowed: {', '.join(ALLOWED_SUFFIXES)} (or name the format with --format)")
    with open(path, "rb") as fh:
        check_content(path, fh.read(HEAD_BYTES))
    reader = reader or get_reader(detect_format(path))
    try:
        table = reader.read(path, encoding=encoding)
    except FeedbackSegError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError, RecursionError,
            OSError) as exc:
        raise UnreadableFileError(f"{name}: cannot be read as {reader.FORMAT}: {type(exc).__name__}: {exc}") \
            from exc
    table.meta.setdefault("file_name", name)
    return table.check()
