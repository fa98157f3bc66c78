"""The demo end to end with the real model: planted personas recovered, planted skews significant."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from feedback_seg import service

ROOT = Path(__file__).resolve().parents[1]
REGION = "Which region do you live in?"


@pytest.mark.slow
def test_demo_personas_and_skews_recovered(tmp_path):
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(out), "--seed", "11",
                    "--respondents", "700", "--tickets", "10", "--posts", "10"], check=True, capture_output=True)
    engine = service.open_store("sqlite:///" + str(tmp_path / "demo.db"))
    rep = service.ingest_file(engine, out / "brand_survey_qualtrics.csv", project="demo")
    assert rep.rows_in == rep.imported + rep.rejected == 700
    join = service.ingest_attributes(engine, out / "crm_customers.csv", key="customer_id", project="demo")
    assert join["joined_on"] == "ExternalReference" and join["respondent_match_rate"] > 0.95
    run_id = service.run_segmentation(engine, "demo", seed=0, params={"stability_seeds": 1})

    truth = pd.read_csv(out / "ground_truth.csv", dtype=str).set_index("customer_id")["persona"]
    people = service.assignments(engine, run_id)
    segs = {s["key"]: s for s in service.list_segments(engine, run_id)}
    ext_to_cust = {}
    for s in segs.values():
        page = service.segment_members(engine, s["segment_id"], limit=10_000)
        for m in page["members"]:
            ext_to_cust[m["external_id"]] = None
    from feedback_seg.store.engine import read_session
    from feedback_seg.store.schema import Respondent
    from sqlalchemy import select
    with read_session(engine) as s:
        cust = {r.external_id: (r.attributes or {}).get("ExternalReference")
                for r in s.scalars(select(Respondent))}
    pred = [p["segment_key"] for p in people]
    true = [truth[cust[p["external_id"]]] for p in people]
    nmi = normalized_mutual_info_score(true, pred)
    assert nmi >= 0.8, nmi

    # the run records how much its segments' top-10 keywords repeat one another, on the keywords shown
    from feedback_seg.pipeline.describe import keyword_overlap
    active = {k: s["keywords"] for k, s in segs.items() if s["label"] != -1 and s["status"] == "active"}
    overlap = service.run_manifest(engine, run_id)["metrics"]["keyword_overlap"]
    assert overlap == keyword_overlap(active)
    assert overlap["max_overlap"] <= 0.3, (overlap, {k: s["name"] for k, s in segs.items()})

    # the eco-conscious persona over-indexes on London: some segment shows it, significant after BH
    found = []
    for s in segs.values():
        block = (s["profile"].get("attributes") or {}).get(REGION) or {}
        if (block.get("test") or {}).get("significant"):
            for row in block.get("rows", []):
                if row["level"] == "London" and row["index"] and row["index"] >= 150:
                    found.append((s["name"], row["index"]))
    assert found, json.dumps({k: v["name"] for k, v in segs.items()})
