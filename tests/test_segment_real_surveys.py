"""Segments of people on real shared surveys, end to end with the real model (issue 11, point 6):
several segments, none holding most people, and keywords that tell them apart."""
from __future__ import annotations

import pytest

from feedback_seg import service
from feedback_seg.pipeline.describe import keyword_overlap

from .conftest import shared_file

SURVEYS = {  # file, the fewest segments a survey of its size and spread must show
    "osmi_2016": (("osmi", "mental-heath-in-tech-2016_20161114.csv"), 4),
    "osmi_2017": (("osmi", "osmi_2017.csv"), 4),
    "gadarian": (("gadarian", "gadarian.csv"), 3),
}


@pytest.fixture(scope="module")
def embedder():
    from feedback_seg.nlp_models.embedders import default_embedder
    return default_embedder()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_real_survey_gives_several_distinct_segments(name, tmp_path, embedder):
    parts, fewest = SURVEYS[name]
    src = shared_file(*parts)
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, src, project=name)
    run = service.run_segmentation(eng, name, seed=0, embedder=embedder, insights=False,
                                   params={"stability_seeds": 1})
    segs = [s for s in service.list_segments(eng, run) if s["key"] != "unassigned"]
    people = sum(s["size"] for s in service.list_segments(eng, run))
    shares = sorted((s["size"] / people for s in segs), reverse=True)
    overlap = keyword_overlap({s["key"]: s["keywords"] for s in segs})
    print(name, len(segs), [round(x, 2) for x in shares[:5]], overlap["max_overlap"], overlap["pairs"][:3])
    assert len(segs) >= fewest, (len(segs), shares)
    assert shares[0] <= 0.5, shares
    assert overlap["max_overlap"] <= 0.3, overlap["pairs"]
    metrics = service.run_manifest(eng, run)["metrics"]
    assert metrics["n_segments"] == len(segs) and "warning" not in metrics


@pytest.mark.slow
def test_merge_on_a_real_survey_refreshes_profiles_values_and_sentiment(tmp_path, embedder):
    """Issue 13, point 1 end to end with the real model: after a merge on OSMI 2017, the merged
    segment's profile, values and sentiment are about exactly its members (no re-run)."""
    import time

    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, shared_file("osmi", "osmi_2017.csv"), project="osmi")
    run = service.run_segmentation(eng, "osmi", seed=0, embedder=embedder, insights=True,
                                   params={"stability_seeds": 1})
    segs = sorted((s for s in service.list_segments(eng, run) if s["status"] == "active"),
                  key=lambda s: -s["size"])
    a, b = segs[0], segs[1]
    start = time.perf_counter()
    service.merge_segments(eng, [b["segment_id"]], a["segment_id"], user="u")
    print("merge + refresh on OSMI 2017:", round(time.perf_counter() - start, 2), "s")
    merged = service.get_segment(eng, a["segment_id"])
    size = a["size"] + b["size"]
    assert merged["size"] == size and merged["profile"]["size"] == size
    cats = [blk for blk in merged["profile"]["attributes"].values() if blk.get("type") == "categorical"]
    assert cats and all(sum(r["count"] for r in blk["rows"]) == size for blk in cats[:5])
    assert merged["sentiment"]["people"] == size
    assert next(iter(merged["values"].values()))["n"] == size
    metrics = service.run_manifest(eng, run)["metrics"]
    assert metrics["n_segments"] == len(segs) - 1 and not service.freshness(eng, run)["stale"]
    assert metrics.get("refresh_note") is None
