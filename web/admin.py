"""Administration: accounts (list, create, reset password, disable, enable, audit) and project membership."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from feedback_seg import service
from feedback_seg.errors import FeedbackSegError, InputError

from .context import engine, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _users_page(error=None, status=200):
    return render_template("admin_users.html", users=service.list_users(engine()), roles=service.ROLES,
                           events=service.list_account_events(engine(), limit=30), error=error), status


@bp.route("/users", methods=["GET"])
def users():
    require("user.admin")
    return _users_page()


@bp.route("/users", methods=["POST"])
def create_user():
    me = require("user.admin")
    try:
        service.create_user(engine(), request.form.get("username", ""), request.form.get("password", ""),
                            request.form.get("role", ""), actor=me)
    except FeedbackSegError as exc:
        return _users_page(exc.message, exc.http_status)
    flash("User created.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:uid>/password", methods=["POST"])
def reset_password(uid: int):
    me = require("user.admin")
    if uid == me["id"]:
        return _users_page("Change your own password on your account page (it asks for the current one).", 400)
    try:
        target = service.reset_password(engine(), uid, request.form.get("password", "")[:1024], actor=me)
    except FeedbackSegError as exc:
        return _users_page(exc.message, exc.http_status)
    flash(f"Password of {target['username']} reset; their sessions and API token have ended.")
    return redirect(url_for("admin.users"), code=303)


@bp.route("/users/<int:uid>/deactivate", methods=["POST"])
def deactivate(uid: int):
    me = require("user.admin")
    if uid == me["id"]:
        return _users_page("You cannot deactivate your own account.", 400)
    try:
        service.deactivate_user(engine(), uid, actor=me)
    except FeedbackSegError as exc:
        return _users_page(exc.message, exc.http_status)
    flash("User deactivated.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:uid>/activate", methods=["POST"])
def activate(uid: int):
    me = require("user.admin")
    try:
        service.activate_user(engine(), uid, actor=me)
    except FeedbackSegError as exc:
        return _users_page(exc.message, exc.http_status)
    flash("User activated.")
    return redirect(url_for("admin.users"))


def _members_page(pid: int, error=None, status=200):
    return render_template("admin_members.html", project=service.get_project(engine(), pid),
                           members=service.list_members(engine(), pid),
                           users=service.list_users(engine()), error=error), status


@bp.route("/projects/<int:pid>/members", methods=["GET"])
def members(pid: int):
    require("project.members", pid)
    return _members_page(pid)


@bp.route("/projects/<int:pid>/members", methods=["POST"])
def add_member(pid: int):
    require("project.members", pid)
    try:
        uid = int(request.form.get("user_id", ""))
        service.add_member(engine(), pid, uid)
    except ValueError:
        return _members_page(pid, InputError("choose a user").message, 400)
    except FeedbackSegError as exc:
        return _members_page(pid, exc.message, exc.http_status)
    return redirect(url_for("admin.members", pid=pid))


@bp.route("/projects/<int:pid>/members/<int:uid>/remove", methods=["POST"])
def remove_member(pid: int, uid: int):
    require("project.members", pid)
    service.remove_member(engine(), pid, uid)
    return redirect(url_for("admin.members", pid=pid))
