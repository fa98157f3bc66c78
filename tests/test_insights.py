"""Values, needs and sentiment per segment: computed after a run, suppressed below k, CLI answers."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_seg import service
from feedback_seg.nlp_models.embedders import FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("insights")
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(tmp / "data"),
                    "--seed", "3", "--respondents", "240", "--tickets", "10", "--posts", "10"],
                   check=True, capture_output=True)
    url = "sqlite:///" + str(tmp / "s.db")
    engine = service.open_store(url)
    service.ingest_file(engine, tmp / "data" / "brand_survey_qualtrics.csv", project="demo")
    run_id = service.run_segmentation(engine, "demo", seed=0, embedder=FakeEmbedder(),
                                      params={"stability_seeds": 1, "reducer": "pca"})
    return engine, run_id, url


def test_every_segment_gets_values_needs_sentiment(demo_run):
    engine, run_id, _ = demo_run
    segs = service.list_segments(engine, run_id)
    assert segs
    for s in segs:
        assert set(s["values"]) == {"schwartz", "consumer_attitudes"}
        assert s["sentiment"] is not None
        assert "groups" in s["needs"]
        for fw in s["values"].values():
            if fw is None:
                continue
            for row in fw["values"]:
                assert row["suppressed"] or (row["share"] is not None and 0 <= row["share"] <= 1)
        for g in s["needs"]["groups"]:
            assert g["people"] >= 5              # never a group of fewer than k people
            if g["people"] < 10:
                assert g["quotes"] == []         # quotes need 10


def test_small_segment_values_are_suppressed(demo_run):
    engine, run_id, _ = demo_run
    for s in service.list_segments(engine, run_id):
        if s["size"] < 5:
            for fw in s["values"].values():
                assert all(r["suppressed"] for r in (fw or {}).get("values", []))


def test_needs_and_values_cli_json(demo_run):
    _, run_id, url = demo_run
    for cmd in (["needs"], ["values", "--framework", "consumer_attitudes"]):
        out = subprocess.run([sys.executable, "-m", "feedback_seg.cli", "--db", url, *cmd, "--project", "demo",
                              "--json"], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        payload = json.loads(out.stdout.strip().splitlines()[-1])
        assert payload["run_id"] == run_id and payload["segments"]
    bad = subprocess.run([sys.executable, "-m", "feedback_seg.cli", "--db", url, "needs", "--project", "demo",
                          "--segment", "no such segment"], capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "no segment" in bad.stderr and "Traceback" not in bad.stderr


def test_own_framework_file_and_reviewer_labels_change_the_profile(demo_run, tmp_path):
    engine, run_id, url = demo_run
    fw = tmp_path / "eco.yaml"
    fw.write_text("name: eco_lens\nvalues:\n"
                  "  - id: planet\n    name: Planet first\n"
                  "    definition: Cares about packaging, waste and the environment.\n"
                  "    examples: [\"less plastic please\", \"recyclable packaging matters\", \"think of the planet\"]\n"
                  "  - id: wallet\n    name: Wallet first\n    definition: Cares about price and discounts.\n"
                  "    examples: [\"too expensive\", \"I want cheaper offers\", \"discounts please\"]\n",
                  encoding="utf-8")
    run2 = service.run_segmentation(engine, "demo", seed=0, embedder=FakeEmbedder(),
                                    params={"stability_seeds": 1, "reducer": "pca"}, frameworks=[str(fw)])
    seg = service.list_segments(engine, run2)[0]
    assert set(seg["values"]) == {"eco_lens"}
    names = [r["value"] for r in seg["values"]["eco_lens"]["values"]]
    assert sorted(names) == ["Planet first", "Wallet first"]

    # reviewers label answers: the next run learns from them, an undone label is ignored
    from feedback_seg.review import events
    from feedback_seg.pipeline.decisions import value_labels
    items = [it for m in service.segment_members(engine, seg["segment_id"], limit=6)["members"]
             for it in m["items"]][:4]
    evs = [service.label_values(engine, it["item_id"], str(fw), ["Planet first"] if i % 2 else [], user="ann")
           for i, it in enumerate(items)]
    pid = service.run_manifest(engine, run2)["project_id"]
    assert len(value_labels(engine, pid, "eco_lens")) == 4
    events.undo(engine, evs[0]["event_id"], user="ann")
    assert len(value_labels(engine, pid, "eco_lens")) == 3
    with pytest.raises(Exception, match="unknown value"):
        service.label_values(engine, items[0]["item_id"], str(fw), ["Nope"], user="ann")
    run3 = service.run_segmentation(engine, "demo", seed=0, embedder=FakeEmbedder(),
                                    params={"stability_seeds": 1, "reducer": "pca"}, frameworks=[str(fw)])
    assert service.list_segments(engine, run3)[0]["values"]["eco_lens"]["values"]
