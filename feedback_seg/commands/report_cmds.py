"""report: the self-contained HTML persona report of a run."""
from __future__ import annotations

from pathlib import Path

import click

from .. import service


def report_command(engine, out: str | Path, run: int | None = None, project: str | None = None) -> dict:
    """Write the report of ``run`` (default: the project's latest run) to ``out``; returns what was written."""

    run_id = service.resolve_run(engine, project, run)
    html = service.render_report(engine, run_id)
    path = Path(out)
    path.write_text(html, encoding="utf-8")
    return {"run_id": run_id, "file": str(path), "bytes": len(html.encode("utf-8"))}


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @click.argument("run", type=int, required=False)
    @click.option("--project", "-p", default=None)
    @click.option("--out", "-o", required=True, type=click.Path(dir_okay=False),
                  help="The HTML file to write.")
    @json_option
    @click.pass_context
    def report(ctx, run, project, out):
        """Write a self-contained HTML report: one persona card per segment."""
        payload = report_command(engine_of(ctx), out, run=run, project=project)
        emit(ctx, payload, lambda p: click.echo(f"wrote {p['file']} (run {p['run_id']}, {p['bytes']:,} bytes)"))
