"""Segment pages, their JSON twins, exports and the report route, per role and per policy."""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from feedback_seg import access, accounts, projects, service
from feedback_seg.export import TRIGGERS
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.review import events
from tests.test_web_support import BASE, PASSWORD, ROLES, login, make_app, new_client

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PLANTED = "planted.secret@example.com"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store with two segmented projects: "Own" (everyone a member) and "Other" (admin only).
    One Own answer carries a planted e-mail address (raw text) that redaction removes."""
    tmp = tmp_path_factory.mktemp("segweb")
    text = (SAMPLE / "brand_survey_qualtrics.csv").read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    planted = rows[3].replace("Ease of use", f"Ease of use (write to {PLANTED} now)", 1)
    assert planted != rows[3]
    rows[3] = planted
    survey = tmp / "survey.csv"
    survey.write_text("".join(rows), encoding="utf-8")
    app = make_app(tmp / "app")
    eng = app.extensions["feedback_seg_engine"]
    users = {r: accounts.create_user(eng, r + "_user", PASSWORD, r) for r in ROLES}
    own = projects.create_project(eng, "Own", users["researcher"]["id"])
    other = projects.create_project(eng, "Other", users["admin"]["id"])
    for r in ("marketer", "viewer"):
        projects.add_member(eng, own["id"], users[r]["id"])
    runs = {}
    for name, path in (("Own", survey), ("Other", SAMPLE / "brand_survey_qualtrics.csv")):
        service.ingest_file(eng, path, project=name)
        service.ingest_attributes(eng, SAMPLE / "crm_customers.csv", key="customer_id", project=name)
        runs[name] = service.run_segmentation(eng, name, seed=0, embedder=FakeEmbedder(),
                                              params={"stability_seeds": 1})
    eng.dispose()
    return tmp / "app" / "web.db", {"own": own["id"], "other": other["id"]}, runs


class Env:
    def __init__(self, app, pids, runs):
        self.app, self.engine, self.pids, self.runs = app, app.extensions["feedback_seg_engine"], pids, runs
        self.clients = {}
        for role in ROLES:
            c = new_client(app)
            assert login(c, role + "_user").status_code == 302
            self.clients[role] = c
        self.clients["anonymous"] = new_client(app)

    def get(self, role, url):
        return self.clients[role].get(url, base_url=BASE)

    def segments(self, name="Own"):
        return service.list_segments(self.engine, self.runs[name])


@pytest.fixture
def env(built, tmp_path):
    db, pids, runs = built
    shutil.copy(db, tmp_path / "web.db")
    app = make_app(tmp_path, DATABASE="sqlite:///" + str(tmp_path / "web.db"))
    return Env(app, pids, runs)


def _can(env, role, action, pid):
    user = next(u for u in accounts.list_users(env.engine) if u["username"] == role + "_user")
    return access.can({**user, "active": True}, action, pid, env.engine)


def _pages(env, name):
    run_id = env.runs[name]
    seg = env.segments(name)[0]["segment_id"]
    pid = env.pids[name.lower()]
    return {
        f"/projects/{pid}/runs": "project.read", f"/runs/{run_id}": "project.read",
        f"/segments/{seg}": "project.read", f"/segments/{seg}?q=price": "project.read",
        f"/api/v1/projects/{pid}/runs": "project.read", f"/api/v1/runs/{run_id}": "project.read",
        f"/api/v1/runs/{run_id}/map": "project.read", f"/api/v1/segments/{seg}": "project.read",
        f"/api/v1/segments/{seg}/members": "project.read",
        f"/api/v1/runs/{run_id}/personas": "export.aggregate", f"/runs/{run_id}/report": "export.aggregate",
        f"/runs/{run_id}/export/json": "export.aggregate", f"/api/v1/runs/{run_id}/export/csv": "export.aggregate",
    }


@pytest.mark.parametrize("project", ["Own", "Other"])
def test_pages_follow_the_policy_for_every_role(env, project):
    for url, action in _pages(env, project).items():
        for role in ("anonymous", *ROLES):
            resp = env.get(role, url)
            allowed = role != "anonymous" and _can(env, role, action, env.pids[project.lower()])
            if allowed:
                assert resp.status_code == 200, (role, url, resp.status_code)
            elif role == "anonymous" and not url.startswith("/api/"):
                assert resp.status_code == 302 and "/login" in resp.headers["Location"], (role, url)
            else:
                assert resp.status_code in (401, 403), (role, url, resp.status_code)
                if url.startswith("/api/"):
                    assert resp.json["ok"] is False


def test_overview_shows_cards_map_chart_and_unassigned(env):
    run_id = env.runs["Own"]
    html = env.get("viewer", f"/runs/{run_id}").get_data(as_text=True)
    segs = env.segments()
    assert html.count('<li class="seg-card') == len(segs)
    for s in segs:
        assert s["name"] in html and f"/segments/{s['segment_id']}" in html
    if any(s["key"] == "unassigned" for s in segs):
        assert 'seg-card unassigned' in html and "did not fit any segment" in html
    assert f'data-map-url="/api/v1/runs/{run_id}/map"' in html
    chart = json.loads(re.search(r"data-segments='([^']*)'", html).group(1).replace("&#34;", '"'))
    assert [c["key"] for c in chart] == [s["key"] for s in segs]
    assert "<script>" not in html and "onclick" not in html   # CSP: no inline script
    points = env.get("viewer", f"/api/v1/runs/{run_id}/map").json["data"]
    assert len(points) == sum(s["size"] for s in segs)
    assert all("external_id" not in p and isinstance(p["x"], float) for p in points)


def test_suppressed_cells_read_less_than_k_never_numbers(env):
    k = service.run_manifest(env.engine, env.runs["Own"])["metrics"]["profile"]["k"]
    checked = 0
    for seg in env.segments():
        html = env.get("marketer", f"/segments/{seg['segment_id']}").get_data(as_text=True)
        for attr, block in (seg["profile"].get("attributes") or {}).items():
            for row in block.get("rows") or []:
                if not row["suppressed"]:
                    continue
                cells = re.search(r"<tr class=\"suppressed[^\"]*\">\s*<td>" + re.escape(row["level"]) +
                                  r"</td>(.*?)</tr>", html, re.S)
                assert cells, (attr, row["level"])
                nums = re.findall(r'<td class="num hidden-cell">([^<]*)</td>', cells.group(1))
                assert nums == [f"&lt;{k}", f"&lt;{k}"]
                checked += 1
    assert checked > 0, "the 40-person sample has suppressed cells"


def test_raw_text_never_shown_to_anyone_on_segment_pages(env):
    raw_hits = 0
    for role in ROLES:
        for seg in env.segments():
            for url in (f"/segments/{seg['segment_id']}?limit=200", f"/api/v1/segments/{seg['segment_id']}",
                        f"/api/v1/segments/{seg['segment_id']}/members?limit=200"):
                body = env.get(role, url).get_data(as_text=True)
                assert PLANTED not in body, (role, url)
                raw_hits += "Ease of use (write to" in body
    assert raw_hits > 0, "the planted answer is visible in its redacted form"


def test_members_search_and_keyset_pages(env):
    seg = env.segments()[0]
    seen, url = [], f"/api/v1/segments/{seg['segment_id']}/members?limit=3"
    while url:
        body = env.get("viewer", url).json
        seen += [m["respondent_id"] for m in body["data"]]
        assert all(m["items"] for m in body["data"])
        url = f"/api/v1/segments/{seg['segment_id']}/members?limit=3&next={body['next']}" if body["next"] else None
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == seg["size"]
    assert env.get("viewer", f"/api/v1/segments/{seg['segment_id']}/members?next=7").status_code == 400
    word = seg["keywords"][0]
    found = env.get("viewer", f"/api/v1/segments/{seg['segment_id']}/members?q={word}&limit=200").json["data"]
    assert found and all(any(word in it["text"].lower() for it in m["items"]) for m in found)
    html = env.get("viewer", f"/segments/{seg['segment_id']}?q={word}").get_data(as_text=True)
    assert html.count('<div class="member-head">') == len(found)
    if seg["size"] > 3:
        page = env.get("viewer", f"/segments/{seg['segment_id']}?limit=3").get_data(as_text=True)
        nxt = re.search(r'href="([^"]*next=[^"]*)"', page).group(1).replace("&amp;", "&")
        assert env.get("viewer", nxt).status_code == 200


def _cells(fmt: str, data: bytes) -> tuple[list[str], list[str]]:
    """(table names, every text cell) of an export."""
    if fmt == "csv":
        zf = zipfile.ZipFile(io.BytesIO(data))
        import csv
        cells = [c for n in zf.namelist() for row in csv.reader(io.StringIO(zf.read(n).decode())) for c in row]
        return zf.namelist(), cells
    if fmt == "json":
        payload = json.loads(data)
        cells = [v for k, rows in payload.items() if isinstance(rows, list) for r in rows for v in r.values()]
        return list(payload), [c for c in cells if isinstance(c, str)]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    cells.append(c.value)
    return wb.sheetnames, cells


def _number(cell: str) -> bool:
    """A typed number (e.g. a negative map coordinate) stays a number; it is not a formula."""
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_are_formula_safe_and_row_level_only_for_allowed_roles(env, fmt):
    seg = env.segments()[0]
    events.rename(env.engine, seg["segment_id"], "=HYPERLINK(\"http://evil\",\"x\")", user="t",
                  version=seg["version"])
    run_id = env.runs["Own"]
    for role in ("researcher", "marketer"):
        resp = env.get(role, f"/runs/{run_id}/export/{fmt}")
        assert resp.status_code == 200
        disp = resp.headers["Content-Disposition"]
        assert disp.startswith("attachment") and re.search(r'filename="?Own-run\d+-segments\.\w+"?$', disp)
        tables, cells = _cells(fmt, resp.data)
        assert cells and not [c for c in cells if c.startswith(TRIGGERS) and not _number(c)]
        assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells
        has_rows = any("assignments" in t for t in tables)
        assert has_rows == _can(env, role, "export.raw", env.pids["own"]), (role, tables)
    assert env.get("marketer", f"/runs/{run_id}/export/parquet").status_code == 400


def test_report_route_is_self_contained_and_downloadable(env):
    run_id = env.runs["Own"]
    resp = env.get("viewer", f"/runs/{run_id}/report")
    html = resp.get_data(as_text=True)
    assert resp.mimetype == "text/html" and "<script" not in html and not re.search(r"https?://", html)
    assert html.count('<section class="persona') == len(env.segments())
    dl = env.get("viewer", f"/runs/{run_id}/report?download=1")
    assert dl.headers["Content-Disposition"] == f'attachment; filename="Own-run{run_id}-personas.html"'


def test_hostile_segment_name_is_escaped_everywhere(env):
    seg = env.segments()[0]
    evil = "<img src=x onerror=alert(1)>'\"</div>"
    events.rename(env.engine, seg["segment_id"], evil, user="t", version=seg["version"])
    for url in (f"/runs/{env.runs['Own']}", f"/segments/{seg['segment_id']}", f"/runs/{env.runs['Own']}/report"):
        body = env.get("admin", url).get_data(as_text=True)
        assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body, url
    assert env.get("admin", f"/api/v1/segments/{seg['segment_id']}").json["data"]["name"] == evil


def test_missing_objects_are_404(env):
    assert env.get("admin", "/runs/999").status_code == 404
    assert env.get("admin", "/api/v1/segments/999").json["status"] == 404
    assert env.get("admin", "/api/v1/runs/999/map").status_code == 404


def test_runs_list_links_to_overview(env):
    html = env.get("viewer", f"/projects/{env.pids['own']}/runs").get_data(as_text=True)
    assert f"/runs/{env.runs['Own']}" in html and "latest" in html
    rows = env.get("viewer", f"/api/v1/projects/{env.pids['own']}/runs").json["data"]
    assert [r["run_id"] for r in rows] == [env.runs["Own"]] and rows[0]["status"] == "done"


def test_openapi_documents_the_segment_routes(env):
    doc = env.get("anonymous", "/api/v1/openapi.json").json
    for path in ("/api/v1/runs/{run_id}", "/api/v1/runs/{run_id}/map", "/api/v1/segments/{segment_id}/members",
                 "/api/v1/runs/{run_id}/export/{fmt}", "/api/v1/projects/{pid}/runs"):
        assert "get" in doc["paths"][path], path
    names = {p["name"] for p in doc["paths"]["/api/v1/segments/{segment_id}/members"]["get"]["parameters"]}
    assert {"limit", "next", "q"} <= names


@pytest.mark.slow
def test_overview_end_to_end_with_the_real_model(tmp_path):
    """Real model on generated survey + CRM data: overview, segment page, map and report all work."""
    import subprocess
    import sys

    from feedback_seg.nlp_models.embedders import default_embedder
    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(data), "--respondents", "120"],
                   check=True, capture_output=True)
    app = make_app(tmp_path / "app")
    eng = app.extensions["feedback_seg_engine"]
    service.ingest_file(eng, data / "brand_survey_qualtrics.csv", project="Real")
    service.ingest_attributes(eng, data / "crm_customers.csv", key="customer_id", project="Real")
    run_id = service.run_segmentation(eng, "Real", seed=0, embedder=default_embedder(), params={"stability_seeds": 1})
    accounts.create_user(eng, "m_user", PASSWORD, "marketer")
    pid = projects.list_projects(eng)[0]["id"]
    projects.add_member(eng, pid, next(u["id"] for u in accounts.list_users(eng) if u["username"] == "m_user"))
    c = new_client(app)
    assert login(c, "m_user").status_code == 302
    segs = service.list_segments(eng, run_id)
    assert sum(s["key"] != "unassigned" for s in segs) >= 2
    html = c.get(f"/runs/{run_id}", base_url=BASE).get_data(as_text=True)
    assert all(s["name"] in html for s in segs)
    for s in segs:
        page = c.get(f"/segments/{s['segment_id']}", base_url=BASE)
        assert page.status_code == 200 and "Profile against everyone" in page.get_data(as_text=True)
    assert len(c.get(f"/api/v1/runs/{run_id}/map", base_url=BASE).json["data"]) == 120
    assert c.get(f"/runs/{run_id}/report", base_url=BASE).status_code == 200


def test_original_text_only_on_request_and_only_for_allowed_roles(env):
    from feedback_seg import access
    for role in ROLES:
        for seg in env.segments():
            body = env.get(role, f"/segments/{seg['segment_id']}?raw=1").get_data(as_text=True)
            if access.role_allows(role, "export.raw"):
                continue   # allowed roles may see the original wording of the quotes
            assert PLANTED not in body, role


def test_overview_heading_counts_segments_as_the_facts_do(env):
    """The card list's heading and the "Segments" fact agree: the Unassigned card is not a segment."""
    run_id = env.runs["Own"]
    html = env.get("researcher", f"/runs/{run_id}").get_data(as_text=True)
    fact = int(re.search(r"<dt>Segments</dt><dd>(\d+)</dd>", html).group(1))
    heading = re.search(r'<h2 class="section-title">(\d+) segments?( and the unassigned)?</h2>', html)
    assert heading and int(heading.group(1)) == fact
    assert bool(heading.group(2)) == ('class="seg-card unassigned"' in html)


def test_look_alike_segments_are_flagged_from_their_current_keywords(env):
    from sqlalchemy import update

    from feedback_seg.store.engine import write_session
    from feedback_seg.store.schema import Segment

    run_id = env.runs["Own"]
    segs = [s for s in env.segments() if s["key"] != "unassigned"]
    assert len(segs) >= 2
    url = f"/runs/{run_id}"
    # the run's own keywords: whatever the fake embedder gave, a pair over 30% is named on the page
    expected = service.look_alike_segments(service.list_segments(env.engine, run_id))
    html = env.get("viewer", url).get_data(as_text=True)
    assert ('id="look-alike"' in html) == bool(expected)
    a, b = segs[:2]
    shared = ["refund", "delay", "price", "wait"]
    with write_session(env.engine) as s:          # make a and b share 4 of 10, any others none
        for sg, words in ((a, shared + [f"a{i}" for i in range(6)]), (b, shared + [f"b{i}" for i in range(6)])):
            s.execute(update(Segment).where(Segment.id == sg["segment_id"]).values(
                keywords=[[w, 1.0] for w in words]))
        for sg in segs[2:]:
            s.execute(update(Segment).where(Segment.id == sg["segment_id"]).values(
                keywords=[[f"{sg['key']}x{i}", 1.0] for i in range(10)]))
    pairs = service.look_alike_segments(service.list_segments(env.engine, run_id))
    assert [(p["a"]["segment_id"], p["b"]["segment_id"]) for p in pairs] in (
        [(a["segment_id"], b["segment_id"])], [(b["segment_id"], a["segment_id"])])
    assert pairs[0]["overlap"] == 0.4 and sorted(pairs[0]["shared"]) == sorted(shared)
    html = env.get("viewer", url).get_data(as_text=True)
    assert 'id="look-alike"' in html and "4 of 10 keywords shared" in html
    assert f"/segments/{a['segment_id']}" in html.split('id="look-alike"')[1].split("</section>")[0]
    with write_session(env.engine) as s:          # 3 of 10 (30%) is within the target: no warning
        s.execute(update(Segment).where(Segment.id == b["segment_id"]).values(
            keywords=[[w, 1.0] for w in shared[:3] + [f"b{i}" for i in range(7)]]))
    assert 'id="look-alike"' not in env.get("viewer", url).get_data(as_text=True)
