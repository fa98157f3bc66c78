"""`worker` and `run-job` with --json: a start line, one line per job, the outcome last."""
from __future__ import annotations

import json

import pytest

from feedback_seg import jobs, service
from feedback_seg.store.engine import write_session
from feedback_seg.store.schema import Project
from feedback_seg.cli import main
from tests.test_feedback_loop import PARAMS, TOPICS, topic_text, write_file


@pytest.fixture
def queued(engine, tmp_path, monkeypatch):
    """A project of 60 answers and an empty one, with a segment job queued for each."""
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")      # the runner's child processes inherit it
    write_file(tmp_path / "w.csv", [(f"C{i:04d}", topic_text(list(TOPICS)[i % 3], i)) for i in range(60)])
    service.ingest_file(engine, tmp_path / "w.csv", project="p")
    with write_session(engine) as s:
        pid = s.query(Project).filter_by(name="p").one().id
        empty = Project(name="empty"); s.add(empty); s.flush(); empty_id = empty.id
    good = jobs.start_job(engine, "segment", pid, {"seed": 0, "segment_params": PARAMS})
    bad = jobs.start_job(engine, "segment", empty_id, {"seed": 0})
    return good, bad


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.strip().splitlines()]


def test_run_job_json_prints_the_outcome(queued, sqlite_url, capsys):
    good, bad = queued
    assert main(["--db", sqlite_url, "run-job", str(good), "--json"]) == 0
    outcome = _lines(capsys.readouterr().out)[-1]
    assert outcome["job_id"] == good and outcome["status"] == "done" and outcome["result"]["run_id"] >= 1
    rc = main(["--db", sqlite_url, "run-job", str(bad), "--json"])
    out = capsys.readouterr()
    assert rc != 0 and out.err.strip()                       # the error on stderr, as for every command
    failed = _lines(out.out)[-1]
    assert failed["job_id"] == bad and failed["status"] == "failed" and failed["error"]


def test_worker_once_json_reports_start_each_job_and_a_summary(queued, sqlite_url, capsys):
    good, bad = queued
    assert main(["--db", sqlite_url, "worker", "--once", "--json"]) == 0
    lines = _lines(capsys.readouterr().out)
    assert lines[0]["event"] == "started" and lines[0]["pid"] > 0 and lines[0]["once"] is True
    assert [(ln["job_id"], ln["status"]) for ln in lines[1:-1]] == [(good, "done"), (bad, "failed")]
    assert lines[-1] == {"event": "finished", "jobs": 2, "failed": 1, "job_ids": [good, bad]}
