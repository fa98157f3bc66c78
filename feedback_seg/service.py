"""The one service API that the CLI and the web call.

Functions take an SQLAlchemy ``Engine`` from :func:`open_store` and return plain data
(dicts, dataclasses, DataFrames). Nothing here knows about click or Flask.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .config import db_url
from .ingestion import ingest_attributes, ingest_file, list_sources  # noqa: F401 - re-exported
from .store.engine import get_engine, read_session
from .store.lookup import project_by_name
from .store.migrate import current_revision, upgrade
from .store.schema import Item, Project, Respondent, Run, Source


def open_store(db: str | None = None, migrate: bool = True) -> Engine:
    """The engine for ``db`` (path or URL; default ``FEEDBACK_SEG_DB`` or ./feedback_seg.db),
    upgraded to the newest schema so an older store opens in a newer version."""
    engine = get_engine(db_url(db))
    if migrate:
        upgrade(engine)
    return engine


def init_store(db: str | None = None) -> dict:
    engine = open_store(db)
    return {"url": engine.url.render_as_string(hide_password=True), "revision": current_revision(engine),
            "dialect": engine.dialect.name}


def project_status(engine: Engine, project: str | None = None) -> dict:
    with read_session(engine) as s:
        proj = project_by_name(s, project)
        pid = proj.id
        count = lambda model: s.scalar(select(func.count()).select_from(model).where(model.project_id == pid))  # noqa: E731
        runs = s.scalars(select(Run).where(Run.project_id == pid).order_by(Run.id.desc()).limit(5)).all()
        return {"project": proj.name, "project_id": pid, "sources": count(Source),
                "respondents": count(Respondent), "items": count(Item),
                "items_prepared": s.scalar(select(func.count()).select_from(Item).where(
                    Item.project_id == pid, Item.redacted_text.is_not(None))),
                "runs": [{"run_id": r.id, "status": r.status, "created_at": r.created_at.isoformat()}
                         for r in runs]}


def list_project_names(engine: Engine) -> list[str]:
    with read_session(engine) as s:
        return list(s.scalars(select(Project.name).order_by(Project.name)))
