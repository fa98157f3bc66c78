"""Run untrusted parsing in a child process, so a crashing parser cannot take the caller down.

:func:`run_isolated` spawns a fresh interpreter (``multiprocessing`` "spawn": nothing inherited
but the arguments), caps its address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``), calls
``module:function`` there and returns its (picklable) result. A child that segfaults, aborts,
runs out of memory or time becomes :class:`UnreadableFileError`; a :class:`FeedbackSegError`
raised in the child is raised again, with its class and message, in the parent. A parser library
rejecting the bytes (:data:`FILE_FAULTS`) is an unreadable file; any other exception is a bug of
ours and becomes :class:`~feedback_seg.errors.InternalError` with an id, its traceback logged.
:func:`preview_file` uses it to read an upload and propose column roles.
"""
from __future__ import annotations

import csv
import importlib
import json
import logging
import multiprocessing
import os
import signal
import traceback
import uuid
import zipfile
from pathlib import Path

from . import errors
from .errors import FeedbackSegError, UnreadableFileError

log = logging.getLogger(__name__)

# What a parser raises when the bytes are not a readable file of the type (not when our code is wrong).
FILE_FAULTS: tuple[type[BaseException], ...] = (ValueError, UnicodeError, OSError, EOFError, csv.Error,
                                                json.JSONDecodeError, zipfile.BadZipFile)
SAMPLE_VALUES = 3
MAX_REASONS = 10
_SIGNALS = {getattr(signal, n): n for n in ("SIGSEGV", "SIGABRT", "SIGKILL", "SIGXCPU", "SIGBUS", "SIGFPE")
            if hasattr(signal, n)}


def _resolve(func_path: str):
    module, _, name = func_path.partition(":")
    if not module or not name:
        raise ValueError(f"func_path must look like 'package.module:function', got {func_path!r}")
    return getattr(importlib.import_module(module), name)


def _limit(memory_mb: int, cpu_s: int) -> None:
    try:
        import resource  # noqa: PLC0415  (POSIX only)
    except ImportError:
        return
    mem = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_s), int(cpu_s) + 1))


def _child(conn, func_path: str, args: tuple, kwargs: dict, memory_mb: int, cpu_s: int) -> None:
    """Entry point of the child: limits, call, send ("ok", result) or ("err", class, msg, details)."""
    try:
        _limit(memory_mb, cpu_s)
        result = _resolve(func_path)(*args, **kwargs)
        conn.send(("ok", result))
    except FeedbackSegError as exc:
        conn.send(("err", type(exc).__name__, exc.message, exc.details))
    except MemoryError:
        conn.send(("err", "UnreadableFileError", "file unreadable: the parser ran out of memory", {}))
    except _file_faults() as exc:
        conn.send(("err", "UnreadableFileError", f"file unreadable: {type(exc).__name__}: {exc}"[:500], {}))
    except Exception as exc:  # noqa: BLE001  (a bug of ours: reported with an id, not blamed on the file)
        error_id = uuid.uuid4().hex[:12]
        log.error("internal error id=%s in %s\n%s", error_id, func_path, traceback.format_exc())
        conn.send(("err", "InternalError", f"internal error while reading the file ({type(exc).__name__}); "
                   f"this is a bug in feedback-seg, not a problem with the file. Quote id {error_id}.",
                   {"error_id": error_id}))
    finally:
        conn.close()


def _file_faults() -> tuple[type[BaseException], ...]:
    """:data:`FILE_FAULTS` plus the parse errors of the format libraries that are installed."""
    extra = []
    for module, name in (("pandas.errors", "ParserError"), ("pandas.errors", "EmptyDataError"),
                         ("openpyxl.utils.exceptions", "InvalidFileException"),
                         ("pyreadstat", "ReadstatError"), ("pyarrow", "ArrowInvalid"),
                         ("xml.etree.ElementTree", "ParseError")):
        try:
            extra.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):  # an optional reader's library is not installed
            continue
    return FILE_FAULTS + tuple(extra)


def _rebuild(name: str, message: str, details: dict) -> FeedbackSegError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, FeedbackSegError)):
        cls = UnreadableFileError
    return cls(message, **(details or {}))


def run_isolated(func_path: str, *args, timeout: float = 60, memory_mb: int = 2048, **kwargs):
    """Call ``func_path`` ("package.module:function") with ``args`` in a sandboxed child process.

    Raises :class:`UnreadableFileError` ("file unreadable: ...") when the child dies or exceeds
    ``timeout`` seconds (wall clock and CPU) or ``memory_mb`` of address space.
    """
    ctx = multiprocessing.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    cpu_s = max(1, int(timeout))
    proc = ctx.Process(target=_child, args=(child_conn, func_path, args, kwargs, memory_mb, cpu_s),
                       daemon=True)
    proc.start()
    child_conn.close()
    try:
        message = None
        if parent_conn.poll(timeout):
            try:
                message = parent_conn.recv()
            except (EOFError, OSError):
                message = None
        proc.join(5 if message is not None else 0.5)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
            if message is None:
                raise UnreadableFileError(f"file unreadable: parsing took longer than {timeout:g} s")
    finally:
        parent_conn.close()
    if message is None:
        code = proc.exitcode
        why = (f"the parser crashed ({_SIGNALS.get(-code, f'signal {-code}')})" if code is not None and code < 0
               else f"the parser exited unexpectedly (status {code})")
        raise UnreadableFileError(f"file unreadable: {why}")
    if message[0] == "ok":
        return message[1]
    raise _rebuild(*message[1:])


# ---- the upload preview --------------------------------------------------------------------

def _preview_in_child(path: str, format: str | None, encoding: str | None, overrides: dict | None) -> dict:
    """Runs inside the sandbox: read the file, propose roles, summarise (plain dict only)."""
    from .ingest.detect import read_file  # noqa: PLC0415
    from .ingest.roles import RoleOverrides, assign_roles  # noqa: PLC0415

    table = read_file(path, format=format, encoding=encoding)
    warnings = list(table.warnings)
    try:
        roles = assign_roles(table, RoleOverrides(**overrides) if overrides else None).to_dict()
    except errors.ColumnError as exc:
        roles, warnings = None, warnings + [str(exc)]
    frame = table.frame
    role_of: dict[str, str] = {}
    if roles:
        for col in roles.get("attribute_cols") or []:
            role_of[col] = "attribute"
        for col in roles.get("dropped_cols") or []:
            role_of[col] = "dropped"
        for col in roles.get("technical_cols") or []:
            role_of[col] = "technical"
        for col in roles.get("key_cols") or []:
            role_of[col] = "key"
        for col in roles.get("text_cols") or []:
            role_of[col] = "text"
        for key, label in (("id_col", "id"), ("record_col", "record"), ("time_col", "timestamp"),
                           ("channel_col", "channel")):
            if roles.get(key):
                role_of[roles[key]] = label
    from .ingest.summary import accounting, column_details  # noqa: PLC0415

    details = column_details(table, roles)
    columns = []
    for col in frame.columns:
        values = frame[col]
        filled = values[values.astype(str).str.strip() != ""]
        columns.append({"name": str(col), "role": role_of.get(col, "attribute" if roles else "unknown"),
                        "question": table.questions.get(col),
                        "filled": int(len(filled)),
                        "samples": [str(v)[:200] for v in filled.head(SAMPLE_VALUES)],
                        "details": details.get(str(col), {})})
    return {"format": table.format, "rows_in": int(table.rows_in), "rows": int(len(frame)),
            "rejected": len(table.rejected), "accounting": accounting(table, roles),
            "rejections": [{"row": r.row, "reason": r.reason} for r in table.rejected[:MAX_REASONS]],
            "columns": columns, "roles": roles, "questions": dict(table.questions),
            "warnings": warnings, "meta": {k: v for k, v in table.meta.items()
                                           if isinstance(v, (str, int, float, bool))}}


def preview_file(path: str | os.PathLike, format: str | None = None, encoding: str | None = None,
                 overrides: dict | None = None, *, timeout: float = 60, memory_mb: int = 2048) -> dict:
    """Detect, parse (in the sandbox) and summarise an upload for the user to confirm.

    Returns ``format``, ``rows_in``, ``rows``, ``rejected`` with the first ``rejections``,
    ``columns`` (name, proposed role, question, sample values), ``roles``, ``questions`` and
    ``warnings``.
    """
    p = Path(path)
    if not p.is_file():
        raise errors.NotFoundError(f"no such file: {p.name}")
    return run_isolated("feedback_seg.sandbox:_preview_in_child", str(p), format, encoding, overrides,
                        timeout=timeout, memory_mb=memory_mb)
