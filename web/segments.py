"""Segment pages: a project's runs, a run's overview (cards, map, size vs value), one segment
(keywords, quotes, profiles, value, channels, trend, members), exports and the persona report.

Views only authorise, call ``feedback_seg`` and render; the JSON twins are in ``segments_api``.
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from feedback_seg import service

from . import segments_api as sapi
from .context import can, engine, require

bp = Blueprint("segments", __name__)
HIGH, LOW = 120.0, 80.0


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _k(manifest: dict) -> int:
    return int(((manifest.get("metrics") or {}).get("profile") or {}).get("k") or service.MIN_CELL)


def _index_class(index) -> str:
    if index is None:
        return ""
    return "idx-high" if index >= HIGH else "idx-low" if index <= LOW else "idx-mid"


def level_rows(rows: list[dict], k: int) -> list[dict]:
    """Composition rows for display: hidden cells read ``<k``, never a number."""
    hidden = f"<{k}"
    out = []
    for r in rows or []:
        sup = bool(r.get("suppressed"))
        idx = r.get("index")
        out.append({"level": r["level"], "missing": bool(r.get("missing")), "suppressed": sup,
                    "count": hidden if sup else r.get("count"),
                    "seg_share": hidden if sup else _pct(r.get("seg_share")),
                    "base_share": hidden if r.get("base_share") is None and sup else _pct(r.get("base_share")),
                    "index": "–" if idx is None else f"{idx:.0f}", "index_class": _index_class(idx),
                    "bar": 0 if idx is None else min(idx, 300) / 3})
    return out


def _test(test: dict | None) -> dict | None:
    if not test:
        return None
    p_adj = test.get("p_adj")
    return {"significant": bool(test.get("significant")), "method": test.get("method"),
            "p_adj": "–" if p_adj is None else (f"{p_adj:.3f}" if p_adj >= 0.001 else "<0.001"),
            "effect": None if test.get("effect", test.get("cramers_v")) is None
            else f"{test.get('effect', test.get('cramers_v')):.2f}",
            "effect_name": {"mann_whitney": "|rank-biserial r|", "welch_t": "effect r"}.get(
                test.get("method"), "Cramér's V" if "per option" not in str(test.get("method")) else "φ")}


def _numeric(block: dict, k: int) -> dict:
    def num(x):
        return "–" if x is None else f"{x:,.1f}"

    def ci(pair):
        return "" if not pair else f"{num(pair[0])} – {num(pair[1])}"
    hidden = f"<{k}"
    sup = bool(block.get("suppressed"))
    return {"n": hidden if block.get("n") is None else block["n"],
            "mean": hidden if sup else num(block.get("mean")), "mean_ci": "" if sup else ci(block.get("mean_ci")),
            "median": hidden if sup else num(block.get("median")),
            "median_ci": "" if sup else ci(block.get("median_ci")), "suppressed": sup}


def _scale(summary: dict | None, k: int) -> dict | None:
    if not summary:
        return None
    hidden = f"<{k}"

    def num(x, pct=False):
        if x is None:
            return hidden if summary.get("suppressed") else "–"
        return f"{100 * x:.0f}%" if pct else f"{x:,.2f}"

    def ci(pair, pct=False):
        return "" if not pair else f"{num(pair[0], pct)} – {num(pair[1], pct)}"
    return {"mean": num(summary.get("mean")), "mean_ci": ci(summary.get("mean_ci")),
            "median": num(summary.get("median")), "median_ci": ci(summary.get("median_ci")),
            "top2": None if summary.get("top2") is None and not summary.get("suppressed") else num(summary.get("top2"), True),
            "top2_ci": ci(summary.get("top2_ci"), True),
            "nps": None if summary.get("nps") is None else f"{summary['nps']:+.0f}",
            "nps_ci": "" if not summary.get("nps_ci") else f"{summary['nps_ci'][0]:+.0f} – {summary['nps_ci'][1]:+.0f}",
            "suppressed": bool(summary.get("suppressed"))}


def attribute_tables(profile: dict, k: int, base: dict | None = None) -> list[dict]:
    """Each profiled attribute, ready for a table: significant ones first, by effect size
    (``lead``); the rest, and rows under k or not significant, go under a fold."""
    lead, rest = service.ordered_attributes(profile)
    out = []
    for name, block in lead + rest:
        kind = block.get("type")
        entry = {"name": name, "type": kind, "test": _test(block.get("test")),
                 "lead": bool((block.get("test") or {}).get("significant"))}
        if kind in ("categorical", "ordinal", "multiselect"):
            shown, folded = service.split_rows(block) if entry["lead"] else (block.get("rows") or [], [])
            entry["rows"] = level_rows(shown, k)
            entry["folded_rows"] = level_rows(folded, k)
            if kind == "multiselect":
                for r, raw in zip(entry["rows"], shown):
                    r["significant"] = bool((raw.get("test") or {}).get("significant"))
            entry["scale"] = _scale(block.get("summary"), k) if kind == "ordinal" else None
            entry["harmonised"] = block.get("harmonised") or ((base or {}).get(name) or {}).get("harmonised") or {}
        else:
            entry["numeric"] = _numeric(block, k)
        out.append(entry)
    return out


def _chart(segs: list[dict]) -> list[dict]:
    rows = []
    for s in segs:
        v = (s.get("profile") or {}).get("value") or {}
        rows.append({"name": s["name"], "key": s["key"], "size": s["size"], "share": s["share"],
                     "value_total": v.get("total"), "value_share": v.get("share_of_total"),
                     "value_suppressed": bool(v.get("suppressed")),
                     "unassigned": s["key"] == "unassigned", "url": url_for("segments.segment",
                                                                             segment_id=s["segment_id"])})
    return rows


@bp.route("/projects/<int:pid>/runs", methods=["GET"])
def runs(pid: int):
    require("project.read", pid)
    project = service.get_project(engine(), pid)
    return render_template("runs.html", project=project, runs=service.run_list(engine(), project["name"]))


@bp.route("/runs/<int:run_id>", methods=["GET"])
def overview(run_id: int):
    manifest = sapi.run_for(run_id)
    pid = manifest["project_id"]
    k = _k(manifest)
    segs = service.run_summary(engine(), run_id, detail=True)["segments"]
    cards = [{**service.persona(engine(), s, k), "over_indexed": s["over_indexed"],
              "url": url_for("segments.segment", segment_id=s["segment_id"])} for s in segs]
    return render_template("run.html", project=service.get_project(engine(), pid), manifest=manifest,
                           metrics=manifest.get("metrics") or {}, cards=cards, k=k, chart=_chart(segs),
                           look_alike=service.look_alike_segments(segs), freshness=sapi.freshness(run_id),
                           can_export=can("export.aggregate", pid), can_raw=can("export.raw", pid),
                           formats=list(sapi.EXPORTS))


@bp.route("/segments/<int:segment_id>", methods=["GET"])
def segment(segment_id: int):
    seg, manifest = sapi.segment_for(segment_id)
    pid, k = manifest["project_id"], _k(manifest)
    profile = seg.get("profile") or {}
    page = sapi.members_page(segment_id)
    value = profile.get("value") or None
    months = [t for t in profile.get("trend") or [] if not t.get("missing")]
    trend_data = [{"month": t["level"], "seg_share": t.get("seg_share"), "base_share": t.get("base_share"),
                   "suppressed": bool(t.get("suppressed"))} for t in months]
    next_url = (url_for("segments.segment", segment_id=segment_id, q=page["q"] or None, next=page["next"])
                + "#members") if page["next"] else None
    persona = service.persona(engine(), seg, k)
    can_raw = can("export.raw", pid)
    show_raw = can_raw and request.args.get("raw") == "1"
    if show_raw and persona.get("quotes"):   # original wording, for roles allowed to see it
        raw = service.item_texts(engine(), [q["item_id"] for q in persona["quotes"]], raw=True)
        persona = {**persona, "quotes": [{**q, "raw_text": raw.get(q["item_id"], {}).get("raw_text")}
                                         for q in persona["quotes"]]}
    return render_template(
        "segment.html", seg=seg, manifest=manifest, k=k, project=service.get_project(engine(), pid),
        freshness=sapi.freshness(manifest["run_id"]),
        can_raw=can_raw, show_raw=show_raw,
        persona=persona, attributes=attribute_tables(profile, k),
        channel=level_rows(profile.get("channel"), k), trend=level_rows(months, k), trend_data=trend_data, value=value,
        members=page["members"], q=page["q"], next_url=next_url, first_page=not request.args.get("next"))


@bp.route("/runs/<int:run_id>/export/<fmt>", methods=["GET"])
def export(run_id: int, fmt: str):
    return sapi.send_export(run_id, fmt)


@bp.route("/runs/<int:run_id>/report", methods=["GET"])
def report_html(run_id: int):
    """The self-contained persona report; ``?download=1`` saves it as a file."""
    pid = sapi.run_for(run_id, "export.aggregate")["project_id"]
    sapi.wait_fresh(run_id)
    resp = Response(service.render_report(engine(), run_id), mimetype="text/html")
    if request.args.get("download"):
        name = sapi.download_name(run_id, pid, "html", suffix="personas")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
