"""Planning: the inputs not yet in the output, grouped into jobs of about batch_size records."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from qcdc_extract.batch.state import ResumeState, key
from qcdc_extract.ingest import Input, discover, split_records
from qcdc_extract.settings import Options


@dataclass
class Job:
    """One batch of inputs to read, extract and stage."""

    batch_id: str
    inputs: list[Input]
    # Sources already in the output (records of a container file done by an earlier run).
    skip: frozenset[str] = frozenset()


def plan(inputs: Iterable[str], options: Options, state: ResumeState, new_batch_id,
         skipped: list[str] | None = None) -> Iterator[Job]:
    """Jobs of at most options.batch_size records for every input `state` does not hold yet;
    `new_batch_id()` names each job. Paths are made absolute here, so that workers elsewhere
    (a Dask cluster) read the same files; sources stay as given. Files a folder walk passes
    over for their suffix are appended to `skipped`."""
    inputs = list(inputs)
    # An input named twice ("pages pages/a.txt") is read once; one argument cannot repeat a file.
    seen: set[int] | None = set() if len(inputs) > 1 else None
    batch: list[Input] = []
    size = 0
    for item in discover(inputs, skipped=skipped):
        if item.path is not None:
            item = dataclasses.replace(item, path=item.path.absolute())
        if state.source_done(item.source):
            continue
        if seen is not None:
            k = key(item.source)
            if k in seen:
                continue
            seen.add(k)
        for piece in split_records(item, options.batch_size):
            if batch and size + piece.size > options.batch_size:
                yield _job(batch, state, new_batch_id())
                batch, size = [], 0
            batch.append(piece)
            size += piece.size
            if size >= options.batch_size:
                yield _job(batch, state, new_batch_id())
                batch, size = [], 0
    if batch:
        yield _job(batch, state, new_batch_id())


def _job(batch: list[Input], state: ResumeState, batch_id: str) -> Job:
    skip: set[str] = set()
    for item in batch:
        if item.n_records:  # records of a container file finished by an earlier run
            skip |= state.records_done(item.source, item.first_record, item.n_records)
    return Job(batch_id, batch, frozenset(skip))
