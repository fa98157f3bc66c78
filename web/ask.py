"""Ask the segments: semantic search over what people wrote (a page and its JSON twin), and the
needs, pain points, sentiment and value profiles of a run's segments (JSON).

Views only authorise, parse the request and call ``feedback_seg``. Search results are redacted
text unless the user may see row-level data (``export.raw``) and asks for the original; groups of
fewer than k people are suppressed by the service, and the page says so.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from feedback_seg import service
from feedback_seg.errors import ForbiddenError, InputError, NotFoundError, PipelineError

from .api import bp as api_bp
from .api import ok
from .context import can, engine, require

bp = Blueprint("ask", __name__)

MAX_QUERY = 500
MAX_WHERE = 10
DEFAULT_LIMIT = 20
CHANNELS = ("survey", "ticket", "social")
FILTERS = ("segment", "channel", "source", "from", "to")


# ---- request parsing -------------------------------------------------------------------------

def parse_where(args: MultiDict) -> dict[str, str]:
    """Attribute filters from ``where=attr:value`` (repeatable) and the form's ``wa``/``wv`` pairs."""
    pairs: list[tuple[str, str]] = []
    for item in args.getlist("where"):
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise InputError(f"where={item!r}: use attribute:value")
        pairs.append((name, value))
    pairs += [(a, v) for a, v in zip(args.getlist("wa"), args.getlist("wv")) if a.strip()]
    if len(pairs) > MAX_WHERE:
        raise InputError(f"at most {MAX_WHERE} attribute filters")
    out: dict[str, str] = {}
    for name, value in pairs:
        name, value = name.strip(), value.strip()
        if name in out and out[name] != value:
            raise InputError(f"attribute {name!r} is filtered twice with different values")
        out[name] = value
    return out


def _int_arg(args: MultiDict, name: str, default: int | None = None) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number") from None


def search_request(pid: int, args: MultiDict) -> dict:
    """The service's search arguments from query parameters (``q``, ``run``, ``segment``, ``where``,
    ``channel``, ``source``, ``from``, ``to``, ``limit``, ``raw``, ``mode``), checked against the user's rights."""
    query = (args.get("q") or "").strip()
    if len(query) > MAX_QUERY:
        raise InputError(f"the search text is longer than {MAX_QUERY} characters")
    limit = _int_arg(args, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= service.MAX_SEARCH_LIMIT:
        raise InputError(f"limit must be between 1 and {service.MAX_SEARCH_LIMIT}")
    raw = (args.get("raw") or "").lower() in ("1", "true", "yes", "on")
    if raw and not can("export.raw", pid):
        raise ForbiddenError("your role may not see original (unredacted) text")
    return {"query": query, "run_id": _int_arg(args, "run"), "segment": (args.get("segment") or "").strip() or None,
            "where": parse_where(args), "channel": (args.get("channel") or "").strip() or None,
            "source": (args.get("source") or "").strip() or None, "date_from": (args.get("from") or "").strip() or None,
            "date_to": (args.get("to") or "").strip() or None, "limit": limit, "include_raw": raw,
            "mode": (args.get("mode") or "").strip() or None}


def _project_run(project: dict, run_id: int | None) -> int | None:
    """``run_id`` once it is a run of ``project``; else the project's latest finished run (or None)."""
    runs = service.run_list(engine(), project["name"])
    if run_id is not None:
        if not any(r["run_id"] == run_id for r in runs):
            raise NotFoundError(f"no run {run_id} in project {project['name']!r}")
        return run_id
    done = [r["run_id"] for r in runs if r["status"] == "done"]
    return done[0] if done else None


def search_options(project: dict, run_id: int | None) -> dict:
    """What the filters may take: attributes (the allowlist), the run's segments, sources, channels."""
    attributes = service.attribute_keys(engine(), project["id"])
    segments = [] if run_id is None else [
        {"segment_id": x["segment_id"], "key": x["key"], "name": x["name"], "size": x["size"]}
        for x in service.list_segments(engine(), run_id) if x["status"] in ("active", "unassigned")]
    sources = [{"source_id": int(r["source_id"]), "filename": r["filename"]}
               for r in service.list_sources(engine(), project["name"]).to_dict("records")]
    return {"run_id": run_id, "attributes": attributes, "segments": segments, "sources": sources,
            "channels": list(CHANNELS)}


def run_search(project: dict, req: dict, run_id: int | None) -> dict:
    """The service search for a parsed request (``req["query"]`` must be set)."""
    kwargs = {k: v for k, v in req.items() if k not in ("query", "run_id")}
    return service.search(engine(), req["query"], project=project["name"], run_id=run_id, **kwargs)


def _run_in_project(pid: int, run_id: int) -> None:
    require("project.read", pid)
    service.get_project(engine(), pid)
    if service.run_manifest(engine(), run_id)["project_id"] != pid:
        raise NotFoundError(f"no run {run_id} in project {pid}")


# ---- the page --------------------------------------------------------------------------------

@bp.route("/projects/<int:pid>/search", methods=["GET"])
def search_page(pid: int):
    """Search box, filters and cited results; errors in the filters are shown on the page."""
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    args = request.args
    error, result, req, status = None, None, {"query": "", "where": {}}, 200
    try:
        req = search_request(pid, args)
        run_id = _project_run(project, req["run_id"])
    except NotFoundError as exc:
        error, status, run_id = exc.message, 404, _project_run(project, None)
    except InputError as exc:
        error, status, run_id = exc.message, 400, _project_run(project, None)
    options = search_options(project, run_id)
    if error is None and req["query"]:
        try:
            result = run_search(project, req, run_id)
        except (InputError, NotFoundError, PipelineError) as exc:
            error, status = exc.message, exc.http_status
    segment_urls = {s["key"]: url_for("segments.segment", segment_id=s["segment_id"]) for s in options["segments"]}
    where_rows = list(req.get("where", {}).items()) + [("", "")]
    return render_template(
        "search.html", project=project, options=options, result=result, error=error, segment_urls=segment_urls,
        q=req.get("query") or (args.get("q") or "").strip()[:MAX_QUERY], where_rows=where_rows, args=args, can_raw=can("export.raw", pid),
        api_url=url_for("api.project_search", pid=pid, **args.to_dict(flat=False)),
        filtered=any(args.get(f) for f in FILTERS) or len(where_rows) > 1), status


# ---- the JSON API ----------------------------------------------------------------------------

@api_bp.route("/projects/<int:pid>/search", methods=["GET"])
def project_search(pid: int):
    """Semantic search over what people wrote, with filters; hits cite respondent, source file and row.

    Without ``q``: the filter options (attributes, segments, sources, channels)."""
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    req = search_request(pid, request.args)
    run_id = _project_run(project, req["run_id"])
    if not req["query"]:
        return ok({"query": None, "hits": [], "options": search_options(project, run_id)})
    return ok(run_search(project, req, run_id))


@api_bp.route("/projects/<int:pid>/runs/<int:run_id>/needs", methods=["GET"])
def run_needs(pid: int, run_id: int):
    """Needs and pain points per segment (ranked, with counts and quotes) and each segment's sentiment."""
    _run_in_project(pid, run_id)
    return ok(service.needs(engine(), run_id, segment=(request.args.get("segment") or "").strip() or None))


@api_bp.route("/projects/<int:pid>/runs/<int:run_id>/values", methods=["GET"])
def run_values(pid: int, run_id: int):
    """Psychographic value profiles per segment (share vs base and index; optional framework)."""
    _run_in_project(pid, run_id)
    segment = (request.args.get("segment") or "").strip() or None
    framework = (request.args.get("framework") or "").strip() or None
    result = service.values(engine(), run_id, segment=segment)
    if framework:
        known = sorted({fw for s in result["segments"] for fw, v in (s["values"] or {}).items() if v})
        if framework not in known:
            raise InputError(f"unknown framework {framework!r}; this run has: {', '.join(known) or 'none'}")
        for s in result["segments"]:
            s["values"] = {framework: (s["values"] or {}).get(framework)}
    return ok(result)
