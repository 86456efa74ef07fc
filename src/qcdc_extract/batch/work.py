"""The worker side, in any process (local or on a Dask worker): read a job's inputs, run the
pipeline, stage the rows; the parent commits what it reports."""
from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from qcdc_extract.batch.plan import Job
from qcdc_extract.facts import ArticleContext, facts_of, register_extensions
from qcdc_extract.ingest import Article, IngestError, Input, read_input
from qcdc_extract.kinds import KINDS
from qcdc_extract.limits import OverBudget, budget
from qcdc_extract.resources import DataFileError
from qcdc_extract.schema import to_table
from qcdc_extract.settings import Options
from qcdc_extract.vi.tones import placer
from qcdc_extract.writer import stage_batch

LOGGER = logging.getLogger(__name__)


def article_rows(article: Article, doc) -> dict[str, list[dict]]:
    """The rows one processed article contributes to every table."""
    row = dataclasses.asdict(article)
    row["event_date"] = doc._.qcdc_event_date
    row["n_chars"] = len(article.text)
    place = doc._.qcdc_place or {}
    row.update({f"main_{level}": place.get(level) for level in ("province", "district", "commune")},
               main_place_code=place.get("code"), main_place_level=place.get("level"))
    row.update(doc._.qcdc_identity or {})
    rows: dict[str, list[dict]] = {"articles": [row]}
    for kind in KINDS:
        rows[kind.name] = [_fact_row(article.article_id, f) for f in facts_of(doc, kind.name)]
    # Gazetteer and lexicon names ("Kiến Thụy", "Ủy ban nhân dân") in the text's convention,
    # every column at once so that a new one gets it too.
    place = placer(doc.user_data.get(TONE_MARKS_KEY, "keep"), article.text)
    for name, table in rows.items():
        for r in table:
            for col, value in r.items():
                if col not in _AS_WRITTEN[name == "articles"]:
                    r[col] = _placed(value, place)
    return rows


# The doc's user_data entry naming the run's --tone-marks (process sets it); without it the
# article's own text decides, as with "keep".
TONE_MARKS_KEY = "qcdc_tone_marks"
# Columns kept as read: the text and what must equal a piece of it, identifiers, inputs' names
# (for the articles table, its title and author: normalised with the text already).
_AS_WRITTEN = {
    False: frozenset({"article_id", "surface", "doc_key"}),
    True: frozenset({"article_id", "source", "sources", "url", "format", "encoding", "text", "title", "author"}),
}


def _placed(value, place):
    """A row's value with every string in it (in lists and structs too) passed through place."""
    if isinstance(value, str):
        return place(value)
    if isinstance(value, list):
        return [_placed(v, place) for v in value]
    if isinstance(value, dict):
        return {k: _placed(v, place) for k, v in value.items()}
    return value


def _fact_row(article_id: str, fact) -> dict:
    row = {f.name: getattr(fact, f.name) for f in dataclasses.fields(fact)}
    row["article_id"] = article_id
    return row


def process(articles: list[Article], nlp, timings: Counter | None = None,
            options: Options | None = None) -> dict[str, list[dict]]:
    """Run the pipeline over a batch of articles; return rows per table.

    An article the pipeline fails on, one longer than options.max_chars and one that takes
    longer than options.timeout become an error row for each of its sources; the rest of
    the batch goes on. `timings` collects seconds per stage (tokenize, components).
    """
    register_extensions()
    options = options or Options()
    timings = timings if timings is not None else Counter()
    tables: dict[str, list[dict]] = defaultdict(list)
    for article in articles:
        if len(article.text) > options.max_chars:
            message = f"{len(article.text):,} characters is over the limit of {options.max_chars:,} (max_chars)"
            tables["errors"].extend(_error_rows(article, "too_large", message))
            continue
        try:
            with budget(options.timeout):
                doc = _run(article, nlp, timings, options.source_year)
        except DataFileError:
            raise  # a broken data file fails every article: the run must stop, not log each
        except OverBudget as exc:
            LOGGER.warning("%s: the pipeline %s", article.source, exc)
            tables["errors"].extend(_error_rows(article, "timeout", f"the pipeline {exc}"))
            continue
        except Exception as exc:
            LOGGER.error("%s: the pipeline failed", article.source, exc_info=True)
            message = f"the pipeline failed: {type(exc).__name__}: {exc}"
            tables["errors"].extend(_error_rows(article, "pipeline_error", message))
            continue
        doc.user_data[TONE_MARKS_KEY] = options.tone_marks
        for name, rows in article_rows(article, doc).items():
            tables[name].extend(rows)
    return tables


def _run(article: Article, nlp, timings: Counter, source_year: int | None = None):
    t = time.perf_counter()
    doc = nlp.make_doc(article.text)
    doc._.qcdc_context = ArticleContext(article.title, article.published_at, article.author, source_year)
    timings["tokenize"] += time.perf_counter() - t
    for name, component in nlp.pipeline:
        t = time.perf_counter()
        doc = component(doc)
        timings[name] += time.perf_counter() - t
    return doc


def _error_rows(article: Article, kind: str, message: str) -> list[dict]:
    return [{"source": s, "error": kind, "message": message} for s in article.sources]


def _guarded(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """read_input, with an unforeseen failure or an overrun on one input turned into its error row."""
    results = read_input(item, options)
    while True:
        try:
            with budget(options.timeout):
                result = next(results)
        except StopIteration:
            return
        except DataFileError:
            raise
        except OverBudget as exc:
            LOGGER.warning("%s: reading %s", item.source, exc)
            yield IngestError(item.source, "timeout", f"reading {exc}")
            return
        except Exception as exc:  # a bug or a parser crash on one input must not end the batch
            LOGGER.error("%s: reading failed", item.source, exc_info=True)
            yield IngestError(item.source, "internal_error", f"reading failed: {type(exc).__name__}: {exc}")
            return
        yield result


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
    # What the batch cost besides seconds: NER's sentences, promoted and reused names.
    counters: Counter = dataclasses.field(default_factory=Counter)
    # Its error rows by kind (unreadable, not_an_article, timeout, ...).
    error_kinds: Counter = dataclasses.field(default_factory=Counter)


_PIPELINES: dict = {}


def _pipeline(options: Options):
    """One pipeline per process and setting, loaded on first use."""
    from qcdc_extract.pipeline import load

    key = (options.ner, options.max_chars)
    if key not in _PIPELINES:
        _PIPELINES[key] = load(options)
    return _PIPELINES[key]


# Lexemes spaCy's vocabulary may keep from the batches a process runs (see _vocabulary_zone).
VOCABULARY_KEPT = 20_000


def _vocabulary_zone(nlp):
    """Where a batch's docs are made. The strings and lexemes spaCy makes for a batch are freed
    with its memory zone, so memory stays flat however many batches a process runs; but then
    every batch makes its words again (a new lexeme costs about 30 µs: spaCy computes its
    shape, prefix, suffix and flags in Python), syllables, figures and names that recur in
    every article. So batches keep their words until the vocabulary holds VOCABULARY_KEPT
    lexemes (a few megabytes; real news reaches it within about 3,000 articles a process),
    and run in a memory zone after that: later batches find most of their words made, and
    memory stays flat all the same."""
    import contextlib

    if len(nlp.vocab) < VOCABULARY_KEPT:
        return contextlib.nullcontext()
    return nlp.memory_zone()


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
    from qcdc_extract.officials.ner import STATS

    ner_before = Counter(STATS)
    with _vocabulary_zone(nlp):
        tables = process(list(fresh.values()), nlp, timings, options)
    ner = Counter(STATS)
    ner.subtract(ner_before)
    if ner["seconds"]:
        timings["ner"] += ner.pop("seconds")
    ner.pop("seconds", None)
    counters = Counter({f"ner_{k}": v for k, v in ner.items() if v})
    tables["errors"] = [_storable_error(e) for e in errors + tables.get("errors", [])]
    t = time.perf_counter()
    try:
        counts = stage_batch(Path(out), job.batch_id, tables)
    except STORAGE_ERRORS:
        # One article's value Arrow cannot hold must not lose the batch: find it, report it.
        tables = without_unstorable(tables)
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
        counters=counters,
        error_kinds=Counter(e["error"] for e in tables["errors"]),
    )




# What converting a row to Arrow raises on a value it cannot hold (a lone surrogate, an
# out-of-range number or date, a value of the wrong type).
STORAGE_ERRORS = (pa.ArrowException, UnicodeError, OverflowError, ValueError, TypeError)


def without_unstorable(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The tables less every article one of whose rows Arrow cannot hold; each such article
    becomes an error row for its sources instead."""
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in tables.items():
        if name != "errors":
            for row in rows:
                by_article[row["article_id"]][name].append(row)
    bad: dict[str, str] = {}
    for aid, rows in by_article.items():
        for name, table_rows in rows.items():
            try:
                to_table(name, table_rows)
            except STORAGE_ERRORS as exc:
                bad[aid] = f"a value of the {name} table cannot be stored: {type(exc).__name__}: {exc}"
                break
    out = {name: [r for r in rows if r.get("article_id") not in bad] for name, rows in tables.items() if name != "errors"}
    out["errors"] = list(tables.get("errors", []))
    for row in tables.get("articles", []):
        if row["article_id"] in bad:
            LOGGER.error("%s: %s", row["source"], bad[row["article_id"]])
            out["errors"].extend(_storable_error({"source": s, "error": "internal_error", "message": bad[row["article_id"]]})
                                 for s in row["sources"])
    return out


def _storable_error(row: dict) -> dict:
    """An error row whose strings Arrow can always hold (a lone surrogate shown escaped)."""
    return {k: v.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(v, str) else v
            for k, v in row.items()}
