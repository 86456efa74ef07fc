"""The officials' lexicon: title heads, organisations, family names and title ends, compiled once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from qcdc_extract import rxcache as rx
from qcdc_extract.datacache import on_disk
from qcdc_extract.facts import word_hashes
from qcdc_extract.gazetteer import load_lexicon
from qcdc_extract.resources import load_table
from qcdc_extract.rules import officials as R
from qcdc_extract.vi import alternation, key, spellings

_L = R.L


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
    unit_cap: regex.Pattern      # a unit word of two or more words in any case ("Thành phố")
    not_unit: regex.Pattern      # a phrase holding a unit word that is none ("xã hội", "nông thôn")
    not_unit_before: regex.Pattern  # such a phrase right before a run ("Môi trường Lê Văn Hiền")
    not_name: regex.Pattern      # capitalised phrases that are never a person ("Việt Nam")
    goes_on: regex.Pattern       # lower-case words a title may go on with after its place ("về")
    not_stop: regex.Pattern      # phrases opening with an end word that go on ("tối cao")
    topic: regex.Pattern         # continue words that open a topic ("về")
    topic_org: regex.Pattern     # committees named with a topic ("Ban Chỉ đạo", "BCĐ")
    sentence_start: frozenset    # capitalised words that open a sentence, never end a name ("Các")
    citizen_before: regex.Pattern  # a household word before a name: a citizen ("gia đình bà X")
    of_org: regex.Pattern        # organ words a title may go on with after "của" ("chuyên viên của sở")

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
        for w in R.WORD_START.finditer(text, m.start("head") + 1, end):
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
            q = skip_blanks(text, end)
            if not self.org.match(text, q):
                return None
        prefix = m["prefix"].strip().casefold() if m["prefix"] else ""
        return end, title, prefix, m.start("head")


def skip_blanks(text: str, pos: int) -> int:
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
    head = rx.compile(rf"(?<!{_L})(?P<prefix>{R.TITLE_PREFIX})(?P<head>{_trie(canonical, 'i')})", regex.V0)
    # Longest first, ties by text: the same pattern text in every process (rxcache's key).
    abbrs = sorted({a for _, a in orgs}, key=lambda a: (-len(a), a))
    abbr_alt = "|".join(R.phrase_pattern(a) for a in abbrs)
    abbr = rx.compile(rf"(?<!{_L})(?:{abbr_alt})(?![\p{{L}}\p{{M}}\d])", regex.V0)
    org = rx.compile(rf"(?<!{_L})(?:{_trie([n for n, _ in orgs], 'i')}|(?:{abbr_alt})(?![\p{{L}}\p{{M}}\d]))", regex.V0)
    ends = load_table("title_ends.tsv", ("phrase", "kind", "source"))
    stop = rx.compile(_trie([r["phrase"] for r in ends if r["kind"] in ("verb", "function")]), regex.V0)
    units = "|".join(R.phrase_pattern(r["phrase"]) for r in sorted(
        (r for r in ends if r["kind"] == "unit"), key=lambda r: len(r["phrase"]), reverse=True))
    place_before = rx.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=units), regex.V0)
    landmarks = "|".join(R.phrase_pattern(r["phrase"]) for r in sorted(
        (r for r in ends if r["kind"] == "landmark"), key=lambda r: len(r["phrase"]), reverse=True))
    return Lexicon(
        head=head,
        canonical=canonical,
        kinds=kinds,
        first_syllables=_both_tones(k.split()[0] for k in canonical),
        # \b rather than a look-behind for a letter: the same starts, found faster.
        first=rx.compile(rf"\b{_trie({k.split()[0] for k in canonical} | set(R.TITLE_PREFIX_WORDS), 'i')}",
                            regex.V0),
        org=org,
        abbr=abbr,
        abbr_names={a: n for n, a in orgs},
        families=_both_tones(r["name"] for r in load_lexicon("family_names.tsv")),
        stop=stop,
        place_before=place_before,
        landmark_before=rx.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=landmarks), regex.V0),
        place_after=rx.compile(R.PLACE_AFTER_TEMPLATE.format(units=units), regex.V0),
        unit=rx.compile(rf"(?:{units})(?!{_L})", regex.V0),
        unit_cap=rx.compile(rf"(?i:{_trie([r['phrase'] for r in ends if r['kind'] == 'unit' and ' ' in r['phrase']])})", regex.V0),
        not_unit=rx.compile(_trie(_kind(ends, "not_unit")), regex.V0),
        not_unit_before=rx.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=_trie(_kind(ends, "not_unit"))), regex.V0),
        not_name=rx.compile(_trie(_kind(ends, "not_name"), "i"), regex.V0),
        goes_on=rx.compile(_trie(_kind(ends, "continue")), regex.V0),
        not_stop=rx.compile(_trie(_kind(ends, "not_stop")), regex.V0),
        topic=rx.compile(_trie(_kind(ends, "topic")), regex.V0),
        topic_org=rx.compile(_trie(_kind(ends, "topic_org"), "i"), regex.V0),
        sentence_start=_both_tones(_kind(ends, "sentence_start")),
        citizen_before=rx.compile(R.PLACE_BEFORE_TEMPLATE.format(L=_L, units=_trie(_kind(ends, "citizen_before"))), regex.V0),
        of_org=rx.compile(_trie(_kind(ends, "of_org"), "i"), regex.V0),
    )


_SUFFIX = rx.compile(r"\s*\([^()]*\)\s*$")


def _gazetteer_files():
    from qcdc_extract.gazetteer import generated_files

    return generated_files()


@on_disk(_gazetteer_files)
def places() -> frozenset[str]:
    """Keys of every administrative unit's name, before and after 2025 ("Hà Tĩnh", "Kỳ Châu")."""
    from qcdc_extract.gazetteer import load_units

    names = set()
    for era in ("legacy", "2025"):
        for unit in load_units(era).by_code.values():
            # "Kỳ Anh (Huyện)": the gazetteer's suffix for same-named units; texts never write it.
            names.add(key(_SUFFIX.sub("", unit.name)))
    return frozenset(names)


@cache
def first_hashes():
    """Hashes of every word a title head may start with (what lexicon().first matches)."""
    return word_hashes(lexicon().first_syllables | set(R.TITLE_PREFIX_WORDS))


@cache
def not_officials() -> frozenset[str]:
    """Keys of historical leaders named with a title ("Chủ tịch Hồ Chí Minh"): no officials of the event."""
    return frozenset(key(p) for p in _kind(load_table("title_ends.tsv", ("phrase", "kind", "source")), "not_official"))


