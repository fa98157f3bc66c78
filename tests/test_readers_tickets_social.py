"""Ticket (Zendesk, Freshdesk, Intercom, LiveAgent) and social (X archive, Reddit) readers."""
from __future__ import annotations

import pytest

import format_writers as fw
from conftest import shared_file
from feedback_seg.errors import UnreadableFileError
from feedback_seg.ingest.detect import detect_format, read_file


def ok(path, fmt):
    assert detect_format(path) == fmt
    t = read_file(path)
    assert t.format == fmt and t.rows_in == len(t.frame) + len(t.rejected)
    assert all(isinstance(v, str) for c in t.frame.columns for v in t.frame[c])
    return t


def reasons(t):
    return {r.row: r.reason for r in t.rejected}


def test_zendesk_json_tickets(tmp_path):
    t = ok(fw.write_zendesk_json(tmp_path), "zendesk")
    assert t.hints.channel == "ticket" and t.hints.id_col == "requester_id" and t.hints.record_col == "ticket_id"
    assert t.frame["description"].tolist() == ["My card was declined & charged", "N/A", "Line one\nline two"]
    assert t.frame["requester_id"].tolist() == ["1001", "1002", "1003"]
    row = t.frame.iloc[0]
    assert (row["status"], row["priority"], row["tags"], row["satisfaction"]) == ("open", "normal", "a, b", "bad")
    assert row["satisfaction_comment"] == "Too slow" and row["custom_27642"] == "payments"


def test_zendesk_ndjson_bad_line(tmp_path):
    t = ok(fw.write_zendesk_ndjson(tmp_path), "zendesk")
    assert t.frame["ticket_id"].tolist() == ["10", "11"] and t.row_numbers == [1, 3]
    assert "line 2" in reasons(t)[2]


def test_zendesk_comments_keep_requester_public_words(tmp_path):
    t = ok(fw.write_zendesk_comments(tmp_path), "zendesk")
    assert t.frame["text"].tolist() == ["It broke again", "Still broken"]
    assert "agent" in reasons(t)[2] and "internal note" in reasons(t)[3]


def test_zendesk_csv_warns_no_text(tmp_path):
    t = ok(fw.write_zendesk_csv(tmp_path), "zendesk_csv")
    assert "no ticket text" in t.warnings[0]
    assert t.frame["Requester id"].tolist() == ["00123"] and t.hints.text_cols == ["Subject"]
    assert "Requester email" in t.hints.drop_cols


def test_freshdesk_tickets_enums(tmp_path):
    t = ok(fw.write_freshdesk_tickets(tmp_path), "freshdesk")
    assert t.frame["description"].tolist() == ["App crashes", "Weird status"]
    assert t.frame["status"].tolist() == ["Open", "42"] and t.frame["priority"].tolist() == ["Urgent", "Urgent"]
    assert t.frame["source"].tolist() == ["Chat", "Chat"] and t.frame["cf_plan"].tolist() == ["pro", "pro"]
    assert reasons(t) == {2: "ticket 2: marked as spam"}


def test_freshdesk_conversations_incoming_only(tmp_path):
    t = ok(fw.write_freshdesk_conversations(tmp_path), "freshdesk")
    assert t.frame["text"].tolist() == ["Still crashing"] and t.hints.record_col == "ticket_id"
    assert "agent reply" in reasons(t)[2] and "private note" in reasons(t)[3]


def test_freshdesk_csv(tmp_path):
    t = ok(fw.write_freshdesk_csv(tmp_path), "freshdesk")
    assert t.frame["Contact ID"].tolist() == ["0800"] and "Full name" in t.hints.drop_cols
    assert "no Description" in t.warnings[0]


def test_intercom_customer_parts(tmp_path):
    t = ok(fw.write_intercom(tmp_path), "intercom")
    first = t.frame.iloc[0]
    assert first["text"] == "Why did my invoice go up?\n\nThat is <not> fair"
    assert first["customer_id"] == "007" and first["created_at"] == "2024-07-02T06:00:00Z"
    assert first["rating"] == "2" and first["rating_remark"] == "Slow answer" and first["tags"] == "pricing"
    assert t.frame.iloc[1]["text"] == ""          # admin-initiated: no customer words, still accounted


def test_liveagent_ticket_and_messages(tmp_path):
    t = ok(fw.write_liveagent_ticket(tmp_path), "liveagent")
    assert t.frame.iloc[0][["status", "channel_type", "custom.order_id"]].tolist() == ["resolved", "email", "A-1"]
    assert "no message bodies" in t.warnings[0]
    m = ok(fw.write_liveagent_messages(tmp_path), "liveagent")
    assert m.frame["text"].tolist() == ["Charged twice"] and m.frame["ticket_id"].tolist() == ["fp1"]
    assert "outgoing" in reasons(m)[2] and "internal" in reasons(m)[3]


@pytest.mark.parametrize("variable", ["window.YTD.tweets.part0", "window.YTD.tweet.part0", "window.YTD.tweets.part1"])
def test_twitter_archive_variants(tmp_path, variable):
    t = ok(fw.write_tweets_js(tmp_path, variable), "twitter_archive")
    assert t.frame["tweet_id"].tolist() == ["0012", "13"]           # numbers are strings, kept as written
    assert t.frame["text"].tolist()[1] == "RT @x: alert('not code');"
    assert t.frame["is_retweet"].tolist() == ["false", "true"] and t.frame["hashtags"].tolist()[0] == "late"
    assert "without text" in reasons(t)[3]


def test_twitter_likes_refused(tmp_path):
    path = fw.write_tweets_js(tmp_path, "window.YTD.like.part0", "like.js")
    with pytest.raises(UnreadableFileError, match="like.js: .*not tweets"):
        read_file(path, format="twitter_archive")


def test_reddit_listing_tree(tmp_path):
    t = ok(fw.write_reddit_listing(tmp_path), "reddit")
    assert t.frame["id"].tolist() == ["p1", "c1", "c2"]
    assert t.frame["text"].tolist() == ["Logged out\n\nevery hour", "top comment", "reply text"]
    assert t.frame["author"].tolist() == ["alice", "bob", ""]
    assert t.frame["created_at"].iloc[0] == "2024-04-05T06:53:20Z"
    assert reasons(t) == {4: "record 4: body is [removed]", 5: "record 5: 'more comments' placeholder (not loaded)"}


def test_reddit_ndjson(tmp_path):
    t = ok(fw.write_reddit_ndjson(tmp_path), "reddit")
    assert t.frame["text"].tolist() == ["kept"]
    assert reasons(t)[2] == "line 2: body is [deleted]" and "line 3" in reasons(t)[3]


def test_reddit_gdpr(tmp_path):
    t = ok(fw.write_reddit_gdpr_comments(tmp_path), "reddit_gdpr")
    assert t.frame["body"].tolist() == ["Fixed, thanks"] and "ip" in t.hints.drop_cols
    assert reasons(t) == {3: "line 3: body is [removed]"}


REAL = [("zendesk", "tickets.ndjson", "zendesk", "description", "Hi, my card keeps getting declined"),
        ("zendesk", "ticket_comments.json", "zendesk", "text", "Hi, my card keeps getting declined"),
        ("zendesk", "tickets_export.csv", "zendesk_csv", "Subject", "Card declined at checkout"),
        ("freshdesk", "ticket_api.json", "freshdesk", "description", "Since the last update"),
        ("freshdesk", "tickets_ui_export.csv", "freshdesk", "Subject", "App crashes on login"),
        ("intercom", "conversation.json", "intercom", "text", "Why did my invoice go up"),
        ("liveagent", "ticket.json", "liveagent", "subject", "Refund for double charge"),
        ("liveagent", "ticket_messages.json", "liveagent", "text", "I was charged twice"),
        ("twitter_archive", "tweets.js", "twitter_archive", "text", "@ExampleHelp my order"),
        ("reddit", "listing.json", "reddit", "text", "Is anyone else getting logged out"),
        ("reddit", "comments.ndjson", "reddit", "text", "Same here"),
        ("reddit", "gdpr_comments.csv", "reddit_gdpr", "body", "Same here"),
        ("reddit", "gdpr_posts.csv", "reddit_gdpr", "title", "Is anyone else")]


@pytest.mark.parametrize("folder,name,fmt,col,start", REAL)
def test_real_samples(folder, name, fmt, col, start):
    t = ok(shared_file("formats", folder, name), fmt)
    assert len(t.frame) == 1 and t.frame[col].iloc[0].startswith(start)
    assert t.hints.channel in ("ticket", "social")


def test_real_freshdesk_conversation_is_agent_reply():
    t = ok(shared_file("formats", "freshdesk", "conversations_api.json"), "freshdesk")
    assert len(t.frame) == 0 and "agent reply" in t.rejected[0].reason
