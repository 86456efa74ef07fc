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

    The rule: a source (a file, or one record ``file.jsonl:N``) that gave an article in an
    earlier run is skipped; one whose last attempt failed (it has only error rows) is tried
    again, and its old error rows are superseded by what this attempt gives. An article whose
    id is already in the output is not written again: its source is added to that
    article's ``sources`` instead.
    """

    def __init__(self, ids=(), sources=(), failed=()):
        self.ids = IdSet(key(i) for i in ids)
        self.sources = IdSet(key(s) for s in sources)
        self.failed = IdSet(key(s) for s in failed)
        # Sources of articles another batch (or run) wrote first: added to that row at the end.
        self.extra_sources: dict[str, list[str]] = defaultdict(list)
        # Inputs and records skipped because an earlier run made an article of them.
        self.already_present = 0
        # Sources tried again this run after failing before: their old error rows go at the end.
        self.retried: set[str] = set()

    @classmethod
    def of(cls, writer) -> "ResumeState":
        """The state of the output folder a writer has open."""
        sources = (s for row in writer.column("articles", "sources") for s in (row or ()))
        return cls(writer.column("articles", "article_id"), sources, writer.column("errors", "source"))

    def source_done(self, source: str) -> bool:
        """Whether a whole input is done; counts it as already present if so."""
        k = key(source)
        if k in self.sources:
            self.already_present += 1
            return True
        if k in self.failed:
            self.retried.add(source)
        return False

    def records_done(self, source: str, first: int, count: int) -> frozenset[str]:
        """The sources ("file.jsonl:N") of the records of a slice an earlier run finished."""
        done = set()
        for n in range(first, first + count):
            s = f"{source}:{n}"
            k = key(s)
            if k in self.sources:
                done.add(s)
            elif k in self.failed:
                self.retried.add(s)
        self.already_present += len(done)
        return frozenset(done)

    def written(self, article_ids) -> set[str]:
        """Which of these article ids the output already holds."""
        return {aid for aid in article_ids if key(aid) in self.ids}

    def commit(self, article_ids, duplicates: dict[str, list[str]]) -> None:
        """Record a committed batch: its articles, and the sources of those it dropped as duplicates."""
        self.ids.update(key(aid) for aid in article_ids)
        for aid, sources in duplicates.items():
            self.extra_sources[aid].extend(sources)
