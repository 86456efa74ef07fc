"""Identity across articles: places in both eras, one key per document, one per person.

Analysts count across thousands of articles, so a fact must name the same thing the same way
in every article:

- a place carries the province it belongs to on each side of 1 July 2025 (and its 2025
  commune), whatever the era it was named in: codes of the two eras overlap (18133 is thị
  trấn Phố Châu before and xã Hương Sơn after), so the era travels with every code;
- a document gets ``doc_key``: national documents (TW, CP, QH, TTg ...) by their canonical
  spelling, Party symbols in State spelling ("25/NQ-TW") and "TƯ" folded to one; local ones
  (TU, HU, ĐU, UBND ...) qualified by the place of their issuing body and their year, so
  02-NQ/TU of Hà Tĩnh (2017) and of Bắc Kạn (2021) are two documents; named national
  documents without a number ("Luật Thực hiện dân chủ ở cơ sở") take the key of their numbered
  identity from data/named_documents.tsv;
- an official gets ``person_key`` (name and the 2025 province of the article's main place) and
  each position its ``body`` (the organisation without its place) and ``level``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

import regex

from qcdc_extract import gazetteer, vi
from qcdc_extract import rxcache as rx
from qcdc_extract.datacache import on_disk
from qcdc_extract.facts import facts_of, text_of
from qcdc_extract.resources import load_table
from qcdc_extract.spans import Coverage

# The columns giving a place on both sides of the 1 July 2025 reorganisation.
ERA_FIELDS = ("province_legacy", "province_code_legacy", "province_2025", "province_code_2025",
              "commune_2025", "commune_code_2025")


# -- places in both eras ---------------------------------------------------------------------

@on_disk(gazetteer.generated_files)
def crosswalk() -> dict[tuple[str, str, str], dict]:
    """(era, level, code) -> the unit's province in each era (and its 2025 commune).

    The old-to-new mapping is commune-level; a legacy district or province goes to the 2025
    province most of its communes went to, and a 2025 unit comes from the legacy province most
    of its communes came from.
    """
    legacy, new = gazetteer.load_units("legacy"), gazetteer.load_units("2025")
    mapping = gazetteer.load_mapping()
    out: dict[tuple[str, str, str], dict] = {}
    to_2025: dict[tuple[str, str], Counter] = defaultdict(Counter)     # legacy (level, code) -> 2025 provinces
    from_legacy: dict[tuple[str, str], Counter] = defaultdict(Counter)  # 2025 (level, code) -> legacy provinces

    for old_code, targets in mapping.items():
        old = legacy.by_code.get(("commune", old_code))
        if old is None or not targets:
            continue
        default = next((c for c, is_default in targets if is_default), targets[0][0])
        unit = new.by_code.get(("commune", default))
        if unit is None:
            continue
        out["legacy", "commune", old_code] = {"commune_2025": gazetteer.display_name(unit), "commune_code_2025": unit.code}
        for level, code in (("commune", old_code), ("district", old.district_code), ("province", old.province_code)):
            if code:
                to_2025[level, code][unit.province_code] += 1
        for code, _ in targets:
            target = new.by_code.get(("commune", code))
            if target is not None:
                from_legacy["commune", code][old.province_code] += 1
                from_legacy["province", target.province_code][old.province_code] += 1

    def province(index, code: str | None) -> tuple[str | None, str | None]:
        unit = index.province(code) if code else None
        return (gazetteer.display_name(unit), unit.code) if unit else (None, None)

    for (level, code), unit in legacy.by_code.items():
        row = out.setdefault(("legacy", level, code), {})
        row["province_legacy"], row["province_code_legacy"] = province(legacy, unit.province_code or unit.code)
        votes = to_2025.get((level, code))
        row["province_2025"], row["province_code_2025"] = province(new, votes.most_common(1)[0][0] if votes else None)
    for (level, code), unit in new.by_code.items():
        row = out.setdefault(("2025", level, code), {})
        row["province_2025"], row["province_code_2025"] = province(new, unit.province_code or unit.code)
        if level == "commune":
            row["commune_2025"], row["commune_code_2025"] = gazetteer.display_name(unit), unit.code
        votes = from_legacy.get((level, code))
        if votes and level == "province":
            # A merged province keeps the legacy province of its own name, if one went into it.
            same = [c for c in votes if (legacy.province(c) and legacy.province(c).name == unit.name)]
            votes = Counter({same[0]: 1}) if same else votes
        row["province_legacy"], row["province_code_legacy"] = province(legacy, votes.most_common(1)[0][0] if votes else None)
    return out


def both_eras(era: str | None, level: str | None, code: str | None, province_code: str | None = None) -> dict:
    """The ERA_FIELDS and lat/lon of a unit of `era`; for a unit the gazetteer does not place
    (a village, an undecided name), those of the province it lies in, without coordinates."""
    empty = dict.fromkeys((*ERA_FIELDS, "lat", "lon"))
    if era is None:
        return empty
    own_era, own_code = era, code
    if era not in ("legacy", "2025"):
        # A later era a user added: back through its changes to the 2025 unit it came from.
        era, code = _back_to_2025(era, level, code)
        if era != "2025":
            return empty
    row = crosswalk().get((era, level, code)) if level and code else None
    lat = lon = None
    if row is not None:
        unit = gazetteer.load_units(own_era).by_code.get((level, own_code))
        lat, lon = (unit.lat, unit.lon) if unit else (None, None)
    elif province_code:
        row = crosswalk().get((era, "province", province_code))
    if row is None:
        return empty
    return {**empty, **row, "lat": lat, "lon": lon}


def _back_to_2025(era: str, level: str | None, code: str | None) -> tuple[str, str | None]:
    """The 2025 era's code of a unit of a later era: a commune through each later change's
    mapping (the first unit it came from), any other unit by its own code."""
    names = [name for name, _ in gazetteer.eras()]
    while era not in ("legacy", "2025") and era in names:
        if level == "commune" and code:
            olds = [old for old, new, _ in gazetteer._era_mapping(era) if new == code]
            code = olds[0] if olds else code
        era = names[names.index(era) - 1]
    return era, code


def locate(doc, locations) -> None:
    """Give every location fact its place in both eras (ERA_FIELDS, lat, lon)."""
    for loc in locations:
        fields = both_eras(loc.era, loc.level if loc.resolved else None, loc.code if loc.resolved else None,
                           loc.province_code)
        for name, value in fields.items():
            setattr(loc, name, value)


# -- documents ---------------------------------------------------------------------------------

# Issuing bodies of the whole country: their documents need no place ("04/2015/NĐ-CP", "30-CT/TW").
NATIONAL_BODIES = frozenset({
    "TW", "TƯ", "BCT", "BBT", "VPTW", "BTGTW", "BDVTW", "BTCTW", "BNCTW", "UBKTTW", "ĐUQSTW", "QUTW", "BTGDVTW",
    "CP", "TTG", "QH", "UBTVQH", "CTN", "VPCP", "TTCP", "UBDT", "MTTQVN", "UBTWMTTQVN", "ĐCT",
})
# Party committees and State bodies of a province, district or commune, and the level of the
# place that qualifies their documents (None: the level of the article's main place).
LOCAL_LEVELS = {"TU": "province", "THU": "province", "HU": "district", "QU": "district", "TXU": "district",
                "ĐU": None, "ĐUK": "province", "UBND": None, "HĐND": None, "BCĐ": None, "MTTQ": None,
                "UBMTTQ": None, "BTV": None}
_PARTY_TYPES = frozenset({"NQ", "CT", "KL", "QĐ", "QC", "HD", "KH", "TB", "BC", "ĐA", "CTR", "TT", "QĐI"})
_PARTY_BODIES = frozenset({"TW", "BCT", "BBT", "TU", "THU", "HU", "QU", "TXU", "ĐU", "ĐUK"})
_STATE_PARTY = rx.compile(r"^(?P<type>[\p{Lu}]+)-(?P<body>[\p{Lu}]+)$")
# Words of an issuer that name the level of its place: "Ban Thường vụ Tỉnh ủy", "UBND huyện Kỳ Anh".
_ISSUER_LEVEL = (
    (rx.compile(r"\b(?:tỉnh|thành\s+ủy|tỉnh\s+ủy)\b", regex.I), "province"),
    (rx.compile(r"\b(?:huyện|quận|thị\s+xã|huyện\s+ủy|quận\s+ủy|thị\s+ủy)\b", regex.I), "district"),
    (rx.compile(r"\b(?:xã|phường|thị\s+trấn)\b", regex.I), "commune"),
)


@cache
def named_documents() -> tuple[regex.Pattern | None, dict[str, str], dict[tuple[str, str], list[tuple[frozenset, str, str]]]]:
    """data/named_documents.tsv: a pattern for the names cited without a number, the key of
    each name, and for each (doc_type, number) cited without a symbol the (issuers, subject
    words, key) that make it the curated document."""
    rows = load_table("named_documents.tsv", ("doc_type", "number", "symbol", "year", "source"))
    by_name: dict[str, str] = {}
    by_number: dict[tuple[str, str], list] = defaultdict(list)
    for r in rows:
        key = _canonical_key(r["doc_type"], r["number"], r["symbol"], int(r["year"]) if r["year"] else None)
        for name in filter(None, (n.strip() for n in (r.get("names") or "").split(";"))):
            by_name[vi.key(name)] = key
        issuers = frozenset(vi.key(i) for i in (r.get("issuer") or "").split(";") if i.strip())
        by_number[(r["doc_type"], r["number"].lstrip("0"))].append((issuers, vi.key(r.get("subject") or ""), key))
    if not by_name:
        return None, by_name, dict(by_number)
    names = vi.alternation(by_name, sep=r"\s+", word_end=r"(?!\w)")
    return rx.compile(rf"(?<!\w)(?:{names})", regex.I | regex.VERSION0), by_name, dict(by_number)


def _curated(d) -> str | None:
    """The curated identity of a document cited by type and number alone, told by its issuer
    ("Chỉ thị 30 của Bộ Chính trị") or its subject ("Chỉ thị 30 về ... Quy chế dân chủ ở cơ sở")."""
    for issuers, subject, key in named_documents()[2].get((d.doc_type, d.number.lstrip("0")), ()):
        for issuer in (d.issuer, d.issuing_body):
            if issuer and any(i in vi.key(issuer) for i in issuers):
                return key
        if subject and d.subject and subject in vi.key(d.subject):
            return key
        if d.form == "number_year" and d.year and f"/{d.year}/" in key:
            return key  # "Pháp lệnh số 34/2007"
    return None


def _canonical_key(doc_type: str, number: str, symbol: str, year: int | None) -> str:
    from qcdc_extract.documents import canonical

    return canonical(doc_type, number, _party_symbol(symbol) if symbol else None, year if "/" not in (symbol or "") else None)


def _party_symbol(symbol: str) -> str:
    """One spelling of a symbol: "TƯ" as "TW", a Party symbol written the State way ("NQ-TW" in
    "25/NQ-TW") the Party way ("NQ/TW"), a State symbol without its dash ("NĐCP", "QĐUBND") with it."""
    symbol = symbol.replace("TƯ", "TW")
    if "/" not in symbol and "-" not in symbol:
        code = _body_code(symbol)
        if code and code != symbol.upper() and symbol.upper().endswith(code):
            symbol = f"{symbol[: len(symbol) - len(code)]}-{symbol[len(symbol) - len(code):]}"
    m = _STATE_PARTY.match(symbol)
    if m and m["type"].upper() in _PARTY_TYPES and m["body"] in _PARTY_BODIES:
        return f"{m['type']}/{m['body']}"
    return symbol


def _body_code(symbol: str | None) -> str | None:
    """The issuing body's code of a symbol: "TU" of "NQ/TU", "CP" of "NĐ-CP", "HU" of "KH/BDVHU"."""
    if not symbol:
        return None
    if "/" in symbol:
        code = symbol.split("/", 1)[1].split("-")[0].rstrip("0123456789")
        # A board of a committee ("BDV" + "HU"): the boards and levels of data/symbol_bodies.tsv,
        # as documents.issuing_body decodes them.
        from qcdc_extract.documents import _bodies

        _, boards, levels = _bodies()
        for board in sorted(boards, key=len, reverse=True):
            if code.startswith(board) and code[len(board):] in levels:
                return code[len(board):]
        return code
    parts = symbol.split("-")
    if len(parts) > 1:
        return parts[1].rstrip("0123456789").upper()
    # Written without its dash ("QH13", "NĐCP", "QĐUBND"): the type code, if any, comes first.
    code = symbol.rstrip("0123456789").upper()
    for prefix in sorted(_state_type_codes(), key=len, reverse=True):
        if code.startswith(prefix) and len(code) > len(prefix):
            return code[len(prefix):]
    return code


@cache
def _state_type_codes() -> frozenset[str]:
    from qcdc_extract.documents import _type_codes

    return frozenset(c.upper() for c in _type_codes())


# Types only national bodies issue: their documents never take a place.
NATIONAL_TYPES = frozenset({"Luật", "Pháp lệnh", "Nghị định", "Bộ luật", "Hiến pháp"})


def document_key(d, place: dict | None, locations) -> tuple[str, str | None, int | None] | None:
    """(base, place, year) of one document fact's doc_key (see key_documents), or None."""
    if d.number is None:
        return (d.canonical, None, None) if d.form == "named" else None
    base = d.canonical
    if d.symbol and (symbol := _party_symbol(d.symbol)) != d.symbol:
        year_in_number = d.year if d.year and f"/{d.year}/" in d.canonical else None
        base = _canonical_key(d.doc_type, d.number, symbol, year_in_number)
    code = _body_code(_party_symbol(d.symbol) if d.symbol else None)
    if code is None and (key := _curated(d)):
        return key, None, None
    if d.doc_type in NATIONAL_TYPES or (code is not None and (
            code in NATIONAL_BODIES or (d.issuing_body or "").startswith("Bộ "))):
        return base, None, None
    year = d.year or (d.issued.year if d.issued else None)
    if year and f"/{year}/" in base:
        year = None  # the number holds it ("1961/2019/QĐ-UBND")
    return base, _issuer_place(d, code, place, locations), year


def key_documents(documents, place: dict | None, locations) -> None:
    """Set doc_key on every document of one article: "04/2015/NĐ-CP", "30-CT/TW" (national),
    "02-NQ/TU@legacy:province:42#2017" (local: the place of its issuing body, era, level and
    code, then its year). Mentions of one document in the article share one year, the one any
    of them gives."""
    parts = {id(d): document_key(d, place, locations) for d in documents}
    years: dict[tuple[str, str | None], int] = {}
    for d in documents:
        part = parts[id(d)]
        if part and part[2] is not None:
            years.setdefault(part[:2], part[2])
    for d in documents:
        part = parts[id(d)]
        if part is None or d.doc_key is not None:
            continue
        base, where, _ = part
        year = years.get((base, where))
        d.doc_key = base + (f"@{where}" if where else "") + (f"#{year}" if year else "")


def _issuer_place(d, code: str | None, place: dict | None, locations) -> str | None:
    """"era:level:code" of the place the issuing body belongs to: a unit named in its issuer
    ("UBND huyện Kỳ Anh"), else the article's main place at the body's level."""
    level = LOCAL_LEVELS.get(code or "")
    if level is None and d.issuer:
        issuer = vi.key(d.issuer)
        level = next((lv for pattern, lv in _ISSUER_LEVEL if pattern.search(issuer)), None)
    if d.issuer:
        # A unit named inside the issuer, right after the citation ("của UBND huyện Kỳ Anh").
        for loc in locations:
            if loc.resolved and loc.code and d.end <= loc.start <= d.end + len(d.issuer) + 12 \
                    and (level is None or loc.level == level):
                return f"{loc.era}:{loc.level}:{loc.code}"
    if d.issuer and (unit := _unit_of_issuer(d.issuer, place)) is not None:
        return f"{unit.era}:{unit.level}:{unit.code}"
    if not place:
        return None
    level = level or place.get("level")
    code_at = {"province": place.get("province_code"), "district": place.get("district_code"),
               "commune": place.get("commune_code")}.get(level)
    return f"{place.get('era')}:{level}:{code_at}" if code_at else None


# A committee or council with its place's name: "Huyện ủy Kỳ Anh", "UBND huyện Hương Sơn".
_ISSUER_UNIT = rx.compile(
    r"(?:(?P<committee>tỉnh|thành|huyện|quận|thị)\s+(?:ủy|uỷ)|(?:ubnd|hđnd|ủy\s+ban\s+nhân\s+dân|hội\s+đồng\s+nhân\s+dân)\s+"
    r"(?P<type>tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn))\s+(?P<name>\p{Lu}\p{Ll}*(?:[\s-]+\p{Lu}\p{Ll}*)*)",
    regex.I | regex.VERSION0)
_COMMITTEE_TYPE = {"tỉnh": "tỉnh", "thành": "thành phố", "huyện": "huyện", "quận": "quận", "thị": "thị xã"}


def _unit_of_issuer(issuer: str, place: dict | None):
    """The gazetteer unit an issuer names ("Huyện ủy Kỳ Anh"), within the article's main
    province when the name is not unique; None if it names none or several."""
    m = _ISSUER_UNIT.search(issuer)
    if not m:
        return None
    unit_type = _COMMITTEE_TYPE[m["committee"].lower()] if m["committee"] else " ".join(m["type"].lower().split())
    name = m["name"]
    era = (place or {}).get("era") or "legacy"
    units = gazetteer.find_place(era, unit_type, name)
    if len(units) > 1 and place and place.get("province_code"):
        units = tuple(u for u in units if (u.province_code or u.code) == place["province_code"])
    return units[0] if len(units) == 1 else None


def named_mentions(doc) -> list:
    """Named national documents cited without a number ("Luật Thực hiện dân chủ ở cơ sở năm
    2022"), as document facts of form "named" whose doc_key is their numbered identity."""
    from qcdc_extract.documents import Document

    text = text_of(doc)
    pattern, by_name, _ = named_documents()
    if pattern is None:
        return []
    taken = Coverage((d.start, d.end) for d in facts_of(doc, "documents"))
    out = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if taken.overlaps(s, e):
            continue
        words = m.group().split()
        out.append(Document(start=s, end=e, surface=m.group(), doc_type=words[0] if words[0] != "Pháp" else "Pháp lệnh",
                            form="named", canonical=" ".join(words), doc_key=by_name[vi.key(m.group())]))
    return out


# -- people --------------------------------------------------------------------------------------

# The most local unit an organisation names decides its level ("Đoàn Đại biểu Quốc hội tỉnh" is
# the province's); an organisation that names none is national if a central body is in it.
_LEVEL_WORDS = (
    (rx.compile(r"\b(?<!nông\s)(?:thôn|bản|ấp|khu\s+phố|tổ\s+dân\s+phố|xóm|làng|buôn|chi\s+bộ)\b"), "village"),
    (rx.compile(r"\b(?:xã(?!\s+hội)|phường|thị\s+trấn)\b"), "commune"),
    (rx.compile(r"\b(?:huyện|quận|thị\s+xã|thị\s+ủy)\b"), "district"),
    (rx.compile(r"\b(?:tỉnh|thành\s+ủy)\b"), "province"),
    (rx.compile(r"(?:\btrung\s+ương|t\.ư|\btw\b|\bquốc\s+hội|\bchính\s+phủ|\bbộ\s+chính\s+trị|\bban\s+bí\s+thư|"
                   r"\bnhà\s+nước|\bthủ\s+tướng|^bộ\b)"), "national"),
)
# Where an organisation's place or term begins: "Ủy ban nhân dân | xã Kỳ Châu", "... | khóa X".
_BODY_END = rx.compile(r"\s+(?:tỉnh|thành\s+phố|tp\.?|huyện|quận|thị\s+xã|xã(?!\s+hội)|phường|thị\s+trấn|(?<!nông\s)thôn|bản|ấp|"
                          r"khóa|nhiệm\s+kỳ|việt\s+nam)(?!\w)(?!\s+(?:ủy|uỷ)\b)", regex.I | regex.VERSION0)
_CENTRAL = rx.compile(r"(?<!\w)(?:T\.Ư|TƯ|TW)(?!\w)")
# A place named without its type after the body: "Huyện ủy Kỳ Anh".
_NAME_END = rx.compile(r"(?:\s+\p{Lu}\p{Ll}*)+$")
def position_level(organisation: str | None, role: str) -> str | None:
    """The level a position is held at: national, province, district, commune or village."""
    for text in (organisation, role):
        if not text:
            continue
        text = vi.key(text)
        for pattern, level in _LEVEL_WORDS:
            if pattern.search(text):
                return level
    return None


def position_body(organisation: str | None) -> str | None:
    """The organisation without its place or term: "Ủy ban nhân dân xã Kỳ Châu" -> "Ủy ban nhân
    dân", "Huyện ủy Kỳ Anh" -> "Huyện ủy", "Hội đồng nhân dân tỉnh khóa XVII" -> "Hội đồng nhân dân"."""
    if not organisation:
        return None
    body = _CENTRAL.sub("Trung ương", organisation)
    m = _BODY_END.search(body)
    if m and m.start() > 0:
        body = body[: m.start()]
    trimmed = _NAME_END.sub("", body)
    if trimmed and len(trimmed.split()) >= 2 and trimmed != body and vi.key(trimmed).split()[-1] in ("ủy", "uỷ"):
        body = trimmed  # "Huyện ủy Kỳ Anh"
    return body.strip(" ,;") or organisation


def person_key(name: str, place: dict | None) -> str:
    """Name and the 2025 province of the article's main place: "Võ Ngọc Thương@2025:42"."""
    code = (place or {}).get("province_code_2025")
    return f"{name}@2025:{code}" if code else name


# -- the annotator -----------------------------------------------------------------------------------

def assign(doc, locations) -> dict:
    """After locations: both eras on every place, keys on documents and officials.

    Returns the main place's both-era fields (main_era, main_province_legacy, ...), which the
    article row carries.
    """
    locate(doc, locations)
    place = doc._.qcdc_place
    main = {}
    if place:
        fields = both_eras(place.get("era"), place.get("level"), place.get("code"))
        place.update(fields)
        main = {"main_era": place.get("era"), **{f"main_{k}": v for k, v in fields.items()}}
    documents = facts_of(doc, "documents")
    named = named_mentions(doc)
    if named:
        documents = sorted(documents + named, key=lambda d: d.start)
        doc._.set("qcdc_documents", documents)
    key_documents(documents, place, locations)
    for o in facts_of(doc, "officials"):
        o.person_key = person_key(o.name, place)
        for p in o.positions:
            p["body"] = position_body(p.get("organisation"))
            p["level"] = position_level(p.get("organisation"), p["role"])
    _respan(doc, ("documents", "officials"))
    return main


def _respan(doc, kinds) -> None:
    """Make the spans of kinds keyed here again, so that their kb_id_ holds the new keys."""
    from qcdc_extract.kinds import BY_NAME
    from qcdc_extract.pipeline import fact_span

    for name in kinds:
        kind = BY_NAME[name]
        if kind.label is None or name not in doc.spans and not facts_of(doc, name):
            continue
        doc.spans[name] = [s for f in facts_of(doc, name) if (s := fact_span(doc, f, kind.label(f))) is not None]
