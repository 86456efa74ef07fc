"""Title chains: positions ("Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh") read from a head on."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import regex

from qcdc_extract import rxcache as rx
from qcdc_extract.spans import any_between

from qcdc_extract.officials.lexicon import Lexicon, lexicon, places, skip_blanks
from qcdc_extract.rules import officials as R
from qcdc_extract.vi import key

# Syllables of a position's organisation part ("tuyên giáo, dân vận Huyện ủy"); a longer
# run is prose the stop words missed.
MAX_TAIL = 16


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
        self.sorted_name_starts = sorted(name_starts)
        # Where a title head may start (from the doc's tokens); None: scan the text for them.
        self.candidates = candidates
        self.cache: dict[tuple[int, bool], _Chain | None] = {}
        self.heads: dict[int, tuple | None] = {}
        self._starts: list[int] | None = None
        self.roles: dict[str, int | None] = {}  # a title -> where its organisation starts in it
        # _tail from a head's end, which every chain through that head reads again (it depends
        # on name_starts: never shared with another parser).
        self.tails: dict[int, tuple[int, int | None]] = {}

    def with_names(self, name_starts: set[int]) -> "_Titles":
        """A parser for other names that keeps the title heads already found."""
        other = _Titles(self.text, self.lex, name_starts, self.candidates)
        other.heads, other._starts, other.roles = self.heads, self._starts, self.roles
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
                if end == q or key(text[q:end]) in places():
                    break  # where the person is from: "ông Nguyễn Thanh Chấn (Bắc Giang)"
                positions.append(self._unknown_position(q, end))
            else:
                head_end, title, prefix, head_start = head
                tail = self.tails.get(head_end)
                if tail is None:
                    tail = self.tails[head_end] = self._tail(head_end, head_end)
                end, at_name = tail
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
            q = skip_blanks(text, end)
            if q >= len(text):
                break
            c = text[q]
            if c == ",":
                # ", dân vận Huyện ủy" (a second department), ", xã Cẩm Lạc" (where it is),
                # "về phòng, chống tham nhũng" (one phrase).
                m = R.COORDINATED.match(text, q) or lex.place_after.match(text, q) or R.PREVENT_COMBAT.match(text, q)
                if not m or any_between(self.sorted_name_starts, q, m.end()):
                    break
                end, words = m.end(), words + 3
                continue
            if c in "-–—":
                # "Trưởng ban Tuyên giáo - Dân vận Huyện ủy", "UBND tỉnh Bà Rịa - Vũng Tàu": a
                # capitalised word that is no title, name or verb goes on with the organisation.
                r = skip_blanks(text, q + 1)
                # A title word that is no head here is an event role: "Vi Quang Trung - Phó Chủ
                # tịch UBND huyện – Trưởng đoàn kiểm tra" ends at "huyện".
                # "UBND tỉnh Bà Rịa-Vũng Tàu": the hyphen may stand without spaces.
                nxt = R.TAIL_WORD.match(text, r) if r < len(text) else None
                if (nxt and text[r].isupper() and r not in self.name_starts
                        and (r > q + 1 or end == q)
                        and nxt.group().casefold() not in lex.first_syllables
                        and not self.head(r) and not lex.stop.match(text[r: r + 24].lower())):
                    end = q + 1
                    continue
                break
            if c == "(":
                b = R.BRACKETED.match(text, q)
                if b and self._bracketed_org(b):
                    end, words = b.end(), words + 1
                    continue
                break
            if R.HARD_END.match(c):
                break
            if q in self.name_starts:
                return end, q
            if R.HONORIFIC_AT.match(text, q):
                break
            committee = R.COMMITTEE_WORD.match(text, q)
            o = committee or lex.org.match(text, q)
            if not o and c.isupper() and q not in self.name_starts and not self.head(q):
                # A capitalised name of the state or its bodies whose second word is in lower
                # case: "Đảng ủy Công an Trung ương" (one word ones are read as words below).
                o = lex.not_name.match(text, q)
                if o and not any(ch in " \t" for ch in o.group()):
                    o = None
            if o:
                end, words = o.end(), words + 1
                placed = placed or o is committee
                continue
            if lex.stop.match(text, q) and not lex.not_stop.match(text, q):
                of = R.OF.match(text, q)
                if of and self._org_after_of(of.end()):
                    end, words = of.end(), words + 1
                    continue
                break
            if q > start and self.head(q):
                break  # the next position, with no separator: "Bí thư Đảng ủy Chủ tịch HĐND xã"
            if R.DEGREE_AT.match(text, q):
                break  # a degree before the name: "Giám đốc Bệnh viện tỉnh BS Lê Văn An"
            d = R.DOTTED_ABBR.match(text, q)
            if d:
                end, words = d.end(), words + 1
                continue
            w = R.TAIL_WORD.match(text, q)
            if not w or (w.group()[0].isupper() and w.group().casefold() in lex.sentence_start):
                break  # the next sentence, its full stop lost: "... MTTQ Việt Nam Tuy nhiên, ..."
            # A unit word of two words may be capitalised: "Bí thư Thành ủy Thành phố Hồ Chí Minh".
            unit = lex.unit.match(text, q) or lex.unit_cap.match(text, q)
            if unit and (lex.not_unit.match(text, q) or (prev is not None and lex.not_unit.match(text, prev))):
                unit = None  # "xã hội", "nông thôn"
            if placed and w.group()[0].islower() and not unit:
                g = self._goes_on(start, q)
                if g is None:
                    break
                # "khóa XVIII", "nhiệm kỳ 2020-2025", "ở xã Kỳ Tân", "về thực hiện QCDC": the
                # phrase goes on only with what it introduces ("... xã nhiệm kỳ mới" ends at "xã").
                topic = bool(lex.topic.match(text, q))
                nq = skip_blanks(text, g.end())
                nw = R.TAIL_WORD.match(text, nq) if nq < len(text) else None
                if not nw or nq in self.name_starts or lex.stop.match(text, nq) or not (
                        topic or nw.group()[0].isupper() or nw.group()[0].isdigit() or lex.unit.match(text, nq)):
                    break
                # After a topic the committee's subject goes on in lower case: "về phòng, chống tham nhũng".
                placed = not topic
                prev, end, words = q, g.end(), words + 1
                continue
            placed = placed or bool(unit)
            prev, end, words = q, max(w.end(), unit.end() if unit else 0), words + 1
        return end, None

    def _goes_on(self, start: int, q: int):
        """A lower-case word a title may go on with after its place: "khóa XVIII" always; a
        topic ("về thực hiện QCDC") only after a committee that has one ("Trưởng BCĐ tỉnh về
        thực hiện QCDC", not "ông X - Chủ tịch UBND tỉnh về kế hoạch ...")."""
        m = self.lex.goes_on.match(self.text, q)
        if not m or not self.lex.topic.match(self.text, q):
            return m
        return m if self.lex.topic_org.search(self.text, max(0, start - 24), q) else None

    def _bracketed_org(self, b) -> bool:
        """An abbreviation "(NN&PTNT)" or a body "(Bộ Công Thương)" in brackets after a title."""
        text, lex = self.text, self.lex
        s, e = b.start("body"), b.end("body")
        if R.ABBREVIATION.fullmatch(text, s, e) or lex.abbr.fullmatch(text, s, e):
            return True
        return bool((lex.org.match(text, s) or lex.not_name.match(text, s) or R.COMMITTEE_WORD.match(text, s))
                    and s not in self.name_starts)

    def _org_after_of(self, q: int) -> bool:
        """After "của": an organisation ("của UBND tỉnh", "của Quốc hội") or an organ word ("của sở")."""
        text, lex = self.text, self.lex
        if q in self.name_starts or self.head(q):
            return False
        return bool(lex.org.match(text, q) or R.COMMITTEE_WORD.match(text, q) or lex.not_name.match(text, q)
                    or lex.of_org.match(text, q))

    def _position(self, start, head_start, head_end, end, title, prefix, sep) -> _Position:
        role, org_start = title, head_end if end > head_end else None
        # "Chủ nhiệm Ủy ban kiểm tra Huyện ủy": the role is "Chủ nhiệm", the rest the organisation;
        # the head's spelling may abbreviate the organisation ("Chủ tịch Ủy ban MTTQ").
        inner = self.roles.get(title, False)
        if inner is False:
            found = self.lex.org.search(title, 1)
            inner = self.roles[title] = found.start() if found else None
        if inner is not None:
            role = title[:inner].strip()
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
_TITLE_SEPARATORS = rx.compile(r"[ \t]*(?:,|;|[ \t][-–—][ \t]|[ \t]kiêm[ \t]|[ \t]đồng[ \t]+thời[ \t]+là[ \t])[ \t]*")


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
