"""feedback-seg: psychographic segments of people from what customers write.

The public API is the service layer, re-exported here (imported lazily, so ``import feedback_seg``
stays cheap)::

    import feedback_seg as fs
    engine = fs.open_store("project.db")
    fs.ingest_file(engine, "survey.csv", project="Brand tracker")
    run_id = fs.run_segmentation(engine, "Brand tracker", seed=0)
    fs.list_segments(engine, run_id)
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "open_store", "init_store", "ingest_file", "ingest_attributes", "list_sources", "project_status",
    "run_segmentation", "run_summary", "run_list", "resolve_run", "run_manifest", "list_segments",
    "get_segment", "segment_members", "assignments", "export_run", "evaluate_file", "evaluate_values",
    "search", "needs", "values", "start_job", "get_job",
]


def __getattr__(name: str):
    if name in __all__:
        from . import service  # noqa: PLC0415

        return getattr(service, name)
    raise AttributeError(f"module 'feedback_seg' has no attribute {name!r}")
