"""create-user, run-job, worker (and commands that plug-ins such as the web UI add)."""
from __future__ import annotations

import os
import time

import click

from .. import service


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice(["admin", "researcher", "marketer", "viewer"]), default="admin",
                  show_default=True)
    @click.option("--password", default=None, help="Read from FEEDBACK_SEG_PASSWORD or asked for when omitted.")
    @json_option
    @click.pass_context
    def create_user(ctx, username, role, password):
        """Create an account (the first admin is created this way; there are no default passwords)."""
        from ..accounts import create_user as _create  # noqa: PLC0415

        password = password or os.environ.get("FEEDBACK_SEG_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True)
        user = _create(engine_of(ctx), username, password, role)
        emit(ctx, {"user_id": user["id"], "username": user["username"], "role": user["role"]},
             lambda p: click.echo(f"created {p['role']} {p['username']}"))

    @cli.command("run-job", hidden=True)
    @click.argument("job_id", type=int)
    @click.pass_context
    def run_job(ctx, job_id):
        """Run one background job in this process (used by the job runner)."""
        service.run_job_with_heartbeat(engine_of(ctx), job_id)

    @cli.command()
    @click.option("--once", is_flag=True, help="Exit when the queue is empty.")
    @click.pass_context
    def worker(ctx, once):
        """Run queued background jobs (uploads processed from the web UI)."""
        from ..jobs import claim_next, requeue_stale  # noqa: PLC0415

        eng = engine_of(ctx)
        runner = service.JobRunner(eng.url.render_as_string(hide_password=False))
        requeue_stale(eng)
        while True:
            job_id = claim_next(eng)
            if job_id is None:
                if once:
                    return
                time.sleep(1)
                continue
            click.echo(f"job {job_id}: exit {runner.run_child(job_id)}")


def load_plugins(cli) -> None:
    """Commands from installed plug-ins (entry-point group ``feedback_seg.commands``)."""
    from importlib.metadata import entry_points  # noqa: PLC0415

    for ep in entry_points(group="feedback_seg.commands"):
        try:
            cli.add_command(ep.load(), ep.name)
        except Exception as exc:  # noqa: BLE001 - a broken plug-in must not break the CLI
            click.echo(f"warning: plug-in command {ep.name!r} not loaded: {exc}", err=True)
