"""Login and logout: Flask-Login, session rotation, replay protection, timeouts, rate limit.

The cookie holds ``<user id>:<session_version>``; logout (and password change, deactivation)
bumps the version in the store, so a cookie copied before logout is refused afterwards. A
session also ends after ``IDLE_TIMEOUT`` seconds without requests and ``ABSOLUTE_TIMEOUT``
seconds after login. Failed logins are limited per account (``LOGIN_LIMIT`` per
``LOGIN_WINDOW`` seconds -> 429); every attempt is logged by user id or a hash of the name.
"""
from __future__ import annotations

import logging
import secrets
import time

from flask import (Blueprint, Flask, current_app, flash, g, jsonify, redirect, render_template,
                   request, session, url_for)
from flask_login import LoginManager, UserMixin, login_user, logout_user

from feedback_seg import service

from .context import engine, local_path, user, wants_json

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
log = logging.getLogger("feedback_seg.web.auth")
MAX_FIELD = 1024


class WebUser(UserMixin):
    """Flask-Login's view of an account dict."""

    def __init__(self, data: dict):
        self.data = data

    def get_id(self) -> str:
        return f"{self.data['id']}:{self.data['session_version']}"

    @property
    def is_active(self) -> bool:
        return bool(self.data.get("active"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None   # rotation and versioning are done here
    login_manager.login_view = "auth.login"
    app.extensions["login_limiter"] = service.LoginLimiter(
        int(app.config["LOGIN_LIMIT"]), float(app.config["LOGIN_WINDOW"]))
    app.context_processor(lambda: {"me": user()})


@login_manager.user_loader
def _load(alt_id: str):
    try:
        uid, version = (int(x) for x in alt_id.split(":"))
    except (ValueError, AttributeError):
        return None
    now = time.time()
    iat, seen = session.get("_iat", 0), session.get("_seen", 0)
    cfg = current_app.config
    if now - iat > cfg["ABSOLUTE_TIMEOUT"] or now - seen > cfg["IDLE_TIMEOUT"]:
        g.session_expired = True
        return None
    data = service.get_user(engine(), uid)
    if data is None or not data["active"] or data["session_version"] != version:
        return None
    if now - seen > 60:
        session["_seen"] = now
    return WebUser(data)


@login_manager.unauthorized_handler
def _unauthorized():
    if wants_json():
        return jsonify({"ok": False, "error": "authentication required", "status": 401}), 401
    return redirect(url_for("auth.login", next=_safe_next(request.full_path)))


def _safe_next(target: str | None) -> str:
    """Only local paths: never an open redirect."""
    target = local_path(target)
    return (target.rstrip("?") or "/") if target else "/"


def start_session(data: dict) -> None:
    """A fresh session for ``data``: nothing of the previous session survives (no fixation)."""
    session.clear()
    now = time.time()
    session.update({"_iat": now, "_seen": now, "_nonce": secrets.token_urlsafe(16)})
    session.permanent = True
    login_user(WebUser(data))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=_safe_next(request.args.get("next")))
    username = (request.form.get("username") or "")[:MAX_FIELD]
    password = (request.form.get("password") or "")[:MAX_FIELD]
    limiter = current_app.extensions["login_limiter"]
    ref = service.username_ref(username)
    if limiter.blocked(username):
        log.warning("login throttled account_ref=%s", ref)
        resp = current_app.make_response((render_template(
            "login.html", error="Too many attempts for this account. Wait a minute and try again.",
            next="/"), 429))
        resp.headers["Retry-After"] = str(limiter.retry_after(username))
        return resp
    data = service.authenticate(engine(), username, password)
    if data is None:
        limiter.failure(username)
        log.warning("login failed account_ref=%s", ref)
        return render_template("login.html", error="Wrong username or password.",
                               next=_safe_next(request.form.get("next"))), 401
    limiter.success(username)
    log.info("login ok user_id=%s", data["id"])
    start_session(data)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    data = user()
    if data is not None:
        service.bump_session_version(engine(), data["id"])
        log.info("logout user_id=%s", data["id"])
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
