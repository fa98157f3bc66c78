"""One segmentation run, end to end: prepare -> embed -> segment people -> key and apply human
decisions -> describe -> profile -> insights -> one write, with the run marked done in it.

Each stage is a function of the previous stage's output; the run's manifest (data hash,
parameters, seed, model fingerprint, package versions, quality metrics, stage times) is stored with it.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import NotFoundError, PipelineError
from ..store.engine import read_session, write_session
from ..store.lookup import project_by_name
from ..store.schema import Project, Run, utcnow
from .build import build_run, write_run
from .coverage import coverage
from .dataset import load_run_data
from .decisions import last_event_id
from .embed import embed_items
from .insights import FRAMEWORKS, project_value_labels
from .manifest import data_hash, package_versions
from .prepare import prepare_items
from .stages import StageClock

Progress = Callable[[str, float, str], None]   # stage, fraction 0..1, message

DEFAULT_PARAMS: dict = {"reducer": "umap", "stability_seeds": 3}
MIN_RESPONDENTS = 20


def _noop(stage: str, frac: float, msg: str) -> None:
    return None


def start_run(engine: Engine, project: str | None, seed: int, params: dict) -> int:
    """Create a ``running`` run row. Unless ``params`` say otherwise, it keeps the human decisions
    logged so far (``events_upto``) and matches its keys to the latest finished run (``keys_from``)."""
    with write_session(engine) as s:
        proj = project_by_name(s, project)
        params = dict(params)
        if "keys_from" not in params:
            params["keys_from"] = s.scalar(select(Run.id).where(Run.project_id == proj.id, Run.status == "done")
                                           .order_by(Run.id.desc()).limit(1))
        run = Run(project_id=proj.id, status="running", seed=seed, params=params,
                  parent_run_id=params.get("keys_from"))
        s.add(run)
        s.flush()
        project_id, run_id = proj.id, run.id
    if "events_upto" not in params:
        with write_session(engine) as s:
            run = s.get(Run, run_id)
            run.params = {**params, "events_upto": last_event_id(engine, project_id)}
    return run_id


def rebuild_run(engine: Engine, run_id: int, *, embedder=None, progress: Progress | None = None) -> int:
    """Rebuild a finished run from the data, its parameters, seed and the event log up to its
    ``events_upto``: the new run's keys and assignments equal the original's. Returns the new id."""
    with read_session(engine) as s:
        run = s.get(Run, run_id)
        if run is None:
            raise NotFoundError(f"no run {run_id}")
        if run.status != "done" or "events_upto" not in (run.params or {}):
            raise PipelineError(f"run {run_id} is not a finished segmentation run that records its decisions")
        project = s.get(Project, run.project_id).name
        seed, params, dhash = run.seed, dict(run.params), run.data_hash
    new_id = run_segmentation(engine, project, seed=seed, params=params, embedder=embedder, progress=progress)
    with read_session(engine) as s:
        if s.get(Run, new_id).data_hash != dhash:
            raise PipelineError(f"the project's data changed since run {run_id}; run {new_id} used the new data")
    return new_id


def run_segmentation(engine: Engine, project: str | None = None, *, seed: int = 0,
                     params: dict | None = None, embedder=None, progress: Progress | None = None,
                     run_id: int | None = None, insights: bool = True,
                     frameworks: list[str] | None = None) -> int:
    """Segment a project's respondents; returns the run id. Resumable: prepared texts and
    embeddings already in the store are reused.

    Stages, top to bottom: prepare, embed, reduce+cluster, stability, lineage, decisions,
    describe, profile, insights (values, needs, sentiment for ``frameworks``: built-in names or
    YAML files; default the run's ``frameworks`` parameter, else Schwartz and consumer attitudes),
    write. Each stage's time is in ``metrics["stages"]``. The run is marked ``done`` in the same
    transaction as its results; when a stage fails the run is ``failed`` with
    ``metrics["failed_stage"]`` naming it.
    """
    from feedback_seg.nlp_models.embedders import default_embedder  # noqa: PLC0415

    progress = progress or _noop
    params = {**DEFAULT_PARAMS, **(params or {})}
    if insights:
        params["frameworks"] = list(frameworks or params.get("frameworks") or FRAMEWORKS)
    embedder = embedder or default_embedder()
    run_id = run_id or start_run(engine, project, seed, params)
    clock = StageClock()
    try:
        with read_session(engine) as s:
            run = s.get(Run, run_id)
            project_id = run.project_id
            params = {**params, **(run.params or {})}
        progress("prepare", 0.0, "redacting and annotating texts")
        with clock.stage("prepare"):
            prep = prepare_items(engine, project_id,
                                 progress=lambda d, t: progress("prepare", d / max(t, 1), f"{d}/{t} texts"))
        clock.count(prep["prepared"])
        progress("embed", 0.0, "embedding texts")
        with clock.stage("embed"):
            emb = embed_items(engine, project_id, embedder,
                              progress=lambda d, t: progress("embed", d / max(t, 1), f"{d}/{t} texts"))
        clock.count(emb["embedded"])
        with clock.stage("load"):
            data = load_run_data(engine, project_id, embedder.fingerprint)
            if len(data.respondents) < MIN_RESPONDENTS:
                raise PipelineError(f"only {len(data.respondents)} respondents have text; "
                                    f"segmentation needs at least {MIN_RESPONDENTS}")
            extra = {"embedder": embedder, "frameworks": params["frameworks"],
                     "value_labels": project_value_labels(engine, project_id, params["frameworks"])} if insights else None
        progress("segment", 0.0, f"segmenting {len(data.respondents)} people")
        dhash = data_hash(zip(data.items["respondent_id"], data.items["field"], data.items["text_hash"]))
        built = build_run(engine, project_id, data, seed=seed, params=params, progress=progress, clock=clock,
                          data_hash=dhash, insights=extra)
        progress("write", 0.0, "storing the segments")
        clock.current = "write"   # timed inside its transaction
        write_run(engine, run_id, built, data.items, clock=clock,
                  run_fields={"model": embedder.fingerprint, "data_hash": dhash, "versions": package_versions()},
                  metrics={"prepare": prep, "embed": emb,
                           "coverage": coverage(engine, project_id, set(built.ids))})
        progress("done", 1.0, "run finished")
        return run_id
    except Exception as exc:
        fail_run(engine, run_id, clock, exc)
        raise


def fail_run(engine: Engine, run_id: int, clock: StageClock, exc: Exception) -> None:
    """Mark a run ``failed``, naming the stage that raised and keeping the stages that ran."""
    stage = clock.current or "start"
    with write_session(engine) as s:
        run = s.get(Run, run_id)
        run.status = "failed"
        run.metrics = {"error": f"{stage}: {exc}", "failed_stage": stage, "stages": clock.rows}
        run.finished_at = utcnow()

