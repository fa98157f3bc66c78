"""Projects and their members: the workspaces that access checks are scoped to."""
from __future__ import annotations

import unicodedata

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .errors import ConflictError, InputError, NotFoundError
from .store.engine import read_session, write_session
from .store.schema import Project, ProjectMember, User

MAX_NAME = 200


def _to_dict(p: Project) -> dict:
    return {"id": p.id, "name": p.name, "owner_id": p.owner_id, "settings": dict(p.settings or {}),
            "created_at": p.created_at.isoformat() if p.created_at else None}


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or len(name) > MAX_NAME:
        raise InputError(f"project name must be 1 to {MAX_NAME} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise InputError("project name must not contain control characters")
    return name


def create_project(engine: Engine, name: str, owner_id: int | None) -> dict:
    """Create a project; its owner becomes its first member."""
    name = _clean_name(name)
    try:
        with write_session(engine) as s:
            if s.scalar(select(Project.id).where(Project.name == name)) is not None:
                raise ConflictError(f"a project named {name!r} already exists")
            p = Project(name=name, owner_id=owner_id, settings={})
            s.add(p)
            s.flush()
            if owner_id is not None:
                s.add(ProjectMember(project_id=p.id, user_id=owner_id))
            return _to_dict(p)
    except IntegrityError as exc:
        raise ConflictError(f"a project named {name!r} already exists") from exc


def get_project(engine: Engine, project_id: int) -> dict:
    with read_session(engine) as s:
        p = s.get(Project, int(project_id))
        if p is None:
            raise NotFoundError(f"no project with id {project_id}")
        return _to_dict(p)


def list_projects(engine: Engine, user: dict | None = None, *, after_id: int | None = None,
                  limit: int | None = None) -> list[dict]:
    """Projects visible to ``user`` (admin or ``None``: all), by id, keyset-paged after ``after_id``."""
    q = select(Project).order_by(Project.id)
    if user is not None and user.get("role") != "admin":
        q = q.join(ProjectMember, ProjectMember.project_id == Project.id).where(
            ProjectMember.user_id == user["id"])
    if after_id is not None:
        q = q.where(Project.id > int(after_id))
    if limit is not None:
        q = q.limit(int(limit))
    with read_session(engine) as s:
        return [_to_dict(p) for p in s.scalars(q)]


def is_member(engine: Engine, project_id: int, user_id: int) -> bool:
    with read_session(engine) as s:
        return s.scalar(select(ProjectMember.id).where(
            ProjectMember.project_id == int(project_id), ProjectMember.user_id == int(user_id))) is not None


def add_member(engine: Engine, project_id: int, user_id: int) -> None:
    """Give a user access to a project (idempotent)."""
    with write_session(engine) as s:
        if s.get(Project, int(project_id)) is None:
            raise NotFoundError(f"no project with id {project_id}")
        if s.get(User, int(user_id)) is None:
            raise NotFoundError(f"no user with id {user_id}")
        exists = s.scalar(select(ProjectMember.id).where(
            ProjectMember.project_id == int(project_id), ProjectMember.user_id == int(user_id)))
        if exists is None:
            s.add(ProjectMember(project_id=int(project_id), user_id=int(user_id)))


def remove_member(engine: Engine, project_id: int, user_id: int) -> None:
    with write_session(engine) as s:
        s.execute(delete(ProjectMember).where(ProjectMember.project_id == int(project_id),
                                              ProjectMember.user_id == int(user_id)))


def list_members(engine: Engine, project_id: int) -> list[dict]:
    with read_session(engine) as s:
        rows = s.execute(select(User.id, User.username, User.role, User.active)
                         .join(ProjectMember, ProjectMember.user_id == User.id)
                         .where(ProjectMember.project_id == int(project_id)).order_by(User.id))
        return [{"id": r.id, "username": r.username, "role": r.role, "active": bool(r.active)} for r in rows]
