"""Serve the app with waitress (a production WSGI server; no debug mode).

:func:`build_app` is what ``feedback-seg serve`` runs before it listens: the app from the
instance config (plus the command's overrides) and a current schema. :func:`waitress_options`
turns the app's settings into waitress's: the size limit, and for ``TRUSTED_PROXY_COUNT`` > 0
waitress's trusted proxy (``TRUSTED_PROXY``), the same hop count and the same forwarded headers
the app's ``ProxyFix`` reads. At 0 (the default) waitress drops every forwarded header.
"""
from __future__ import annotations

from flask import Flask
from waitress import create_server

from feedback_seg import service
from feedback_seg.service import open_store

from . import create_app
from .security import proxy_count

FORWARDED_HEADERS = frozenset({"x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port"})


def build_app(overrides: dict | None = None) -> Flask:
    """The app ``serve`` runs: defaults < instance config < ``overrides``; the schema upgraded."""
    app = create_app(overrides=overrides)
    open_store(app.config["DATABASE"])          # the schema is current before the first request
    # review edits answer at once; figures (keywords, profiles...) follow from a background thread
    service.refresh_in_background(app.extensions["feedback_seg_engine"], app.config.get("REFRESH_IN_BACKGROUND", True))
    return app


def waitress_options(config) -> dict:
    """waitress's settings for this app's config (proxy trust follows ``TRUSTED_PROXY_COUNT``)."""
    opts = {"ident": "feedback-seg", "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]) + 1024 * 1024}
    n = proxy_count(config)
    if n:
        opts.update(trusted_proxy=str(config.get("TRUSTED_PROXY") or "127.0.0.1"), trusted_proxy_count=n,
                    trusted_proxy_headers=set(FORWARDED_HEADERS), clear_untrusted_proxy_headers=True)
    return opts


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8765, threads: int = 8):
    """A bound, not yet running waitress server (``port=0`` picks a free port: ``.effective_port``)."""
    return create_server(app, host=host, port=port, threads=threads, **waitress_options(app.config))
