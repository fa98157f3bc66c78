"""The feedback loop in the UI and API: re-run with corrections (a ``segment`` job), emerging segments
(accept / dismiss, 409 on stale versions, undo), and the run diff. Also the helpers the route x role
matrix (tests/test_web_policy.py) uses to give these routes fresh objects."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from feedback_seg import accounts, jobs, projects, service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.review import events
from feedback_seg.pipeline.extend import assign_new
from tests.test_feedback_loop import PARAMS, TOPICS, topic_text, write_file
from tests.test_web_review import add_demo_run
from tests.test_web_support import BASE, PASSWORD, csrf_from, login, make_app, new_client

NEW = 40
NOVEL = "vegan recipe tofu kale salad lentil quinoa avocado".split()


def novel_records(n: int = NEW) -> list[dict]:
    """People writing about one topic the demo survey never mentions."""
    return [{"customer_id": f"Z{i:03d}",
             "What do you think of us?": " ".join(np.random.default_rng(900 + i).choice(NOVEL, 6))}
            for i in range(n)]


def loop_objects(engine, project_name: str, tmp_dir) -> dict:
    """A run over three clear topics, new data about a fourth assigned to it (a child run, with
    emerging segments): route values. Adds to whatever the project already holds."""
    rows = [(f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i)) for i in range(60)]
    write_file(Path(tmp_dir) / "wave1.csv", rows)
    service.ingest_file(engine, Path(tmp_dir) / "wave1.csv", project=project_name)
    base = service.run_segmentation(engine, project_name, seed=0, embedder=FakeEmbedder(), params=PARAMS)
    out = assign_new(engine, project_name, novel_records(NEW), embedder=FakeEmbedder(), threshold=0.9)
    assert out["emerging"], "the novel topic should be offered as an emerging segment"
    return {"run_a": base, "run_b": out["run_id"], "child_run_id": out["run_id"],
            "emerging_id": out["emerging"][0]["segment_id"]}


# ---- hooks for tests/test_web_policy.py: fresh state per request -----------------------------

def _reopen(engine, segment_id: int) -> None:
    """Undo any live accept/dismiss of the emerging segment, so it can be decided again."""
    run_id = service.get_segment(engine, segment_id)["run_id"]
    pid = service.run_manifest(engine, run_id)["project_id"]
    for e in events.list_events(engine, pid, limit=1000)["events"]:
        if e["kind"] in ("accept_emerging", "dismiss_emerging") and not e["undone"] \
                and e["payload"].get("segment_id") == segment_id:
            events.undo(engine, e["event_id"], user="matrix")


def _emerging(env, values):
    _reopen(env.engine, values["emerging_id"])
    return dict(values, segment_id=values["emerging_id"]), \
        {"version": service.get_segment(env.engine, values["emerging_id"])["version"]}


def _child(env, values):
    return dict(values, run_id=values["child_run_id"]), {}


def _segment_job(env, values):
    job = jobs.start_job(env.engine, "segment", values["pid"], {}, user="matrix")
    return dict(values, job_id=job), {}


POLICY_ENDPOINTS = {
    "loop.rerun": "run.start", "api.loop_rerun_api": "run.start",
    "loop.rerun_job": "job", "loop.job_outcome": "job",
    "loop.accept": "segment.edit", "loop.dismiss": "segment.edit",
    "api.loop_accept_api": "segment.edit", "api.loop_dismiss_api": "segment.edit",
    "api.loop_emerging_api": "project.read",
    "loop.diff_parent": "project.read", "loop.diff": "project.read", "api.loop_diff_api": "project.read",
}
POLICY_PREPARE = {
    "loop.accept": _emerging, "loop.dismiss": _emerging,
    "api.loop_accept_api": _emerging, "api.loop_dismiss_api": _emerging,
    "loop.diff_parent": _child, "loop.rerun_job": _segment_job, "loop.job_outcome": _segment_job,
}


# ---- the tests -------------------------------------------------------------------------------

class Env:
    pass


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = Env()
    e.app = make_app(tmp_path_factory.mktemp("loop"))
    e.engine = e.app.extensions["feedback_seg_engine"]
    e.users = {r: accounts.create_user(e.engine, f"{r}_loop", PASSWORD, r) for r in ("researcher", "marketer", "viewer")}
    e.project = projects.create_project(e.engine, "Loop project", e.users["researcher"]["id"])
    for r in ("marketer", "viewer"):
        projects.add_member(e.engine, e.project["id"], e.users[r]["id"])
    e.first_run = add_demo_run(e.engine, "Loop project")
    e.values = loop_objects(e.engine, "Loop project", tmp_path_factory.mktemp("loopdata"))
    e.clients = {}
    for r in e.users:
        c = new_client(e.app)
        assert login(c, f"{r}_loop").status_code == 302
        e.clients[r] = c
    return e


def _api(env, role, method, url, body=None):
    c = env.clients[role]
    return c.open(url, method=method, base_url=BASE, json=body, headers={"X-CSRFToken": csrf_from(c)})


def _form(env, role, url, data=None):
    c = env.clients[role]
    return c.post(url, base_url=BASE, data=dict(data or {}, csrf_token=csrf_from(c)))


def _get(env, role, url):
    return env.clients[role].get(url, base_url=BASE)


def test_run_overview_offers_emerging_segments_and_diff(env):
    v = env.values
    html = _get(env, "marketer", f"/runs/{v['run_b']}").get_data(as_text=True)
    assert 'id="emerging"' in html and f"/segments/{v['emerging_id']}/emerging/accept" in html
    assert f"/runs/{v['run_a']}/diff/{v['run_b']}" in html
    assert "Re-run with my corrections" not in html          # marketers may not start runs
    html = _get(env, "researcher", f"/runs/{v['run_b']}/review").get_data(as_text=True)
    assert "Re-run with my corrections" in html and f"/runs/{v['run_b']}/rerun" in html
    viewer = _get(env, "viewer", f"/runs/{v['run_b']}").get_data(as_text=True)
    assert "emerging/accept" not in viewer and "emerging segment" in viewer
    em = _api(env, "viewer", "GET", f"/api/v1/runs/{v['run_b']}/emerging").get_json()["data"]
    assert [s["segment_id"] for s in em] == [s["segment_id"] for s in em if s["status"] == "emerging"]
    assert v["emerging_id"] in [s["segment_id"] for s in em] and all(s["size"] > 0 for s in em)


def test_accept_and_dismiss_with_stale_version_and_undo(env):
    sid = env.values["emerging_id"]
    _reopen(env.engine, sid)
    seg = service.get_segment(env.engine, sid)
    assert seg["status"] == "emerging"
    stale = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/emerging/accept", {"version": seg["version"] - 1})
    assert stale.status_code == 409 and stale.get_json()["ok"] is False
    assert service.get_segment(env.engine, sid)["status"] == "emerging"
    r = _form(env, "marketer", f"/segments/{sid}/emerging/accept", {"version": seg["version"]})
    assert r.status_code == 303 and service.get_segment(env.engine, sid)["status"] == "active"
    missing = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/emerging/dismiss", {})
    assert missing.status_code == 400 and "version is required" in missing.get_json()["error"]
    now = service.get_segment(env.engine, sid)["version"]
    again = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/emerging/dismiss", {"version": now})
    assert again.status_code == 400 and "not emerging" in again.get_json()["error"]
    ev = events.list_events(env.engine, env.project["id"], limit=1)["events"][0]
    assert ev["kind"] == "accept_emerging" and ev["user"] == "marketer_loop"
    r = _api(env, "marketer", "POST", f"/api/v1/events/{ev['event_id']}/undo")
    assert r.status_code == 200 and service.get_segment(env.engine, sid)["status"] == "emerging"
    size = service.get_segment(env.engine, sid)["size"]
    assert _form(env, "researcher", f"/segments/{sid}/emerging/dismiss", {}).status_code == 303   # flash, no write
    assert service.get_segment(env.engine, sid)["status"] == "emerging"
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{sid}/emerging/dismiss",
             {"version": service.get_segment(env.engine, sid)["version"]})
    assert r.status_code == 200 and r.get_json()["data"]["status"] == "dismissed"
    assert service.get_segment(env.engine, sid)["size"] == 0
    ev = events.list_events(env.engine, env.project["id"], limit=1)["events"][0]
    assert ev["kind"] == "dismiss_emerging"
    events.undo(env.engine, ev["event_id"], user="researcher_loop")
    back = service.get_segment(env.engine, sid)
    assert back["status"] == "emerging" and back["size"] == size
    assert _api(env, "viewer", "POST", f"/api/v1/segments/{sid}/emerging/accept", {}).status_code == 403


def test_accept_form_needs_csrf(env):
    sid = env.values["emerging_id"]
    r = env.clients["marketer"].post(f"/segments/{sid}/emerging/accept", base_url=BASE, data={})
    assert r.status_code == 400 and service.get_segment(env.engine, sid)["status"] == "emerging"


def test_diff_page_and_api(env):
    v = env.values
    d = _api(env, "viewer", "GET", f"/api/v1/runs/{v['run_a']}/diff/{v['run_b']}").get_json()["data"]
    assert d["people"]["only_in_b"] == NEW and sum(f["count"] for f in d["flows"]) == d["people"]["in_both"]
    assert d["people"]["moved"] == 0                                # assigning new data keeps everyone else
    r = _get(env, "viewer", f"/runs/{v['run_b']}/diff")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/runs/{v['run_a']}/diff/{v['run_b']}")
    html = _get(env, "viewer", f"/runs/{v['run_a']}/diff/{v['run_b']}").get_data(as_text=True)
    assert "Where people went" in html and f"{NEW} people only in Run " in html
    rows = re.findall(r'<tr class="(stayed|moved)"><td>.*?</td><td>.*?</td><td>(\d+)</td></tr>', html)
    assert sum(int(n) for _, n in rows) == d["people"]["in_both"] and len(rows) == len(d["flows"])
    assert _get(env, "viewer", f"/runs/{env.first_run}/diff").status_code == 404   # the first run has no parent
    assert _api(env, "viewer", "GET", f"/api/v1/runs/{v['run_a']}/diff/999999").status_code == 404


def test_rerun_with_corrections_starts_a_segment_job_and_links_its_diff(env, monkeypatch):
    v = env.values
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    seg = next(s for s in service.list_segments(env.engine, v["run_b"]) if s["status"] == "active")
    events.rename(env.engine, seg["segment_id"], "Kept by the re-run", user="researcher_loop", version=seg["version"])
    assert _form(env, "marketer", f"/runs/{v['run_b']}/rerun").status_code == 403
    assert env.clients["researcher"].post(f"/runs/{v['run_b']}/rerun", base_url=BASE).status_code == 400  # no CSRF
    r = _form(env, "researcher", f"/runs/{v['run_b']}/rerun")
    assert r.status_code == 303
    job_id = int(re.search(r"/jobs/(\d+)/rerun$", r.headers["Location"]).group(1))
    page = _get(env, "researcher", f"/jobs/{job_id}/rerun").get_data(as_text=True)
    assert f"/api/v1/jobs/{job_id}" in page and f"/jobs/{job_id}/outcome" in page
    waiting = _get(env, "researcher", f"/jobs/{job_id}/outcome")
    assert waiting.status_code == 303 and waiting.headers["Location"].endswith(f"/jobs/{job_id}/rerun")
    job = service.get_job(env.engine, job_id)
    assert job["kind"] == "segment" and job["status"] == "queued"
    result = jobs.run_job(env.engine, job_id)
    new_run = result["run_id"]
    assert service.run_manifest(env.engine, new_run)["parent_run_id"] == v["run_b"]
    names = {s["key"]: s["name"] for s in service.list_segments(env.engine, new_run)}
    assert names.get(seg["key"]) == "Kept by the re-run"
    done = _get(env, "researcher", f"/jobs/{job_id}/outcome")
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/runs/{new_run}/diff")
    api = _api(env, "researcher", "POST", f"/api/v1/runs/{v['run_b']}/rerun")
    assert api.status_code == 202 and service.get_job(env.engine, api.get_json()["data"]["job_id"])["kind"] == "segment"


def test_rerun_params_drop_what_belongs_to_one_run():
    from feedback_seg.web.loop import rerun_params

    out = rerun_params({"run_id": 7, "params": {"min_cluster_size": 12, "anchor_run": 3, "keys_from": 5,
                                                "events_upto": 40, "seed": 1}})
    assert out == {"min_cluster_size": 12, "keys_from": 7}   # anchored on run 7 by the next build
