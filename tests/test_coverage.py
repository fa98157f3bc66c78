"""No silent drops (issue 13, point 4): every respondent of a run's project is segmented or
counted under a reason, in the run's metrics and on the run page."""
from __future__ import annotations

import csv

from feedback_seg import service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.run import run_segmentation
from tests.test_feedback_loop import TOPICS, topic_text


def _survey(path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(120):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i), "basic"])
        for i in range(120, 127):
            w.writerow([f"C{i:04d}", "", "pro"])              # no open answer
        for i in range(127, 130):
            w.writerow([f"C{i:04d}", "🙂🙂", "pro"])           # emoji only
    return path


def test_every_respondent_is_segmented_or_counted_with_a_reason(engine, tmp_path):
    service.ingest_file(engine, _survey(tmp_path / "s.csv"), project="p")
    run = run_segmentation(engine, "p", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                           embedder=FakeEmbedder(dim=384), insights=False)
    cov = service.run_manifest(engine, run)["metrics"]["coverage"]
    assert cov["respondents"] == 130
    assert cov["segmented"] + sum(cov["excluded"].values()) == cov["respondents"]
    assert cov["excluded"].get("no_open_answer") == 7, cov
    assert cov["excluded"].get("only_emoji", 0) + cov["excluded"].get("only_empty", 0) == 3 or \
        cov["segmented"] == 123, cov                           # emoji answers may also be segmented
    assert all(r in cov["reasons"] for r in cov["excluded"])
    people = sum(s["size"] for s in service.list_segments(engine, run))
    assert people == cov["segmented"]


def test_the_run_page_says_who_is_left_out_and_why(tmp_path, monkeypatch):
    from feedback_seg import accounts
    from tests.test_web_support import PASSWORD, login, make_app, new_client

    app = make_app(tmp_path / "app")
    eng = app.extensions["feedback_seg_engine"]
    accounts.create_user(eng, "ada", PASSWORD, "admin")
    service.ingest_file(eng, _survey(tmp_path / "s.csv"), project="p")
    run = run_segmentation(eng, "p", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                           embedder=FakeEmbedder(dim=384), insights=False)
    client = new_client(app)
    assert login(client, "ada").status_code == 302
    page = client.get(f"/runs/{run}").get_data(as_text=True)
    assert 'id="coverage"' in page and "130 people in the project" in page
    assert 'data-reason="no_open_answer"><strong>7</strong> gave no open answer' in page
