"""The tables of DESIGN.md, as SQLAlchemy ORM models.

Portable between SQLite and PostgreSQL: JSON columns use SQLAlchemy's ``JSON``; vectors are
``LargeBinary`` (float32 bytes); ids of respondents are strings, never coerced.
Schema changes go through the Alembic migrations in ``store/migrations``.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Source(Base):
    """One uploaded file and what became of its rows."""
    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("project_id", "sha256", name="uq_source_sha"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    rows_in: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)    # column roles used
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Rejection(Base):
    """A row of a source that was not imported, and why."""
    __tablename__ = "rejection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)


class Respondent(Base):
    __tablename__ = "respondent"
    __table_args__ = (UniqueConstraint("project_id", "external_id", name="uq_respondent_ext"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(300))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    id_generated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Item(Base):
    """One piece of text written by a respondent."""
    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("project_id", "record_key", "field", name="uq_item_key"),
                      Index("ix_item_hash", "text_hash"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[str] = mapped_column(String(300))   # response / ticket / post id
    field: Mapped[str] = mapped_column(String(300))        # column or question code
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    channel: Mapped[str] = mapped_column(String(50), default="survey")
    timestamp: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    raw_text: Mapped[str] = mapped_column(Text)
    redacted_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    text_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lang: Mapped[str | None] = mapped_column(String(10), nullable=True)
    flags: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Embedding(Base):
    """A vector per (model fingerprint, hash of the redacted text): embedded once, ever."""
    __tablename__ = "embedding"
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    chunks: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Run(Base):
    """One segmentation and its manifest."""
    __tablename__ = "run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    parent_run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[str | None] = mapped_column(String(100), nullable=True)
    data_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    versions: Mapped[dict] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class RunHierarchy(Base):
    """What a re-cut of a run needs, so it moves along the cluster trees without embedding or
    reducing again: one ``np.savez_compressed`` blob (person ids in tree order, reduced
    coordinates as float32, HDBSCAN's single-linkage tree and Ward's linkage) and the candidate
    cuts with their figures. About 1 MB for 10,000 people."""
    __tablename__ = "run_hierarchy"
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), primary_key=True)
    arrays: Mapped[bytes] = mapped_column(LargeBinary)
    cuts: Mapped[list] = mapped_column(JSON, default=list)
    chosen: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict] = mapped_column(JSON, default=dict)


class Segment(Base):
    __tablename__ = "segment"
    __table_args__ = (UniqueConstraint("run_id", "key", name="uq_segment_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))           # stable across runs
    label: Mapped[int] = mapped_column(Integer)            # cluster label in this run (-1 = Unassigned)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)  # human name
    auto_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[dict] = mapped_column(JSON, default=dict)  # quotes, profiles, values, needs
    size: Mapped[int] = mapped_column(Integer, default=0)
    share: Mapped[float] = mapped_column(Float, default=0.0)
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active|merged|unassigned|emerging
    version: Mapped[int] = mapped_column(Integer, default=1)


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("run_id", "respondent_id", name="uq_assignment"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segment.id", ondelete="SET NULL"), nullable=True, index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    origin: Mapped[str] = mapped_column(String(20), default="model")  # model|soft|human
    x: Mapped[float | None] = mapped_column(Float, nullable=True)     # 2-D map position
    y: Mapped[float | None] = mapped_column(Float, nullable=True)


class ItemTheme(Base):
    """An item's theme inside its segment, for explanation."""
    __tablename__ = "item_theme"
    __table_args__ = (UniqueConstraint("run_id", "item_id", name="uq_item_theme"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    theme: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(200), nullable=True)


class LabelEvent(Base):
    """Append-only log of every human action."""
    __tablename__ = "label_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id", ondelete="SET NULL"), nullable=True)
    user: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))    # rename|merge|split|move|outlier|pin|unpin|accept_name|undo|confirm
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # ids and before/after, never raw text
    undoes: Mapped[int | None] = mapped_column(ForeignKey("label_event.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))    # admin|researcher|marketer|viewer
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)  # bumped on logout: old cookies die
    api_token_hash: Mapped[str | None] = mapped_column(String(128), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AccountEvent(Base):
    """Append-only audit log of account actions (create, password change/reset, (de)activate,
    role, tokens): who did what to whom, written in the same transaction as the change."""
    __tablename__ = "account_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True)
    actor: Mapped[str] = mapped_column(String(200))          # username, or "cli" for the command line
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # never a password or token
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginFailure(Base):
    """One failed login, kept for the limiter's window only (shared by every process on the store).
    Keys are hashes: a name typed into the wrong field (often a password) is never stored."""
    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_at", "at"), Index("ix_login_failure_client", "client_key", "at"),
                      Index("ix_login_failure_account", "account_key", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_key: Mapped[str] = mapped_column(String(32))
    account_key: Mapped[str] = mapped_column(String(32))
    at: Mapped[float] = mapped_column(Float)                 # epoch seconds (all processes share the clock)


class ProjectMember(Base):
    __tablename__ = "project_member"
    __table_args__ = (UniqueConstraint("project_id", "user_id", name="uq_member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)


class Job(Base):
    """A background job with progress, error and resumable state."""
    __tablename__ = "job"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    stage: Mapped[str | None] = mapped_column(String(40), nullable=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
