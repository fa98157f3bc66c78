"""The feedback loop in the UI: re-run with the review corrections, emerging segments offered for
acceptance, and the run diff (what changed, how many people moved where).

HTML routes live on the ``loop`` blueprint; their JSON twins are added to the ``api`` blueprint.
The run overview and review page show :func:`loop_state` through ``loop_panel.html``.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from feedback_seg import service
from feedback_seg.errors import AuthError, ConflictError, InputError, NotFoundError, PipelineError

from .api import bp as api_bp
from .api import ok
from .context import can, engine, local_path, user
from .review import _body, segment_access
from .segments_api import run_for
from .upload import job_for_user

bp = Blueprint("loop", __name__)
# run parameters that belong to one run (lineage, assignment of new data), not to the segmentation
RUN_ONLY = ("keys_from", "anchor_run", "events_upto", "kind", "base_run", "threshold", "min_confidence", "seed",
            "recut_of")


# ---- service glue ----------------------------------------------------------------------------

def rerun_params(manifest: dict) -> dict:
    """Segmentation parameters for re-running ``manifest``'s run, keyed to it (its child run)."""
    params = dict(manifest.get("params") or {})
    if params.get("kind") == "assign" and params.get("base_run"):
        params = dict(service.run_manifest(engine(), int(params["base_run"])).get("params") or {})
    clean = {k: v for k, v in params.items() if k not in RUN_ONLY}
    return {**clean, "keys_from": manifest["run_id"]}


def start_rerun(manifest: dict, who: str) -> int:
    """Queue a ``segment`` job that re-runs the project with every review event so far."""
    if manifest["status"] != "done":
        raise InputError(f"run {manifest['run_id']} is {manifest['status']}; re-run a finished run")
    return service.start_job(engine(), "segment", manifest["project_id"],
                          {"seed": manifest.get("seed") or 0, "segment_params": rerun_params(manifest),
                           "rerun_of": manifest["run_id"]}, user=who)


def recut(manifest: dict, segments) -> dict:
    """Re-cut a finished run at ``segments`` segments (seconds: it reads the stored trees)."""
    if manifest["status"] != "done":
        raise InputError(f"run {manifest['run_id']} is {manifest['status']}; re-cut a finished run")
    try:
        n = int(segments)
    except (TypeError, ValueError):
        raise InputError(f"segments must be a whole number, not {segments!r}") from None
    if not 1 <= n <= 500:
        raise InputError(f"segments must be between 1 and 500, not {n}")
    return service.recut_run(engine(), manifest["run_id"], n)


def emerging(run_id: int) -> list[dict]:
    """The run's segments waiting for a decision (status ``emerging``)."""
    return [s for s in service.list_segments(engine(), run_id) if s["status"] == "emerging"]


def decide(segment_id: int, accept: bool, version) -> dict:
    """Accept or dismiss an emerging segment; a stale ``version`` is a 409."""
    _, _, who = segment_access(segment_id)
    fn = service.accept_emerging if accept else service.dismiss_emerging
    return fn(engine(), segment_id, user=who, version=service.required_version(version))


def _same_project(run_a: int, run_b: int) -> dict:
    a = run_for(run_a)
    b = run_for(run_b)
    if a["project_id"] != b["project_id"]:
        raise InputError("both runs must belong to the same project")
    return a


def loop_state(run_id: int) -> dict:
    """What the loop panel shows for a run: emerging segments, the parent to diff with, rights."""
    manifest = service.run_manifest(engine(), run_id)
    pid = manifest["project_id"]
    return {"run_id": run_id, "parent_run_id": manifest.get("parent_run_id"), "done": manifest["status"] == "done",
            "emerging": emerging(run_id), "can_rerun": can("run.start", pid), "can_edit": can("segment.edit", pid),
            "recut_of": (manifest.get("params") or {}).get("recut_of"),
            "recut_choices": service.recut_choices(engine(), run_id),
            "can_recut": service.can_recut(engine(), run_id),
            "n_segments": (manifest.get("metrics") or {}).get("n_segments")}


@bp.app_context_processor
def _inject() -> dict:
    return {"loop_state": loop_state}


# ---- HTML pages ----------------------------------------------------------------------------

def _back(run_id: int):
    fallback = url_for("segments.overview", run_id=run_id) + "#emerging"
    return redirect(local_path(request.form.get("next")) or fallback, code=303)


@bp.route("/runs/<int:run_id>/rerun", methods=["POST"])
def rerun(run_id: int):
    manifest = run_for(run_id, "run.start")
    try:
        job_id = start_rerun(manifest, user()["username"])
    except InputError as exc:
        flash(exc.message)
        return redirect(url_for("segments.overview", run_id=run_id), code=303)
    return redirect(url_for("loop.rerun_job", job_id=job_id), code=303)


@bp.route("/runs/<int:run_id>/recut", methods=["POST"])
def recut_form(run_id: int):
    """The "fewer / more segments" form: a new run at the chosen count, then its overview."""
    manifest = run_for(run_id, "segment.edit")
    try:
        res = recut(manifest, request.form.get("segments"))
    except (InputError, PipelineError) as exc:
        flash(exc.message)
        return redirect(url_for("segments.overview", run_id=run_id), code=303)
    flash(f"Re-cut at {res['requested_segments']} segments: {res['n_segments']} made in {res['seconds']} s."
          + (f" {res['note']}." if res.get("note") else ""))
    return redirect(url_for("segments.overview", run_id=res["run_id"]), code=303)


@bp.route("/jobs/<int:job_id>/rerun", methods=["GET"])
def rerun_job(job_id: int):
    """The job progress page, with links to the new run and its diff once it is done."""
    job = job_for_user(job_id)
    if job["kind"] != "segment":
        raise NotFoundError(f"job {job_id} is not a re-run")
    return render_template("loop_job.html", job=job, job_id=job_id)


@bp.route("/jobs/<int:job_id>/outcome", methods=["GET"])
def job_outcome(job_id: int):
    """Once a re-run is done: its diff against the run it started from (else back to the job)."""
    job = job_for_user(job_id)
    run_id = (job.get("result") or {}).get("run_id")
    if job["status"] != "done" or not run_id:
        flash("The re-run has not finished yet." if job["status"] != "failed" else "The re-run failed.")
        return redirect(url_for("loop.rerun_job", job_id=job_id), code=303)
    if request.args.get("to") == "run":
        return redirect(url_for("segments.overview", run_id=run_id), code=303)
    return redirect(url_for("loop.diff_parent", run_id=run_id), code=303)


@bp.route("/segments/<int:segment_id>/emerging/accept", methods=["POST"])
def accept(segment_id: int):
    return _decide_form(segment_id, True)


@bp.route("/segments/<int:segment_id>/emerging/dismiss", methods=["POST"])
def dismiss(segment_id: int):
    return _decide_form(segment_id, False)


def _decide_form(segment_id: int, accept_it: bool):
    seg, _, _ = segment_access(segment_id)
    try:
        decide(segment_id, accept_it, request.form.get("version"))
    except (ConflictError, InputError) as exc:
        flash(exc.message)
        return redirect(url_for("segments.overview", run_id=seg["run_id"]) + "#emerging", code=303)
    flash(f"Segment {'accepted' if accept_it else 'dismissed'}; undo it from the audit log.")
    return _back(seg["run_id"])


@bp.route("/runs/<int:run_id>/diff", methods=["GET"])
def diff_parent(run_id: int):
    """The run against its parent run."""
    manifest = run_for(run_id)
    if not manifest.get("parent_run_id"):
        raise NotFoundError(f"run {run_id} has no earlier run to compare with")
    return redirect(url_for("loop.diff", run_a=manifest["parent_run_id"], run_b=run_id))


@bp.route("/runs/<int:run_a>/diff/<int:run_b>", methods=["GET"])
def diff(run_a: int, run_b: int):
    manifest = _same_project(run_a, run_b)
    d = service.diff_runs(engine(), run_a, run_b)
    names = d["segments"]["names"]
    flows = sorted(d["flows"], key=lambda f: (f["from"] == f["to"], -f["count"], f["from"], f["to"]))
    return render_template("diff.html", d=d, names=names, flows=flows,
                           project=service.get_project(engine(), manifest["project_id"]))


# ---- JSON API twins (on the api blueprint) ---------------------------------------------------

@api_bp.route("/runs/<int:run_id>/rerun", methods=["POST"])
def loop_rerun_api(run_id: int):
    """Re-run the project's segmentation with every review correction so far (a background job)."""
    if user() is None:
        raise AuthError("login required")
    manifest = run_for(run_id, "run.start")
    job_id = start_rerun(manifest, user()["username"])
    return ok({"job_id": job_id, "job_url": url_for("api.job", job_id=job_id)}, status=202)


@api_bp.route("/runs/<int:run_id>/recut", methods=["POST"])
def loop_recut_api(run_id: int):
    """A new run with more or fewer segments (body: segments), read from this run's stored cluster
    trees without re-embedding; human decisions carry over by key. Returns the new run and its diff."""
    if user() is None:
        raise AuthError("login required")
    manifest = run_for(run_id, "segment.edit")
    res = recut(manifest, _body().get("segments"))
    return ok({**res, "run_url": url_for("api.run", run_id=res["run_id"]),
               "diff_url": url_for("api.loop_diff_api", run_a=run_id, run_b=res["run_id"])}, status=201)


@api_bp.route("/runs/<int:run_id>/emerging", methods=["GET"])
def loop_emerging_api(run_id: int):
    """The run's emerging segments, waiting to be accepted or dismissed."""
    run_for(run_id)
    return ok(emerging(run_id))


@api_bp.route("/segments/<int:segment_id>/emerging/accept", methods=["POST"])
def loop_accept_api(segment_id: int):
    """Accept an emerging segment: it becomes active, its members human-placed (body: version)."""
    return ok(decide(segment_id, True, _body().get("version")))


@api_bp.route("/segments/<int:segment_id>/emerging/dismiss", methods=["POST"])
def loop_dismiss_api(segment_id: int):
    """Dismiss an emerging segment: its members go to Unassigned (body: version)."""
    return ok(decide(segment_id, False, _body().get("version")))


@api_bp.route("/runs/<int:run_a>/diff/<int:run_b>", methods=["GET"])
def loop_diff_api(run_a: int, run_b: int):
    """What changed from run A to run B: kept/born/died/renamed/merged/split segments and people flows."""
    _same_project(run_a, run_b)
    return ok(service.diff_runs(engine(), run_a, run_b))
