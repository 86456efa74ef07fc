"""What every extracted fact shares, and the doc extensions the pipeline reads and writes."""
from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from datetime import date, datetime

import srsly
from spacy.tokens import Doc, Span

from qcdc_extract.kinds import ARTICLE_ATTRS, KINDS


@dataclass(kw_only=True)
class Fact:
    """A mention: character offsets into the article text and the text between them."""

    start: int
    end: int
    surface: str


@dataclass
class ArticleContext:
    """What extractors may know about an article besides its text."""

    title: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    # The year the input is known to be from when its page gives no stamp (a dump of one
    # year's news: qcdc extract --source-year).
    source_year: int | None = None


def register_extensions() -> None:
    """Register the doc._.qcdc_* extensions once: the article's context, one list of facts
    per kind (doc._.qcdc_dates, ...), the article-level attributes components set, and
    doc._.qcdc_facts, a read-only view {kind: facts} of the kinds that ran; and span._.qcdc_fact,
    the fact behind each span of doc.spans[kind]."""
    if Doc.has_extension("qcdc_facts"):
        return
    for name in ("qcdc_context", *(k.attr for k in KINDS), *ARTICLE_ATTRS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("qcdc_fact"):
        Span.set_extension("qcdc_fact", default=None)
    Doc.set_extension("qcdc_facts", getter=_facts_view)


# -- serialisation ------------------------------------------------------------------------------
# Facts, the article's context and their dates live in doc.user_data, which spaCy writes with
# msgpack (Doc.to_bytes, DocBin(store_user_data=True), nlp.pipe(n_process=2)). These hooks let
# msgpack carry them: a fact as its class path and fields, a date or time as ISO text.

_CLASS, _DATE, _DATETIME = "__qcdc_fact__", "__qcdc_date__", "__qcdc_datetime__"


def _encode(obj, chain=None):
    if dataclasses.is_dataclass(obj) and isinstance(obj, (Fact, ArticleContext)):
        cls = type(obj)
        return {_CLASS: f"{cls.__module__}:{cls.__qualname__}",
                "fields": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}}
    if isinstance(obj, datetime):
        return {_DATETIME: obj.isoformat()}
    if isinstance(obj, date):
        return {_DATE: obj.isoformat()}
    return obj if chain is None else chain(obj)


def _decode(obj, chain=None):
    if isinstance(obj, dict):
        if _CLASS in obj:
            module, _, name = obj[_CLASS].partition(":")
            if module.startswith("qcdc_extract."):  # only our own classes are ever built
                cls = getattr(importlib.import_module(module), name)
                fields = obj["fields"]
                if "issued_span" in fields and isinstance(fields["issued_span"], list):
                    fields["issued_span"] = tuple(fields["issued_span"])
                return cls(**fields)
        if _DATETIME in obj:
            return datetime.fromisoformat(obj[_DATETIME])
        if _DATE in obj:
            return date.fromisoformat(obj[_DATE])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("qcdc_facts", func=_encode)
srsly.msgpack_decoders.register("qcdc_facts", func=_decode)


def _facts_view(doc: Doc) -> dict[str, list]:
    return {k.name: facts for k in KINDS if (facts := doc._.get(k.attr)) is not None}


def text_of(doc: Doc) -> str:
    """doc.text, built once: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("qcdc_text")
    if text is None:
        text = doc.user_data["qcdc_text"] = doc.text
    return text


def word_hashes(words, exact: bool = False) -> "numpy.ndarray":
    """spaCy's hashes of words (lower-cased unless exact), for token_offsets()."""
    import numpy
    from spacy.strings import hash_string

    return numpy.array(sorted({hash_string(w if exact else w.lower()) for w in words}), dtype=numpy.uint64)


def token_offsets(doc: Doc, hashes, exact: bool = False, digits: bool = False) -> list[int]:
    """Character offsets of the tokens whose form (lower-cased unless exact) is among `hashes`,
    and of every run of digits too if `digits`.

    One vectorised pass over the doc's token array: far cheaper than a regex alternation
    scanned over the text when an extractor only needs where some words start.
    """
    import numpy
    from spacy.attrs import IDX, IS_DIGIT, LOWER, ORTH

    array = doc.user_data.get("qcdc_token_array")
    if array is None:
        array = doc.user_data["qcdc_token_array"] = doc.to_array([LOWER, ORTH, IDX, IS_DIGIT]).astype(numpy.uint64)
    # `hashes` is sorted (word_hashes): a binary search per token, with no sort of the token
    # column as numpy.isin would do at every call.
    column = array[:, 1 if exact else 0]
    if len(hashes):
        where = numpy.searchsorted(hashes, column)
        hits = hashes[numpy.minimum(where, len(hashes) - 1)] == column
    else:
        hits = numpy.zeros(len(column), dtype=bool)
    if digits:
        hits |= array[:, 3] == 1
    return array[hits, 2].astype(numpy.int64).tolist()


def context_of(doc: Doc) -> ArticleContext:
    register_extensions()
    return doc._.qcdc_context or ArticleContext()


def facts_of(doc: Doc, kind: str) -> list:
    """Facts an earlier component stored on the doc (empty if it did not run)."""
    register_extensions()
    return doc._.get(f"qcdc_{kind}") or []


def store_facts(doc: Doc, kind: str, facts: list) -> None:
    register_extensions()
    doc._.set(f"qcdc_{kind}", facts)


def mention(text: str, start: int, end: int) -> dict:
    """start/end/surface keyword arguments for a Fact, whitespace trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "surface": text[start:end]}


def as_date(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value
