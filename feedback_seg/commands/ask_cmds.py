"""search: hybrid (BM25 + semantic) search over what people wrote."""
from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import service
from ..errors import InputError

console = Console()


def parse_where(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("region=North", "plan=pro")`` -> ``{"region": "North", "plan": "pro"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--where {pair!r}: use attribute=value")
        out[name.strip()] = value.strip()
    return out


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @click.argument("query")
    @click.option("--project", "-p", default=None)
    @click.option("--run", "run_id", type=int, default=None, help="Run whose segments to use (default: latest).")
    @click.option("--segment", "-s", default=None, help="Segment key, id or name.")
    @click.option("--where", "-w", multiple=True, metavar="ATTR=VALUE", help="Attribute equality; repeatable.")
    @click.option("--channel", default=None, help="survey, ticket, social, ...")
    @click.option("--source", default=None, help="Source file name or id.")
    @click.option("--from", "date_from", default=None, metavar="DATE", help="From this date (YYYY-MM-DD).")
    @click.option("--to", "date_to", default=None, metavar="DATE", help="Up to this date, inclusive.")
    @click.option("--limit", "-n", type=int, default=20, show_default=True)
    @click.option("--mode", type=click.Choice(["hybrid", "semantic", "lexical"]), default="hybrid", show_default=True,
                  help="Ranking: BM25 + embeddings fused (hybrid), embeddings only, or BM25 only.")
    @json_option
    @click.pass_context
    def search(ctx, query, project, run_id, segment, where, channel, source, date_from, date_to, limit, mode):
        """Find what people wrote that is most similar to QUERY (redacted texts, cited by source and row)."""
        res = service.search(engine_of(ctx), query, project=project, run_id=run_id, segment=segment,
                           where=parse_where(where), channel=channel, source=source, date_from=date_from,
                           date_to=date_to, limit=limit, mode=mode)
        emit(ctx, res, _print_hits)


def _print_hits(p: dict) -> None:
    if p["suppressed"]:
        console.print(f"[yellow]No results shown:[/] {p['reason']}")
        return
    console.print(f"{len(p['hits'])} of {p['total_candidates']} texts from {p['candidate_people']} people "
                  f"({p['index']} search, model {p['model']})")
    if not p["hits"]:
        return
    t = Table(show_lines=True)
    for c in ("score", "respondent", "segment", "source:row", "text"):
        t.add_column(c, overflow="fold")
    for h in p["hits"]:
        t.add_row(f"{h['score']:.3f}", h["respondent"], h["segment"] or "", f"{h['source']}:{h['row']}",
                  h["text"] or "")
    console.print(t)
