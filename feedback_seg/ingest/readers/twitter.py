"""X/Twitter archive ``tweets.js`` (FORMATS.md 2.13): ``window.YTD.tweets.part0 = [...]`` (or
``tweet.part0``, ``tweets.part1`` ...). The array is found from the first ``[`` and parsed with
``json.loads`` — never evaluated. Numbers are strings in the archive and stay strings. One archive
is one person's tweets, so there is no per-row author id."""
from __future__ import annotations

import re
from pathlib import Path

from ...errors import UnreadableFileError
from ..decode import read_text
from ..table import Probe, RawTable, Rejected, RoleHints
from ._json import cell, js_payload, loads
from ._table import records_to_table
from .tickets import dig, join_list

FORMAT = "twitter_archive"
_HEAD = re.compile(r"^\s*window\.YTD\.(\w+)\.part(\d+)\s*=")
TWEET_KINDS = {"tweet", "tweets"}


def matches(probe: Probe) -> bool:
    return bool(probe.text_head and _HEAD.match(probe.text_head))


def _row(tweet: dict) -> dict[str, str]:
    text = cell(tweet.get("full_text") or tweet.get("text"))
    return {"tweet_id": cell(tweet.get("id_str") or tweet.get("id")), "created_at": cell(tweet.get("created_at")),
            "text": text, "lang": cell(tweet.get("lang")),
            "is_retweet": "true" if text.startswith("RT @") else "false",
            "in_reply_to_screen_name": cell(tweet.get("in_reply_to_screen_name")),
            "in_reply_to_status_id": cell(tweet.get("in_reply_to_status_id_str")),
            "favorite_count": cell(tweet.get("favorite_count")), "retweet_count": cell(tweet.get("retweet_count")),
            "hashtags": join_list([h.get("text") for h in dig(tweet, "entities", "hashtags", default=[])
                                   if isinstance(h, dict)])}


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    text, _ = read_text(path, encoding)
    head = _HEAD.match(text)
    if not head:
        raise UnreadableFileError(f"{path.name}: not an X/Twitter archive data file (no 'window.YTD... =')")
    if head.group(1) not in TWEET_KINDS:
        raise UnreadableFileError(f"{path.name}: archive part '{head.group(1)}' is not tweets; only "
                                  "tweets.js / tweet.js are ingested (never likes or direct messages)")
    try:
        items = loads(js_payload(text, path.name))
    except ValueError as exc:
        raise UnreadableFileError(f"{path.name}: the archive's JSON array is malformed: {exc}") from exc
    if not isinstance(items, list):
        raise UnreadableFileError(f"{path.name}: the archive does not hold a JSON array")
    rows, rejected = [], []
    for pos, item in enumerate(items, start=1):
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict):
            rejected.append(Rejected(pos, f"record {pos}: not a tweet object"))
        elif not (tweet.get("full_text") or tweet.get("text")):
            rejected.append(Rejected(pos, f"record {pos}: tweet without text"))
        else:
            rows.append((pos, _row(tweet)))
    hints = RoleHints(record_col="tweet_id", time_col="created_at", channel="social", text_cols=["text"])
    return records_to_table(rows, FORMAT, rejected=rejected, hints=hints,
                            meta={"archive_part": f"{head.group(1)}.part{head.group(2)}"}).check()
