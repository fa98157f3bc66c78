"""Stage timing for a run: each stage's wall time and throughput, and which stage is running.

A run's manifest keeps ``metrics["stages"]`` as a list of ``{stage, seconds, n, per_s}`` in the
order the stages ran; when a stage raises, :attr:`StageClock.current` names it for the run's error.
"""
from __future__ import annotations

import time
from contextlib import contextmanager


class StageClock:
    """Times named stages: ``with clock.stage("embed", n=len(texts)): ...``."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.current: str | None = None

    @contextmanager
    def stage(self, name: str, n: int = 0):
        """Time one stage over ``n`` items (people, texts...); the row is kept only when it ends."""
        self.current = name
        start = time.perf_counter()
        yield
        self.add(name, time.perf_counter() - start, n)
        self.current = None

    def count(self, n: int) -> None:
        """Set the last stage's item count once it is known (prepare and embed skip cached texts)."""
        row = self.rows[-1]
        row["n"] = int(n)
        row["per_s"] = round(n / row["seconds"], 1) if row["seconds"] > 0 and n else None

    def add(self, name: str, seconds: float, n: int = 0) -> None:
        self.rows.append({"stage": name, "seconds": round(seconds, 3), "n": int(n),
                          "per_s": round(n / seconds, 1) if seconds > 0 and n else None})
