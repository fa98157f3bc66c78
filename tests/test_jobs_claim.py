"""The job claim is atomic: two runners draining one queue run every job exactly once."""
from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from feedback_seg import jobs
from feedback_seg.service import open_store
from feedback_seg.store.engine import get_engine

N_JOBS = 50


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_runners_run_each_of_50_jobs_exactly_once(backend, request, tmp_path):
    url = ("sqlite:///" + str(tmp_path / "store.db")) if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = open_store(url)
    ids = [jobs.start_job(engine, "segment", None, {"seed": i}) for i in range(N_JOBS)]

    runs: Counter = Counter()
    by_runner: dict[str, list[int]] = {"a": [], "b": []}
    lock = threading.Lock()
    start = threading.Barrier(2)

    def runner(name: str) -> None:
        def execute(job_id: int) -> int:       # a cheap job: count the execution, yield the CPU
            with lock:
                runs[job_id] += 1
                by_runner[name].append(job_id)
            time.sleep(0.002)
            return 0
        own_engine = get_engine.__wrapped__(url)   # its own engine and connections, not the cached one
        start.wait()
        jobs.JobRunner(url, poll_seconds=0.01, execute=execute).work(engine=own_engine, once=True)
        own_engine.dispose()

    threads = [threading.Thread(target=runner, args=(n,)) for n in by_runner]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)

    assert sorted(runs) == sorted(ids)
    assert [j for j, n in runs.items() if n != 1] == []          # nobody ran twice
    assert by_runner["a"] and by_runner["b"]                     # both runners really competed
    assert {jobs.get_job(engine, j)["status"] for j in ids} == {"running"}   # claimed; execute ran them


def test_claim_skips_a_job_another_runner_took(engine):
    first = jobs.start_job(engine, "segment", None, {})
    second = jobs.start_job(engine, "segment", None, {})
    assert jobs.claim_next(engine) == first
    assert jobs.claim_next(engine) == second
    assert jobs.claim_next(engine) is None
