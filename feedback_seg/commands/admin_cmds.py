"""create-user, run-job, worker (and commands that plug-ins such as the web UI add)."""
from __future__ import annotations

import os

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
        password = password or os.environ.get("FEEDBACK_SEG_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True)
        user = service.create_user(engine_of(ctx), username, password, role)
        emit(ctx, {"user_id": user["id"], "username": user["username"], "role": user["role"]},
             lambda p: click.echo(f"created {p['role']} {p['username']}"))

    @cli.command("run-job", hidden=True)
    @click.argument("job_id", type=int)
    @json_option
    @click.pass_context
    def run_job(ctx, job_id):
        """Run one background job in this process (used by the job runner); prints its outcome."""
        eng = engine_of(ctx)
        failure = None
        try:
            service.run_job_with_heartbeat(eng, job_id)
        except Exception as exc:  # noqa: BLE001 - the outcome is printed, then the error is raised
            failure = exc
        emit(ctx, service.get_job(eng, job_id),
             lambda j: click.echo(f"job {j['job_id']}: {j['status']} ({j['error'] or j['message']})"))
        if failure is not None:
            raise failure

    @cli.command()
    @click.option("--once", is_flag=True, help="Exit when the queue is empty.")
    @json_option
    @click.pass_context
    def worker(ctx, once):
        """Run queued background jobs (uploads processed from the web UI), each in a child process.

        With ``--json``: one line when it starts (pid, store), one per job ({"job_id", "exit",
        "status"}), and with ``--once`` a summary as the last line.
        """
        eng = engine_of(ctx)
        emit(ctx, {"event": "started", "pid": os.getpid(), "once": once,
                   "database": eng.url.render_as_string(hide_password=True)},
             lambda p: click.echo(f"worker {p['pid']}: running queued jobs from {p['database']}"))

        def report(done: dict) -> None:
            done["status"] = service.get_job(eng, done["job_id"])["status"]
            emit(ctx, {"event": "job", **done},
                 lambda p: click.echo(f"job {p['job_id']}: {p['status']} (exit {p['exit']})"))

        runner = service.JobRunner(eng.url.render_as_string(hide_password=False))
        ran = runner.work(engine=eng, once=once, on_job=report)
        emit(ctx, {"event": "finished", "jobs": len(ran), "failed": sum(1 for d in ran if d["status"] != "done"),
                   "job_ids": [d["job_id"] for d in ran]},
             lambda p: click.echo(f"worker: {p['jobs']} job(s) run, {p['failed']} failed"))


def load_plugins(cli) -> None:
    """Commands from installed plug-ins (entry-point group ``feedback_seg.commands``)."""
    from importlib.metadata import entry_points  # noqa: PLC0415

    for ep in entry_points(group="feedback_seg.commands"):
        try:
            cli.add_command(ep.load(), ep.name)
        except Exception as exc:  # noqa: BLE001 - a broken plug-in must not break the CLI
            click.echo(f"warning: plug-in command {ep.name!r} not loaded: {exc}", err=True)
