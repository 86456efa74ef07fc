"""Document citations: type, number, symbol, issue date, issuer, subject and one canonical spelling."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import cache

import regex
from spacy.tokens import Doc

from qcdc_extract.facts import Fact, mention
from qcdc_extract.resources import load_table
from qcdc_extract.rules import documents as R

LOGGER = logging.getLogger(__name__)

MAX_ISSUER_WORDS = 10


@dataclass(kw_only=True)
class Document(Fact):
    """One citation of a document ("Nghị quyết số 02-NQ/TU, ngày 12/5/2017 của ...")."""

    doc_type: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    issued: date | None = None
    issuer: str | None = None
    canonical: str = ""
    subject: str | None = None
    issuing_body: str | None = None
    # True when a bare mention ("Nghị quyết số 02") took its symbol from the full citation.
    linked: bool = False
    issued_span: tuple[int, int] | None = None


@cache
def _types() -> tuple[regex.Pattern, dict[str, str]]:
    rows = load_table("doc_types.tsv", ("surface", "doc_type", "source"))
    by_surface = {" ".join(r["surface"].casefold().split()): r["doc_type"] for r in rows}
    alternation = "|".join(
        r"\s+".join(map(regex.escape, s.split())) for s in sorted(by_surface, key=len, reverse=True)
    )
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE), by_surface


@cache
def _bodies() -> dict[str, str]:
    return {r["code"]: r["body"] for r in load_table("symbol_bodies.tsv", ("code", "body", "source"))}


@cache
def _issuer_words() -> frozenset[str]:
    return frozenset(r["word"] for r in load_table("issuer_words.tsv", ("word", "source")))


# The order matters: the longest number form first.
_NUMBER_FORMS = (R.STATE_NUMBER_YEAR, R.PARTY_NUMBER, R.STATE_NUMBER, R.NUMBER_YEAR)
# Without "số", a bare number must be followed by what ends a citation ("Đề án 02 ngày ...").
_BARE_END = regex.compile(r"\s*(?:[,.;:)(“\"]|của\b|ngày\b|về\b|do\b|và\b|năm\s+(?:19|20)\d\d|$)", regex.IGNORECASE)


def extract_documents(doc: Doc) -> list[Document]:
    """Every document citation in the doc, bare later mentions linked to their full citation."""
    text = doc.text
    type_re, by_surface = _types()
    found: list[Document] = []
    for m in type_re.finditer(text):
        doc_type = by_surface[" ".join(m.group().casefold().split())]
        intro = R.NUMBER_INTRO.match(text, m.end())
        has_so = "số" in intro.group().casefold()
        pos = intro.end()
        first = _number_at(text, pos, allow_bare=True, needs_end=not has_so)
        if first is None:
            named = R.NAMED_RESOLUTION.match(text, pos)
            if doc_type == "Nghị quyết" and named:
                found.append(_named(text, m.start(), named.end(), doc_type))
            continue
        numbers = [first]
        end = first.end()
        while True:  # "Nghị quyết số 02-NQ/TU và 03-NQ/TU"
            joiner = R.LIST_JOINER.match(text, end)
            nxt = joiner and _number_at(text, joiner.end(), allow_bare=first.re is not R.PARTY_NUMBER and has_so, needs_end=True)
            if not nxt or nxt.re is not first.re:
                break
            numbers.append(nxt)
            end = nxt.end()
        for i, nm in enumerate(numbers):
            start = m.start() if i == 0 else nm.start()
            found.append(_citation(text, start, nm, doc_type, tail_from=end))
    _link(found)
    return found


def _number_at(text: str, pos: int, *, allow_bare: bool, needs_end: bool):
    for form in _NUMBER_FORMS:
        nm = form.match(text, pos)
        if nm:
            return nm
    if allow_bare:
        nm = R.BARE_NUMBER.match(text, pos)
        if nm and (not needs_end or _BARE_END.match(text, nm.end())):
            return nm
    return None


def _citation(text: str, start: int, nm: regex.Match, doc_type: str, tail_from: int) -> Document:
    g = nm.groupdict()
    number = g["num"]
    symbol = "".join(g["sym"].split()).replace("–", "-") if g.get("sym") else None
    year = int(g["year"]) if g.get("year") else None
    fact = Document(**mention(text, start, nm.end()), doc_type=doc_type, number=number, symbol=symbol, year=year)
    pos = tail_from if nm.end() == tail_from else nm.end()
    issued = R.ISSUED.match(text, pos)
    if issued:
        try:
            fact.issued = date(int(issued["y"]), int(issued["m"]), int(issued["d"]))
            fact.issued_span = issued.span("date")
        except ValueError:
            pass
        pos = issued.end()
    fact.issuer = _issuer(text, pos)
    if fact.issuer:
        pos = R.ISSUER_INTRO.match(text, pos).end() + len(fact.issuer)
    subject = R.SUBJECT.match(text, pos)
    fact.subject = subject["subject"].strip() if subject else None
    fact.issuing_body = _issuing_body(symbol)
    fact.canonical = canonical(doc_type, number, symbol, year)
    return fact


def _named(text: str, start: int, end: int, doc_type: str) -> Document:
    fact = Document(**mention(text, start, end), doc_type=doc_type)
    fact.canonical = " ".join(fact.surface.replace("(", " ").replace(")", " ").split())
    fact.issuer = _issuer(text, end)
    return fact


def _issuer(text: str, pos: int) -> str | None:
    """The issuer named after "của"/"do": capitalised words and known organisation words."""
    intro = R.ISSUER_INTRO.match(text, pos)
    if not intro:
        return None
    words = _issuer_words()
    end = intro.end()
    last = None
    for n, w in enumerate(R.ISSUER_WORD.finditer(text, intro.end())):
        gap = text[end : w.start()]
        if n and (gap.strip() or "\n" in gap) or n >= MAX_ISSUER_WORDS:
            break
        word = w.group()
        if not (word[0].isupper() or word.casefold() in words):
            break
        last = w
        end = w.end()
    return text[intro.end() : last.end()] if last else None


def _issuing_body(symbol: str | None) -> str | None:
    if not symbol:
        return None
    code = regex.split(r"[/-]", symbol)[-1].rstrip("0123456789")
    return _bodies().get(code)


def canonical(doc_type: str, number: str | None, symbol: str | None, year: int | None) -> str:
    """One spelling per document: "02-NQ/TU", "04/2015/NĐ-CP", "1234/QĐ-UBND", "Kế hoạch 42"."""
    if number is None:
        return doc_type
    num = number.lstrip("0").zfill(2)
    if symbol and year:
        return f"{num}/{year}/{symbol}"
    if symbol and "/" in symbol and "-" not in symbol.split("/")[0]:
        return f"{num}-{symbol}"
    if symbol:
        return f"{num}/{symbol}"
    if year:
        return f"{doc_type} {num}/{year}"
    return f"{doc_type} {num}"


def _link(found: list[Document]) -> None:
    """Give bare mentions ("Nghị quyết số 02") the symbol and canonical of their full citation."""
    full: dict[tuple[str, str], Document] = {}
    for d in found:
        if d.symbol and d.number:
            full.setdefault((d.doc_type, d.number.lstrip("0")), d)
    for d in found:
        if d.symbol or not d.number:
            continue
        ref = full.get((d.doc_type, d.number.lstrip("0")))
        if ref and (d.year is None or d.year == ref.year):
            d.symbol, d.year, d.canonical, d.issuing_body = ref.symbol, ref.year, ref.canonical, ref.issuing_body
            d.issuer = d.issuer or ref.issuer
            d.linked = True
