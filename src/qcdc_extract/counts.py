"""Counts and measures: numbers that count people, bodies, documents, money, area."""
from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from qcdc_extract.facts import Fact, facts_of, mention, overlaps

# A Vietnamese number: "1.772" (thousands), "1,9" (decimal), "06"; a ratio "7/7"; then the unit.
COUNT = regex.compile(
    r"(?<![\d.,/\p{L}])(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:/(?P<total>\d+))?\s?(?P<unit>%|[\p{Ll}\p{M}]+(?:\s[\p{L}\p{M}]+)?)",
)
NOT_UNITS = frozenset("năm tháng ngày tuần giờ phút quý lần thứ".split())


@dataclass(kw_only=True)
class Count(Fact):
    value: float
    total: float | None = None
    unit: str = ""
    kind: str = "count"


def parse_number(text: str) -> float:
    """Vietnamese numerals: "1.772" is 1772, "1,9" is 1.9."""
    return float(text.replace(".", "").replace(",", "."))


def extract_counts(doc: Doc) -> list[Count]:
    """Every count in the doc, skipping numbers inside dates and document citations."""
    text = doc.text
    taken = facts_of(doc, "dates") + facts_of(doc, "documents")
    out = []
    for m in COUNT.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        unit = m["unit"]
        if unit.split()[0] in NOT_UNITS:
            continue
        kind = "percent" if unit == "%" else "ratio" if m["total"] else "count"
        out.append(Count(**mention(text, *m.span()), value=parse_number(m["num"]),
                         total=float(m["total"]) if m["total"] else None, unit=unit, kind=kind))
    return out
