"""Officials: named people with their positions, honorific and every mention.

How it reads an article:
1. Names. Runs of capitalised syllables ("Đồng chí Võ Ngọc Thương - ...") are split into a
   place, a title and a person's name; a name has 2-5 syllables and starts with a known
   family name (family_names.tsv). Runs that look like names but start with an unknown
   family name ("ông Y Bhin Niê, ...") get a second look from underthesea's NER, on their
   sentence only, when an honorific or a title stands next to them.
2. Titles. A title is a chain of positions ("Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND
   tỉnh"), each a head from titles.tsv and the organisation after it, read up to a verb
   ("dự và phát biểu"), a clause end, an honorific or the next name.
3. A name with a title right after it ("X - Title", "X, Title", "X (Title)", "X là Title")
   or right before it ("Title X", "Title, ông X", "các đồng chí Title: X, Y") is an official.
   Every mention of the same name in the article is one official, with the fullest title.
"""
from __future__ import annotations

import logging
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import regex
from spacy.tokens import Doc

from qcdc_extract.facts import Fact, context_of, text_of, token_offsets, word_hashes
from qcdc_extract.gazetteer import load_lexicon
from qcdc_extract.resources import load_table
from qcdc_extract.vi import alternation, key, spellings, to_classic
from qcdc_extract.rules import officials as R

LOGGER = logging.getLogger(__name__)

# Syllables of a position's organisation part ("tuyên giáo, dân vận Huyện ủy"); a longer
# run is prose the stop words missed.
MAX_TAIL = 16
# How far before a name a title that ends at it may start.
LEFT_WINDOW = 260
# Characters of a sentence given to NER around its trigger.
NER_CONTEXT = 200
_L = r"[\p{L}\p{M}]"


@dataclass(kw_only=True)
class Official(Fact):
    """A named person with a position; one per person and article, with every mention."""

    name: str
    title: str | None = None
    # [{"role": "Chủ tịch", "organisation": "Hội đồng nhân dân tỉnh"}, ...], abbreviations expanded.
    positions: list[dict] = field(default_factory=list)
    honorific: str | None = None
    # [{"start": ..., "end": ...}, ...] of every mention, the first one included.
    mentions: list[dict] = field(default_factory=list)


# -- lexicons ---------------------------------------------------------------------------

def _trie(phrases, flags: str = "") -> str:
    """One alternation for many phrases (vi.alternation), longest first.

    Each word matches both tone placements and ends at a word boundary, so "Bí thư" never
    matches "Bí thưa" and "Phó Bí thư Thường trực" wins over "Phó Bí thư".
    """
    trie = alternation(phrases, word_end=rf"(?!{_L})")
    return f"(?{flags}:{trie})" if flags else trie


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor looks up, built once from the lexicon files."""

    head: regex.Pattern          # a title head, optionally "nguyên"/"tân"/"quyền" before it
    canonical: dict              # key of a head's spelling -> its titles.tsv title
    kinds: dict                  # titles.tsv title -> kind
    first_syllables: frozenset   # first words of every head, case-folded, both tone placements
    first: regex.Pattern         # the first word of a head or its prefix, to find heads fast
    org: regex.Pattern           # an organisation name or abbreviation
    abbr: regex.Pattern          # an abbreviation alone (case-sensitive)
    abbr_names: dict             # abbreviation -> organisation name
    families: frozenset          # family names, case-folded, both tone placements
    stop: regex.Pattern          # lower-case words that end a title
    place_before: regex.Pattern  # a unit word right before a run ("thôn Lê Xá")
    landmark_before: regex.Pattern  # a word naming a street or school before a run ("đường")
    place_after: regex.Pattern   # ", xã Cẩm Lạc" after a title: where the organisation is
    unit: regex.Pattern          # a unit word ("xã", "thôn", "tổ dân phố")
    not_unit: regex.Pattern      # a phrase holding a unit word that is none ("xã hội", "nông thôn")
    not_name: regex.Pattern      # capitalised phrases that are never a person ("Việt Nam")
    goes_on: regex.Pattern       # lower-case words a title may go on with after its place ("về")

    def head_at(self, text: str, pos: int):
        """(end, title, prefix, head start) of the title head at pos, or None."""
        m = self.head.match(text, pos)
        if not m:
            return None
        title = self.canonical.get(key(m["head"]))
        if title is None:
            return None
        end = m.end()
        # "Trưởng ban chỉ đạo ...": the head stops where an organisation starts.
        for w in _WORD_START.finditer(text, m.start("head") + 1, end):
            o = self.org.match(text, w.start())
            if o and o.end() > end:
                shorter = self.canonical.get(key(text[m.start("head"): w.start()]))
                if shorter:
                    title, end = shorter, w.start()
                    while end > pos and text[end - 1] in " \t":
                        end -= 1
                break
        if self.kinds.get(title) == "generic":
            # "Trưởng", "Phó" alone are titles only before an organisation: "Trưởng BCĐ".
            q = _skip_blanks(text, end)
            if not self.org.match(text, q):
                return None
        prefix = m["prefix"].strip().casefold() if m["prefix"] else ""
        return end, title, prefix, m.start("head")


def _skip_blanks(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\u00a0":
        pos += 1
    return pos


def _variants(title: str, orgs: list[tuple[str, str]]) -> set[str]:
    """A title and its spellings with organisation names abbreviated ("Ủy viên BTV")."""
    out = {title}
    for name, abbr in orgs:
        for t in list(out):
            i = t.casefold().find(name.casefold())
            if i > 0:
                out.add(t[:i] + abbr + t[i + len(name):])
    return out


def _kind(rows, kind: str) -> list[str]:
    return [r["phrase"] for r in rows if r["kind"] == kind]


def _both_tones(words) -> frozenset[str]:
    """Case-folded words in both tone placements, for look-ups with str.casefold alone."""
    return frozenset(v for w in words for v in spellings(w.casefold()))


@cache
def lexicon() -> Lexicon:
    """Title heads, organisations, family names and title ends, as compiled patterns."""
    titles = load_lexicon("titles.tsv")
    orgs = [(r["name"], r["abbreviation"]) for r in load_lexicon("organisations.tsv")]
    orgs.sort(key=lambda o: len(o[0]), reverse=True)
    canonical, kinds = {}, {}
    for row in titles:
        kinds[row["title"]] = row["kind"]
        for spelling in _variants(row["title"], orgs):
            canonical.setdefault(key(spelling), row["title"])
    head = regex.compile(rf"(?<!{_L})(?P<prefix>{R.TITLE_PREFIX})(?P<head>{_trie(canonical, 'i')})", regex.V0)
    abbrs = sorted({a for _, a in orgs}, key=len, reverse=True)
    abbr_alt = "|".join(R.phrase_pattern(a) for a in abbrs)
    abbr = regex.compile(rf"(?<!{_L})(?:{abbr_alt})(?![\p{{L}}\p{{M}}\d])", regex.V0)
    org = regex.compile(rf"(?<!{_L})(?:{_trie([n for n, _ in orgs], 'i')}|(?:{abbr_alt})(?![\p{{L}}\p{{M}}\d]))", regex.V0)
    ends = load_table("title_ends.tsv", ("phrase", "kind", "source"))
    stop = regex.compile(_trie([r["phrase"] for r in ends if r["kind"] in ("verb", "function")]), regex.V0)
    units = "|".join(R.phrase_pattern(r["phrase"]) for r in sorted(
        (r for r in ends if r["kind"] == "unit"), key=lambda r: len(r["phrase"]), reverse=True))
    place_before = regex.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=units), regex.V0)
    landmarks = "|".join(R.phrase_pattern(r["phrase"]) for r in sorted(
        (r for r in ends if r["kind"] == "landmark"), key=lambda r: len(r["phrase"]), reverse=True))
    return Lexicon(
        head=head,
        canonical=canonical,
        kinds=kinds,
        first_syllables=_both_tones(k.split()[0] for k in canonical),
        # \b rather than a look-behind for a letter: the same starts, found faster.
        first=regex.compile(rf"\b{_trie({k.split()[0] for k in canonical} | set(R.TITLE_PREFIX_WORDS), 'i')}",
                            regex.V0),
        org=org,
        abbr=abbr,
        abbr_names={a: n for n, a in orgs},
        families=_both_tones(r["name"] for r in load_lexicon("family_names.tsv")),
        stop=stop,
        place_before=place_before,
        landmark_before=regex.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=landmarks), regex.V0),
        place_after=regex.compile(R.PLACE_AFTER_TEMPLATE.format(units=units), regex.V0),
        unit=regex.compile(rf"(?:{units})(?!{_L})", regex.V0),
        not_unit=regex.compile(_trie(_kind(ends, "not_unit")), regex.V0),
        not_name=regex.compile(_trie(_kind(ends, "not_name"), "i"), regex.V0),
        goes_on=regex.compile(_trie(_kind(ends, "continue")), regex.V0),
    )


@cache
def _places() -> frozenset[str]:
    """Keys of every administrative unit's name, before and after 2025 ("Hà Tĩnh", "Kỳ Châu")."""
    from qcdc_extract.gazetteer import load_units

    names = set()
    for era in ("legacy", "2025"):
        for unit in load_units(era).by_code.values():
            # "Kỳ Anh (Huyện)": the gazetteer's suffix for same-named units; texts never write it.
            names.add(key(regex.sub(r"\s*\([^()]*\)\s*$", "", unit.name)))
    return frozenset(names)


# -- names ------------------------------------------------------------------------------

@dataclass
class _Name:
    start: int
    end: int
    known: bool                  # a known family name, or NER said PER
    honorific: str | None = None
    hon_start: int | None = None


def _names(text: str, lex: Lexicon) -> list[_Name]:
    """Every name-like stretch of capitalised syllables, with any honorific before it."""
    out = []
    for run in R.CAP_RUN.finditer(text):
        syl = [(s.start(), s.end()) for s in R.RUN_SYLLABLE.finditer(text, run.start(), run.end())]
        i, hon = 0, None
        if len(syl) >= 3 and R.HONORIFIC_WORD.fullmatch(text, syl[0][0], syl[0][1]):
            hon, i = (text[syl[0][0]: syl[0][1]].casefold(), syl[0][0]), 1
        elif len(syl) >= 4 and key(text[syl[0][0]: syl[1][1]]) == "đồng chí":
            hon, i = ("đồng chí", syl[0][0]), 2
        seg_start = j = i
        while j < len(syl):
            s, e = syl[j]
            if text[s:e].casefold() in lex.first_syllables:
                head = lex.head_at(text, s)
                if head:
                    _segment(text, syl[seg_start:j], lex, hon, out)
                    hon = None
                    j += 1
                    while j < len(syl) and syl[j][0] < head[0]:
                        j += 1
                    seg_start = j
                    continue
            j += 1
        _segment(text, syl[seg_start:], lex, hon if seg_start == i else None, out)
    return out


def _segment(text: str, syl: list, lex: Lexicon, hon, out: list) -> None:
    """The name in a run of capitalised syllables with no title inside, if any."""
    n = len(syl)
    if n < 2 or lex.landmark_before.search(text, max(0, syl[0][0] - 24), syl[0][0]):
        return  # "đường Nguyễn Văn Linh", "Trường THCS Lê Văn Thiêm": not a person here
    after_unit = bool(lex.place_before.search(text, max(0, syl[0][0] - 24), syl[0][0]))
    after_place = after_unit or bool(R.COMMITTEE_BEFORE.search(text, max(0, syl[0][0] - 6), syl[0][0]))
    places = None
    best, best_score = None, -9.0
    for i in range(n - 1):
        size = n - i
        if size > 5 or text[syl[i][0]: syl[i][1]].casefold() not in lex.families:
            continue
        places = places if places is not None else _places()
        # A place before the name: "xã Cẩm Hưng Nguyễn Văn Lương", "Hà Tĩnh Hoàng Trung Dũng";
        # one syllable is a place only after a unit word ("Hồ" is a town, "Hồ Văn Mười" a man).
        prefix_known = i > 0 and (i > 1 or after_unit) and key(text[syl[0][0]: syl[i - 1][1]]) in places
        if i > 0 and not (prefix_known or after_place):
            continue
        if size == 2 and hon is None and (key(text[syl[i][0]: syl[-1][1]]) in places or (after_unit and i == 0)):
            continue  # "Hà Tĩnh", "thôn Lê Xá": a place
        score = {2: 0.5, 3: 2.0, 4: 1.0, 5: 0.0}[size] + (3.0 if prefix_known else 0.0)
        if i == 0 and after_place and hon is None:
            score -= 1.0
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        out.append(_Name(syl[best][0], syl[-1][1], True, *(hon or (None, None))))
    elif ((3 if after_unit else 2) <= n <= 5 and not (after_place and not after_unit)
          and not lex.org.match(text, syl[0][0])
          and not lex.not_name.match(text, syl[0][0])
          and key(text[syl[0][0]: syl[-1][1]]) not in (places if places is not None else _places())):
        # no known family name: NER may still call it a person ("Y Bhin Niê"); never the
        # start of an organisation ("Ban Chấp hành", "Hội Phụ nữ"), a place or "Việt Nam";
        # after a unit word only from three syllables ("thôn Bắc Châu" is a village,
        # "Trưởng buôn Y Bhin Niê" a man).
        out.append(_Name(syl[0][0], syl[-1][1], False, *(hon or (None, None))))


# -- titles -----------------------------------------------------------------------------

@dataclass
class _Position:
    start: int
    end: int
    role: str
    org_start: int | None        # where the organisation begins in the text
    sep: str = ""                # how it joins the position before it: ", ", " kiêm ", " "
    known: bool = True


@dataclass
class _Chain:
    start: int
    end: int
    positions: list[_Position]
    at_name: int | None          # the start of the name right after it, if it stopped at one


class _Titles:
    """Title chains of one text, parsed on demand and cached by start."""

    def __init__(self, text: str, lex: Lexicon, name_starts: set[int], candidates: list[int] | None = None):
        self.text, self.lex, self.name_starts = text, lex, name_starts
        # Where a title head may start (from the doc's tokens); None: scan the text for them.
        self.candidates = candidates
        self.cache: dict[tuple[int, bool], _Chain | None] = {}
        self.heads: dict[int, tuple | None] = {}
        self._starts: list[int] | None = None

    def with_names(self, name_starts: set[int]) -> "_Titles":
        """A parser for other names that keeps the title heads already found."""
        other = _Titles(self.text, self.lex, name_starts, self.candidates)
        other.heads, other._starts = self.heads, self._starts
        return other

    def head(self, pos: int):
        """lex.head_at, cached by position."""
        got = self.heads.get(pos, False)
        if got is False:
            got = self.heads[pos] = self.lex.head_at(self.text, pos)
        return got

    def head_starts(self, lo: int, hi: int) -> list[int]:
        """Starts of title heads in text[lo:hi]; the whole text is scanned once."""
        if self._starts is None:
            candidates = self.candidates
            if candidates is None:
                candidates = [m.start() for m in self.lex.first.finditer(self.text)]
            self._starts = [p for p in candidates if self.head(p)]
        return self._starts[bisect_left(self._starts, lo): bisect_left(self._starts, hi)]

    def chain(self, pos: int, unknown_head: bool = False) -> _Chain | None:
        got = self.cache.get((pos, unknown_head), False)
        if got is False:
            got = self.cache[(pos, unknown_head)] = self._chain(pos, unknown_head)
        return got

    def _chain(self, pos: int, unknown_head: bool) -> _Chain | None:
        text, lex = self.text, self.lex
        positions: list[_Position] = []
        q, sep, at_name = pos, "", None
        while True:
            head = self.head(q)
            if head is None:
                if (positions or not unknown_head or not text[q: q + 1].isupper() or q in self.name_starts
                        or lex.stop.match(text[q: q + 24].lower())):
                    break  # a capitalised verb is no title: "Đồng chí X - Phát biểu tại ..."
                end, at_name = self._tail(q, q)
                if end == q:
                    break
                positions.append(self._unknown_position(q, end))
            else:
                head_end, title, prefix, head_start = head
                end, at_name = self._tail(head_end, head_end)
                positions.append(self._position(q, head_start, head_end, end, title, prefix, sep))
            if at_name is not None:
                break
            m = R.CHAIN.match(text, positions[-1].end)
            if not m or m.end() in self.name_starts or self.head(m.end()) is None:
                break
            word = m["word"]
            sep = ", " if m["sep"] else (f" {' '.join(word.split())} " if word and word.startswith("kiêm") else
                                         ", " if word else " ")
            q = m.end()
        if not positions:
            return None
        return _Chain(positions[0].start, positions[-1].end, positions, at_name)

    def _tail(self, start: int, pos: int) -> tuple[int, int | None]:
        """End of a position's organisation part from pos, and the name it stopped at."""
        text, lex = self.text, self.lex
        end, words = pos, 0
        # After a place ("Tỉnh ủy", "xã Kỳ Châu", "huyện"), a lower-case word starts the
        # predicate ("... Tỉnh ủy dâng hương"), unless it may go on ("... tỉnh về thực hiện QCDC").
        placed, prev = False, None
        while words < MAX_TAIL:
            q = _skip_blanks(text, end)
            if q >= len(text):
                break
            c = text[q]
            if c == ",":
                # ", dân vận Huyện ủy" (a second department), ", xã Cẩm Lạc" (where it is).
                m = R.COORDINATED.match(text, q) or lex.place_after.match(text, q)
                if not m or any(q < n < m.end() for n in self.name_starts):
                    break
                end, words = m.end(), words + 3
                continue
            if c in "-–—":
                # "Trưởng ban Tuyên giáo - Dân vận Huyện ủy", "UBND tỉnh Bà Rịa - Vũng Tàu": a
                # capitalised word that is no title, name or verb goes on with the organisation.
                r = _skip_blanks(text, q + 1)
                if (r > q + 1 and r < len(text) and text[r].isupper() and r not in self.name_starts
                        and not self.head(r) and not lex.stop.match(text[r: r + 24].lower())):
                    end = q + 1
                    continue
                break
            if R.HARD_END.match(c):
                break
            if q in self.name_starts:
                return end, q
            if R.HONORIFIC_AT.match(text, q):
                break
            o = R.COMMITTEE_WORD.match(text, q) or lex.org.match(text, q)
            if o:
                end, words = o.end(), words + 1
                placed = placed or o.re is R.COMMITTEE_WORD
                continue
            if lex.stop.match(text, q):
                break
            if q > start and self.head(q):
                break  # the next position, with no separator: "Bí thư Đảng ủy Chủ tịch HĐND xã"
            w = R.TAIL_WORD.match(text, q)
            if not w:
                break
            unit = lex.unit.match(text, q)
            if unit and (lex.not_unit.match(text, q) or (prev is not None and lex.not_unit.match(text, prev))):
                unit = None  # "xã hội", "nông thôn"
            if placed and w.group()[0].islower() and not unit and not lex.goes_on.match(text, q):
                break
            placed = placed or bool(unit)
            prev, end, words = q, max(w.end(), unit.end() if unit else 0), words + 1
        return end, None

    def _position(self, start, head_start, head_end, end, title, prefix, sep) -> _Position:
        role, org_start = title, head_end if end > head_end else None
        # "Chủ nhiệm Ủy ban kiểm tra Huyện ủy": the role is "Chủ nhiệm", the rest the organisation;
        # the head's spelling may abbreviate the organisation ("Chủ tịch Ủy ban MTTQ").
        inner = self.lex.org.search(title, 1)
        if inner:
            role = title[: inner.start()].strip()
            words = list(R.TAIL_WORD.finditer(self.text, head_start, head_end))
            n = len(role.split())
            if len(words) > n:
                org_start = words[n].start()
        elif end > head_end:
            # "Trưởng thôn Trung Hà": the village is the organisation, its unit word included.
            last = list(R.TAIL_WORD.finditer(self.text, head_start, head_end))[-1]
            if self.lex.unit.fullmatch(self.text, last.start(), last.end()):
                org_start = last.start()
        if prefix:
            role = f"{prefix} {role}"
        return _Position(start, end, role, org_start, sep)

    def _unknown_position(self, start, end) -> _Position:
        """A title with no head in titles.tsv: the role runs up to the organisation.

        "Chuyên viên Ban Dân vận Huyện ủy" (an organisation), "Cán bộ địa chính xã" (a unit
        word), "Giám thị Trại giam Xuân Hà" (a capitalised word after two words).
        """
        text, lex = self.text, self.lex
        org_start = None
        for i, w in enumerate(R.TAIL_WORD.finditer(text, start, end)):
            if i and (lex.org.match(text, w.start()) or lex.unit.match(text, w.start())
                      or R.COMMITTEE_WORD.match(text, w.start()) or (i >= 2 and w.group()[0].isupper())):
                org_start = w.start()
                break
        role_end = org_start if org_start is not None else end
        return _Position(start, end, " ".join(text[start:role_end].split()), org_start, known=False)


def _expand(lex: Lexicon, org: str) -> str:
    """An organisation with its abbreviations spelt out: "HĐND tỉnh" -> "Hội đồng nhân dân tỉnh"."""
    org = lex.abbr.sub(lambda m: lex.abbr_names.get(" ".join(m.group().split()), m.group()), org)
    return " ".join(org.split())


def _title_of(text: str, chain: _Chain) -> str:
    parts = []
    for p in chain.positions:
        parts.append(p.sep + " ".join(text[p.start: p.end].split()))
    return "".join(parts).strip(" ,")


def _positions_of(text: str, lex: Lexicon, chain: _Chain) -> list[dict]:
    return [
        {"role": p.role,
         "organisation": _expand(lex, text[p.org_start: p.end]) if p.org_start is not None and p.org_start < p.end else None}
        for p in chain.positions
    ]


# Separators between the positions of a title, for reading a title on its own.
_TITLE_SEPARATORS = regex.compile(r"[ \t]*(?:,|;|[ \t][-–—][ \t]|[ \t]kiêm[ \t]|[ \t]đồng[ \t]+thời[ \t]+là[ \t])[ \t]*")


def positions_of_title(title: str) -> list[dict]:
    """A title read on its own, heads unknown to titles.tsv included (for mining).

    "Thượng tá, Trưởng Công an huyện" -> [{"role": "Thượng tá", "organisation": None, "known": False},
    {"role": "Trưởng", "organisation": "Công an huyện", "known": True}]. A lower-case part after
    a comma ("tuyên giáo, dân vận Huyện ủy") continues the part before it and is skipped.
    """
    lex = lexicon()
    out = []
    for part in _TITLE_SEPARATORS.split(title):
        part = " ".join(part.split())
        if not part or not part[0].isupper() and lex.head_at(part, 0) is None:
            continue
        chain = _Titles(part, lex, set()).chain(0, unknown_head=True)
        if chain is None:
            continue
        for p, d in zip(chain.positions, _positions_of(part, lex, chain)):
            out.append(dict(d, known=p.known))
    return out


# -- NER --------------------------------------------------------------------------------

def _ner_persons(sentence: str) -> list[tuple[int, int]]:
    """Character spans of underthesea's PER entities in a sentence."""
    from underthesea import ner

    # underthesea rewrites tone marks ("Uỷ" -> "Ủy"); find its words in the same spelling.
    folded = to_classic(sentence)
    spans, cursor, current = [], 0, None
    for word, _pos, _chunk, tag in ner(sentence):
        w = to_classic(word)
        at = folded.find(w, cursor)
        if at < 0:
            current = None
            continue
        cursor = at + len(w)
        if tag == "B-PER" or (tag == "I-PER" and current is None):
            current = [at, cursor]
            spans.append(current)
        elif tag == "I-PER" and current is not None:
            current[1] = cursor
        else:
            current = None
    return [tuple(s) for s in spans]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - NER_CONTEXT)
    starts = [m.end() for m in R.SENTENCE_END.finditer(text, lo, pos)]
    start = _skip_blanks(text, starts[-1] if starts else lo)
    m = R.SENTENCE_END.search(text, pos, min(len(text), pos + NER_CONTEXT))
    return start, (m.start() if m else min(len(text), pos + NER_CONTEXT))


def _needs_ner(text: str, name: _Name, titles: _Titles, lex: Lexicon) -> bool:
    """An unknown-family run with an honorific or a title next to it."""
    if name.honorific or R.HONORIFIC_BEFORE.search(text, max(0, name.start - 16), name.start):
        return True
    m = R.RIGHT_JOIN.match(text, name.end)
    if m and titles.head(m.end()):
        return True
    return _left_chain(text, name.start, titles, lex, window=LEFT_WINDOW // 2) is not None


def _confirm(text: str, names: list[_Name], titles: _Titles, lex: Lexicon) -> bool:
    """Promote unknown-family runs to names where NER tags them PER (in place); any promoted?"""
    promoted = False
    sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for name in names:
        if name.known or not _needs_ner(text, name, titles, lex):
            continue
        s, e = _sentence(text, name.start)
        if (s, e) not in sentences:
            sentences[(s, e)] = [(a + s, b + s) for a, b in _ner_persons(text[s:e])]
        for a, b in sentences[(s, e)]:
            lo, hi = max(a, name.start), min(b, name.end)
            if hi > lo and len(text[lo:hi].split()) >= 2:
                name.start, name.end, name.known = lo, hi, True
                promoted = True
                break
    return promoted


# -- reading mentions -------------------------------------------------------------------

@dataclass
class _Mention:
    name: _Name
    start: int
    end: int
    honorific: str | None
    left: _Chain | None = None
    right: _Chain | None = None
    bridge: str = ""             # what joined a left title to the name ("", ",", ":")

    @property
    def chains(self) -> list[_Chain]:
        return [c for c in (self.left, self.right) if c]


def _left_chain(text: str, start: int, titles: _Titles, lex: Lexicon, claimed=(), window=LEFT_WINDOW):
    """The longest title chain that ends right before `start` (bridged by ",", ":" or "là")."""
    lo = max(0, start - window)
    for m in titles.head_starts(lo, start):
        chain = titles.chain(m)
        if chain is None or chain.end > start:
            continue
        bridge = R.LEFT_BRIDGE.fullmatch(text, chain.end, start)
        if bridge and (chain.at_name in (None, start)):
            sep = bridge.group().strip()
            if sep and any(a <= chain.start < b for a, b in claimed):
                continue  # the title after an earlier name: "A - Bí thư Huyện ủy, B - ..."
            return chain, sep
    return None


_WORD_START = regex.compile(rf"(?<!{_L})[\p{{L}}\p{{M}}]+", regex.V0)


def _read(text: str, names: list[_Name], titles: _Titles, lex: Lexicon) -> list[_Mention]:
    mentions = []
    for name in names:
        hon, hon_start = name.honorific, name.hon_start
        if hon is None:
            m = R.HONORIFIC_BEFORE.search(text, max(0, name.start - 16), name.start)
            if m:
                hon, hon_start = m["hon"].casefold(), m.start("hon")
        hon = R.HONORIFICS.get(" ".join(hon.split())) if hon else None
        mention = _Mention(name, hon_start if hon_start is not None else name.start, name.end, hon)
        m = R.RIGHT_JOIN.match(text, name.end)
        if m:
            sep = m["sep"] or m["sep2"]
            strong = sep in ("-", "–", "—", "(")
            chain = titles.chain(m.end(), unknown_head=strong and hon is not None)
            if chain and sep != ":":
                if sep == "(":
                    close = regex.match(r"[ \t]*\)", text[chain.end: chain.end + 4])
                    if close:
                        mention.right, mention.end = chain, chain.end + close.end()
                elif chain.at_name is None:
                    mention.right, mention.end = chain, chain.end
        mentions.append(mention)
    claimed = [(m.right.start, m.right.end) for m in mentions if m.right]
    for mention in mentions:
        found = _left_chain(text, mention.start, titles, lex, claimed)
        if found:
            mention.left, mention.bridge = found
            mention.start = found[0].start
    # "các đồng chí Phó Chủ tịch UBND huyện: Nguyễn Văn A, Trần Văn B và Lê Thị C".
    for prev, cur in zip(mentions, mentions[1:]):
        if cur.chains or not prev.left or prev.right or prev.bridge != ":":
            continue
        if regex.fullmatch(r"[ \t]*(?:,|và|;)[ \t]*", text[prev.end: cur.start]):
            cur.left, cur.bridge = prev.left, ":"
    return mentions


def _merge(text: str, mentions: list[_Mention], lex: Lexicon, author: str | None) -> list[Official]:
    """One official per person: every mention's span, the fullest title, the first honorific."""
    authors = {key(a) for a in regex.split(r"\s*(?:[-–,&]|\bvà\b)\s*", author or "") if a.strip()}
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(key(text[m.name.start: m.name.end]), []).append(m)
    out = []
    for name_key, group in groups.items():
        if name_key in authors or not any(m.chains for m in group):
            continue
        group.sort(key=lambda m: m.start)
        best_title, best_positions, best_size = None, [], -1
        for m in group:
            if not m.chains:
                continue
            title = ", ".join(_title_of(text, c) for c in m.chains)
            size = len(title.split())
            if size > best_size:
                positions = [p for c in m.chains for p in _positions_of(text, lex, c)]
                best_title, best_positions, best_size = title, positions, size
        first = group[0]
        out.append(Official(
            start=first.start, end=first.end, surface=text[first.start: first.end],
            name=" ".join(text[first.name.start: first.name.end].split()),
            title=best_title, positions=best_positions,
            honorific=next((m.honorific for m in group if m.honorific), None),
            mentions=[{"start": m.start, "end": m.end} for m in group],
        ))
    out.sort(key=lambda o: o.start)
    return out


def find_officials(text: str, author: str | None = None, ner: bool = True,
                   head_candidates: list[int] | None = None) -> list[Official]:
    """Every official in a text; `author` (the byline) is never one; `ner` allows NER.

    `head_candidates`: where title heads may start, if the caller knows (from a doc's tokens).
    """
    lex = lexicon()
    names = _names(text, lex)
    titles = _Titles(text, lex, {n.start for n in names if n.known}, head_candidates)
    if ner and any(not n.known for n in names):
        # Unknown runs stop titles here, so that "Phó Chủ tịch UBND huyện Mùa A Sình" is seen
        # as a title before a run; NER then says whether the run is a person.
        probe = titles.with_names(titles.name_starts | {n.start for n in names})
        if _confirm(text, names, probe, lex):
            titles = titles.with_names({n.start for n in names if n.known})
    mentions = _read(text, [n for n in names if n.known], titles, lex)
    historical = _not_officials()
    return [o for o in _merge(text, mentions, lex, author) if key(o.name) not in historical]


@cache
def _first_hashes():
    """Hashes of every word a title head may start with (what lexicon().first matches)."""
    return word_hashes(lexicon().first_syllables | set(R.TITLE_PREFIX_WORDS))


@cache
def _not_officials() -> frozenset[str]:
    """Keys of historical leaders named with a title ("Chủ tịch Hồ Chí Minh"): no officials of the event."""
    return frozenset(key(p) for p in _kind(load_table("title_ends.tsv", ("phrase", "kind", "source")), "not_official"))


@cache
def make_extractor(ner: bool = True):
    """The officials extractor; ner=False never calls underthesea.

    The lexicons are compiled here, once, rather than on the first article.
    """
    lexicon(), _places(), _first_hashes()

    def extract(doc: Doc) -> list[Official]:
        starts = token_offsets(doc, _first_hashes())
        return find_officials(text_of(doc), context_of(doc).author, ner=ner, head_candidates=starts)

    return extract


def extract_officials(doc: Doc, ner: bool = True) -> list[Official]:
    """Every named person the doc gives a position; underthesea NER only where rules cannot decide."""
    return make_extractor(ner)(doc)
