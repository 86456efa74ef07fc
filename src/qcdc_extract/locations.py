"""Locations: administrative units named with their type word."""
from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from qcdc_extract.facts import Fact, mention

UNIT = regex.compile(r"(?<![\p{L}])(?P<type>xã|phường|thị trấn|thôn|huyện|tỉnh|thị xã|thành phố|quận|bản|tổ dân phố)\s+(?P<name>\p{Lu}[\p{Ll}\p{M}]*(?:\s\p{Lu}[\p{Ll}\p{M}]*){0,3})")


@dataclass(kw_only=True)
class Location(Fact):
    unit_type: str
    name: str


def extract_locations(doc: Doc) -> list[Location]:
    text = doc.text
    return [Location(**mention(text, *m.span()), unit_type=m["type"], name=m["name"]) for m in UNIT.finditer(text)]
