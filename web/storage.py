"""Uploaded files on disk: stored as ``<upload root>/<project id>/<uuid><.ext>``, never by their name
(the extension only from the allowlist of ``feedback_seg.ingest.detect``, since detection checks it).

The original file name is kept only as metadata (``<uuid>.meta.json``), next to the cached preview
(``<uuid>.preview.json``): suffixes no upload can have, so a ``.json`` upload (``<uuid>.json``) is never
overwritten by its own metadata. Parsing runs in the sandbox (``feedback_seg.sandbox``).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import unicodedata
import uuid
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from feedback_seg import sandbox
from feedback_seg.errors import FeedbackSegError, InputError, NotFoundError, UnreadableFileError
from feedback_seg.ingest.detect import ALLOWED_SUFFIXES

CHUNK = 1 << 20
MAX_NAME = 255
META = ".meta.json"
PREVIEW = ".preview.json"


def _root(project_id: int) -> Path:
    root = Path(current_app.config["UPLOAD_ROOT"]).resolve() / str(int(project_id))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def display_name(name: str | None) -> str:
    """The user's file name, cleaned for display and metadata only (never used as a path)."""
    name = unicodedata.normalize("NFC", name or "upload")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return (name.replace("/", "_").replace("\\", "_").strip() or "upload")[-MAX_NAME:]


def save_upload(file: FileStorage | None, project_id: int, user: dict) -> dict:
    """Stream the upload to ``<root>/<project>/<uuid>``; return its metadata."""
    if file is None or not file.filename:
        raise InputError("choose a file to upload")
    ext = Path(file.filename).suffix.lower()
    if ext not in ALLOWED_SUFFIXES:
        raise InputError(f"files ending in {ext or '(no extension)'} are not accepted; "
                         f"allowed: {', '.join(ALLOWED_SUFFIXES)}")
    upload_id = str(uuid.uuid4())
    root = _root(project_id)
    path = root / f"{upload_id}{ext}"
    digest, size = hashlib.sha256(), 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := file.stream.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if size == 0:
        path.unlink(missing_ok=True)
        raise InputError("the file is empty")
    meta = {"id": upload_id, "ext": ext, "project_id": int(project_id), "filename": display_name(file.filename),
            "size": size, "sha256": digest.hexdigest(), "user_id": user["id"],
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (root / f"{upload_id}{META}").write_text(json.dumps(meta), encoding="utf-8")
    return meta


def load_meta(project_id: int, upload_id) -> dict:
    """The metadata of an upload in this project (404 for any other)."""
    meta_path = _root(project_id) / f"{uuid.UUID(str(upload_id))}{META}"
    if not meta_path.is_file():
        raise NotFoundError("no such upload")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("project_id") != int(project_id):
        raise NotFoundError("no such upload")
    return meta


def file_path(meta: dict) -> Path:
    ext = meta.get("ext", "")
    if ext not in ALLOWED_SUFFIXES:
        ext = ""
    return _root(meta["project_id"]) / f"{uuid.UUID(meta['id'])}{ext}"


def discard(meta: dict) -> None:
    base = _root(meta["project_id"])
    file_path(meta).unlink(missing_ok=True)
    for suffix in (META, PREVIEW):
        (base / f"{uuid.UUID(meta['id'])}{suffix}").unlink(missing_ok=True)


def preview(meta: dict, *, format: str | None = None, encoding: str | None = None,
            overrides: dict | None = None, refresh: bool = False) -> dict:
    """The sandboxed preview of an upload, cached next to it."""
    cache = _root(meta["project_id"]) / f"{uuid.UUID(meta['id'])}{PREVIEW}"
    if cache.is_file() and not refresh:
        return json.loads(cache.read_text(encoding="utf-8"))
    cfg = current_app.config
    path = file_path(meta)
    try:
        result = sandbox.preview_file(path, format=format or None, encoding=encoding or None,
                                      overrides=overrides or None, timeout=cfg["PARSE_TIMEOUT"],
                                      memory_mb=cfg["PARSE_MEMORY_MB"])
    except FeedbackSegError as exc:      # name the user's file, not our storage name
        exc.message = exc.message.replace(str(path), meta["filename"]).replace(path.name, meta["filename"])
        raise
    if not result.get("rows"):           # nothing importable: say why instead of a preview of nothing
        reasons = "; ".join(f"row {r['row']}: {r['reason']}" for r in result.get("rejections", [])[:5])
        raise UnreadableFileError(f"{meta['filename']}: no row could be imported"
                                  + (f" ({reasons})" if reasons else " (the file holds no rows)"))
    result["requested"] = {"format": format or None, "encoding": encoding or None}
    cache.write_text(json.dumps(result, default=str), encoding="utf-8")
    return result


def start_processing(meta: dict, mapping: dict, user: dict) -> int:
    """Hand a confirmed upload to the job runner; returns the job id.

    The one place that knows the lead's service API; adapt here if it changes.
    """
    from feedback_seg import service  # noqa: PLC0415

    from .context import engine  # noqa: PLC0415
    start = getattr(service, "start_processing", None)
    if start is None:
        raise NotFoundError("background processing is not available in this build")
    return int(start(engine(), meta["project_id"], str(file_path(meta)), mapping, user=user["username"],
                     filename=meta["filename"], fmt=mapping.get("format")))


def get_job(job_id: int) -> dict:
    from .context import engine  # noqa: PLC0415
    try:
        from feedback_seg import jobs  # noqa: PLC0415
    except ImportError as exc:
        raise NotFoundError("the job runner is not available in this build") from exc
    job = jobs.get_job(engine(), int(job_id))
    if job is None:
        raise NotFoundError(f"no job with id {job_id}")
    return job


ROLE_CHOICES = ("text", "id", "timestamp", "attribute", "dropped")
DETECTED_ONLY = ("record", "channel")   # kept as detection found them; the reader owns these columns


def mapping_from_choices(choices: dict[str, str], channel: str | None = None,
                         detected: dict[str, str] | None = None) -> dict:
    """Column -> role choices (from the preview form or the API) as role overrides.

    ``detected`` (column -> proposed role) lets a column keep a role only detection assigns
    (a ticket's record id, a channel column); choosing such a role for another column is refused.
    """
    detected = detected or {}
    bad = {c: r for c, r in choices.items()
           if r not in ROLE_CHOICES and not (r in DETECTED_ONLY and detected.get(c) == r)}
    if bad:
        raise InputError(f"unknown role(s) {sorted(set(bad.values()))} for column(s) {sorted(bad)}; "
                         f"roles are {', '.join(ROLE_CHOICES)}")
    pick = {r: [c for c, role in choices.items() if role == r] for r in ROLE_CHOICES}
    for single in ("id", "timestamp"):
        if len(pick[single]) > 1:
            raise InputError(f"choose at most one {single} column")
    if not pick["text"]:
        raise InputError("choose at least one open-ended text column")
    out = {"text_cols": pick["text"], "id_col": (pick["id"] or [None])[0],
           "time_col": (pick["timestamp"] or [None])[0], "attribute_cols": pick["attribute"],
           "drop_cols": pick["dropped"]}
    if channel:
        out["channel"] = channel
    return out


def detected_roles(preview: dict) -> dict[str, str]:
    return {c["name"]: c["role"] for c in preview.get("columns", [])}
