"""One vector per respondent, built from the vectors of what they wrote."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .segment_core import normalise


def respondent_vectors(item_vectors: np.ndarray, respondent_ids: Sequence,
                       question_ids: Sequence | None = None,
                       centre: bool = True) -> tuple[list, np.ndarray]:
    """Combine item vectors into one L2-normalised vector per respondent.

    When the items answer more than one question and ``centre`` is true, each question's mean
    vector is subtracted from its answers first, so what a question makes everyone say does not
    dominate. Respondents are returned in order of first appearance.

    >>> import numpy as np
    >>> ids, V = respondent_vectors(np.array([[1., 0], [0, 1], [1, 1]]), ["a", "b", "a"])
    >>> ids, V.shape
    (['a', 'b'], (2, 2))
    """
    V = np.asarray(item_vectors, dtype=np.float32)
    if V.ndim != 2:
        raise InputError(f"item vectors must be a 2-D matrix, got shape {V.shape}")
    if len(respondent_ids) != len(V):
        raise InputError(f"{len(respondent_ids)} respondent ids for {len(V)} item vectors")
    if question_ids is not None and len(question_ids) != len(V):
        raise InputError(f"{len(question_ids)} question ids for {len(V)} item vectors")
    V = normalise(V)
    if centre and question_ids is not None:
        q_index, q_codes = _codes(question_ids)
        if len(q_index) > 1:
            means = np.zeros((len(q_index), V.shape[1]), dtype=np.float32)
            np.add.at(means, q_codes, V)
            means /= np.bincount(q_codes, minlength=len(q_index))[:, None]
            V = V - means[q_codes]
    ids, codes = _codes(respondent_ids)
    sums = np.zeros((len(ids), V.shape[1]), dtype=np.float32)
    np.add.at(sums, codes, V)
    return ids, normalise(sums / np.bincount(codes, minlength=len(ids))[:, None])


def _codes(values: Sequence) -> tuple[list, np.ndarray]:
    """Distinct values in order of first appearance, and each value's index among them."""
    index: dict = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64,
                        count=len(values))
    return list(index), codes
