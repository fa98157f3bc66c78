"""Reddit (FORMATS.md 2.14): API Listing JSON (``t3`` submissions, ``t1`` comments, comment
trees and ``[post, comments]`` pages walked depth-first) and Pushshift-style NDJSON dumps.
``[deleted]`` / ``[removed]`` bodies are rejected with that reason."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable, Rejected, RoleHints
from ._json import cell, load_records
from ._table import records_to_table
from .tickets import head_keys, unix_iso

FORMAT = "reddit"
GONE = {"[deleted]", "[removed]"}
COLUMNS = ["id", "kind", "author", "subreddit", "created_at", "title", "text", "score", "link_id", "parent_id",
           "permalink", "flair", "num_comments", "created_utc"]


def _is_thing(rec: dict) -> bool:
    return "subreddit" in rec and "author" in rec and ("body" in rec or "selftext" in rec or "title" in rec)


def matches(probe: Probe) -> bool:
    head = probe.json_head
    if isinstance(head, list) and head:
        head = head[0]
    if isinstance(head, dict) and head.get("kind") == "Listing":
        return True
    rec = head_keys(head)
    return bool(rec) and _is_thing(rec.get("data", rec) if rec.get("kind") in ("t1", "t3") else rec)


def _things(value):
    """Yield ``(kind, data)`` for every submission/comment in a Listing value, replies included."""
    if isinstance(value, list):
        for v in value:
            yield from _things(v)
    elif isinstance(value, dict):
        if value.get("kind") == "Listing":
            yield from _things((value.get("data") or {}).get("children") or [])
        elif value.get("kind") in ("t1", "t3", "more") and isinstance(value.get("data"), dict):
            yield value["kind"], value["data"]
            if isinstance(value["data"].get("replies"), dict):
                yield from _things(value["data"]["replies"])
        else:
            yield ("t1" if "body" in value else "t3"), value


def _row(kind: str, d: dict):
    if kind == "more":
        return "'more comments' placeholder (not loaded)"
    body = cell(d.get("body") if kind == "t1" else d.get("selftext"))
    if body.strip() in GONE:
        return f"body is {body.strip()}"
    author = cell(d.get("author"))
    return {"id": cell(d.get("id")), "kind": "comment" if kind == "t1" else "post",
            "author": "" if author in GONE else author, "subreddit": cell(d.get("subreddit")),
            "created_at": unix_iso(d.get("created_utc")), "title": cell(d.get("title")),
            "text": body if kind == "t1" else "\n\n".join(t for t in (cell(d.get("title")), body) if t),
            "score": cell(d.get("score")), "link_id": cell(d.get("link_id")), "parent_id": cell(d.get("parent_id")),
            "permalink": cell(d.get("permalink")), "flair": cell(d.get("link_flair_text")),
            "num_comments": cell(d.get("num_comments")), "created_utc": cell(d.get("created_utc"))}


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    records, errors, _ = load_records(path, encoding)
    rows, rejected = [], [Rejected(n, reason) for n, reason in errors]
    ndjson = bool(errors) or (len(records) > 0 and records[0][0] != 1) or path.suffix.lower() in (".ndjson", ".jsonl")
    pos = 0
    for line, value in records:
        for kind, data in _things(value):
            pos += 1
            n = line if ndjson else pos
            built = _row(kind, data) if isinstance(data, dict) else "not a JSON object"
            if isinstance(built, str):
                rejected.append(Rejected(n, f"{'line' if ndjson else 'record'} {n}: {built}"))
            else:
                rows.append((n, built))
    hints = RoleHints(id_col="author", record_col="id", time_col="created_at", channel="social", text_cols=["text"])
    return records_to_table(rows, FORMAT, rejected=rejected, columns=COLUMNS, hints=hints).check()
