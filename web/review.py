"""Review: segment actions (rename, accept name, merge, split, pin, undo), moving people (single
and bulk on a filtered selection), the keyboard-driven review queue and the audit page.

HTML form routes live on the ``review`` blueprint; their JSON twins are added to the ``api``
blueprint (``/api/v1``: bearer tokens or the ``X-CSRFToken`` header, one error envelope).
Every edit carries the version the user saw: a stale one is answered 409 and the page shows
the current state.
"""
from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for

from feedback_seg import service
from feedback_seg.errors import AuthError, ConflictError, InputError

from .api import MAX_LIMIT, _body, _page_args, _serializer, ok
from .api import bp as api_bp
from .context import can, engine, local_path, require, user

bp = Blueprint("review", __name__)
RUN_ACTIONS = ("move", "outlier", "confirm")
FILTERS = ("segment_id", "max_confidence", "search", "origin")


# ---- access and input ----------------------------------------------------------------------

def _me(action: str, project_id: int) -> str:
    if user() is None:
        raise AuthError("login required")
    return require(action, project_id)["username"]


def run_access(run_id: int, action: str = "segment.edit") -> tuple[dict, str]:
    """(run manifest, username) once the user may ``action`` in the run's project."""
    if user() is None:
        raise AuthError("login required")
    manifest = service.run_manifest(engine(), run_id)
    return manifest, _me(action, manifest["project_id"])


def segment_access(segment_id: int, action: str = "segment.edit") -> tuple[dict, dict, str]:
    if user() is None:
        raise AuthError("login required")
    seg = service.get_segment(engine(), segment_id)
    manifest, who = run_access(seg["run_id"], action)
    return seg, manifest, who


def _int(value, name: str, *, required: bool = False) -> int | None:
    if value in (None, ""):
        if required:
            raise InputError(f"{name} is required")
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a whole number") from exc


def _ids(value) -> list[int]:
    """Respondent / segment ids from a JSON list, repeated form fields or "1,2,3"."""
    if value in (None, ""):
        return []
    parts = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    return [_int(p, "id", required=True) for p in parts if str(p).strip()]


def _selection(run_id: int, data: dict) -> list[int]:
    """The people an action is for: ``respondent_keys`` (the ids users see, from their file), the
    store's ``respondent_ids`` (what the queue sends back), or everyone matching the filters (bulk)."""
    keys = data.get("respondent_keys")
    if keys not in (None, "", []):
        ids = service.resolve_external_ids(engine(), run_id, keys)
        if ids:
            return ids
    ids = _ids(data.get("respondent_ids"))
    if ids:
        return ids
    given = {k: data.get(k) for k in FILTERS if data.get(k) not in (None, "")}
    if not given:
        raise InputError("choose respondents, or filter a selection for the bulk action")
    try:
        max_conf = None if given.get("max_confidence") is None else float(given["max_confidence"])
    except (TypeError, ValueError) as exc:
        raise InputError("max_confidence must be a number") from exc
    ids = service.select_respondents(engine(), run_id, segment_id=_int(given.get("segment_id"), "segment_id"),
                             max_confidence=max_conf, search=given.get("search"), origin=given.get("origin"))
    if not ids:
        raise InputError("no respondents match this selection")
    return ids


def act_on_respondents(run_id: int, data: dict, who: str) -> dict:
    """Move / mark outlier / confirm the selected respondents of a run."""
    action = data.get("action")
    if action not in RUN_ACTIONS:
        raise InputError(f"action must be one of {', '.join(RUN_ACTIONS)}")
    ids = _selection(run_id, data)
    versions = service.required_versions(data.get("versions"))   # where the people are now (and the target)
    if action == "move":
        target = _int(data.get("target_segment_id"), "target_segment_id", required=True)
        if data.get("version") not in (None, ""):
            versions[target] = service.required_version(data.get("version"))
        return service.move_members(engine(), run_id, ids, target, user=who, versions=versions)
    if action == "outlier":
        return service.mark_outlier(engine(), run_id, ids, user=who, versions=versions)
    return service.confirm_members(engine(), run_id, ids, user=who, versions=versions)


def merge_segments(target_id: int, data: dict, who: str) -> dict:
    versions = service.required_versions(data.get("versions"))
    return service.merge_segments(engine(), _ids(data.get("source_ids")), target_id, user=who, versions=versions)


def _form_versions() -> dict:
    return {k.split("_", 1)[1]: v for k, v in request.form.items() if k.startswith("version_") and v}


def _split_groups(raw) -> list:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise InputError("groups must be a JSON list of respondent id lists") from exc
    if not isinstance(raw, list):
        raise InputError("groups must be a list of respondent id lists")
    return raw


# ---- HTML pages ----------------------------------------------------------------------------

def _review_page(run_id: int, error: str | None = None, status: int = 200):
    manifest, _ = run_access(run_id, "project.read")
    pid = manifest["project_id"]
    segs = [s for s in service.list_segments(engine(), run_id) if s["status"] != "split"]
    return render_template("review.html", run=manifest, project=service.get_project(engine(), pid),
                           segments=segs, active=[s for s in segs if s["status"] == "active"],
                           can_edit=can("segment.edit", pid), error=error), status


def _back(run_id: int):
    return redirect(local_path(request.form.get("next")) or url_for("review.page", run_id=run_id), code=303)


def _form_action(run_id: int, fn, message: str):
    """Run one form action; 409/400 re-render the review page with the current state."""
    try:
        fn()
    except (ConflictError, InputError) as exc:
        return _review_page(run_id, error=exc.message, status=exc.http_status)
    flash(message)
    return _back(run_id)


@bp.route("/runs/<int:run_id>/review", methods=["GET"])
def page(run_id: int):
    return _review_page(run_id)


@bp.route("/segments/<int:segment_id>/rename", methods=["POST"])
def rename(segment_id: int):
    seg, _, who = segment_access(segment_id)
    f = request.form
    return _form_action(seg["run_id"], lambda: service.rename_segment(
        engine(), segment_id, f.get("name", ""), user=who, version=service.required_version(f.get("version"))),
        "Segment renamed.")


@bp.route("/segments/<int:segment_id>/accept-name", methods=["POST"])
def accept_name(segment_id: int):
    seg, _, who = segment_access(segment_id)
    return _form_action(seg["run_id"], lambda: service.accept_name(
        engine(), segment_id, user=who, version=service.required_version(request.form.get("version"))),
        "Automatic name accepted.")


@bp.route("/runs/<int:run_id>/merge", methods=["POST"])
def merge(run_id: int):
    _, who = run_access(run_id)
    f = request.form
    data = {"source_ids": f.getlist("source_ids") or f.get("source_ids"), "versions": _form_versions()}
    return _form_action(run_id, lambda: merge_segments(
        _int(f.get("target_id"), "target_id", required=True), data, who), "Segments merged.")


@bp.route("/segments/<int:segment_id>/split", methods=["GET"])
def split_preview(segment_id: int):
    seg, manifest, _ = segment_access(segment_id)
    try:
        preview = service.preview_split(engine(), segment_id, k=_int(request.args.get("k"), "k") or 2,
                                seed=_int(request.args.get("seed"), "seed") or 0)
    except InputError as exc:
        return _review_page(seg["run_id"], error=exc.message, status=exc.http_status)
    groups = json.dumps([g["respondent_ids"] for g in preview["groups"]])
    return render_template("review_split.html", seg=seg, run=manifest, preview=preview, groups_json=groups)


@bp.route("/segments/<int:segment_id>/split", methods=["POST"])
def split_accept(segment_id: int):
    seg, _, who = segment_access(segment_id)
    f = request.form
    return _form_action(seg["run_id"], lambda: service.accept_split(
        engine(), segment_id, _split_groups(f.get("groups", "")), user=who,
        version=service.required_version(f.get("version"))), "Segment split.")


@bp.route("/segments/<int:segment_id>/pin", methods=["POST"])
def pin(segment_id: int):
    seg, _, who = segment_access(segment_id)
    f = request.form
    on = f.get("pin", "1") != "0"
    return _form_action(seg["run_id"], lambda: service.pin_quote(
        engine(), segment_id, _int(f.get("item_id"), "item_id", required=True), user=who, pin=on,
        version=service.required_version(f.get("version"))),
        "Quote pinned." if on else "Quote unpinned.")


@bp.route("/runs/<int:run_id>/respondents", methods=["POST"])
def respondents(run_id: int):
    _, who = run_access(run_id)
    data = {k: request.form.get(k) for k in ("action", "target_segment_id", "version", *FILTERS)}
    data["versions"] = _form_versions()
    # typed keys ("R12, R15") and the picker's ticked people arrive as repeated respondent_keys fields
    data["respondent_keys"] = ",".join(v for v in request.form.getlist("respondent_keys") if v.strip())
    return _form_action(run_id, lambda: act_on_respondents(run_id, data, who), "Done.")


@bp.route("/events/<int:event_id>/undo", methods=["POST"])
def undo(event_id: int):
    ev = service.get_event(engine(), event_id) if user() is not None else None
    if ev is None:
        raise AuthError("login required")
    who = _me("segment.edit", ev["project_id"])
    try:
        service.undo_event(engine(), event_id, user=who)
    except (ConflictError, InputError) as exc:
        flash(exc.message)
    else:
        flash("Undone.")
    return redirect(local_path(request.form.get("next")) or url_for("review.audit", pid=ev["project_id"]), code=303)


@bp.route("/runs/<int:run_id>/queue", methods=["GET"])
def queue(run_id: int):
    manifest, _ = run_access(run_id, "project.read")
    pid = manifest["project_id"]
    mode, per_segment = _queue_mode()
    return render_template("queue.html", run=manifest, project=service.get_project(engine(), pid),
                           can_edit=can("segment.edit", pid), mode=mode, per_segment=per_segment)


def _queue_mode() -> tuple[str, int]:
    """The queue order asked for (``mode``: uncertain | spread; ``per_segment`` for spread)."""
    mode = request.args.get("mode") or "uncertain"
    if mode not in service.QUEUE_MODES:
        raise InputError(f"mode must be one of {', '.join(service.QUEUE_MODES)}")
    per_segment = _int(request.args.get("per_segment"), "per_segment")
    per_segment = service.DEFAULT_PER_SEGMENT if per_segment is None else per_segment
    if not 1 <= per_segment <= service.MAX_PER_SEGMENT:
        raise InputError(f"per_segment must be between 1 and {service.MAX_PER_SEGMENT}")
    return mode, per_segment


@bp.route("/projects/<int:pid>/audit", methods=["GET"])
def audit(pid: int):
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    after, limit = _page_args()
    page_ = service.list_events(engine(), pid, before=after, limit=limit)
    token = _serializer().dumps({"after": page_["next"]}) if page_["next"] else None
    return render_template("audit.html", project=project, events=page_["events"], next_token=token,
                           can_edit=can("segment.edit", pid))


# ---- JSON API twins (on the api blueprint) ---------------------------------------------------

@api_bp.route("/runs/<int:run_id>/queue", methods=["GET"])
def review_queue_api(run_id: int):
    """The review queue (opaque next token): ``mode=uncertain`` (default) lists Unassigned first, then
    by ascending confidence; ``mode=spread`` lists ``per_segment`` (default 20) people spread over each segment."""
    run_access(run_id, "project.read")
    limit = _int(request.args.get("limit"), "limit") or 50
    limit = min(MAX_LIMIT, max(1, limit))
    token = request.args.get("next")
    after = None
    if token:
        try:
            after = _serializer().loads(token)["after"]
        except Exception as exc:  # noqa: BLE001 - any bad token is the client's input error
            raise InputError("invalid 'next' token") from exc
    mode, per_segment = _queue_mode()
    q = service.review_queue(engine(), run_id, after=after, limit=limit, mode=mode, per_segment=per_segment)
    every = service.list_segments(engine(), run_id)
    segs = [{"segment_id": s["segment_id"], "name": s["name"], "version": s["version"], "size": s["size"]}
            for s in every if s["status"] == "active"]
    versions = {str(s["segment_id"]): s["version"] for s in every}   # what a respondent action must send back
    nxt = _serializer().dumps({"after": q["next"]}) if q["next"] else None
    return ok({"entries": q["entries"], "remaining": q["remaining"], "segments": segs, "versions": versions},
              next=nxt)


@api_bp.route("/runs/<int:run_id>/selection", methods=["GET"])
def review_selection_api(run_id: int):
    """Respondent ids matching filters (segment_id, max_confidence, search, origin)."""
    run_access(run_id, "project.read")
    return ok(_selection(run_id, {k: request.args.get(k) for k in FILTERS}))


@api_bp.route("/runs/<int:run_id>/people", methods=["GET"])
def review_pick_api(run_id: int):
    """The picker: up to 20 of the run's people whose id starts with, or whose answers contain, ``q``
    (each: external_id, segment, snippet of what they wrote). Editors only: it shows respondent ids."""
    run_access(run_id)
    q = (request.args.get("q") or "").strip()
    if len(q) > 200:
        raise InputError("q must be at most 200 characters")
    return ok(service.pick_respondents(engine(), run_id, q))


@api_bp.route("/runs/<int:run_id>/respondents", methods=["POST"])
def review_respondents_api(run_id: int):
    """Move, mark outlier or confirm respondents (body: action, respondent_keys (the file's ids) or
    respondent_ids or filters, target_segment_id,
    versions {segment id: version} of the segments the people are in and of the target)."""
    _, who = run_access(run_id)
    return ok(act_on_respondents(run_id, _body(), who))


@api_bp.route("/segments/<int:segment_id>/rename", methods=["POST"])
def review_rename_api(segment_id: int):
    """Rename a segment (body: name, version)."""
    _, _, who = segment_access(segment_id)
    b = _body()
    return ok(service.rename_segment(engine(), segment_id, str(b.get("name", "")), user=who,
                            version=service.required_version(b.get("version"))))


@api_bp.route("/segments/<int:segment_id>/accept-name", methods=["POST"])
def review_accept_name_api(segment_id: int):
    """Accept the automatic name (body: version)."""
    _, _, who = segment_access(segment_id)
    return ok(service.accept_name(engine(), segment_id, user=who, version=service.required_version(_body().get("version"))))


@api_bp.route("/segments/<int:segment_id>/merge", methods=["POST"])
def review_merge_api(segment_id: int):
    """Merge segments into this one (body: source_ids, versions {id: version})."""
    _, _, who = segment_access(segment_id)
    return ok(merge_segments(segment_id, _body(), who))


@api_bp.route("/segments/<int:segment_id>/split", methods=["GET"])
def review_split_preview_api(segment_id: int):
    """Preview a split of the segment (query: k, seed); nothing is written."""
    segment_access(segment_id)
    return ok(service.preview_split(engine(), segment_id, k=_int(request.args.get("k"), "k") or 2,
                            seed=_int(request.args.get("seed"), "seed") or 0))


@api_bp.route("/segments/<int:segment_id>/split", methods=["POST"])
def review_split_api(segment_id: int):
    """Accept a split (body: groups [[respondent ids]...], version)."""
    _, _, who = segment_access(segment_id)
    b = _body()
    return ok(service.accept_split(engine(), segment_id, _split_groups(b.get("groups")), user=who,
                           version=service.required_version(b.get("version"))))


@api_bp.route("/segments/<int:segment_id>/pins", methods=["POST"])
def review_pin_api(segment_id: int):
    """Pin or unpin a quote (body: item_id, pin true/false, version)."""
    _, _, who = segment_access(segment_id)
    b = _body()
    return ok(service.pin_quote(engine(), segment_id, _int(b.get("item_id"), "item_id", required=True),
                               user=who, pin=b.get("pin", True) is not False,
                               version=service.required_version(b.get("version"))))


@api_bp.route("/events/<int:event_id>/undo", methods=["POST"])
def review_undo_api(event_id: int):
    """Undo one event (recorded as a new undo event)."""
    if user() is None:
        raise AuthError("login required")
    who = _me("segment.edit", service.get_event(engine(), event_id)["project_id"])
    return ok(service.undo_event(engine(), event_id, user=who))


@api_bp.route("/projects/<int:pid>/events", methods=["GET"])
def review_events_api(pid: int):
    """The audit log of a project, newest first (opaque next token)."""
    require("project.read", pid)
    service.get_project(engine(), pid)
    after, limit = _page_args()
    page_ = service.list_events(engine(), pid, before=after, limit=limit)
    token = _serializer().dumps({"after": page_["next"]}) if page_["next"] else None
    return ok(page_["events"], next=token)
