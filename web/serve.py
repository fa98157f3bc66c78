"""Serve the app with waitress (a production WSGI server; no debug mode)."""
from __future__ import annotations

from waitress import serve as waitress_serve

from feedback_seg.jobs import JobRunner
from feedback_seg.service import open_store

from . import create_app


def serve(app_factory_kwargs: dict | None = None, host: str = "127.0.0.1", port: int = 8765,
          threads: int = 8, run_jobs: bool = True) -> None:
    """Build the app (``create_app(**app_factory_kwargs)``) and serve it until interrupted.

    With ``run_jobs`` a :class:`feedback_seg.jobs.JobRunner` thread runs queued jobs (each in a
    niced child process) next to the server.
    """
    app = create_app(**(app_factory_kwargs or {}))
    open_store(app.config["DATABASE"])          # the schema is current before the first request
    if run_jobs:
        JobRunner(app.config["DATABASE"]).start()
    print(f"feedback-seg: serving on http://{host}:{port}", flush=True)
    waitress_serve(app, host=host, port=port, threads=threads, ident="feedback-seg",
                   max_request_body_size=int(app.config["MAX_CONTENT_LENGTH"]) + 1024 * 1024)
