"""Home and the account page (password change, API token)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from feedback_seg import service
from feedback_seg.errors import FeedbackSegError, ForbiddenError, InputError

from .auth import THROTTLED, check_password_attempt, start_session
from .context import engine, require, user

bp = Blueprint("pages", __name__)
MAX_FIELD = 1024


@bp.route("/")
def home():
    if user() is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("projects.index"))


@bp.route("/account")
def account():
    require("account.self")
    return render_template("account.html", token=None)


def change_own_password(me: dict, current: str, new: str, confirm: str | None = None, *,
                        rotate: bool = True) -> tuple[dict, int, str]:
    """The signed-in user's change, shared by the form and the API: ``(user, status, message)``.
    A wrong current password counts as a failed login (same limits); on success every other
    session ends and, with ``rotate``, this one continues in a fresh session (a bearer-token
    caller has no session to rotate)."""
    current, new = (current or "")[:MAX_FIELD], (new or "")[:MAX_FIELD]
    if confirm is not None and new != (confirm or "")[:MAX_FIELD]:
        raise InputError("the new password and its confirmation differ")
    outcome: dict = {}

    def verify():
        try:
            outcome["user"] = service.change_password(engine(), me["id"], current, new)
        except ForbiddenError:
            return None
        return outcome["user"]

    verdict, data = check_password_attempt(me["username"], current, verify)
    if not verdict.allowed:
        return me, 429, THROTTLED[verdict.scope]
    if data is None:
        return me, 403, "The current password is wrong."
    if rotate:
        start_session(data)
    return data, 200, "Password changed. Every other session has been signed out."


@bp.route("/account/password", methods=["POST"])
def change_password():
    me = require("account.self")
    try:
        _, status, message = change_own_password(me, request.form.get("current_password", ""),
                                                 request.form.get("new_password", ""),
                                                 request.form.get("confirm_password", ""))
    except FeedbackSegError as exc:
        status, message = exc.http_status, exc.message
    if status != 200:
        resp = current_app.make_response((render_template("account.html", token=None, error=message), status))
        if status == 429:
            resp.headers["Retry-After"] = "60"
        return resp
    flash(message)
    return redirect(url_for("pages.account"), code=303)


@bp.route("/account/token", methods=["POST"])
def new_token():
    me = require("account.self")
    token = service.issue_api_token(engine(), me["id"], actor=me)
    return render_template("account.html", token=token)


@bp.route("/account/token/revoke", methods=["POST"])
def revoke_token():
    me = require("account.self")
    service.revoke_api_token(engine(), me["id"], actor=me)
    return redirect(url_for("pages.account"))
