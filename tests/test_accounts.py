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


# ---- password change / reset, disable, last admin, audit (service level) ---------------------

NEW = "a brand new passphrase here"


def test_change_password_needs_the_current_one_and_ends_sessions(eng):
    from feedback_seg.errors import ForbiddenError
    u = accounts.create_user(eng, "gus", GOOD, "researcher")
    token = accounts.issue_api_token(eng, u["id"])
    with pytest.raises(ForbiddenError):
        accounts.change_password(eng, u["id"], GOOD + "x", NEW)
    with pytest.raises(ForbiddenError):
        accounts.change_password(eng, u["id"], "", NEW)
    assert accounts.get_user(eng, u["id"])["session_version"] == u["session_version"]   # nothing changed
    with pytest.raises(InputError):
        accounts.change_password(eng, u["id"], GOOD, GOOD)                           # must differ
    with pytest.raises(InputError):
        accounts.change_password(eng, u["id"], GOOD, "short")                         # policy
    out = accounts.change_password(eng, u["id"], GOOD, NEW)
    assert out["session_version"] == u["session_version"] + 1
    assert accounts.authenticate(eng, "gus", GOOD) is None
    assert accounts.authenticate(eng, "gus", NEW)["id"] == u["id"]
    assert accounts.user_for_token(eng, token)["id"] == u["id"]       # the own change keeps the token


def test_admin_reset_ends_sessions_and_revokes_token(eng):
    adm = accounts.create_user(eng, "boss", GOOD, "admin")
    u = accounts.create_user(eng, "hal", GOOD, "viewer")
    token = accounts.issue_api_token(eng, u["id"])
    out = accounts.reset_password(eng, u["id"], NEW, actor=adm)
    assert out["session_version"] == u["session_version"] + 1 and out["has_token"] is False
    assert accounts.user_for_token(eng, token) is None
    assert accounts.authenticate(eng, "hal", GOOD) is None and accounts.authenticate(eng, "hal", NEW)


def test_disabled_account_cannot_sign_in_until_activated(eng):
    u = accounts.create_user(eng, "ivy", GOOD, "viewer")
    token = accounts.issue_api_token(eng, u["id"])
    out = accounts.deactivate_user(eng, u["id"], actor="cli")
    assert out["active"] is False and out["session_version"] == u["session_version"] + 1
    assert accounts.authenticate(eng, "ivy", GOOD) is None
    assert accounts.user_for_token(eng, token) is None
    from feedback_seg.errors import NotFoundError
    with pytest.raises(NotFoundError):                                # a disabled user cannot change it
        accounts.change_password(eng, u["id"], GOOD, NEW)
    accounts.activate_user(eng, u["id"], actor="cli")
    assert accounts.authenticate(eng, "ivy", GOOD)["id"] == u["id"]
    assert accounts.user_for_token(eng, token) is None                # the token stays revoked


def test_last_active_admin_cannot_be_disabled_or_demoted(eng):
    a = accounts.create_user(eng, "root1", GOOD, "admin")
    with pytest.raises(ConflictError):
        accounts.deactivate_user(eng, a["id"], actor="cli")
    with pytest.raises(ConflictError):
        accounts.set_role(eng, a["id"], "viewer", actor="cli")
    assert accounts.get_user(eng, a["id"])["active"] and accounts.get_user(eng, a["id"])["role"] == "admin"
    b = accounts.create_user(eng, "root2", GOOD, "admin")
    accounts.deactivate_user(eng, b["id"], actor=a)                   # two admins: fine
    with pytest.raises(ConflictError):                                # an inactive admin does not count
        accounts.deactivate_user(eng, a["id"], actor="cli")
    accounts.activate_user(eng, b["id"], actor=a)
    accounts.set_role(eng, a["id"], "researcher", actor=b)
    with pytest.raises(ConflictError):
        accounts.set_role(eng, b["id"], "viewer", actor="cli")
    # refused changes leave no audit row behind
    kinds = [e["kind"] for e in accounts.list_account_events(eng)]
    assert kinds.count("deactivate") == 1 and kinds.count("role") == 1


def test_every_account_action_writes_an_audit_row(eng):
    adm = accounts.create_user(eng, "chief", GOOD, "admin", actor="cli")
    u = accounts.create_user(eng, "jo", GOOD, "viewer", actor=adm)
    accounts.change_password(eng, u["id"], GOOD, NEW)
    accounts.reset_password(eng, u["id"], GOOD, actor=adm)
    accounts.deactivate_user(eng, u["id"], actor=adm)
    accounts.activate_user(eng, u["id"], actor=adm)
    accounts.set_role(eng, u["id"], "marketer", actor=adm)
    events = list(reversed(accounts.list_account_events(eng, u["id"])))
    assert [e["kind"] for e in events] == ["create", "password_change", "password_reset", "deactivate",
                                           "activate", "role"]
    assert all(e["user_id"] == u["id"] for e in events)
    by_kind = {e["kind"]: e for e in events}
    assert (by_kind["password_change"]["actor"], by_kind["password_change"]["actor_id"]) == ("jo", u["id"])
    for kind in ("create", "password_reset", "deactivate", "activate", "role"):
        assert (by_kind[kind]["actor"], by_kind[kind]["actor_id"]) == ("chief", adm["id"]), kind
    assert by_kind["role"]["payload"] == {"before": "viewer", "after": "marketer"}
    assert accounts.list_account_events(eng, adm["id"])[0]["actor"] == "cli"
    text = repr(accounts.list_account_events(eng))
    assert GOOD not in text and NEW not in text                       # never a secret


def test_migrations_have_one_head(eng):
    from alembic.script import ScriptDirectory
    from feedback_seg.store.migrate import alembic_config, current_revision
    heads = ScriptDirectory.from_config(alembic_config(eng)).get_heads()
    assert heads == ["0003_accounts"] and current_revision(eng) == "0003_accounts"
