"""Administration: accounts (list, create, deactivate) and project membership."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from feedback_seg import accounts
from feedback_seg import projects as project_api
from feedback_seg.errors import FeedbackSegError, InputError

from .context import engine, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _users_page(error=None, status=200):
    return render_template("admin_users.html", users=accounts.list_users(engine()), roles=accounts.ROLES,
                           error=error), status


@bp.route("/users", methods=["GET"])
def users():
    require("user.admin")
    return _users_page()


@bp.route("/users", methods=["POST"])
def create_user():
    require("user.admin")
    try:
        accounts.create_user(engine(), request.form.get("username", ""), request.form.get("password", ""),
                             request.form.get("role", ""))
    except FeedbackSegError as exc:
        return _users_page(exc.message, exc.http_status)
    flash("User created.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:uid>/deactivate", methods=["POST"])
def deactivate(uid: int):
    me = require("user.admin")
    if uid == me["id"]:
        return _users_page("You cannot deactivate your own account.", 400)
    accounts.deactivate_user(engine(), uid)
    flash("User deactivated.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:uid>/activate", methods=["POST"])
def activate(uid: int):
    require("user.admin")
    accounts.activate_user(engine(), uid)
    return redirect(url_for("admin.users"))


def _members_page(pid: int, error=None, status=200):
    return render_template("admin_members.html", project=project_api.get_project(engine(), pid),
                           members=project_api.list_members(engine(), pid),
                           users=accounts.list_users(engine()), error=error), status


@bp.route("/projects/<int:pid>/members", methods=["GET"])
def members(pid: int):
    require("project.members", pid)
    return _members_page(pid)


@bp.route("/projects/<int:pid>/members", methods=["POST"])
def add_member(pid: int):
    require("project.members", pid)
    try:
        uid = int(request.form.get("user_id", ""))
        project_api.add_member(engine(), pid, uid)
    except ValueError:
        return _members_page(pid, InputError("choose a user").message, 400)
    except FeedbackSegError as exc:
        return _members_page(pid, exc.message, exc.http_status)
    return redirect(url_for("admin.members", pid=pid))


@bp.route("/projects/<int:pid>/members/<int:uid>/remove", methods=["POST"])
def remove_member(pid: int, uid: int):
    require("project.members", pid)
    project_api.remove_member(engine(), pid, uid)
    return redirect(url_for("admin.members", pid=pid))
