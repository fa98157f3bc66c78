"""JSON twins of the segment pages under ``/api/v1`` (runs, segments, members, map, personas,
exports), plus the access helpers and export packaging that the HTML views share.

Routes are added to the ``api`` blueprint, so bearer tokens, CSRF rules, the error envelope and
the OpenAPI document apply to them as to every other API route.
"""
from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

from flask import request, send_file, url_for
from werkzeug.utils import secure_filename

from feedback_seg import service
from feedback_seg.errors import AuthError, InputError

from .api import _page_args, _serializer, bp, ok
from .context import can, engine, require, user

EXPORTS = {"csv": ("zip", "application/zip"),
           "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "json": ("json", "application/json")}
ROW_LEVEL = "assignments"   # the one per-person table: needs export.raw
MAX_SEARCH = 200


# ---- access --------------------------------------------------------------------------------

def run_for(run_id: int, action: str = "project.read") -> dict:
    """The run's manifest, once the current user may ``action`` in its project."""
    if user() is None:
        raise AuthError("login required")
    manifest = service.run_manifest(engine(), run_id)
    require(action, manifest["project_id"])
    return manifest


def segment_for(segment_id: int) -> tuple[dict, dict]:
    """(segment, run manifest) once the current user may read the segment's project."""
    if user() is None:
        raise AuthError("login required")
    seg = service.get_segment(engine(), segment_id)
    return seg, run_for(seg["run_id"])


def members_page(segment_id: int) -> dict:
    """A page of members for the request's ``q``, ``limit`` and opaque ``next`` token."""
    after, limit = _page_args()
    search = (request.args.get("q") or "").strip()
    if len(search) > MAX_SEARCH:
        raise InputError(f"the search text is longer than {MAX_SEARCH} characters")
    page = service.segment_members(engine(), segment_id, after=after or 0, limit=limit,
                                   search=search or None)
    token = _serializer().dumps({"after": page["next"]}) if page["next"] is not None else None
    return {"members": page["members"], "next": token, "q": search}


def map_points(run_id: int) -> list[dict]:
    """Respondents' 2-D map positions with segment and confidence (no external ids)."""
    return [{"respondent_id": a["respondent_id"], "segment_key": a["segment_key"], "segment": a["segment"],
             "x": a["x"], "y": a["y"], "confidence": a["confidence"], "origin": a["origin"]}
            for a in service.assignments(engine(), run_id) if a["x"] is not None and a["y"] is not None]


# ---- exports -------------------------------------------------------------------------------

def export_file(run_id: int, fmt: str, *, row_level: bool) -> tuple[io.BytesIO, str, str]:
    """The run's export as (bytes, extension, mimetype); the per-person assignments table
    is left out unless ``row_level``."""
    if fmt not in EXPORTS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTS)}")
    ext, mimetype = EXPORTS[fmt]
    with tempfile.TemporaryDirectory(prefix="fs-export-") as tmp:
        target = Path(tmp) / ("tables" if fmt == "csv" else f"export.{fmt}")
        paths = [Path(p) for p in service.export_run(engine(), run_id, fmt, target)]
        buf = io.BytesIO()
        if fmt == "csv":
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in paths:
                    if row_level or not p.stem.endswith("_" + ROW_LEVEL):
                        zf.write(p, p.name)
        elif fmt == "json":
            payload = json.loads(paths[0].read_text(encoding="utf-8"))
            if not row_level:
                payload.pop(ROW_LEVEL, None)
            buf.write(json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        else:
            _xlsx_without(paths[0], None if row_level else ROW_LEVEL, buf)
    buf.seek(0)
    return buf, ext, mimetype


def _xlsx_without(path: Path, sheet: str | None, out: io.BytesIO) -> None:
    import openpyxl  # noqa: PLC0415

    if sheet is None:
        out.write(path.read_bytes())
        return
    wb = openpyxl.load_workbook(path)
    if sheet in wb.sheetnames:
        del wb[sheet]
    wb.save(out)


def download_name(run_id: int, project_id: int, ext: str, suffix: str = "segments") -> str:
    """A safe attachment name: ``<project>-run<id>-<suffix>.<ext>``."""
    project = service.get_project(engine(), project_id)
    stem = secure_filename(f"{project['name']}-run{run_id}-{suffix}") or f"run{run_id}-{suffix}"
    return f"{stem}.{ext}"


def send_export(run_id: int, fmt: str):
    """The export as an attachment, for a user allowed aggregate exports of the run's project."""
    pid = run_for(run_id, "export.aggregate")["project_id"]
    wait_fresh(run_id)
    buf, ext, mimetype = export_file(run_id, fmt, row_level=can("export.raw", pid))
    return send_file(buf, mimetype=mimetype, as_attachment=True, download_name=download_name(run_id, pid, ext),
                     max_age=0)


# ---- routes --------------------------------------------------------------------------------

@bp.route("/projects/<int:pid>/runs", methods=["GET"])
def project_runs(pid: int):
    """A project's segmentation runs, newest first."""
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    rows = service.run_list(engine(), project["name"])
    for r in rows:
        r["links"] = {"run": url_for("api.run", run_id=r["run_id"])}
    return ok(rows)


@bp.route("/runs/<int:run_id>", methods=["GET"])
def run(run_id: int):
    """A run: manifest and segments with keywords, quotes, profiles and top over-indexed attributes."""
    run_for(run_id)
    return ok(service.run_summary(engine(), run_id, detail=True))


@bp.route("/runs/<int:run_id>/freshness", methods=["GET"])
def run_freshness(run_id: int):
    """Whether a run's figures are being recomputed after a review edit (``stale``), and up to which edit."""
    run_for(run_id)
    return ok(freshness(run_id))


def freshness(run_id: int) -> dict:
    """The run's freshness for pages and the API (``run_id`` included)."""
    return {**service.freshness(engine(), run_id), "run_id": run_id}


def wait_fresh(run_id: int, timeout: float = 30.0) -> None:
    """Let a background refresh of the run finish first, so an export or report is never stale."""
    service.wait_for_refresh(run_id, timeout)


@bp.route("/runs/<int:run_id>/map", methods=["GET"])
def run_map(run_id: int):
    """Map points of a run: each respondent's 2-D position, segment and confidence."""
    run_for(run_id)
    return ok(map_points(run_id))


@bp.route("/runs/<int:run_id>/personas", methods=["GET"])
def run_personas(run_id: int):
    """Persona cards of a run (the data of the HTML report)."""
    run_for(run_id, "export.aggregate")
    return ok(service.persona_cards(engine(), run_id))


@bp.route("/runs/<int:run_id>/export/<fmt>", methods=["GET"])
def run_export(run_id: int, fmt: str):
    """Download segments and profiles (and, for roles allowed row-level data, assignments): csv (zip), xlsx or json."""
    return send_export(run_id, fmt)


@bp.route("/segments/<int:segment_id>", methods=["GET"])
def segment(segment_id: int):
    """One segment with keywords, quotes, profile and value."""
    seg, _ = segment_for(segment_id)
    return ok(seg, links={"members": url_for("api.segment_members", segment_id=segment_id)})


@bp.route("/segments/<int:segment_id>/members", methods=["GET"])
def segment_members(segment_id: int):
    """Members of a segment with their redacted items (search with q; keyset pages)."""
    segment_for(segment_id)
    page = members_page(segment_id)
    return ok(page["members"], next=page["next"])
