"""segment, runs, show, export, evaluate."""
from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import service
from .progress import progress_bar

console = Console()


def register(cli, emit, json_option, engine_of) -> None:
    @cli.command()
    @click.option("--project", "-p", default=None)
    @click.option("--seed", default=0, show_default=True, type=int)
    @click.option("--reducer", type=click.Choice(["umap", "pca"]), default="umap", show_default=True)
    @click.option("--min-cluster-size", type=int, default=None, help="Default adapts to the data size.")
    @click.option("--min-cell", type=int, default=None, help="Suppress figures over fewer people (default 5).")
    @click.option("--stability-seeds", type=int, default=3, show_default=True)
    @click.option("--fresh", is_flag=True,
                  help="Cluster from scratch instead of anchoring on the previous run's segments "
                       "(keys and human decisions still carry over).")
    @click.option("--framework", "frameworks", multiple=True,
                  help="Value framework for the value profiles: a built-in name (schwartz, consumer_attitudes) "
                       "or your own YAML file; repeatable (default: both built-ins).")
    @click.option("--inputs", "inputs", multiple=True,
                  help="An attitude attribute (rating, Likert, NPS, multi-select) to segment on with the "
                       "text; repeatable (default: text only). Demographic and value columns are refused.")
    @click.option("--input-weight", type=float, default=None,
                  help="Pull of the attitude inputs against the text vector, 0-1 (default 0.5).")
    @click.option("--segments", "n_segments", type=click.IntRange(min=1), default=None,
                  help="Cut the cluster tree at this many segments instead of the count the data supports.")
    @json_option
    @click.pass_context
    def segment(ctx, project, seed, reducer, min_cluster_size, min_cell, stability_seeds, fresh, frameworks,
                inputs, input_weight, n_segments):
        """Segment a project's respondents (prepare, embed, cluster, describe, profile)."""
        params = {"reducer": reducer, "stability_seeds": stability_seeds}
        if fresh:
            params["anchor"] = False
        if frameworks:
            for fw in frameworks:
                try:
                    service.load_framework(fw)
                except (ValueError, OSError) as exc:
                    raise click.BadParameter(str(exc), param_hint="--framework") from exc
            params["frameworks"] = list(frameworks)
        if min_cluster_size:
            params["min_cluster_size"] = min_cluster_size
        if min_cell:
            params["min_cell"] = min_cell
        if inputs:
            params["segment_inputs"] = list(inputs)
        if input_weight is not None:
            params["input_weight"] = input_weight
        if n_segments:
            params["n_segments"] = n_segments
        with progress_bar("segmenting") as bar:
            run_id = service.run_segmentation(engine_of(ctx), project, seed=seed, params=params,
                                              progress=bar)
        summary = service.run_summary(engine_of(ctx), run_id)
        emit(ctx, summary, _print_summary)

    @cli.command()
    @click.argument("run", type=int)
    @click.option("--segments", "n_segments", type=click.IntRange(min=1), required=True,
                  help="The number of segments of the new run.")
    @json_option
    @click.pass_context
    def recut(ctx, run, n_segments):
        """Re-cut a run at another number of segments (a new run; no re-embedding or re-reduction)."""
        eng = engine_of(ctx)
        res = service.recut_run(eng, run, n_segments)
        summary = service.run_summary(eng, res["run_id"])
        emit(ctx, {**summary, "recut": res}, _print_recut)

    @cli.command()
    @click.option("--project", "-p", default=None)
    @json_option
    @click.pass_context
    def runs(ctx, project):
        """List a project's runs."""
        rows = service.run_list(engine_of(ctx), project)
        emit(ctx, {"runs": rows}, lambda p: _rows("Runs", p["runs"]))

    @cli.command()
    @click.argument("run", type=int, required=False)
    @click.option("--project", "-p", default=None)
    @json_option
    @click.pass_context
    def show(ctx, run, project):
        """Show a run (default: the latest): segments, keywords, quotes, profiles."""
        eng = engine_of(ctx)
        run_id = service.resolve_run(eng, project, run)
        emit(ctx, service.run_summary(eng, run_id, detail=True), _print_summary)

    @cli.command()
    @click.argument("run", type=int, required=False)
    @click.option("--project", "-p", default=None)
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]), default="csv")
    @click.option("--out", "-o", type=click.Path(), default=None, help="Folder (csv/parquet) or file.")
    @json_option
    @click.pass_context
    def export(ctx, run, project, fmt, out):
        """Export segments, profiles and assignments (formula-injection safe)."""
        eng = engine_of(ctx)
        run_id = service.resolve_run(eng, project, run)
        out = out or (f"run{run_id}_export" if fmt in ("csv", "parquet") else f"run{run_id}.{fmt}")
        paths = service.export_run(eng, run_id, fmt, out)
        emit(ctx, {"run_id": run_id, "format": fmt, "files": paths},
             lambda p: [console.print(f"wrote {f}") for f in p["files"]])

    @cli.command()
    @click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--text-col", required=True)
    @click.option("--label-col", required=True)
    @click.option("--baselines", is_flag=True, help="Also run BERTopic (two variants) and k-means on the same embeddings.")
    @click.option("--seed", default=0, type=int)
    @click.option("--limit", default=None, type=int, help="Use only the first N labelled rows.")
    @click.option("--describe/--no-describe", default=True,
                  help="Also score the segments' keywords and names (keyword overlap, name agreement).")
    @json_option
    @click.pass_context
    def evaluate(ctx, data, text_col, label_col, baselines, seed, limit, describe):
        """Segment a labelled file with the product's defaults and score it (NMI, ARI, accuracy;
        keyword overlap and name agreement of the segments' descriptions)."""
        res = service.evaluate_file(data, text_col, label_col, baselines=baselines, seed=seed, limit=limit,
                                    describe=describe)
        emit(ctx, res, _print_eval)


def _print_recut(p):
    r = p["recut"]
    console.print(f"run {r['run_id']}: run {r['recut_of']} re-cut at {r['requested_segments']} segments "
                  f"-> {r['n_segments']} ({r['seconds']}s)" + (f"; {r['note']}" if r.get("note") else ""))
    _print_summary(p)


def _rows(title, rows):
    if not rows:
        console.print(f"{title}: none")
        return
    t = Table(title=title)
    for c in rows[0]:
        t.add_column(str(c))
    for r in rows:
        t.add_row(*[str(v) for v in r.values()])
    console.print(t)


def _print_summary(p: dict) -> None:
    m = p["manifest"]["metrics"]
    console.print(f"[bold]Run {p['run_id']}[/]: {m.get('n_segments')} segments of {m.get('n_respondents')} people; "
                  f"unassigned {m.get('unassigned_share', 0):.1%}; stability ARI {m.get('stability_ari')}")
    t = Table(show_lines=True)
    for c in ("segment", "size", "share", "keywords", "quote"):
        t.add_column(c, overflow="fold")
    for s in p["segments"]:
        quote = s["quotes"][0]["text"][:160] if s["quotes"] else ""
        t.add_row(s["name"], str(s["size"]), f"{s['share']:.1%}", ", ".join(s["keywords"][:6]), quote)
    console.print(t)
    for s in p["segments"]:
        over = s.get("over_indexed") or []
        if over:
            console.print(f"[bold]{s['name']}[/] over-indexes on: " + "; ".join(
                f"{o['attribute']} = {o['level']} (index {o['index']:.0f})" for o in over))


EVAL_COLS = ("nmi", "ari", "accuracy", "unassigned_share", "n_segments")


def _print_eval(p: dict) -> None:
    fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else v  # noqa: E731
    rows = [{"method": "feedback-seg", **{k: fmt(p.get(k)) for k in EVAL_COLS}}]
    for name, r in (p.get("baselines") or {}).items():
        rows.append({"method": name, **{k: fmt(r.get(k)) for k in EVAL_COLS}})
    _rows(f"{p.get('n', '')} rows, {p.get('n_labels', '')} labels", rows)
    c = p.get("comparison")
    if c:
        console.print(f"beats BERTopic: {c.get('beats_bertopic')}, "
                      f"unassigned within 10%: {c.get('unassigned_within_limit')}")
    d = p.get("descriptions")
    if d:
        ov = d["keyword_overlap"]
        console.print(f"name agreement: {fmt(d.get('name_agreement'))}; largest top-{ov['top_n']} keyword overlap "
                      f"between two segments: {ov['max_overlap']:.0%}")
        for pair in ov["pairs"]:
            console.print(f"  near-duplicate keywords ({pair['overlap']:.0%}): {pair['a']} / {pair['b']}: "
                          + ", ".join(pair["shared"]))
