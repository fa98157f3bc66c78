"""The NLP model layer: text in, numbers and annotations out. Knows nothing of the store or the web.

Public names (imported lazily): ``prepare_texts``, ``PreparedText``, ``build_pipeline``,
``default_embedder``, ``TorchEmbedder``, ``OnnxEmbedder``, ``FakeEmbedder``, ``load_framework``,
``ValueScorer``, ``extract_needs``, ``score_sentiment``.
"""
from __future__ import annotations

_WHERE = {
    "prepare_texts": "spacy_pipeline", "PreparedText": "spacy_pipeline", "build_pipeline": "spacy_pipeline",
    "default_embedder": "embedders", "TorchEmbedder": "embedders",
    "OnnxEmbedder": "embedders", "FakeEmbedder": "embedders", "load_framework": "frameworks",
    "ValueScorer": "value_scorer", "extract_needs": "needs_patterns", "score_sentiment": "sentiment",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        from importlib import import_module  # noqa: PLC0415

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
