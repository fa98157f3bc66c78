"""Screenshots of the segment pages for the docs: run overview, one segment page, the persona report,
at laptop (1280 px) and phone (390 px) width.

By default from a real survey: the shared OSMI 2016 mental-health-in-tech export
(``../shared/datasets/osmi/``), ingested and segmented with the real embedding model as a user's
upload would be; ``--demo`` uses the generator's survey + CRM instead. Serves the app with waitress
on 127.0.0.1 and captures the pages with headless Chromium (Playwright) into ``docs/screenshots/``.

    .venv/bin/python docs/make_screenshots.py [--demo] [--workdir DIR] [--out docs/screenshots]

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
WIDTHS = {"": (1280, 900), "_phone": (390, 844)}     # file suffix -> viewport
MAX_HEIGHT = 2400
MAX_BYTES = 400 * 1024
OSMI = ROOT.parent / "shared" / "datasets" / "osmi" / "mental-heath-in-tech-2016_20161114.csv"
PROJECT = {"osmi": "OSMI mental health in tech 2016", "demo": "Brightleaf brand tracker"}


def build_store(work: Path, source: str, respondents: int = 300) -> str:
    """A store with the chosen data, segmented with the real model; returns its URL."""
    from feedback_seg import accounts, projects, service
    from feedback_seg.nlp_models.embedders import default_embedder

    db = work / f"{source}.db"
    url = "sqlite:///" + str(db)
    if db.exists():
        return url
    engine = service.open_store(url)
    project = PROJECT[source]
    if source == "osmi":
        if not OSMI.exists():
            raise SystemExit(f"{OSMI} not found: run with --demo, or from a checkout next to ../shared")
        service.ingest_file(engine, OSMI, project=project)
    else:
        data = work / "data"
        subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(data),
                        "--respondents", str(respondents)], check=True)
        service.ingest_file(engine, data / "brand_survey_qualtrics.csv", project=project)
        service.ingest_attributes(engine, data / "crm_customers.csv", key="customer_id", project=project)
    service.run_segmentation(engine, project, seed=0, embedder=default_embedder(), params={"stability_seeds": 1})
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


def shoot(page, path: Path, width: int) -> None:
    """A PNG of the page, at most MAX_HEIGHT tall and under MAX_BYTES (lower height if needed)."""
    height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
    while True:
        page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        if path.stat().st_size <= MAX_BYTES or height < 600:
            return
        height = int(height * 0.85)


def capture(base: str, app, out: Path, project: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from feedback_seg import service

    engine = app.extensions["feedback_seg_engine"]
    run_id = service.resolve_run(engine, project)
    segs = [s for s in service.list_segments(engine, run_id) if s["key"] != "unassigned"]
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for suffix, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
            page.on("console", lambda msg: msg.type == "error" and print("browser console:", msg.text))
            page.on("pageerror", lambda exc: print("page error:", exc))
            page.goto(base + "/login")
            page.fill("input[name=username]", "maya_marketer")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/projects**")
            for name, path, ready in (("run_overview", f"/runs/{run_id}", "#seg-map svg"),
                                      ("segment_page", f"/segments/{segs[0]['segment_id']}", "#members"),
                                      ("persona_report", f"/runs/{run_id}/report", "h1")):
                page.goto(base + path)
                page.wait_for_selector(ready, timeout=30_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
                target = out / f"{name}{suffix}.png"
                shoot(page, target, width)
                shots.append(target)
            page.close()
        browser.close()
    return shots


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", action="store_true", help="the generator's demo data instead of OSMI 2016")
    ap.add_argument("--respondents", type=int, default=300, help="with --demo: how many to generate")
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
        source = "demo" if args.demo else "osmi"
        url = build_store(work, source, args.respondents)
        with serve(url, work) as (base, app):
            for p in capture(base, app, args.out, PROJECT[source]):
                print(f"wrote {p} ({p.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
