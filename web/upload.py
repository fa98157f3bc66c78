"""Upload a file, preview how it was read, confirm the column roles, follow the job."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, send_file, url_for

from feedback_seg.errors import AuthError, FeedbackSegError, ForbiddenError, NotFoundError
from feedback_seg import service

from . import storage
from .context import engine, require, user

bp = Blueprint("upload", __name__)
CHANNELS = ("survey", "ticket", "social")


def _project(pid: int, action: str) -> tuple[dict, dict]:
    me = require(action, pid)
    return me, service.get_project(engine(), pid)


def _preview_page(project: dict, meta: dict, preview: dict, error: str | None = None) -> str:
    """The preview page with the role choices the confirm step accepts."""
    return render_template("preview.html", project=project, upload=meta, preview=preview, roles=storage.ROLE_CHOICES,
                           detected_only=storage.DETECTED_ONLY, channels=CHANNELS, error=error)


@bp.route("/projects/<int:pid>/upload", methods=["GET"])
def form(pid: int):
    _, project = _project(pid, "project.upload")
    return render_template("upload.html", project=project, error=None)


@bp.route("/projects/<int:pid>/upload", methods=["POST"])
def receive(pid: int):
    me, project = _project(pid, "project.upload")
    try:
        meta = storage.save_upload(request.files.get("file"), pid, me)
    except FeedbackSegError as exc:
        return render_template("upload.html", project=project, error=exc.message), exc.http_status
    try:
        storage.preview(meta, format=request.form.get("format") or None)
    except FeedbackSegError as exc:
        storage.discard(meta)
        return render_template("upload.html", project=project, error=exc.message), exc.http_status
    return redirect(url_for("upload.show", pid=pid, upload_id=meta["id"]))


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>", methods=["GET"])
def show(pid: int, upload_id):
    _, project = _project(pid, "project.upload")
    meta = storage.load_meta(pid, upload_id)
    return _preview_page(project, meta, storage.preview(meta))


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>/preview", methods=["POST"])
def reread(pid: int, upload_id):
    """Read the file again with a format / encoding the user chose."""
    _, project = _project(pid, "project.upload")
    meta = storage.load_meta(pid, upload_id)
    try:
        storage.preview(meta, format=request.form.get("format") or None,
                        encoding=request.form.get("encoding") or None, refresh=True)
    except FeedbackSegError as exc:
        return _preview_page(project, meta, storage.preview(meta), exc.message), exc.http_status
    return redirect(url_for("upload.show", pid=pid, upload_id=meta["id"]))


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>/confirm", methods=["POST"])
def confirm(pid: int, upload_id):
    me, project = _project(pid, "project.upload")
    meta = storage.load_meta(pid, upload_id)
    preview = storage.preview(meta)
    choices = {c["name"]: request.form.get(f"role-{i}", c["role"]) for i, c in enumerate(preview["columns"])}
    try:
        inputs = [c["name"] for i, c in enumerate(preview["columns"]) if request.form.get(f"input-{i}")]
        mapping = storage.mapping_from_choices(choices, request.form.get("channel") or None,
                                               storage.detected_roles(preview), inputs)
        harmonise = storage.harmonise_from_form(preview, request.form)
        if harmonise:
            mapping["harmonise"] = harmonise
        mapping.update({k: v for k, v in (preview.get("requested") or {}).items() if v})
        job_id = storage.start_processing(meta, mapping, me)
    except FeedbackSegError as exc:
        return _preview_page(project, meta, preview, exc.message), exc.http_status
    return redirect(url_for("upload.job", job_id=job_id))


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>/download", methods=["GET"])
def download(pid: int, upload_id):
    """The original file, always as an attachment that no browser renders."""
    _project(pid, "export.raw")
    meta = storage.load_meta(pid, upload_id)
    resp = send_file(storage.file_path(meta), mimetype="application/octet-stream", as_attachment=True,
                     download_name=meta["filename"], max_age=0)
    resp.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return resp


@bp.route("/jobs/<int:job_id>", methods=["GET"])
def job(job_id: int):
    data = job_for_user(job_id)
    return render_template("job.html", job=data, job_id=job_id)


def job_for_user(job_id: int) -> dict:
    """A job the current user may read. Signed out: 401 whether or not it exists; signed in but not
    allowed: the same 404 as a job that does not exist, so job ids reveal nothing."""
    if user() is None:
        raise AuthError("login required")
    try:
        data = storage.get_job(job_id)
        require("project.read", data.get("project_id"))
    except ForbiddenError as exc:
        raise NotFoundError(f"no job {job_id}") from exc
    return data
