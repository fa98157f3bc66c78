"""Small helpers the views share: the store engine, the current user, access checks."""
from __future__ import annotations

from urllib.parse import urlsplit

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


def local_path(target: str | None) -> str | None:
    """``target`` when it is a same-origin relative path (a single leading ``/``, no ``//``, no
    backslash, no control or whitespace characters), else ``None``: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F or ch.isspace() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("//"):
        return None
    return target
