"""Sets of character spans asked "does this range overlap one of you?" in logarithmic time.

Extractors mask what other kinds took (numbers inside dates are not counts) and skip what they
took themselves; asked of a list, each question costs the whole list, which makes a page of
5,000 citations quadratic. Only the union of the spans matters for these questions, so a
:class:`Coverage` keeps it as sorted, disjoint, merged intervals.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Coverage:
    """The union of half-open spans [start, end), growing as spans are added."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        merged: list[list[int]] = []
        for s, e in sorted((s, e) for s, e in spans if e > s):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            self._starts.append(s)
            self._ends.append(e)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with any span."""
        i = bisect_left(self._starts, end) - 1  # the last interval starting before `end`
        return i >= 0 and self._ends[i] > start and end > start

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within one interval of the union."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._ends[i] >= end

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        i = bisect_left(self._ends, start)   # first interval that ends at or after `start`
        j = bisect_right(self._starts, end)  # intervals from i to j touch [start, end]
        if i < j:
            start, end = min(start, self._starts[i]), max(end, self._ends[j - 1])
        self._starts[i:j] = [start]
        self._ends[i:j] = [end]

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self):
        return iter(zip(self._starts, self._ends))


def any_between(sorted_positions: list[int], lo: int, hi: int) -> bool:
    """Whether a sorted list holds a position p with lo < p < hi."""
    i = bisect_right(sorted_positions, lo)
    return i < len(sorted_positions) and sorted_positions[i] < hi
