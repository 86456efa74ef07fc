"""What every extracted fact shares, and the doc extensions the pipeline reads and writes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from spacy.tokens import Doc

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
    doc._.qcdc_facts, a read-only view {kind: facts} of the kinds that ran."""
    if Doc.has_extension("qcdc_facts"):
        return
    for name in ("qcdc_context", *(k.attr for k in KINDS), *ARTICLE_ATTRS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    Doc.set_extension("qcdc_facts", getter=_facts_view)


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
    hits = numpy.isin(array[:, 1 if exact else 0], hashes)
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
