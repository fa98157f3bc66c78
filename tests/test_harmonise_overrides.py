"""Harmonised spellings confirmed at upload reach the stored profile (#12.5 wiring)."""
from __future__ import annotations

from pathlib import Path

from feedback_seg import service
from feedback_seg.ingest.roles import RoleOverrides
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.dataset import harmonise_overrides
from feedback_seg.queries import run_manifest
from web.storage import harmonise_from_form

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
REGION = "Which region do you live in?"


def test_overrides_follow_the_stored_attribute_names():
    got = harmonise_overrides([{"attribute_names": {"Q3": REGION}, "harmonise": {"Q3": {"London": "South"}}},
                               {"harmonise": {"plan": {"pro": "Pro"}}}, None])
    assert got == {REGION: {"London": "South"}, "plan": {"pro": "Pro"}}


def test_preview_form_keeps_only_changed_levels():
    preview = {"columns": [{"name": "g", "details": {"harmonised": {"m": "Male", "f": "Female"}}},
                           {"name": "x", "details": {}}]}
    assert harmonise_from_form(preview, {"harm-0-0": "Man", "harm-0-1": "Female"}) == {"g": {"m": "Man"}}
    assert harmonise_from_form(preview, {}) == {}


def test_confirmed_override_reaches_the_run_profile(tmp_path):
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, SAMPLE / "brand_survey_qualtrics.csv", project="demo",
                        overrides=RoleOverrides(harmonise={"Q3": {"London": "South East", "South West": "South East"}}))
    run = service.run_segmentation(eng, "demo", seed=0, embedder=FakeEmbedder(), insights=False,
                                   params={"stability_seeds": 1})
    prof = run_manifest(eng, run)["metrics"]["profile"]
    block = prof["base"]["attributes"][REGION]
    assert block["harmonised"]["London"] == "South East"
    assert "London" not in block["levels"] and "South East" in block["levels"]
