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
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property

import regex
from spacy.tokens import Doc

from qcdc_extract import gazetteer
from qcdc_extract.facts import Fact, as_date, context_of, facts_of, text_of
from qcdc_extract.gazetteer import REFORM_DATE, Unit
from qcdc_extract.resources import load_table
from qcdc_extract.rules import locations as R
from qcdc_extract.vi import UnitType, alternation, fold, unit_types

LOGGER = logging.getLogger(__name__)

ERAS = ("legacy", "2025")
LEVEL_RANK = {"village": 0, "commune": 1, "district": 2, "province": 3}
# The type words a qualifier may follow ("huyện đảo Lý Sơn", "xã vùng cao Mường Lống").
QUALIFIED = ("xã", "huyện")
# Longest unknown name kept: more capitalised syllables are a name plus what follows it.
MAX_UNKNOWN_SYLLABLES = 4


@dataclass(kw_only=True)
class Location(Fact):
    """One administrative unit named in the text, and where the gazetteer puts it."""

    unit_type: str
    name: str
    # The gazetteer the unit was found in ('legacy' or '2025'); the article's era if not found.
    era: str | None = None
    # province, district, commune, or village (below the commune; in no gazetteer).
    level: str | None = None
    code: str | None = None
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None
    # Codes of every unit of this type and name when there are several, decided or not.
    candidates: list[str] = field(default_factory=list)
    # Whether one gazetteer unit was chosen (villages never are: no gazetteer lists them).
    resolved: bool = False


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[regex.Pattern, regex.Pattern]
    words: dict[str, UnitType]
    abbreviations: dict[str, UnitType]
    upper: dict[str, UnitType]
    phrases: regex.Pattern
    single: frozenset[str]
    middle: frozenset[str]
    family: frozenset[str]
    measure: regex.Pattern
    ban_before: regex.Pattern
    aliases: dict[tuple[str, str], str]


_SPACES = regex.compile(r"[ \t]+")


@cache
def _rules() -> _Rules:
    """Type words, stop words and aliases from data/, compiled once."""
    words, abbreviations, upper = {}, {}, {}
    for ut in unit_types():
        surface = ut.surface
        if ut.form == "abbr":
            abbreviations[surface] = ut
            continue
        words[surface] = ut
        if ut.capitalised:
            words[surface[0].upper() + surface[1:]] = ut
        if not ut.village:
            upper[surface.upper()] = ut
    kinds = defaultdict(list)
    for row in load_table("location_words.tsv", ("word", "kind", "source")):
        kinds[row["kind"]].append(row["word"].casefold())
    family = frozenset(r["name"] for r in gazetteer.load_lexicon("family_names.tsv"))
    aliases = {(r["unit_type"], r["alias"]): r["name"]
               for r in load_table("place_aliases.tsv", ("alias", "unit_type", "name", "source"))}
    return _Rules(
        patterns=(R.unit_pattern([w for w in words if w[0].islower()], kinds["qualifier"]),
                  R.unit_pattern([w for w in [*words, *abbreviations, *upper] if not w[0].islower()],
                                 kinds["qualifier"])),
        words=words,
        abbreviations=abbreviations,
        upper=upper,
        phrases=regex.compile(rf"(?:{alternation(kinds['phrase'], tones=False)})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        single=frozenset(kinds["word"]),
        middle=frozenset(kinds["middle"]),
        family=family,
        measure=regex.compile(rf"[ \t]*(?:{alternation(kinds['measure'], tones=False)}|%)(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        ban_before=regex.compile(rf"(?:^|[^\p{{L}}\p{{M}}])(?:{alternation(kinds['before'], tones=False)})[ \t]+\Z",
                                 regex.IGNORECASE),
        aliases=aliases,
    )


# -- finding mentions --------------------------------------------------------------------

@dataclass
class _Mention:
    loc: Location
    ut: UnitType
    plural: bool = False
    units: tuple[Unit, ...] = ()
    era: str = "legacy"


def _known(ut: UnitType, name: str) -> bool:
    """Whether any era's gazetteer has a unit of this type (or of its levels) so named."""
    for era in ERAS:
        if gazetteer.find_place(era, ut.unit_type, name):
            return True
    return False


def _known_level(level: str, name: str) -> bool:
    return any(gazetteer.find_place(era, "", name, any_type_of_level=level) for era in ERAS)


def _trim(text: str, ut: UnitType, parts: list, rules: _Rules, checked: bool) -> int:
    """How many of a matched name's parts are the unit's name (0: it names no unit).

    parts: NAME_PART matches. Known names win ("xã Tú Sơn Nguyễn Văn A" -> "Tú Sơn"); an
    unknown name ends where an organisation, title or person's name begins, or at a dash.
    """
    limit = len(parts)
    # A family name, a middle name and a given name are a person ("UBND xã Hoàng Văn Thái");
    # two syllables are a place ("thôn Hà Trung").
    person = [i + 2 < len(parts) and parts[i]["part"] in rules.family
              and parts[i + 1]["part"].casefold() in rules.middle for i in range(len(parts))]
    for i in range(1, limit):
        if rules.phrases.match(text, parts[i].start("part")) or (person[i] and not person[i - 1]):
            limit = i
            break
    head = rules.phrases.match(text, parts[0].start("part"))
    head_len = len(head.group().split()) if head else 0
    if not ut.village:
        start = parts[0].start("part")
        for k in range(limit, 0, -1):
            name = text[start:parts[k - 1].end("part")]
            if _known(ut, name) or (not checked and any(_known_level(lv, name) for lv in ut.levels)):
                return k if k > head_len else 0
    if head_len or checked:
        return 0
    k = next((i for i in range(1, limit) if parts[i]["dash"]), limit)
    k = min(k, MAX_UNKNOWN_SYLLABLES)
    first = parts[0]["part"]
    if first.casefold() in rules.single and (k == 1 or not ut.village):
        # "xã Đoàn kiểm tra", "Tỉnh Đoàn Quảng Ninh"; a village may be "thôn Đoàn Kết".
        return 0
    if R.ALL_CAPS.fullmatch(first) and not first.isdigit():
        return 0
    if person[0]:
        return 0
    # A number the name ends with, followed by what it counts, is a count: "thôn Bắc Châu 3
    # năm qua", "toàn xã 356 đảng viên".
    while k and parts[k - 1]["part"][0].isdigit() and rules.measure.match(text, parts[k - 1].end("part")):
        k -= 1
    if not k:
        return 0
    if any(p["part"][0].isdigit() for p in parts[:k]):
        if not ut.numbered:
            return 0
    elif k >= 3 and first in rules.family:
        # Three unknown syllables after a family name are a person: "UBND huyện Hà Đức Tập".
        return 0
    return k


def _name_of(text: str, ut: UnitType, start: int, end: int, rules: _Rules,
             checked: bool) -> tuple[int, int, str] | None:
    """(start, end, name) of the unit's name within [start, end), or None.

    checked: the name must be known to the gazetteer (abbreviated type words, capitals).
    """
    parts = list(R.NAME_PART.finditer(text, start, end))
    if not parts:
        return None
    raw = text[parts[0].start("part"):parts[-1].end("part")]
    alias = rules.aliases.get((ut.unit_type, raw))
    if alias:
        return parts[0].start("part"), parts[-1].end("part"), alias
    k = _trim(text, ut, parts, rules, checked)
    if not k:
        return None
    s, e = parts[0].start("part"), parts[k - 1].end("part")
    return s, e, text[s:e]


def find_mentions(text: str) -> list[_Mention]:
    """Every unit named with its type word, lists under one type word giving one mention per name."""
    rules = _rules()
    found: list[_Mention] = []
    lower, capital = rules.patterns
    for m in sorted([*lower.finditer(text), *capital.finditer(text)], key=regex.Match.start):
        surface, sep = _SPACES.sub(" ", m["type"]), m["sep"]
        if m["qualifier"] and surface.casefold() not in QUALIFIED:
            continue
        pos, upper = m.end(), False
        if surface in rules.words:
            ut, checked, name_at = rules.words[surface], False, R.NAME_AT
            if not sep.strip(":") or (ut.unit_type == "bản"
                                      and rules.ban_before.search(text[max(0, m.start() - 10):m.start()])):
                continue
        elif surface in rules.upper:
            ut, checked, name_at, upper = rules.upper[surface], True, R.UPPER_NAME_AT, True
            if not sep.strip(":"):
                continue
        else:
            ut = rules.abbreviations[surface]
            checked, name_at = ut.checked, R.ABBR_NAME_AT
            if ":" in sep or not (sep or surface.endswith(".")):
                continue
        nm = name_at.match(text, pos)
        if nm is None:
            continue
        named = _name_of(text, ut, nm.start(), nm.end(), rules, checked)
        if named is None:
            continue
        s, e, name = named
        plural = bool(R.PLURAL_BEFORE.search(text[max(0, m.start() - R.PLURAL_WINDOW):m.start()]))
        found.append(_Mention(Location(start=m.start(), end=e, surface=text[m.start():e], unit_type=ut.unit_type,
                                       name=name), ut, plural))
        if not upper:
            _list_items(text, e, ut, plural, rules, found)
    found.sort(key=lambda x: x.loc.start)
    kept: list[_Mention] = []
    for x in found:
        if not kept or x.loc.start >= kept[-1].loc.end:
            kept.append(x)
    return kept


def _list_items(text: str, pos: int, ut: UnitType, plural: bool, rules: _Rules, found: list) -> None:
    """The further names of a list under one type word ("6 xã Kỳ Tân, Kỳ Thư, Kỳ Hải").

    Without a plural ("các", "6") a further name must be a known unit of the type and no
    district's or province's name: "xã Kỳ Châu, Kỳ Anh, Hà Tĩnh" is an address.
    """
    while (m := R.LIST_NEXT.match(text, pos)) is not None:
        named = _name_of(text, ut, m.start("name"), m.end("name"), rules, False)
        if named is None:
            return
        s, e, name = named
        if not plural and (ut.village or not _known(ut, name)
                           or _known_level("district", name) or _known_level("province", name)):
            return
        found.append(_Mention(Location(start=s, end=e, surface=text[s:e], unit_type=ut.unit_type, name=name),
                              ut, plural))
        pos = e


# -- resolving ---------------------------------------------------------------------------

def article_era(doc: Doc) -> str:
    """'2025' for an article dated on or after the 2025 reorganisation, else 'legacy'.

    The date is the page's time stamp, else the latest full date in the text, else none.
    """
    when: date | None = as_date(context_of(doc).published_at)
    if when is None:
        days = [f.value for f in facts_of(doc, "dates") if getattr(f, "granularity", None) == "day"]
        when = max(days) if days else None
    return "2025" if when is not None and when >= REFORM_DATE else "legacy"


def _lookup(ut: UnitType, name: str, era: str) -> tuple[str, tuple[Unit, ...]]:
    """The units so named in the article's era, else the other era; a type that changed
    (a thị trấn become a phường) is tried last, at the same level."""
    order = (era, "2025" if era == "legacy" else "legacy")
    for e in order:
        units = gazetteer.find_place(e, ut.unit_type, name)
        if units:
            return e, units
    for e in order:
        units = tuple(u for lv in ut.levels for u in gazetteer.find_place(e, "", name, any_type_of_level=lv))
        if units:
            return e, units
    return era, ()


def _province_keys(unit: Unit) -> frozenset[tuple[str, str]]:
    """The unit's province in both eras' codes."""
    base = (unit.era, unit.province_code or unit.code)
    return frozenset({base}) | gazetteer.province_links().get(base, frozenset())


def _within(unit: Unit, parent: Unit) -> bool:
    """Whether unit lies in parent (a province or a district), across eras."""
    if parent.level == "district":
        if unit.era == parent.era == "legacy":
            return unit.district_code == parent.code
        return bool(_province_keys(unit) & _province_keys(parent))
    if parent.level == "province":
        return bool(_province_keys(unit) & _province_keys(parent))
    return False


def _kind_fits(kind: str, unit: Unit) -> bool:
    """Whether a type word used alone ("thành phố", "huyện") can be the unit's own parent."""
    index = gazetteer.load_units(unit.era)
    province = index.province(unit.province_code or unit.code)
    district = index.district(unit.district_code) if unit.district_code else None
    if kind == "tỉnh":
        return province is not None and province.unit_type == "tỉnh"
    if kind == "thành phố":
        return any(p is not None and p.unit_type == "thành phố" for p in (province, district))
    return district is not None and district.unit_type == kind


class _Resolver:
    """Chooses one unit for each distinct (type, name) of an article, from what the article says.

    Evidence, strongest first: a parent written next to the name ("xã Tú Sơn, huyện Kiến Thụy",
    "xã Tú Sơn, Kiến Thụy, Hải Phòng"); the other units the article names (a province or district
    holding a candidate, a commune of the same district, other ambiguous names sharing a
    district); Party committees named after their unit ("Huyện ủy Kim Bôi"). Only if that leaves
    a name undecided: province names written bare, and type words used alone for the article's
    own units ("của trung ương, thành phố, huyện": a city's commune). A name stays undecided when
    two candidates score alike or none scores.
    """

    def __init__(self, text: str, mentions: list[_Mention], era: str):
        self.text, self.mentions = text, mentions
        self.keys: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, x in enumerate(mentions):
            if not x.ut.village:
                x.era, x.units = _lookup(x.ut, x.loc.name, era)
                self.keys[_key(x)].append(i)
        self._switch_eras(era)
        self.chosen = {k: mentions[ix[0]].units[0] for k, ix in self.keys.items() if len(mentions[ix[0]].units) == 1}
        # Names whose only candidate the text contradicts: neither chosen nor evidence.
        self.dropped: set[tuple[str, str]] = set()
        self._bare: dict[int, list[tuple[Unit, ...]]] = {}
        by_start = {x.loc.start: i for i, x in enumerate(mentions)}
        self.parent: dict[int, int] = {}
        for i, x in enumerate(mentions):
            if x.plural:
                continue
            gap = R.PARENT_GAP.match(text, x.loc.end)
            j = by_start.get(gap.end()) if gap else None
            if j is not None and j != i and _rank(mentions[j]) > _rank(x):
                self.parent[i] = j

    def _switch_eras(self, era: str) -> None:
        """A name whose units all lie outside the provinces the article's other names place it in
        is taken from the other era where that has units inside: in a 2025 article on Hà Tĩnh,
        "các phường Trần Phú, Tân Giang ... cũ" are the legacy wards of Hà Tĩnh, not the 2025
        Tân Giang of Cao Bằng."""
        placed = {_key(x): _province_keys(x.units[0]) for x in self.mentions if len(x.units) == 1}
        for x in self.mentions:
            key = _key(x)
            article = frozenset().union(*(p for k, p in placed.items() if k != key))
            if not x.units or not article or any(_province_keys(u) & article for u in x.units):
                continue
            other = "2025" if x.era == "legacy" else "legacy"
            inside = tuple(u for u in gazetteer.find_place(other, x.ut.unit_type, x.loc.name)
                           if _province_keys(u) & article)
            if inside:
                x.era, x.units = other, inside

    def run(self) -> dict[tuple[str, str], Unit]:
        self._drop_contradicted()
        open_keys = [k for k, ix in self.keys.items()
                     if len(self.mentions[ix[0]].units) > 1 and k not in self.dropped]
        for weak in (False, True):
            if all(k in self.chosen for k in open_keys):
                break
            for _ in range(3):
                changed = False
                for key in open_keys:
                    if key in self.chosen:
                        continue
                    units = self.mentions[self.keys[key][0]].units
                    scores = [self._score(u, key, weak) for u in units]
                    best = max(scores)
                    if best > 0 and scores.count(best) == 1:
                        self.chosen[key] = units[scores.index(best)]
                        changed = True
                if not changed:
                    break
        self._drop_contradicted()
        return self.chosen

    def _parent_options(self, i: int) -> tuple[Unit, ...] | None:
        """The units the mention's written parent may be (None: no parent written, or it is dropped)."""
        j = self.parent.get(i)
        if j is None:
            return None
        pkey = _key(self.mentions[j])
        if pkey in self.dropped:
            return None
        return (self.chosen[pkey],) if pkey in self.chosen else self.mentions[j].units or None

    def _drop_contradicted(self) -> None:
        """Undo a choice the parent written next to it contradicts: "huyện Kỳ Sơn, tỉnh Hòa Bình"
        is not the Kỳ Sơn of Nghệ An (Hòa Bình's was merged before the gazetteer's date)."""
        for key in sorted(self.keys, key=lambda k: -_rank(self.mentions[self.keys[k][0]])):
            unit = self.chosen.get(key)
            if unit is None:
                continue
            for i in self.keys[key]:
                options = self._parent_options(i)
                if options and not any(_within(unit, p) for p in options):
                    del self.chosen[key]
                    self.dropped.add(key)
                    break

    def _bare_parents(self, i: int) -> list[tuple[Unit, ...]]:
        """District and province names written bare after a mention: "xã Tú Sơn, Kiến Thụy, Hải Phòng"."""
        if i in self._bare:
            return self._bare[i]
        out = self._bare[i] = []
        pos = self.mentions[i].loc.end
        for _ in range(2):
            bare = R.BARE_PARENT.match(self.text, pos)
            if bare is None:
                break
            words, units = bare["name"].split(), ()
            for k in range(len(words), 0, -1):
                name = " ".join(words[:k])
                units = tuple(u for era in ERAS for lv in ("district", "province")
                              for u in gazetteer.find_place(era, "", name, any_type_of_level=lv))
                if units:
                    pos = bare.start("name") + len(name)
                    break
            if not units:
                break
            out.append(units)
        return out

    @cached_property
    def committees(self) -> tuple[list[tuple[Unit, ...]], frozenset[str]]:
        """Units named by Party committees ("Huyện ủy Kim Bôi"), and the kinds of unnamed ones ("Thành ủy")."""
        named, kinds = [], set()
        for m in R.COMMITTEE.finditer(self.text):
            kind = R.COMMITTEE_KIND[m["kind"].casefold()]
            units = ()
            if m["name"]:
                words = m["name"].split()
                for k in range(len(words), 0, -1):
                    units = tuple(u for era in ERAS for u in gazetteer.find_place(era, kind, " ".join(words[:k])))
                    if units:
                        break
            if units:
                named.append(units)
            else:
                kinds.add(kind)
        return named, frozenset(kinds)

    @cached_property
    def kinds(self) -> frozenset[str]:
        """Type words used alone for the article's own units: "của trung ương, thành phố, huyện"."""
        return self.committees[1] | frozenset(fold(m["kind"]) for m in R.GENERIC_TYPE.finditer(self.text))

    @cached_property
    def bare_provinces(self) -> list[tuple[Unit, ...]]:
        """Province names written without a type word: "Hải Phòng", "Hà Tĩnh"."""
        starts = [x.loc.start for x in self.mentions]  # in text order, not overlapping
        out = []
        for m in R.CAPITALISED_RUN.finditer(self.text):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < self.mentions[i].loc.end:
                continue
            words = m.group().split()
            i = 0
            while i < len(words) - 1:
                for k in range(min(len(words), i + 4), i + 1, -1):
                    units = tuple(u for era in ERAS for u in
                                  gazetteer.find_place(era, "", " ".join(words[i:k]), any_type_of_level="province"))
                    if units:
                        out.append(units)
                        i = k - 1
                        break
                i += 1
        return out

    def _score(self, unit: Unit, key: tuple[str, str], weak: bool) -> float:
        """Evidence the article gives for one candidate of an ambiguous name."""
        score = 0.0
        for i in self.keys[key]:
            options = self._parent_options(i)
            if options:
                score += (10 if len(options) == 1 else 5) if any(_within(unit, p) for p in options) else 0
            for units in self._bare_parents(i):
                score += 8 if any(_within(unit, p) for p in units) else 0
        for other, anchor in self.chosen.items():
            if other == key:
                continue
            if anchor.level == "district":
                score += 6 if _within(unit, anchor) else 2 if _province_keys(unit) & _province_keys(anchor) else 0
            elif anchor.level == "province":
                score += 4 if _within(unit, anchor) else 0
            elif unit.era == anchor.era == "legacy" and unit.district_code and unit.district_code == anchor.district_code:
                score += 3
            elif _province_keys(unit) & _province_keys(anchor):
                score += 1
        for other, ix in self.keys.items():
            if other == key or other in self.chosen or other in self.dropped:
                continue
            units = self.mentions[ix[0]].units
            if any(u.era == unit.era and u.district_code and u.district_code == unit.district_code for u in units):
                score += 1
            elif any(_province_keys(u) & _province_keys(unit) for u in units):
                score += 0.5
        for units in self.committees[0]:
            inside = [u for u in units if _within(unit, u)]
            if inside:
                score += (6 if inside[0].level == "district" else 4) if len(units) == 1 else 2
        if weak:
            score += sum(2 for units in self.bare_provinces if any(_within(unit, u) for u in units))
            score += sum(1 for kind in self.kinds if _kind_fits(kind, unit))
        return score


def _key(x: _Mention) -> tuple[str, str]:
    return x.ut.unit_type, gazetteer.place_key(x.loc.name)


def _rank(x: _Mention) -> int:
    """The mention's level as a number: its candidates', else its type word's ("thành phố
    Đông Hà" is a district, "thành phố Hải Phòng" a province)."""
    return max(LEVEL_RANK[u.level] for u in x.units) if x.units else max(LEVEL_RANK[lv] for lv in x.ut.levels)


def _fill(loc: Location, unit: Unit) -> None:
    index = gazetteer.load_units(unit.era)
    loc.era, loc.level, loc.code = unit.era, unit.level, unit.code
    _fill_parents(loc, unit, index)
    if unit.level == "commune":
        loc.commune, loc.commune_code = gazetteer.display_name(unit), unit.code
    elif unit.level == "district":
        loc.district, loc.district_code = gazetteer.display_name(unit), unit.code


def _fill_parents(loc: Location, unit: Unit, index) -> None:
    province = index.province(unit.province_code or unit.code)
    if province is not None:
        loc.province, loc.province_code = gazetteer.display_name(province), province.code
    district = index.district(unit.district_code) if unit.district_code else None
    if district is not None:
        loc.district, loc.district_code = gazetteer.display_name(district), district.code


def _fill_common(loc: Location, units: tuple[Unit, ...]) -> None:
    """An undecided name: the parents all its candidates share."""
    index = gazetteer.load_units(units[0].era)
    levels = {u.level for u in units}
    loc.level = levels.pop() if len(levels) == 1 else None
    provinces = {u.province_code or u.code for u in units}
    districts = {u.district_code for u in units}
    if len(provinces) == 1:
        province = index.province(provinces.pop())
        if province is not None:
            loc.province, loc.province_code = gazetteer.display_name(province), province.code
    if len(districts) == 1 and "" not in districts:
        district = index.district(districts.pop())
        if district is not None:
            loc.district, loc.district_code = gazetteer.display_name(district), district.code


def _inherit(loc: Location, parent: Location | dict) -> None:
    get = parent.get if isinstance(parent, dict) else (lambda k: getattr(parent, k))
    for col in ("province", "province_code", "district", "district_code"):
        setattr(loc, col, get(col))
    if get("level") == "commune" or get("commune"):
        loc.commune = get("commune") or get("name")
        loc.commune_code = get("commune_code")
    if get("era"):
        loc.era = get("era")


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
