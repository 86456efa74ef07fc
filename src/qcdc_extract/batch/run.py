"""The run: plan the inputs, run the jobs on an engine, commit each batch, account for everything."""
from __future__ import annotations

import dataclasses
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qcdc_extract import rxcache as rx
from qcdc_extract import __version__
from qcdc_extract.batch.engines import make_engine
from qcdc_extract.batch.plan import plan
from qcdc_extract.batch.state import ResumeState
from qcdc_extract.batch.work import BatchResult
from qcdc_extract.ingest import display_path
from qcdc_extract.kinds import BY_NAME, FACT_TABLES
from qcdc_extract.resources import gazetteer_versions
from qcdc_extract.settings import Options
from qcdc_extract.writer import DatasetWriter, drop_staged_articles

LOGGER = logging.getLogger(__name__)
# How many skipped files a summary names.
SKIPPED_LISTED = 1000

# The kinds the summary line counts, in table order.
SUMMARY_KINDS = tuple(name for name in FACT_TABLES if BY_NAME[name].in_summary)


@dataclass
class Summary:
    """What a batch run did."""

    out: Path
    articles: int = 0
    duplicates: int = 0
    already_present: int = 0
    # Inputs tried again after failing in an earlier run.
    retried: int = 0
    # Files a folder walk passed over for their suffix, and the first of them (the CLI's --verbose).
    skipped: int = 0
    skipped_files: list[str] = field(default_factory=list)
    errors: int = 0
    inputs: int = 0
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    timings: Counter = field(default_factory=Counter)
    counters: Counter = field(default_factory=Counter)
    # This run's error rows by kind (unreadable, timeout, ...) and the output's rows per
    # table after it (this run's and earlier runs').
    errors_by_kind: Counter = field(default_factory=Counter)
    totals: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """A run succeeds when at least one article was processed or was already there."""
        return self.articles + self.already_present + self.duplicates > 0

    def line(self) -> str:
        facts = ", ".join(f"{k} {self.rows[k]}" for k in SUMMARY_KINDS)
        extra = []
        if self.duplicates:
            extra.append(plural(self.duplicates, "duplicate"))
        if self.already_present:
            extra.append(f"{self.already_present} already in the output")
        if self.retried:
            extra.append(f"{self.retried} retried")
        if self.skipped:
            extra.append(plural(self.skipped, "file") + " skipped by suffix")
        more = f" ({', '.join(extra)})" if extra else ""
        line = (f"{plural(self.articles, 'article')}{more}, {plural(self.errors, 'error')}; facts: {facts}; "
                f"{self.seconds:.1f} s -> {self.out}")
        if self.totals and (self.already_present or self.retried):
            line += (f"; the output now holds {plural(self.totals.get('articles', 0), 'article')}, "
                     f"{plural(self.totals.get('errors', 0), 'error')}")
        return line

    def as_dict(self) -> dict:
        """The run as JSON for scripts (qcdc extract --json): this run's figures and the
        output's totals after it."""
        return {
            "out": str(self.out),
            "articles": self.articles,
            "already_present": self.already_present,
            "duplicates": self.duplicates,
            "retried": self.retried,
            "skipped_files": self.skipped,
            "inputs": self.inputs,
            "errors": self.errors,
            "errors_by_kind": dict(self.errors_by_kind),
            "facts": {k: self.rows.get(k, 0) for k in SUMMARY_KINDS},
            "seconds": round(self.seconds, 3),
            "totals": dict(self.totals),
            "ok": self.ok,
        }


def plural(n: int, word: str) -> str:
    """ "1 error", "2 errors"."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def extract(
    inputs: Iterable[str],
    out: Path,
    options: Options | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Process every input into the Parquet tables under `out`; bad inputs become error rows.

    Inputs already in `out` (by source) and articles already there (by article_id) are
    skipped unless options.overwrite. Batches run in options.workers processes, or on a
    Dask cluster with options.engine == "dask"; this process commits them.
    `progress` is called with the number of records finished since its last call.
    """
    options = options or Options()
    started = time.perf_counter()
    inputs = list(inputs)
    shown, out = Path(out), Path(out).resolve()
    writer = DatasetWriter(out, overwrite=options.overwrite)
    summary = Summary(out=shown)
    try:
        state = ResumeState.of(writer)
        skipped: list[str] = []
        jobs = plan(inputs, options, state, writer.new_batch_id, skipped)
        first = list(itertools.islice(jobs, 2))
        engine = make_engine(options, len(first), inherited_fds=(writer._lock.fileno(),))
    except BaseException:
        writer.close()
        raise
    try:
        for result in engine.results(itertools.chain(first, jobs), str(out), options):
            _commit(result, writer, state, summary)
            if progress:
                progress(result.inputs)
    except BaseException:
        writer.close()
        raise
    finally:
        engine.close()

    writer.update_sources(state.extra_sources)
    if state.retried:
        writer.supersede_errors(state.retried)
    summary.already_present, summary.retried = state.already_present, len(state.retried)
    summary.skipped = len(skipped)
    summary.skipped_files = skipped[:SKIPPED_LISTED]
    summary.seconds = time.perf_counter() - started
    rx.save()  # patterns first compiled while extracting, for the next run
    manifest = writer.finish({
        "inputs": [display_path(i) for i in inputs],  # a name that is not UTF-8, escaped
        "inputs_seen": summary.inputs,
        "articles": summary.articles,
        "duplicates": summary.duplicates,
        "retried": summary.retried,
        "skipped": summary.skipped,
        "errors": summary.errors,
        "rows": dict(summary.rows),
        "seconds": round(summary.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in summary.timings.items()},
        # "ner" in stage_seconds is part of "qcdc_officials"; these count its sentences.
        "counters": dict(summary.counters),
        "version": __version__,
        "options": dataclasses.asdict(options),
        "gazetteers": gazetteer_versions(),
    })
    summary.totals = dict(manifest.get("rows", {}))
    return summary


def _commit(result: BatchResult, writer: DatasetWriter, state: ResumeState, summary: Summary) -> None:
    """Commit a staged batch, first dropping articles another batch already committed."""
    counts = result.counts
    written = state.written(aid for aid, _ in result.articles)
    duplicates = {aid: sources for aid, sources in result.articles if aid in written}
    if written:
        counts = drop_staged_articles(writer.out, result.batch_id, written)
    writer.commit(result.batch_id, counts)
    state.commit((aid for aid, _ in result.articles), duplicates)
    summary.inputs += result.inputs
    summary.articles += len(result.articles) - len(written)
    summary.duplicates += result.duplicates + sum(len(s) for s in duplicates.values())
    summary.errors += result.errors
    summary.rows.update(counts)
    summary.timings.update(result.timings)
    summary.counters.update(result.counters)
    summary.errors_by_kind.update(result.error_kinds)
