"""Authorisation matrix: every route x every role x {own project, other project}, expected from the
policy table in ``feedback_seg.access``. 0 unexpected allows, and every expected allow works."""
from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

from werkzeug.datastructures import FileStorage

from feedback_seg import access, jobs
from tests.test_web_loop import POLICY_ENDPOINTS as LOOP_ENDPOINTS
from tests.test_web_loop import POLICY_PREPARE as LOOP_PREPARE
from tests.test_web_loop import loop_objects
from tests.test_web_review import POLICY_ENDPOINTS, POLICY_PREPARE, POLICY_QUERY, review_objects
from tests.test_web_support import BASE, CSV, PASSWORD, ROLES, web_env  # noqa: F401

# endpoint -> the action it needs ("public": anyone; "job": project.read on the job's project)
ENDPOINTS = {
    "static": "public", "api.openapi": "public", "auth.login": "public",
    "pages.home": "account.self", "pages.account": "account.self", "pages.new_token": "account.self",
    "pages.revoke_token": "account.self", "api.me": "account.self",
    "projects.index": "project.list", "api.projects": "project.list",
    "projects.create": "project.create", "api.create_project": "project.create",
    "projects.show": "project.read", "projects.numbered_run": "project.read", "api.project": "project.read", "api.members": "project.read",
    "upload.form": "project.upload", "upload.receive": "project.upload", "upload.show": "project.upload",
    "upload.reread": "project.upload", "upload.confirm": "project.upload", "api.upload": "project.upload",
    "api.upload_preview": "project.upload", "api.confirm": "project.upload",
    "upload.download": "export.raw",
    "upload.job": "job", "api.job": "job",
    "admin.users": "user.admin", "admin.create_user": "user.admin", "admin.deactivate": "user.admin",
    "admin.activate": "user.admin", "api.users": "user.admin", "api.create_user": "user.admin",
    "api.deactivate_user": "user.admin", "api.activate_user": "user.admin",
    "admin.reset_password": "user.admin", "api.reset_password": "user.admin", "api.account_events": "user.admin",
    "admin.members": "project.members", "admin.add_member": "project.members",
    "admin.remove_member": "project.members", "api.add_member": "project.members",
    "api.remove_member": "project.members",
}
ENDPOINTS.update(POLICY_ENDPOINTS)     # review routes (tests/test_web_review.py)
ENDPOINTS.update(LOOP_ENDPOINTS)       # feedback loop routes (tests/test_web_loop.py)
PREPARE = {**POLICY_PREPARE, **LOOP_PREPARE}
ENDPOINTS.update({"ask.search_page": "project.read", "api.project_search": "project.read",   # web/ask.py
                  "api.run_needs": "project.read", "api.run_values": "project.read"})
ENDPOINTS.update({   # segment pages, their API twins, exports and the report (web/segments*.py)
    "segments.runs": "project.read", "segments.overview": "project.read", "segments.segment": "project.read",
    "segments.export": "export.aggregate", "segments.report_html": "export.aggregate",
    "api.project_runs": "project.read", "api.run": "project.read", "api.run_map": "project.read",
    "api.segment": "project.read", "api.segment_members": "project.read", "api.run_freshness": "project.read",
    "api.run_personas": "export.aggregate", "api.run_export": "export.aggregate"})
ENDPOINTS.update({"loop.recut_form": "segment.edit", "api.loop_recut_api": "segment.edit"})   # re-cuts
PREPARE.update({"loop.recut_form": lambda env, v: (v, {"segments": 2}),
                "api.loop_recut_api": lambda env, v: (v, {"segments": 2})})
# session changes for the caller; covered in test_web_security and test_web_accounts
SKIP = {"auth.logout", "auth.login", "pages.change_password", "api.change_password"}


def _fixtures(env):
    """One upload and one job in each project."""
    from web import storage
    admin = env.users["admin"]
    out = {}
    with env.app.test_request_context(base_url=BASE):
        for case, project in (("own", env.own), ("other", env.other)):
            meta = storage.save_upload(FileStorage(io.BytesIO(CSV), "answers.csv"), project["id"], admin)
            storage.preview(meta)
            job = jobs.start_job(env.engine, "process", project["id"], {}, user="admin_user")
            out[case] = {"pid": project["id"], "upload_id": meta["id"], "job_id": job,
                         "uid": env.victim["id"], "filename": "app.css"}
            out[case].update(review_objects(env.engine, project["name"]))   # run_id, segment_id, ...
            out[case]["fmt"] = "json"   # segment exports
            out[case].update(number=1, rest="review")   # per-project run numbers
            data_dir = Path(env.app.instance_path) / f"loop-{case}"
            data_dir.mkdir()
            out[case].update(loop_objects(env.engine, project["name"], data_dir))   # run_a, run_b, ...
    return out


def _expected(env, role, action, pid):
    if action == "public":
        return True
    if role == "anonymous":
        return False
    user = env.users[role]
    return access.can(user, "project.read" if action == "job" else action,
                      None if action in access.GLOBAL_ACTIONS else pid, env.engine)


def _request(env, role, rule, method, values, n):
    client = env.clients[role]
    values, extra = PREPARE.get(rule.endpoint, lambda e, v: (v, {}))(env, values)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule) + POLICY_QUERY.get(rule.endpoint, "")
    if method == "GET":
        return client.get(url, base_url=BASE)
    token = env.csrf(role) if role != "anonymous" else client.get("/login", base_url=BASE) and \
        re.search(r'name="csrf-token" content="([^"]+)"',
                  client.get("/login", base_url=BASE).get_data(as_text=True)).group(1)
    fields = {"name": f"Matrix {n}", "username": f"matrix{n}", "password": PASSWORD, "role": "viewer",
              "user_id": env.victim["id"], **extra}
    if rule.endpoint.startswith("api."):
        if rule.endpoint == "api.upload":
            return client.post(url, base_url=BASE, headers={"X-CSRFToken": token},
                               data={"file": (io.BytesIO(CSV), "a.csv")}, content_type="multipart/form-data")
        return client.open(url, method=method, base_url=BASE, json=fields, headers={"X-CSRFToken": token})
    data = dict(fields, csrf_token=token)
    if rule.endpoint == "upload.receive":
        data["file"] = (io.BytesIO(CSV), "a.csv")
    return client.open(url, method=method, base_url=BASE, data=data)


def _allowed(resp) -> bool:
    if resp.status_code >= 400:
        return False
    return not (resp.status_code in (301, 302, 303) and "/login" in resp.headers.get("Location", ""))


def test_policy_matrix(web_env):
    env = web_env
    objects = _fixtures(env)
    rules = [(r, m) for r in env.app.url_map.iter_rules() for m in sorted(r.methods - {"HEAD", "OPTIONS"})
             if r.endpoint not in SKIP]
    missing = {r.endpoint for r, _ in rules} - set(ENDPOINTS)
    assert not missing, f"routes without a policy entry: {missing}"
    unexpected, refused, cells = [], [], 0
    counter = itertools.count()
    for (rule, method), role, case in itertools.product(rules, ("anonymous", *ROLES), ("own", "other")):
        values = objects[case]
        action = ENDPOINTS[rule.endpoint]
        expected = _expected(env, role, action, values["pid"])
        resp = _request(env, role, rule, method, values, next(counter))
        got = _allowed(resp)
        cells += 1
        if got and not expected:
            unexpected.append((role, case, method, rule.rule, resp.status_code))
        elif expected and not got:
            refused.append((role, case, method, rule.rule, resp.status_code))
        resp.close()
    assert cells == len(rules) * 5 * 2
    assert unexpected == [], unexpected
    assert refused == [], refused
