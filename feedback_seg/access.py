"""Who may do what: the policy table (role x action) and project membership.

Admins may do everything everywhere. Everyone else acts only inside projects they are members
of, and only with the actions their role grants. Global actions (no project) are checked against
the role alone.
"""
from __future__ import annotations

from sqlalchemy.engine import Engine

from .errors import AuthError, ForbiddenError
from .projects import is_member

GLOBAL_ACTIONS = frozenset({"project.create", "project.list", "user.admin", "account.self"})
PROJECT_ACTIONS = frozenset({
    "project.read",        # overview, sources, jobs, segments, search
    "project.upload",      # upload files and confirm their mapping
    "project.members",     # change who is a member
    "run.start",           # start a segmentation
    "segment.edit",        # rename, merge, split, move, pin (review and label)
    "export.aggregate",    # persona cards, segment profiles, aggregate exports
    "export.raw",          # row-level exports and original uploaded files
})
ACTIONS = GLOBAL_ACTIONS | PROJECT_ACTIONS

_READ = {"project.list", "account.self", "project.read", "export.aggregate"}
POLICY: dict[str, frozenset[str]] = {
    "admin": ACTIONS,
    "researcher": frozenset(_READ | {"project.create", "project.upload", "run.start", "segment.edit",
                                     "export.raw"}),
    "marketer": frozenset(_READ | {"segment.edit"}),
    "viewer": frozenset(_READ),
}


def role_allows(role: str, action: str) -> bool:
    """The policy table alone (no project membership)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in POLICY.get(role, frozenset())


def can(user: dict | None, action: str, project_id: int | None, engine: Engine) -> bool:
    """Whether ``user`` may do ``action`` (in ``project_id`` for project actions)."""
    if not user or not user.get("active", False):
        return False
    if not role_allows(user.get("role", ""), action):
        return False
    if action in GLOBAL_ACTIONS or user["role"] == "admin":
        return True
    if project_id is None:
        return False
    return is_member(engine, int(project_id), int(user["id"]))


def require(user: dict | None, action: str, project_id: int | None, engine: Engine) -> None:
    """Raise :class:`AuthError` (no user) or :class:`ForbiddenError` unless :func:`can`."""
    if not user:
        raise AuthError("login required")
    if not can(user, action, project_id, engine):
        raise ForbiddenError("not allowed")
