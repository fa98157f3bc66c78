"""The "fewer / more segments" control and its API route (issue 11, point 2)."""
from __future__ import annotations

import re

from feedback_seg import service
from tests.test_web_review import add_demo_run
from tests.test_web_support import BASE, web_env  # noqa: F401


def test_run_overview_offers_the_candidate_counts_and_the_form_recuts(web_env):
    env = web_env
    run_id = add_demo_run(env.engine, env.own["name"])
    client = env.clients["marketer"]
    page = client.get(f"/runs/{run_id}", base_url=BASE).get_data(as_text=True)
    assert "Fewer / more segments" in page
    choices = service.recut_choices(env.engine, run_id)
    assert len(choices) >= 3 and sum(c["chosen"] for c in choices) == 1
    for c in choices:
        assert c["silhouette"] is not None            # every level shows how well it separates people
        assert f"{c['silhouette']:.2f}" in page
    n_now = service.run_manifest(env.engine, run_id)["metrics"]["n_segments"]
    resp = client.post(f"/runs/{run_id}/recut", base_url=BASE,
                       data={"segments": n_now + 1, "csrf_token": env.csrf("marketer")})
    assert resp.status_code == 303
    new_id = int(re.search(r"/runs/(\d+)", resp.headers["Location"]).group(1))
    assert service.run_manifest(env.engine, new_id)["params"]["recut_of"] == run_id
    new_page = client.get(f"/runs/{new_id}", base_url=BASE).get_data(as_text=True)
    assert f"/runs/{run_id}/diff/{new_id}" in new_page     # the diff between the two cuts


def test_recut_api_needs_csrf_and_permission(web_env):
    env = web_env
    run_id = add_demo_run(env.engine, env.own["name"])
    url = f"/api/v1/runs/{run_id}/recut"
    viewer = env.clients["viewer"]
    assert viewer.post(url, base_url=BASE, json={"segments": 2},
                       headers={"X-CSRFToken": env.csrf("viewer")}).status_code in (403, 404)
    researcher = env.clients["researcher"]
    assert researcher.post(url, base_url=BASE, json={"segments": 2}).status_code in (400, 403)
    assert researcher.post(url, base_url=BASE, json={"segments": "many"},
                           headers={"X-CSRFToken": env.csrf("researcher")}).status_code == 400
    resp = researcher.post(url, base_url=BASE, json={"segments": 2}, headers={"X-CSRFToken": env.csrf("researcher")})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    data = resp.get_json()["data"]
    assert data["recut_of"] == run_id and data["requested_segments"] == 2
    assert researcher.get(data["diff_url"], base_url=BASE).status_code == 200
