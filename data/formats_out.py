"""Writers for the real export formats: Qualtrics CSV, CRM CSV, Zendesk JSON, X archive.

Each writer takes plain dicts built by ``generate.py`` and writes one file; none uses the clock.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timezone
from pathlib import Path

QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]
QUALTRICS_QUESTIONS = [
    ("Q1", "What is your age?", '{"ImportId":"QID1"}'),
    ("Q2", "What is your gender?", '{"ImportId":"QID2"}'),
    ("Q3", "Which region do you live in?", '{"ImportId":"QID3"}'),
    ("Q4", "What is your annual household income?", '{"ImportId":"QID4"}'),
    ("Q5_TEXT", "What do you value most when choosing a brand like ours?", '{"ImportId":"QID5_TEXT"}'),
    ("Q6_TEXT", "What would make you recommend us — or stop you?", '{"ImportId":"QID6_TEXT"}'),
    ("Q7_TEXT", "Anything else you'd like to tell us?", '{"ImportId":"QID7_TEXT"}'),
    ("Q8", "How likely are you to recommend Brightleaf to a friend or colleague?", '{"ImportId":"QID8"}'),
    ("Q8_NPS_GROUP", "How likely are you to recommend Brightleaf to a friend or colleague? - Group",
     '{"ImportId":"QID8_NPS_GROUP"}'),
    ("Q9", "Which of these matter most when you choose a brand like ours? (Select all that apply)",
     '{"ImportId":"QID9"}'),
]
QUALTRICS_COLUMNS = [c[0] for c in QUALTRICS_META + QUALTRICS_QUESTIONS]
OPEN_QUESTIONS = ["Q5_TEXT", "Q6_TEXT", "Q7_TEXT"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_qualtrics(path: Path, rows: list[dict]) -> None:
    """Qualtrics "new format" CSV: export tags, question texts, ImportId JSON, then responses."""
    spec = QUALTRICS_META + QUALTRICS_QUESTIONS
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([c[0] for c in spec])
        w.writerow([c[1] for c in spec])
        w.writerow([c[2] for c in spec])
        for row in rows:
            w.writerow([row.get(c, "") for c in QUALTRICS_COLUMNS])


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Plain UTF-8 CSV with a header row."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})


def write_zendesk(path: Path, tickets: list[dict]) -> None:
    """Zendesk REST list response: ``{"tickets": [...], "next_page": null, ...}``."""
    doc = {"tickets": tickets, "next_page": None, "previous_page": None, "count": len(tickets)}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def twitter_date(ts: datetime) -> str:
    """"Tue Apr 16 09:00:00 +0000 2024" without depending on the locale."""
    ts = ts.astimezone(timezone.utc)
    return (f"{_DAYS[ts.weekday()]} {_MONTHS[ts.month - 1]} {ts.day:02d} "
            f"{ts:%H:%M:%S} +0000 {ts.year}")


def snowflake(ts: datetime, seq: int) -> str:
    """A tweet id whose high bits are the millisecond timestamp, as X issues them."""
    ms = int(ts.timestamp() * 1000) - 1288834974657
    return str((ms << 22) + (seq % 4096))


def tweet_entities(text: str, brand_id: str) -> dict:
    """Hashtag and mention entities with string indices."""
    tags = [{"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
            for m in re.finditer(r"#(\w+)", text)]
    mentions = [{"name": "Brightleaf", "screen_name": "Brightleaf",
                 "indices": [str(m.start()), str(m.end())], "id_str": brand_id, "id": brand_id}
                for m in re.finditer(r"@Brightleaf\b", text, flags=re.IGNORECASE)]
    return {"hashtags": tags, "symbols": [], "user_mentions": mentions, "urls": []}


def write_x_archive(path: Path, tweets: list[dict]) -> None:
    """X archive ``tweets.js``: ``window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps([{"tweet": t} for t in tweets], indent=2, ensure_ascii=False,
                      separators=(",", " : "))
    path.write_text("window.YTD.tweets.part0 = " + body + "\n", encoding="utf-8")
