"""Start (if needed) the machine's PostgreSQL 15 on loopback and hand out throw-away databases."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid

ROLE, PASSWORD = "fbseg_test", "fbseg-test-only"


def _psql(sql: str) -> str:
    return subprocess.run(["su", "postgres", "-c", f'psql -v ON_ERROR_STOP=1 -tAc "{sql}"'],
                          check=True, capture_output=True, text=True, timeout=60).stdout.strip()


def server_url() -> str | None:
    """A URL of a role that may create databases, or None when no server can be had."""
    if os.environ.get("FEEDBACK_SEG_TEST_PG"):
        return os.environ["FEEDBACK_SEG_TEST_PG"]
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        return None
    try:
        status = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, timeout=30).stdout
        if "online" not in status:
            subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True, timeout=120,
                           capture_output=True)
        if _psql(f"SELECT 1 FROM pg_roles WHERE rolname='{ROLE}'") != "1":
            _psql(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
    except (subprocess.SubprocessError, OSError):
        return None
    return f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:5432/postgres"


def create_database(base_url: str) -> tuple[str, callable]:
    """Create a fresh database; return its URL and a function that drops it."""
    from sqlalchemy import create_engine, text  # noqa: PLC0415

    name = "fbseg_" + uuid.uuid4().hex[:12]
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = base_url.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        from feedback_seg.store.engine import get_engine  # noqa: PLC0415
        get_engine.cache_clear()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return url, drop
