"""Rich progress bars on stderr, only when stderr is a terminal."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str):
    """Yield a ``callback(done, total)``; draws a bar only on an interactive stderr."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, Progress, TimeRemainingColumn  # noqa: PLC0415

    with Progress("[progress.description]{task.description}", BarColumn(),
                  "{task.completed}/{task.total}", TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)
        yield update
