"""Accounts, password policy and hashing, tokens, access policy, login limiter."""
from __future__ import annotations

import re
import time

import pytest

from feedback_seg import access, accounts, login_limits, projects
from feedback_seg.errors import ConflictError, InputError
from feedback_seg.store.engine import get_engine
from feedback_seg.store.migrate import upgrade

GOOD = "correct horse battery staple"


@pytest.fixture
def eng(tmp_path):
    e = get_engine("sqlite:///" + str(tmp_path / "acc.db"))
    upgrade(e)
    return e


def test_argon2id_parameters_and_speed(eng):
    user = accounts.create_user(eng, "ada", GOOD, "researcher")
    from feedback_seg.store.engine import read_session
    from feedback_seg.store.schema import User
    with read_session(eng) as s:
        stored = s.get(User, user["id"]).password_hash
    m = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", stored)
    assert m, stored
    assert int(m.group(1)) >= 19456 and int(m.group(2)) >= 2 and int(m.group(3)) == 1
    t0 = time.perf_counter()
    assert accounts.authenticate(eng, "ada", GOOD)["id"] == user["id"]
    assert time.perf_counter() - t0 < 0.5


def test_policy_blocks_every_common_password():
    blocked = accounts.common_passwords()
    assert len(blocked) >= 2900
    for pw in blocked:
        with pytest.raises(InputError):
            accounts.check_password(pw)
    for pw in ("password1", "short"):
        with pytest.raises(InputError):
            accounts.check_password(pw)


@pytest.mark.parametrize("pw", ["my cat likes tea", "x" * 64, "grüße aus köln 🐈 😀", "沒有規則的長密碼很好用吧",
                                "a" * 256])
def test_policy_accepts_passphrases_long_and_unicode(pw):
    accounts.check_password(pw)          # no composition rules


def test_policy_rejects_username_and_too_long():
    with pytest.raises(InputError):
        accounts.check_password("administrator", "Administrator")
    with pytest.raises(InputError):
        accounts.check_password("a" * 257)


def test_authenticate_wrong_inactive_unknown(eng):
    u = accounts.create_user(eng, "bob", GOOD, "viewer")
    assert accounts.authenticate(eng, "bob", GOOD + "x") is None
    assert accounts.authenticate(eng, "nobody", GOOD) is None
    accounts.deactivate_user(eng, u["id"])
    assert accounts.authenticate(eng, "bob", GOOD) is None


def test_no_default_accounts_on_fresh_store(eng):
    assert accounts.list_users(eng) == []
    for name, pw in [("admin", "admin"), ("admin", "password"), ("argilla", "1234"), ("owner", "12345678")]:
        assert accounts.authenticate(eng, name, pw) is None


def test_duplicate_and_bad_role(eng):
    accounts.create_user(eng, "cy", GOOD, "marketer")
    with pytest.raises(ConflictError):
        accounts.create_user(eng, "cy", GOOD, "marketer")
    with pytest.raises(InputError):
        accounts.create_user(eng, "dee", GOOD, "root")
    with pytest.raises(InputError):
        accounts.create_user(eng, "bad\u202ename", GOOD, "viewer")


def test_session_version_and_set_password(eng):
    u = accounts.create_user(eng, "eve", GOOD, "viewer")
    v2 = accounts.bump_session_version(eng, u["id"])
    assert v2 == u["session_version"] + 1
    out = accounts.set_password(eng, u["id"], "another fine passphrase")
    assert out["session_version"] == v2 + 1
    assert accounts.authenticate(eng, "eve", "another fine passphrase") is not None
    assert accounts.authenticate(eng, "eve", GOOD) is None


def test_api_token_stored_hashed(eng):
    u = accounts.create_user(eng, "fay", GOOD, "researcher")
    token = accounts.issue_api_token(eng, u["id"])
    assert accounts.user_for_token(eng, token)["id"] == u["id"]
    from feedback_seg.store.engine import read_session
    from feedback_seg.store.schema import User
    with read_session(eng) as s:
        assert s.get(User, u["id"]).api_token_hash not in (None, token)
    assert accounts.user_for_token(eng, token + "x") is None
    token2 = accounts.issue_api_token(eng, u["id"])
    assert accounts.user_for_token(eng, token) is None and accounts.user_for_token(eng, token2)
    accounts.deactivate_user(eng, u["id"])
    assert accounts.user_for_token(eng, token2) is None


def test_limiter_per_account_sliding_window():
    now = [0.0]
    lim = login_limits.LoginLimiter(5, 60, clock=lambda: now[0])
    for _ in range(5):
        assert lim.check("10.0.0.1", "Ann").allowed
        lim.failure("10.0.0.1", "Ann")
    assert not lim.check("10.0.0.1", "ann").allowed     # case-insensitive key
    assert lim.check("10.0.0.1", "bea").allowed         # other accounts unaffected
    now[0] = 61
    assert lim.check("10.0.0.1", "ann").allowed


def test_access_policy_and_membership(eng):
    r = accounts.create_user(eng, "res", GOOD, "researcher")
    m = accounts.create_user(eng, "mar", GOOD, "marketer")
    a = accounts.create_user(eng, "adm", GOOD, "admin")
    p = projects.create_project(eng, "P1", r["id"])
    q = projects.create_project(eng, "P2", a["id"])
    assert access.can(r, "project.upload", p["id"], eng)
    assert not access.can(r, "project.upload", q["id"], eng)          # not a member
    assert not access.can(m, "project.read", p["id"], eng)
    projects.add_member(eng, p["id"], m["id"])
    assert access.can(m, "segment.edit", p["id"], eng)
    assert not access.can(m, "project.upload", p["id"], eng)          # role forbids
    assert access.can(a, "export.raw", q["id"], eng) and access.can(a, "user.admin", None, eng)
    assert not access.can(r, "user.admin", None, eng)
    assert not access.can(None, "project.read", p["id"], eng)
    assert [x["name"] for x in projects.list_projects(eng, r)] == ["P1"]
    assert [x["name"] for x in projects.list_projects(eng, a)] == ["P1", "P2"]
    with pytest.raises(ValueError):
        access.can(r, "no.such.action", None, eng)
