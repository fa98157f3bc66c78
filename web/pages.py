"""Home, the account page (API token), and the locally served plotly.js."""
from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from flask import Blueprint, abort, redirect, render_template, send_file, url_for

from feedback_seg import accounts

from .context import engine, require, user

bp = Blueprint("pages", __name__)


def plotly_js_path() -> Path | None:
    """plotly.js as shipped inside the installed plotly Python package (no CDN)."""
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "package_data" / "plotly.min.js"
    return p if p.is_file() else None


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
    token = accounts.issue_api_token(engine(), me["id"])
    return render_template("account.html", token=token)


@bp.route("/account/token/revoke", methods=["POST"])
def revoke_token():
    me = require("account.self")
    accounts.revoke_api_token(engine(), me["id"])
    return redirect(url_for("pages.account"))


@bp.route("/vendor/plotly.min.js")
def plotly_js():
    path = plotly_js_path()
    if path is None:
        abort(404)
    resp = send_file(path, mimetype="text/javascript", max_age=86400)
    return resp
