"""LiveAgent (FORMATS.md 2.12): ticket JSON (one object or an array; coded status and channel
mapped to names) and the messages JSON (``GET /tickets/{id}/messages``: message groups). Ticket
JSON holds no message bodies, so its text is the subject; the messages file gives the customer's
words: incoming groups, their ``M`` messages by the group's author; outgoing email, internal notes
and deleted groups are rejected."""
from __future__ import annotations

from pathlib import Path

from ..table import Probe, RawTable, RoleHints
from ._html import strip_html
from ._json import cell, load_records
from .tickets import head_keys, join_list, table_from_json

FORMAT = "liveagent"
STATUS = {"I": "init", "N": "new", "T": "chatting", "P": "calling", "R": "resolved", "X": "deleted", "B": "spam",
          "A": "answered", "C": "open", "W": "postponed", "L": "closed"}
CHANNEL = {"E": "email", "B": "contact button", "M": "contact form", "I": "invitation", "C": "call",
           "W": "call button", "F": "facebook", "A": "facebook message", "T": "twitter", "Q": "forum",
           "S": "suggestion"}
GROUP_REJECT = {"4": "outgoing email (agent)", "I": "internal note"}
NO_TEXT = ("LiveAgent ticket JSON has no message bodies: only the subject is imported as text. Upload the "
           "ticket messages JSON (GET /tickets/{id}/messages) for the customer's words.")


def _is_ticket(rec: dict) -> bool:
    return "channel_type" in rec and ("owner_email" in rec or "owner_contactid" in rec)


def _is_group(rec: dict) -> bool:
    return "parent_id" in rec and isinstance(rec.get("messages"), list) and "userid" in rec


def matches(probe: Probe) -> bool:
    rec = head_keys(probe.json_head)
    return bool(rec) and (_is_ticket(rec) or _is_group(rec))


def _ticket_row(t: dict):
    row = {"ticket_id": cell(t.get("id")), "code": cell(t.get("code")),
           "owner_contactid": cell(t.get("owner_contactid")), "date_created": cell(t.get("date_created")),
           "subject": cell(t.get("subject")), "status": STATUS.get(cell(t.get("status")), cell(t.get("status"))),
           "channel_type": CHANNEL.get(cell(t.get("channel_type")), cell(t.get("channel_type"))),
           "department": cell(t.get("departmentid")), "tags": join_list(t.get("tags")),
           "date_resolved": cell(t.get("date_resolved"))}
    for field in t.get("custom_fields") or []:
        if isinstance(field, dict) and field.get("code"):
            row[f"custom.{field['code']}"] = cell(field.get("value"))
    return row


def _group_row(g: dict):
    gtype, author = cell(g.get("type")), cell(g.get("userid"))
    if gtype in GROUP_REJECT:
        return GROUP_REJECT[gtype]
    if cell(g.get("status")) == "D":
        return "deleted message"
    texts = []
    for m in g.get("messages") or []:
        if not isinstance(m, dict) or cell(m.get("type")) != "M" or cell(m.get("userid") or author) != author:
            continue
        body = cell(m.get("message"))
        texts.append(strip_html(body) if cell(m.get("format")) == "H" else body.strip())
    return {"group_id": cell(g.get("id")), "ticket_id": cell(g.get("parent_id")), "userid": author,
            "datecreated": cell(g.get("datecreated")), "group_type": gtype, "text": "\n\n".join(t for t in texts if t)}


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    loaded = load_records(path, encoding, ("tickets", "messages"))
    first = next((r for _, r in loaded[0] if isinstance(r, dict)), {})
    if _is_group(first):
        hints = RoleHints(id_col="userid", record_col="ticket_id", time_col="datecreated", channel="ticket",
                          text_cols=["text"])
        return table_from_json(path, FORMAT, _group_row, hints, encoding=encoding, what="message group",
                               loaded=loaded)
    hints = RoleHints(id_col="owner_contactid", record_col="ticket_id", time_col="date_created", channel="ticket",
                      text_cols=["subject"], drop_cols=[])
    return table_from_json(path, FORMAT, _ticket_row, hints, encoding=encoding, what="ticket",
                           warnings=[NO_TEXT], loaded=loaded)
