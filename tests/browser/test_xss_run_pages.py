"""Stored XSS where charts and tables draw user text: payloads in answers, column names, attribute
values, project and segment names, rendered in headless Chromium on the run overview (map and
charts), segment pages, review queue, split preview, search, diff, audit and persona report."""
from __future__ import annotations

import csv
import io

import pytest

from feedback_seg import service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from tests.browser.live import chromium, live_server, sign_in, watched_page
from tests.browser.test_xss import HOOK, PAYLOADS
from tests.test_web_support import PASSWORD, make_app

pytestmark = pytest.mark.browser

THEMES = ["the delivery was late again and nobody answered", "prices went up and the quality did not",
          "the app is easy to use and I like the design", "support solved my problem quickly and kindly"]


def _survey(path, n=160):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "Region " + PAYLOADS[6], PAYLOADS[7], "answer"])
    for i in range(n):
        w.writerow([f"R{i:04d}", PAYLOADS[i % 12], ["a", "b", PAYLOADS[8]][i % 3],
                    f"{THEMES[i % 4]} {PAYLOADS[i % len(PAYLOADS)]}"])
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture
def hostile_run(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")        # search embeds queries with the runs' model
    app = make_app(tmp_path / "app")
    eng = app.extensions["feedback_seg_engine"]
    admin = service.create_user(eng, "admin_browser", PASSWORD, "admin")
    project = service.create_project(eng, PAYLOADS[0] + " project", admin["id"])
    _survey(tmp_path / "survey.csv")
    service.ingest_file(eng, tmp_path / "survey.csv", project=project["name"])
    params = {"stability_seeds": 1}
    run_a = service.run_segmentation(eng, project["name"], seed=0, embedder=FakeEmbedder(), params=params)
    segs = [s for s in service.list_segments(eng, run_a) if s["label"] != -1]
    for i, s in enumerate(segs):
        service.rename_segment(eng, s["segment_id"], PAYLOADS[10 + i % 30][:190], user="admin_browser",
                               version=s["version"])
    run_b = service.run_segmentation(eng, project["name"], seed=1, embedder=FakeEmbedder(),
                                     params={**params, "fresh": True})
    return app, project["id"], run_a, run_b, [s["segment_id"] for s in service.list_segments(eng, run_a)]


def test_no_payload_executes_on_run_segment_review_search_diff_audit_report_pages(hostile_run):
    app, pid, run_a, run_b, seg_ids = hostile_run
    executed, seen, drawn = [], {}, ""
    with live_server(app) as base, chromium() as browser:
        page, dialogs, errors = watched_page(browser, HOOK)
        sign_in(page, base, "admin_browser", PASSWORD)

        urls = [f"/projects/{pid}", f"/projects/{pid}/runs", f"/runs/{run_a}", f"/runs/{run_b}",
                f"/runs/{run_a}/review", f"/runs/{run_a}/queue", f"/runs/{run_a}/diff/{run_b}",
                f"/projects/{pid}/audit", f"/runs/{run_a}/report",
                f"/projects/{pid}/search?q=delivery+late", f"/projects/{pid}/search?q=" + PAYLOADS[1][:40]]
        urls += [f"/segments/{sid}" for sid in seg_ids]
        urls += [f"/segments/{sid}/split" for sid in seg_ids[:3]]
        for url in urls:
            resp = page.goto(base + url)
            page.wait_for_load_state("load")
            page.mouse.move(200, 200)
            page.mouse.move(400, 300)
            page.keyboard.press("Tab")
            executed.extend(page.evaluate("window.__xss || []"))
            seen[url] = (resp.status if resp else None, resp.text() if resp else "")
            if url == f"/runs/{run_a}":
                drawn = page.content()
    assert all(status == 200 for status, _ in seen.values()), {u: s for u, (s, _) in seen.items() if s != 200}
    assert "<svg" in drawn                                      # the charts were drawn (by script)
    assert all("&lt;" in html for _, html in seen.values())       # the payloads are there, as text
    # escaping itself, not only the CSP (which blocks inline handlers anyway): no hostile name, value or
    # answer reaches a page's HTML as markup
    hostile = [p for p in PAYLOADS[:40] if "<" in p]
    raw = {u: [p for p in hostile if p in html] for u, (_, html) in seen.items()}
    assert not any(raw.values()), {u: v for u, v in raw.items() if v}
    assert executed == [], executed
    assert dialogs == [], dialogs
    assert not [e for e in errors if "alert" in e], errors
