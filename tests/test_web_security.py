"""Security of the web layer: key file, cookies, headers, sessions, rate limit, CSRF, errors."""
from __future__ import annotations

import io
import os
import re
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from feedback_seg import accounts, service
from tests.test_web_support import (BASE, PASSWORD, ROLES, csrf_from, login, make_app, new_client,  # noqa: F401
                                     web_env)

CSP_PARTS = ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def _concrete(rule, env):
    """A URL for ``rule`` with ids of existing objects (own project, victim user)."""
    values = {"pid": env.own["id"], "uid": env.victim["id"], "job_id": 1,
              "upload_id": "00000000-0000-4000-8000-000000000000", "filename": "app.css"}
    values.update({k: 1 for k in ("run_id", "segment_id", "event_id") if k not in values})  # review routes
    values.update({"run_a": 1, "run_b": 1, "number": 1, "rest": "segments"})   # run diff (web/loop.py), per-project run number
    values["fmt"] = "json"   # segment exports (web/segments.py)
    return rule.rule.replace("<int:", "<").replace("<uuid:", "<").replace("<path:", "<").format(
        **{}) if False else re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _unsafe_rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"}):
            yield rule, method


# ---- secret key -----------------------------------------------------------------------------

def test_secret_key_generated_0600_and_unique(tmp_path):
    a = make_app(tmp_path / "a")
    b = make_app(tmp_path / "b")
    key_file = tmp_path / "a" / "instance" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(a.config["SECRET_KEY"]) >= 32
    assert a.config["SECRET_KEY"] != b.config["SECRET_KEY"]
    assert make_app(tmp_path / "a").config["SECRET_KEY"] == a.config["SECRET_KEY"]   # stable
    assert a.debug is False


def test_unwritable_instance_exits(tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("")                      # even root cannot create a folder under a file
    with pytest.raises(SystemExit) as info:
        make_app(tmp_path, INSTANCE_PATH=str(blocker / "instance"))
    assert info.value.code != 0
    assert not (blocker / "instance").exists()


def test_short_or_unreadable_key_exits(tmp_path):
    inst = tmp_path / "inst"
    inst.mkdir()
    (inst / "secret_key").write_text("abcd")
    with pytest.raises(SystemExit) as info:
        make_app(tmp_path, INSTANCE_PATH=str(inst))
    assert info.value.code != 0


def test_no_literal_secret_in_web_sources():
    import web
    root = os.path.dirname(web.__file__)
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".py"):
                text = open(os.path.join(dirpath, f), encoding="utf-8").read()
                assert not re.search(r"SECRET_KEY\s*=\s*['\"]", text), f


# ---- cookies, headers ------------------------------------------------------------------------

def test_session_cookie_flags(web_env):
    c = new_client(web_env.app)
    csrf_from(c)
    resp = c.post("/login", base_url=BASE, data={"username": "viewer_user", "password": PASSWORD,
                                                   "csrf_token": csrf_from(c)})
    cookies = resp.headers.getlist("Set-Cookie")
    assert cookies
    for raw in cookies:
        parts = [p.strip().lower() for p in raw.split(";")]
        assert raw.startswith("__Host-"), raw
        assert "secure" in parts and "httponly" in parts and "path=/" in parts
        assert any(p in ("samesite=lax", "samesite=strict") for p in parts)
        assert not any(p.startswith("domain=") for p in parts)


def test_headers_on_every_get_route(web_env):
    c = web_env.clients["admin"]
    seen = 0
    for rule in web_env.app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        for scheme, base in (("http", "http://localhost"), ("https", BASE)):
            resp = c.get(_concrete(rule, web_env), base_url=base)
            csp = resp.headers.get("Content-Security-Policy", "")
            for part in CSP_PARTS:
                assert part in csp, (rule.rule, csp)
            script = re.search(r"script-src ([^;]*)", csp)
            assert "'unsafe-inline'" not in (script.group(1) if script else "default")
            assert resp.headers["X-Content-Type-Options"] == "nosniff"
            assert resp.headers.get("Referrer-Policy")
            if scheme == "https":
                hsts = resp.headers.get("Strict-Transport-Security", "")
                assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000
            else:
                assert "Strict-Transport-Security" not in resp.headers
            seen += 1
    assert seen >= 20


def test_forwarded_proto_is_ignored_without_a_trusted_proxy(web_env):
    """TRUSTED_PROXY_COUNT defaults to 0: a client cannot claim TLS with X-Forwarded-Proto."""
    assert web_env.app.config["TRUSTED_PROXY_COUNT"] == 0
    c = web_env.app.test_client()
    page = c.get("/login", base_url="http://localhost", headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200 and "Strict-Transport-Security" not in page.headers


def test_proxy_fix_https_and_csrf_behind_tls_proxy(web_env, tmp_path):
    """Behind one TLS-terminating proxy (TRUSTED_PROXY_COUNT=1): HSTS, and tokened requests succeed."""
    app = make_app(tmp_path, TRUSTED_PROXY_COUNT=1)            # same store and users as web_env
    c = app.test_client()
    c.environ_base.update({"HTTP_X_FORWARDED_PROTO": "https", "HTTP_REFERER": "https://localhost/"})
    page = c.get("/login", base_url="http://localhost")
    assert "Strict-Transport-Security" in page.headers
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)
    resp = c.post("/login", base_url="http://localhost",
                  data={"username": "admin_user", "password": PASSWORD, "csrf_token": token})
    assert resp.status_code == 302
    assert c.get("/api/v1/me", base_url="http://localhost").status_code == 200


# ---- sessions -------------------------------------------------------------------------------

def _cookie(client, app):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="localhost")


def test_session_rotates_on_login_and_replay_after_logout_is_refused(web_env):
    app = web_env.app
    c = new_client(app)
    csrf_from(c)
    before = _cookie(c, app).value
    assert login(c, "marketer_user").status_code == 302
    during = _cookie(c, app).value
    assert during != before
    assert c.get("/api/v1/me", base_url=BASE).status_code == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      c.get("/projects", base_url=BASE).get_data(as_text=True)).group(1)
    assert c.post("/logout", base_url=BASE, data={"csrf_token": token}).status_code == 302
    thief = new_client(app)
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], during, domain="localhost", secure=True)
    assert thief.get("/api/v1/me", base_url=BASE).status_code == 401
    resp = thief.get("/projects", base_url=BASE)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_deactivated_user_is_out_at_next_request(web_env):
    c = web_env.clients["viewer"]
    assert c.get("/api/v1/me", base_url=BASE).status_code == 200
    accounts.deactivate_user(web_env.engine, web_env.users["viewer"]["id"])
    assert c.get("/api/v1/me", base_url=BASE).status_code == 401


@pytest.mark.parametrize("shift, field", [(31 * 60, "_seen"), (12 * 3600 + 5, "_iat")])
def test_idle_and_absolute_timeouts(web_env, shift, field):
    c = web_env.clients["researcher"]
    assert c.get("/api/v1/me", base_url=BASE).status_code == 200
    with c.session_transaction(base_url=BASE) as sess:
        sess[field] = sess[field] - shift
        if field == "_iat":
            sess["_seen"] = time.time()
    assert c.get("/api/v1/me", base_url=BASE).status_code == 401


def test_login_rate_limit_per_account(web_env):
    c = new_client(web_env.app)
    codes = [login(c, "researcher_user", "wrong password here").status_code for _ in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    # even the right password is refused while throttled
    assert login(c, "researcher_user").status_code == 429
    # another account from the same client is unaffected
    assert login(new_client(web_env.app), "viewer_user").status_code == 302


def test_default_credentials_all_fail(web_env):
    pairs = [("admin", "admin"), ("admin", "password"), ("admin", "admin123"), ("root", "root"),
             ("argilla", "1234"), ("owner", "12345678"), ("admin_user", "admin"), ("admin", "")]
    for user, pw in pairs:
        assert login(new_client(web_env.app), user, pw).status_code == 401


# ---- CSRF and safe methods ------------------------------------------------------------------

def test_every_unsafe_route_rejects_requests_without_csrf_token(web_env):
    c = web_env.clients["admin"]
    checked = 0
    for rule, method in _unsafe_rules(web_env.app):
        resp = c.open(_concrete(rule, web_env), method=method, base_url=BASE,
                      data={"username": "admin_user", "password": PASSWORD, "name": "x"})
        assert resp.status_code in (400, 403), (method, rule.rule, resp.status_code)
        checked += 1
    assert checked >= 20
    # a bearer-token script needs no CSRF token (no cookie to ride on)
    token = accounts.issue_api_token(web_env.engine, web_env.users["researcher"]["id"])
    bare = web_env.app.test_client()
    resp = bare.post("/api/v1/projects", base_url=BASE, json={"name": "Scripted"},
                     headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 201 and resp.json["data"]["name"] == "Scripted"
    assert "Set-Cookie" not in resp.headers
    assert bare.get("/api/v1/me", base_url=BASE, headers={"Authorization": "Bearer fsk_nope"}).status_code == 401


def _dump(url: str) -> list[str]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_no_get_changes_data(web_env):
    # give the crawl something to look at: an upload with a cached preview
    c = web_env.clients["admin"]
    c.post(f"/projects/{web_env.own['id']}/upload", base_url=BASE, content_type="multipart/form-data",
           data={"csrf_token": web_env.csrf("admin"), "file": (io.BytesIO(b"id,answer\n1,hello there\n"), "a.csv")})
    before = _dump(web_env.app.config["DATABASE"])
    n = 0
    for role in ("anonymous", *ROLES):
        for rule in web_env.app.url_map.iter_rules():
            if "GET" in rule.methods:
                web_env.clients[role].get(_concrete(rule, web_env), base_url=BASE)
                n += 1
    assert n > 50
    assert _dump(web_env.app.config["DATABASE"]) == before


# ---- errors ---------------------------------------------------------------------------------

def test_errors_are_generic_with_an_id(web_env, monkeypatch):
    from feedback_seg import service
    monkeypatch.setattr(service, "list_projects", lambda *a, **k: 1 / 0)
    c = web_env.clients["admin"]
    for path in ("/projects", "/api/v1/projects"):
        resp = c.get(path, base_url=BASE)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 500
        assert "Traceback" not in body and "ZeroDivision" not in body and "/work/" not in body
        assert re.search(r"[0-9a-f]{12}", body)
    api = c.get("/api/v1/projects", base_url=BASE).json
    assert api["ok"] is False and api["status"] == 500 and api["error_id"]


@pytest.mark.parametrize("method, path, status", [("GET", "/api/v1/nowhere", 404), ("DELETE", "/api/v1/me", 405)])
def test_api_error_envelope(web_env, method, path, status):
    resp = web_env.clients["viewer"].open(path, method=method, base_url=BASE,
                                          headers={"X-CSRFToken": web_env.csrf("viewer")})
    assert resp.status_code == status
    assert resp.json["ok"] is False and resp.json["status"] == status and resp.json["error"]


def test_openapi_lists_every_api_route(web_env):
    doc = web_env.clients["anonymous"].get("/api/v1/openapi.json", base_url=BASE).json
    assert doc["openapi"].startswith("3.")
    n_rules = sum(len(r.methods - {"HEAD", "OPTIONS"}) for r in web_env.app.url_map.iter_rules()
                  if r.endpoint.startswith("api."))
    assert sum(len(ops) for ops in doc["paths"].values()) == n_rules


def test_keyset_pagination_with_opaque_tokens(web_env):
    from feedback_seg import projects
    for i in range(5):
        projects.create_project(web_env.engine, f"Paged {i}", web_env.users["admin"]["id"])
    c, seen, url = web_env.clients["admin"], [], "/api/v1/projects?limit=3"
    while url:
        body = c.get(url, base_url=BASE).json
        seen += [p["id"] for p in body["data"]]
        url = f"/api/v1/projects?limit=3&next={body['next']}" if body["next"] else None
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
    assert c.get("/api/v1/projects?next=forged", base_url=BASE).status_code == 400


def test_charts_need_no_charting_bundle(web_env):
    """Charts are plain SVG from a small script: no plotly bundle is served or referenced."""
    assert web_env.clients["viewer"].get("/vendor/plotly.min.js", base_url=BASE).status_code == 404
    js = (Path(web_env.app.static_folder) / "segments.js").read_text(encoding="utf-8")
    assert len(js.encode()) < 20_000 and "Plotly" not in js


def test_templates_autoescape(web_env):
    env = web_env.app.jinja_env
    assert env.autoescape is True
    for name in env.list_templates():
        assert name.endswith(".html")


def test_job_ids_answer_the_same_whether_they_exist_or_not(web_env):
    env = web_env
    mine = service.start_job(env.engine, "segment", env.own["id"], {}, user="researcher_user")
    theirs = service.start_job(env.engine, "segment", env.other["id"], {}, user="admin_user")
    missing = theirs + 1000
    for path in ("/jobs/{}", "/api/v1/jobs/{}", "/jobs/{}/rerun", "/jobs/{}/outcome"):
        anon = [new_client(env.app).get(path.format(j), base_url=BASE) for j in (mine, missing)]
        assert [r.status_code for r in anon] == ([401, 401] if path.startswith("/api") else [302, 302]), path
        locs = {r.headers.get("Location", "").replace(str(j), "N") for r, j in zip(anon, (mine, missing))}
        assert len(locs) == 1, locs
        if path.startswith("/api"):
            assert anon[0].get_json()["error"] == anon[1].get_json()["error"]
        # signed in without access: another project's job reads exactly like a missing one
        outsider = [env.clients["marketer"].get(path.format(j), base_url=BASE) for j in (theirs, missing)]
        assert [r.status_code for r in outsider] == [404, 404], path
        if path.startswith("/api"):
            errs = [r.get_json()["error"].replace(str(j), "N") for r, j in zip(outsider, (theirs, missing))]
            assert errs[0] == errs[1]
    assert env.clients["marketer"].get(f"/api/v1/jobs/{mine}", base_url=BASE).status_code == 200
