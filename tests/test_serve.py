"""`feedback-seg serve` is deployable: it reads the instance config, and one proxy setting drives
waitress and the app alike (off by default)."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from feedback_seg import accounts
from feedback_seg.service import open_store
from tests.test_web_support import PASSWORD

ROOT = Path(__file__).resolve().parents[1]


def _instance(tmp_path, **settings) -> Path:
    inst = tmp_path / "instance"
    inst.mkdir(parents=True, exist_ok=True)
    (inst / "config.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    return inst


@pytest.fixture
def store(tmp_path):
    url = "sqlite:///" + str(tmp_path / "served.db")
    accounts.create_user(open_store(url), "ann", PASSWORD, "admin")
    return url


def test_build_app_reads_the_instance_config(tmp_path, store, monkeypatch):
    from web.serve import build_app
    monkeypatch.setenv("FEEDBACK_SEG_INSTANCE", str(_instance(tmp_path, LOGIN_LIMIT=2, DATABASE=store)))
    app = build_app()
    assert app.config["LOGIN_LIMIT"] == 2 and app.config["DATABASE"] == store
    c = app.test_client()
    c.environ_base.update({"HTTP_REFERER": "https://localhost/", "wsgi.url_scheme": "https"})
    codes = []
    for _ in range(3):
        token = re.search(r'name="csrf-token" content="([^"]+)"',
                          c.get("/login", base_url="https://localhost").get_data(as_text=True)).group(1)
        codes.append(c.post("/login", base_url="https://localhost",
                            data={"username": "ann", "password": "wrong", "csrf_token": token}).status_code)
    assert codes == [401, 401, 429]                        # the default (5) would give 401 three times
    assert build_app({"LOGIN_LIMIT": 7}).config["LOGIN_LIMIT"] == 7   # the command's overrides win


def test_one_proxy_setting_drives_waitress_and_the_app(tmp_path, store):
    from web import create_app
    from web.serve import FORWARDED_HEADERS, waitress_options
    off = create_app({"INSTANCE_PATH": str(tmp_path / "i0"), "DATABASE": store})
    assert "trusted_proxy" not in waitress_options(off.config)       # waitress drops forwarded headers
    on = create_app({"INSTANCE_PATH": str(tmp_path / "i1"), "DATABASE": store, "TRUSTED_PROXY_COUNT": 1})
    opts = waitress_options(on.config)
    assert (opts["trusted_proxy"], opts["trusted_proxy_count"], opts["trusted_proxy_headers"]) == \
        ("127.0.0.1", 1, set(FORWARDED_HEADERS))
    for app, hsts in ((off, False), (on, True)):
        resp = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        assert ("Strict-Transport-Security" in resp.headers) is hsts


@pytest.mark.parametrize("settings", [{"PROXY_COUNT": 1}, {"TRUSTED_PROXY_COUNT": "1"}])
def test_retired_or_malformed_proxy_setting_stops_the_server(tmp_path, store, monkeypatch, capsys, settings):
    from web.serve import build_app
    monkeypatch.setenv("FEEDBACK_SEG_INSTANCE", str(_instance(tmp_path, DATABASE=store, **settings)))
    with pytest.raises(SystemExit) as info:
        build_app()
    assert info.value.code == 78
    err = capsys.readouterr().err
    assert "config.py" in err and "TRUSTED_PROXY_COUNT" in err


class _Served:
    """`feedback-seg serve --port 0 --json` in a child process, stopped on exit."""

    def __init__(self, tmp_path, store, **settings):
        env = {**os.environ, "FEEDBACK_SEG_INSTANCE": str(_instance(tmp_path, **settings))}
        self.proc = subprocess.Popen([sys.executable, "-m", "feedback_seg.cli", "--db", store, "serve",
                                      "--port", "0", "--no-jobs", "--json"], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            pytest.fail("serve did not start: " + self.proc.stderr.read()[-2000:])
        self.info = json.loads(line)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path, data=None, headers=None):
        req = urllib.request.Request(self.info["url"] + path, headers=headers or {},
                                     data=urllib.parse.urlencode(data).encode() if data else None)
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, resp.headers, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def test_served_process_honours_the_instance_config(tmp_path, store):
    with _Served(tmp_path / "off", store) as off:
        assert off.info["port"] > 0 and off.info["pid"] == off.proc.pid and off.info["trusted_proxy_count"] == 0
        _, headers, _ = off.request("/login", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in headers
    with _Served(tmp_path / "on", store, TRUSTED_PROXY_COUNT=1, HTTPS_COOKIES=False, LOGIN_LIMIT=2) as on:
        assert on.info["trusted_proxy_count"] == 1 and on.info["instance"] == str(tmp_path / "on" / "instance")
        nginx = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9",   # docs/deploy.md's set
                 "X-Forwarded-Host": "feedback.example.org", "X-Forwarded-Port": "443"}
        for forwarded in ({"X-Forwarded-Proto": "https"}, nginx):
            status, headers, _ = on.request("/login", headers=forwarded)
            assert status == 200 and "Strict-Transport-Security" in headers
        codes = []
        for _ in range(3):
            _, _, page = on.request("/login")
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            codes.append(on.request("/login", {"username": "ann", "password": "wrong", "csrf_token": token})[0])
        assert codes == [401, 401, 429]
