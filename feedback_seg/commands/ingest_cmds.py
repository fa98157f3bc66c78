"""init, ingest, ingest-attributes, sources, status."""
from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import service

console = Console()


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @json_option
    @click.pass_context
    def init(ctx):
        """Create or upgrade the store."""
        info = service.init_store(ctx.obj.get("db"))
        emit(ctx, info, lambda p: click.echo(f"store ready: {p['url']} (schema {p['revision']})"))

    @cli.command()
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--project", "-p", default=None, help="Project name (created if new).")
    @click.option("--format", "fmt", default=None, help="Override format detection (e.g. qualtrics, csv, zendesk).")
    @click.option("--encoding", default=None, help="Text encoding, if detection cannot decide.")
    @click.option("--text-col", multiple=True, help="Open-ended text column (repeatable).")
    @click.option("--id-col", default=None, help="Respondent id column.")
    @click.option("--time-col", default=None, help="Timestamp column.")
    @click.option("--channel", default=None, help="survey | ticket | social.")
    @click.option("--mapping", type=click.Path(exists=True, dir_okay=False), default=None,
                  help="A YAML/JSON file with text_cols, id_col, time_col, channel, drop_cols, attribute_cols.")
    @json_option
    @click.pass_context
    def ingest(ctx, file, project, fmt, encoding, text_col, id_col, time_col, channel, mapping):
        """Import an export (survey, tickets, social posts) into a project."""
        ov = service.RoleOverrides.from_file(mapping) if mapping else service.RoleOverrides()
        ov.text_cols = list(text_col) or ov.text_cols
        ov.id_col = id_col or ov.id_col
        ov.time_col = time_col or ov.time_col
        ov.channel = channel or ov.channel
        report = service.ingest_file(engine_of(ctx), file, project=project, format=fmt,
                                     encoding=encoding, overrides=ov).to_dict()
        emit(ctx, report, _print_ingest)

    @cli.command("ingest-attributes")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--key", required=True, help="Column of the file holding the respondent / customer id.")
    @click.option("--on", "on", default=None,
                  help="Respondent attribute to match the key against (default: found automatically).")
    @click.option("--project", "-p", default=None)
    @click.option("--format", "fmt", default=None)
    @click.option("--encoding", default=None)
    @json_option
    @click.pass_context
    def ingest_attributes(ctx, file, key, on, project, fmt, encoding):
        """Join a demographics / CRM file onto respondents."""
        rep = service.ingest_attributes(engine_of(ctx), file, key=key, project=project, format=fmt,
                                        encoding=encoding, on=on)
        emit(ctx, rep, _print_attributes)

    @cli.command()
    @click.option("--project", "-p", default=None)
    @json_option
    @click.pass_context
    def sources(ctx, project):
        """List the files imported into a project."""
        df = service.list_sources(engine_of(ctx), project)
        emit(ctx, {"sources": df.to_dict("records")}, lambda p: _table("Sources", p["sources"]))

    @cli.command()
    @click.option("--project", "-p", default=None)
    @json_option
    @click.pass_context
    def status(ctx, project):
        """Counts for a project: sources, respondents, items, runs."""
        info = service.project_status(engine_of(ctx), project)
        emit(ctx, info, lambda p: _table(f"Project {p['project']}", [
            {k: v for k, v in p.items() if not isinstance(v, (list, dict))}]))


def _table(title: str, rows: list[dict]) -> None:
    t = Table(title=title)
    if not rows:
        console.print(f"{title}: none")
        return
    for col in rows[0]:
        t.add_column(str(col))
    for r in rows:
        t.add_row(*[str(v) for v in r.values()])
    console.print(t)


def _print_ingest(r: dict) -> None:
    if r["already_imported"]:
        console.print(f"[yellow]{r['warnings'][0]}[/]")
        return
    console.print(f"[bold]{r['format']}[/]: {r['rows_in']} rows in = {r['imported']} imported "
                  f"+ {r['rejected']} rejected; {r['respondents']} respondents, {r['items']} texts "
                  f"({r['new_items']} new, {r['updated_items']} updated, {r['unchanged_items']} unchanged)")
    m = r["mapping"]
    console.print(f"text: {m.get('text_cols')}  id: {m.get('id_col')}  time: {m.get('time_col')}  "
                  f"attributes: {len(m.get('attribute_cols', []))}  dropped: {m.get('dropped_cols')}")
    for w in r["warnings"]:
        console.print(f"[yellow]warning:[/] {w}")
    for rej in r["rejections"][:10]:
        console.print(f"[red]rejected[/] row {rej['row']}: {rej['reason']}")


def _print_attributes(r: dict) -> None:
    console.print(f"joined {r['key']!r} on respondents' {r['joined_on']}")
    console.print(f"{r['file']}: {r['rows_in']} rows in = {r['imported']} imported + {r['rejected']} rejected; "
                  f"matched {r['matched']} respondents — {r['file_match_rate']:.1%} of file rows, "
                  f"{r['respondent_match_rate']:.1%} of respondents")
    if r["unmatched_file_count"]:
        console.print(f"unmatched ids in the file ({r['unmatched_file_count']}): "
                      + ", ".join(r["unmatched_file_ids"][:20]))
    if r["respondents_without_match_count"]:
        console.print(f"respondents without a row ({r['respondents_without_match_count']}): "
                      + ", ".join(r["respondents_without_match"][:20]))
