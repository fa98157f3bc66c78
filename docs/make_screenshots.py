"""Screenshots of the segment pages for the docs: run overview, one segment page, the persona report.

Builds a demo project from the generator (300 respondents, survey + CRM), segments it with the
real embedding model, serves the app with waitress on 127.0.0.1 and captures the pages with
headless Chromium (Playwright) into ``docs/screenshots/*.png``.

    .venv/bin/python docs/make_screenshots.py [--respondents 300] [--workdir DIR] [--out docs/screenshots]

Needs ``/usr/bin/chromium``. Takes a few minutes on two cores (embedding and segmentation).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "screenshots only passphrase"
WIDTH = 1280
MAX_HEIGHT = 2400
MAX_BYTES = 400 * 1024


def build_demo(work: Path, respondents: int) -> str:
    """A store with the generated survey and CRM, segmented with the real model; returns its URL."""
    from feedback_seg import accounts, projects, service
    from feedback_seg.nlp_models.embedders import default_embedder

    db = work / "demo.db"
    url = "sqlite:///" + str(db)
    if db.exists():
        return url
    data = work / "data"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(data),
                    "--respondents", str(respondents)], check=True)
    engine = service.open_store(url)
    service.ingest_file(engine, data / "brand_survey_qualtrics.csv", project="Brightleaf brand tracker")
    service.ingest_attributes(engine, data / "crm_customers.csv", key="customer_id",
                              project="Brightleaf brand tracker")
    service.run_segmentation(engine, "Brightleaf brand tracker", seed=0, embedder=default_embedder(),
                             params={"stability_seeds": 1})
    user = accounts.create_user(engine, "maya_marketer", PASSWORD, "marketer")
    pid = projects.list_projects(engine)[0]["id"]
    projects.add_member(engine, pid, user["id"])
    return url


@contextmanager
def serve(url: str, work: Path):
    from waitress.server import create_server

    from web import create_app

    app = create_app({"INSTANCE_PATH": str(work / "instance"), "DATABASE": url, "HTTPS_COOKIES": False})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", app
    finally:
        server.close()
        thread.join(5)


def shoot(page, path: Path) -> None:
    """A PNG of the page, at most MAX_HEIGHT tall and under MAX_BYTES (lower height if needed)."""
    height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
    while True:
        page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
        if path.stat().st_size <= MAX_BYTES or height < 600:
            return
        height = int(height * 0.85)


def capture(base: str, app, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from feedback_seg import service

    engine = app.extensions["feedback_seg_engine"]
    run_id = service.resolve_run(engine, "Brightleaf brand tracker")
    segs = [s for s in service.list_segments(engine, run_id) if s["key"] != "unassigned"]
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900}, color_scheme="light")
        page.on("console", lambda msg: msg.type == "error" and print("browser console:", msg.text))
        page.on("pageerror", lambda exc: print("page error:", exc))
        page.goto(base + "/login")
        page.fill("input[name=username]", "maya_marketer")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/projects**")
        for name, path, ready in (("run_overview", f"/runs/{run_id}", "#seg-map .main-svg"),
                                  ("segment_page", f"/segments/{segs[0]['segment_id']}", "#members"),
                                  ("persona_report", f"/runs/{run_id}/report", "h1")):
            page.goto(base + path)
            page.wait_for_selector(ready, timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            target = out / f"{name}.png"
            shoot(page, target)
            shots.append(target)
        browser.close()
    return shots


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--respondents", type=int, default=300)
    ap.add_argument("--workdir", type=Path, default=None, help="reuse a folder (keeps the built store)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    import torch
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory(prefix="fs-shots-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        url = build_demo(work, args.respondents)
        with serve(url, work) as (base, app):
            for p in capture(base, app, args.out):
                print(f"wrote {p} ({p.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
