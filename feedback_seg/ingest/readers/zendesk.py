"""Zendesk tickets (FORMATS.md 2.9): ``{"tickets": [...]}`` (REST / incremental export), a single
``{"ticket": {...}}``, a JSON array, or the NDJSON full export; and the comments file
``{"comments": [...]}``, where the customer is the author of the first comment (the description)
and only their public comments are kept."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable, RoleHints
from ._html import strip_html
from ._json import cell, load_records
from .tickets import dig, head_keys, join_list, table_from_json

FORMAT = "zendesk"
TICKET_COLUMNS = ["ticket_id", "requester_id", "created_at", "updated_at", "subject", "description",
                  "satisfaction_comment", "status", "priority", "type", "tags", "satisfaction",
                  "via", "organization_id", "group_id", "brand_id"]


def _ticket_like(rec: dict) -> bool:
    """Zendesk ticket keys; Freshdesk tickets also have ``requester_id`` but add ``description_text``."""
    return "requester_id" in rec and "description_text" not in rec and \
        ("via" in rec or "submitter_id" in rec or "raw_subject" in rec)


def matches(probe: Probe) -> bool:
    head = probe.json_head
    if isinstance(head, dict):
        for key in ("tickets", "ticket"):
            inner = head.get(key)
            if isinstance(inner, list) and inner and isinstance(inner[0], dict) and _ticket_like(inner[0]):
                return True
            if isinstance(inner, dict) and _ticket_like(inner):
                return True
        comments = head.get("comments")
        if isinstance(comments, list) and comments and isinstance(comments[0], dict) \
                and {"author_id", "public"} <= set(comments[0]):
            return True
    return _ticket_like(head_keys(head))


def _ticket_row(t: dict) -> dict[str, str]:
    row = {
        "ticket_id": cell(t.get("id")),
        "requester_id": cell(t.get("requester_id")),
        "created_at": cell(t.get("created_at")),
        "updated_at": cell(t.get("updated_at")),
        "subject": cell(t.get("subject") or t.get("raw_subject")),
        "description": strip_html(cell(t.get("description"))),
        "satisfaction_comment": cell(dig(t, "satisfaction_rating", "comment", default="")),
        "status": cell(t.get("status")),
        "priority": cell(t.get("priority")),
        "type": cell(t.get("type")),
        "tags": join_list(t.get("tags")),
        "satisfaction": cell(dig(t, "satisfaction_rating", "score", default="")),
        "via": cell(dig(t, "via", "channel", default="")),
        "organization_id": cell(t.get("organization_id")),
        "group_id": cell(t.get("group_id")),
        "brand_id": cell(t.get("brand_id")),
    }
    for field in t.get("custom_fields") or []:
        if isinstance(field, dict) and field.get("id") is not None:
            row[f"custom_{cell(field['id'])}"] = cell(field.get("value"))
    return row


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    loaded = load_records(path, encoding, ("tickets", "ticket", "comments"))
    if loaded[2] == "comments":
        return _read_comments(path, encoding, loaded)
    hints = RoleHints(id_col="requester_id", record_col="ticket_id", time_col="created_at", channel="ticket",
                      text_cols=["description", "satisfaction_comment"])
    return table_from_json(path, FORMAT, _ticket_row, hints, encoding=encoding,
                           columns=TICKET_COLUMNS, what="ticket", loaded=loaded)


def _read_comments(path: Path, encoding: str | None, loaded) -> RawTable:
    first = next((r for _, r in loaded[0] if isinstance(r, dict)), {})
    customer = cell(first.get("author_id"))

    def build(c: dict):
        if c.get("public") is False:
            return "internal note (not public)"
        if cell(c.get("author_id")) != customer:
            return "comment by someone other than the requester (agent reply)"
        text = cell(c.get("plain_body") or c.get("body")) or strip_html(cell(c.get("html_body")))
        return {"comment_id": cell(c.get("id")), "author_id": customer, "created_at": cell(c.get("created_at")),
                "text": strip_html(text), "via": cell(dig(c, "via", "channel", default="")),
                "type": cell(c.get("type"))}

    hints = RoleHints(id_col="author_id", record_col="comment_id", time_col="created_at", channel="ticket",
                      text_cols=["text"])
    warn = ["comments file: the requester is taken to be the author of the first comment (the description)"]
    return table_from_json(path, FORMAT, build, hints, encoding=encoding, warnings=warn, what="comment",
                           loaded=loaded)
