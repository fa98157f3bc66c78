"""Background jobs: a job whose worker died resumes after a restart; failures say why."""
from __future__ import annotations

from datetime import timedelta

from feedback_seg import jobs
from feedback_seg.store.engine import write_session
from feedback_seg.store.schema import Job, Project, utcnow


def test_stale_running_job_is_requeued_and_claimed_again(engine):
    with write_session(engine) as s:
        p = Project(name="p"); s.add(p); s.flush(); pid = p.id
    job_id = jobs.start_job(engine, "segment", pid, {"seed": 0}, user="ann")
    assert jobs.claim_next(engine) == job_id
    assert jobs.get_job(engine, job_id)["status"] == "running"
    assert jobs.requeue_stale(engine) == 0                      # heartbeat is fresh: left alone
    with write_session(engine) as s:                            # the worker died 5 minutes ago
        s.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=5)
    assert jobs.requeue_stale(engine) == 1                      # what a server restart does
    assert jobs.get_job(engine, job_id)["status"] == "queued"
    assert jobs.claim_next(engine) == job_id


def test_failed_job_records_its_reason(engine):
    with write_session(engine) as s:
        p = Project(name="empty"); s.add(p); s.flush(); pid = p.id
    job_id = jobs.start_job(engine, "segment", pid, {"seed": 0}, user="ann")
    try:
        jobs.run_job(engine, job_id)
    except Exception:  # noqa: BLE001 - the job row must say why
        pass
    j = jobs.get_job(engine, job_id)
    assert j["status"] == "failed" and j["error"]
