"""The store on SQLite and on a real PostgreSQL 15: migrations, pragmas, transactions, round trips."""
from __future__ import annotations

import multiprocessing as mp

import pytest
from sqlalchemy import inspect, select, text

from feedback_seg.service import open_store
from feedback_seg.store.engine import get_engine, read_session, write_session
from feedback_seg.store.migrate import current_revision, head_revision
from feedback_seg.store.schema import Item, LabelEvent, Project, Respondent, Source

TABLES = {"project", "source", "respondent", "item", "embedding", "run", "segment", "assignment",
          "label_event", "user", "job", "rejection", "project_member", "item_theme"}


def test_migrations_create_every_table(any_url):
    engine = open_store(any_url)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert current_revision(engine) == head_revision(engine)
    open_store(any_url)  # idempotent upgrade of an existing store
    assert current_revision(engine) == head_revision(engine)


def test_sqlite_pragmas_on_every_connection(sqlite_url):
    engine = open_store(sqlite_url)
    for _ in range(3):
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert c.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_round_trip_keeps_strings_and_json(any_url):
    engine = open_store(any_url)
    with write_session(engine) as s:
        p = Project(name="Brand tracker Q3", settings={"min_cell": 5})
        s.add(p)
        s.flush()
        src = Source(project_id=p.id, filename="x.csv", format="csv", sha256="a" * 64)
        s.add(src)
        s.flush()
        r = Respondent(project_id=p.id, external_id="00123", attributes={"age": "N/A", "note": "null"})
        s.add(r)
        s.flush()
        s.add(Item(project_id=p.id, respondent_id=r.id, source_id=src.id, row_number=4, record_key="00123",
                   field="Q1", raw_text="None", channel="survey"))
    with read_session(engine) as s:
        r = s.scalars(select(Respondent)).one()
        assert r.external_id == "00123"
        assert r.attributes == {"age": "N/A", "note": "null"}
        assert s.scalars(select(Item.raw_text)).one() == "None"


def test_failed_write_rolls_back(any_url):
    engine = open_store(any_url)
    with pytest.raises(RuntimeError):
        with write_session(engine) as s:
            s.add(Project(name="p"))
            s.flush()
            raise RuntimeError("boom")
    with read_session(engine) as s:
        assert s.scalars(select(Project)).all() == []


def test_unique_item_key_enforced(any_url):
    from sqlalchemy.exc import IntegrityError
    engine = open_store(any_url)
    with write_session(engine) as s:
        p = Project(name="p"); s.add(p); s.flush()
        src = Source(project_id=p.id, filename="x", format="csv", sha256="b" * 64); s.add(src); s.flush()
        r = Respondent(project_id=p.id, external_id="1"); s.add(r); s.flush()
        ids = dict(project_id=p.id, respondent_id=r.id, source_id=src.id, row_number=2, record_key="1", field="Q1")
    with pytest.raises(IntegrityError):
        with write_session(engine) as s:
            s.add(Item(**ids, raw_text="a"))
            s.add(Item(**ids, raw_text="b"))
            s.flush()


def _writer(url: str, n: int, worker: int) -> int:
    get_engine.cache_clear()
    engine = get_engine(url)
    errors = 0
    for i in range(n):
        try:
            with write_session(engine) as s:
                count = s.scalar(select(text("count(*)")).select_from(LabelEvent))  # read, then write
                s.add(LabelEvent(project_id=1, user=f"w{worker}", kind="rename", payload={"i": i, "seen": count}))
        except Exception:  # noqa: BLE001
            errors += 1
    return errors


def test_concurrent_writers_never_hit_database_is_locked(sqlite_url):
    engine = open_store(sqlite_url)
    with write_session(engine) as s:
        s.add(Project(name="p"))
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        errors = pool.starmap(_writer, [(sqlite_url, 60, w) for w in range(4)])
    assert sum(errors) == 0
    with read_session(engine) as s:
        assert s.scalar(select(text("count(*)")).select_from(LabelEvent)) == 240
