"""Attitude answers as segmentation inputs (#11.4): detected, chosen, scaled into the people
vectors with a recorded weight; demographic and value columns never form segments."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from feedback_seg import service
from feedback_seg.errors import InputError
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.attitudes import people_vectors
from feedback_seg.queries import run_manifest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
NPS = "How likely are you to recommend Brightleaf to a friend or colleague?"
MATTERS = "Which of these matter most when you choose a brand like ours? (Select all that apply)"


def _people():
    ids = [1, 2, 3, 4]
    resp = pd.DataFrame({"respondent_id": ids, "attributes": [
        {"nps": "10", "tools": "a|b", "age": "30"}, {"nps": "0", "tools": "b", "age": "41"},
        {"nps": "", "tools": "a|c", "age": "52"}, {"nps": "7", "tools": "", "age": "25"}]})
    X = np.eye(4, 8, dtype=np.float32)
    return X, ids, resp


def test_people_vectors_append_a_weighted_attitude_block_and_say_what_they_used():
    X, ids, resp = _people()
    same, info = people_vectors(X, ids, resp, None)
    assert same is X and info["segment_inputs"] == []
    V, info = people_vectors(X, ids, resp, ["nps", "tools"], 0.5)
    assert V.shape == (4, 8 + len(info["input_features"])) and np.allclose(V[:, :8], X)
    assert info["segment_inputs"] == ["nps", "tools"] and info["input_weight"] == 0.5
    assert info["input_features"][0] == "nps" and info["input_kinds"]["nps"] == "ordinal"
    assert np.all(np.linalg.norm(V[:, 8:], axis=1) <= 0.5 + 1e-6)
    assert V[0, 8] > V[1, 8]                           # 10 scores above 0
    with pytest.raises(InputError):
        people_vectors(X, ids, resp, ["age"])           # demographics profile, never form segments
    with pytest.raises(Exception, match="not stored attributes"):
        people_vectors(X, ids, resp, ["nope"])


def test_a_run_on_attitude_inputs_records_them_and_refuses_demographics(tmp_path):
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, SAMPLE / "brand_survey_qualtrics.csv", project="demo")
    emb = FakeEmbedder()
    plain = service.run_segmentation(eng, "demo", seed=0, embedder=emb, insights=False,
                                     params={"stability_seeds": 1, "anchor": False})
    withi = service.run_segmentation(eng, "demo", seed=0, embedder=emb, insights=False,
                                     params={"stability_seeds": 1, "anchor": False,
                                             "segment_inputs": [NPS, MATTERS], "input_weight": 1.0})
    p0, p1 = run_manifest(eng, plain)["params"], run_manifest(eng, withi)["params"]
    assert p0["segment_inputs"] == [] and p1["segment_inputs"] == [NPS, MATTERS]
    assert p1["input_weight"] == 1.0 and len(p1["input_features"]) > 2
    with pytest.raises(Exception, match="demographic"):
        service.run_segmentation(eng, "demo", seed=0, embedder=emb, insights=False,
                                 params={"stability_seeds": 1, "segment_inputs": ["What is your age?"]})
