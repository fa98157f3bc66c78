"""Format detection on the real samples and the entry point's checks."""
from __future__ import annotations

import pytest

import format_writers as fw
from conftest import SHARED, shared_file
from feedback_seg.errors import InputError
from feedback_seg.ingest import detect

EXPECTED = {
    "formats/zendesk/tickets.ndjson": "zendesk", "formats/zendesk/ticket_comments.json": "zendesk",
    "formats/zendesk/tickets_export.csv": "zendesk_csv",
    "formats/freshdesk/ticket_api.json": "freshdesk", "formats/freshdesk/conversations_api.json": "freshdesk",
    "formats/freshdesk/tickets_ui_export.csv": "freshdesk",
    "formats/intercom/conversation.json": "intercom",
    "formats/liveagent/ticket.json": "liveagent", "formats/liveagent/ticket_messages.json": "liveagent",
    "formats/twitter_archive/tweets.js": "twitter_archive",
    "formats/reddit/listing.json": "reddit", "formats/reddit/comments.ndjson": "reddit",
    "formats/reddit/gdpr_comments.csv": "reddit_gdpr", "formats/reddit/gdpr_posts.csv": "reddit_gdpr",
    "formats/social_listening/brandwatch_mentions.csv": "social_listening",
    "formats/qualtrics/sample.csv": "qualtrics", "formats/qualtrics/sample_legacy.csv": "qualtrics_legacy",
    "formats/surveymonkey/surveymonkey_expanded.csv": "surveymonkey",
    "formats/typeform/typeform_responses.csv": "typeform",
    "formats/googleforms/google_forms_responses.csv": "google_forms",
    "formats/msforms/ms_forms_export.xlsx": "ms_forms",
    "formats/limesurvey/results-survey123456.csv": "limesurvey", "formats/spss/survey.sav": "spss",
    "osmi/osmi_2014_googleforms.csv": "google_forms", "osmi/osmi_2017.csv": "typeform",
    "osmi/osmi_2018.csv": "typeform", "osmi/osmi_2019.csv": "csv", "osmi/osmi_2020.csv": "typeform",
    "osmi/mental-heath-in-tech-2016_20161114.csv": "csv",
    "airline_tweets/Tweets.csv": "csv", "twcs_support/twcs-AmazonHelp-200-inbound.xlsx": "xlsx",
}
SURVEY = {"qualtrics", "qualtrics_legacy", "surveymonkey", "typeform", "google_forms", "ms_forms", "limesurvey",
          "spss"}


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_detects_every_sample(rel):
    path = shared_file(*rel.split("/"))
    if EXPECTED[rel] in SURVEY and EXPECTED[rel] not in detect.formats():
        pytest.skip("survey readers not installed")
    assert detect.detect_format(path) == EXPECTED[rel]


def test_every_sample_in_formats_is_listed():
    if not SHARED.exists():
        pytest.skip("datasets absent")
    found = {str(p.relative_to(SHARED)) for p in (SHARED / "formats").rglob("*")
             if p.is_file() and p.suffix not in (".md",)}
    assert found <= set(EXPECTED)


def test_reader_order_and_unknown_format():
    names = detect.formats()
    assert names.index("zendesk") < names.index("json") and names.index("social_listening") < names.index("csv")
    assert names[-1] == "csv"
    with pytest.raises(InputError, match="unknown format 'nope'; valid formats: .*zendesk"):
        detect.get_reader("nope")
    with pytest.raises(InputError, match="valid formats"):
        detect.read_file(shared_file("formats", "reddit", "gdpr_posts.csv"), format="nope")


def test_format_override_skips_detection(tmp_path):
    path = fw.write_social_listening(tmp_path)
    t = detect.read_file(path, format="csv")
    assert t.format == "csv" and t.hints.channel is None


def test_probe_contents(tmp_path):
    p = detect.make_probe(fw.write_social_listening(tmp_path))
    assert p.suffix == ".csv" and p.rows[0] == ["Report:", "Mentions"] and p.json_head is None
    j = detect.make_probe(fw.write_intercom(tmp_path))
    assert j.json_head["conversations"][0]["id"] == "147"
    t = detect.make_probe(fw.write_tweets_js(tmp_path))
    assert t.json_head["tweet"]["id_str"] == "0012"
    x = detect.make_probe(fw.write_xlsx(tmp_path))
    assert x.rows[0][:3] == ["id", "text", "score"] and x.text_head is None


def test_probe_of_large_json_reads_only_the_head(tmp_path):
    import json
    tickets = [fw.zendesk_ticket(i, i, "x" * 500) for i in range(400)]     # > 64 KiB
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"tickets": tickets}))
    probe = detect.make_probe(path)
    assert len(probe.head_bytes) == detect.HEAD_BYTES
    assert probe.json_head["tickets"][0]["id"] == "0" and detect.detect_format(path) == "zendesk"
    assert len(detect.read_file(path).frame) == 400


def test_json_sniffed_without_suffix(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text('[{"id": "01", "text": "a"}]')
    assert detect.detect_format(path) == "json"
