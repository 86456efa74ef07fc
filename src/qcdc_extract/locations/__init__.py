"""Locations: administrative units named with their type word, resolved against the gazetteer of the article's era.

A unit is a type word and a name ("xã Kỳ Châu", "TP. Hải Phòng", "phường 5", "6 xã Kỳ Tân, Kỳ Thư").
Its name is looked up among the units valid on the article's date (the 63 provinces before
2025-07-01, the 34 after), then among the other era's. A name several units share ("xã Tú Sơn":
Kiến Thụy, Hải Phòng and Kim Bôi, Hòa Bình) is decided by the other places the article names and
by the committees it cites ("Huyện ủy Kim Bôi", "thành phố" for a city's commune), or left
unresolved with its candidates. Villages (thôn, bản, tổ dân phố ...) are in no gazetteer; they
take their commune from the text ("thôn Bắc Châu, xã Kỳ Châu") or the article's main commune.
"""
from __future__ import annotations

import logging

from spacy.tokens import Doc

from qcdc_extract.facts import text_of
from qcdc_extract.locations.fact import ERAS, LEVEL_RANK, Location
from qcdc_extract.locations.find import find_mentions
from qcdc_extract.locations.place import _place_from_text, main_place
from qcdc_extract.locations.resolve import _fill, _fill_common, _key, _Resolver, article_era

__all__ = ["ERAS", "LEVEL_RANK", "Location", "article_era", "extract_locations", "find_mentions", "main_place"]

LOGGER = logging.getLogger(__name__)


def extract_locations(doc: Doc) -> list[Location]:
    """Every administrative unit the doc names with its type word, resolved where the article allows."""
    text = text_of(doc)
    mentions = find_mentions(text)
    if not mentions:
        return []
    era = article_era(doc)
    resolver = _Resolver(text, mentions, era)
    chosen = resolver.run()
    for x in mentions:
        loc = x.loc
        if x.ut.village:
            loc.era, loc.level = era, "village"
            continue
        loc.era = x.era
        key = _key(x)
        if len(x.units) > 1 or key in resolver.dropped:
            loc.candidates = [u.code for u in x.units]
        unit = chosen.get(key)
        if unit is not None:
            _fill(loc, unit)
            loc.resolved = True
        elif x.units and key not in resolver.dropped:
            _fill_common(loc, x.units)
        else:
            levels = {u.level for u in x.units} or set(x.ut.levels)
            loc.level = levels.pop() if len(levels) == 1 else None
    _place_from_text(mentions, resolver.parent)
    return [x.loc for x in mentions]
