"""Generic error pages and the API error envelope; never a traceback in a response.

HTML: a short page with the status and, for 500, an error id that is also in the server log.
API (``/api/...``): ``{"ok": false, "error": ..., "status": ...}`` for every error, 404/405/413 too.
"""
from __future__ import annotations

import logging
import uuid

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from feedback_seg.errors import AuthError, FeedbackSegError

from .context import wants_json

log = logging.getLogger("feedback_seg.web.errors")

MESSAGES = {
    400: "The request could not be understood.",
    401: "Please sign in.",
    403: "You do not have access to this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    413: "The upload is larger than the limit.",
    422: "The input could not be processed.",
    429: "Too many requests. Please wait and try again.",
}


def _respond(status: int, message: str, *, code: str | None = None, error_id: str | None = None,
             details: dict | None = None):
    if wants_json():
        body = {"ok": False, "error": message, "status": status}
        if code:
            body["code"] = code
        if details:
            body["details"] = details
        if error_id:
            body["error_id"] = error_id
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, error_id=error_id), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return _respond(400, "The form expired or is missing its security token. Reload the page and try again.",
                        code="CSRF")

    @app.errorhandler(FeedbackSegError)
    def _product(exc: FeedbackSegError):
        if isinstance(exc, AuthError) and not wants_json():
            return redirect(url_for("auth.login", next=request.path))
        return _respond(exc.http_status, exc.message, code=exc.code, details=exc.details or None)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        return _respond(status, MESSAGES.get(status, exc.name))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        error_id = uuid.uuid4().hex[:12]
        log.error("unhandled error id=%s path=%s", error_id, request.path, exc_info=exc)
        return _respond(500, "Something went wrong on our side. Quote this error id when reporting it.",
                        error_id=error_id)
