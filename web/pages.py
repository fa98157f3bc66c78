"""Home and the account page (API token)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from feedback_seg import service

from .context import engine, require, user

bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    if user() is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("projects.index"))


@bp.route("/account")
def account():
    require("account.self")
    return render_template("account.html", token=None)


@bp.route("/account/token", methods=["POST"])
def new_token():
    me = require("account.self")
    token = service.issue_api_token(engine(), me["id"])
    return render_template("account.html", token=token)


@bp.route("/account/token/revoke", methods=["POST"])
def revoke_token():
    me = require("account.self")
    service.revoke_api_token(engine(), me["id"])
    return redirect(url_for("pages.account"))

