"""Document citations: type, number, symbol, issue date, issuer, subject and one canonical spelling."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

import regex
from spacy.tokens import Doc

from qcdc_extract import rxcache as rx
from qcdc_extract.facts import Fact, mention, text_of, token_offsets, word_hashes
from qcdc_extract.scan import Scan, first_words
from qcdc_extract.resources import DataFileError, load_table
from qcdc_extract import vi
from qcdc_extract.rules import documents as R
from qcdc_extract.vi import ordinal_value

LOGGER = logging.getLogger(__name__)

MAX_ISSUER_WORDS = 12


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
    # How the number is written: party (02-NQ/TU), state (04/2015/NĐ-CP, 1234/QĐ-UBND),
    # number_year (34/2007), bare (42) or named (Nghị quyết Trung ương 4, no number).
    form: str = "bare"
    # One key per real document across the output (see identity.py): "04/2015/NĐ-CP",
    # "02-NQ/TU@legacy:province:42/2017"; set once the article's places are known.
    doc_key: str | None = None


class DocType(NamedTuple):
    """A row of data/doc_types.tsv."""

    doc_type: str
    code: str
    abbr: bool
    bare: str  # yes, capitalised or no
    titled: bool


_FORMS = ((R.STATE_NUMBER_YEAR, "state"), (R.PARTY_NUMBER, "party"), (R.STATE_NUMBER, "state"))


class _Number(NamedTuple):
    start: int
    end: int
    num: str
    symbol: str | None
    year: int | None
    form: str


# Data --------------------------------------------------------------------------------


@cache
def _types() -> tuple[Scan, dict[str, DocType]]:
    """A scan for every type spelling, and the type of each (case-folded) spelling."""
    rows = load_table("doc_types.tsv", ("surface", "doc_type", "kind", "bare", "titled", "source"))
    by_surface: dict[str, DocType] = {}
    names, abbrs = [], []
    for r in rows:
        if "code" not in r:
            raise DataFileError("doc_types.tsv: header lacks column code (it may be empty)")
        if r["kind"] not in ("name", "abbr") or r["bare"] not in ("yes", "capitalised", "no"):
            raise DataFileError(f"doc_types.tsv: bad kind/bare for {r['surface']!r}")
        key = vi.key(r["surface"])
        by_surface[key] = DocType(r["doc_type"], r["code"], r["kind"] == "abbr", r["bare"], r["titled"] == "yes")
        (abbrs if r["kind"] == "abbr" else names).append(r["surface"])

    def alternation(surfaces):
        return vi.alternation(surfaces, sep=R.H + "+")

    # Names in any case ("nghị quyết 02 NQ/TU" in a caption); abbreviations in capitals only,
    # and never inside a symbol ("NQ" in 02-NQ/TU).
    pattern = (
        rf"(?<![\p{{L}}\p{{M}}])(?i:{alternation(names)})(?![\p{{L}}\p{{M}}])"
        rf"|(?<![\p{{L}}\p{{M}}\d\-–/])(?:{alternation(abbrs)})(?![\p{{L}}\p{{M}}\d\-–/])"
    )
    scan = Scan(rx.compile(pattern, regex.VERSION1),
                first_words(names, ignore_case=True), first_words(abbrs, ignore_case=False))
    scan.hashes = (word_hashes(s.split()[0] for s in names), word_hashes((s.split()[0] for s in abbrs), exact=True))
    return scan, by_surface


@cache
def _type_codes() -> frozenset[str]:
    return frozenset(t.code for t in _types()[1].values() if t.code)


@cache
def _type_of_code() -> dict[str, str]:
    """The type a symbol code names, for the codes that name one type only ("NQ", "QĐ"; not "TT")."""
    types: dict[str, set[str]] = {}
    for t in _types()[1].values():
        if t.code and not t.abbr:
            types.setdefault(t.code, set()).add(t.doc_type)
    return {code: next(iter(names)) for code, names in types.items() if len(names) == 1}


def _doc_type_for(dtype: DocType, nm: _Number, first: bool) -> str:
    """The type of one number: the type word's, unless the symbol names another one.

    A generic word ("Văn bản số 1234/QĐ-UBND") or a later number in a list
    ("Nghị quyết số 02-NQ/TU, 05-CT/TU") takes the type its symbol names.
    """
    if nm.symbol and (not dtype.code or not first):
        code = _symbol_type(nm.symbol)
        if code != dtype.code and code in _type_of_code():
            return _type_of_code()[code]
    return dtype.doc_type


@cache
def _bodies() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Body names by code: whole codes, board prefixes and committee levels."""
    whole, boards, levels = {}, {}, {}
    for r in load_table("symbol_bodies.tsv", ("code", "body", "part", "source")):
        part = r["part"]
        if part not in ("whole", "board", "level"):
            raise DataFileError(f"symbol_bodies.tsv: bad part {part!r} for {r['code']!r}")
        {"whole": whole, "board": boards, "level": levels}[part].setdefault(r["code"], r["body"])
    for code, body in levels.items():
        whole.setdefault(code, body)
    for code, body in boards.items():
        whole.setdefault(code, body)
    return whole, boards, levels


@cache
def _issuer_words() -> regex.Pattern:
    """A lower-case word or phrase that may continue an issuer ("ban chấp hành", "huyện ủy")."""
    phrases = {r["word"] for r in load_table("issuer_words.tsv", ("word", "source"))}
    alternation = vi.alternation(phrases, sep=R.H + "+")
    return rx.compile(rf"(?:{alternation})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE)


def _citation_words(role: str) -> str:
    """An alternation of the citation words of one role, longest first, spaces flexible."""
    rows = load_table("citation_words.tsv", ("word", "role", "source"))
    bad = [r["role"] for r in rows if r["role"] not in ("after_bare", "modifier")]
    if bad:
        raise DataFileError(f"citation_words.tsv: unknown role {bad[0]!r}")
    return vi.alternation({r["word"] for r in rows if r["role"] == role}, sep=R.H + "+")


@cache
def _bare_end() -> regex.Pattern:
    """What may follow a bare number written without "số": punctuation or a citation word."""
    return rx.compile(
        rf"{R.BARE_END_PUNCT.pattern}|{R.H}+(?:{_citation_words('after_bare')})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE
    )


@cache
def _modifier() -> regex.Pattern:
    """A word between a type and "số": "Nghị quyết chuyên đề số 05-NQ/ĐU"."""
    return rx.compile(rf"{R.H}+(?:{_citation_words('modifier')})(?={R.H}+số(?![\p{{L}}\p{{M}}]))", regex.IGNORECASE)


# Extraction --------------------------------------------------------------------------


def extract_documents(doc: Doc) -> list[Document]:
    """Every document citation in the doc, bare later mentions linked to their full citation."""
    text = text_of(doc)
    types, by_surface = _types()
    # Where a type word may start, from the doc's tokens (names in any case, abbreviations exact).
    starts = token_offsets(doc, types.hashes[0]) + token_offsets(doc, types.hashes[1], exact=True)
    found: list[Document] = []
    taken = 0
    for m in types.finditer(text, starts):
        if m.start() < taken:  # inside the previous citation ("NQ" in "Nghị quyết số 02-NQ/TU")
            continue
        if R.NOT_TYPE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        dtype = by_surface[vi.key(m.group())]
        facts = _citations_at(text, m, dtype)
        if facts:
            found.extend(facts)
            taken = max(f.end for f in facts)
    _link(found)
    for d in found:
        # The year from the issue date where the symbol has none ("02-NQ/TU, ngày 12/5/2017");
        # after linking and the canonical spelling, which keep the symbol's own year.
        if d.year is None and d.issued is not None:
            d.year = d.issued.year
    return found


def _citations_at(text: str, m: regex.Match, dtype: DocType) -> list[Document]:
    """The citations that start with the type word m: one, a list under one type, or none."""
    modifier = _modifier().match(text, m.end())
    intro = R.NUMBER_INTRO.match(text, modifier.end() if modifier else m.end())
    has_so = bool(intro.group("so"))
    capitalised = m.group()[0].isupper()
    bare_ok = has_so or (not dtype.abbr and (dtype.bare == "yes" or (dtype.bare == "capitalised" and capitalised)))
    first = _number_at(text, intro.end(), bare_ok=bare_ok, needs_end=not has_so)
    title = None
    if first is None and dtype.titled and not has_so:
        gap = R.TITLE_GAP.match(text, m.end())
        first = gap and _number_at(text, gap.end(), bare_ok=False, needs_end=False)
        # The number must be of this type ("PL" in 34/2007/PL-UBTVQH11, "QH" in 10/2022/QH15)
        # and the title must not run into another citation ("... theo Nghị định số 04/2015/NĐ-CP").
        if first and (_symbol_type(first.symbol) != dtype.code or _types()[0].search(gap["title"])):
            first = None
        title = gap["title"] if first else None
    if first is None:
        return _named(text, m, dtype) if not has_so and not dtype.abbr else []

    # Further numbers under the same type, each with its own issue date if it has one.
    items: list[tuple[_Number, regex.Match | None]] = []
    cur, issued = first, None
    while True:
        issued = R.ISSUED.match(text, cur.end)
        joiner = R.LIST_JOINER.match(text, issued.end() if issued else cur.end)
        nxt = None
        if joiner:
            nxt = _number_at(text, joiner.end(), bare_ok=bare_ok and cur.form == "bare", needs_end=True)
            if nxt and not _compatible(first, nxt):
                nxt = None
        items.append((cur, issued))
        if nxt is None:
            break
        cur = nxt

    # What follows the last number (issue date, issuer, subject) belongs to the whole list.
    pos = issued.end() if issued else cur.end
    month = None if issued else R.ISSUED_MONTH.match(text, pos)
    issuer, pos = _issuer(text, month.end() if month else pos)
    late_issued = None
    if issued is None:
        late_issued = R.ISSUED.match(text, pos)  # "Chỉ thị số 05-CT/TW của Bộ Chính trị ngày 15/5/2016"
        if late_issued:
            pos = late_issued.end()
    subject = R.SUBJECT.match(text, pos)
    issued_before = None
    if issuer is None:
        issuer, issued_before = _issued_before(text, m.start())

    facts = []
    for i, (nm, own_issued) in enumerate(items):
        start = m.start() if i == 0 else nm.start
        fact = Document(**mention(text, start, nm.end), doc_type=_doc_type_for(dtype, nm, i == 0), number=nm.num,
                        symbol=nm.symbol, year=nm.year, form=nm.form, issuer=issuer)
        last = i == len(items) - 1
        date_match = own_issued or (issued if last else None) or late_issued
        if date_match is None and not last and issued is not None and all(d is None for _, d in items[:-1]):
            date_match = issued  # "Quyết định số 217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013": shared
        if date_match:
            _set_issued(fact, date_match)
        elif issued_before and len(items) == 1:
            # Named before the citation, the date is often the news itself ("Ngày 5/4, UBND xã
            # ban hành Kế hoạch số 15 ..."), so it stays a plain date for the dates component:
            # the value is kept, the span is not.
            _set_issued(fact, issued_before)
            fact.issued_span = None
        if last:
            fact.subject = title.strip() if title else (subject["subject"].strip() if subject else None)
        facts.append(fact)
    _share_symbol(facts)
    for fact in facts:
        fact.issuing_body = issuing_body(fact.symbol)
        fact.canonical = canonical(fact.doc_type, fact.number, fact.symbol, fact.year)
    return facts


def _number_at(text: str, pos: int, *, bare_ok: bool, needs_end: bool) -> _Number | None:
    """The document number at pos, in its longest form."""
    for pattern, form in _FORMS:
        nm = pattern.match(text, pos)
        if nm:
            symbol = fold_symbol("".join(nm["sym"].split()).replace("–", "-").replace("‐", "-"))
            year = int(nm["year"]) if "year" in nm.groupdict() else None
            return _Number(nm.start(), nm.end(), nm["num"], symbol, year, form)
    if not bare_ok:
        return None
    for pattern, form in ((R.NUMBER_YEAR, "number_year"), (R.BARE_NUMBER, "bare")):
        nm = pattern.match(text, pos)
        if not nm:
            continue
        if needs_end and not _bare_end().match(text, nm.end()):
            return None
        if form == "bare" and needs_end and R.YEAR_LIKE.fullmatch(nm["num"]):
            return None  # "Kế hoạch 2023"
        year = int(nm["year"]) if form == "number_year" else None
        return _Number(nm.start(), nm.end(), nm["num"], None, year, form)
    return None


def _head_end(symbol: str) -> int:
    """Where a symbol's first part ends: at its first "-" or "/" ("04" of "04/2015/NĐ-CP")."""
    return min((i for i in (symbol.find("-"), symbol.find("/")) if i >= 0), default=len(symbol))


def fold_symbol(symbol: str) -> str:
    """Look-alike letters folded, so that one document is one symbol: the Latin "Ð" (U+00D0,
    "04/2015/NÐ-CP") is "Đ"; "TƯ" is "TW" ("120-KL/TƯ"); a type code typed without its
    stroke is the code ("04/2015/ND-CP" is NĐ-CP, "15/QD-UBND" is QĐ-UBND)."""
    symbol = symbol.replace("\u00d0", "\u0110").replace("TƯ", "TW")
    cut = _head_end(symbol)
    head, rest = symbol[:cut], symbol[cut:]
    codes = _type_codes()
    if head not in codes and "D" in head and head.replace("D", "Đ") in codes:
        head = head.replace("D", "Đ")
    return head + rest


def _symbol_type(symbol: str | None) -> str | None:
    """The type code a State symbol starts with: "PL" in PL-UBTVQH11, "QH" in QH15."""
    if not symbol:
        return None
    return symbol[:_head_end(symbol)].rstrip("0123456789")


def _compatible(first: _Number, nxt: _Number) -> bool:
    """Whether nxt may continue a list that began with first."""
    if first.form == "bare":  # "Chỉ thị số 05 và 06", "Quyết định 217, 218-QĐ/TW"
        return nxt.form in ("bare", "party", "state")
    if first.form == "number_year":
        return nxt.form == "number_year"
    return nxt.form in ("party", "state")


def _share_symbol(facts: list[Document]) -> None:
    """Bare numbers before a full one share its symbol: "Quyết định 217, 218-QĐ/TW"."""
    full = None
    for fact in reversed(facts):
        if fact.form in ("party", "state"):
            full = fact
        elif fact.form == "bare" and full:
            fact.symbol, fact.year, fact.form, fact.linked = full.symbol, full.year, full.form, True


def _set_issued(fact: Document, m: regex.Match) -> None:
    try:
        fact.issued = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        LOGGER.debug("not a date: %r", m["date"])
        return
    fact.issued_span = m.span("date")


def _issuer(text: str, pos: int) -> tuple[str | None, int]:
    """The issuer named after "của"/"do", and where it ends.

    Capitalised words and known organisation phrases continue it ("Ban Chấp hành Đảng bộ tỉnh",
    "BTV Huyện uỷ", "Bộ Chính trị"); anything else ends it ("về", "thực hiện", "ban hành", a comma).
    A phrase may finish capitalised words just taken ("chấp hành" after "Ban Chấp"), never
    restart inside a phrase already taken ("Tỉnh ủy ban hành" is "Tỉnh ủy", not "... ủy ban").
    """
    intro = R.ISSUER_INTRO.match(text, pos)
    if not intro:
        return None, pos
    return _issuer_at(text, intro.end(), pos)


def _issuer_at(text: str, start: int, fallback: int) -> tuple[str | None, int]:
    """The issuer's name that begins at start, and where it ends (fallback if there is none)."""
    phrases = _issuer_words()
    end = start
    capitals: list[int] = []  # where the capitalised words just taken begin
    previous = ""
    for _ in range(MAX_ISSUER_WORDS):
        if end > start:
            gap = R.ISSUER_GAP.match(text, end)
            if not gap:
                break
            at = gap.end()
        else:
            at = end
        word = R.ISSUER_WORD.match(text, at)
        if not word:
            break
        if word.group()[0].isupper() or previous == "thứ":  # "lần thứ 7", "lần thứ sáu"
            capitals.append(at)
            end, previous = word.end(), word.group().casefold()
            continue
        longest = max((p.end() for s in capitals[-3:] if (p := phrases.match(text, s))), default=0)
        if longest <= end:  # nothing finishes the capitalised words: a phrase of its own
            longest = (p := phrases.match(text, at)) and p.end() or 0
        if longest <= end:
            break
        capitals = []
        end, previous = longest, text[at:longest].split()[-1].casefold()
    if end == start:
        return None, fallback
    return text[start:end], end


def _issued_before(text: str, type_start: int) -> tuple[str | None, regex.Match | None]:
    """Issuer and issue date named before the type: "Ngày 20/6/2020, Bộ Chính trị đã ban hành Chỉ thị ..."."""
    window = max(0, type_start - 200)
    verb = R.ISSUED_BY_BEFORE.search(text, window, type_start)
    if not verb:
        return None, None
    clause_end = verb.start()
    clause_start = max((m.end() for m in R.CLAUSE_START.finditer(text, window, clause_end)), default=window)
    tail = R.TERM_TAIL.search(text, clause_start, clause_end)  # "... Đảng bộ tỉnh khóa XIII đã ban hành"
    if tail:
        clause_end = tail.start()
    for word in R.ISSUER_WORD.finditer(text, clause_start, clause_end):
        name, end = _issuer_at(text, word.start(), -1)
        if name and end == clause_end:
            return name, R.DATE_BEFORE.search(text, window, clause_start)
    return None, None


def _named(text: str, m: regex.Match, dtype: DocType) -> list[Document]:
    """A named, unnumbered resolution: "Nghị quyết Trung ương 4 (khóa XII)"."""
    if dtype.doc_type != "Nghị quyết":
        return []
    for pattern, kind in ((R.CENTRAL_PLENUM_LONG, "central"), (R.CENTRAL_PLENUM, "central"),
                          (R.NATIONAL_CONGRESS, "national"), (R.LOCAL_CONGRESS, "local")):
        nm = pattern.match(text, m.end())
        if nm:
            break
    else:
        return []
    fact = Document(**mention(text, m.start(), nm.end()), doc_type=dtype.doc_type, form="named")
    ordinal = _ordinal(nm["ord"])
    if kind == "central":
        khoa = nm["khoa"]
        fact.canonical = f"Nghị quyết Trung ương {ordinal}" + (f" khóa {_roman(khoa)}" if khoa else "")
        fact.issuing_body = _bodies()[0].get("TW")
    elif kind == "national":
        fact.canonical = f"Nghị quyết Đại hội Đảng toàn quốc lần thứ {nm['ord']}"
    else:
        unit = " ".join((nm["unit"] or "").split()).lower()
        name = " ".join((nm["name"] or "").split())
        where = " ".join(p for p in ("Đảng bộ", unit, name) if p)
        fact.canonical = f"Nghị quyết Đại hội {where} lần thứ {nm['ord']}"
    issuer, _ = _issuer(text, nm.end())
    fact.issuer = issuer
    return [fact]


def _roman(value: str) -> str:
    """A term ("khóa") as the genre writes it most, in Roman numerals: "12" and "XII" are "XII"."""
    value = value.strip()
    if not value.isdigit() or not 0 < int(value) < 40:
        return value.upper()
    n, out = int(value), ""
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def _ordinal(value: str) -> str:
    """Plenum numbers as digits: "4", "IV" and "tư" are all 4."""
    value = " ".join(value.split())
    if value.isdigit():
        return str(int(value))
    ordinal = ordinal_value(value)
    if ordinal is not None:
        return str(ordinal)
    roman = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(value, value[1:] + " "):
        v = roman.get(a, 0)
        total += -v if roman.get(b, 0) > v else v
    return str(total) if total else value


def issuing_body(symbol: str | None) -> str | None:
    """The body a symbol names: "NQ/TU" Tỉnh ủy, "NĐ-CP" Chính phủ, "HD/BDVTU" Ban Dân vận Tỉnh ủy."""
    if not symbol:
        return None
    whole, boards, levels = _bodies()
    if "/" in symbol:  # Party: the body is after the slash ("NQ/TU", "HD/VPTW")
        parts = [symbol.split("/", 1)[1].split("-")[0]]
    else:  # State: the first known part that is not the type ("NĐ-CP", "UBND-NC", "PL-UBTVQH11")
        parts = [p for p in symbol.split("-") if p not in _type_codes()]
    for part in parts:
        code = part.rstrip("0123456789")
        if code in whole:
            return whole[code]
        for board, name in boards.items():  # "BDVTU" = "BDV" + "TU"
            if code.startswith(board) and code[len(board):] in levels:
                return f"{name} {levels[code[len(board):]]}"
    return None


def canonical(doc_type: str, number: str | None, symbol: str | None, year: int | None) -> str:
    """One spelling per document: "02-NQ/TU", "04/2015/NĐ-CP", "1234/QĐ-UBND", "Kế hoạch 42"."""
    if number is None:
        return doc_type
    num = number.lstrip("0").zfill(2) if number[0].isdigit() else number
    if symbol and year:
        return f"{num}/{year}/{symbol}"
    if symbol and "/" in symbol:
        return f"{num}-{symbol}"
    if symbol:
        return f"{num}/{symbol}"
    if year:
        return f"{doc_type} {num}/{year}"
    return f"{doc_type} {num}"


def _link(found: list[Document]) -> None:
    """Give bare mentions ("Nghị quyết số 02") the symbol and canonical of their full citation.

    The nearest full citation of the same type and number before the mention wins, else the
    first after it. The issuer and issue date belong to the document, so the full citation's win.
    A bare mention with neither takes them from a dated bare mention of the same document
    ("Đề án 02 ngày 23/5/2021 của BTV Tỉnh uỷ ... Đề án 02"), without becoming linked.
    """
    full: dict[tuple[str, str], list[Document]] = {}
    dated: dict[tuple[str, str, int | None], Document] = {}
    for d in found:
        if not d.number:
            continue
        key = (d.doc_type, d.number.lstrip("0"))
        if d.symbol and not d.linked:
            full.setdefault(key, []).append(d)
        elif not d.symbol and d.issued:
            dated.setdefault((*key, d.year), d)
    for d in found:
        if d.symbol or not d.number:
            continue
        key = (d.doc_type, d.number.lstrip("0"))
        candidates = [c for c in full.get(key, []) if d.year in (None, c.year)]
        if not candidates:
            ref = dated.get((*key, d.year))
            if ref and ref is not d and not d.issued and not d.issuer:
                d.issued, d.issuer = ref.issued, ref.issuer
            continue
        before = [c for c in candidates if c.start < d.start]
        ref = before[-1] if before else candidates[0]
        d.symbol, d.year, d.canonical, d.issuing_body = ref.symbol, ref.year, ref.canonical, ref.issuing_body
        d.issuer = ref.issuer or d.issuer
        d.issued = ref.issued or d.issued
        d.subject = d.subject or ref.subject
        d.linked = True
