"""Freshdesk (FORMATS.md 2.10): API v2 tickets JSON (integer status/priority/source mapped to
names), conversations JSON (``incoming`` = from the customer; private notes and agent replies are
rejected), and the UI export CSV (no description unless the user selected it)."""
from __future__ import annotations

from pathlib import Path

from ..decode import read_grid
from ..table import Probe, RawTable, RoleHints
from ._html import strip_html
from ._json import cell, load_records
from ._table import grid_to_table
from .tickets import dig, head_keys, join_list, table_from_json

FORMAT = "freshdesk"
STATUS = {"2": "Open", "3": "Pending", "4": "Resolved", "5": "Closed", "6": "Waiting on Customer",
          "7": "Waiting on Third Party"}
PRIORITY = {"1": "Low", "2": "Medium", "3": "High", "4": "Urgent"}
SOURCE = {"1": "Email", "2": "Portal", "3": "Phone", "7": "Chat", "9": "Feedback Widget", "10": "Outbound Email"}
CSV_MARKERS = {"Customer interactions", "Agent interactions", "Resolution status", "First response status",
               "Contact ID", "Due by Time"}
CSV_PII = ["Full name", "Email", "Agent", "Phone", "Contact email"]
NO_TEXT = ("Freshdesk UI export has no Description column: only the Subject is imported as text. "
           "Use the API tickets/conversations JSON for the customer's words.")


def _is_ticket(rec: dict) -> bool:
    return "description_text" in rec and "status" in rec


def _is_conversation(rec: dict) -> bool:
    return "incoming" in rec and "ticket_id" in rec and ("body_text" in rec or "body" in rec)


def matches(probe: Probe) -> bool:
    rec = head_keys(probe.json_head)
    if rec and (_is_ticket(rec) or _is_conversation(rec)):
        return True
    header = set((probe.rows or [[]])[0])
    return "Ticket ID" in header and "Subject" in header and len(header & CSV_MARKERS) >= 2


def _enum(mapping: dict, value) -> str:
    text = cell(value)
    return mapping.get(text, text)


def _ticket_row(t: dict):
    if cell(t.get("spam")) == "true":
        return "marked as spam"
    if cell(t.get("deleted")) == "true":
        return "deleted ticket"
    row = {
        "ticket_id": cell(t.get("id")),
        "requester_id": cell(t.get("requester_id")),
        "created_at": cell(t.get("created_at")),
        "updated_at": cell(t.get("updated_at")),
        "subject": cell(t.get("subject")),
        "description": cell(t.get("description_text")) or strip_html(cell(t.get("description"))),
        "status": _enum(STATUS, t.get("status")),
        "priority": _enum(PRIORITY, t.get("priority")),
        "source": _enum(SOURCE, t.get("source")),
        "type": cell(t.get("type")),
        "tags": join_list(t.get("tags")),
        "group_id": cell(t.get("group_id")),
        "company_id": cell(t.get("company_id")),
        "product_id": cell(t.get("product_id")),
        "resolved_at": cell(dig(t, "stats", "resolved_at", default="")),
    }
    for key, value in (t.get("custom_fields") or {}).items():
        row[str(key)] = cell(value)
    return row


def _conversation_row(c: dict):
    if cell(c.get("private")) == "true":
        return "private note"
    if cell(c.get("incoming")) != "true":
        return "agent reply (not from the customer)"
    return {"conversation_id": cell(c.get("id")), "ticket_id": cell(c.get("ticket_id")),
            "user_id": cell(c.get("user_id")), "created_at": cell(c.get("created_at")),
            "text": cell(c.get("body_text")) or strip_html(cell(c.get("body"))),
            "source": _enum(SOURCE, c.get("source"))}


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return _read_csv(path, encoding)
    loaded = load_records(path, encoding, ("tickets", "conversations"))
    first = next((r for _, r in loaded[0] if isinstance(r, dict)), {})
    if _is_conversation(first) and not _is_ticket(first):
        hints = RoleHints(id_col="user_id", record_col="ticket_id", time_col="created_at", channel="ticket",
                          text_cols=["text"])
        return table_from_json(path, FORMAT, _conversation_row, hints, encoding=encoding,
                               what="conversation", loaded=loaded)
    hints = RoleHints(id_col="requester_id", record_col="ticket_id", time_col="created_at", channel="ticket",
                      text_cols=["description"])
    return table_from_json(path, FORMAT, _ticket_row, hints, encoding=encoding, what="ticket", loaded=loaded)


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    table = grid_to_table(read_grid(path, encoding), FORMAT, sniff=False)
    cols = list(table.frame.columns)
    text = [c for c in ("Description", "Subject") if c in cols][:1]
    if text == ["Subject"]:
        table.warnings.insert(0, NO_TEXT)
    table.hints = RoleHints(id_col="Contact ID" if "Contact ID" in cols else None,
                            record_col="Ticket ID", time_col="Created time" if "Created time" in cols else None,
                            channel="ticket", text_cols=text, drop_cols=[c for c in CSV_PII if c in cols])
    return table.check()
