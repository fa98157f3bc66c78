"""Segments of people, in one import: the pure segmentation core and its helpers.

The core lives in :mod:`.segment_core` (``segment_embeddings``, ``stability``), respondent
vectors in :mod:`.respondents` and item themes in :mod:`.themes`. A run segments through
``segment_embeddings`` (see :mod:`.build`); there is no second, estimator-style way.
"""
from __future__ import annotations

from .respondents import respondent_vectors
from .segment_core import SegmentResult, nearest_segment, resolve_params, segment_embeddings, stability
from .themes import item_themes

__all__ = ["SegmentResult", "segment_embeddings", "stability", "respondent_vectors", "item_themes",
           "resolve_params", "nearest_segment"]
