"""needs, values, evaluate-values."""
from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import service

console = Console()


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @click.option("--project", "-p", default=None)
    @click.option("--run", "run", type=int, default=None, help="Run id (default: the latest).")
    @click.option("--segment", "-s", default=None, help="Segment id, key or name.")
    @json_option
    @click.pass_context
    def needs(ctx, project, run, segment):
        """Needs and pain points per segment, ranked by the share of people who voice them."""
        eng = engine_of(ctx)
        res = service.needs(eng, service.resolve_run(eng, project, run), segment)
        emit(ctx, res, _print_needs)

    @cli.command()
    @click.option("--project", "-p", default=None)
    @click.option("--run", "run", type=int, default=None)
    @click.option("--segment", "-s", default=None)
    @click.option("--framework", default=None, help="schwartz | consumer_attitudes (default: both).")
    @json_option
    @click.pass_context
    def values(ctx, project, run, segment, framework):
        """Psychographic value profile per segment (share of people vs the base, index)."""
        eng = engine_of(ctx)
        res = service.values(eng, service.resolve_run(eng, project, run), segment, framework)
        emit(ctx, res, _print_values)

    @cli.command("label-values")
    @click.argument("item_id", type=int)
    @click.option("--framework", required=True, help="schwartz, consumer_attitudes or a framework file.")
    @click.option("--value", "values", multiple=True, help="A value this answer expresses (repeatable; none = no value).")
    @click.option("--user", default="cli", show_default=True)
    @click.option("--version", "version", type=int, default=None,
                  help="The item's label version this decision is based on (0 for a first label; each label "
                       "prints the new one). Required: a stale version is refused instead of overwriting.")
    @json_option
    @click.pass_context
    def label_values(ctx, item_id, framework, values, user, version):
        """Teach the value scorer: which values one answer expresses (used by the next run)."""
        res = service.label_values(engine_of(ctx), item_id, framework, list(values), user=user,
                                   version=service.required_version(version))
        emit(ctx, res, lambda p: console.print(f"item {p['item_id']}: {', '.join(p['values']) or 'no value'} "
                                               f"({p['framework']}; version {p['version']})"))

    @cli.command("evaluate-values")
    @click.option("--data", "data", required=True, type=click.Path(exists=True, file_okay=False),
                  help="A folder in the Touché layout (arguments.tsv, labels.tsv).")
    @click.option("--shots", default=0, type=int, show_default=True, help="Labelled examples per value (0 = zero-shot).")
    @click.option("--text", "text", type=click.Choice(["premise", "full"]), default="premise", show_default=True)
    @click.option("--seed", default=0, type=int)
    @json_option
    @click.pass_context
    def evaluate_values(ctx, data, shots, text, seed):
        """Score value detection on labelled data: macro-F1 and per-value F1."""
        res = service.evaluate_values(data, shots=shots, text=text, seed=seed)
        emit(ctx, res, _print_value_eval)


def _print_needs(p: dict) -> None:
    for s in p["segments"]:
        console.print(f"[bold]{s['name']}[/] ({s['size']} people)")
        if s["suppressed"]:
            console.print("  suppressed: fewer people than the minimum group size")
        for g in s["needs"][:8]:
            q = g["quotes"][0] if g["quotes"] else ""
            console.print(f"  {g['share']:.0%} {g['kind']:<9} {g['label']}  [dim]{q[:100]}[/]")


def _print_values(p: dict) -> None:
    for s in p["segments"]:
        t = Table(title=f"{s['name']} ({s['size']} people)")
        for c in ("framework", "value", "share", "base", "index"):
            t.add_column(c)
        for fw, block in (s["values"] or {}).items():
            for r in (block or {}).get("values", [])[:5]:
                t.add_row(fw, r["value"], "<k" if r["suppressed"] else f"{r['share']:.0%}",
                          f"{r['base_share']:.0%}", "" if r["index"] is None else f"{r['index']:.0f}")
        console.print(t)


def _print_value_eval(p: dict) -> None:
    console.print(f"macro-F1 {p['macro_f1']:.3f} (all-positive baseline {p['baseline_all_positive_macro_f1']:.3f}), "
                  f"n={p['n']}")
    for name, f1 in sorted(p["per_value_f1"].items(), key=lambda kv: -kv[1]):
        console.print(f"  {f1:.3f}  {name}")
