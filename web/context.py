"""Small helpers the views share: the store engine, the current user, access checks."""
from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from feedback_seg import service


def engine():
    return current_app.extensions["feedback_seg_engine"]


def user() -> dict | None:
    """The signed-in user as the application layer's dict, or ``None``."""
    if current_user and current_user.is_authenticated:
        return current_user.data
    return None


def require(action: str, project_id: int | None = None) -> dict:
    """The current user, or raise AuthError / ForbiddenError (mapped to 401 / 403)."""
    u = user()
    service.require_access(u, action, project_id, engine())
    return u


def can(action: str, project_id: int | None = None) -> bool:
    return service.user_can(user(), action, project_id, engine())


def wants_json() -> bool:
    return request.path.startswith("/api/")
