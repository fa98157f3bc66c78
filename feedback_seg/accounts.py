"""Accounts: users, roles, password policy and hashing, API tokens, the login limiter.

Passwords are hashed with argon2id (m = 19 MiB, t = 2, p = 1: the OWASP minimum). The policy
follows ASVS 6.2: at least 12 characters, at most 256, no composition rules, and the 3,000 most
common passwords (``resources/common_passwords.txt``, the head of Django's frequency-ordered
list) are refused. API tokens are shown once; only their SHA-256 is stored. Logging out bumps
``session_version`` so every cookie issued before stops working.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
import unicodedata
from collections import defaultdict, deque
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .errors import ConflictError, InputError, NotFoundError
from .store.engine import read_session, write_session
from .store.schema import User

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


def create_user(engine: Engine, username: str, password: str, role: str) -> dict:
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
            return _to_dict(user)
    except IntegrityError as exc:
        raise ConflictError(f"user {name!r} already exists") from exc


def get_user(engine: Engine, user_id: int) -> dict | None:
    with read_session(engine) as s:
        u = s.get(User, int(user_id))
        return _to_dict(u) if u else None


def get_user_by_name(engine: Engine, username: str) -> dict | None:
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.username == (username or "").strip()))
        return _to_dict(u) if u else None


def list_users(engine: Engine) -> list[dict]:
    with read_session(engine) as s:
        return [_to_dict(u) for u in s.scalars(select(User).order_by(User.id))]


def authenticate(engine: Engine, username: str, password: str) -> dict | None:
    """The user when the credentials are right and the account active, else ``None``.

    Unknown users cost one hash verification too, so timing does not reveal which names exist.
    """
    name = unicodedata.normalize("NFC", (username or "").strip())
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.username == name))
        stored = u.password_hash if u else _DUMMY_HASH
        user_id, active = (u.id, u.active) if u else (None, False)
    try:
        HASHER.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user_id is None or not active:
        return None
    if HASHER.check_needs_rehash(stored):
        with write_session(engine) as s:
            s.get(User, user_id).password_hash = hash_password(password)
    return get_user(engine, user_id)


def _update(engine: Engine, user_id: int, **changes) -> dict:
    with write_session(engine) as s:
        u = s.get(User, int(user_id))
        if u is None:
            raise NotFoundError(f"no user with id {user_id}")
        for key, value in changes.items():
            setattr(u, key, value(u) if callable(value) else value)
        s.flush()
        return _to_dict(u)


def set_password(engine: Engine, user_id: int, password: str) -> dict:
    """Change a password; every existing session of the user ends."""
    user = get_user(engine, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    check_password(password, user["username"])
    return _update(engine, user_id, password_hash=hash_password(password),
                   session_version=lambda u: u.session_version + 1)


def set_role(engine: Engine, user_id: int, role: str) -> dict:
    return _update(engine, user_id, role=_check_role(role), session_version=lambda u: u.session_version + 1)


def deactivate_user(engine: Engine, user_id: int) -> dict:
    """Disable an account: its sessions and API token stop working at the next request."""
    return _update(engine, user_id, active=False, api_token_hash=None,
                   session_version=lambda u: u.session_version + 1)


def activate_user(engine: Engine, user_id: int) -> dict:
    return _update(engine, user_id, active=True)


def bump_session_version(engine: Engine, user_id: int) -> int:
    """Invalidate every session cookie issued so far (logout); returns the new version."""
    return _update(engine, user_id, session_version=lambda u: u.session_version + 1)["session_version"]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_api_token(engine: Engine, user_id: int) -> str:
    """A new API token for scripts (replaces the old one). Shown once; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    _update(engine, user_id, api_token_hash=_token_hash(token))
    return token


def revoke_api_token(engine: Engine, user_id: int) -> dict:
    return _update(engine, user_id, api_token_hash=None)


def user_for_token(engine: Engine, token: str) -> dict | None:
    """The active user holding ``token``, else ``None``."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with read_session(engine) as s:
        u = s.scalar(select(User).where(User.api_token_hash == _token_hash(token)))
        return _to_dict(u) if u is not None and u.active else None


class LoginLimiter:
    """At most ``limit`` failed logins per account in a sliding ``window`` (seconds).

    In-process and thread-safe (a lock around a dict of deques): right for waitress, which serves
    one process with many threads. Several worker processes would each count separately, so a
    multi-process deployment must keep the counts in the store or a shared cache instead.
    Keys are account names, so a stuffing attack on one account never locks out others.
    """

    def __init__(self, limit: int = 5, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._fails: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def _key(username: str) -> str:
        return unicodedata.normalize("NFC", (username or "").strip()).lower()

    def _prune(self, q: deque, now: float) -> None:
        while q and now - q[0] >= self.window:
            q.popleft()

    def blocked(self, username: str) -> bool:
        """True when the account has used up its attempts in the current window."""
        with self._lock:
            q = self._fails.get(self._key(username))
            if not q:
                return False
            self._prune(q, self.clock())
            return len(q) >= self.limit

    def retry_after(self, username: str) -> int:
        with self._lock:
            q = self._fails.get(self._key(username))
            return max(1, int(self.window - (self.clock() - q[0])) + 1) if q else 0

    def failure(self, username: str) -> None:
        with self._lock:
            q = self._fails[self._key(username)]
            self._prune(q, self.clock())
            q.append(self.clock())

    def success(self, username: str) -> None:
        with self._lock:
            self._fails.pop(self._key(username), None)


def username_ref(username: str) -> str:
    """A short stable reference to a username for logs (not the name itself)."""
    return hashlib.sha256(LoginLimiter._key(username).encode("utf-8")).hexdigest()[:12]
