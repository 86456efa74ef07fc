"""Tone-mark placement on open syllables: classic (hòa, khỏe, thủy) and modern (hoà, khoẻ, thuỷ).

The one table of the package: decoding normalises with it, and every look-up key and word
pattern uses it, so "Huyện uỷ" and "Huyện ủy" are one word everywhere.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

import regex

from qcdc_extract import rxcache as rx

_TONE_COMBINING = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
# Open-syllable clusters whose tone placement differs between the classic (hòa, khỏe,
# thủy) and the modern (hoà, khoẻ, thuỷ) convention.
_CLUSTERS = (("o", "a"), ("o", "e"), ("u", "y"))


def _tone_tables() -> tuple[dict[str, str], dict[str, str]]:
    to_classic: dict[str, str] = {}
    to_modern: dict[str, str] = {}
    for first, second in _CLUSTERS:
        for tone in _TONE_COMBINING:
            for case1 in (str.lower, str.upper):
                for case2 in (str.lower, str.upper):
                    a, b = case1(first), case2(second)
                    classic = unicodedata.normalize("NFC", a + tone) + b
                    modern = a + unicodedata.normalize("NFC", b + tone)
                    to_classic[modern] = classic
                    to_modern[classic] = modern
    return to_classic, to_modern


def _cluster_pattern(keys) -> regex.Pattern:
    """Match exactly ``keys`` (two-letter clusters) where they end a syllable.

    Not after q ("quý", "quỳ": the u belongs to the onset) nor after the gi onset (no
    such syllable exists; left alone all the same), and not followed by another
    letter ("hoàng", "khuyến", "khuya" keep their mark). Keys sharing the same set of
    second letters are merged into ``[firsts][seconds]`` classes, which the engine scans
    about twice as fast as a 40-way alternation.
    """
    seconds: dict[str, set[str]] = {}
    for key in keys:
        seconds.setdefault(key[0], set()).add(key[1])
    groups: dict[frozenset[str], list[str]] = {}
    for first, second_set in seconds.items():
        groups.setdefault(frozenset(second_set), []).append(first)
    alternatives = "|".join(
        "[" + "".join(sorted(firsts)) + "][" + "".join(sorted(second_set)) + "]"
        for second_set, firsts in sorted(groups.items(), key=lambda item: sorted(item[1]))
    )
    return rx.compile(r"(?<![qQ]|[gG][iI])(?:" + alternatives + r")(?![\p{L}\p{M}])")


_TO_CLASSIC, _TO_MODERN = _tone_tables()
_CLASSIC_PATTERN = _cluster_pattern(_TO_CLASSIC)  # finds modern placements
_MODERN_PATTERN = _cluster_pattern(_TO_MODERN)  # finds classic placements
_EITHER_PATTERN = _cluster_pattern({**_TO_CLASSIC, **_TO_MODERN})  # finds both placements


def to_classic(text: str) -> str:
    """"hoà" -> "hòa", "Huyện uỷ" -> "Huyện ủy" (NFC text; same length)."""
    return _CLASSIC_PATTERN.sub(lambda m: _TO_CLASSIC[m.group()], text)


def to_modern(text: str) -> str:
    """"hòa" -> "hoà", "Huyện ủy" -> "Huyện uỷ" (NFC text; same length)."""
    return _MODERN_PATTERN.sub(lambda m: _TO_MODERN[m.group()], text)


def _syllable_key(text: str, end: int) -> str:
    """The word ending at `end`, case-folded in classic placement: the key of its spelling."""
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return to_classic(text[start:end]).casefold()


def placer(convention: str, text: str = "") -> Callable[[str], str]:
    """The function that writes a name in an output's convention: "classic" (to_classic),
    "modern" (to_modern) or "keep": as `text` first writes it, so that one person or place
    has one spelling in an article ("Kiến Thụy" ... "Kiến Thuỵ": both "Kiến Thụy").

    With keep, a name the text never writes whole ("Ủy ban nhân dân" for "UBND", a province
    found from its commune) takes, word by word, the placement the text first gives that word,
    and for a word the text never writes, the placement most of its words have (classic on a
    tie). Same length, NFC in and out.
    """
    if convention == "classic":
        return to_classic
    if convention == "modern":
        return to_modern
    if convention != "keep":
        raise ValueError(f"tone-mark convention must be classic, modern or keep, not {convention!r}")
    first: dict[str, str] = {}
    seen = {"classic": 0, "modern": 0}
    for m in _EITHER_PATTERN.finditer(text):
        placement = "classic" if m.group() in _TO_MODERN else "modern"
        seen[placement] += 1
        first.setdefault(_syllable_key(text, m.end()), placement)
    default = "modern" if seen["modern"] > seen["classic"] else "classic"
    folded = to_classic(text)  # same length: an offset in it is one in text
    done: dict[str, str] = {}

    def word_by_word(m) -> str:
        cluster = m.group()
        table = _TO_CLASSIC if first.get(_syllable_key(m.string, m.end()), default) == "classic" else _TO_MODERN
        return table.get(cluster, cluster)

    def as_first_written(value: str) -> str | None:
        target = to_classic(value)
        i = folded.find(target)
        while i >= 0:
            j = i + len(target)
            if not (i and folded[i - 1].isalpha()) and not (j < len(folded) and folded[j].isalpha()):
                return text[i:j]
            i = folded.find(target, i + 1)
        return None

    def place(value: str) -> str:
        out = done.get(value)
        if out is None:
            if _EITHER_PATTERN.search(value) is None:
                out = value
            else:
                out = as_first_written(value) or _EITHER_PATTERN.sub(word_by_word, value)
            done[value] = out
        return out

    return place


def place_tones(text: str, convention: str) -> str:
    """Tone marks placed by `convention`: "classic", "modern" or "keep" (unchanged)."""
    if convention == "classic":
        return to_classic(text)
    if convention == "modern":
        return to_modern(text)
    return text


def spellings(text: str) -> frozenset[str]:
    """The text as given and in both tone placements: {"Huyện ủy", "Huyện uỷ"}."""
    return frozenset((text, to_classic(text), to_modern(text)))
