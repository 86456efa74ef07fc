"""The registry of fact kinds: everything that iterates over kinds reads it from here.

One entry per kind names its fact dataclass, its extractor, the kinds it reads, the
article-level attribute it may also set, and where its table sits in the commit order.
The pipeline (components and their spaCy ``requires``/``assigns``), the Arrow schemas'
table order, the rows a batch writes, the run summary and the notebook all iterate
:data:`KINDS`. Adding a kind is one entry here plus its module; see the README.

Objects are named by ``"module:attribute"`` strings and imported on first use, so that
reading the registry (the writer, the CLI's help) does not import every extractor.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field


def resolve(path: str):
    """The object a "package.module:attribute" path names, looked up now (so a test's
    monkeypatch of the attribute is seen by a pipeline loaded after it)."""
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Kind:
    """One kind of fact: its table is ``name``, its facts live on ``doc._.qcdc_<name>``."""

    name: str
    # The dataclass of one fact ("qcdc_extract.dates:Date"); its fields are the table's columns.
    fact: str
    # Where the table's parts sit in the commit order of a batch (after articles and errors).
    commit: int
    # extract(doc, **config) -> list of facts; or, with `also`, a tuple (facts, *also_facts).
    # None for a kind another kind's extractor produces (see `also`).
    extractor: str | None = None
    # Kinds whose facts the extractor reads; they must run before it (checked by load()).
    requires: tuple[str, ...] = ()
    # Kinds the same extractor produces in the same pass ("periods" with "dates").
    also: tuple[str, ...] = ()
    # The label of a fact's span in doc.spans[name]; None: no spans for this kind.
    label: Callable[[object], str] | None = None
    # Options fields handed to the extractor as keyword arguments.
    config: dict[str, object] = field(default_factory=dict)
    # After the facts: attribute -> "module:function(doc, facts)" setting doc._.<attribute>.
    annotates: dict[str, str] = field(default_factory=dict)
    # Shown in the run summary line.
    in_summary: bool = True
    # "module:function(**config)" that compiles the extractor's rules and lexicons, called when
    # the pipeline is loaded rather than on the first article (forked workers then share them).
    prepare: str | None = None

    @property
    def attr(self) -> str:
        """The doc extension holding this kind's facts."""
        return f"qcdc_{self.name}"

    @property
    def component(self) -> str | None:
        """The spaCy factory name, or None for a kind produced by another's component."""
        return f"qcdc_{self.name}" if self.extractor else None

    @property
    def fact_class(self) -> type:
        return resolve(self.fact)

    def extract(self) -> Callable:
        return resolve(self.extractor)

    @property
    def assigns(self) -> list[str]:
        """What the component writes, in spaCy's notation (for nlp.analyze_pipes())."""
        attrs = [self.attr, *(f"qcdc_{k}" for k in self.also), *self.annotates]
        return [f"doc._.{a}" for a in attrs] + (["doc.spans"] if self.label else [])

    @property
    def requires_attrs(self) -> list[str]:
        return [f"doc._.qcdc_{k}" for k in self.requires]


KINDS: tuple[Kind, ...] = (
    # Documents first: a cited document's issue date is not the event's date, and the
    # numbers in its symbol are not counts.
    Kind("documents", "qcdc_extract.documents:Document", commit=3,
         extractor="qcdc_extract.documents:extract_documents",
         label=lambda f: f.doc_type),
    Kind("dates", "qcdc_extract.dates:Date", commit=1,
         extractor="qcdc_extract.dates:extract_dates_and_periods",
         requires=("documents",), also=("periods",),
         label=lambda f: f"DATE_{f.granularity.upper()}", prepare="qcdc_extract.rules.dates:compile_rules",
         annotates={"qcdc_event_date": "qcdc_extract.dates:event_date"}),
    Kind("periods", "qcdc_extract.dates:Period", commit=2, in_summary=False),
    # Numbers inside the spans of every kind counts requires are not counts.
    Kind("counts", "qcdc_extract.counts:Count", commit=5,
         extractor="qcdc_extract.counts:extract_counts",
         requires=("dates", "documents", "periods"), prepare="qcdc_extract.rules.counts:compile_rules",
         label=lambda f: f"COUNT_{f.kind.upper()}"),
    Kind("officials", "qcdc_extract.officials:Official", commit=4,
         extractor="qcdc_extract.officials:extract_officials",
         label=lambda f: "OFFICIAL", config={"ner": True}, prepare="qcdc_extract.officials:make_extractor"),
    # Locations read the dates to tell the era of the article (before or after 1 July 2025);
    # once places are known, identity keys the documents and officials by place.
    Kind("locations", "qcdc_extract.locations:Location", commit=6,
         extractor="qcdc_extract.locations:extract_locations",
         requires=("dates", "documents", "officials"),
         label=lambda f: f.unit_type.upper(),
         annotates={"qcdc_place": "qcdc_extract.locations:main_place",
                    "qcdc_identity": "qcdc_extract.identity:assign"}),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
# Fact tables in the order a batch commits them (after articles and errors).
FACT_TABLES: tuple[str, ...] = tuple(k.name for k in sorted(KINDS, key=lambda k: k.commit))
# Attributes components set on the doc besides the facts (event date, main place).
ARTICLE_ATTRS: tuple[str, ...] = tuple(a for k in KINDS for a in k.annotates)


def producer(name: str) -> Kind:
    """The kind whose extractor produces `name`'s facts (itself, or the one listing it in `also`)."""
    kind = BY_NAME[name]
    if kind.extractor:
        return kind
    return next(k for k in KINDS if name in k.also)


def check_order(kinds=KINDS) -> None:
    """Raise ValueError if a kind runs before a kind it requires."""
    done: set[str] = set()
    for kind in kinds:
        if not kind.extractor:
            continue
        missing = [r for r in kind.requires if r not in done]
        if missing:
            raise ValueError(f"kind {kind.name!r} requires {', '.join(missing)}, which run(s) after it")
        done.update((kind.name, *kind.also))
