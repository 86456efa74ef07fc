"""Finding mentions: a type word and the name after it, lists under one type word."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import regex

from qcdc_extract import gazetteer
from qcdc_extract import rxcache as rx
from qcdc_extract.gazetteer import Unit
from qcdc_extract.locations.fact import ERAS, Location
from qcdc_extract.resources import load_table
from qcdc_extract.rules import locations as R
from qcdc_extract.vi import UnitType, alternation, unit_types

# The type words a qualifier may follow ("huyện đảo Lý Sơn", "xã vùng cao Mường Lống").
QUALIFIED = ("xã", "huyện")
# Longest unknown name kept: more capitalised syllables are a name plus what follows it.
MAX_UNKNOWN_SYLLABLES = 4


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


_SPACES = rx.compile(r"[ \t]+")


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
        phrases=rx.compile(rf"(?:{alternation(kinds['phrase'], tones=False)})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        single=frozenset(kinds["word"]),
        middle=frozenset(kinds["middle"]),
        family=family,
        measure=rx.compile(rf"[ \t]*(?:{alternation(kinds['measure'], tones=False)}|%)(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        ban_before=rx.compile(rf"(?:^|[^\p{{L}}\p{{M}}])(?:{alternation(kinds['before'], tones=False)})[ \t]+\Z",
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
            if name.isdigit() and not ut.numbered:
                # "của huyện 6 tháng đầu năm": a district is never named by a number, even where a
                # Quận 6 exists.
                continue
            if _known(ut, name) or (not checked and any(_known_level(lv, name) for lv in ut.levels)):
                return k if k > head_len else 0
    if head_len or checked:
        return 0
    if not ut.village and "commune" not in ut.levels and (limit == 1 or parts[1]["dash"]):
        # Provinces and districts are all in the gazetteer: an unknown name of one syllable after
        # their type word is a common word or a name cut short ("tỉnh Thông báo", "huyện Thăm mẹ
        # Việt Nam anh hùng", "các huyện Nam sông Đuống", "một thành phố Cảng", "tỉnh Lào CaiNgày
        # 28-5"); longer unknown names are old spellings ("tỉnh Đác Nông", "huyện Cư Giút").
        return 0
    k = next((i for i in range(1, limit) if parts[i]["dash"]), limit)
    k = min(k, MAX_UNKNOWN_SYLLABLES)
    first = parts[0]["part"]
    if first.casefold() in rules.single and (k == 1 or not ut.village):
        # "xã Đoàn kiểm tra", "Tỉnh Đoàn Quảng Ninh"; a village may be "thôn Đoàn Kết".
        return 0
    if R.ALL_CAPS.fullmatch(first) and not first.isdigit():
        return 0
    if k == 1 and not ut.village and not first[0].isdigit() and R.LOWER_SYLLABLE.match(text, parts[0].end("part")):
        # One unknown capitalised syllable and a lower-case one after it is a common word written
        # with a capital: "Xã Dân chủ", "phường Văn minh", "thị trấn Sạch đẹp".
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
        plural = bool(R.PLURAL_BEFORE.search(text[max(0, m.start() - R.PLURAL_WINDOW):m.start()]))
        if m["intro"] and not plural:
            continue  # "xã là đơn vị ...", "huyện như ..." name no unit
        if ut.unit_type == "bản" and R.VERSION_BRACKET.search(text, max(0, m.start() - 3), m.start()) \
                and text[pos:pos + 1].isdigit():
            continue  # "Dự thảo Quy chế (bản 2)": a version
        nm = name_at.match(text, pos)
        if nm is None:
            continue
        named = _lower_cased(text, ut, nm.start(), nm.end()) if not upper else None
        named = named or _name_of(text, ut, nm.start(), nm.end(), rules, checked)
        if named is None:
            continue
        s, e, name = named
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


def _lower_cased(text: str, ut: UnitType, start: int, end: int) -> tuple[int, int, str] | None:
    """A known unit whose last syllable is typed in lower case: "thị trấn Đồng mỏ" is Đồng Mỏ
    where the article also writes "thị trấn Đồng Mỏ"."""
    if ut.village:
        return None
    low = R.LOWER_SYLLABLE.match(text, end)
    if low is None:
        return None
    name = text[start:low.end()]
    # Only a name the article also writes capitalised: "Xã Dân chủ" stays a common word even
    # where some province has a xã Dân Chủ.
    if not _known(ut, name) or text.find(text[start:low.start("syl")] + low["syl"].capitalize()) < 0:
        return None
    return start, low.end(), name


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
                           or not m["and"] and (_known_level("district", name) or _known_level("province", name))):
            return
        found.append(_Mention(Location(start=s, end=e, surface=text[s:e], unit_type=ut.unit_type, name=name),
                              ut, plural))
        pos = e
