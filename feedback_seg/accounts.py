"""Accounts: users, roles, password policy and hashing, API tokens, account audit.

Passwords are hashed with argon2id (m = 19 MiB, t = 2, p = 1: the OWASP minimum). The policy
follows ASVS 6.2: at least 12 characters, at most 256, no composition rules, and the 3,000 most
common passwords (``resources/common_passwords.txt``, the head of Django's frequency-ordered
list) are refused. API tokens are shown once; only their SHA-256 is stored. Logging out bumps
``session_version`` so every cookie issued before stops working.

Every change to an account writes an :class:`AccountEvent` (who, what, to whom; never a secret)
in the same transaction. ``actor`` is the acting user's dict, or a string such as ``"cli"``.
The failed-login limits live in :mod:`feedback_seg.login_limits`.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .errors import ConflictError, ForbiddenError, InputError, NotFoundError
from .store.engine import read_session, write_session
from .store.schema import AccountEvent, User

ROLES = ("admin", "researcher", "marketer", "viewer")
MIN_PASSWORD = 12
MAX_PASSWORD = 256
MAX_USERNAME = 150
TOKEN_PREFIX = "fsk_"
COMMON_PASSWORDS = Path(__file__).parent / "resources" / "common_passwords.txt"

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16)
_DUMMY_HASH = HASHER.hash("not a real password: equalises timing for unknown users")
log = logging.getLogger("feedback_seg.auth")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The blocked list, lower-cased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def check_password(password: str, username: str | None = None) -> None:
    """Raise :class:`InputError` unless ``password`` meets the policy (ASVS 6.2)."""
    if not isinstance(password, str):
        raise InputError("password must be text")
    n = len(password)
    if n < MIN_PASSWORD:
        raise InputError(f"password too short: at least {MIN_PASSWORD} characters (a passphrase works well)")
    if n > MAX_PASSWORD:
        raise InputError(f"password too long: at most {MAX_PASSWORD} characters")
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        raise InputError("password is on the list of commonly used passwords; choose another")
    if username and password.strip().lower() == username.strip().lower():
        raise InputError("password must not be the username")


def _clean_username(username: str) -> str:
    name = unicodedata.normalize("NFC", (username or "").strip())
    if not name or len(name) > MAX_USERNAME:
        raise InputError(f"username must be 1 to {MAX_USERNAME} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InputError("username must not contain control or invisible characters")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def _to_dict(u: User) -> dict:
    return {"id": u.id, "username": u.username, "role": u.role, "active": bool(u.active),
            "session_version": u.session_version, "has_token": u.api_token_hash is not None,
            "created_at": u.created_at.isoformat() if u.created_at else None}


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def _actor(actor) -> tuple[str, int | None]:
    if isinstance(actor, dict):
        return str(actor.get("username") or "?"), actor.get("id")
    return str(actor or "system"), None


def _audit(s, user_id: int | None, actor, kind: str, **payload) -> None:
    """One :class:`AccountEvent` in the caller's transaction (``s``)."""
    name, actor_id = _actor(actor)
    s.add(AccountEvent(user_id=user_id, actor=name[:200], actor_id=actor_id, kind=kind, payload=payload))


def create_user(engine: Engine, username: str, password: str, role: str, *, actor=None) -> dict:
    """Create an account; the password must pass :func:`check_password`."""
    name = _clean_username(username)
    _check_role(role)
    check_password(password, name)
    digest = hash_password(password)
    try:
        with write_session(engine) as s:
            if s.scalar(select(User.id).where(User.username == name)) is not None:
                raise ConflictError(f"user {name!r} already exists")
            user = User(username=name, password_hash=digest, role=role, active=True, session_version=1)
            s.add(user)
            s.flush()
            _audit(s, user.id, actor, "create", username=name, role=role)
            return _to_dict(user)
    except IntegrityError as exc:
        raise ConflictError(f"user {name!r} already exists") from exc


def get_user(engine: Engine, user_id: int) -> dict | None:
    with read_session(engine) as s:
        u = s.get(User, int(user_id))
        return _to_dict(u) if u else None


def get_user_by_name(engine: Engine, username: str) -> dict | None:
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.username == unicodedata.normalize("NFC", (username or "").strip())))
        return _to_dict(u) if u else None


def list_users(engine: Engine) -> list[dict]:
    with read_session(engine) as s:
        return [_to_dict(u) for u in s.scalars(select(User).order_by(User.id))]


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, username: str, password: str) -> dict | None:
    """The user when the credentials are right and the account active, else ``None``.

    Unknown users cost one hash verification too, so timing does not reveal which names exist.
    """
    name = unicodedata.normalize("NFC", (username or "").strip())
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.username == name))
        stored = u.password_hash if u else _DUMMY_HASH
        user_id, active = (u.id, u.active) if u else (None, False)
    if not _verify(stored, password):
        return None
    if user_id is None or not active:
        return None
    if HASHER.check_needs_rehash(stored):
        with write_session(engine) as s:
            s.get(User, user_id).password_hash = hash_password(password)
    return get_user(engine, user_id)


def _update(engine: Engine, user_id: int, event: tuple | None = None, check=None, **changes) -> dict:
    """Apply ``changes`` to a user and write ``event`` = (actor, kind, payload) with them.
    ``check(session, user)`` may refuse the change (raise) inside the same transaction."""
    with write_session(engine) as s:
        u = s.get(User, int(user_id), with_for_update=True)
        if u is None:
            raise NotFoundError(f"no user with id {user_id}")
        if check is not None:
            check(s, u)
        for key, value in changes.items():
            setattr(u, key, value(u) if callable(value) else value)
        if event is not None:
            actor, kind, payload = event
            _audit(s, u.id, actor, kind, **payload)
        s.flush()
        return _to_dict(u)


def _bump(u: User) -> int:
    return u.session_version + 1


def set_password(engine: Engine, user_id: int, password: str, *, actor=None) -> dict:
    """Set a password (an admin's reset, or the CLI): every session of the user ends and the API
    token is revoked (a reset is for a forgotten or compromised account)."""
    user = get_user(engine, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    check_password(password, user["username"])
    return _update(engine, user_id, (actor, "password_reset", {"token_revoked": user["has_token"]}),
                   password_hash=hash_password(password), api_token_hash=None, session_version=_bump)


reset_password = set_password


def change_password(engine: Engine, user_id: int, current: str, new: str) -> dict:
    """The user's own change: ``current`` must be right (else :class:`ForbiddenError`), ``new``
    must pass the policy and differ from it. Every session ends (the caller starts a fresh one
    for the session that asked); the API token stays."""
    with read_session(engine) as s:
        u = s.get(User, int(user_id))
        if u is None or not u.active:
            raise NotFoundError(f"no user with id {user_id}")
        stored, name = u.password_hash, u.username
    if not _verify(stored, current):
        raise ForbiddenError("the current password is wrong")
    check_password(new, name)
    if new == current:
        raise InputError("the new password must differ from the current one")
    digest = hash_password(new)

    def unchanged(_s, row):   # a concurrent change in between: do not overwrite it
        if row.password_hash != stored:
            raise ConflictError("the password was changed meanwhile; sign in again")

    return _update(engine, user_id, ({"username": name, "id": int(user_id)}, "password_change", {}),
                   check=unchanged, password_hash=digest, session_version=_bump)


def set_role(engine: Engine, user_id: int, role: str, *, actor=None) -> dict:
    _check_role(role)

    def keep_an_admin(s, u):
        if u.role == "admin" and role != "admin":
            _refuse_last_admin(s, u)

    before = get_user(engine, user_id)
    return _update(engine, user_id, (actor, "role", {"before": before and before["role"], "after": role}),
                   check=keep_an_admin, role=role, session_version=_bump)


def _refuse_last_admin(s, u: User) -> None:
    others = s.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != u.id))
    if not others:
        raise ConflictError("this is the last active admin; make another admin first")


def deactivate_user(engine: Engine, user_id: int, *, actor=None) -> dict:
    """Disable an account: it cannot sign in, its sessions and API token stop working at the
    next request (the token is revoked). The last active admin cannot be disabled."""
    def keep_an_admin(s, u):
        if u.role == "admin" and u.active:
            _refuse_last_admin(s, u)

    return _update(engine, user_id, (actor, "deactivate", {}), check=keep_an_admin, active=False,
                   api_token_hash=None, session_version=_bump)


def activate_user(engine: Engine, user_id: int, *, actor=None) -> dict:
    """Enable an account again (it signs in with its password; it needs a new API token)."""
    return _update(engine, user_id, (actor, "activate", {}), active=True)


def bump_session_version(engine: Engine, user_id: int) -> int:
    """Invalidate every session cookie issued so far (logout); returns the new version."""
    return _update(engine, user_id, session_version=_bump)["session_version"]


def list_account_events(engine: Engine, user_id: int | None = None, limit: int = 50) -> list[dict]:
    """The account audit log, newest first (of one user when ``user_id`` is given)."""
    q = select(AccountEvent).order_by(AccountEvent.id.desc()).limit(max(1, min(int(limit), 500)))
    if user_id is not None:
        q = q.where(AccountEvent.user_id == int(user_id))
    with read_session(engine) as s:
        return [{"event_id": e.id, "user_id": e.user_id, "actor": e.actor, "actor_id": e.actor_id,
                 "kind": e.kind, "payload": dict(e.payload or {}),
                 "created_at": e.created_at.isoformat() + "Z"} for e in s.scalars(q)]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_api_token(engine: Engine, user_id: int, *, actor=None) -> str:
    """A new API token for scripts (replaces the old one). Shown once; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    _update(engine, user_id, (actor, "token_issue", {}), api_token_hash=_token_hash(token))
    return token


def revoke_api_token(engine: Engine, user_id: int, *, actor=None) -> dict:
    return _update(engine, user_id, (actor, "token_revoke", {}), api_token_hash=None)


def user_for_token(engine: Engine, token: str) -> dict | None:
    """The active user holding ``token``, else ``None``."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.api_token_hash == _token_hash(token)))
        return _to_dict(u) if u is not None and u.active else None


def username_ref(username: str) -> str:
    """A short stable reference to a username for logs (not the name itself)."""
    key = unicodedata.normalize("NFC", (username or "").strip()).lower()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
