"""Persona cards of a run and the self-contained HTML report built from them.

The report is one HTML document with inline CSS only: no scripts, no external URLs, every value
escaped by Jinja2's autoescape. Figures hidden by small-cell suppression stay hidden ("fewer than
k people"), quotes are redacted text and only shown for segments of at least ``MIN_QUOTE_GROUP``
people.

>>> who_line({"attribute": "plan", "level": "Premium", "seg_share": 0.54, "base_share": 0.4,
...           "index": 135.0, "significant": True})
'plan: Premium — 54% vs 40% overall (index 135, significant)'
"""
from __future__ import annotations

from importlib import resources

from jinja2 import Environment, select_autoescape
from sqlalchemy.engine import Engine

from .config import MIN_CELL, MIN_QUOTE_GROUP
from .pipeline.profile_text import top_over_indexed
from .projects import get_project
from .queries import list_segments, run_manifest, segment_members

MAX_QUOTES = 5
HIGH_INDEX = 120.0
MIN_QUOTES = 3
_PAGE = 500


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def who_line(d: dict) -> str:
    """One over-indexed attribute level in words (see :func:`top_over_indexed`)."""
    sig = ", significant" if d.get("significant") else ""
    return (f"{d['attribute']}: {d['level']} — {_pct(d['seg_share'])} vs {_pct(d['base_share'])} overall "
            f"(index {d['index']:.0f}{sig})")


def labels_of(obj, n: int = 5) -> list[str]:
    """Up to ``n`` readable labels from a segment's ``values`` / ``needs`` description.

    Accepts a list of strings or of dicts (``name``/``label``/``value``/``aspect``/``text``), or a
    mapping of label -> score (highest first).
    """
    if not obj:
        return []
    if isinstance(obj, dict):
        items = obj.get("top") or obj.get("items") or obj.get("groups")
        if items is None:
            scored = [(k, v) for k, v in obj.items() if isinstance(v, (int, float))]
            return [str(k) for k, _ in sorted(scored, key=lambda kv: -kv[1])[:n]]
        obj = items
    out = []
    for entry in obj if isinstance(obj, list) else []:
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict):
            for key in ("name", "label", "value", "aspect", "text"):
                if isinstance(entry.get(key), str) and entry[key].strip():
                    out.append(entry[key].strip())
                    break
    return out[:n]


def value_labels(values, n: int = 5) -> list[str]:
    """Values a segment over-indexes on (index ≥ 120, visible figures only), strongest first.

    ``values`` is the segment's ``values`` description: framework -> {"values": [{value, index,
    suppressed, ...}]}; other shapes go through :func:`labels_of`.
    """
    blocks = [b for b in values.values() if isinstance(b, dict) and "values" in b] if isinstance(values, dict) else []
    if not blocks:
        return labels_of(values, n)
    rows = [v for b in blocks for v in b["values"] or [] if isinstance(v, dict) and not v.get("suppressed")
            and (v.get("index") or 0) >= HIGH_INDEX]
    out: list[str] = []
    for v in sorted(rows, key=lambda v: -v["index"]):
        if str(v.get("value")) not in out:
            out.append(str(v.get("value")))
    return out[:n]


def need_labels(needs, n: int = 5) -> list[str]:
    """The segment's need / pain-point group labels (none when the group is suppressed)."""
    if isinstance(needs, dict) and needs.get("suppressed"):
        return []
    return labels_of(needs, n)


def segment_quotes(engine: Engine, seg: dict) -> list[dict]:
    """Pinned quotes first, then the representative ones (3–5; none for small segments)."""
    if seg["size"] < MIN_QUOTE_GROUP:
        return []
    by_id = {q["item_id"]: q for q in seg["quotes"]}
    pinned = [i for i in seg.get("pinned") or [] if i not in by_id]
    if pinned:
        by_id.update(_member_items(engine, seg["segment_id"], set(pinned)))
    order = [i for i in seg.get("pinned") or [] if i in by_id]
    order += [q["item_id"] for q in seg["quotes"] if q["item_id"] not in order]
    return [{**by_id[i], "pinned": i in (seg.get("pinned") or [])} for i in order][:MAX_QUOTES]


def _member_items(engine: Engine, segment_id: int, wanted: set[int]) -> dict[int, dict]:
    """Redacted texts of pinned items that belong to the segment's members."""
    found, after = {}, 0
    while wanted - set(found):
        page = segment_members(engine, segment_id, after=after, limit=_PAGE)
        for m in page["members"]:
            for it in m["items"]:
                if it["item_id"] in wanted:
                    found[it["item_id"]] = {"item_id": it["item_id"], "text": it["text"]}
        if page["next"] is None:
            break
        after = page["next"]
    return found


def _value(profile: dict) -> dict | None:
    v = (profile or {}).get("value")
    if not v:
        return None
    return {"total": v.get("total"), "average": v.get("average"), "share": v.get("share_of_total"),
            "suppressed": bool(v.get("suppressed"))}


def persona(engine: Engine, seg: dict, k: int = MIN_CELL) -> dict:
    """One persona card as plain data (``seg`` is a :func:`list_segments` row)."""
    profile = seg.get("profile") or {}
    top = top_over_indexed(profile, n=3) if profile else []
    unassigned = seg["key"] == "unassigned" or seg["status"] == "unassigned"
    return {"segment_id": seg["segment_id"], "key": seg["key"], "name": seg["name"],
            "unassigned": unassigned, "size": seg["size"], "share": seg["share"],
            "small": seg["size"] < k, "value": _value(profile),
            "who": [who_line(d) for d in top], "keywords": seg["keywords"][:8],
            "values": value_labels(seg.get("values")), "needs": need_labels(seg.get("needs")),
            "quotes": [] if unassigned else segment_quotes(engine, seg),
            "quotes_withheld": seg["size"] < MIN_QUOTE_GROUP}


def persona_cards(engine: Engine, run_id: int) -> dict:
    """The run's manifest summary and one persona per segment (Unassigned last)."""
    manifest = run_manifest(engine, run_id)
    k = int(((manifest.get("metrics") or {}).get("profile") or {}).get("k") or MIN_CELL)
    segs = list_segments(engine, run_id)
    return {"run_id": run_id, "manifest": manifest, "k": k,
            "project": get_project(engine, manifest["project_id"])["name"], "min_quote_group": MIN_QUOTE_GROUP,
            "personas": [persona(engine, s, k) for s in segs]}


def _env() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["pct"] = _pct
    env.filters["money"] = lambda x: "–" if x is None else f"{x:,.2f}"
    return env


def render_report(engine: Engine, run_id: int) -> str:
    """A self-contained HTML report (inline CSS, no scripts, no external URLs) for ``run_id``."""
    data = persona_cards(engine, run_id)
    source = resources.files("feedback_seg").joinpath("templates/report.html").read_text(encoding="utf-8")
    metrics = data["manifest"].get("metrics") or {}
    return _env().from_string(source).render(**data, metrics=metrics)
