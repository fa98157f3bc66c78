"""Small-cell suppression with complementary (secondary) suppression.

Model: a set of *cells* (counts of people, or sums over people) linked by additive
*groups*. A group lists the cells of one equation, e.g. ``[row cells..., row total]``;
any one member of a group whose other members are all visible can be derived by
subtraction. Primary suppression hides every cell over ``0 < n < k`` people; complementary
suppression then makes sure no group has exactly one hidden member, by also hiding the
smallest visible member (counts > 0 first), until nothing changes.

>>> hidden = protect([3, 40, 43], [[0, 1, 2]], k=5)
>>> hidden  # 3 is primary; 40 is hidden too, else 43 - 40 = 3
[True, True, False]
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import PipelineError


def primary(people: Sequence[int], k: int) -> list[bool]:
    """Cells over ``0 < n < k`` people are hidden."""
    return [0 < int(n) < k for n in people]


def protect(people: Sequence[int], groups: Sequence[Sequence[int]], k: int, *,
            hidden: Sequence[bool] | None = None, fixed: Sequence[int] = ()) -> list[bool]:
    """Hidden flags for ``people`` (count of people behind each cell) after suppression.

    ``groups`` are additive equations over cell indices; ``hidden`` marks cells already
    hidden (e.g. segment sizes decided elsewhere), merged with primary suppression;
    ``fixed`` cells are published elsewhere and are never picked as complements.
    """
    n = len(people)
    flags = primary(people, k)
    if hidden is not None:
        flags = [a or bool(b) for a, b in zip(flags, hidden)]
    fixed_set = set(fixed)
    groups = [list(g) for g in groups if len(g) > 1]
    for _ in range(n + 1):
        changed = False
        for group in groups:
            if sum(flags[i] for i in group) != 1:
                continue
            pick = _complement(group, flags, people, fixed_set)
            if pick is None:
                raise PipelineError("small-cell suppression cannot protect a group",
                                    group=group)
            flags[pick] = True
            changed = True
        if not changed:
            return flags
    raise PipelineError("small-cell suppression did not converge")  # pragma: no cover


def _complement(group, flags, people, fixed):
    """The visible member to hide next: smallest positive count, then zeros."""
    candidates = [i for i in group if not flags[i] and i not in fixed]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (int(people[i]) == 0, int(people[i]), i))


def protect_table(counts: np.ndarray, row_totals: Sequence[int], col_totals: Sequence[int],
                  k: int, *, rows_hidden: Sequence[bool] = (),
                  rows_partition: bool = True) -> tuple[np.ndarray, list[bool]]:
    """Suppress a segments × levels table of people with its margins.

    Row totals (segment sizes) are fixed: they are decided once per run and hidden only
    through ``rows_hidden``. Column totals (base counts per level) are part of the table's
    own protection. ``rows_partition=False`` when a person can count in several levels
    (multi-valued channels, several months): rows then are no equation. Returns (cell flags as a boolean array, column-total flags).
    """
    counts = np.asarray(counts, dtype=int)
    r, c = counts.shape
    cells = [int(x) for x in counts.ravel()]
    col_idx = [r * c + j for j in range(c)]
    row_idx = [r * c + c + i for i in range(r)]
    people = cells + [int(x) for x in col_totals] + [int(x) for x in row_totals]
    hidden = [False] * (r * c + c) + [bool(x) for x in (rows_hidden or [False] * r)]
    groups = [[i * c + j for j in range(c)] + [row_idx[i]] for i in range(r)] if rows_partition else []
    groups += [[i * c + j for i in range(r)] + [col_idx[j]] for j in range(c)]
    if rows_partition:  # the grand total N is published: the base counts sum to it
        groups.append(col_idx)
    flags = protect(people, groups, k, hidden=hidden, fixed=row_idx)
    cell_flags = np.array(flags[: r * c], dtype=bool).reshape(r, c)
    return cell_flags, flags[r * c: r * c + c]


def protect_sizes(sizes: Sequence[int], k: int) -> list[bool]:
    """Hidden flags for segment sizes, which sum to the published base size N."""
    sizes = [int(s) for s in sizes]
    total = sum(sizes)
    flags = protect(sizes + [total], [list(range(len(sizes) + 1))], k,
                    fixed=[len(sizes)] if total >= k else [])
    return flags[: len(sizes)]


def protect_sums(people: Sequence[int], k: int, *,
                 hidden: Sequence[bool] = ()) -> tuple[list[bool], bool]:
    """Hidden flags for per-segment sums (of a value or numeric attribute) and their total.

    A segment's sum is hidden when it is over fewer than k people or could be derived as
    the total minus the visible others; ``people`` (valid values per segment) orders the
    complements. The total itself is hidden only when nothing else can protect the group
    (e.g. a single segment). Returns (segment flags, total flag).
    """
    people = [int(p) for p in people]
    flags = protect(people + [sum(people)], [list(range(len(people) + 1))], k,
                    hidden=list(hidden or [False] * len(people)) + [False])
    return flags[: len(people)], flags[len(people)]
