"""Settings: flags > environment > defaults.

``FEEDBACK_SEG_DB`` selects the store (a file path or an SQLAlchemy URL);
``FEEDBACK_SEG_HOME`` holds the instance folder (secret key, uploads).
"""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "feedback_seg.db"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024      # plain files
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # sum of members' sizes in an XLSX
MAX_XLSX_RATIO = 100                       # uncompressed : compressed
MAX_XLSX_ENTRIES = 1000
MAX_ROWS = 1_000_000
MIN_CELL = 5         # k: smallest group any figure is shown for
MIN_QUOTE_GROUP = 10  # quotes need a larger group


def db_url(db: str | None = None) -> str:
    """Turn ``--db`` / ``FEEDBACK_SEG_DB`` (a path or a URL) into an SQLAlchemy URL."""
    value = db or os.environ.get("FEEDBACK_SEG_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def home_dir() -> Path:
    """The instance folder (created on demand)."""
    p = Path(os.environ.get("FEEDBACK_SEG_HOME", Path.home() / ".feedback-seg"))
    p.mkdir(parents=True, exist_ok=True)
    return p
