"""Review actions through the HTML forms and the JSON API: rename, accept name, merge, split,
pin, move / outlier / confirm (single and bulk), undo, 409 on stale versions, the queue and the
audit log. Also the helpers the route x role matrix uses to give these routes fresh objects."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from feedback_seg import accounts, projects, service
from feedback_seg.review import events
from feedback_seg.review.split import accept_split, preview_split
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Item
from tests.test_review_split import FAST, SAMPLE
from tests.test_web_support import BASE, PASSWORD, login, make_app, new_client, csrf_from


def add_demo_run(engine, project_name: str) -> int:
    """Ingest the demo survey into a project and segment it with the fake embedder."""
    from feedback_seg.nlp_models.embedders import FakeEmbedder
    service.ingest_file(engine, SAMPLE, project=project_name)
    return service.run_segmentation(engine, project_name, seed=0, embedder=FakeEmbedder(), params=FAST)


def run_objects(engine, run_id: int, segment_id: int) -> dict:
    """Route values: the run, a segment, one of its members and one of their items."""
    member = service.segment_members(engine, segment_id, limit=1)["members"][0]
    return {"run_id": run_id, "segment_id": segment_id, "respondent_id": member["respondent_id"],
            "item_id": member["items"][0]["item_id"]}


# ---- hooks for tests/test_web_policy.py: fresh state per request -----------------------------

def review_objects(engine, project_name: str) -> dict:
    """A segmented run in ``project_name`` whose largest segment is split in two (so there are
    always two active segments, whatever the clustering found): route values for the matrix."""
    run_id = add_demo_run(engine, project_name)
    big = max((s for s in service.list_segments(engine, run_id) if s["status"] == "active"), key=lambda s: s["size"])
    groups = [g["respondent_ids"] for g in preview_split(engine, big["segment_id"])["groups"]]
    first, second = accept_split(engine, big["segment_id"], groups, user="fixture")["new_segment_ids"]
    values = run_objects(engine, run_id, first)
    values["merge_source_id"] = second
    return values


def _restore_split(env, values):
    """Undo any split of the matrix segment, so it is active again."""
    pid = service.run_manifest(env.engine, values["run_id"])["project_id"]
    for e in events.list_events(env.engine, pid, limit=1000)["events"]:
        if e["kind"] == "split" and not e["undone"] and e["payload"].get("segment_id") == values["segment_id"]:
            events.undo(env.engine, e["event_id"], user="matrix")


def _split(api: bool):
    def hook(env, values):
        _restore_split(env, values)
        groups = [g["respondent_ids"] for g in preview_split(env.engine, values["segment_id"])["groups"]]
        return values, {"groups": groups if api else json.dumps(groups), **_version(env, values)[1]}
    return hook


def _preview(env, values):
    _restore_split(env, values)
    return values, {}


def _fresh_event(env, values):
    eid = events.rename(env.engine, values["segment_id"], "Before undo", user="matrix")["event_id"]
    return dict(values, event_id=eid), {}


def current_versions(engine, run_id: int, api: bool) -> dict:
    """Every segment's current version: ``{"versions": {...}}`` for the API, ``version_<id>`` form fields."""
    v = {str(s["segment_id"]): s["version"] for s in service.list_segments(engine, run_id)}
    return {"versions": v} if api else {f"version_{k}": n for k, n in v.items()}


def _version(env, values):
    return values, {"version": service.get_segment(env.engine, values["segment_id"])["version"]}


def _people(api: bool):
    def hook(env, values):
        rid = values["respondent_id"]
        return values, {"action": "confirm", "respondent_ids": [rid] if api else str(rid),
                        **current_versions(env.engine, values["run_id"], api)}
    return hook


def _pin(env, values):
    return values, {"item_id": values["item_id"], **_version(env, values)[1]}


def _merge(api: bool):
    def hook(env, values):
        values, extra = _unmerge(env, values)
        return values, {**extra, **current_versions(env.engine, values["run_id"], api)}
    return hook


def _unmerge(env, values):
    """Undo an earlier merge of the matrix pair, so the source is active again (merging a merged
    segment is refused with 409)."""
    pid = service.run_manifest(env.engine, values["run_id"])["project_id"]
    for e in events.list_events(env.engine, pid, limit=1000)["events"]:
        if e["kind"] == "merge" and not e["undone"] and e["payload"].get("into_id") == values["segment_id"]:
            events.undo(env.engine, e["event_id"], user="matrix")
    return values, {"source_ids": [values["merge_source_id"]], "target_id": values["segment_id"]}


POLICY_ENDPOINTS = {
    "review.page": "project.read", "review.queue": "project.read", "review.audit": "project.read",
    "review.rename": "segment.edit", "review.accept_name": "segment.edit", "review.merge": "segment.edit",
    "review.split_preview": "segment.edit", "review.split_accept": "segment.edit", "review.pin": "segment.edit",
    "review.respondents": "segment.edit", "review.undo": "segment.edit",
    "api.review_queue_api": "project.read", "api.review_selection_api": "project.read",
    "api.review_events_api": "project.read", "api.review_respondents_api": "segment.edit",
    "api.review_rename_api": "segment.edit", "api.review_accept_name_api": "segment.edit",
    "api.review_merge_api": "segment.edit", "api.review_split_preview_api": "segment.edit",
    "api.review_split_api": "segment.edit", "api.review_pin_api": "segment.edit",
    "api.review_undo_api": "segment.edit",
}
# endpoint -> hook(env, values) -> (values, extra request fields), run before each request
POLICY_PREPARE = {
    "review.undo": _fresh_event, "api.review_undo_api": _fresh_event,
    "review.split_preview": _preview, "api.review_split_preview_api": _preview,
    "review.split_accept": _split(api=False), "api.review_split_api": _split(api=True),
    "review.respondents": _people(api=False), "api.review_respondents_api": _people(api=True),
    "review.pin": _pin, "api.review_pin_api": _pin, "review.merge": _merge(False), "api.review_merge_api": _merge(True),
    "review.rename": _version, "api.review_rename_api": _version,
    "review.accept_name": _version, "api.review_accept_name_api": _version,
}
POLICY_QUERY = {"api.review_selection_api": "?max_confidence=1"}   # GETs that need a filter


# ---- the tests -------------------------------------------------------------------------------

class Env:
    pass


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = Env()
    e.app = make_app(tmp_path_factory.mktemp("review"))
    e.engine = e.app.extensions["feedback_seg_engine"]
    e.users = {r: accounts.create_user(e.engine, f"{r}_rev", PASSWORD, r) for r in ("researcher", "marketer", "viewer")}
    e.project = projects.create_project(e.engine, "Review project", e.users["researcher"]["id"])
    for r in ("marketer", "viewer"):
        projects.add_member(e.engine, e.project["id"], e.users[r]["id"])
    e.values = review_objects(e.engine, "Review project")
    e.run_id = e.values["run_id"]
    e.clients = {}
    for r in e.users:
        c = new_client(e.app)
        assert login(c, f"{r}_rev").status_code == 302
        e.clients[r] = c
    return e


def _seg(env, sid):
    return service.get_segment(env.engine, sid)


def _api(env, role, method, url, body=None):
    c = env.clients[role]
    return c.open(url, method=method, base_url=BASE, json=body, headers={"X-CSRFToken": csrf_from(c)})


def _form(env, role, url, data):
    c = env.clients[role]
    return c.post(url, base_url=BASE, data=dict(data, csrf_token=csrf_from(c)))


def _last_event(env):
    return events.list_events(env.engine, env.project["id"], limit=1)["events"][0]


def test_rename_form_and_api_with_stale_version(env):
    sid = env.values["segment_id"]
    v = _seg(env, sid)["version"]
    r = _form(env, "marketer", f"/segments/{sid}/rename", {"name": "Price hunters", "version": v})
    assert r.status_code == 303 and _seg(env, sid)["name"] == "Price hunters"
    ev = _last_event(env)
    assert ev["kind"] == "rename" and ev["user"] == "marketer_rev" and ev["payload"]["after"] == "Price hunters"
    stale = _form(env, "marketer", f"/segments/{sid}/rename", {"name": "Lost update", "version": v})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "changed by someone else" in html and "Price hunters" in html
    assert _seg(env, sid)["name"] == "Price hunters"
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{sid}/rename", {"name": "Deal seekers", "version": v + 1})
    assert r.status_code == 200 and r.get_json()["data"]["version"] == v + 2
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{sid}/rename", {"name": "Nope", "version": v})
    body = r.get_json()
    assert r.status_code == 409 and body["ok"] is False and body["status"] == 409
    assert _seg(env, sid)["name"] == "Deal seekers"


def test_accept_name_and_viewer_refused(env):
    sid = env.values["segment_id"]
    seg = _seg(env, sid)
    r = _api(env, "viewer", "POST", f"/api/v1/segments/{sid}/accept-name", {"version": seg["version"]})
    assert r.status_code == 403
    assert _form(env, "viewer", f"/segments/{sid}/rename", {"name": "x"}).status_code == 403
    r = _form(env, "marketer", f"/segments/{sid}/accept-name", {"version": seg["version"]})
    assert r.status_code == 303 and _seg(env, sid)["human_name"] == seg["auto_name"]
    r = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/accept-name", {"version": seg["version"]})
    assert r.status_code == 409


def test_session_api_needs_csrf_but_bearer_does_not(env):
    sid = env.values["segment_id"]
    c = env.clients["researcher"]
    r = c.post(f"/api/v1/segments/{sid}/rename", base_url=BASE, json={"name": "No token"})
    assert r.status_code == 400 and r.get_json()["code"] == "CSRF"
    token = accounts.issue_api_token(env.engine, env.users["researcher"]["id"])
    bare = env.app.test_client()
    r = bare.post(f"/api/v1/segments/{sid}/rename", base_url=BASE,
                  json={"name": "By token", "version": _seg(env, sid)["version"]},
                  headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and _seg(env, sid)["name"] == "By token"


def test_merge_then_undo_via_api_and_audit(env):
    target, source = env.values["segment_id"], env.values["merge_source_id"]
    size = _seg(env, target)["size"] + _seg(env, source)["size"]
    versions = {str(target): _seg(env, target)["version"], str(source): _seg(env, source)["version"]}
    r = _form(env, "marketer", f"/runs/{env.run_id}/merge",
              {"target_id": target, "source_ids": [source], **{f"version_{k}": v for k, v in versions.items()}})
    assert r.status_code == 303
    assert _seg(env, target)["size"] == size and _seg(env, source)["status"] == "merged"
    ev = _last_event(env)
    assert ev["kind"] == "merge"
    r = _api(env, "marketer", "POST", f"/api/v1/events/{ev['event_id']}/undo")
    assert r.status_code == 200 and _seg(env, source)["status"] == "active"
    assert _seg(env, target)["size"] + _seg(env, source)["size"] == size
    assert _api(env, "marketer", "POST", f"/api/v1/events/{ev['event_id']}/undo").status_code == 409
    r = _api(env, "marketer", "POST", f"/api/v1/segments/{target}/merge",
             {"source_ids": [source], "versions": {str(source): 1, str(target): _seg(env, target)["version"]}})
    assert r.status_code == 409                                           # stale source version
    audit = env.clients["viewer"].get(f"/projects/{env.project['id']}/audit", base_url=BASE).get_data(as_text=True)
    assert "merge" in audit and "undo" in audit and "marketer_rev" in audit and "(undone)" in audit
    assert "Undo</button>" not in audit                                  # viewers cannot undo


def test_split_preview_accept_and_undo_by_form(env):
    sid = env.values["merge_source_id"]
    page = env.clients["researcher"].get(f"/segments/{sid}/split?k=2", base_url=BASE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Accept this split" in html
    groups = json.loads(re.search(r'name="groups" value="([^"]+)"', html).group(1).replace("&#34;", '"'))
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    api = _api(env, "researcher", "GET", f"/api/v1/segments/{sid}/split?k=2").get_json()["data"]
    assert [g["respondent_ids"] for g in api["groups"]] == groups
    r = _form(env, "researcher", f"/segments/{sid}/split", {"groups": json.dumps(groups), "version": version})
    assert r.status_code == 303 and _seg(env, sid)["status"] == "split"
    ev = _last_event(env)
    assert ev["kind"] == "split" and len(ev["payload"]["new_segment_ids"]) == 2
    review = env.clients["viewer"].get(f"/runs/{env.run_id}/review", base_url=BASE).get_data(as_text=True)
    assert all(f'data-segment-id="{n}"' in review for n in ev["payload"]["new_segment_ids"])
    r = _form(env, "researcher", f"/events/{ev['event_id']}/undo", {})
    assert r.status_code == 303 and _seg(env, sid)["status"] == "active"
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{sid}/split", {"groups": groups, "version": version})
    assert r.status_code == 409                                           # the undo bumped the version


def test_move_outlier_confirm_single_and_bulk(env):
    target = env.values["segment_id"]
    members = service.segment_members(env.engine, env.values["merge_source_id"], limit=3)["members"]
    rid = members[0]["respondent_id"]
    v = _seg(env, target)["version"]
    body = {"action": "move", "respondent_ids": [rid], "target_segment_id": target}
    r = _api(env, "marketer", "POST", f"/api/v1/runs/{env.run_id}/respondents", dict(body, version=v))
    assert r.status_code == 400 and "versions[" in r.get_json()["error"]   # where the person is now: required
    assert _last_event(env)["kind"] != "move"
    seen = current_versions(env.engine, env.run_id, True)
    r = _api(env, "marketer", "POST", f"/api/v1/runs/{env.run_id}/respondents", dict(body, **seen))
    assert r.status_code == 200
    a = {x["respondent_id"]: x for x in service.assignments(env.engine, env.run_id)}
    assert a[rid]["origin"] == "human" and a[rid]["segment_key"] == _seg(env, target)["key"]
    r = _api(env, "marketer", "POST", f"/api/v1/runs/{env.run_id}/respondents", dict(body, **seen))
    assert r.status_code == 409
    r = _api(env, "marketer", "POST", f"/api/v1/runs/{env.run_id}/respondents",
             {"action": "outlier", "respondent_ids": [members[1]["respondent_id"]],
              **current_versions(env.engine, env.run_id, True)})
    assert r.status_code == 200
    a = {x["respondent_id"]: x for x in service.assignments(env.engine, env.run_id)}
    assert a[members[1]["respondent_id"]]["segment_key"] == "unassigned"
    # bulk: confirm everyone left in the source segment, chosen by a filter, through the form
    source = env.values["merge_source_id"]
    expected = [m["respondent_id"] for m in service.segment_members(env.engine, source, limit=1000)["members"]]
    r = _form(env, "marketer", f"/runs/{env.run_id}/respondents", {"action": "confirm", "segment_id": source})
    assert r.status_code == 400 and "is required" in r.get_data(as_text=True)
    r = _form(env, "marketer", f"/runs/{env.run_id}/respondents",
              {"action": "confirm", "segment_id": source, **current_versions(env.engine, env.run_id, False)})
    assert r.status_code == 303
    a = {x["respondent_id"]: x for x in service.assignments(env.engine, env.run_id)}
    assert expected and all(a[x]["origin"] == "human" for x in expected)
    assert _last_event(env)["payload"]["respondent_ids"] == expected
    sel = _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/selection?segment_id={source}&origin=human")
    assert sel.get_json()["data"] == expected
    r = _form(env, "marketer", f"/runs/{env.run_id}/respondents", {"action": "confirm"})
    assert r.status_code == 400 and "filter" in r.get_data(as_text=True)  # never "everyone" by accident


def test_pin_and_unpin(env):
    sid, item = env.values["segment_id"], env.values["item_id"]
    r = _form(env, "marketer", f"/segments/{sid}/pin", {"item_id": item, "pin": "1"})
    assert r.status_code == 400 and "version is required" in r.get_data(as_text=True)
    r = _form(env, "marketer", f"/segments/{sid}/pin", {"item_id": item, "pin": "1", "version": _seg(env, sid)["version"]})
    assert r.status_code == 303 and _seg(env, sid)["pinned"][0] == item
    r = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/pins",
             {"item_id": item, "pin": False, "version": _seg(env, sid)["version"]})
    assert r.status_code == 200 and item not in _seg(env, sid)["pinned"]


def test_pin_refuses_an_item_of_another_project(env):
    sid = env.values["segment_id"]
    other = projects.create_project(env.engine, "Pin stranger", env.users["researcher"]["id"])
    service.ingest_file(env.engine, SAMPLE, project=other["name"])
    with read_session(env.engine) as s:
        theirs = s.scalars(select(Item.id).where(Item.project_id == other["id"])).first()
    before = _seg(env, sid)["pinned"]
    r = _api(env, "marketer", "POST", f"/api/v1/segments/{sid}/pins",
             {"item_id": theirs, "pin": True, "version": _seg(env, sid)["version"]})
    assert r.status_code == 404 and _seg(env, sid)["pinned"] == before
    r = _form(env, "marketer", f"/segments/{sid}/pin", {"item_id": theirs, "pin": "1", "version": _seg(env, sid)["version"]})
    assert r.status_code == 404 and _seg(env, sid)["pinned"] == before
    assert all(e["payload"].get("item_id") != theirs
               for e in events.list_events(env.engine, env.project["id"], limit=1000)["events"])


def test_queue_page_and_api_paging(env):
    html = env.clients["viewer"].get(f"/runs/{env.run_id}/queue", base_url=BASE).get_data(as_text=True)
    assert 'id="queue"' in html and "review.js" in html and "<kbd>j</kbd>" in html
    assert "assign to the listed segment" not in html                     # viewers get no edit keys
    assert "assign to the listed segment" in \
        env.clients["marketer"].get(f"/runs/{env.run_id}/queue", base_url=BASE).get_data(as_text=True)
    first = _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/queue?limit=3").get_json()
    assert first["ok"] and len(first["data"]["entries"]) <= 3 and first["data"]["segments"]
    seen = [e["respondent_id"] for e in first["data"]["entries"]]
    token = first.get("next")
    while token:
        page = _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/queue?limit=3&next={token}").get_json()
        seen += [e["respondent_id"] for e in page["data"]["entries"]]
        token = page.get("next")
    assert len(seen) == len(set(seen)) == first["data"]["remaining"]
    assert _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/queue?next=forged").status_code == 400


def test_queue_spread_mode_page_and_api(env):
    html = env.clients["viewer"].get(f"/runs/{env.run_id}/queue?mode=spread&per_segment=2",
                                     base_url=BASE).get_data(as_text=True)
    assert "2 people per segment" in html and "mode=spread" in html and "per_segment=2" in html
    body = _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/queue?mode=spread&per_segment=2&limit=100").get_json()
    per_seg: dict = {}
    for e in body["data"]["entries"]:
        per_seg[e["segment_id"]] = per_seg.get(e["segment_id"], 0) + 1
    assert body["ok"] and per_seg and max(per_seg.values()) <= 2
    for bad in ("mode=nearest", "mode=spread&per_segment=0", "mode=spread&per_segment=x"):
        assert _api(env, "viewer", "GET", f"/api/v1/runs/{env.run_id}/queue?{bad}").status_code == 400


def test_audit_paging_newest_first(env):
    pid = env.project["id"]
    body = _api(env, "viewer", "GET", f"/api/v1/projects/{pid}/events?limit=2").get_json()
    ids = [e["event_id"] for e in body["data"]]
    assert ids == sorted(ids, reverse=True) and body["next"]
    older = _api(env, "viewer", "GET", f"/api/v1/projects/{pid}/events?limit=2&next={body['next']}").get_json()
    assert max(e["event_id"] for e in older["data"]) < min(ids)
    html = env.clients["viewer"].get(f"/projects/{pid}/audit?limit=2", base_url=BASE).get_data(as_text=True)
    assert "Older events" in html and html.count("<tr data-event-id") == 2


# ---- every review write needs the version it was based on (issue 16.3) -----------------------

def _writes(env):
    """(API url, body without any version, version fields) for every segment write of the review API."""
    sid = env.values["segment_id"]
    v = {"version": _seg(env, sid)["version"]}
    member = service.segment_members(env.engine, sid, limit=1)["members"][0]
    people = {"action": "confirm", "respondent_ids": [member["respondent_id"]]}
    return [(f"/api/v1/segments/{sid}/rename", {"name": "Versioned"}, v),
            (f"/api/v1/segments/{sid}/accept-name", {}, v),
            (f"/api/v1/segments/{sid}/pins", {"item_id": env.values["item_id"], "pin": True}, v),
            (f"/api/v1/runs/{env.run_id}/respondents", people, current_versions(env.engine, env.run_id, True))]


def test_every_review_write_without_version_is_400_stale_409_right_200(env):
    for url, body, _ in _writes(env):
        before = _last_event(env)["event_id"]
        r = _api(env, "researcher", "POST", url, body)
        assert r.status_code == 400 and "required" in r.get_json()["error"], (url, r.get_json())
        assert "version" in r.get_json()["error"]                          # the message names the field
        assert _last_event(env)["event_id"] == before                      # nothing written
    for i in range(len(_writes(env))):
        url, body, versions = _writes(env)[i]          # read afresh: the previous write bumped versions
        stale = {k: ({i: n - 1 for i, n in v.items()} if isinstance(v, dict) else v - 1) for k, v in versions.items()}
        assert _api(env, "researcher", "POST", url, dict(body, **stale)).status_code == 409, url
        assert _api(env, "researcher", "POST", url, dict(body, **versions)).status_code == 200, url
    sid = env.values["segment_id"]
    r = _form(env, "researcher", f"/segments/{sid}/rename", {"name": "No version"})
    assert r.status_code == 400 and "version is required" in r.get_data(as_text=True)
    r = _form(env, "researcher", f"/segments/{sid}/accept-name", {})
    assert r.status_code == 400 and _seg(env, sid)["name"] != "No version"
    target, source = env.values["segment_id"], env.values["merge_source_id"]
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{target}/merge", {"source_ids": [source]})
    assert r.status_code == 400 and f"versions[{target}]" in r.get_json()["error"]
    r = _api(env, "researcher", "POST", f"/api/v1/segments/{source}/split", {"groups": [[1], [2]]})
    assert r.status_code == 400 and "version is required" in r.get_json()["error"]


def test_review_forms_and_queue_carry_versions(env):
    html = env.clients["researcher"].get(f"/runs/{env.run_id}/review", base_url=BASE).get_data(as_text=True)
    writes = [f for f in re.findall(r'<form method="post".*?</form>', html, flags=re.S)
              if re.search(r'action="[^"]*/(segments/\d+/|runs/\d+/(merge|respondents))', f)]
    assert len(writes) >= 4
    for form in writes:
        assert 'name="version' in form, form[:200]
    q = _api(env, "researcher", "GET", f"/api/v1/runs/{env.run_id}/queue").get_json()["data"]
    assert set(q["versions"]) == {str(s["segment_id"]) for s in service.list_segments(env.engine, env.run_id)}


# ---- redirects after a form action (issue 16.8) ----------------------------------------------

@pytest.mark.parametrize("nxt", ["/\t/evil.example", "/\n/x", "//evil.example", "/\\evil.example",
                                 "https://evil.example/", "/\r\nSet-Cookie: a=b", " /x", "/%0a", "/ /evil"])
def test_next_only_accepts_same_origin_paths(env, nxt):
    sid = env.values["segment_id"]
    r = _form(env, "researcher", f"/segments/{sid}/rename",
              {"name": "Redirect probe", "version": _seg(env, sid)["version"], "next": nxt})
    loc = r.headers.get("Location", "")
    assert r.status_code == 303 and _seg(env, sid)["name"] == "Redirect probe"
    if nxt == "/%0a":
        assert loc.endswith("/%0a")                                       # an encoded path is just a path
    else:
        assert loc.endswith(f"/runs/{env.run_id}/review"), (nxt, loc)      # anything else: back to the page
    assert "evil" not in loc and "\n" not in loc and "\t" not in loc


def test_next_keeps_a_local_path(env):
    sid = env.values["segment_id"]
    r = _form(env, "researcher", f"/segments/{sid}/rename",
              {"name": "Local next", "version": _seg(env, sid)["version"], "next": f"/runs/{env.run_id}/queue?mode=spread"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/runs/{env.run_id}/queue?mode=spread")
