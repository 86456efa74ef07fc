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


# A unit the title names counts as this many more mentions, one the lead names as one more.
TITLE_WEIGHT = 3
LEAD_WEIGHT = 1
LEAD_CHARS = 600


def main_place(doc: Doc | None, locations: list[Location] | None = None) -> dict | None:
    """The article's main place: its subject, the most specific unit that the title, the lead or
    repeated mentions make the subject, with its district and province.

    Each resolved unit scores its mentions, plus TITLE_WEIGHT when the title names it and
    LEAD_WEIGHT when the lead does. The best score wins ("huyện Kỳ Anh" in the title and named
    three times over "xã Kỳ Tân" named once as an example); a tie goes to the more specific
    unit, then to the one named first. None if no unit resolved. Keys: level, era, code, province,
    province_code, district, district_code, commune, commune_code.
    """
    title_end = 0
    if doc is not None:
        from qcdc_extract.facts import context_of, text_of

        title = context_of(doc).title
        title_end = len(title) if title and text_of(doc).startswith(title) else 0
    if locations is None:
        locations = facts_of(doc, "locations") if doc is not None else []
    resolved = [loc for loc in locations if loc.resolved and loc.code]
    best: dict[str, tuple[float, int, Location]] = {}
    for level in ("commune", "district", "province"):
        at = [loc for loc in resolved if loc.level == level]
        if not at:
            continue
        score: Counter = Counter()
        first: dict[str, int] = {}
        in_title, in_lead = set(), set()
        for loc in at:
            score[loc.code] += 1
            if loc.start < title_end:
                in_title.add(loc.code)
            elif loc.start < title_end + LEAD_CHARS:
                in_lead.add(loc.code)
            first.setdefault(loc.code, loc.start)
        for code in in_title:
            score[code] += TITLE_WEIGHT
        for code in in_lead - in_title:
            score[code] += LEAD_WEIGHT
        code = max(score, key=lambda c: (score[c], -first[c]))
        best[level] = (score[code], first[code], next(loc for loc in at if loc.code == code))
    if not best:
        return None
    # The best score wins; a tie goes to the more specific unit, then to the one named first.
    specific = {"commune": 2, "district": 1, "province": 0}
    level = max(best, key=lambda lv: (best[lv][0], specific[lv], -best[lv][1]))
    loc = best[level][2]
    return {"level": level, "era": loc.era, "code": loc.code,
            "province": loc.province, "province_code": loc.province_code,
            "district": loc.district, "district_code": loc.district_code,
            "commune": loc.commune, "commune_code": loc.commune_code}
