"""Segment a project end to end: the run itself, then what each segment values, needs and feels."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from .ask.insights import add_insights
from .pipeline.run import run_segmentation


def segment_project(engine: Engine, project: str | None = None, *, seed: int = 0, params: dict | None = None,
                    embedder=None, progress=None, insights: bool = True) -> int:
    """Run a segmentation and add values, needs and sentiment to its segments; returns the run id."""
    run_id = run_segmentation(engine, project, seed=seed, params=params, embedder=embedder, progress=progress)
    if insights:
        if progress:
            progress("describe", 0.9, "values, needs and sentiment")
        add_insights(engine, run_id)
    return run_id
