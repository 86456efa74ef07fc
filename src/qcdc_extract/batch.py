"""The batch job: inputs -> ingest -> pipeline -> Parquet tables, streaming in bounded batches."""
from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qcdc_extract import __version__
from qcdc_extract.facts import ArticleContext, KINDS, register_extensions
from qcdc_extract.ingest import Article, IngestError, discover, read_input
from qcdc_extract.resources import DataFileError, gazetteer_versions
from qcdc_extract.schema import TABLES
from qcdc_extract.settings import Options
from qcdc_extract.writer import DatasetWriter

LOGGER = logging.getLogger(__name__)


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

    @property
    def ok(self) -> bool:
        """A run succeeds when at least one article was processed or was already there."""
        return self.articles + self.already_present + self.duplicates > 0

    def line(self) -> str:
        facts = ", ".join(f"{k} {self.rows[k]}" for k in ("dates", "documents", "officials", "counts", "locations"))
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
    rows: dict[str, list[dict]] = {"articles": [row]}
    for kind in KINDS:
        rows[kind] = [_fact_row(article.article_id, f) for f in doc._.qcdc_facts.get(kind, [])]
    rows["periods"] = [_fact_row(article.article_id, p) for p in doc._.qcdc_periods or []]
    return rows


def _fact_row(article_id: str, fact) -> dict:
    row = {f.name: getattr(fact, f.name) for f in dataclasses.fields(fact)}
    row["article_id"] = article_id
    return row


def process(articles: list[Article], nlp) -> dict[str, list[dict]]:
    """Run the pipeline over a batch of articles; return rows per table.

    An article the pipeline fails on becomes an error row for each of its sources; the
    rest of the batch goes on.
    """
    register_extensions()
    try:
        docs: list = list(nlp.pipe([_make_doc(article, nlp) for article in articles]))
    except DataFileError:
        raise  # a broken data file fails every article: the run must stop, not log each
    except Exception:
        # nlp.pipe stops at the first failure: redo the batch one article at a time to
        # find the culprits and keep the others.
        LOGGER.warning("the pipeline failed on a batch; processing its %d articles one by one", len(articles))
        docs = [_run_one(article, nlp) for article in articles]
    tables: dict[str, list[dict]] = defaultdict(list)
    for article, doc in zip(articles, docs):
        if isinstance(doc, Exception):
            message = f"the pipeline failed: {type(doc).__name__}: {doc}"
            tables["errors"].extend({"source": s, "error": "pipeline_error", "message": message} for s in article.sources)
            continue
        for name, rows in article_rows(article, doc).items():
            tables[name].extend(rows)
    return tables


def _make_doc(article: Article, nlp):
    doc = nlp.make_doc(article.text)
    doc._.qcdc_context = ArticleContext(article.title, article.published_at, article.author)
    return doc


def _run_one(article: Article, nlp):
    """The processed doc, or the exception the pipeline raised on it."""
    try:
        return nlp(_make_doc(article, nlp))
    except DataFileError:
        raise
    except Exception as exc:
        LOGGER.error("%s: the pipeline failed", article.source, exc_info=True)
        return exc


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_new(inputs, options: Options, done: set[str], summary: Summary) -> Iterator[Article | IngestError]:
    """Read every input not already in the output (by source); count what was skipped."""
    seen: set[str] = set()  # an input named twice ("pages pages/a.txt") is read once
    for item in discover(inputs):
        if item.source in done:
            summary.already_present += 1
            continue
        if item.source in seen:
            continue
        seen.add(item.source)
        for result in _guarded(item, options):
            summary.inputs += 1
            if result.source in done:  # a JSON Lines record done in an earlier run
                summary.already_present += 1
                continue
            yield result


def _guarded(item, options: Options) -> Iterator[Article | IngestError]:
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


def extract(
    inputs: Iterable[str],
    out: Path,
    options: Options | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Process every input into the Parquet tables under `out`; bad inputs become error rows.

    Articles already in `out` (by article_id) are skipped unless options.overwrite.
    `progress` is called with the number of inputs finished since its last call.
    """
    from qcdc_extract.pipeline import load

    options = options or Options()
    started = time.perf_counter()
    inputs = list(inputs)
    writer = DatasetWriter(Path(out), overwrite=options.overwrite)
    done_ids = writer.existing_ids()
    done_sources = writer.existing_sources()
    summary = Summary(out=Path(out))
    extra_sources: dict[str, list[str]] = defaultdict(list)
    nlp = load(options)

    for batch in _batched(_read_new(inputs, options, done_sources, summary), options.batch_size):
        fresh: dict[str, Article] = {}
        errors: list[dict] = []
        for item in batch:
            done_sources.add(item.source)
            if isinstance(item, IngestError):
                LOGGER.info("%s: %s (%s)", item.source, item.message, item.error)
                errors.append(dataclasses.asdict(item))
            elif item.article_id in fresh:
                summary.duplicates += 1
                fresh[item.article_id].sources.append(item.source)
            elif item.article_id in done_ids:
                summary.duplicates += 1
                extra_sources[item.article_id].append(item.source)
            else:
                done_ids.add(item.article_id)
                fresh[item.article_id] = item
        tables = process(list(fresh.values()), nlp) if fresh else {}
        tables["errors"] = errors + tables.get("errors", [])
        written = {row["article_id"] for row in tables.get("articles", [])}
        for failed in set(fresh) - written:
            done_ids.discard(failed)
            summary.duplicates -= len(fresh[failed].sources) - 1
        writer.write(tables)
        summary.articles += len(written)
        summary.errors += len(tables["errors"])
        for name in TABLES:
            summary.rows[name] += len(tables.get(name, []))
        if progress:
            progress(len(batch))

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
        "version": __version__,
        "options": dataclasses.asdict(options),
        "gazetteers": gazetteer_versions(),
    })
    return summary
