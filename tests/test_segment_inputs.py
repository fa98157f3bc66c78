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


def test_people_without_text_are_segmented_on_their_attitude_answers(tmp_path):
    """#13.4: with attitude inputs chosen, people who wrote nothing but answered them are segmented
    (and counted as such); without inputs they are excluded with the reason, never dropped."""
    import csv  # noqa: PLC0415
    from tests.test_feedback_loop import TOPICS, topic_text  # noqa: PLC0415
    path = tmp_path / "wave.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["respondent_id", "What do you think of us?", NPS])
        for i in range(120):
            text = "" if i % 4 == 0 else topic_text(list(TOPICS)[i % 3], i)
            w.writerow([f"R{i:03d}", text, str(i % 11)])
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, path, project="p")
    base = {"stability_seeds": 1, "anchor": False, "reducer": "pca"}
    plain = service.run_segmentation(eng, "p", seed=0, embedder=FakeEmbedder(), insights=False, params=base)
    withi = service.run_segmentation(eng, "p", seed=0, embedder=FakeEmbedder(), insights=False,
                                     params={**base, "segment_inputs": [NPS]})
    m0, m1 = run_manifest(eng, plain)["metrics"], run_manifest(eng, withi)["metrics"]
    assert m0["coverage"]["respondents"] == m1["coverage"]["respondents"] == 120
    assert m0["coverage"]["segmented"] == 90 and sum(m0["coverage"]["excluded"].values()) == 30
    assert m0["closed_only"] == 0
    assert m1["coverage"]["segmented"] == 120 and m1["coverage"]["excluded"] == {} and m1["closed_only"] == 30
    placed = {a["external_id"]: a for a in service.assignments(eng, withi)}
    assert len(placed) == 120 and "R000" in placed and "R000" not in {a["external_id"] for a in service.assignments(eng, plain)}
    again = service.run_segmentation(eng, "p", seed=0, embedder=FakeEmbedder(), insights=False,
                                     params={**base, "segment_inputs": [NPS]})
    from sklearn.metrics import adjusted_rand_score  # noqa: PLC0415
    second = {a["external_id"]: a["segment_key"] for a in service.assignments(eng, again)}
    assert adjusted_rand_score([placed[e]["segment_key"] for e in sorted(placed)],
                               [second[e] for e in sorted(placed)]) > 0.95      # the same people, the same groups
