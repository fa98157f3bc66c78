"""Intercom conversations (FORMATS.md 2.11): one conversation object, an array of them, or
``{"conversations": [...]}``. The customer's words are the opening message (``source.body``) when
a user/lead wrote it, plus every ``comment`` part by a user or lead; HTML is stripped. Times are
unix seconds, written as ISO 8601 UTC."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable, RoleHints
from ._html import strip_html
from ._json import cell
from .tickets import dig, head_keys, join_list, table_from_json, unix_iso

FORMAT = "intercom"
CUSTOMER = {"user", "lead", "contact"}
COLUMNS = ["conversation_id", "customer_id", "contact_id", "created_at", "text", "rating_remark", "state",
           "priority", "tags", "rating", "customer_parts"]


def _is_conversation(rec: dict) -> bool:
    return "conversation_parts" in rec or (rec.get("type") == "conversation" and "source" in rec)


def matches(probe: Probe) -> bool:
    head = probe.json_head
    if isinstance(head, dict) and isinstance(head.get("conversations"), list):
        return bool(head["conversations"]) and _is_conversation(head_keys(head["conversations"]))
    return _is_conversation(head_keys(head))


def _row(conv: dict):
    source = conv.get("source") or {}
    texts = []
    if dig(source, "author", "type") in CUSTOMER:
        texts.append(strip_html(cell(source.get("body"))))
    parts = dig(conv, "conversation_parts", "conversation_parts", default=[])
    customer_parts = [p for p in parts if isinstance(p, dict) and p.get("part_type") == "comment"
                      and dig(p, "author", "type") in CUSTOMER and p.get("body")]
    texts += [strip_html(cell(p["body"])) for p in customer_parts]
    contacts = dig(conv, "contacts", "contacts", default=[]) or []
    contact = contacts[0] if contacts and isinstance(contacts[0], dict) else {}
    contact_id = cell(contact.get("id")) or (cell(dig(source, "author", "id", default=""))
                                             if dig(source, "author", "type") in CUSTOMER else "")
    row = {
        "conversation_id": cell(conv.get("id")),
        "customer_id": cell(contact.get("external_id")) or contact_id,
        "contact_id": contact_id,
        "created_at": unix_iso(conv.get("created_at")),
        "text": "\n\n".join(t for t in texts if t),
        "rating_remark": cell(dig(conv, "conversation_rating", "remark", default="")),
        "state": cell(conv.get("state")),
        "priority": cell(conv.get("priority")),
        "tags": join_list(dig(conv, "tags", "tags", default=[])),
        "rating": cell(dig(conv, "conversation_rating", "rating", default="")),
        "customer_parts": str(len(customer_parts)),
    }
    for key, value in (conv.get("custom_attributes") or {}).items():
        row[f"custom.{key}"] = cell(value)
    return row


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    hints = RoleHints(id_col="customer_id", record_col="conversation_id", time_col="created_at", channel="ticket",
                      text_cols=["text", "rating_remark"])
    return table_from_json(Path(path), FORMAT, _row, hints, encoding=encoding, keys=("conversations",),
                           columns=COLUMNS, what="conversation")
