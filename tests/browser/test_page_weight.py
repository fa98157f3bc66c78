"""In headless Chromium (issue 13, point 7): on a real survey's run (OSMI 2016 when the shared data is
there), each page's first load carries ≤ 1 MB of script and finishes in ≤ 1 s on loopback (best of
3 fresh browser contexts, read from the Performance API; the split preview, which re-clusters, ≤ 2.5 s),
and at 390 px wide no page scrolls sideways (wide tables scroll inside their own box)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from feedback_seg import accounts, service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.pipeline.run import run_segmentation
from tests.browser.live import chromium, live_server, sign_in
from tests.test_feedback_loop import TOPICS, topic_text
from tests.test_web_support import PASSWORD, make_app

pytestmark = [pytest.mark.browser]
OSMI = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "osmi" / "mental-heath-in-tech-2016_20161114.csv"
MAX_SCRIPT_BYTES = 1_000_000
MAX_LOAD_S = 1.0
MAX_SPLIT_PREVIEW_S = 2.5      # the split preview re-clusters the segment while the page is asked for
TRIES = 3
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 800}

PERF = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const scripts = res.filter((r) => r.initiatorType === "script");
  return {load_ms: nav.loadEventEnd - nav.startTime, response_ms: nav.responseEnd - nav.startTime,
          script_bytes: scripts.reduce((n, r) => n + (r.decodedBodySize || r.transferSize || 0), 0),
          scripts: scripts.map((r) => r.name),
          page_bytes: nav.decodedBodySize + res.reduce((n, r) => n + (r.decodedBodySize || 0), 0),
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          // what sticks out, to say where the fix is needed
          wide: Array.from(document.querySelectorAll("body *")).filter((e) => !(e.parentElement && e.parentElement.closest(".table-scroll"))
            && e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 8)
            .map((e) => e.tagName.toLowerCase() + "." + e.className + " " + (e.textContent || "").trim().slice(0, 40))};
}"""


def _survey(tmp_path) -> Path:
    if OSMI.exists():
        return OSMI
    path = tmp_path / "wave.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "What do you think of us?", "plan"])
        for i in range(300):
            w.writerow([f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i), ("basic", "pro", "team")[i % 3]])
    return path


def test_pages_are_light_fast_and_fit_a_phone(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    app = make_app(tmp_path / "app")
    engine = app.extensions["feedback_seg_engine"]
    accounts.create_user(engine, "ada_admin", PASSWORD, "admin")
    service.ingest_file(engine, _survey(tmp_path), project="Survey")
    run_id = run_segmentation(engine, "Survey", seed=0, params={"reducer": "pca", "stability_seeds": 1},
                              embedder=FakeEmbedder(dim=384), insights=False)
    seg = next(s for s in service.list_segments(engine, run_id) if s["status"] == "active")
    paths = [f"/runs/{run_id}", f"/segments/{seg['segment_id']}", f"/runs/{run_id}/review",
             f"/runs/{run_id}/queue", f"/segments/{seg['segment_id']}/split"]
    with live_server(app) as base, chromium() as browser:
        ctx = browser.new_context(viewport=LAPTOP)
        page = ctx.new_page()
        sign_in(page, base, "ada_admin", PASSWORD)
        home = page.url
        page.goto(base + f"/runs/{run_id}")
        project_link = page.locator("nav.crumbs a").nth(1).get_attribute("href")
        paths += [project_link, project_link + "/audit", home.replace(base, "")]
        for path in paths:                                    # warm the server (templates, caches) once
            page.request.get(base + path)
        cookies = ctx.cookies()
        seen = {}
        for size_name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            for path in paths:
                tries = []
                for _ in range(TRIES):                         # each a first load: a new context, nothing cached
                    fresh = browser.new_context(viewport=viewport)
                    fresh.add_cookies(cookies)
                    p = fresh.new_page()
                    resp = p.goto(base + path, wait_until="load")
                    assert resp.status == 200, (path, resp.status)
                    p.wait_for_timeout(150)                   # let deferred charts draw before measuring width
                    tries.append(p.evaluate(PERF))
                    fresh.close()
                seen[(size_name, path)] = min(tries, key=lambda m: m["load_ms"])   # the best of 3: other jobs on
                # a 2-core CI box add noise that is not the page's (the median measured 150-810 ms alone)
    for (size_name, path), m in seen.items():
        print(f"{size_name:6} {path:32} load {m['load_ms']:6.0f} ms (response {m['response_ms']:4.0f})  script {m['script_bytes'] / 1024:6.1f} KB  "
              f"page {m['page_bytes'] / 1024:7.1f} KB  overflow {m['overflow']} px")
    for (size_name, path), m in seen.items():
        assert m["script_bytes"] <= MAX_SCRIPT_BYTES, (path, m)
        limit = MAX_SPLIT_PREVIEW_S if path.endswith("/split") else MAX_LOAD_S
        assert m["load_ms"] <= limit * 1000, (size_name, path, m)
        assert m["overflow"] <= 0, (size_name, path, m["wide"])     # no sideways scroll of the page itself
