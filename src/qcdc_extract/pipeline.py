"""The spaCy pipeline: a syllable tokenizer and one thin component per fact kind."""
from __future__ import annotations

import logging
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from qcdc_extract import counts, dates, documents, locations, officials
from qcdc_extract import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from qcdc_extract.facts import KINDS, register_extensions, store_facts
from qcdc_extract.settings import Options

LOGGER = logging.getLogger(__name__)


class FactComponent:
    """Run one extractor, keep its facts on the doc and mirror them in doc.spans[kind]."""

    def __init__(self, kind: str, extract: Callable[[Doc], list], label: Callable[[object], str]):
        self.kind = kind
        self.extract = extract
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        facts = self.extract(doc)
        store_facts(doc, self.kind, facts)
        spans = []
        for fact in facts:
            span = doc.char_span(fact.start, fact.end, label=self.label(fact), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.kind] = spans
        return doc


class DatesComponent(FactComponent):
    """Dates, plus the article's periods and event date."""

    def __init__(self):
        super().__init__("dates", self._dates, lambda f: f"DATE_{f.granularity.upper()}")

    @staticmethod
    def _dates(doc: Doc) -> list:
        found, doc._.qcdc_periods = dates.extract_dates_and_periods(doc)
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc = super().__call__(doc)
        doc._.qcdc_event_date = dates.event_date(doc, doc._.qcdc_facts["dates"])
        return doc


class LocationsComponent(FactComponent):
    """Locations, plus the article's main place (for grouping articles by place)."""

    def __call__(self, doc: Doc) -> Doc:
        doc = super().__call__(doc)
        doc._.qcdc_place = locations.main_place(doc, doc._.qcdc_facts["locations"])
        return doc


@Language.factory("qcdc_documents", assigns=["doc.spans"])
def make_documents(nlp: Language, name: str):
    return FactComponent("documents", documents.extract_documents, lambda f: f.doc_type)


@Language.factory("qcdc_dates", assigns=["doc.spans"])
def make_dates(nlp: Language, name: str):
    return DatesComponent()


@Language.factory("qcdc_counts", assigns=["doc.spans"])
def make_counts(nlp: Language, name: str):
    return FactComponent("counts", counts.extract_counts, lambda f: f"COUNT_{f.kind.upper()}")


@Language.factory("qcdc_officials", assigns=["doc.spans"], default_config={"ner": True})
def make_officials(nlp: Language, name: str, ner: bool):
    return FactComponent("officials", officials.make_extractor(ner=ner), lambda f: "OFFICIAL")


@Language.factory("qcdc_locations", assigns=["doc.spans"])
def make_locations(nlp: Language, name: str):
    return LocationsComponent("locations", locations.extract_locations, lambda f: f.unit_type.upper())


def load(options: Options | None = None) -> Language:
    """The assembled pipeline; components run in KINDS order, documents first.

    Documents run before dates (a cited document's issue date is not the event's date)
    and both before counts (numbers inside dates and document numbers are not counts).
    """
    options = options or Options()
    register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "qcdc.SyllableTokenizer.v1"}}})
    for kind in KINDS:
        config = {"ner": options.ner} if kind == "officials" else {}
        nlp.add_pipe(f"qcdc_{kind}", config=config)
    return nlp
