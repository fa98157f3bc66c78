"""Re-cuts (issue 11, point 2): another number of segments from a run's stored trees, with no
embedding, no reduction and no tree building, human decisions carried over by key."""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import select

from feedback_seg import service
from feedback_seg.cli import main
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline import hierarchy, reduce, segment_core
from feedback_seg.pipeline.recut import load_hierarchy
from feedback_seg.pipeline.run import run_segmentation
from feedback_seg.review import events as ev
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Segment
from tests.test_feedback_loop import TOPICS, topic_text, write_file

PARAMS = {"reducer": "pca", "stability_seeds": 1}


@pytest.fixture
def fake():
    return FakeEmbedder(dim=384)


@pytest.fixture
def run_id(engine, tmp_path, fake):
    rows = [(f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i)) for i in range(120)]
    write_file(tmp_path / "wave1.csv", rows)
    service.ingest_file(engine, tmp_path / "wave1.csv", project="p")
    return run_segmentation(engine, "p", seed=0, params=PARAMS, embedder=fake, insights=False)


def _no_recompute(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a re-cut must not embed, reduce or build a tree")
    monkeypatch.setattr(FakeEmbedder, "encode", boom)
    monkeypatch.setattr("feedback_seg.nlp_models.embedders.default_embedder", boom)
    for mod, name in ((segment_core, "reduce_dimensions"), (reduce, "reduce_dimensions"),
                      (segment_core, "map_2d"), (hierarchy, "build_tree"), (hierarchy, "ward_tree"),
                      (segment_core, "segment_embeddings")):
        monkeypatch.setattr(mod, name, boom)


def _live(engine, run):
    with read_session(engine) as s:
        return {sg.key: SimpleNamespace(id=sg.id, key=sg.key, name=sg.name, size=sg.size)
                for sg in s.scalars(select(Segment).where(
                    Segment.run_id == run, Segment.status == "active", Segment.label != -1))}


def test_a_run_stores_its_trees_compactly(engine, run_id):
    h, ids = load_hierarchy(engine, run_id)
    assert len(ids) == 120 and h.reduced.dtype == np.float32 and h.ward.shape == (119, 4)
    assert h.cuts and 0 <= h.chosen < len(h.cuts)
    choices = service.recut_choices(engine, run_id)
    assert choices and sum(c["chosen"] for c in choices) == 1


@pytest.mark.parametrize("k", [2, 4, 6])
def test_recut_gives_the_count_asked_for_without_recomputing(engine, run_id, monkeypatch, k):
    _no_recompute(monkeypatch)
    res = service.recut_run(engine, run_id, k)
    made = len(_live(engine, res["run_id"]))
    assert res["n_segments"] == made
    if made < k:    # only when near-duplicates merged, and then the result says so
        assert "merged" in res["note"]
    else:
        assert made == k and "note" not in res
    m = service.run_manifest(engine, res["run_id"])
    assert m["status"] == "done" and m["params"]["recut_of"] == run_id and m["params"]["n_segments"] == k
    assert m["metrics"]["recut_of"] == run_id and m["metrics"]["requested_segments"] == k
    assert m["parent_run_id"] == run_id
    stages = {r["stage"] for r in m["metrics"]["stages"]}
    assert "recut" in stages and "embed" not in stages and "reduce+cluster" not in stages
    # people keep their map position, and everyone is in the new run
    a = service.assignments(engine, res["run_id"])
    assert len(a) == 120 and all(r["x"] is not None for r in a)


def test_recut_keeps_a_surviving_segments_human_name(engine, run_id, monkeypatch):
    before = _live(engine, run_id)
    biggest = max(before.values(), key=lambda sg: sg.size)
    ev.rename(engine, biggest.id, "Worried about money", user="ana")
    _no_recompute(monkeypatch)
    k = len(before)
    res = service.recut_run(engine, run_id, k + 1)
    after = _live(engine, res["run_id"])
    assert biggest.key in after, "the largest segment survives a finer cut by one"
    assert after[biggest.key].name == "Worried about money"
    # and a re-cut of the re-cut, back to the original count, still carries it
    back = service.recut_run(engine, res["run_id"], k)
    named = [sg.name for sg in _live(engine, back["run_id"]).values()]
    assert "Worried about money" in named


def test_recut_diff_is_available(engine, run_id, monkeypatch):
    _no_recompute(monkeypatch)
    res = service.recut_run(engine, run_id, 2)
    d = service.diff_runs(engine, run_id, res["run_id"])
    assert d["flows"]


def test_segment_with_a_count(engine, run_id, fake):
    new = run_segmentation(engine, "p", seed=0, params={**PARAMS, "n_segments": 5, "anchor": False},
                           embedder=fake, insights=False)
    m = service.run_manifest(engine, new)
    assert m["params"]["n_segments"] == 5 and m["metrics"]["requested_segments"] == 5
    assert m["metrics"]["n_segments"] == len(_live(engine, new)) <= 5


def test_recut_refuses_bad_counts_and_unknown_runs(engine, run_id):
    from feedback_seg.errors import InputError, NotFoundError
    with pytest.raises(InputError):
        service.recut_run(engine, run_id, 0)
    with pytest.raises(NotFoundError):
        service.recut_run(engine, 9999, 3)


def test_cli_recut_json(engine, sqlite_url, run_id, monkeypatch, capsys):
    _no_recompute(monkeypatch)
    capsys.readouterr()
    assert main(["--db", sqlite_url, "recut", str(run_id), "--segments", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recut"]["recut_of"] == run_id and out["recut"]["requested_segments"] == 2
    assert out["manifest"]["params"]["recut_of"] == run_id
    assert len([s for s in out["segments"] if s["label"] != -1]) == out["recut"]["n_segments"]


def test_recut_recuts_the_runs_own_people_when_new_data_arrived(engine, run_id, tmp_path, monkeypatch):
    rows = [(f"N{i:04d}", topic_text(list(TOPICS)[i % 3], 500 + i)) for i in range(10)]
    write_file(tmp_path / "wave2.csv", rows)
    service.ingest_file(engine, tmp_path / "wave2.csv", project="p")
    _no_recompute(monkeypatch)
    res = service.recut_run(engine, run_id, 2)
    assert len(service.assignments(engine, res["run_id"])) == 120
