"""Login and logout: Flask-Login, session rotation, replay protection, timeouts, rate limit.

The cookie holds ``<user id>:<session_version>``; logout (and password change, deactivation)
bumps the version in the store, so a cookie copied before logout is refused afterwards. A
session also ends after ``IDLE_TIMEOUT`` seconds without requests and ``ABSOLUTE_TIMEOUT``
seconds after login. Failed logins are limited (see ``feedback_seg.login_limits``) per
(client address, account) (``LOGIN_LIMIT`` per ``LOGIN_WINDOW`` seconds), per client address
(``LOGIN_CLIENT_LIMIT``) and for the install (``LOGIN_GLOBAL_LIMIT``) -> 429; failures from
other clients only slow an account down (``LOGIN_DELAY_BASE`` doubling up to
``LOGIN_DELAY_MAX`` seconds), so its owner is never locked out. The counts live in the store
(``LOGIN_LIMIT_SHARED``, default on), shared by every process. Every attempt is logged by user
id or a hash of the name.
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
    cfg = app.config
    app.extensions["login_limiter"] = service.login_limiter(
        app.extensions.get("feedback_seg_engine"), int(cfg["LOGIN_LIMIT"]), float(cfg["LOGIN_WINDOW"]),
        shared=bool(cfg["LOGIN_LIMIT_SHARED"]), client_limit=int(cfg["LOGIN_CLIENT_LIMIT"]),
        global_limit=int(cfg["LOGIN_GLOBAL_LIMIT"]), delay_base=float(cfg["LOGIN_DELAY_BASE"]),
        delay_max=float(cfg["LOGIN_DELAY_MAX"]))
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


THROTTLED = {"account": "Too many attempts for this account from here. Wait a minute and try again.",
             "client": "Too many failed sign-ins from your address. Wait a minute and try again.",
             "global": "Too many failed sign-ins on this server just now. Wait a minute and try again."}


def limiter():
    return current_app.extensions["login_limiter"]


def check_password_attempt(username: str, password: str, verify):
    """Run ``verify()`` (a password check for ``username``) under the login limits: returns
    ``(verdict, result)``; ``result`` is ``None`` when refused (429) or wrong."""
    client = request.remote_addr
    verdict = limiter().check(client, username)
    ref = service.username_ref(username)
    if not verdict.allowed:
        log.warning("login throttled scope=%s account_ref=%s", verdict.scope, ref)
        return verdict, None
    if verdict.delay:
        log.info("login delayed %.2fs account_ref=%s", verdict.delay, ref)
        time.sleep(verdict.delay)
    result = verify()
    if result is None:
        limiter().failure(client, username)
        log.warning("login failed account_ref=%s", ref)
    else:
        limiter().success(client, username)
    return verdict, result


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=_safe_next(request.args.get("next")))
    username = (request.form.get("username") or "")[:MAX_FIELD]
    password = (request.form.get("password") or "")[:MAX_FIELD]
    verdict, data = check_password_attempt(username, password,
                                           lambda: service.authenticate(engine(), username, password))
    if not verdict.allowed:
        resp = current_app.make_response((render_template(
            "login.html", error=THROTTLED[verdict.scope], next="/"), 429))
        resp.headers["Retry-After"] = str(verdict.retry_after)
        return resp
    if data is None:
        return render_template("login.html", error="Wrong username or password.",
                               next=_safe_next(request.form.get("next"))), 401
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
