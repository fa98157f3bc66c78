"""Semantic search: filters, attribute allowlist, k-suppression, citations, redaction, exact vs ANN, real model."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from feedback_seg import service
from feedback_seg.ask import index as ask_index
from feedback_seg.ask.search import search
from feedback_seg.errors import InputError, NotFoundError
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.embed import embed_items
from feedback_seg.pipeline.prepare import prepare_items
from feedback_seg.store.engine import read_session, write_session
from feedback_seg.store.schema import Assignment, Item, Project, Respondent, Run, Segment

TOPICS = {
    "price": "the price went up again and the monthly fee is too expensive for me",
    "delivery": "delivery was quick and the courier left the parcel at my door",
    "support": "support never answered my emails and the chat agent was rude",
    "green": "I like the recyclable packaging and the brand cares about the planet",
}
REGIONS = ["North", "South"]


def write_survey(path, start=0, rows=40, email_row=None):
    """A survey export: id, two attributes, a date and one open answer (plus 3 people in region East)."""
    topics = list(TOPICS)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "region", "plan", "Submitted", "What do you think of us?"])
        for i in range(start, start + rows):
            region = "East" if i % 40 in (1, 2, 3) else REGIONS[i % 2]
            text = f"{TOPICS[topics[i % 4]]} number {i}"
            if i == email_row:
                text = "price is too high, write to jane.doe@example.com about the fee"
            w.writerow([f"C{i:04d}", region, ["basic", "pro"][(i // 2) % 2], f"2024-0{1 + i % 6}-15 09:00:00", text])


@pytest.fixture
def fake():
    return FakeEmbedder(dim=384)


@pytest.fixture
def project(engine, tmp_path, fake):
    a, b = tmp_path / "wave1.csv", tmp_path / "wave2.csv"
    write_survey(a, 0, 40, email_row=4)
    write_survey(b, 100, 40)
    service.ingest_file(engine, a, project="p")
    service.ingest_file(engine, b, project="p")
    with read_session(engine) as s:
        pid = s.scalars(select(Project.id).where(Project.name == "p")).one()
    prepare_items(engine, pid)
    embed_items(engine, pid, fake)
    ask_index.clear_cache()
    return pid


def test_hits_cite_source_row_and_respondent_and_rank_the_topic_first(engine, project, fake):
    res = search(engine, "the courier delivery left the parcel", project="p", embedder=fake, limit=10)
    assert not res["suppressed"] and res["index"] == "exact" and res["run_id"] is None
    assert res["total_candidates"] == 80 and res["candidate_people"] == 80
    assert len(res["hits"]) == 10
    assert all("courier" in h["text"] for h in res["hits"])
    scores = [h["score"] for h in res["hits"]]
    assert scores == sorted(scores, reverse=True)
    with read_session(engine) as s:
        for h in res["hits"]:
            item = s.get(Item, h["item_id"])
            assert h["row"] == item.row_number and h["source"] in ("wave1.csv", "wave2.csv")
            assert h["respondent"] == s.get(Respondent, item.respondent_id).external_id
            assert h["question"] == "What do you think of us?" and h["segment"] is None


def test_filters_by_attribute_source_channel_and_date(engine, project, fake):
    north = search(engine, "price fee", project="p", where={"region": "North"}, embedder=fake, limit=50)
    with read_session(engine) as s:
        attrs = {r.external_id: r.attributes for r in s.scalars(select(Respondent))}
    assert north["hits"] and all(attrs[h["respondent"]]["region"] == "North" for h in north["hits"])
    both = search(engine, "price fee", project="p", where={"region": "South", "plan": "pro"},
                  embedder=fake, limit=50)
    assert all(attrs[h["respondent"]]["plan"] == "pro" and attrs[h["respondent"]]["region"] == "South"
               for h in both["hits"])
    assert both["total_candidates"] < north["total_candidates"]
    wave2 = search(engine, "price fee", project="p", source="wave2.csv", embedder=fake, limit=50)
    assert wave2["total_candidates"] == 40 and {h["source"] for h in wave2["hits"]} == {"wave2.csv"}
    spring = search(engine, "price fee", project="p", date_from="2024-03-01", date_to="2024-04-15",
                    embedder=fake, limit=50)
    assert spring["hits"] and all("2024-03" <= h["timestamp"][:7] <= "2024-04" for h in spring["hits"])
    survey = search(engine, "price fee", project="p", channel=survey_channel(engine), embedder=fake)
    assert survey["total_candidates"] == 80
    nothing = search(engine, "price fee", project="p", channel="no-such-channel", embedder=fake)
    assert nothing["hits"] == [] and nothing["total_candidates"] == 0 and not nothing["suppressed"]


def survey_channel(engine) -> str:
    with read_session(engine) as s:
        return s.scalars(select(Item.channel)).first()


def test_unknown_attribute_is_refused_with_the_valid_names(engine, project, fake):
    for bad in ("password_hash", "respondent__email", "__class__", "raw_text"):
        with pytest.raises(InputError) as err:
            search(engine, "price", project="p", where={bad: "x"}, embedder=fake)
        assert "region" in str(err.value) and "plan" in str(err.value)
    with pytest.raises(InputError):
        search(engine, "price", project="p", date_from="last tuesday", embedder=fake)
    with pytest.raises(NotFoundError):
        search(engine, "price", project="p", source="missing.csv", embedder=fake)
    with pytest.raises(InputError):  # no run yet: segment filters are unavailable
        search(engine, "price", project="p", segment="anything", embedder=fake)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3))
def test_generated_filter_names_outside_the_allowlist_are_always_refused(engine, project, fake, names):
    where = {n: "x" for n in names}
    if set(where) <= {"region", "plan"}:
        return
    with pytest.raises(InputError):
        search(engine, "price", project="p", where=where, embedder=fake)


def test_small_group_is_suppressed_without_revealing_its_size(engine, project, fake):
    six = search(engine, "price fee", project="p", where={"region": "East"}, embedder=fake)
    assert not six["suppressed"] and six["candidate_people"] == 6  # 3 per wave
    res = search(engine, "price fee", project="p", where={"region": "East"}, source="wave1.csv", embedder=fake)
    assert res["suppressed"] is True and res["hits"] == []
    assert res["total_candidates"] is None and "fewer than 5" in res["reason"]
    with write_session(engine) as s:
        s.get(Project, project).settings = {"min_cell": 2}
    ok = search(engine, "price fee", project="p", where={"region": "East"}, source="wave1.csv", embedder=fake)
    assert not ok["suppressed"] and ok["candidate_people"] == 3 and len(ok["hits"]) == 3


def test_redacted_text_only_unless_raw_is_asked(engine, project, fake):
    res = search(engine, "price too high write about the fee", project="p", embedder=fake, limit=3)
    top = res["hits"][0]
    assert "raw_text" not in top and "jane.doe@example.com" not in json.dumps(res)
    assert top["respondent"] == "C0004"
    raw = search(engine, "price too high write about the fee", project="p", embedder=fake, limit=3,
                 include_raw=True)
    assert "jane.doe@example.com" in raw["hits"][0]["raw_text"]
    assert "jane.doe@example.com" not in raw["hits"][0]["text"]


def test_segment_filter_and_hits_carry_segment(engine, project, fake):
    with write_session(engine) as s:
        run = Run(project_id=project, status="done", seed=0)
        s.add(run)
        s.flush()
        segs = [Segment(run_id=run.id, key=f"k{i}", label=i, auto_name=f"auto {i}", size=0) for i in range(2)]
        s.add_all(segs)
        s.flush()
        people = s.scalars(select(Respondent).where(Respondent.project_id == project).order_by(Respondent.id)).all()
        for n, r in enumerate(people):
            s.add(Assignment(run_id=run.id, respondent_id=r.id, segment_id=segs[n % 2].id, confidence=1.0))
        s.flush()
        want = {r.external_id for n, r in enumerate(people) if n % 2 == 1}
    for ref in ("k1", "auto 1", "AUTO 1"):
        res = search(engine, "support agent", project="p", segment=ref, embedder=fake, limit=40)
        assert res["hits"] and {h["respondent"] for h in res["hits"]} <= want
        assert all(h["segment_key"] == "k1" and h["segment"] == "auto 1" for h in res["hits"])
        assert res["filters"]["segment"] == {"key": "k1", "name": "auto 1"}
    with pytest.raises(NotFoundError):
        search(engine, "support", project="p", segment="k9", embedder=fake)


def test_ann_agrees_with_exact_and_index_is_cached(engine, project, fake):
    pytest.importorskip("faiss")
    with read_session(engine) as s:
        text = s.scalars(select(Item.redacted_text).where(Item.project_id == project).order_by(Item.id)
                         .offset(7)).first()
    exact = search(engine, text, project="p", embedder=fake, limit=5, mode="semantic")
    ann = search(engine, text, project="p", embedder=fake, limit=5, mode="semantic", ann_threshold=10)
    assert exact["index"] == "exact" and ann["index"] == "ann"
    assert ann["hits"][0]["item_id"] == exact["hits"][0]["item_id"] and ann["hits"][0]["score"] > 0.999
    again = ask_index.project_corpus(engine, project, fake.fingerprint, threshold=10)
    assert again is ask_index.project_corpus(engine, project, fake.fingerprint, threshold=10)
    # a filtered set above the threshold stays on the graph and obeys the filter
    north = search(engine, text, project="p", where={"region": "North"}, embedder=fake, limit=5, mode="semantic", ann_threshold=10)
    assert north["index"] == "ann" and north["hits"]
    with read_session(engine) as s:
        regions = {r.external_id: r.attributes["region"] for r in s.scalars(select(Respondent))}
    assert all(regions[h["respondent"]] == "North" for h in north["hits"])
    # new data changes the signature, so the cached index is rebuilt
    with write_session(engine) as s:
        s.delete(s.get(Item, exact["hits"][0]["item_id"]))
    assert ask_index.project_corpus(engine, project, fake.fingerprint, threshold=10) is not again


CLI = ("import sys; from feedback_seg import cli; from feedback_seg.commands import ask_cmds\n"
       "if 'search' not in cli.cli.commands: ask_cmds.register(cli.cli, cli.emit, cli.json_option, cli.engine_of)\n"
       "sys.exit(cli.main(sys.argv[1:]))")


def run_cli(*args):
    env = {**os.environ, "FEEDBACK_SEG_EMBEDDER": "fake"}
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_search_json_last_line_and_clean_errors(engine, project, sqlite_url):
    embed_items(engine, project, FakeEmbedder())  # the CLI's default embedder here is the 32-dim fake
    base = ["--db", sqlite_url, "search", TOPICS["delivery"], "--project", "p"]
    out = run_cli(*base, "--where", "region=South", "--limit", "3", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(payload["hits"]) == 3 and payload["filters"]["where"] == {"region": "South"}
    assert all("courier" in h["text"] and h["source"] and h["row"] for h in payload["hits"]), payload["hits"]
    table = run_cli(*base, "--from", "2024-02-01", "--limit", "2")
    assert table.returncode == 0 and "wave" in table.stdout
    bad = run_cli(*base, "--where", "salary=1", "--json")
    assert bad.returncode == 2 and "region" in bad.stderr and "Traceback" not in bad.stderr
    malformed = run_cli(*base, "--where", "region", "--json")
    assert malformed.returncode == 2 and "attribute=value" in malformed.stderr


@pytest.mark.slow
def test_real_model_finds_lost_luggage_tweets(engine, shared, tmp_path):
    from feedback_seg.nlp_models.embedders import TorchEmbedder

    rows = list(csv.DictReader(open(shared("airline_tweets", "Tweets.csv"), encoding="utf-8")))
    lost = [r for r in rows if r["negativereason"] == "Lost Luggage"][:50]
    other = [r for r in rows if r["negativereason"] != "Lost Luggage"][:450]
    subset = tmp_path / "tweets.csv"
    with open(subset, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(sorted(lost + other, key=lambda r: r["tweet_id"]))
    reason = {r["tweet_id"]: r["negativereason"] for r in lost + other}
    service.ingest_file(engine, subset, project="air")
    with read_session(engine) as s:
        pid = s.scalars(select(Project.id).where(Project.name == "air")).one()
    prepare_items(engine, pid)
    model = TorchEmbedder()
    embed_items(engine, pid, model)
    res = search(engine, "lost my luggage", project="air", embedder=model, limit=10)
    assert res["run_id"] is None and len(res["hits"]) == 10
    precision = sum(reason.get(h["respondent"]) == "Lost Luggage" for h in res["hits"]) / 10
    assert precision >= 0.6, [h["text"] for h in res["hits"]]
    airline = search(engine, "lost my luggage", project="air", where={"airline": "United"}, embedder=model)
    assert all(h["respondent"] in {r["tweet_id"] for r in lost + other if r["airline"] == "United"}
               for h in airline["hits"])
