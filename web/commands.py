"""`feedback-seg serve`: the review UI and JSON API under waitress, with the job runner."""
from __future__ import annotations

import os
import secrets

import click

from feedback_seg.commands.output import emit, json_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int, help="0 picks a free port.")
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--no-jobs", is_flag=True, help="Do not run background jobs here (a separate `worker` does).")
@click.option("--demo-admin", is_flag=True,
              help="Create an admin 'demo' with a fresh random password (printed once) if no user exists.")
@json_option
@click.pass_context
def serve(ctx, host, port, threads, no_jobs, demo_admin):
    """Serve the review UI on HOST:PORT (waitress) and run uploaded files' jobs in the background.

    Settings come from the instance config (``$FEEDBACK_SEG_INSTANCE/config.py``, see docs/deploy.md);
    ``--db`` / ``FEEDBACK_SEG_DB`` win over its ``DATABASE``. With ``--json`` one line is printed
    once the port is bound (url, host, port, pid, ...).
    """
    from feedback_seg import service  # noqa: PLC0415

    from .serve import build_app, make_server  # noqa: PLC0415
    from .security import proxy_count  # noqa: PLC0415

    db = ctx.obj.get("db")
    app = build_app({"DATABASE": service.db_url(db)} if db else None)
    engine = app.extensions["feedback_seg_engine"]
    demo_password = None
    if demo_admin and not service.list_users(engine):
        demo_password = secrets.token_urlsafe(12)
        service.create_user(engine, "demo", demo_password, "admin")
    server = make_server(app, host=host, port=port, threads=threads)
    bound_host, bound_port = getattr(server, "effective_host", host), int(getattr(server, "effective_port", port))
    if not no_jobs:
        service.JobRunner(app.config["DATABASE"]).start()
    emit(ctx, {"event": "serving", "url": f"http://{bound_host}:{bound_port}", "host": bound_host,
               "port": bound_port, "pid": os.getpid(), "threads": threads, "jobs": not no_jobs,
               "instance": app.instance_path, "database": engine.url.render_as_string(hide_password=True),
               "trusted_proxy_count": proxy_count(app.config), "demo_password": demo_password},
         _announce)
    server.run()


def _announce(p: dict) -> None:
    if p["demo_password"]:
        click.echo(f"Created admin 'demo' with password: {p['demo_password']}  (shown once; change it after login)")
    click.echo(f"feedback-seg: serving on {p['url']}")
