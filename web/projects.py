"""Projects: the list a user may see, creating one, and a project's home (sources, runs, jobs,
pending reviews, each one click from its page)."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from feedback_seg import service
from feedback_seg.errors import FeedbackSegError, NotFoundError

from .context import can, engine, require

bp = Blueprint("projects", __name__)


@bp.route("/projects", methods=["GET"])
def index():
    me = require("project.list")
    return render_template("projects.html", projects=service.list_projects(engine(), me),
                           can_create=can("project.create"), error=None)


@bp.route("/projects", methods=["POST"])
def create():
    me = require("project.create")
    try:
        project = service.create_project(engine(), request.form.get("name", ""), me["id"])
    except FeedbackSegError as exc:
        return render_template("projects.html", projects=service.list_projects(engine(), me),
                               can_create=True, error=exc.message), exc.http_status
    return redirect(url_for("projects.show", pid=project["id"]))


@bp.route("/projects/<int:pid>", methods=["GET"])
def show(pid: int):
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    return render_template("project.html", project=project, home=service.project_home(engine(), pid),
                           members=service.list_members(engine(), pid), can_edit=can("segment.edit", pid),
                           can_upload=can("project.upload", pid), can_members=can("project.members", pid))


def run_label(run_id) -> str:
    """How a run is shown: "Run 3" = the project's third run (the global id stays internal)."""
    if run_id in (None, ""):
        return "Run –"
    cache = g.setdefault("run_numbers", {})
    if run_id not in cache:
        cache[run_id] = service.run_number(engine(), int(run_id))[1]
    return f"Run {cache[run_id]}"


@bp.app_context_processor
def _inject() -> dict:
    return {"run_label": run_label}


@bp.route("/projects/<int:pid>/runs/<int:number>", methods=["GET"])
@bp.route("/projects/<int:pid>/runs/<int:number>/<path:rest>", methods=["GET"])
def numbered_run(pid: int, number: int, rest: str = ""):
    """Run ``number`` of project ``pid`` (and its pages: review, queue, report ...)."""
    require("project.read", pid)
    run_id = service.run_by_number(engine(), pid, number)
    if run_id is None:
        raise NotFoundError(f"project {pid} has no run {number}")
    target = f"/runs/{run_id}" + (f"/{rest}" if rest else "")
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=302)
