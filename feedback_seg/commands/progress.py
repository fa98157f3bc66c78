"""Rich progress bars on stderr, only when stderr is a terminal: the stage, its message and an ETA."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str):
    """Yield a ``callback(stage, fraction, message)``; draws a bar per stage only on an interactive stderr."""
    if not sys.stderr.isatty():
        yield lambda stage, frac, msg="": None
        return
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn  # noqa: PLC0415

    with Progress("[progress.description]{task.description}", BarColumn(), TaskProgressColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as prog:
        current = {"stage": None, "task": None}

        def update(stage: str, frac: float, msg: str = "") -> None:
            if stage != current["stage"]:      # a new stage gets its own bar, so its ETA is its own
                if current["task"] is not None:
                    prog.update(current["task"], completed=100)
                current.update(stage=stage, task=prog.add_task(f"{label} · {stage}", total=100))
            prog.update(current["task"], completed=round(100 * max(0.0, min(1.0, frac))),
                        description=f"{label} · {stage}" + (f": {msg}" if msg else ""))
        yield update
