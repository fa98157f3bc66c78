"""What a project's home page lists: its sources, runs, recent jobs and the reviews waiting."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .store.engine import read_session
from .store.schema import Job, Run, Segment, Source

RECENT_JOBS = 10


def project_home(engine: Engine, project_id: int) -> dict:
    """Sources (oldest first), runs and recent jobs (newest first), and per finished run the
    people waiting in Unassigned and the emerging segments waiting for a decision."""
    with read_session(engine) as s:
        sources = s.scalars(select(Source).where(Source.project_id == project_id).order_by(Source.id)).all()
        runs = s.scalars(select(Run).where(Run.project_id == project_id).order_by(Run.id.desc())).all()
        jobs = s.scalars(select(Job).where(Job.project_id == project_id).order_by(Job.id.desc())
                         .limit(RECENT_JOBS)).all()
        run_ids = [r.id for r in runs]
        seg_rows = s.execute(select(Segment.run_id, Segment.status, func.count(), func.sum(Segment.size))
                             .where(Segment.run_id.in_(run_ids)).group_by(Segment.run_id, Segment.status)).all() \
            if run_ids else []
        by_run: dict[int, dict] = {}
        for run_id, status, n, size in seg_rows:
            by_run.setdefault(run_id, {})[status] = (int(n), int(size or 0))
        out_runs, pending = [], []
        for r in runs:
            st = by_run.get(r.id, {})
            row = {"run_id": r.id, "status": r.status, "seed": r.seed, "segments": st.get("active", (0, 0))[0],
                   "unassigned": st.get("unassigned", (0, 0))[1], "emerging": st.get("emerging", (0, 0))[0],
                   "created_at": r.created_at.isoformat(timespec="seconds")}
            out_runs.append(row)
            if r.status == "done" and (row["unassigned"] or row["emerging"]):
                pending.append(row)
        return {
            "sources": [{"source_id": x.id, "filename": x.filename, "format": x.format, "rows_in": x.rows_in,
                         "imported": x.imported, "rejected": x.rejected,
                         "created_at": x.created_at.isoformat(timespec="seconds")} for x in sources],
            "runs": out_runs, "pending": pending,
            "jobs": [{"job_id": j.id, "kind": j.kind, "status": j.status, "stage": j.stage,
                      "progress": j.progress, "run_id": ((j.state or {}).get("result") or {}).get("run_id"),
                      "created_at": j.created_at.isoformat(timespec="seconds")} for j in jobs],
        }


def run_number(engine: Engine, run_id: int) -> tuple[int, int]:
    """(project id, the run's number within its project: 1 for its first run, 2 ...)."""
    with read_session(engine) as s:
        pid = s.scalar(select(Run.project_id).where(Run.id == run_id))
        if pid is None:
            return 0, 0
        n = s.scalar(select(func.count()).select_from(Run).where(Run.project_id == pid, Run.id <= run_id))
        return int(pid), int(n)


def run_by_number(engine: Engine, project_id: int, number: int) -> int | None:
    """The internal id of run ``number`` of a project, or None."""
    if number < 1:
        return None
    with read_session(engine) as s:
        return s.scalar(select(Run.id).where(Run.project_id == project_id).order_by(Run.id)
                        .offset(number - 1).limit(1))
