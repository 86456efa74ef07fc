"""The article's main place, and parents taken from the text for units the gazetteer does not place."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from qcdc_extract.facts import facts_of
from qcdc_extract.locations.fact import LEVEL_RANK, Location
from qcdc_extract.locations.find import _Mention
from qcdc_extract.locations.resolve import _inherit, _rank


def _place_from_text(mentions: list[_Mention], parent: dict[int, int]) -> None:
    """Units the gazetteer does not place take the parents the text writes next to them.

    A village its commune ("thôn Bắc Châu, xã Kỳ Châu"), else the article's main commune; an
    unknown or contradicted unit its district or province ("xã Diễn Hải, huyện Diễn Châu").
    Higher units first, so that "xóm 3, xã Diễn Hải, huyện Diễn Châu" reaches the village.
    """
    main = None
    for i in sorted(range(len(mentions)), key=lambda i: -_rank(mentions[i])):
        x = mentions[i]
        loc, j = x.loc, parent.get(i)
        if x.ut.village:
            if j is not None and not mentions[j].ut.village:
                _inherit(loc, mentions[j].loc)
                continue
            if main is None:
                main = main_place(None, [m.loc for m in mentions]) or {}
            if main.get("commune"):
                _inherit(loc, main)
        elif not loc.resolved and j is not None:
            above = mentions[j].loc
            if loc.province is None and above.province is not None:
                loc.province, loc.province_code = above.province, above.province_code
            if loc.district is None and above.district is not None and _rank(x) < LEVEL_RANK["district"]:
                loc.district, loc.district_code = above.district, above.district_code


def main_place(doc: Doc | None, locations: list[Location] | None = None) -> dict | None:
    """The article's main place: its most mentioned resolved commune with its district and
    province, else its most mentioned resolved district, else province; None if none resolved.

    Ties go to the place named first. Keys: level, era, code, province, province_code,
    district, district_code, commune, commune_code.
    """
    if locations is None:
        locations = facts_of(doc, "locations") if doc is not None else []
    resolved = [loc for loc in locations if loc.resolved and loc.code]
    for level in ("commune", "district", "province"):
        at = [loc for loc in resolved if loc.level == level]
        if not at:
            continue
        counts = Counter(loc.code for loc in at)
        first = {}
        for loc in at:
            first.setdefault(loc.code, loc.start)
        code = max(counts, key=lambda c: (counts[c], -first[c]))
        loc = next(loc for loc in at if loc.code == code)
        return {"level": level, "era": loc.era, "code": code,
                "province": loc.province, "province_code": loc.province_code,
                "district": loc.district, "district_code": loc.district_code,
                "commune": loc.commune, "commune_code": loc.commune_code}
    return None
