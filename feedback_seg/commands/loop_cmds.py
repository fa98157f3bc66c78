"""The feedback loop on the command line: diff two runs, assign new data to existing segments."""
from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import service

console = Console()


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @click.argument("run_a", type=int)
    @click.argument("run_b", type=int)
    @json_option
    @click.pass_context
    def diff(ctx, run_a, run_b):
        """Show what changed from RUN_A to RUN_B: segments kept, born, died, renamed, merged, split,
        and how many people moved where."""
        emit(ctx, service.diff_runs(engine_of(ctx), run_a, run_b), _print_diff)

    @cli.command()
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--project", "-p", required=True)
    @click.option("--format", "fmt", default=None, help="Force the input format (default: detected).")
    @click.option("--encoding", default=None)
    @click.option("--threshold", default=service.DEFAULT_THRESHOLD, show_default=True, type=click.FloatRange(0, 1),
                  help="Calibrated confidence needed; below it people go to Unassigned and the review queue.")
    @click.option("--seed", default=0, type=int, show_default=True)
    @json_option
    @click.pass_context
    def assign(ctx, file, project, fmt, encoding, threshold, seed):
        """Assign the people in FILE to the project's existing segments (learned from the reviewed
        latest run); what no segment explains is offered as emerging segments."""
        res = service.assign_new(engine_of(ctx), project, file, threshold=threshold, format=fmt, encoding=encoding,
                         seed=seed)
        emit(ctx, res, _print_assign)


def _print_diff(p: dict) -> None:
    seg, ppl = p["segments"], p["people"]
    console.print(f"[bold]Run {p['run_a']} -> {p['run_b']}[/]: {len(seg['kept'])} kept, {len(seg['born'])} born, "
                  f"{len(seg['died'])} died, {len(seg['renamed'])} renamed, {len(seg['merged'])} merged, "
                  f"{len(seg['split'])} split")
    console.print(f"{ppl['in_both']} people in both: {ppl['stayed']} stayed, {ppl['moved']} moved; "
                  f"{ppl['only_in_a']} only in A, {ppl['only_in_b']} only in B")
    moves = sorted((f for f in p["flows"] if f["from"] != f["to"]), key=lambda f: -f["count"])[:20]
    if moves:
        t = Table(title="Largest moves")
        for c in ("from", "to", "people"):
            t.add_column(c)
        names = seg["names"]
        for f in moves:
            t.add_row(names.get(f["from"], f["from"]), names.get(f["to"], f["to"]), str(f["count"]))
        console.print(t)


def _print_assign(p: dict) -> None:
    if p.get("run_id") is None:
        console.print("no new people to assign")
        return
    console.print(f"[bold]Run {p['run_id']}[/] extends run {p['base_run_id']}: {p['new_respondents']} new people, "
                  f"{p['assigned']} assigned, {p['review_queue']} to review "
                  f"({len(p['emerging'])} emerging segments), learned from {p['trained_on']} people "
                  f"({p['human_examples']} reviewed)")
    for e in p["emerging"]:
        console.print(f"  emerging: {e['name']} ({e['size']} people) - accept or dismiss it in review")
