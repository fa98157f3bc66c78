"""Uploads: size limit before parsing, hostile names, sandboxed parse crashes, downloads, API flow."""
from __future__ import annotations

import io
import os
import re

import pytest

from feedback_seg import jobs
from tests.test_web_support import BASE, CSV, web_env  # noqa: F401


def _upload(env, role, name, content, pid=None):
    return env.clients[role].post(f"/projects/{pid or env.own['id']}/upload", base_url=BASE,
                                  content_type="multipart/form-data",
                                  data={"csrf_token": env.csrf(role), "file": (io.BytesIO(content), name)})


def _files_under(root):
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]


def test_oversized_upload_is_413_before_parsing(web_env, monkeypatch):
    from web import storage
    called = []
    monkeypatch.setattr(storage.sandbox, "preview_file", lambda *a, **k: called.append(1))
    big = b"id,answer\n" + b"1,xxxxxxxxxxxxxxxxxxxxxxxx\n" * 60_000      # ~1.6 MB > 1 MB limit
    resp = _upload(web_env, "researcher", "big.csv", big)
    assert resp.status_code == 413
    api = web_env.clients["researcher"].post(f"/api/v1/projects/{web_env.own['id']}/uploads", base_url=BASE,
                                             headers={"X-CSRFToken": web_env.csrf("researcher")},
                                             data={"file": (io.BytesIO(big), "big.csv")})
    assert api.status_code == 413 and api.json == {"ok": False, "error": api.json["error"], "status": 413}
    assert called == []
    assert _files_under(web_env.app.config["UPLOAD_ROOT"]) == []


@pytest.mark.parametrize("name", ["../../x.csv", "..\\..\\x.csv", "/etc/passwd.csv", "CON.csv", "a\x00b.csv",
                                  "x" * 300 + ".csv", "evil\u202egpj.csv", "<img src=x onerror=alert(1)>.csv"])
def test_hostile_names_are_stored_as_uuid_under_the_root(web_env, name):
    resp = _upload(web_env, "researcher", name, CSV)
    assert resp.status_code == 302, resp.get_data(as_text=True)[-500:]
    root = os.path.realpath(web_env.app.config["UPLOAD_ROOT"])
    files = _files_under(root)
    assert files
    for f in files:
        assert os.path.realpath(f).startswith(root + os.sep)
        assert re.fullmatch(r"[0-9a-f-]{36}(\.csv|\.meta\.json|\.preview\.json)", os.path.basename(f)), f
    page = web_env.clients["researcher"].get(resp.headers["Location"], base_url=BASE).get_data(as_text=True)
    assert "<img src=x" not in page


def test_crashing_parser_is_contained(web_env, monkeypatch):
    from feedback_seg import sandbox
    real = sandbox.run_isolated
    monkeypatch.setattr(sandbox, "run_isolated",
                        lambda func_path, *a, **k: real("os:abort", timeout=k.get("timeout", 30)))
    resp = _upload(web_env, "researcher", "crash.csv", CSV)
    assert resp.status_code == 422
    assert "file unreadable" in resp.get_data(as_text=True)
    assert _files_under(web_env.app.config["UPLOAD_ROOT"]) == []          # discarded
    assert web_env.clients["researcher"].get("/projects", base_url=BASE).status_code == 200   # still serving


def test_wrong_type_is_rejected_with_a_reason(web_env):
    resp = _upload(web_env, "researcher", "page.csv", b"<!doctype html><html><script>alert(1)</script></html>")
    assert resp.status_code in (400, 422)
    assert _upload(web_env, "researcher", "tool.exe", b"MZ\x90\x00").status_code == 400


def test_download_is_an_inert_attachment(web_env):
    resp = _upload(web_env, "researcher", "naïve <b>.csv", CSV)
    url = resp.headers["Location"] + "/download"
    dl = web_env.clients["researcher"].get(url, base_url=BASE)
    assert dl.status_code == 200 and dl.get_data() == CSV
    cd = dl.headers["Content-Disposition"]
    assert cd.startswith("attachment;") and "filename*=UTF-8''" in cd
    assert dl.mimetype == "application/octet-stream"
    assert dl.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in dl.headers["Content-Security-Policy"]
    assert web_env.clients["marketer"].get(url, base_url=BASE).status_code == 403   # no export.raw


def test_preview_confirm_and_job_via_ui_and_api(web_env):
    env, c = web_env, web_env.clients["researcher"]
    resp = _upload(env, "researcher", "answers.csv", CSV)
    preview = c.get(resp.headers["Location"], base_url=BASE).get_data(as_text=True)
    assert "customer_id" in preview and "Detected format" in preview
    confirm = c.post(resp.headers["Location"] + "/confirm", base_url=BASE,
                     data={"csrf_token": env.csrf("researcher"), "role-0": "id", "role-1": "dropped",
                           "role-2": "text", "channel": "survey"})
    assert confirm.status_code == 302 and "/jobs/" in confirm.headers["Location"]
    job_id = int(confirm.headers["Location"].rsplit("/", 1)[1])
    params = jobs.get_job(env.engine, job_id)
    assert params["project_id"] == env.own["id"] and params["status"] == "queued"
    assert c.get(confirm.headers["Location"], base_url=BASE).status_code == 200
    api_job = c.get(f"/api/v1/jobs/{job_id}", base_url=BASE).json
    assert api_job["ok"] and api_job["data"]["status"] == "queued"

    up = c.post(f"/api/v1/projects/{env.own['id']}/uploads", base_url=BASE,
                headers={"X-CSRFToken": env.csrf("researcher")}, data={"file": (io.BytesIO(CSV), "b.csv")})
    assert up.status_code == 201
    cols = {col["name"]: col["role"] for col in up.json["data"]["preview"]["columns"]}
    assert cols["answer"] == "text"
    bad = c.post(up.json["links"]["confirm"], base_url=BASE, headers={"X-CSRFToken": env.csrf("researcher")},
                 json={"roles": {"nope": "text"}})
    assert bad.status_code == 400 and bad.json["ok"] is False
    ok = c.post(up.json["links"]["confirm"], base_url=BASE, headers={"X-CSRFToken": env.csrf("researcher")},
                json={"roles": {"age": "attribute"}})
    assert ok.status_code == 202 and ok.json["data"]["job_id"] > job_id
