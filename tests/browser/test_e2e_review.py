"""End to end in headless Chromium: log in, upload the demo survey, wait for the job, open the
segments, rename one, merge two, move a respondent, reload and find every change, export."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feedback_seg import accounts, service
from feedback_seg.jobs import JobRunner
from tests.browser.live import chromium, live_server, sign_in, watched_page
from tests.test_web_support import PASSWORD, make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
JOB_TIMEOUT_S = 240


def _generate(out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(out), "--respondents", "200"],
                   check=True, capture_output=True)
    return out / "brand_survey_qualtrics.csv"


def _wait_for_job(page) -> int:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        status = page.inner_text('[data-field="status"]').strip()
        if status == "failed":
            raise AssertionError("job failed: " + page.inner_text('[data-field="error"]'))
        if status == "done":
            return int(re.search(r"run (\d+) ready", page.inner_text('[data-field="message"]')).group(1))
        page.wait_for_timeout(1000)
    raise AssertionError("the job did not finish in time")


def _active_rows(page) -> list[tuple[int, str]]:
    rows = page.query_selector_all("tr[data-segment-id]:has(form.rename-form)")
    return [(int(r.get_attribute("data-segment-id")), r.query_selector(".seg-name").inner_text()) for r in rows]


def test_review_round_trip_in_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    survey = _generate(tmp_path / "demo")
    app = make_app(tmp_path / "app", MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    engine = app.extensions["feedback_seg_engine"]
    accounts.create_user(engine, "rita_researcher", PASSWORD, "researcher")
    runner = JobRunner(app.config["DATABASE"], poll_seconds=0.5).start()
    try:
        with live_server(app) as base, chromium() as browser:
            page, _, errors = watched_page(browser)
            sign_in(page, base, "rita_researcher", PASSWORD)

            page.fill("input[name=name]", "Brand tracker")                      # a new project
            page.click("form[action$='/projects'] button[type=submit]")
            page.wait_for_url(re.compile(r".*/projects/\d+$"))
            pid = int(page.url.rsplit("/", 1)[1])
            page.goto(f"{base}/projects/{pid}/upload")
            page.set_input_files("#file", str(survey))
            page.click("form[data-dropzone] button[type=submit]")
            page.wait_for_url(re.compile(r".*/uploads/.*"))
            page.click("form[action$='/confirm'] button[type=submit]")
            page.wait_for_url(re.compile(r".*/jobs/\d+$"))
            run_id = _wait_for_job(page)

            page.click('[data-field="run-link"] a')                             # the finished job links to its run
            page.wait_for_url(re.compile(rf".*/runs/{run_id}$"))
            page.click(".run-tools a:has-text('Review: rename')")               # and the run to its review page
            page.wait_for_url(re.compile(rf".*/runs/{run_id}/review$"))
            rows = _active_rows(page)
            if len(rows) < 3:                                                  # make room for a merge
                page.goto(f"{base}/segments/{max(rows)[0] if len(rows) == 1 else rows[0][0]}/split?k=2")
                page.click("text=Accept this split")
                page.wait_for_url(re.compile(r".*/review$"))
                rows = _active_rows(page)
            assert len(rows) >= 3, rows
            (keep, _), (gone, gone_name), (third, _) = rows[0], rows[1], rows[2]

            page.fill(f"#name-{keep}", "Loyal bargain hunters")                # rename
            page.click(f"tr[data-segment-id='{keep}'] form.rename-form button")
            page.wait_for_url(re.compile(r".*/review$"))
            assert "Segment renamed." in page.inner_text("main")

            page.check(f"#merge-form input[name=source_ids][value='{gone}']")  # merge two
            page.select_option("#merge-target", str(keep))
            page.click("#merge-form button[type=submit]")
            page.wait_for_url(re.compile(r".*/review$"))
            assert "Segments merged." in page.inner_text("main")

            mover = next(a for a in service.assignments(engine, run_id)
                         if a["segment_key"] == service.get_segment(engine, keep)["key"])
            page.fill("#p-find", mover["external_id"])                         # pick a respondent by id
            box = f".pick-results input[value='{mover['external_id']}']"
            page.wait_for_selector(box)
            page.check(box)
            page.select_option("#p-action", "move")
            page.select_option("#p-target", str(third))
            page.click("#people-form button[type=submit]")
            page.wait_for_url(re.compile(r".*/review$"))

            page.reload()                                                      # everything persisted
            html = page.content()
            assert "Loyal bargain hunters" in html
            assert f'data-segment-id="{gone}"' not in html and gone_name not in page.inner_text("table")
            moved = {a["respondent_id"]: a for a in service.assignments(engine, run_id)}[mover["respondent_id"]]
            assert moved["segment_key"] == service.get_segment(engine, third)["key"] and moved["origin"] == "human"

            page.goto(f"{base}/projects/{pid}/audit")                           # the audit trail
            kinds = [r.get_attribute("data-kind") for r in page.query_selector_all("tr[data-event-id]")]
            assert kinds[:3] == ["move", "merge", "rename"]
            assert "rita_researcher" in page.inner_text("table")

            page.goto(f"{base}/runs/{run_id}/queue")                           # keyboard review queue
            page.wait_for_selector('[data-field="entry"]:not([hidden])')
            first = page.inner_text('[data-field="who"]')
            page.keyboard.press("c")
            page.wait_for_selector('[data-field="status"]:has-text("Confirmed")')
            assert page.inner_text('[data-field="who"]') != first
            page.keyboard.press("u")
            page.wait_for_selector('[data-field="status"]:has-text("Undone")')
            for _ in range(50):                                                # the person is back first
                if page.inner_text('[data-field="who"]') == first:
                    break
                page.wait_for_timeout(200)
            assert page.inner_text('[data-field="who"]') == first
            page.keyboard.press("j")
            assert page.inner_text('[data-field="position"]').startswith("Person 2 of")
            page.click("[data-act=next]")                                       # by click / touch as well
            assert page.inner_text('[data-field="position"]').startswith("Person 3 of")
            third_person = page.inner_text('[data-field="who"]')
            page.click(".queue-choices button.choice >> nth=1")                # assign by tapping a segment
            page.wait_for_selector('[data-field="status"]:has-text("Moved to")')
            assert page.inner_text('[data-field="who"]') != third_person
            page.click("[data-act=undo]")                                       # undo returns to where we were
            page.wait_for_selector('[data-field="status"]:has-text("Undone")')
            for _ in range(50):                                                # (no JS eval: the CSP forbids it)
                if page.inner_text('[data-field="who"]') == third_person:
                    break
                page.wait_for_timeout(200)
            assert page.inner_text('[data-field="who"]') == third_person
            assert page.inner_text('[data-field="position"]').startswith("Person 3 of")

            page.click("text=A spread of each segment")                        # the spread of each segment
            page.wait_for_selector('[data-field="entry"]:not([hidden])')
            assert "mode=spread" in page.url and "people per segment" in page.inner_text("main")
            assert page.inner_text('[data-field="position"]').startswith("Person 1 of")

            if "segments.report_html" in app.view_functions:                   # export the report
                resp = page.request.get(f"{base}/runs/{run_id}/report")
                assert resp.status == 200 and "Loyal bargain hunters" in resp.text()
            resp = page.request.get(f"{base}/api/v1/runs/{run_id}/queue?limit=5")
            assert resp.ok and resp.json()["ok"]
            export = tmp_path / "export.json"                                   # and the JSON export
            service.export_run(engine, run_id, "json", export)
            assert "Loyal bargain hunters" in export.read_text(encoding="utf-8")
    finally:
        runner.stop()
    assert errors == [], errors
