"""Write small ticket, social and generic exports into a folder (the project's own fixtures).

Each ``write_*`` function takes a folder and returns the path it wrote (FORMATS.md 2.9-2.15 and
plain CSV/TSV/TXT/XLSX/Parquet/JSON/NDJSON), with the cases readers must survive: leading-zero
ids, "N/A" text, HTML bodies, agent replies and internal notes, deleted posts, a bad NDJSON line.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def _csv(rows, delimiter=","):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = Path(folder) / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def zendesk_ticket(tid: int, requester: int, description: str, **extra) -> dict:
    t = {"url": f"https://x.zendesk.com/api/v2/tickets/{tid}.json", "id": tid, "created_at": "2024-06-01T09:00:00Z",
         "updated_at": "2024-06-02T09:00:00Z", "type": "question", "subject": f"Subject {tid}",
         "raw_subject": f"Subject {tid}", "description": description, "priority": "normal", "status": "open",
         "requester_id": requester, "submitter_id": requester, "assignee_id": 99, "organization_id": None,
         "tags": ["a", "b"], "custom_fields": [{"id": 27642, "value": "payments"}],
         "satisfaction_rating": {"score": "bad", "comment": "Too slow"}, "via": {"channel": "email"}}
    t.update(extra)
    return t


def write_zendesk_json(folder: Path) -> Path:
    tickets = [zendesk_ticket(1, 1001, "My <b>card</b> was declined &amp; charged"),
               zendesk_ticket(2, 1002, "N/A"), zendesk_ticket(3, 1003, "Line one\nline two")]
    return _write(folder, "tickets.json", json.dumps({"tickets": tickets, "after_cursor": "x", "end_of_stream": True}))


def write_zendesk_ndjson(folder: Path) -> Path:
    lines = [json.dumps(zendesk_ticket(10, 2001, "first")), "{not json", json.dumps(zendesk_ticket(11, 2002, "second"))]
    return _write(folder, "tickets.ndjson", "\n".join(lines) + "\n")


def write_zendesk_comments(folder: Path) -> Path:
    comments = [{"id": 1, "type": "Comment", "author_id": 5, "body": "It broke again", "public": True},
                {"id": 2, "type": "Comment", "author_id": 77, "body": "Sorry!", "public": True},
                {"id": 3, "type": "Comment", "author_id": 77, "body": "note to self", "public": False},
                {"id": 4, "type": "Comment", "author_id": 5, "html_body": "<p>Still <i>broken</i></p>", "public": True}]
    return _write(folder, "ticket_comments.json", json.dumps({"comments": comments, "next_page": None, "count": 4}))


def write_zendesk_csv(folder: Path) -> Path:
    header = ["Summation column", "Id", "Requester", "Requester id", "Requester email", "Subject", "Tags",
              "Status", "Created at"]
    rows = [header, ["1", "35436", "Dana", "00123", "d@example.net", "Card declined", "billing card", "Solved",
                     "2024-06-01 09:12"]]
    return _write(folder, "tickets_export.csv", _csv(rows))


def write_freshdesk_tickets(folder: Path) -> Path:
    base = {"description_text": "", "priority": 4, "source": 7, "type": "Problem", "tags": ["x"],
            "custom_fields": {"cf_plan": "pro"}, "created_at": "2024-07-01T10:00:00Z", "spam": False}
    tickets = [dict(base, id=1, subject="Crash", description="<div>App <b>crashes</b></div>", status=2,
                    requester_id=501),
               dict(base, id=2, subject="Spam", description_text="buy now", status=5, requester_id=502, spam=True),
               dict(base, id=3, subject="Odd", description_text="Weird status", status=42, requester_id=503)]
    return _write(folder, "ticket_api.json", json.dumps(tickets))


def write_freshdesk_conversations(folder: Path) -> Path:
    convs = [{"id": 1, "ticket_id": 1, "body": "<p>Still crashing</p>", "body_text": "Still crashing",
              "incoming": True, "private": False, "user_id": 501, "source": 0, "created_at": "2024-07-01T12:00:00Z"},
             {"id": 2, "ticket_id": 1, "body_text": "Try again", "incoming": False, "private": False, "user_id": 9},
             {"id": 3, "ticket_id": 1, "body_text": "internal", "incoming": False, "private": True, "user_id": 9}]
    return _write(folder, "conversations_api.json", json.dumps(convs))


def write_freshdesk_csv(folder: Path) -> Path:
    rows = [["Ticket ID", "Subject", "Status", "Priority", "Created time", "Customer interactions",
             "Agent interactions", "Full name", "Contact ID"],
            ["1042", "App crashes on login", "Resolved", "Medium", "2024-07-01 10:00:00", "2", "2", "Dana", "0800"]]
    return _write(folder, "tickets_ui_export.csv", _csv(rows))


def write_intercom(folder: Path) -> Path:
    def part(pid, ptype, author_type, body):
        return {"type": "conversation_part", "id": pid, "part_type": ptype, "body": body,
                "author": {"type": author_type, "id": "u1" if author_type != "admin" else "a1"}}
    conv = {"type": "conversation", "id": "147", "created_at": 1719900000, "state": "closed",
            "tags": {"tags": [{"name": "pricing"}]}, "custom_attributes": {"Issue type": "Billing"},
            "source": {"type": "conversation", "body": "<p>Why did my invoice go up?</p>",
                       "author": {"type": "user", "id": "u1"}},
            "contacts": {"contacts": [{"type": "contact", "id": "u1", "external_id": "007"}]},
            "conversation_rating": {"rating": 2, "remark": "Slow answer"},
            "conversation_parts": {"conversation_parts": [
                part("1", "comment", "admin", "<p>Prices changed.</p>"),
                part("2", "comment", "user", "<p>That is &lt;not&gt; fair</p>"),
                part("3", "note", "admin", "internal"), part("4", "close", "admin", None)]}}
    admin_started = {"type": "conversation", "id": "148", "created_at": 1719900100,
                     "source": {"body": "<p>Hi from sales</p>", "author": {"type": "admin", "id": "a1"}},
                     "contacts": {"contacts": [{"id": "u2"}]}, "conversation_parts": {"conversation_parts": []}}
    return _write(folder, "conversations.json", json.dumps({"conversations": [conv, admin_started]}))


def write_liveagent_ticket(folder: Path) -> Path:
    tickets = [{"id": "fp1", "owner_contactid": "c1", "owner_email": "x@example.net", "status": "R",
                "channel_type": "E", "date_created": "2024-08-01 09:00:00", "subject": "Refund please",
                "tags": ["refund"], "custom_fields": [{"code": "order_id", "value": "A-1"}]}]
    return _write(folder, "ticket.json", json.dumps(tickets))


def write_liveagent_messages(folder: Path) -> Path:
    groups = [{"id": "g1", "parent_id": "fp1", "userid": "c1", "type": "3", "status": "V",
               "datecreated": "2024-08-01 09:00:00",
               "messages": [{"id": "m0", "userid": "c1", "type": "H", "format": "T", "message": "Subject: x"},
                            {"id": "m1", "userid": "c1", "type": "M", "format": "H",
                             "message": "<p>Charged twice</p>"}]},
              {"id": "g2", "parent_id": "fp1", "userid": "a1", "type": "4", "status": "V", "messages": []},
              {"id": "g3", "parent_id": "fp1", "userid": "a1", "type": "I", "status": "V", "messages": []}]
    return _write(folder, "ticket_messages.json", json.dumps(groups))


def write_tweets_js(folder: Path, variable: str = "window.YTD.tweets.part0", name: str = "tweets.js") -> Path:
    tweets = [{"tweet": {"id_str": "0012", "id": "0012", "full_text": "@help my order is late", "lang": "en",
                         "created_at": "Tue Apr 16 09:00:00 +0000 2024", "favorite_count": "2",
                         "retweet_count": "0", "entities": {"hashtags": [{"text": "late"}]}}},
              {"tweet": {"id_str": "13", "full_text": "RT @x: alert('not code');", "favorite_count": "0"}},
              {"tweet": {"id_str": "14"}}]
    return _write(folder, name, f"{variable} = " + json.dumps(tweets, indent=2) + ";\n")


def write_reddit_listing(folder: Path) -> Path:
    def thing(kind, **d):
        return {"kind": kind, "data": d}
    reply = thing("t1", id="c2", author="[deleted]", body="reply text", subreddit="s", created_utc=1712300100)
    comment = thing("t1", id="c1", author="bob", body="top comment", subreddit="s", created_utc=1712300050,
                    replies={"kind": "Listing", "data": {"children": [reply]}})
    removed = thing("t1", id="c3", author="[deleted]", body="[removed]", subreddit="s", created_utc=1712300200)
    post = thing("t3", id="p1", author="alice", title="Logged out", selftext="every hour", subreddit="s",
                 created_utc=1712300000.0)
    pages = [{"kind": "Listing", "data": {"children": [post]}},
             {"kind": "Listing", "data": {"children": [comment, removed, thing("more", id="m", count=3)]}}]
    return _write(folder, "comments_page.json", json.dumps(pages))


def write_reddit_ndjson(folder: Path) -> Path:
    lines = [json.dumps({"id": "a", "author": "u", "body": "kept", "subreddit": "s", "created_utc": 1}),
             json.dumps({"id": "b", "author": "u", "body": "[deleted]", "subreddit": "s", "created_utc": 2}),
             "oops"]
    return _write(folder, "RC_dump.ndjson", "\n".join(lines) + "\n")


def write_reddit_gdpr_comments(folder: Path) -> Path:
    rows = [["id", "permalink", "date", "ip", "subreddit", "gildings", "link", "parent", "body", "media"],
            ["k1", "https://r/x/k1", "2024-04-05 07:13:54 UTC", "1.2.3.4", "app", "0", "", "", "Fixed, thanks", ""],
            ["k2", "https://r/x/k2", "2024-04-06 07:13:54 UTC", "", "app", "0", "", "", "[removed]", ""]]
    return _write(folder, "comments.csv", _csv(rows))


def write_social_listening(folder: Path) -> Path:
    preamble = [["Report:", "Mentions"], ["Query:", "Brand, all"], ["From:", "2024-05-01"], []]
    header = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Author", "Full Text"]
    rows = [header, ["1", "q", "2024-05-03 14:22:10.0", "", "https://x/1", "x.com", "negative", "someone",
                     "outage again,\nswitching"],
            ["2", "q", "2024-05-04 10:00:00.0", "", "https://x/2", "x.com", "positive", "other", "N/A"]]
    return _write(folder, "mentions.csv", _csv(preamble + rows))


def write_generic_csv(folder: Path, delimiter: str = ",", name: str = "plain.csv") -> Path:
    rows = [["id", "answer", "answer", "score"], ["007", "N/A", "None", "1.10"], ["008", "multi\nline", "", "2"],
            ["009", "too", "many", "fields", "here"], ["010", "short"]]
    return _write(folder, name, _csv(rows, delimiter))


def write_txt(folder: Path) -> Path:
    return _write(folder, "comments.txt", "first comment, with a comma\n\nsecond one\nnull\n")


def write_json_records(folder: Path) -> Path:
    data = {"meta": {"n": 3}, "responses": [{"id": "01", "text": "hi", "nested": {"a": 1.50}},
                                            {"id": 2, "text": None, "tags": ["x", "y"]}]}
    return _write(folder, "export.json", json.dumps(data).replace("1.5", "1.50"))


def write_ndjson(folder: Path) -> Path:
    return _write(folder, "rows.jsonl", '{"id": "01", "text": "a"}\n\n{"id": 2, "text": "b"}\n[1, 2]\n{bad\n')


def write_xlsx(folder: Path, preamble: bool = False) -> Path:
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.Workbook()
    ws = wb.active
    if preamble:
        ws.append(["Report:", "Mentions"])
        ws.append([])
    ws.append(["id", "text", "score", None])
    ws.append(["007", "great", 3, None])
    ws.append(["008", "N/A", 4.5, None])
    path = Path(folder) / ("preamble.xlsx" if preamble else "sheet.xlsx")
    wb.save(path)
    return path


def write_parquet(folder: Path) -> Path:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    table = pa.table({"id": ["007", "008", None], "n": [1, 2, None], "x": [0.1, 2.0, 3.25],
                      "ok": [True, False, None]})
    path = Path(folder) / "rows.parquet"
    pq.write_table(table, path)
    return path
