"""Fixtures and helpers shared by the web tests (no tests here).

``web_env`` builds an app on a fresh store with one user per role, an "own" project (all of them
members) and an "other" project (only the admin), and returns clients already signed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from feedback_seg import accounts, projects
from feedback_seg.store.engine import get_engine
from feedback_seg.store.migrate import upgrade

PASSWORD = "a perfectly long passphrase"
ROLES = ("admin", "researcher", "marketer", "viewer")
BASE = "https://localhost"
CSV = (b"customer_id,age,answer\n"
       b"001,34,I love how easy the app is to use every single day\n"
       b"002,51,Customer service never answers my emails and that is frustrating\n"
       b"003,29,Prices went up again but the quality stayed the same sadly\n")


def make_app(tmp_path, **overrides):
    from web import create_app
    tmp_path.mkdir(parents=True, exist_ok=True)
    url = "sqlite:///" + str(tmp_path / "web.db")
    upgrade(get_engine(url))
    cfg = {"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE": url, "TESTING": True,
           "MAX_CONTENT_LENGTH": 1024 * 1024, "PARSE_TIMEOUT": 30, "PARSE_MEMORY_MB": 2048}
    cfg.update(overrides)
    return create_app(cfg)


def new_client(app):
    c = app.test_client()
    c.environ_base.update({"HTTP_REFERER": BASE + "/", "wsgi.url_scheme": "https"})
    return c


def csrf_from(client) -> str:
    """A CSRF token for this client's session (from a page's meta tag)."""
    html = client.get("/login", base_url=BASE).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def login(client, username, password=PASSWORD):
    token = csrf_from(client)
    return client.post("/login", base_url=BASE,
                       data={"username": username, "password": password, "csrf_token": token})


@dataclass
class WebEnv:
    app: object
    engine: object
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    own: dict | None = None
    other: dict | None = None
    victim: dict | None = None

    def csrf(self, role: str) -> str:
        return csrf_from(self.clients[role])


@pytest.fixture
def web_env(tmp_path):
    app = make_app(tmp_path)
    eng = app.extensions["feedback_seg_engine"]
    env = WebEnv(app=app, engine=eng)
    for role in ROLES:
        env.users[role] = accounts.create_user(eng, role + "_user", PASSWORD, role)
    env.victim = accounts.create_user(eng, "victim_user", PASSWORD, "viewer")
    env.own = projects.create_project(eng, "Own project", env.users["researcher"]["id"])
    for role in ("marketer", "viewer"):
        projects.add_member(eng, env.own["id"], env.users[role]["id"])
    projects.add_member(eng, env.own["id"], env.victim["id"])
    env.other = projects.create_project(eng, "Other project", env.users["admin"]["id"])
    projects.add_member(eng, env.other["id"], env.victim["id"])
    env.clients["anonymous"] = new_client(app)
    for role in ROLES:
        c = new_client(app)
        assert login(c, role + "_user").status_code == 302
        env.clients[role] = c
    return env
