"""Figures stay true after review edits (issue 13, point 1): sizes, keywords, auto names, quotes,
profiles, the run's counts, the report and exports follow every merge, move, split and undo,
checked against a recomputation from the members' own answers in the store."""
from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from feedback_seg import service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.run import run_segmentation
from feedback_seg.review import events as ev
from feedback_seg.review import refresh
from tests.test_feedback_loop import TOPICS, topic_text
from tests.test_web_support import login, make_app, new_client, PASSWORD

PLANS = ("basic", "pro", "team")


def plan_of(i: int) -> str:
    """Price complainers are all on the basic plan; the others spread over the three."""
    return "basic" if i % 3 == 0 else PLANS[(i // 3) % 3]


@pytest.fixture
def run_id(engine, tmp_path):
    path = tmp_path / "wave.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(150):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i), plan_of(i)])
    service.ingest_file(engine, path, project="p")
    return run_segmentation(engine, "p", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                            embedder=FakeEmbedder(dim=384), insights=False)


def active(engine, run_id):
    return [s for s in service.list_segments(engine, run_id) if s["status"] == "active" and s["key"] != "unassigned"]


def members_plans(engine, segment_id) -> Counter:
    """The plans of a segment's members, read from their stored answers (not from the profile)."""
    key = service.get_segment(engine, segment_id)["key"]
    run = service.get_segment(engine, segment_id)["run_id"]
    ids = [a["respondent_id"] for a in service.assignments(engine, run) if a["segment_key"] == key]
    from feedback_seg.store.engine import read_session
    from feedback_seg.store.schema import Respondent
    with read_session(engine) as s:
        return Counter((s.get(Respondent, r).attributes or {}).get("plan") for r in ids)


def profile_share(seg: dict, level: str) -> float:
    rows = seg["profile"]["attributes"]["plan"]["rows"]
    return next(r["seg_share"] for r in rows if r["level"] == level)


def check_against_members(engine, segment_id):
    seg = service.get_segment(engine, segment_id)
    plans = members_plans(engine, segment_id)
    assert seg["size"] == sum(plans.values())
    assert seg["profile"]["size"] == seg["size"]
    for level in PLANS:
        assert profile_share(seg, level) == pytest.approx(plans[level] / seg["size"])


def test_merge_recomputes_keywords_names_profiles_counts_report_and_exports(engine, run_id, tmp_path):
    segs = active(engine, run_id)
    assert len(segs) == 3
    price = next(s for s in segs if "fee" in s["keywords"])
    other = next(s for s in segs if s is not price)
    ev.rename(engine, other["segment_id"], "Our human name", user="u")
    before_share = profile_share(service.get_segment(engine, other["segment_id"]), "basic")

    service.merge_segments(engine, [price["segment_id"]], other["segment_id"], user="u")

    merged = service.get_segment(engine, other["segment_id"])
    assert merged["size"] == price["size"] + other["size"]
    check_against_members(engine, other["segment_id"])
    assert profile_share(merged, "basic") > before_share             # the price people are all on basic
    words = merged["keywords"]
    assert set(words) & set(TOPICS["price"].split()), words          # keywords now speak for both groups
    assert merged["name"] == "Our human name"                         # a human name is kept
    assert merged["auto_name"] != other["auto_name"]                  # the auto name follows the members
    metrics = service.run_manifest(engine, run_id)["metrics"]
    assert metrics["n_segments"] == 2 and metrics["refreshed_upto"] > 0
    assert not service.freshness(engine, run_id)["stale"]

    service.export_run(engine, run_id, "csv", tmp_path / "out")       # exports read the same figures
    segs_csv = pd.read_csv(tmp_path / "out" / f"run{run_id}_segments.csv")
    row = segs_csv[segs_csv["name"] == "Our human name"].iloc[0]
    assert int(row["size"]) == merged["size"]
    prof = pd.read_csv(tmp_path / "out" / f"run{run_id}_profiles.csv")
    assert set(prof.columns) >= {"level"}
    html = service.render_report(engine, run_id)
    assert merged["auto_name"].split(" · ")[0] in html or "Our human name" in html
    assert f"{merged['size']}" in html


def test_move_and_undo_keep_profiles_true(engine, run_id):
    a, b, _ = active(engine, run_id)
    person = next(x["respondent_id"] for x in service.assignments(engine, run_id) if x["segment_key"] == a["key"])
    out = service.move_members(engine, run_id, [person], b["segment_id"], user="u")
    for s in (a, b):
        check_against_members(engine, s["segment_id"])
    service.undo_event(engine, out["event_id"], user="u")
    for s in (a, b):
        check_against_members(engine, s["segment_id"])
    assert service.get_segment(engine, a["segment_id"])["size"] == a["size"]


def test_split_children_get_profiles_and_undo_restores_the_parent(engine, run_id):
    seg = active(engine, run_id)[0]
    preview = service.preview_split(engine, seg["segment_id"], k=2)
    out = service.accept_split(engine, seg["segment_id"], preview["groups"], user="u",
                               version=service.get_segment(engine, seg["segment_id"])["version"])
    for child in out["new_segment_ids"]:
        assert service.get_segment(engine, child)["profile"].get("attributes"), "a split child has a profile"
        check_against_members(engine, child)
    assert service.run_manifest(engine, run_id)["metrics"]["n_segments"] == 4
    service.undo_event(engine, out["event_id"], user="u")
    check_against_members(engine, seg["segment_id"])
    assert service.run_manifest(engine, run_id)["metrics"]["n_segments"] == 3


def test_an_edit_without_refresh_is_reported_stale_until_refreshed(engine, run_id):
    a, b, _ = active(engine, run_id)
    ev.merge(engine, [a["segment_id"]], b["segment_id"], user="u")    # the bare action: no refresh
    state = service.freshness(engine, run_id)
    assert state["stale"] and state["latest_edit"] > state["refreshed_upto"]
    assert service.refresh_run(engine, run_id)["written"]
    assert not service.freshness(engine, run_id)["stale"]
    check_against_members(engine, b["segment_id"])


def test_a_refresh_computed_while_another_edit_landed_is_not_written(engine, run_id, monkeypatch):
    a, b, c = active(engine, run_id)
    real = refresh._state

    def state_then_edit(engine_, rid):
        st = real(engine_, rid)
        ev.merge(engine_, [a["segment_id"]], b["segment_id"], user="u")   # lands after the snapshot
        return st

    monkeypatch.setattr(refresh, "_state", state_then_edit)
    assert not refresh.refresh_run(engine, run_id)["written"]
    monkeypatch.setattr(refresh, "_state", real)
    assert service.freshness(engine, run_id)["stale"]
    assert refresh.refresh_until_fresh(engine, run_id)["written"]
    check_against_members(engine, b["segment_id"])


def test_background_refresh_and_the_web_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    app = make_app(tmp_path / "app")
    eng = app.extensions["feedback_seg_engine"]
    from feedback_seg import accounts
    accounts.create_user(eng, "rita", PASSWORD, "admin")
    path = tmp_path / "wave.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(150):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i), plan_of(i)])
    service.ingest_file(eng, path, project="p")
    rid = run_segmentation(eng, "p", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                           embedder=FakeEmbedder(dim=384), insights=False)
    a, b, _ = active(eng, rid)
    client = new_client(app)
    assert login(client, "rita").status_code == 302

    ev.merge(eng, [a["segment_id"]], b["segment_id"], user="u")
    page = client.get(f"/runs/{rid}").get_data(as_text=True)
    assert 'id="freshness"' in page and "Updating figures" in page
    api = client.get(f"/api/v1/runs/{rid}/freshness").get_json()
    assert api["ok"] and api["data"]["stale"]

    refresh.refresh_in_background(eng, True)
    try:
        refresh.after_edit(eng, {"event_id": api["data"]["latest_edit"]})
        assert service.wait_for_refresh(rid, timeout=60)
    finally:
        refresh.refresh_in_background(eng, False)
    assert not service.freshness(eng, rid)["stale"]
    check_against_members(eng, b["segment_id"])
    page = client.get(f"/runs/{rid}").get_data(as_text=True)
    assert 'id="freshness"' not in page
