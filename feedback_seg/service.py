"""The one service API that the CLI and the web call.

Functions take an SQLAlchemy ``Engine`` from :func:`open_store` and return plain data
(dicts, dataclasses, DataFrames). Nothing here knows about click or Flask.
"""
from __future__ import annotations

import functools

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .config import db_url  # noqa: F401 - re-exported
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


# --- segmentation runs ------------------------------------------------------------------------
from .export import export_run  # noqa: E402,F401
from .pipeline.run import rebuild_run, run_segmentation  # noqa: E402,F401
from .pipeline.recut import can_recut, recut_choices  # noqa: E402,F401
from .pipeline.insights import add_insights  # noqa: E402,F401
from .pipeline.extend import DEFAULT_THRESHOLD, assign_new  # noqa: E402,F401
from .review.diff import diff_runs  # noqa: E402,F401
from .review import emerging as _emerging  # noqa: E402  (its actions are wrapped below)
from .queries import (assignments, attribute_keys, get_segment, item_texts, list_segments,  # noqa: E402,F401
                      resolve_run, run_list, run_manifest, segment_members)


def run_summary(engine: Engine, run_id: int, detail: bool = False) -> dict:
    """A run's manifest and its segments (with the top over-indexed attributes)."""
    from .pipeline.profile_text import top_over_indexed  # noqa: PLC0415

    segs = list_segments(engine, run_id)
    for s in segs:
        s["over_indexed"] = top_over_indexed(s["profile"], n=3) if s["profile"] else []
        if not detail:
            s.pop("profile", None)
    return {"run_id": run_id, "manifest": run_manifest(engine, run_id), "segments": segs}


def look_alike_segments(segments: list[dict], top_n: int = 10) -> list[dict]:
    """Pairs of the given (current) segments whose top-``top_n`` keywords overlap more than the
    near-duplicate threshold, largest first: ``{"a", "b"`` (the segment dicts), ``"overlap",
    "shared"}``. Computed from the segments as they are now, so it holds after every review edit."""
    from .pipeline.describe import keyword_overlap  # noqa: PLC0415

    by_key = {s["key"]: s for s in segments if s.get("key") != "unassigned"}
    found = keyword_overlap({k: s.get("keywords") or [] for k, s in by_key.items()}, top_n=top_n)
    return [{"a": by_key[p["a"]], "b": by_key[p["b"]], "overlap": p["overlap"], "shared": p["shared"]}
            for p in found["pairs"]]


def recut_run(engine: Engine, run_id: int, n_segments: int, progress=None) -> dict:
    """A new run derived from finished run ``run_id`` with ``n_segments`` segments, read from its
    stored cluster trees (no embedding, no reduction); human decisions carry over by key. Returns
    the new ``run_id``, ``recut_of``, ``requested_segments``, ``n_segments``, ``seconds`` and a
    ``note`` when near-duplicate segments merged into fewer than asked."""
    from .pipeline.recut import recut_run as _recut  # noqa: PLC0415

    return _recut(engine, run_id, n_segments, progress=progress)


def evaluate_file(path, text_col: str, label_col: str, *, baselines: bool = False, seed: int = 0,
                  limit: int | None = None, describe: bool = True) -> dict:
    from .evaluate import evaluate_file as _evaluate  # noqa: PLC0415

    return _evaluate(path, text_col, label_col, baselines=baselines, seed=seed, limit=limit, describe=describe)


# --- background jobs --------------------------------------------------------------------------
from .jobs import JobRunner, get_job, run_job_with_heartbeat, start_job  # noqa: E402,F401


def start_processing(engine: Engine, project_id: int, stored_path: str, mapping: dict | None = None, *,
                     user: str | None = None, filename: str | None = None, fmt: str | None = None) -> int:
    """Queue ingest -> redact -> embed -> segment for an uploaded file; returns the job id."""
    mapping = mapping or {}
    overrides = {k: mapping[k] for k in ("text_cols", "id_col", "time_col", "channel", "drop_cols",
                                         "attribute_cols", "technical_cols", "keep_cols", "key_cols",
                                         "harmonise") if mapping.get(k)}
    return start_job(engine, "process", project_id,
                     {"path": str(stored_path), "filename": filename, "format": fmt or mapping.get("format"),
                      "encoding": mapping.get("encoding"), "overrides": overrides,
                      "segment_inputs": list(mapping.get("segment_inputs") or [])}, user=user)


# --- asking the segments ----------------------------------------------------------------------
from .ask.answers import needs, values  # noqa: E402,F401
from .ask.search import search  # noqa: E402,F401
from .review.value_labels import label_values  # noqa: E402,F401


def evaluate_values(data_dir, *, shots: int = 0, text: str = "premise", seed: int = 0) -> dict:
    from feedback_seg.nlp_models.value_eval import evaluate_values as _evaluate  # noqa: PLC0415

    return _evaluate(data_dir, shots=shots, seed=seed, text=text)


# --- people, projects and access (the web's accounts, membership and checks) -----------------
from .accounts import (ROLES, activate_user, authenticate, bump_session_version,  # noqa: E402,F401
                       change_password, create_user, deactivate_user, get_user, get_user_by_name,
                       issue_api_token, list_account_events, list_users, reset_password,
                       revoke_api_token, set_role, user_for_token, username_ref)
from .login_limits import LoginLimiter, MemoryFailures, StoreFailures  # noqa: E402,F401


def login_limiter(engine: Engine | None, limit: int = 5, window: float = 60.0, *, shared: bool = True,
                  **limits) -> LoginLimiter:
    """The failed-login limiter: kept in the store ``engine`` (shared by every process on it)
    when ``shared``, else in this process's memory. ``limits``: client_limit, global_limit,
    delay_base, delay_max (see :mod:`feedback_seg.login_limits`)."""
    store = StoreFailures(engine) if shared and engine is not None else MemoryFailures()
    return LoginLimiter(limit, window, store=store, **limits)
from .projects import (add_member, create_project, get_project, list_members, list_projects,  # noqa: E402,F401
                       remove_member)
from .access import can as user_can, require as require_access  # noqa: E402,F401
from .project_home import project_home, run_by_number, run_number  # noqa: E402,F401

# --- review: human edits, the queue, splits ---------------------------------------------------
from .review import events as _events  # noqa: E402
from .review.events import (accept_name, list_events, pin_quote,  # noqa: E402,F401
                            confirm as confirm_members, rename as rename_segment, required_version,
                            required_versions)
from .review.refresh import (after_edit, freshness, refresh_in_background, refresh_run,  # noqa: E402,F401
                             refresh_until_fresh, wait_for_refresh)


def _refreshing(fn):
    """``fn`` (a review action) followed by the refresh of its run's figures (see review/refresh.py)."""
    @functools.wraps(fn)
    def call(engine, *args, **kwargs):
        return after_edit(engine, fn(engine, *args, **kwargs))
    return call


merge_segments = _refreshing(_events.merge)
move_members = _refreshing(_events.move)
mark_outlier = _refreshing(_events.mark_outlier)
undo_event = _refreshing(_events.undo)
from .respondent_keys import pick_respondents, resolve_external_ids  # noqa: E402,F401
from .review.queue import (DEFAULT_PER_SEGMENT, MAX_PER_SEGMENT, QUEUE_MODES, get_event,  # noqa: E402,F401
                           review_queue, select_respondents)
from .review.split import accept_split as _accept_split, preview_split  # noqa: E402,F401

accept_split = _refreshing(_accept_split)
accept_emerging = _refreshing(_emerging.accept_emerging)
dismiss_emerging = _refreshing(_emerging.dismiss_emerging)

# --- uploads, reports and limits ----------------------------------------------------------------
from .sandbox import preview_file  # noqa: E402,F401
from .ingest.detect import ALLOWED_SUFFIXES  # noqa: E402,F401
from .ingest.roles import RoleOverrides  # noqa: E402,F401
from .report import persona, persona_cards, render_report  # noqa: E402,F401
from .pipeline.profile_text import ordered_attributes, split_rows  # noqa: E402,F401
from .ask.search import MAX_LIMIT as MAX_SEARCH_LIMIT  # noqa: E402,F401
from .config import MAX_UPLOAD_BYTES, MIN_CELL, home_dir  # noqa: E402,F401
from .nlp_models.frameworks import load_framework  # noqa: E402,F401
