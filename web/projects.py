"""Projects: the list a user may see, creating one, and a project's overview."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from feedback_seg import projects as project_api
from feedback_seg.errors import FeedbackSegError

from .context import can, engine, require

bp = Blueprint("projects", __name__)


@bp.route("/projects", methods=["GET"])
def index():
    me = require("project.list")
    return render_template("projects.html", projects=project_api.list_projects(engine(), me),
                           can_create=can("project.create"), error=None)


@bp.route("/projects", methods=["POST"])
def create():
    me = require("project.create")
    try:
        project = project_api.create_project(engine(), request.form.get("name", ""), me["id"])
    except FeedbackSegError as exc:
        return render_template("projects.html", projects=project_api.list_projects(engine(), me),
                               can_create=True, error=exc.message), exc.http_status
    return redirect(url_for("projects.show", pid=project["id"]))


@bp.route("/projects/<int:pid>", methods=["GET"])
def show(pid: int):
    require("project.read", pid)
    project = project_api.get_project(engine(), pid)
    return render_template("project.html", project=project,
                           members=project_api.list_members(engine(), pid),
                           can_upload=can("project.upload", pid), can_members=can("project.members", pid))
