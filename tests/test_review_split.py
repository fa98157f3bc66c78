"""Split preview/accept/undo, the review queue order and bulk selections."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from feedback_seg import service
from feedback_seg.errors import ConflictError, InputError
from feedback_seg.review import events
from feedback_seg.review.queue import get_event, review_queue, select_respondents
from feedback_seg.review.split import accept_split, preview_split
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Assignment, Segment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "brand_survey_qualtrics.csv"
FAST = {"stability_seeds": 1, "reducer": "pca"}


def build_demo_store(path: Path, project: str = "demo") -> int:
    """A store at ``path`` with the 40-respondent demo survey segmented by the fake embedder."""
    from feedback_seg.nlp_models.embedders import FakeEmbedder
    eng = service.open_store("sqlite:///" + str(path))
    service.ingest_file(eng, SAMPLE, project=project)
    return service.run_segmentation(eng, project, seed=0, embedder=FakeEmbedder(), params=FAST)


def copy_store(src: Path, dst: Path) -> None:
    """Copy a SQLite store, WAL included (a plain file copy would miss uncheckpointed writes)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("split") / "template.db"
    return path, build_demo_store(path)


@pytest.fixture
def demo(template, tmp_path):
    """A private copy of the segmented demo store: (engine, run_id)."""
    src, run_id = template
    dst = tmp_path / "store.db"
    copy_store(src, dst)
    return service.open_store("sqlite:///" + str(dst)), run_id


def _largest(eng, run_id) -> dict:
    return max((s for s in service.list_segments(eng, run_id) if s["status"] == "active"), key=lambda s: s["size"])


def _members(eng, segment_id) -> list[int]:
    with read_session(eng) as s:
        return sorted(s.scalars(select(Assignment.respondent_id).where(Assignment.segment_id == segment_id)))


def test_preview_partitions_members_deterministically(demo):
    eng, run_id = demo
    seg = _largest(eng, run_id)
    p = preview_split(eng, seg["segment_id"], k=2, seed=3)
    ids = [r for g in p["groups"] for r in g["respondent_ids"]]
    assert sorted(ids) == _members(eng, seg["segment_id"]) and len(ids) == len(set(ids))
    assert len(p["groups"]) == 2 and p["groups"][0]["size"] >= p["groups"][1]["size"] > 0
    assert all(g["auto_name"] and isinstance(g["keywords"], list) for g in p["groups"])
    assert preview_split(eng, seg["segment_id"], k=2, seed=3)["groups"] == p["groups"]
    assert _members(eng, seg["segment_id"]) == sorted(ids)          # nothing written


def test_preview_rejects_bad_k_and_unassigned(demo):
    eng, run_id = demo
    seg = _largest(eng, run_id)
    for k in (1, 10):
        with pytest.raises(InputError):
            preview_split(eng, seg["segment_id"], k=k)
    with pytest.raises(InputError):
        preview_split(eng, seg["segment_id"], k=seg["size"])        # fewer than 2 per group
    unassigned = [s for s in service.list_segments(eng, run_id) if s["status"] == "unassigned"]
    if unassigned:
        with pytest.raises(InputError):
            preview_split(eng, unassigned[0]["segment_id"])


def test_accept_split_then_undo(demo):
    eng, run_id = demo
    seg = _largest(eng, run_id)
    before = {a["respondent_id"]: a for a in service.assignments(eng, run_id)}
    p = preview_split(eng, seg["segment_id"], k=2)
    with pytest.raises(ConflictError):
        accept_split(eng, seg["segment_id"], p["groups"], user="ann", version=seg["version"] + 1)
    with pytest.raises(ConflictError):                               # groups must cover the members
        accept_split(eng, seg["segment_id"], [g["respondent_ids"][1:] for g in p["groups"]], user="ann")
    with pytest.raises(InputError):
        accept_split(eng, seg["segment_id"], [p["groups"][0]["respondent_ids"]] * 2, user="ann")
    out = accept_split(eng, seg["segment_id"], p["groups"], user="ann", version=seg["version"])
    assert len(out["new_segment_ids"]) == 2
    for g, sid in zip(p["groups"], out["new_segment_ids"]):
        assert _members(eng, sid) == sorted(g["respondent_ids"])
        child = service.get_segment(eng, sid)
        assert child["size"] == g["size"] and child["status"] == "active" and child["key"] != seg["key"]
    parent = service.get_segment(eng, seg["segment_id"])
    assert parent["status"] == "split" and parent["size"] == 0 and parent["version"] == seg["version"] + 1
    ev = events.list_events(eng, service.run_manifest(eng, run_id)["project_id"])["events"][0]
    assert ev["kind"] == "split" and ev["user"] == "ann" and ev["event_id"] == out["event_id"]
    assert ev["payload"]["new_segment_ids"] == out["new_segment_ids"]
    assert get_event(eng, out["event_id"])["kind"] == "split"
    with pytest.raises(InputError):                                  # a split parent cannot be split again
        preview_split(eng, seg["segment_id"])

    events.undo(eng, out["event_id"], user="bob")
    after = {a["respondent_id"]: a for a in service.assignments(eng, run_id)}
    assert {r: (a["segment_key"], a["origin"]) for r, a in after.items()} == \
        {r: (a["segment_key"], a["origin"]) for r, a in before.items()}
    assert service.get_segment(eng, seg["segment_id"])["status"] == "active"
    assert all(service.get_segment(eng, sid)["status"] == "merged" for sid in out["new_segment_ids"])


def test_queue_order_paging_and_candidates(demo):
    eng, run_id = demo
    whole = review_queue(eng, run_id, limit=1000)
    keys = [(0 if e["unassigned"] else 1, e["confidence"], e["respondent_id"]) for e in whole["entries"]]
    assert keys == sorted(keys) and whole["next"] is None
    assert whole["remaining"] == len(whole["entries"]) > 0
    n_unassigned = sum(e["unassigned"] for e in whole["entries"])
    assert all(e["unassigned"] for e in whole["entries"][:n_unassigned])
    pages, after = [], None
    while True:
        page = review_queue(eng, run_id, after=after, limit=7)
        pages += page["entries"]
        if page["next"] is None:
            break
        after = page["next"]
    assert [e["respondent_id"] for e in pages] == [e["respondent_id"] for e in whole["entries"]]
    first = whole["entries"][0]
    assert first["items"] and all("text" in i for i in first["items"])
    assert 1 <= len(first["candidates"]) <= 3
    scores = [c["score"] for c in first["candidates"]]
    assert scores == sorted(scores, reverse=True)
    events.confirm(eng, run_id, [first["respondent_id"]], user="ann")
    assert first["respondent_id"] not in {e["respondent_id"] for e in review_queue(eng, run_id, limit=1000)["entries"]}
    with pytest.raises(InputError):
        review_queue(eng, run_id, after=["x"])


def test_select_respondents_filters(demo):
    eng, run_id = demo
    rows = service.assignments(eng, run_id)
    seg = _largest(eng, run_id)
    assert select_respondents(eng, run_id, segment_id=seg["segment_id"]) == _members(eng, seg["segment_id"])
    low = select_respondents(eng, run_id, max_confidence=0.5)
    assert low == sorted(r["respondent_id"] for r in rows if r["confidence"] <= 0.5)
    assert select_respondents(eng, run_id, search="zzzz-no-such-text") == []
    some = select_respondents(eng, run_id, search="price")
    assert some and set(some) <= {r["respondent_id"] for r in rows}
    assert select_respondents(eng, run_id, origin="human") == []


@pytest.mark.slow
def test_split_with_real_model_on_real_answers(tmp_path):
    """Gadarian & Albertson open-ended answers, embedded by all-MiniLM-L6-v2: split the largest segment."""
    from tests.conftest import shared_file
    src = shared_file("gadarian", "gadarian.csv")
    from feedback_seg.nlp_models.embedders import default_embedder
    with open(src, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if len(r["open.ended.response"].split()) >= 4][:90]
    path = tmp_path / "gadarian_subset.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["respondent_id", "party", "answer"])
        for i, r in enumerate(rows):
            w.writerow([f"g{i:03d}", r["pid_rep"], r["open.ended.response"]])
    eng = service.open_store("sqlite:///" + str(tmp_path / "real.db"))
    service.ingest_file(eng, path, project="gadarian")
    run_id = service.run_segmentation(eng, "gadarian", seed=0, embedder=default_embedder(), params=FAST)
    assert "fake" not in service.run_manifest(eng, run_id)["model"]
    seg = _largest(eng, run_id)
    p = preview_split(eng, seg["segment_id"], k=2)
    assert sum(g["size"] for g in p["groups"]) == seg["size"]
    assert all(g["keywords"] for g in p["groups"])                 # real lemmas give real keywords
    out = accept_split(eng, seg["segment_id"], p["groups"], user="ann", version=seg["version"])
    names = {s["segment_id"]: s["name"] for s in service.list_segments(eng, run_id)}
    assert all(sid in names for sid in out["new_segment_ids"])
    with read_session(eng) as s:
        assert s.get(Segment, seg["segment_id"]).status == "split"


def test_queue_spread_mode_offers_a_spread_of_each_segment(demo):
    eng, run_id = demo
    whole = review_queue(eng, run_id, limit=1000, mode="spread", per_segment=4)
    entries = whole["entries"]
    by_seg: dict = {}
    for e in entries:
        by_seg.setdefault(e["segment_id"], []).append(e["respondent_id"])
    order = list(dict.fromkeys(e["segment_id"] for e in entries))
    sizes = {sg["segment_id"]: sg["size"] for sg in service.list_segments(eng, run_id)}
    assert order and all(len(v) == min(4, sizes[sid]) for sid, v in by_seg.items())
    assert [e["segment_id"] for e in entries] == [s for s in order for _ in by_seg[s]]   # segment by segment
    unassigned = [e for e in entries if e["unassigned"]]
    assert not unassigned or entries[-len(unassigned):] == unassigned                   # Unassigned last
    pages, after = [], None
    while True:
        page = review_queue(eng, run_id, after=after, limit=3, mode="spread", per_segment=4)
        pages += page["entries"]
        if page["next"] is None:
            break
        after = page["next"]
    assert [e["respondent_id"] for e in pages] == [e["respondent_id"] for e in entries]
    assert review_queue(eng, run_id, limit=1000, mode="spread", per_segment=4)["entries"] == entries
    events.confirm(eng, run_id, [entries[0]["respondent_id"]], user="ann")        # a placed person leaves,
    after_confirm = review_queue(eng, run_id, limit=1000, mode="spread", per_segment=4)["entries"]
    assert [e["respondent_id"] for e in after_confirm] == [e["respondent_id"] for e in entries[1:]]  # the rest stay
    with pytest.raises(InputError):
        review_queue(eng, run_id, mode="nearest")
    with pytest.raises(InputError):
        review_queue(eng, run_id, mode="spread", per_segment=0)
