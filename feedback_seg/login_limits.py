"""Failed-login limits per (client, account), per client and for the whole install.

Three sliding windows of ``window`` seconds count failed logins:

- the pair (client, account): ``per_pair`` failures and that client gets 429 for that account.
  The owner from another client is not locked out: failures from elsewhere only slow the
  account's logins down (a progressive delay, ``delay_base * 2**k`` capped at ``delay_max``);
- the client (the remote address as the app sees it): ``per_client`` failures, whatever the
  names, and the client gets 429 for every name (password spraying);
- the install: ``global_limit`` failures from anyone and every login gets 429 until the oldest
  expires (distributed spraying; it caps the argon2 work an attacker can make us do).

Attempts refused with 429 are not recorded, so the number of failures kept is at most
``global_limit`` plus those not yet pruned; expired failures are dropped on every write.
Keys are truncated SHA-256 hashes of the address (an IPv6 client by its /64) and of the
normalised name.

Two stores: :class:`MemoryFailures` (one process) and :class:`StoreFailures` (the
``login_failure`` table, shared by every process on the same database).
"""
from __future__ import annotations

import hashlib
import ipaddress
import math
import threading
import time
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass

from sqlalchemy import case, delete, func, select
from sqlalchemy.engine import Engine

from .store.engine import read_session, write_session
from .store.schema import LoginFailure


def account_key(username: str) -> str:
    name = unicodedata.normalize("NFC", (username or "").strip()).lower()
    return hashlib.sha256(b"account:" + name.encode("utf-8")).hexdigest()[:32]


def client_net(client: str | None) -> str:
    """The unit a client is counted by: an IPv4 address, or the /64 network of an IPv6 one (one
    host usually holds a whole /64, so counting single IPv6 addresses would not limit it)."""
    text = (client or "unknown").strip()
    try:
        addr = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.IPv6Network((addr, 64), strict=False))
    return str(addr)


def client_key(client: str | None) -> str:
    return hashlib.sha256(b"client:" + client_net(client).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Counts:
    """Failures in the window: for the pair, the client, the account (all clients), everyone;
    and when the oldest failure of each scope was (None: no failure)."""
    pair: int = 0
    client: int = 0
    account: int = 0
    total: int = 0
    pair_oldest: float | None = None
    client_oldest: float | None = None
    total_oldest: float | None = None


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    scope: str | None = None      # "account" (this client, this name), "client" or "global" when refused
    retry_after: int = 0          # seconds, when refused
    delay: float = 0.0            # seconds to wait before checking the password, when allowed


class MemoryFailures:
    """Failures of one process: a time-ordered deque plus per-key counters; bounded, thread-safe."""

    def __init__(self):
        self._log: deque[tuple[float, str, str]] = deque()
        self._pair: Counter = Counter()
        self._client: Counter = Counter()
        self._account: Counter = Counter()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._log)

    def keys(self) -> int:
        """Distinct keys held (pairs + clients + accounts): what memory grows with."""
        return len(self._pair) + len(self._client) + len(self._account)

    def _drop(self, counter: Counter, key) -> None:
        counter[key] -= 1
        if counter[key] <= 0:
            del counter[key]

    def _prune(self, since: float) -> None:
        while self._log and self._log[0][0] <= since:
            _, c, a = self._log.popleft()
            self._drop(self._pair, (c, a))
            self._drop(self._client, c)
            self._drop(self._account, a)

    def counts(self, client: str, account: str, since: float) -> Counts:
        with self._lock:
            self._prune(since)
            pair_oldest = next((t for t, c, a in self._log if c == client and a == account), None) \
                if self._pair.get((client, account)) else None
            client_oldest = next((t for t, c, _ in self._log if c == client), None) \
                if self._client.get(client) else None
            return Counts(self._pair.get((client, account), 0), self._client.get(client, 0),
                          self._account.get(account, 0), len(self._log), pair_oldest, client_oldest,
                          self._log[0][0] if self._log else None)

    def record(self, client: str, account: str, at: float, since: float) -> None:
        with self._lock:
            self._prune(since)
            self._log.append((at, client, account))
            self._pair[(client, account)] += 1
            self._client[client] += 1
            self._account[account] += 1

    def clear_pair(self, client: str, account: str) -> None:
        with self._lock:
            if not self._pair.pop((client, account), 0):
                return
            kept = deque()
            for entry in self._log:
                if entry[1] == client and entry[2] == account:
                    self._drop(self._client, client)
                    self._drop(self._account, account)
                else:
                    kept.append(entry)
            self._log = kept


class StoreFailures:
    """Failures in the ``login_failure`` table: every process on the database shares them."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __len__(self) -> int:
        with read_session(self.engine) as s:
            return int(s.scalar(select(func.count()).select_from(LoginFailure)) or 0)

    def counts(self, client: str, account: str, since: float) -> Counts:
        F = LoginFailure
        is_client, is_account = F.client_key == client, F.account_key == account
        is_pair = is_client & is_account

        def n(cond):
            return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

        def oldest(cond):
            return func.min(case((cond, F.at), else_=None))

        q = select(n(is_pair), n(is_client), n(is_account), func.count(), oldest(is_pair),
                   oldest(is_client), func.min(F.at)).where(F.at > since)
        with read_session(self.engine) as s:
            row = s.execute(q).one()
        return Counts(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4], row[5], row[6])

    def record(self, client: str, account: str, at: float, since: float) -> None:
        with write_session(self.engine) as s:
            s.execute(delete(LoginFailure).where(LoginFailure.at <= since))
            s.add(LoginFailure(client_key=client, account_key=account, at=at))

    def clear_pair(self, client: str, account: str) -> None:
        with write_session(self.engine) as s:
            s.execute(delete(LoginFailure).where(LoginFailure.client_key == client,
                                                 LoginFailure.account_key == account))


class LoginLimiter:
    """Decides whether a login attempt may go ahead, and records its outcome.

    ``limit`` is the per-(client, account) limit (``LOGIN_LIMIT``); ``client_limit`` and
    ``global_limit`` the per-client and install-wide ones; all over ``window`` seconds.
    ``store`` is a :class:`MemoryFailures` (default) or :class:`StoreFailures`; ``clock`` gives
    epoch seconds (shared between processes, so not ``time.monotonic``).
    """

    def __init__(self, limit: int = 5, window: float = 60.0, *, client_limit: int = 50,
                 global_limit: int = 1000, delay_base: float = 0.25, delay_max: float = 4.0,
                 store=None, clock=time.time):
        if min(limit, client_limit, global_limit) < 1 or window <= 0:
            raise ValueError("login limits must be at least 1 and the window positive")
        self.limit, self.window = int(limit), float(window)
        self.client_limit, self.global_limit = int(client_limit), int(global_limit)
        self.delay_base, self.delay_max = float(delay_base), float(delay_max)
        self.store = store if store is not None else MemoryFailures()
        self.clock = clock

    def _retry(self, oldest: float | None, now: float) -> int:
        return max(1, math.ceil((oldest if oldest is not None else now) + self.window - now))

    def delay_for(self, account_failures: int) -> float:
        """The progressive delay once an account has ``limit`` failures in the window (any client)."""
        k = account_failures - self.limit
        if k < 0 or self.delay_max <= 0:
            return 0.0
        return min(self.delay_max, self.delay_base * 2 ** min(k, 32))

    def check(self, client: str | None, username: str) -> Verdict:
        now = self.clock()
        c = self.store.counts(client_key(client), account_key(username), now - self.window)
        if c.total >= self.global_limit:
            return Verdict(False, "global", self._retry(c.total_oldest, now))
        if c.client >= self.client_limit:
            return Verdict(False, "client", self._retry(c.client_oldest, now))
        if c.pair >= self.limit:
            return Verdict(False, "account", self._retry(c.pair_oldest, now))
        return Verdict(True, delay=self.delay_for(c.account))

    def failure(self, client: str | None, username: str) -> None:
        now = self.clock()
        self.store.record(client_key(client), account_key(username), now, now - self.window)

    def success(self, client: str | None, username: str) -> None:
        """A right password: this client's failures for this account are forgotten (others stay)."""
        self.store.clear_pair(client_key(client), account_key(username))
