"""In headless Chromium (issue 13, point 1): merge two segments on the review page, then the run's
cards, one profile figure, the persona report and the CSV export all show the merged segment's
figures, checked against a recomputation from the members' answers in the store. Figures are
refreshed in the background as on a served instance: the page says "updating" and reloads itself."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter

import pytest

from feedback_seg import accounts, service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.run import run_segmentation
from feedback_seg.review import refresh
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Respondent
from tests.browser.live import chromium, live_server, sign_in, watched_page
from tests.test_feedback_loop import TOPICS, topic_text
from tests.test_web_support import PASSWORD, make_app

pytestmark = [pytest.mark.browser]
PLANS = ("basic", "pro", "team")


def _survey(path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(150):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i),
                        "basic" if i % 3 == 0 else PLANS[(i // 3) % 3]])
    return path


def _members_basic_share(engine, run_id, key) -> tuple[int, str]:
    ids = [a["respondent_id"] for a in service.assignments(engine, run_id) if a["segment_key"] == key]
    with read_session(engine) as s:
        plans = Counter((s.get(Respondent, r).attributes or {}).get("plan") for r in ids)
    return len(ids), f"{100 * plans['basic'] / len(ids):.0f}%"


def test_merge_in_browser_updates_cards_profile_report_and_export(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    app = make_app(tmp_path / "app")
    engine = app.extensions["feedback_seg_engine"]
    accounts.create_user(engine, "ada_admin", PASSWORD, "admin")
    service.ingest_file(engine, _survey(tmp_path / "wave.csv"), project="Brand tracker")
    run_id = run_segmentation(engine, "Brand tracker", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                              embedder=FakeEmbedder(dim=384), insights=False)
    segs = [s for s in service.list_segments(engine, run_id) if s["status"] == "active"]
    keep, gone = segs[0], segs[1]
    refresh.refresh_in_background(engine, True)
    try:
        with live_server(app) as base, chromium() as browser:
            page, _, errors = watched_page(browser)
            sign_in(page, base, "ada_admin", PASSWORD)
            page.goto(f"{base}/runs/{run_id}/review")
            page.check(f"#merge-form input[name=source_ids][value='{gone['segment_id']}']")
            page.select_option("#merge-target", str(keep["segment_id"]))
            page.click("#merge-form button[type=submit]")
            page.wait_for_url(re.compile(r".*/review$"))

            page.goto(f"{base}/runs/{run_id}")
            page.wait_for_selector("#freshness", state="detached", timeout=60_000)   # reloads itself when done
            size, basic = _members_basic_share(engine, run_id, keep["key"])
            assert size == keep["size"] + gone["size"]
            seg = service.get_segment(engine, keep["segment_id"])
            card = page.locator("li.seg-card", has=page.locator(f"a[href$='/segments/{keep['segment_id']}']"))
            assert f"{size} people" in card.inner_text()
            assert seg["keywords"][0] in card.inner_text()
            assert f"Segments\n{len(segs) - 1}" in page.inner_text("dl.facts").replace("\t", "\n")

            page.goto(f"{base}/segments/{keep['segment_id']}")                       # one profile figure
            row = page.locator("table.profile tr", has=page.locator("td", has_text=re.compile(r"^basic")))
            assert row.first.locator("td").nth(2).inner_text().strip() == basic

            report = page.request.get(f"{base}/runs/{run_id}/report")                # the report
            assert report.ok and seg["name"] in report.text() and f"{size}" in report.text()

            export = page.request.get(f"{base}/runs/{run_id}/export/csv")           # the CSV export
            assert export.ok
            with zipfile.ZipFile(io.BytesIO(export.body())) as z:
                name = next(n for n in z.namelist() if n.endswith("segments.csv"))
                rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
            row = next(r for r in rows if r["name"] == seg["name"])
            assert int(row["size"]) == size
    finally:
        refresh.refresh_in_background(engine, False)
    assert errors == [], errors
