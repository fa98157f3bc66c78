"""Every shared sample export, uploaded through the web UI, imports exactly as the CLI imports it."""
from __future__ import annotations

import html
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from feedback_seg import jobs
from feedback_seg.cli import cli
from feedback_seg.store.engine import read_session
from feedback_seg.store.schema import Item, Job, Project, Respondent
from tests.conftest import SHARED
from tests.test_web_support import BASE, web_env  # noqa: F401

FORMATS = SHARED / "formats"   # collected at import: absent samples skip the test, not the module
SAMPLES = sorted(p for p in FORMATS.rglob("*") if p.is_file() and p.suffix.lower() != ".md") \
    if FORMATS.is_dir() else []


def _files_under(root):
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]


def _rows(engine, project: str) -> list[tuple]:
    with read_session(engine) as s:
        pid = s.scalars(select(Project.id).where(Project.name == project)).one()
        q = (select(Item.row_number, Item.record_key, Item.field, Item.question, Item.channel, Item.timestamp,
                    Item.raw_text, Respondent.external_id, Respondent.attributes)
             .join(Respondent, Item.respondent_id == Respondent.id).where(Item.project_id == pid)
             .order_by(Item.row_number, Item.field))
        return [tuple(r) for r in s.execute(q)]


def _web_upload(env, sample: Path):
    c, pid = env.clients["researcher"], env.own["id"]
    return c.post(f"/projects/{pid}/upload", base_url=BASE, content_type="multipart/form-data",
                  data={"csrf_token": env.csrf("researcher"),
                        "file": (io.BytesIO(sample.read_bytes()), sample.name)})


def _confirm(env, up):
    c = env.clients["researcher"]
    assert up.status_code == 302, up.get_data(as_text=True)[-400:]
    assert c.get(up.headers["Location"], base_url=BASE).status_code == 200
    return c.post(up.headers["Location"] + "/confirm", base_url=BASE, data={"csrf_token": env.csrf("researcher")})


def _stored_params(env, confirm) -> dict:
    assert confirm.status_code == 302 and "/jobs/" in confirm.headers["Location"], confirm.get_data(as_text=True)[-400:]
    with read_session(env.engine) as s:
        return s.get(Job, int(confirm.headers["Location"].rsplit("/", 1)[1])).state["params"]


@pytest.mark.skipif(not SAMPLES, reason="shared format samples absent")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_web_upload_imports_as_the_cli_does(web_env, sample):
    project = f"{sample.parent.name}-{sample.stem}"
    res = CliRunner().invoke(cli, ["--db", web_env.app.config["DATABASE"], "ingest", str(sample),
                                   "--project", "cli-" + project, "--json"])
    assert res.exit_code == 0, res.output
    cli_report = json.loads(res.output)
    up = _web_upload(web_env, sample)
    if cli_report["imported"] == 0:           # nothing to import: the web refuses and shows each reason
        assert up.status_code == 422
        page = up.get_data(as_text=True)
        for r in cli_report["rejections"]:
            assert html.escape(r["reason"], quote=True) in page
        assert _files_under(web_env.app.config["UPLOAD_ROOT"]) == []
        return
    confirm = _confirm(web_env, up)
    params = _stored_params(web_env, confirm)
    assert Path(params["path"]).read_bytes() == sample.read_bytes(), "the stored upload is not the uploaded file"
    rep = jobs.ingest_params(web_env.engine, params, "web-" + project, "researcher_user")   # what the job runs
    web_rows, cli_rows = _rows(web_env.engine, "web-" + project), _rows(web_env.engine, "cli-" + project)
    assert rep.imported == cli_report["imported"] and rep.rejected == cli_report["rejected"]
    assert len(web_rows) > 0 and web_rows == cli_rows


@pytest.mark.parametrize("name,content", [("broken.json", b'{"tickets": [{"id": 1, "description": "x"'),
                                          ("broken.ndjson", b'{"id": 1, "body": \n{"id": 2, "body": '),
                                          ("notjson.json", b"this is not json at all, just words\n")])
def test_malformed_json_upload_is_rejected(web_env, name, content):
    c = web_env.clients["researcher"]
    up = c.post(f"/projects/{web_env.own['id']}/upload", base_url=BASE, content_type="multipart/form-data",
                data={"csrf_token": web_env.csrf("researcher"), "file": (io.BytesIO(content), name)})
    assert up.status_code in (400, 422), up.get_data(as_text=True)[-300:]
    assert _files_under(web_env.app.config["UPLOAD_ROOT"]) == []
    api = c.post(f"/api/v1/projects/{web_env.own['id']}/uploads", base_url=BASE,
                 headers={"X-CSRFToken": web_env.csrf("researcher")}, data={"file": (io.BytesIO(content), name)})
    assert api.status_code in (400, 422) and api.json["ok"] is False


def test_a_broken_ndjson_line_is_named_not_hidden(web_env):
    c = web_env.clients["researcher"]
    content = b'{"id": 1, "body": "the app crashes every time I open settings"}\n{"id": 2, "body": \n'
    up = c.post(f"/projects/{web_env.own['id']}/upload", base_url=BASE, content_type="multipart/form-data",
                data={"csrf_token": web_env.csrf("researcher"), "file": (io.BytesIO(content), "part.ndjson")})
    assert up.status_code == 302           # the good line is read, the bad one named in the preview
    page = c.get(up.headers["Location"], base_url=BASE).get_data(as_text=True)
    assert "row 2: line 2: not valid JSON" in page
