"""Plain-text summaries of a segment profile for segment cards.

>>> seg = {"attributes": {"region": {"type": "categorical", "test": {"significant": True},
...        "rows": [{"level": "London", "index": 148.2, "seg_share": 0.3, "base_share": 0.2,
...                  "suppressed": False, "missing": False}]}}}
>>> summary_line(seg)
'Over-indexes on: region London (index 148)'
"""
from __future__ import annotations

from ..errors import InputError

MIN_INDEX = 110.0


def _segment(profile: dict, segment) -> dict:
    if "segments" in profile:
        if segment is None:
            raise InputError("name the segment when passing a whole run profile")
        segs = profile["segments"]
        found = segs.get(segment, segs.get(str(segment)))
        if found is None:
            raise InputError(f"no such segment in the profile: {segment}")
        return found
    return profile


def top_over_indexed(profile: dict, n: int = 3, *, segment=None,
                     min_index: float = MIN_INDEX, significant_only: bool = False) -> list[dict]:
    """The ``n`` attribute levels a segment over-indexes on most (visible figures only).

    ``profile`` is one segment's profile (``profile_segments(...)["segments"][label]``) or
    the whole result with ``segment=label``. Levels of attributes whose test is
    significant come first, then by index; missing-value levels are never listed, and
    each attribute appears once.
    """
    seg = _segment(profile, segment)
    found = []
    for attr, block in (seg.get("attributes") or {}).items():
        if block.get("type") != "categorical":
            continue
        significant = bool((block.get("test") or {}).get("significant"))
        if significant_only and not significant:
            continue
        rows = [r for r in block.get("rows", []) if not r.get("suppressed")
                and not r.get("missing") and r.get("index") is not None
                and r["index"] >= min_index]
        if rows:
            best = max(rows, key=lambda r: r["index"])
            found.append({"attribute": attr, "level": best["level"], "index": best["index"],
                          "seg_share": best["seg_share"], "base_share": best["base_share"],
                          "significant": significant})
    found.sort(key=lambda d: (not d["significant"], -d["index"], d["attribute"]))
    return found[:n]


def summary_line(profile: dict, n: int = 3, *, segment=None) -> str:
    """``"Over-indexes on: age 18–24 (index 162), region London (148)"``, or ``""``."""
    top = top_over_indexed(profile, n, segment=segment)
    if not top:
        return ""
    parts = [f"{d['attribute']} {d['level']} ({'index ' if i == 0 else ''}{d['index']:.0f})"
             for i, d in enumerate(top)]
    return "Over-indexes on: " + ", ".join(parts)


def _effect(block: dict) -> float:
    return float((block.get("test") or {}).get("effect") or 0.0)


def ordered_attributes(profile: dict, *, segment=None) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(leading, not different): attributes whose test is significant after correction, by
    effect size (largest first), and the rest by name — the fold "not different from the base"."""
    seg = _segment(profile, segment)
    lead, rest = [], []
    for name, block in (seg.get("attributes") or {}).items():
        (lead if (block.get("test") or {}).get("significant") else rest).append((name, block))
    lead.sort(key=lambda nb: (-_effect(nb[1]), nb[0]))
    rest.sort(key=lambda nb: nb[0])
    return lead, rest


def split_rows(block: dict) -> tuple[list[dict], list[dict]]:
    """A block's rows to show, and the rows to fold: cells under k, and for multi-selects the
    options whose own test is not significant."""
    shown, folded = [], []
    for r in block.get("rows") or []:
        quiet = block.get("type") == "multiselect" and not (r.get("test") or {}).get("significant")
        (folded if r.get("suppressed") or quiet else shown).append(r)
    return shown, folded
