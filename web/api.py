"""The JSON API under ``/api/v1``: everything the UI does, for scripts too.

Authentication: the browser session (unsafe methods then need the ``X-CSRFToken`` header), or
``Authorization: Bearer <token>`` (no cookie involved, so no CSRF check). Errors use one
envelope (see ``errors.py``); lists are keyset-paginated with opaque ``next`` tokens.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from feedback_seg import service
from feedback_seg.errors import AuthError, InputError

from . import storage
from .auth import WebUser
from .context import engine, require, user
from .openapi import openapi_document
from .pages import change_own_password
from .security import csrf
from .upload import job_for_user

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
SAFE = {"GET", "HEAD", "OPTIONS"}
MAX_LIMIT = 200


@bp.before_request
def _authenticate():
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        data = service.user_for_token(engine(), token.strip()) if scheme.lower() == "bearer" else None
        if data is None:
            raise AuthError("invalid or expired API token")
        g._login_user = WebUser(data)
        g.token_auth = True
    elif request.method not in SAFE:
        csrf.protect()


def ok(payload: dict | list | None = None, status: int = 200, **extra):
    body = {"ok": True, **({"data": payload} if payload is not None else {}), **extra}
    return jsonify(body), status


def _body() -> dict:
    data = request.get_json(silent=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("the request body must be a JSON object")
    return data


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="feedback-seg.page")


def _page_args() -> tuple[int | None, int]:
    try:
        limit = min(MAX_LIMIT, max(1, int(request.args.get("limit", current_app.config["PAGE_SIZE"]))))
    except ValueError as exc:
        raise InputError("limit must be a whole number") from exc
    token = request.args.get("next")
    if not token:
        return None, limit
    try:
        return int(_serializer().loads(token)["after"]), limit
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InputError("invalid 'next' token") from exc


def _next_token(rows: list[dict], limit: int) -> str | None:
    return _serializer().dumps({"after": rows[-1]["id"]}) if len(rows) == limit else None


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return jsonify(openapi_document(current_app))


@bp.route("/me", methods=["GET"])
def me():
    """The authenticated user."""
    require("account.self")
    return ok(user())


@bp.route("/projects", methods=["GET"])
def projects():
    """Projects visible to the user, by id (keyset pages)."""
    me_ = require("project.list")
    after, limit = _page_args()
    rows = service.list_projects(engine(), me_, after_id=after, limit=limit)
    return ok(rows, next=_next_token(rows, limit))


@bp.route("/projects", methods=["POST"])
def create_project():
    """Create a project (body: name)."""
    me_ = require("project.create")
    return ok(service.create_project(engine(), str(_body().get("name", "")), me_["id"]), 201)


@bp.route("/projects/<int:pid>", methods=["GET"])
def project(pid: int):
    """One project."""
    require("project.read", pid)
    return ok(service.get_project(engine(), pid))


@bp.route("/projects/<int:pid>/members", methods=["GET"])
def members(pid: int):
    """Members of a project."""
    require("project.read", pid)
    service.get_project(engine(), pid)
    return ok(service.list_members(engine(), pid))


@bp.route("/projects/<int:pid>/members", methods=["POST"])
def add_member(pid: int):
    """Add a member (body: user_id)."""
    require("project.members", pid)
    try:
        uid = int(_body().get("user_id"))
    except (TypeError, ValueError) as exc:
        raise InputError("user_id must be a whole number") from exc
    service.add_member(engine(), pid, uid)
    return ok(service.list_members(engine(), pid))


@bp.route("/projects/<int:pid>/members/<int:uid>", methods=["DELETE"])
def remove_member(pid: int, uid: int):
    """Remove a member."""
    require("project.members", pid)
    service.remove_member(engine(), pid, uid)
    return ok(service.list_members(engine(), pid))


@bp.route("/projects/<int:pid>/uploads", methods=["POST"])
def upload(pid: int):
    """Upload a file (multipart field 'file', optional 'format'); returns its preview."""
    me_ = require("project.upload", pid)
    service.get_project(engine(), pid)
    meta = storage.save_upload(request.files.get("file"), pid, me_)
    try:
        preview = storage.preview(meta, format=request.form.get("format") or None)
    except Exception:
        storage.discard(meta)
        raise
    return ok({"upload": meta, "preview": preview}, 201,
              links={"confirm": url_for("api.confirm", pid=pid, upload_id=meta["id"])})


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>", methods=["GET"])
def upload_preview(pid: int, upload_id):
    """An upload's metadata and preview."""
    require("project.upload", pid)
    meta = storage.load_meta(pid, upload_id)
    return ok({"upload": meta, "preview": storage.preview(meta)})


@bp.route("/projects/<int:pid>/uploads/<uuid:upload_id>/confirm", methods=["POST"])
def confirm(pid: int, upload_id):
    """Confirm column roles (body: roles {column: role}, channel, inputs [attitude columns to
    segment on with the text]) and start processing."""
    me_ = require("project.upload", pid)
    meta = storage.load_meta(pid, upload_id)
    body = _body()
    preview = storage.preview(meta)
    choices = {c["name"]: c["role"] for c in preview["columns"]}
    given = body.get("roles") or {}
    if not isinstance(given, dict):
        raise InputError("roles must map column names to roles")
    unknown = set(given) - set(choices)
    if unknown:
        raise InputError(f"unknown column(s): {sorted(unknown)}")
    choices.update(given)
    inputs = body.get("inputs")
    if inputs is not None and not (isinstance(inputs, list) and all(isinstance(c, str) for c in inputs)):
        raise InputError("inputs must be a list of column names")
    if inputs and set(inputs) - set(choices):
        raise InputError(f"unknown input column(s): {sorted(set(inputs) - set(choices))}")
    mapping = storage.mapping_from_choices(choices, body.get("channel"), storage.detected_roles(preview), inputs)
    mapping.update({k: v for k, v in (preview.get("requested") or {}).items() if v})
    job_id = storage.start_processing(meta, mapping, me_)
    return ok({"job_id": job_id}, 202, links={"job": url_for("api.job", job_id=job_id)})


@bp.route("/jobs/<int:job_id>", methods=["GET"])
def job(job_id: int):
    """A background job's status, stage, progress, message and error."""
    return ok(job_for_user(job_id))


@bp.route("/users", methods=["GET"])
def users():
    """All accounts (admin)."""
    require("user.admin")
    return ok(service.list_users(engine()))


@bp.route("/users", methods=["POST"])
def create_user():
    """Create an account (admin; body: username, password, role)."""
    me_ = require("user.admin")
    b = _body()
    return ok(service.create_user(engine(), str(b.get("username", "")), str(b.get("password", "")),
                                   str(b.get("role", "")), actor=me_), 201)


@bp.route("/users/<int:uid>/deactivate", methods=["POST"])
def deactivate_user(uid: int):
    """Deactivate an account (admin)."""
    me_ = require("user.admin")
    if uid == me_["id"]:
        raise InputError("you cannot deactivate your own account")
    return ok(service.deactivate_user(engine(), uid, actor=me_))


@bp.route("/users/<int:uid>/activate", methods=["POST"])
def activate_user(uid: int):
    """Enable a disabled account again (admin)."""
    me_ = require("user.admin")
    return ok(service.activate_user(engine(), uid, actor=me_))


@bp.route("/users/<int:uid>/password", methods=["POST"])
def reset_password(uid: int):
    """Reset another user's password (admin; body: password): their sessions and API token end."""
    me_ = require("user.admin")
    if uid == me_["id"]:
        raise InputError("change your own password with POST /api/v1/me/password (it needs the current one)")
    return ok(service.reset_password(engine(), uid, str(_body().get("password", ""))[:1024], actor=me_))


@bp.route("/users/events", methods=["GET"])
def account_events():
    """The account audit log, newest first (admin; ?user_id= for one account)."""
    require("user.admin")
    try:
        uid = int(request.args["user_id"]) if request.args.get("user_id") else None
        limit = int(request.args.get("limit", 50))
    except ValueError as exc:
        raise InputError("user_id and limit must be whole numbers") from exc
    return ok(service.list_account_events(engine(), uid, limit))


@bp.route("/me/password", methods=["POST"])
def change_password():
    """Change your own password (body: current_password, new_password). Other sessions end; a
    browser session continues in a fresh cookie (fetch a new CSRF token)."""
    me_ = require("account.self")
    b = _body()
    data, status, message = change_own_password(me_, str(b.get("current_password", "")),
                                                str(b.get("new_password", "")),
                                                rotate=not g.get("token_auth"))
    if status != 200:
        resp = jsonify({"ok": False, "error": message, "status": status})
        if status == 429:
            resp.headers["Retry-After"] = "60"
        return resp, status
    return ok(data, message=message)
