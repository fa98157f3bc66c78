"""`feedback-seg serve`: the review UI and JSON API under waitress, with the job runner."""
from __future__ import annotations

import secrets

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--demo-admin", is_flag=True,
              help="Create an admin 'demo' with a fresh random password (printed once) if no user exists.")
@click.pass_context
def serve(ctx, host, port, threads, demo_admin):
    """Serve the review UI on HOST:PORT (waitress) and run uploaded files' jobs in the background."""
    from feedback_seg import service  # noqa: PLC0415
    from feedback_seg.accounts import create_user, list_users  # noqa: PLC0415

    from .serve import serve as serve_app  # noqa: PLC0415

    engine = service.open_store(ctx.obj.get("db"))
    url = engine.url.render_as_string(hide_password=False)
    if demo_admin and not list_users(engine):
        password = secrets.token_urlsafe(12)
        create_user(engine, "demo", password, "admin")
        click.echo(f"Created admin 'demo' with password: {password}  (shown once; change it after login)")
    serve_app({"test_config": {"DATABASE": url}}, host=host, port=port, threads=threads, run_jobs=True)
