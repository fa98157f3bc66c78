"""Small lookups shared by the service modules."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError
from .schema import Project, Run

DEFAULT_PROJECT = "default"


def project_by_name(session: Session, name: str | None, create: bool = False) -> Project:
    """The project called ``name`` (default: the only project, else ``default``)."""
    if name is None:
        projects = session.scalars(select(Project).order_by(Project.id)).all()
        if len(projects) == 1:
            return projects[0]
        name = DEFAULT_PROJECT
    project = session.scalars(select(Project).where(Project.name == name)).first()
    if project is None:
        if not create:
            raise NotFoundError(f"no project named {name!r}; ingest a file into it first")
        project = Project(name=name, settings={"min_cell": 5, "redaction": True})
        session.add(project)
        session.flush()
    return project


def latest_run(session: Session, project_id: int, status: str = "done") -> Run:
    run = session.scalars(select(Run).where(Run.project_id == project_id, Run.status == status)
                          .order_by(Run.id.desc())).first()
    if run is None:
        raise NotFoundError("this project has no finished segmentation run; run `feedback-seg segment`")
    return run


def run_by_id(session: Session, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"no run {run_id}")
    return run
