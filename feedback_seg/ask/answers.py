"""Read the stored insights of a run: needs and value profiles, per segment or all."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from ..errors import NotFoundError
from ..queries import list_segments


def _pick(segments: list[dict], segment: str | int | None) -> list[dict]:
    if segment is None:
        return segments
    s = str(segment).strip().lower()
    hit = [x for x in segments if s in (str(x["segment_id"]), x["key"].lower(), (x["name"] or "").lower(),
                                        (x["auto_name"] or "").lower())]
    if not hit:
        raise NotFoundError(f"no segment {segment!r} in this run; segments: "
                            + ", ".join(f"{x['name']} ({x['key']})" for x in segments))
    return hit


def needs(engine: Engine, run_id: int, segment: str | int | None = None) -> dict:
    segs = _pick(list_segments(engine, run_id), segment)
    return {"run_id": run_id, "segments": [
        {"segment_id": x["segment_id"], "key": x["key"], "name": x["name"], "size": x["size"],
         "needs": (x["needs"] or {}).get("groups", []), "suppressed": (x["needs"] or {}).get("suppressed", False),
         "sentiment": x["sentiment"]} for x in segs]}


def values(engine: Engine, run_id: int, segment: str | int | None = None,
           framework: str | None = None) -> dict:
    segs = _pick(list_segments(engine, run_id), segment)
    out = []
    for x in segs:
        vals = x["values"] or {}
        if framework:
            vals = {framework: vals.get(framework)}
        out.append({"segment_id": x["segment_id"], "key": x["key"], "name": x["name"], "size": x["size"],
                    "values": vals})
    return {"run_id": run_id, "segments": out}
