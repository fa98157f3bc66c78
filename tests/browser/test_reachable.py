"""In headless Chromium (issue 13, point 2): from the projects page, by clicks only, a user reaches
the project home, the run, its review page, the queue, the spread, a split preview, the audit log,
the diff against a re-cut, the persona report and an export — no typed URL."""
from __future__ import annotations

import csv
import re

import pytest

from feedback_seg import accounts, service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.recut import recut_choices, recut_run
from feedback_seg.pipeline.run import run_segmentation
from tests.browser.live import chromium, live_server, sign_in, watched_page
from tests.test_feedback_loop import TOPICS, topic_text
from tests.test_web_support import PASSWORD, make_app

pytestmark = [pytest.mark.browser]


def _survey(path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(240):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i), ("basic", "pro", "team")[i % 3]])
    return path


def test_every_review_tool_is_reached_by_clicks_from_home(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    app = make_app(tmp_path / "app")
    engine = app.extensions["feedback_seg_engine"]
    uid = accounts.create_user(engine, "rita_researcher", PASSWORD, "researcher")["id"]
    service.create_project(engine, "Brand tracker", uid)
    service.ingest_file(engine, _survey(tmp_path / "wave.csv"), project="Brand tracker")
    base_run = run_segmentation(engine, "Brand tracker", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                                embedder=FakeEmbedder(dim=384), insights=False)
    other = next(c["n_segments"] for c in recut_choices(engine, base_run) if not c.get("chosen"))
    recut = recut_run(engine, base_run, other)["run_id"]

    with live_server(app) as base, chromium() as browser:
        page, _, errors = watched_page(browser)
        sign_in(page, base, "rita_researcher", PASSWORD)          # lands on the projects page
        reached = []

        def click(selector, expect):
            page.click(selector)
            page.wait_for_url(re.compile(expect))
            assert page.locator("main").count() == 1
            reached.append(page.url.replace(base, ""))

        click("text=Brand tracker", r".*/projects/\d+$")                       # project home
        assert page.locator("#runs").count() == 1
        click(f"#runs a[href$='/runs/{recut}']", rf".*/runs/{recut}$")          # the re-cut run
        click("#recut a:has-text('What changed')", rf".*/runs/{base_run}/diff/{recut}$")   # its diff
        page.go_back()
        click("nav.crumbs a >> nth=1", r".*/projects/\d+$")
        click(f"#runs a[href$='/runs/{base_run}'] >> nth=0", rf".*/runs/{base_run}$")
        report = page.locator("a:has-text('Persona report')").first              # report and exports
        assert page.request.get(base + report.get_attribute("href")).status == 200
        export = page.locator("a[download]").first
        resp = page.request.get(base + export.get_attribute("href"))
        assert resp.status == 200 and len(resp.body()) > 100
        click(".run-tools a:has-text('Review queue')", r".*/queue$")            # the run page's own tools
        page.go_back()
        click(".run-tools a:has-text('Audit log')", r".*/projects/\d+/audit$")
        page.go_back()
        click(".seg-cards a.more >> nth=0", r".*/segments/\d+$")                # a segment page and its tools
        click(".run-tools a:has-text('Preview a split')", r".*/segments/\d+/split.*")
        page.go_back()
        page.go_back()
        click(".run-tools a:has-text('Review: rename')", rf".*/runs/{base_run}/review$")  # review page
        click("a:has-text('Review queue')", r".*/queue$")
        page.wait_for_selector('[data-field="entry"]:not([hidden])')
        page.go_back()
        click("a:has-text('Check a spread')", r".*/queue\?mode=spread.*")
        page.go_back()
        click("a:has-text('Preview a split') >> nth=0", r".*/segments/\d+/split.*")
        page.go_back()
        click(".actions a:has-text('Audit log')", r".*/projects/\d+/audit$")
        page.go_back()
        click("nav.crumbs a >> nth=1", r".*/projects/\d+$")
        click("a:has-text('Search answers')", r".*/search.*")
    kinds = {re.sub(r"\d+", "N", u.split("?")[0]) for u in reached}
    for want in ("/projects/N", "/runs/N", "/runs/N/diff/N", "/runs/N/review", "/runs/N/queue",
                 "/segments/N/split", "/projects/N/audit"):
        assert want in kinds, (want, sorted(kinds))
    assert errors == [], errors
