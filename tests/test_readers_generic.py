"""Generic readers: CSV/TSV/TXT, XLSX, Parquet, JSON, NDJSON, social listening — own fixtures and real data."""
from __future__ import annotations

import pandas as pd
import pytest

import format_writers as fw
from conftest import shared_file
from feedback_seg.ingest.detect import detect_format, read_file


def accounted(t):
    assert t.rows_in == len(t.frame) + len(t.rejected)
    assert all(isinstance(v, str) for col in t.frame.columns for v in t.frame[col])
    return t


def test_csv_keeps_text_and_rejects_ragged_rows(tmp_path):
    t = accounted(read_file(fw.write_generic_csv(tmp_path)))
    assert t.format == "csv"
    assert list(t.frame.columns) == ["id", "answer", "answer.1", "score"]
    assert t.frame["id"].tolist() == ["007", "008"]
    assert t.frame.iloc[0].tolist() == ["007", "N/A", "None", "1.10"]
    assert t.frame.iloc[1]["answer"] == "multi\nline"
    assert t.row_numbers == [2, 3]            # header is line 1; the multi-line record starts on 3
    reasons = {r.row: r.reason for r in t.rejected}
    assert reasons == {5: "line 5: 5 fields, expected 4", 6: "line 6: 2 fields, expected 4"}


@pytest.mark.parametrize("delimiter,name", [(";", "semi.csv"), ("\t", "tabs.tsv"), ("|", "pipes.csv")])
def test_delimiters(tmp_path, delimiter, name):
    t = accounted(read_file(fw.write_generic_csv(tmp_path, delimiter, name)))
    assert t.frame["answer"].tolist() == ["N/A", "multi\nline"]


def test_txt_is_one_text_per_line(tmp_path):
    t = accounted(read_file(fw.write_txt(tmp_path)))
    assert t.frame["text"].tolist() == ["first comment, with a comma", "second one", "null"]
    assert t.row_numbers == [1, 3, 4]
    assert t.hints.text_cols == ["text"]


def test_json_object_holding_one_array(tmp_path):
    t = accounted(read_file(fw.write_json_records(tmp_path)))
    assert t.format == "json" and t.meta["records_key"] == "responses"
    assert t.frame["id"].tolist() == ["01", "2"]
    assert t.frame["nested.a"].tolist() == ["1.50", ""]
    assert t.frame["text"].tolist() == ["hi", ""]
    assert t.frame["tags"].tolist() == ["", '["x","y"]']


def test_ndjson_rejects_bad_lines_by_number(tmp_path):
    t = accounted(read_file(fw.write_ndjson(tmp_path)))
    assert t.format == "ndjson"
    assert t.frame["id"].tolist() == ["01", "2"] and t.row_numbers == [1, 3]
    assert [r.row for r in t.rejected] == [4, 5]
    assert "line 5" in t.rejected[1].reason


def test_xlsx_and_preamble_sniffer(tmp_path):
    t = accounted(read_file(fw.write_xlsx(tmp_path)))
    assert t.format == "xlsx" and list(t.frame.columns) == ["id", "text", "score"]
    assert t.frame["score"].tolist() == ["3", "4.5"] and t.row_numbers == [2, 3]
    p = accounted(read_file(fw.write_xlsx(tmp_path, preamble=True)))
    assert list(p.frame.columns) == ["id", "text", "score"] and p.row_numbers == [4, 5]
    assert any("preamble" in w for w in p.warnings)


def test_parquet_values_unchanged(tmp_path):
    t = accounted(read_file(fw.write_parquet(tmp_path)))
    assert t.frame["id"].tolist() == ["007", "008", ""]
    assert t.frame["n"].tolist() == ["1", "2", ""]
    assert t.frame["x"].tolist() == ["0.1", "2.0", "3.25"]
    assert t.frame["ok"].tolist() == ["true", "false", ""]


def test_social_listening_preamble(tmp_path):
    path = fw.write_social_listening(tmp_path)
    assert detect_format(path) == "social_listening"
    t = accounted(read_file(path))
    assert t.meta["header_line"] == 5 and t.row_numbers == [6, 8]
    assert t.frame["Full Text"].tolist() == ["outage again,\nswitching", "N/A"]
    assert t.hints.text_cols == ["Full Text"] and t.hints.channel == "social" and t.hints.time_col == "Date"


def test_real_brandwatch_sample():
    t = accounted(read_file(shared_file("formats", "social_listening", "brandwatch_mentions.csv")))
    assert t.format == "social_listening" and len(t.frame) == 1
    assert t.frame["Full Text"].iloc[0].startswith("@ExampleCo third outage")
    assert len(t.meta["preamble"]) == 6


def test_real_airline_tweets_match_pandas():
    path = shared_file("airline_tweets", "Tweets.csv")
    t = accounted(read_file(path))
    ref = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert t.rows_in == len(ref) == 14640 and not t.rejected
    assert t.frame["tweet_id"].tolist() == ref["tweet_id"].tolist()
    assert t.frame["text"].tolist() == ref["text"].tolist()
    assert any("\n" in s for s in t.frame["text"])       # embedded newlines in quoted cells survive


@pytest.mark.parametrize("name", ["mental-heath-in-tech-2016_20161114.csv", "osmi_2019.csv"])
def test_real_osmi_generic(name):
    path = shared_file("osmi", name)
    t = accounted(read_file(path, format="csv"))
    ref = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(t.frame) == len(ref) and not t.rejected
    assert list(t.frame.columns) == list(ref.columns)    # same .1 de-duplication as pandas


def test_real_twcs_xlsx():
    path = shared_file("twcs_support", "twcs-AmazonHelp-200-inbound.xlsx")
    t = accounted(read_file(path))
    ref = pd.read_excel(path, dtype=str)
    assert t.format == "xlsx" and len(t.frame) == len(ref) == 200
    assert t.frame["text"].tolist() == ref["text"].fillna("").tolist()
    assert t.frame["tweet_id"].tolist() == ref["tweet_id"].tolist()


def test_social_listening_xlsx_with_preamble(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    for row in [["Report:", "Mentions"], ["Date range:", "May"], [],
                ["Date", "Headline", "URL", "Hit Sentence", "Source", "Influencer", "Sentiment"],
                ["2024-05-01", "h", "https://n/1", "Loved the new plan", "News", "@amy", "positive"]]:
        wb.active.append(row)
    path = tmp_path / "meltwater.xlsx"
    wb.save(path)
    assert detect_format(path) == "social_listening"
    t = accounted(read_file(path))
    assert t.frame["Hit Sentence"].tolist() == ["Loved the new plan"] and t.row_numbers == [5]
    assert (t.hints.text_cols, t.hints.id_col, t.hints.record_col) == (["Hit Sentence"], "Influencer", "URL")
