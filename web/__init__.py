"""The Flask review UI and JSON API (installed as ``feedback_seg.web``).

``create_app(test_config=None, overrides=None)`` builds the app: instance folder, per-install
secret key, the store engine, security (headers, cookies, CSRF, proxy), login, and one blueprint
per concern. Settings, last wins: the defaults below, the instance config
(``<instance>/config.py``; skipped when ``test_config`` is given), ``test_config``, ``overrides``
(what ``feedback-seg serve`` takes from its flags). Every setting is described in docs/deploy.md.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask

from feedback_seg import service

from . import security
from .secret import load_or_create_secret_key

__all__ = ["create_app"]


def _instance_path(*configs: dict | None) -> str:
    for cfg in reversed(configs):
        if cfg and cfg.get("INSTANCE_PATH"):
            return str(Path(cfg["INSTANCE_PATH"]).resolve())
    env = os.environ.get("FEEDBACK_SEG_INSTANCE")
    return str(Path(env).resolve()) if env else str(service.home_dir() / "instance")


def create_app(test_config: dict | None = None, overrides: dict | None = None) -> Flask:
    """The application. ``test_config`` replaces the instance config (tests); ``overrides`` win over both."""
    app = Flask(__name__, instance_path=_instance_path(test_config, overrides), instance_relative_config=True)
    app.config.from_mapping(
        DATABASE=service.db_url(),
        MAX_CONTENT_LENGTH=service.MAX_UPLOAD_BYTES,
        UPLOAD_ROOT=None,
        PARSE_TIMEOUT=60,
        PARSE_MEMORY_MB=2048,
        LOGIN_LIMIT=5,               # failed logins per (client address, account) per window -> 429
        LOGIN_WINDOW=60,
        LOGIN_CLIENT_LIMIT=50,       # failed logins per client address (any names) per window
        LOGIN_GLOBAL_LIMIT=1000,     # failed logins on the whole install per window
        LOGIN_DELAY_BASE=0.25,       # progressive delay once an account has LOGIN_LIMIT failures
        LOGIN_DELAY_MAX=4.0,
        LOGIN_LIMIT_SHARED=True,     # counts in the store (every process shares them)
        IDLE_TIMEOUT=30 * 60,
        ABSOLUTE_TIMEOUT=12 * 3600,
        TRUSTED_PROXY_COUNT=0,       # reverse proxies in front (0: none; forwarded headers ignored)
        TRUSTED_PROXY="127.0.0.1",   # the address waitress accepts forwarded headers from ("*": any)
        HTTPS_COOKIES=True,
        PAGE_SIZE=50,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config.from_mapping(overrides or {})
    try:
        security.proxy_count(app.config)
    except ValueError as exc:
        print(f"feedback-seg: {Path(app.instance_path) / 'config.py'}: {exc}", file=sys.stderr)
        raise SystemExit(78) from exc
    app.debug = False
    app.config["DEBUG"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        print(f"feedback-seg: cannot create the instance folder {app.instance_path}: {exc.strerror}",
              file=sys.stderr)
        raise SystemExit(78) from exc
    app.config["SECRET_KEY"] = load_or_create_secret_key(Path(app.instance_path) / "secret_key")
    if not app.config["UPLOAD_ROOT"]:
        app.config["UPLOAD_ROOT"] = str(Path(app.instance_path) / "uploads")
    app.extensions["feedback_seg_engine"] = service.get_engine(app.config["DATABASE"])

    from . import admin, api, ask, auth, errors, loop, pages, projects, review, segments, upload
    security.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    for bp in (auth.bp, pages.bp, projects.bp, upload.bp, admin.bp, segments.bp, review.bp, ask.bp, loop.bp, api.bp):
        app.register_blueprint(bp)
    return app
