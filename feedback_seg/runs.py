"""Segment a project end to end: the run itself, then what each segment values, needs and feels."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from .ask.insights import FRAMEWORKS, add_insights
from .pipeline.run import run_segmentation


def segment_project(engine: Engine, project: str | None = None, *, seed: int = 0, params: dict | None = None,
                    embedder=None, progress=None, insights: bool = True,
                    frameworks: list[str] | None = None) -> int:
    """Run a segmentation and add values, needs and sentiment to its segments; returns the run id.
    ``frameworks``: value frameworks to profile (built-in names or YAML files; default Schwartz and
    consumer attitudes, or the project's ``frameworks`` recorded in the run parameters)."""
    params = dict(params or {})
    frameworks = list(frameworks or params.get("frameworks") or FRAMEWORKS)
    params["frameworks"] = frameworks
    run_id = run_segmentation(engine, project, seed=seed, params=params, embedder=embedder, progress=progress)
    if insights:
        if progress:
            progress("describe", 0.9, "values, needs and sentiment")
        add_insights(engine, run_id, frameworks=frameworks)
    return run_id
