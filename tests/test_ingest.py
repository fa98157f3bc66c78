"""Ingestion into the store: roles, accounting, idempotency, updates, attributes join, CLI."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from feedback_seg import service
from feedback_seg.errors import ColumnError
from feedback_seg.ingest.roles import RoleOverrides
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Item, Respondent

ANSWERS = ["The price keeps going up and I am not sure it is worth it anymore",
           "Delivery was quick and the app makes ordering really easy for me",
           "N/A", "None", "I love that the packaging is recyclable and the brand cares",
           "Customer service never answered my emails, very disappointing experience"]


def write_survey(path, rows=30, change=()):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "age_band", "region", "Submitted", "What do you value?", "Why?"])
        for i in range(rows):
            text = ANSWERS[i % len(ANSWERS)] + f" (note {i})"
            if i in change:
                text = "Changed: " + text
            w.writerow([f"{i:05d}", ["18-24", "25-34", "35-54"][i % 3], ["North", "South"][i % 2],
                        f"2024-0{1 + i % 9}-1{i % 9} 10:00:00", text,
                        "" if i % 5 == 0 else "Because " + ANSWERS[(i + 1) % len(ANSWERS)].lower()])


@pytest.fixture
def survey(tmp_path):
    p = tmp_path / "survey.csv"
    write_survey(p)
    return p


def test_ingest_accounts_for_every_row(engine, survey):
    rep = service.ingest_file(engine, survey, project="p")
    assert rep.rows_in == 30 == rep.imported + rep.rejected
    assert rep.mapping["id_col"] == "customer_id"
    assert set(rep.mapping["text_cols"]) == {"What do you value?", "Why?"}
    assert rep.mapping["time_col"] == "Submitted"
    assert {"age_band", "region"} <= set(rep.mapping["attribute_cols"])
    assert rep.items == 30 + 24  # the second question is blank for every fifth row
    with read_session(engine) as s:
        ids = set(s.scalars(select(Respondent.external_id)))
        assert "00000" in ids and "00029" in ids  # leading zeros kept
        texts = set(s.scalars(select(Item.raw_text)))
        assert any(t.startswith("N/A") for t in texts) and any(t.startswith("None") for t in texts)
        q = s.scalars(select(Item.question).where(Item.field == "Why?")).first()
        assert q == "Why?"


def test_reingest_adds_nothing_and_reexport_updates_exactly_changed(engine, survey, tmp_path):
    service.ingest_file(engine, survey, project="p")
    again = service.ingest_file(engine, survey, project="p")
    assert again.already_imported and again.new_items == 0
    changed = tmp_path / "survey_v2.csv"
    write_survey(changed, change={3, 7, 11})
    rep = service.ingest_file(engine, changed, project="p")
    assert rep.updated_items == 3 and rep.new_items == 0 and rep.new_respondents == 0
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 54
        assert s.scalar(select(func.count()).select_from(Respondent)) == 30


def test_duplicate_ids_rejected_with_row_and_reason(engine, tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("id,comment\n1,the first comment is long enough to be text\n"
                 "2,another comment that is long enough here\n1,a repeated id with other words in it\n",
                 encoding="utf-8")
    rep = service.ingest_file(engine, p, project="p", overrides=RoleOverrides(text_cols=["comment"]))
    assert (rep.rows_in, rep.imported, rep.rejected) == (3, 2, 1)
    assert rep.rejections[0]["row"] == 4 and "duplicate" in rep.rejections[0]["reason"]


def test_override_text_column_that_does_not_exist(engine, survey):
    with pytest.raises(ColumnError, match="not found"):
        service.ingest_file(engine, survey, project="p", overrides=RoleOverrides(text_cols=["nope"]))


def test_attributes_join_reports_match_both_ways(engine, survey, tmp_path):
    service.ingest_file(engine, survey, project="p")
    crm = tmp_path / "crm.csv"
    lines = ["customer_id,customer_value,plan"] + [f"{i:05d},{100 + i},gold" for i in range(5, 40)]
    crm.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rep = service.ingest_attributes(engine, crm, key="customer_id", project="p")
    assert rep["matched"] == 25
    assert rep["unmatched_file_count"] == 10 and "00039" in rep["unmatched_file_ids"]
    assert rep["respondents_without_match_count"] == 5 and "00000" in rep["respondents_without_match"]
    assert rep["rows_in"] == rep["imported"] + rep["rejected"]
    with read_session(engine) as s:
        r = s.scalars(select(Respondent).where(Respondent.external_id == "00007")).one()
        assert r.attributes["customer_value"] == "107" and r.attributes["region"] == "South"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "feedback_seg.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_cli_json_last_line_and_clean_errors(tmp_path, survey):
    db = str(tmp_path / "cli.db")
    out = run_cli("--db", db, "ingest", str(survey), "--project", "p", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout.strip().splitlines()[-1])
    for key in ("source_id", "format", "rows_in", "imported", "rejected", "respondents", "items"):
        assert key in payload
    status = json.loads(run_cli("--db", db, "status", "--project", "p", "--json").stdout.splitlines()[-1])
    assert status["respondents"] == 30
    bad = run_cli("--db", db, "ingest", str(tmp_path / "missing.csv"), "--json")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "missing.csv" in bad.stderr


def test_real_airline_tweets_all_rows_accounted(engine, shared):
    path = shared("airline_tweets", "Tweets.csv")
    rep = service.ingest_file(engine, path, project="air")
    assert rep.rows_in == 14640
    assert rep.imported + rep.rejected == 14640
    assert all("duplicate" in r["reason"] for r in rep.rejections)
    again = service.ingest_file(engine, path, project="air")
    assert again.already_imported and again.new_items == 0


def test_embedding_input_drops_placeholders_but_never_empties():
    from feedback_seg.pipeline.prepare import embedding_input, text_hash
    assert embedding_input("[HANDLE] my bag is lost, see [URL]") == "my bag is lost, see"
    assert embedding_input("[URL]") == "[URL]"
    assert embedding_input("no placeholder here") == "no placeholder here"
    assert text_hash("[HANDLE] my bag is lost") == text_hash("[HANDLE]  my bag is lost [URL]")
