"""The spaCy pipeline: a syllable tokenizer and one thin component per fact kind of kinds.KINDS."""
from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from qcdc_extract import rxcache as rx
from qcdc_extract import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from qcdc_extract.facts import register_extensions, store_facts
from qcdc_extract.kinds import KINDS, Kind, check_order, resolve
from qcdc_extract.settings import Options

LOGGER = logging.getLogger(__name__)


class FactComponent:
    """Run one kind's extractor, keep its facts on the doc and mirror them in doc.spans[kind].

    A kind with `also` gets a tuple from its extractor and stores each part under its own
    kind; a kind with `annotates` then sets each article-level attribute from its facts.
    """

    def __init__(self, kind: Kind, config: dict):
        self.kind = kind
        self.config = config
        self.extract = kind.extract()
        if kind.prepare:
            resolve(kind.prepare)(**config)
        self.annotators = {attr: resolve(path) for attr, path in kind.annotates.items()}

    def __call__(self, doc: Doc) -> Doc:
        kind = self.kind
        found = self.extract(doc, **self.config)
        if kind.also:
            facts, *others = found
            for name, extra in zip(kind.also, others):
                store_facts(doc, name, extra)
        else:
            facts = found
        store_facts(doc, kind.name, facts)
        for attr, annotate in self.annotators.items():
            doc._.set(attr, annotate(doc, facts))
        if kind.label is not None:
            spans = []
            for fact in facts:
                span = fact_span(doc, fact, kind.label(fact))
                if span is not None:
                    spans.append(span)
            doc.spans[kind.name] = spans
        return doc


def fact_span(doc: Doc, fact, label: str):
    """The span of a fact, its kb_id_ the fact's key across articles (doc_key, place code,
    person_key) and span._.qcdc_fact the fact itself; None if the offsets fit no tokens."""
    span = doc.char_span(fact.start, fact.end, label=label, kb_id=fact_key(fact) or "", alignment_mode="expand")
    if span is not None:
        span._.qcdc_fact = fact
    return span


def fact_key(fact) -> str | None:
    """What names a fact's referent across articles: doc_key, person_key or "era:level:code"."""
    for name in ("doc_key", "person_key"):
        if getattr(fact, name, None):
            return getattr(fact, name)
    code = getattr(fact, "code", None)
    if code and getattr(fact, "resolved", False):
        return f"{fact.era}:{fact.level}:{code}"
    return None


def _register(kind: Kind) -> None:
    """Register the spaCy factory qcdc_<kind> with what it requires and assigns."""

    def make(nlp: Language, name: str, **config):
        return FactComponent(kind, config)

    # spaCy reads the factory's arguments from its signature: give it one per config key.
    make.__signature__ = _signature(kind.config)
    Language.factory(kind.component, assigns=kind.assigns, requires=kind.requires_attrs,
                     default_config=dict(kind.config), func=make)


def _signature(config: dict):
    import inspect

    params = [inspect.Parameter("nlp", inspect.Parameter.POSITIONAL_OR_KEYWORD),
              inspect.Parameter("name", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, default=v, annotation=type(v))
               for k, v in config.items()]
    return inspect.Signature(params)


for _kind in KINDS:
    if _kind.component and not Language.has_factory(_kind.component):
        _register(_kind)


def load(options: Options | None = None) -> Language:
    """The assembled pipeline: one component per kind, in kinds.KINDS order.

    That order is the execution order; it is checked against each kind's `requires`
    (and `nlp.analyze_pipes()` reports the same from the factories' requires/assigns).
    """
    options = options or Options()
    check_order()
    register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "qcdc.SyllableTokenizer.v1"}}})
    # Longer articles are refused before the pipeline (too_large), never by spaCy's E088.
    nlp.max_length = options.max_chars + 1
    for kind in KINDS:
        if kind.component:
            nlp.add_pipe(kind.component, config={k: getattr(options, k) for k in kind.config})
    rx.save()  # the compiled rules and lexicons, for the next process (rxcache)
    return nlp
