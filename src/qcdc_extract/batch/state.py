"""What an output folder already holds, and the one rule for what a rerun skips."""
from __future__ import annotations

import hashlib
from collections import defaultdict

import numpy


class IdSet:
    """A set of 64-bit keys in 8 bytes each (a Python set of ints costs ~70): a sorted array
    plus a small buffer merged into it now and then. Membership, update and len only."""

    _MERGE_AT = 4096

    def __init__(self, keys=()):
        self.sorted = numpy.unique(numpy.fromiter(keys, dtype=numpy.uint64))
        self.buffer: set[int] = set()

    def __contains__(self, key: int) -> bool:
        if key in self.buffer:
            return True
        i = numpy.searchsorted(self.sorted, numpy.uint64(key))
        return bool(i < len(self.sorted) and self.sorted[i] == key)

    def update(self, keys) -> None:
        self.buffer.update(keys)
        if len(self.buffer) >= self._MERGE_AT:
            merged = numpy.fromiter(self.buffer, dtype=numpy.uint64, count=len(self.buffer))
            self.sorted = numpy.union1d(self.sorted, merged)
            self.buffer.clear()

    def __len__(self) -> int:
        return len(self.sorted) + len(self.buffer)


def key(text: str) -> int:
    """64-bit key of a source or id: sets of ints cost a third of sets of strings."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


class ResumeState:
    """Everything a run knows about what is already done, in one place.

    The rule: a source (a file, or one line ``file.jsonl:N``) already in the output's
    articles or errors is skipped; an article whose id is already in the output is not
    written again, its source is added to that article's ``sources`` instead.
    """

    def __init__(self, ids=(), sources=()):
        self.ids = IdSet(key(i) for i in ids)
        self.sources = IdSet(key(s) for s in sources)
        # Sources of articles another batch (or run) wrote first: added to that row at the end.
        self.extra_sources: dict[str, list[str]] = defaultdict(list)
        # Inputs and lines skipped because an earlier run finished them.
        self.already_present = 0

    @classmethod
    def of(cls, writer) -> "ResumeState":
        """The state of the output folder a writer has open."""
        return cls(writer.existing_ids(), writer.existing_sources())

    def source_done(self, source: str) -> bool:
        """Whether a whole input is done; counts it as already present if so."""
        if key(source) in self.sources:
            self.already_present += 1
            return True
        return False

    def records_done(self, source: str, first: int, count: int) -> frozenset[str]:
        """The sources ("file.jsonl:N") of the records of a slice an earlier run finished."""
        done = frozenset(s for n in range(first, first + count)
                         if key(s := f"{source}:{n}") in self.sources)
        self.already_present += len(done)
        return done

    def written(self, article_ids) -> set[str]:
        """Which of these article ids the output already holds."""
        return {aid for aid in article_ids if key(aid) in self.ids}

    def commit(self, article_ids, duplicates: dict[str, list[str]]) -> None:
        """Record a committed batch: its articles, and the sources of those it dropped as duplicates."""
        self.ids.update(key(aid) for aid in article_ids)
        for aid, sources in duplicates.items():
            self.extra_sources[aid].extend(sources)
