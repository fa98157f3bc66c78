"""Background jobs with progress, errors and resume.

A job row holds its parameters and progress. :func:`run_job` executes one job in the current
process; :class:`JobRunner` (used by the web server and ``feedback-seg worker``) claims queued
jobs and runs each in a child process (niced), so a crash or heavy CPU work never takes the web
process down. Jobs left ``running`` by a dead process (stale heartbeat) are re-queued and resume:
ingestion is idempotent, and prepared texts and embeddings already stored are reused.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from .errors import FeedbackSegError, NotFoundError
from .store.engine import read_session, write_session
from .store.schema import Job, utcnow

STALE_AFTER = timedelta(seconds=90)
KINDS = ("process", "segment")


def start_job(engine: Engine, kind: str, project_id: int | None, params: dict, user: str | None = None) -> int:
    if kind not in KINDS:
        raise FeedbackSegError(f"unknown job kind {kind!r}")
    with write_session(engine) as s:
        job = Job(kind=kind, project_id=project_id, status="queued", state={"params": params},
                  created_by=user, stage="queued", progress=0.0)
        s.add(job)
        s.flush()
        return job.id


def get_job(engine: Engine, job_id: int) -> dict:
    with read_session(engine) as s:
        j = s.get(Job, job_id)
        if j is None:
            raise NotFoundError(f"no job {job_id}")
        return {"job_id": j.id, "kind": j.kind, "project_id": j.project_id, "status": j.status,
                "stage": j.stage, "progress": round(j.progress, 3), "message": j.message, "error": j.error,
                "result": (j.state or {}).get("result"), "created_by": j.created_by,
                "updated_at": j.updated_at.isoformat() if j.updated_at else None}


def _update(engine: Engine, job_id: int, **values) -> None:
    with write_session(engine) as s:
        s.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow(), updated_at=utcnow(), **values))


def _set_result(engine: Engine, job_id: int, key: str, value) -> None:
    with write_session(engine) as s:
        j = s.get(Job, job_id)
        j.state = {**(j.state or {}), key: value}


def ingest_params(engine: Engine, params: dict, project: str | None, user: str | None):
    """The ingest step of a ``process`` job: the stored file read with the roles the user confirmed."""
    from .ingest.roles import RoleOverrides  # noqa: PLC0415
    from .ingestion import ingest_file  # noqa: PLC0415
    return ingest_file(engine, params["path"], project=project, format=params.get("format"),
                       encoding=params.get("encoding"), overrides=RoleOverrides(**params.get("overrides", {})),
                       user=user, display_name=params.get("filename"))


def run_job(engine: Engine, job_id: int) -> dict:
    """Execute a job here; progress and the outcome are written to its row."""
    from .pipeline.run import run_segmentation  # noqa: PLC0415
    from .store.schema import Project  # noqa: PLC0415

    with read_session(engine) as s:
        j = s.get(Job, job_id)
        if j is None:
            raise NotFoundError(f"no job {job_id}")
        state, kind, project_id, user = dict(j.state or {}), j.kind, j.project_id, j.created_by
        project = s.get(Project, project_id).name if project_id else None
    params = state.get("params", {})
    _update(engine, job_id, status="running", stage="starting", error=None)
    try:
        result = {}
        if kind == "process" and "source" not in state:
            _update(engine, job_id, stage="ingest", progress=0.02, message="reading the file")
            rep = ingest_params(engine, params, project, user)
            _set_result(engine, job_id, "source", rep.to_dict())
            result["ingest"] = {k: v for k, v in rep.to_dict().items() if k != "rejections"}

        def progress(stage: str, frac: float, msg: str) -> None:
            base = {"prepare": 0.05, "embed": 0.25, "segment": 0.6, "describe": 0.85, "write": 0.97, "done": 1.0}.get(stage, 0.5)
            span = {"prepare": 0.2, "embed": 0.35, "segment": 0.25, "describe": 0.15}.get(stage, 0.0)
            _update(engine, job_id, stage=stage, progress=min(1.0, base + span * frac), message=msg)

        run_id = run_segmentation(engine, project, seed=int(params.get("seed", 0)),
                                  params=params.get("segment_params"), progress=progress)
        result["run_id"] = run_id
        _set_result(engine, job_id, "result", result)
        _update(engine, job_id, status="done", stage="done", progress=1.0, message=f"run {run_id} ready")
        return result
    except FeedbackSegError as exc:
        _update(engine, job_id, status="failed", stage="failed", error=exc.message)
        raise
    except Exception as exc:  # noqa: BLE001 - the job row must say why
        _update(engine, job_id, status="failed", stage="failed", error=f"{type(exc).__name__}: {exc}")
        raise


def requeue_stale(engine: Engine) -> int:
    """Put jobs whose worker died (no heartbeat for a while) back in the queue."""
    cutoff = utcnow() - STALE_AFTER
    with write_session(engine) as s:
        res = s.execute(update(Job).where(Job.status == "running", Job.heartbeat_at < cutoff)
                        .values(status="queued", message="resuming after an interruption"))
        return res.rowcount or 0


def claim_next(engine: Engine) -> int | None:
    with write_session(engine) as s:
        job = s.scalars(select(Job).where(Job.status == "queued").order_by(Job.id).limit(1)).first()
        if job is None:
            return None
        job.status = "running"
        job.heartbeat_at = utcnow()
        return job.id


class JobRunner:
    """Claims queued jobs and runs each in a niced child process, one at a time."""

    def __init__(self, db_url: str, poll_seconds: float = 1.0):
        self.db_url = db_url
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "JobRunner":
        self._thread = threading.Thread(target=self._loop, name="feedback-seg-jobs", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        from .store.engine import get_engine  # noqa: PLC0415

        engine = get_engine(self.db_url)
        requeue_stale(engine)
        while not self._stop.is_set():
            job_id = claim_next(engine)
            if job_id is None:
                requeue_stale(engine)   # a job whose worker died (e.g. a restart) resumes once stale
                self._stop.wait(self.poll_seconds)
                continue
            self.run_child(job_id)

    def run_child(self, job_id: int) -> int:
        cmd = [sys.executable, "-m", "feedback_seg.cli", "--db", self.db_url, "run-job", str(job_id)]
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=lambda: os.nice(5), cwd=str(Path.cwd()))
        _, err = proc.communicate()
        if proc.returncode != 0:
            from .store.engine import get_engine  # noqa: PLC0415
            eng = get_engine(self.db_url)
            if get_job(eng, job_id)["status"] != "failed":
                msg = (err or b"").decode(errors="replace").strip().splitlines()[-1:] or ["worker died"]
                _update(eng, job_id, status="failed", stage="failed", error=msg[0][:500])
        return proc.returncode


def heartbeat_forever(engine: Engine, job_id: int, stop: threading.Event, every: float = 20.0) -> None:
    while not stop.wait(every):
        _update(engine, job_id)


def run_job_with_heartbeat(engine: Engine, job_id: int) -> dict:
    stop = threading.Event()
    t = threading.Thread(target=heartbeat_forever, args=(engine, job_id, stop), daemon=True)
    t.start()
    try:
        return run_job(engine, job_id)
    finally:
        stop.set()

