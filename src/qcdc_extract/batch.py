"""The batch job: inputs -> ingest -> pipeline -> Parquet tables, streaming in bounded batches."""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from qcdc_extract import __version__
from qcdc_extract.facts import ArticleContext, facts_of, register_extensions
from qcdc_extract.kinds import FACT_TABLES, KINDS, BY_NAME
from qcdc_extract.ingest import JSONL_SUFFIXES, Article, IngestError, Input, discover, read_input, split_jsonl
from qcdc_extract.resources import DataFileError, gazetteer_versions
from qcdc_extract.schema import TABLES
from qcdc_extract.settings import Options
from qcdc_extract.writer import DatasetWriter, drop_staged_articles, stage_batch

LOGGER = logging.getLogger(__name__)


# The kinds the summary line counts, in table order.
SUMMARY_KINDS = tuple(name for name in FACT_TABLES if BY_NAME[name].in_summary)


@dataclass
class Summary:
    """What a batch run did."""

    out: Path
    articles: int = 0
    duplicates: int = 0
    already_present: int = 0
    errors: int = 0
    inputs: int = 0
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    timings: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """A run succeeds when at least one article was processed or was already there."""
        return self.articles + self.already_present + self.duplicates > 0

    def line(self) -> str:
        facts = ", ".join(f"{k} {self.rows[k]}" for k in SUMMARY_KINDS)
        extra = []
        if self.duplicates:
            extra.append(f"{self.duplicates} duplicates")
        if self.already_present:
            extra.append(f"{self.already_present} already in the output")
        more = f" ({', '.join(extra)})" if extra else ""
        return (f"{self.articles} articles{more}, {self.errors} errors; facts: {facts}; "
                f"{self.seconds:.1f} s -> {self.out}")


def article_rows(article: Article, doc) -> dict[str, list[dict]]:
    """The rows one processed article contributes to every table."""
    row = dataclasses.asdict(article)
    row["event_date"] = doc._.qcdc_event_date
    row["n_chars"] = len(article.text)
    place = doc._.qcdc_place or {}
    row.update({f"main_{level}": place.get(level) for level in ("province", "district", "commune")},
               main_place_code=place.get("code"), main_place_level=place.get("level"))
    rows: dict[str, list[dict]] = {"articles": [row]}
    for kind in KINDS:
        rows[kind.name] = [_fact_row(article.article_id, f) for f in facts_of(doc, kind.name)]
    return rows


def _fact_row(article_id: str, fact) -> dict:
    row = {f.name: getattr(fact, f.name) for f in dataclasses.fields(fact)}
    row["article_id"] = article_id
    return row


def process(articles: list[Article], nlp, timings: Counter | None = None) -> dict[str, list[dict]]:
    """Run the pipeline over a batch of articles; return rows per table.

    An article the pipeline fails on becomes an error row for each of its sources; the
    rest of the batch goes on. `timings` collects seconds per stage (tokenize, components).
    """
    register_extensions()
    timings = timings if timings is not None else Counter()
    tables: dict[str, list[dict]] = defaultdict(list)
    for article in articles:
        t = time.perf_counter()
        doc = _make_doc(article, nlp)
        timings["tokenize"] += time.perf_counter() - t
        try:
            for name, component in nlp.pipeline:
                t = time.perf_counter()
                doc = component(doc)
                timings[name] += time.perf_counter() - t
        except DataFileError:
            raise  # a broken data file fails every article: the run must stop, not log each
        except Exception as exc:
            LOGGER.error("%s: the pipeline failed", article.source, exc_info=True)
            message = f"the pipeline failed: {type(exc).__name__}: {exc}"
            tables["errors"].extend({"source": s, "error": "pipeline_error", "message": message} for s in article.sources)
            continue
        for name, rows in article_rows(article, doc).items():
            tables[name].extend(rows)
    return tables


def _make_doc(article: Article, nlp):
    doc = nlp.make_doc(article.text)
    doc._.qcdc_context = ArticleContext(article.title, article.published_at, article.author)
    return doc


def _guarded(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """read_input, with an unforeseen failure on one input turned into its error row."""
    results = read_input(item, options)
    while True:
        try:
            result = next(results)
        except StopIteration:
            return
        except DataFileError:
            raise
        except Exception as exc:  # a bug or a parser crash on one input must not end the batch
            LOGGER.error("%s: reading failed", item.source, exc_info=True)
            yield IngestError(item.source, "internal_error", f"reading failed: {type(exc).__name__}: {exc}")
            return
        yield result


# -- worker side: any process, local or on a Dask worker -------------------------------

@dataclass
class Job:
    """One batch of inputs to read, extract and stage."""

    batch_id: str
    inputs: list[Input]
    # Sources already in the output (lines of a JSON Lines file done by an earlier run).
    skip: frozenset[str] = frozenset()


@dataclass
class BatchResult:
    """What a worker reports back: small, the rows themselves stay in the staged parts."""

    batch_id: str
    inputs: int
    counts: dict[str, int]
    articles: list[tuple[str, list[str]]]
    duplicates: int
    errors: int
    timings: Counter


_PIPELINES: dict = {}


def _pipeline(options: Options):
    """One pipeline per process and setting, loaded on first use."""
    from qcdc_extract.pipeline import load

    key = options.ner
    if key not in _PIPELINES:
        _PIPELINES[key] = load(options)
    return _PIPELINES[key]


def run_batch(job: Job, out: str, options: Options, nlp=None) -> BatchResult:
    """Read, extract and stage one batch under `out`; the parent commits it.

    Without `nlp`, the process's own pipeline is loaded once and kept (worker processes).
    """
    timings: Counter = Counter()
    t = time.perf_counter()
    fresh: dict[str, Article] = {}
    errors: list[dict] = []
    n_inputs = duplicates = 0
    for item in job.inputs:
        for result in _guarded(item, options):
            if result.source in job.skip:
                continue
            n_inputs += 1
            if isinstance(result, IngestError):
                LOGGER.info("%s: %s (%s)", result.source, result.message, result.error)
                errors.append(dataclasses.asdict(result))
            elif result.article_id in fresh:
                duplicates += 1
                fresh[result.article_id].sources.append(result.source)
            else:
                fresh[result.article_id] = result
    timings["ingest"] += time.perf_counter() - t
    nlp = nlp or _pipeline(options)
    # Strings spaCy interns for these docs are freed with the zone: memory stays flat.
    with nlp.memory_zone():
        tables = process(list(fresh.values()), nlp, timings)
    tables["errors"] = errors + tables.get("errors", [])
    t = time.perf_counter()
    counts = stage_batch(Path(out), job.batch_id, tables)
    timings["write"] += time.perf_counter() - t
    return BatchResult(
        batch_id=job.batch_id,
        inputs=n_inputs,
        counts=counts,
        articles=[(r["article_id"], r["sources"]) for r in tables.get("articles", [])],
        duplicates=duplicates,
        errors=len(tables["errors"]),
        timings=timings,
    )


# -- engines: where batches run -------------------------------------------------------

def _warm(nlp) -> None:
    """Run one small article through the pipeline so every lazy load happens now."""
    with nlp.memory_zone():
        nlp("Sáng 5/4/2022, đồng chí Nguyễn Văn An - Bí thư Đảng ủy xã Kỳ Châu dự Hội nghị "
            "sơ kết Nghị quyết số 02-NQ/TU; 7/7 chi bộ, 1,9% hộ nghèo.")


class InProcess:
    """Batches one after another in this process, with a pipeline of its own."""

    def __init__(self, options: Options):
        from qcdc_extract.pipeline import load

        self.nlp = load(options)

    def results(self, jobs: Iterable[Job], out: str, options: Options) -> Iterator[BatchResult]:
        for job in jobs:
            yield run_batch(job, out, options, self.nlp)

    def close(self) -> None:
        pass


class _Parallel:
    """Keep a bounded number of batches in flight; yield results as they complete."""

    in_flight_per_worker = 2

    def results(self, jobs: Iterable[Job], out: str, options: Options) -> Iterator[BatchResult]:
        pending = set()
        limit = self.in_flight_per_worker * self.n_workers
        jobs = iter(jobs)
        try:
            while True:
                while len(pending) < limit:
                    job = next(jobs, None)
                    if job is None:
                        break
                    pending.add(self.submit(run_batch, job, out, options))
                if not pending:
                    return
                done, pending = self.wait(pending)
                for future in done:
                    yield future.result()
        finally:
            for future in pending:
                future.cancel()


class ProcessPool(_Parallel):
    """Batches in worker processes on this machine.

    On Linux the workers are forked from this process after it has loaded and warmed the
    pipeline: they start at once and share its memory (models, lexicons, gazetteers) copy
    on write. Elsewhere (macOS, Windows, where fork is unsafe) they are spawned and each
    loads its own.
    """

    def __init__(self, n_workers: int, options: Options):
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.n_workers = n_workers
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            _warm(_pipeline(options))
            gc.freeze()  # keep the collector from touching, hence copying, the shared objects
        self.pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context(method))

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def wait(self, pending):
        from concurrent.futures import FIRST_COMPLETED, wait

        done, not_done = wait(pending, return_when=FIRST_COMPLETED)
        return done, not_done

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskEngine(_Parallel):
    """Batches on a Dask distributed cluster; workers write their own parts to `out`."""

    def __init__(self, scheduler: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError("the dask engine needs the optional extra: pip install 'qcdc-extract[dask]'") from exc
        self.client = Client(scheduler)
        self.n_workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending):
        from distributed import wait

        result = wait(list(pending), return_when="FIRST_COMPLETED")
        return set(result.done), set(result.not_done)

    def close(self) -> None:
        self.client.close()


def make_engine(options: Options, n_jobs_hint: int):
    if options.engine == "dask":
        if not options.scheduler:
            raise ValueError("the dask engine needs a scheduler address (--scheduler tcp://host:8786)")
        return DaskEngine(options.scheduler)
    workers = min(options.n_workers, max(1, n_jobs_hint))
    return InProcess(options) if workers <= 1 else ProcessPool(workers, options)


# -- parent side: plan, commit, account -----------------------------------------------

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


def _key(text: str) -> int:
    """64-bit key of a source or id: sets of ints cost a third of sets of strings."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _plan(inputs, options: Options, writer: DatasetWriter, done: set[int], summary: Summary) -> Iterator[Job]:
    """Group the inputs not yet in the output into jobs of about batch_size records."""
    # An input named twice ("pages pages/a.txt") is read once; one argument cannot repeat a file.
    seen: set[int] | None = set() if len(inputs) > 1 else None
    batch: list[Input] = []
    size = 0
    for item in discover(inputs):
        key = _key(item.source)
        if key in done:
            summary.already_present += 1
            continue
        if seen is not None:
            if key in seen:
                continue
            seen.add(key)
        pieces = split_jsonl(item, options.batch_size) if item.error is None and item.path.suffix.lower() in JSONL_SUFFIXES else [item]
        for piece in pieces:
            batch.append(piece)
            size += piece.size
            if size >= options.batch_size:
                yield _job(batch, writer, done, summary)
                batch, size = [], 0
    if batch:
        yield _job(batch, writer, done, summary)


def _job(batch: list[Input], writer: DatasetWriter, done: set[int], summary: Summary) -> Job:
    skip = set()
    for item in batch:
        if item.n_lines:  # lines of a JSON Lines file finished by an earlier run
            for n in range(item.first_line, item.first_line + item.n_lines):
                source = f"{item.source}:{n}"
                if _key(source) in done:
                    skip.add(source)
    summary.already_present += len(skip)
    return Job(writer.new_batch_id(), batch, frozenset(skip))


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
    done_ids = IdSet(_key(i) for i in writer.existing_ids())
    done_sources = {_key(s) for s in writer.existing_sources()}
    summary = Summary(out=shown)
    extra_sources: dict[str, list[str]] = defaultdict(list)

    jobs = _plan(inputs, options, writer, done_sources, summary)
    first = list(itertools.islice(jobs, 2))
    engine = make_engine(options, len(first))
    try:
        for result in engine.results(itertools.chain(first, jobs), str(out), options):
            _commit(result, writer, done_ids, extra_sources, summary)
            if progress:
                progress(result.inputs)
    except BaseException:
        writer.close()
        raise
    finally:
        engine.close()

    writer.update_sources(extra_sources)
    summary.seconds = time.perf_counter() - started
    writer.finish({
        "inputs": inputs,
        "inputs_seen": summary.inputs,
        "articles": summary.articles,
        "duplicates": summary.duplicates,
        "errors": summary.errors,
        "rows": dict(summary.rows),
        "seconds": round(summary.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in summary.timings.items()},
        "version": __version__,
        "options": dataclasses.asdict(options),
        "gazetteers": gazetteer_versions(),
    })
    return summary


def _commit(result: BatchResult, writer: DatasetWriter, done_ids: "IdSet",
            extra_sources: dict[str, list[str]], summary: Summary) -> None:
    """Commit a staged batch, first dropping articles another batch already committed."""
    counts = result.counts
    dups = {aid for aid, _ in result.articles if _key(aid) in done_ids}
    if dups:
        counts = drop_staged_articles(writer.out, result.batch_id, dups)
        for aid, sources in result.articles:
            if aid in dups:
                extra_sources[aid].extend(sources)
                summary.duplicates += len(sources)
    writer.commit(result.batch_id, counts)
    done_ids.update(_key(aid) for aid, _ in result.articles)
    summary.inputs += result.inputs
    summary.articles += len(result.articles) - len(dups)
    summary.duplicates += result.duplicates
    summary.errors += result.errors
    summary.rows.update(counts)
    summary.timings.update(result.timings)
