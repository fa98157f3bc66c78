"""Shared fixtures: the real datasets (skipped when absent), fresh stores on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

sys.path.insert(0, str(Path(__file__).resolve().parent))  # test helpers import by bare name too

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def shared_file(*parts: str) -> Path:
    """A file under ../shared/datasets, or skip the test cleanly."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"dataset not available: {p}")
    return p


@pytest.fixture
def shared():
    return shared_file


@pytest.fixture
def sqlite_url(tmp_path):
    return "sqlite:///" + str(tmp_path / "store.db")


@pytest.fixture
def engine(sqlite_url):
    from feedback_seg.service import open_store
    return open_store(sqlite_url)


@pytest.fixture(scope="session")
def pg_server():
    from tests.pg import server_url
    url = server_url()
    if url is None:
        pytest.skip("PostgreSQL 15 is not available on this machine")
    return url


@pytest.fixture
def pg_url(pg_server):
    from tests.pg import create_database
    url, drop = create_database(pg_server)
    yield url
    drop()


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request, tmp_path):
    """Run a store test on both back ends."""
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")
