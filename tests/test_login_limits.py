"""Web-level account flows and failed-login limits: own password change, admin reset, disable,
audit through the API; per (client, account), per-client and global 429; progressive delay
(the owner is not locked out); expiry of stored failures; limits survive an app restart."""
from __future__ import annotations

import types

import pytest

import web.auth
from feedback_seg import accounts, login_limits
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import LoginFailure
from tests.test_web_support import (BASE, PASSWORD, csrf_from, login, make_app, new_client,  # noqa: F401
                                     web_env)

NEW = "a completely different passphrase"


def _client(app, addr="127.0.0.1"):
    c = new_client(app)
    c.environ_base["REMOTE_ADDR"] = addr
    return c


def _me(c):
    return c.get("/api/v1/me", base_url=BASE).status_code


def _cookie(c, app):
    return c.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="localhost").value


def _post(c, path, body):
    return c.post(path, base_url=BASE, json=body, headers={"X-CSRFToken": csrf_from(c)})


def _rows(app) -> int:
    with read_session(app.extensions["feedback_seg_engine"]) as s:
        return s.query(LoginFailure).count()


@pytest.fixture
def sleeps(monkeypatch):
    """Record the progressive delays instead of sleeping them."""
    seen: list[float] = []
    import time as real
    monkeypatch.setattr(web.auth, "time", types.SimpleNamespace(time=real.time, sleep=seen.append))
    return seen


# ---- own password change ---------------------------------------------------------------------

def test_own_change_needs_current_password_and_ends_other_sessions(web_env):
    app = web_env.app
    me = web_env.clients["researcher"]
    other = _client(app, "10.1.0.2")                                  # a second device
    assert login(other, "researcher_user").status_code == 302
    stolen = _cookie(me, app)
    # wrong current password: 403, nothing ends
    resp = _post(me, "/api/v1/me/password", {"current_password": "not my password at all",
                                             "new_password": NEW})
    assert resp.status_code == 403
    assert _me(me) == 200 and _me(other) == 200
    resp = _post(me, "/api/v1/me/password", {"current_password": PASSWORD, "new_password": NEW})
    assert resp.status_code == 200, resp.get_json()
    assert _me(me) == 200                                             # the caller stays signed in
    assert _cookie(me, app) != stolen                                 # ... in a fresh session
    assert _me(other) == 401                                          # the other device is out
    replay = _client(app, "10.1.0.3")
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen, domain="localhost", secure=True)
    assert _me(replay) == 401                                         # the old cookie is dead
    assert login(_client(app, "10.1.0.4"), "researcher_user").status_code == 401
    assert login(_client(app, "10.1.0.5"), "researcher_user", NEW).status_code == 302


def test_own_change_by_form(web_env):
    app = web_env.app
    me, other = web_env.clients["viewer"], _client(app, "10.1.1.2")
    assert login(other, "viewer_user").status_code == 302
    data = {"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW,
            "csrf_token": csrf_from(me)}
    bad = dict(data, current_password="wrong wrong wrong")
    assert me.post("/account/password", base_url=BASE, data=bad).status_code == 403
    assert me.post("/account/password", base_url=BASE, data=dict(data, confirm_password="x")).status_code == 400
    assert _me(other) == 200
    assert me.post("/account/password", base_url=BASE, data=data).status_code == 303
    assert _me(me) == 200 and _me(other) == 401


def test_wrong_current_password_counts_as_a_failed_login(web_env):
    me = web_env.clients["marketer"]
    codes = [_post(me, "/api/v1/me/password", {"current_password": f"guess number {i:02d}",
                                               "new_password": NEW}).status_code for i in range(7)]
    assert codes == [403] * 5 + [429] * 2
    resp = _post(me, "/api/v1/me/password", {"current_password": PASSWORD, "new_password": NEW})
    assert resp.status_code == 429 and resp.headers["Retry-After"]
    assert login(_client(web_env.app, "10.1.2.2"), "marketer_user").status_code == 302   # unchanged


# ---- admin actions ---------------------------------------------------------------------------

def test_admin_reset_ends_target_sessions_and_token(web_env):
    app, adm = web_env.app, web_env.clients["admin"]
    victim = _client(app, "10.2.0.2")
    assert login(victim, "victim_user").status_code == 302
    token = accounts.issue_api_token(web_env.engine, web_env.victim["id"])
    bearer = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/me", base_url=BASE, headers=bearer).status_code == 200
    resp = _post(adm, f"/api/v1/users/{web_env.victim['id']}/password", {"password": NEW})
    assert resp.status_code == 200 and resp.get_json()["data"]["has_token"] is False
    assert _me(victim) == 401
    assert app.test_client().get("/api/v1/me", base_url=BASE, headers=bearer).status_code == 401
    assert _me(adm) == 200                                            # the admin is unaffected
    assert login(_client(app, "10.2.0.3"), "victim_user").status_code == 401
    assert login(_client(app, "10.2.0.4"), "victim_user", NEW).status_code == 302
    # a non-admin cannot reset anyone; an admin cannot reset himself here
    r = web_env.clients["researcher"]
    assert _post(r, f"/api/v1/users/{web_env.victim['id']}/password", {"password": NEW}).status_code == 403
    assert _post(adm, f"/api/v1/users/{web_env.users['admin']['id']}/password",
                 {"password": NEW}).status_code == 400


def test_disabled_account_is_out_and_cannot_sign_in(web_env):
    app, adm, vid = web_env.app, web_env.clients["admin"], web_env.victim["id"]
    victim = _client(app, "10.3.0.2")
    assert login(victim, "victim_user").status_code == 302 and _me(victim) == 200
    assert _post(adm, f"/api/v1/users/{vid}/deactivate", {}).status_code == 200
    assert _me(victim) == 401
    assert login(_client(app, "10.3.0.3"), "victim_user").status_code == 401
    assert _post(adm, f"/api/v1/users/{web_env.users['admin']['id']}/deactivate", {}).status_code == 400
    assert _post(adm, f"/api/v1/users/{vid}/activate", {}).status_code == 200
    assert login(_client(app, "10.3.0.4"), "victim_user").status_code == 302


def test_account_events_api_lists_actor_and_target(web_env):
    adm, vid, aid = web_env.clients["admin"], web_env.victim["id"], web_env.users["admin"]["id"]
    _post(adm, f"/api/v1/users/{vid}/password", {"password": NEW})
    _post(adm, f"/api/v1/users/{vid}/deactivate", {})
    _post(adm, f"/api/v1/users/{vid}/activate", {})
    accounts.set_role(web_env.engine, vid, "marketer", actor=web_env.users["admin"])
    me = _client(web_env.app, "10.4.0.2")
    assert login(me, "victim_user", NEW).status_code == 302
    assert _post(me, "/api/v1/me/password", {"current_password": NEW, "new_password": PASSWORD}).status_code == 200
    events = adm.get(f"/api/v1/users/events?user_id={vid}", base_url=BASE).get_json()["data"]
    got = [(e["kind"], e["actor"], e["actor_id"], e["user_id"]) for e in reversed(events)]
    assert got[1:] == [("password_reset", "admin_user", aid, vid), ("deactivate", "admin_user", aid, vid),
                       ("activate", "admin_user", aid, vid), ("role", "admin_user", aid, vid),
                       ("password_change", "victim_user", vid, vid)]
    assert web_env.clients["researcher"].get("/api/v1/users/events", base_url=BASE).status_code == 403
    page = adm.get("/admin/users", base_url=BASE).get_data(as_text=True)
    assert "password_reset" in page or "Recent account activity" in page


# ---- login limits ----------------------------------------------------------------------------

def test_per_pair_limit_has_retry_after(web_env):
    c = _client(web_env.app, "10.5.0.2")
    codes = [login(c, "viewer_user", "wrong password here").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    resp = login(c, "viewer_user")
    assert resp.status_code == 429 and 1 <= int(resp.headers["Retry-After"]) <= 60


def test_spraying_many_names_from_one_client_gets_429(web_env, tmp_path):
    app = make_app(tmp_path, LOGIN_CLIENT_LIMIT=20)                  # same store and users
    c = _client(app, "10.6.0.2")
    token = csrf_from(c)
    codes = [c.post("/login", base_url=BASE, data={"username": f"user{i:03d}", "password": "Winter2024!",
                                                   "csrf_token": token}).status_code for i in range(200)]
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
    assert _rows(app) == 20                                           # refused attempts are not stored
    assert login(c, "admin_user").status_code == 429                  # every name, from that client
    assert login(_client(app, "10.6.0.3"), "admin_user").status_code == 302   # others are fine


def test_global_limit(web_env, tmp_path):
    app = make_app(tmp_path, LOGIN_GLOBAL_LIMIT=10)
    codes = [login(_client(app, f"10.7.0.{i}"), f"name{i}", "bad password guess").status_code
             for i in range(12)]
    assert codes == [401] * 10 + [429] * 2
    resp = login(_client(app, "10.7.1.1"), "admin_user")              # even a right password
    assert resp.status_code == 429 and "on this server" in resp.get_data(as_text=True)


def test_owner_still_signs_in_while_his_account_is_hammered(web_env, sleeps):
    app = web_env.app
    for i in range(6):                                                # six attackers, 5 guesses each
        c = _client(app, f"10.8.0.{i}")
        assert [login(c, "researcher_user", f"guess {i} {k} xxxxxx").status_code for k in range(6)] == \
            [401] * 5 + [429]
    owner = _client(app, "10.8.1.1")
    assert login(owner, "researcher_user").status_code == 302 and _me(owner) == 200
    cap = app.config["LOGIN_DELAY_MAX"]
    assert sleeps and 0 < sleeps[-1] <= cap                           # slowed down, not locked out
    assert sleeps == sorted(sleeps)                                   # progressive
    assert max(sleeps) == cap


def test_expired_failures_are_deleted(web_env):
    app = web_env.app
    lim = app.extensions["login_limiter"]
    now = [1_000_000.0]
    lim.clock = lambda: now[0]
    c = _client(app, "10.9.0.2")
    assert [login(c, "viewer_user", "wrong password here").status_code for _ in range(6)] == [401] * 5 + [429]
    assert _rows(app) == 5
    now[0] += lim.window + 1
    assert login(c, "viewer_user", "wrong again and again").status_code == 401   # window passed
    assert _rows(app) == 1                                            # the five old rows are gone
    assert login(c, "viewer_user").status_code == 302                 # and success clears the pair
    assert _rows(app) == 0


def test_limits_survive_an_app_restart(web_env, tmp_path):
    c = _client(web_env.app, "10.10.0.2")
    assert [login(c, "viewer_user", "wrong password here").status_code for _ in range(5)] == [401] * 5
    del web_env                                                       # "restart": a new app, same store
    app2 = make_app(tmp_path)
    assert app2.extensions["login_limiter"].store.__class__ is login_limits.StoreFailures
    c2 = _client(app2, "10.10.0.2")
    assert login(c2, "viewer_user").status_code == 429
    assert login(_client(app2, "10.10.0.3"), "viewer_user").status_code == 302


def test_memory_store_is_bounded_and_expires():
    now = [0.0]
    store = login_limits.MemoryFailures()
    lim = login_limits.LoginLimiter(5, 60, client_limit=50, global_limit=1000, store=store,
                                    clock=lambda: now[0])
    for i in range(5000):
        client = f"10.{i // 250}.{i % 250}.1"
        if lim.check(client, f"name{i}").allowed:
            lim.failure(client, f"name{i}")
        now[0] += 0.01
    assert len(store) <= 1000
    now[0] += 61
    lim.failure("1.2.3.4", "x")
    assert len(store) == 1 and store.keys() == 3


def test_ipv6_clients_are_counted_by_their_64():
    k = login_limits.client_key
    assert k("2001:db8:1:2::1") == k("2001:db8:1:2:ffff:1:2:3") != k("2001:db8:1:3::1")
    assert k("::ffff:10.0.0.1") == k("10.0.0.1") != k("10.0.0.2")
    assert k(None) == k("unknown") and k("fe80::1%eth0") == k("fe80::2")
    lim = login_limits.LoginLimiter(5, 60, client_limit=3)
    for i in range(3):
        lim.failure(f"2001:db8::{i:x}", f"n{i}")
    v = lim.check("2001:db8::ffff", "someone")
    assert not v.allowed and v.scope == "client"


def test_spraying_from_many_addresses_of_one_ipv6_64(web_env, tmp_path):
    app = make_app(tmp_path, LOGIN_CLIENT_LIMIT=10)
    codes = [login(_client(app, f"2001:db8:0:7::{i:x}"), f"user{i}", "Winter2024!").status_code
             for i in range(15)]
    assert codes == [401] * 10 + [429] * 5
