"""What changed between two runs: segments matched by stable key, and how many people moved where."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import NotFoundError
from ..store.engine import read_session
from ..store.schema import Assignment, Run, Segment

UNASSIGNED_KEY = "unassigned"
SHARE = 0.25   # a split/merge part must hold at least this share of the people involved


def _run_state(s, run_id: int) -> tuple[dict, dict]:
    """Segments by key ({name, size, status}) and respondent -> key for one run."""
    if s.get(Run, run_id) is None:
        raise NotFoundError(f"no run {run_id}")
    segs = s.scalars(select(Segment).where(Segment.run_id == run_id)).all()
    by_id = {sg.id: sg for sg in segs}
    info = {sg.key: {"segment_id": sg.id, "name": sg.name or sg.auto_name, "human_name": sg.name,
                     "size": sg.size, "status": sg.status} for sg in segs}
    people = {}
    for rid, sid in s.execute(select(Assignment.respondent_id, Assignment.segment_id)
                              .where(Assignment.run_id == run_id)):
        people[rid] = by_id[sid].key if sid in by_id else UNASSIGNED_KEY
    return info, people


def diff_runs(engine: Engine, run_a: int, run_b: int) -> dict:
    """Compare run ``run_a`` (before) with ``run_b`` (after).

    Segments are matched by key: ``kept`` (in both), ``born`` (only in B), ``died`` (only in A, or
    merged away in B), ``renamed`` (kept, name changed), ``merged`` (B segments whose people came
    25%+ each from two or more A segments, or A keys folded into another by a human merge) and
    ``split`` (A segments whose people went 25%+ each to two or more B segments). ``flows`` counts
    the people in both runs by (A key, B key); their sum equals ``people.in_both``.
    """
    with read_session(engine) as s:
        seg_a, ppl_a = _run_state(s, run_a)
        seg_b, ppl_b = _run_state(s, run_b)
    live_a = {k for k, v in seg_a.items() if v["status"] not in ("merged",)}
    live_b = {k for k, v in seg_b.items() if v["status"] not in ("merged",)}
    both = sorted(set(ppl_a) & set(ppl_b))
    flows = Counter((ppl_a[r], ppl_b[r]) for r in both)
    from_a = Counter(ppl_a[r] for r in both)
    into_b = Counter(ppl_b[r] for r in both)
    split = []
    for ka in sorted(from_a):
        parts = sorted(kb for (x, kb), n in flows.items() if x == ka and n / from_a[ka] >= SHARE)
        if ka != UNASSIGNED_KEY and len([p for p in parts if p != UNASSIGNED_KEY]) >= 2:
            split.append({"from": ka, "into": parts})
    merged = []
    for kb in sorted(into_b):
        parts = sorted(ka for (ka, x), n in flows.items() if x == kb and n / into_b[kb] >= SHARE)
        if kb != UNASSIGNED_KEY and len([p for p in parts if p != UNASSIGNED_KEY]) >= 2:
            merged.append({"into": kb, "from": parts})
    folded = sorted(k for k, v in seg_b.items() if v["status"] == "merged" and k in live_a)
    for k in folded:
        target = Counter(ppl_b[r] for r in both if ppl_a[r] == k).most_common(1)
        merged.append({"into": target[0][0] if target else None, "from": [k], "by": "human"})
    kept = sorted((live_a & live_b) - {UNASSIGNED_KEY})
    renamed = [{"key": k, "before": seg_a[k]["name"], "after": seg_b[k]["name"]}
               for k in kept if seg_a[k]["name"] != seg_b[k]["name"]]
    moved = sum(n for (ka, kb), n in flows.items() if ka != kb)
    return {"run_a": run_a, "run_b": run_b,
            "segments": {"kept": kept, "born": sorted(live_b - live_a - {UNASSIGNED_KEY}),
                         "died": sorted(live_a - live_b - {UNASSIGNED_KEY}), "renamed": renamed,
                         "merged": merged, "split": split,
                         "sizes": {k: [seg_a.get(k, {}).get("size", 0), seg_b.get(k, {}).get("size", 0)]
                                   for k in sorted((live_a | live_b))},
                         "names": {k: (seg_b.get(k) or seg_a.get(k))["name"] for k in sorted(live_a | live_b)}},
            "flows": [{"from": ka, "to": kb, "count": n} for (ka, kb), n in sorted(flows.items())],
            "people": {"in_both": len(both), "stayed": len(both) - moved, "moved": moved,
                       "only_in_a": len(set(ppl_a) - set(ppl_b)), "only_in_b": len(set(ppl_b) - set(ppl_a)),
                       "kept_share": round((len(both) - moved) / len(both), 4) if both else None}}
