"""Folding and keys for comparing Vietnamese words, and the one builder of word alternations."""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import regex

from qcdc_extract.vi.tones import spellings, to_classic


def fold_spaces(text: str) -> str:
    """Runs of whitespace as one space, ends trimmed: "Phó Bí\\n thư" -> "Phó Bí thư"."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case and spacing folded: the key of a word matched case-insensitively in NFC text."""
    return " ".join(text.casefold().split())


# Names and titles recur within an article and across a batch; a bounded cache keeps memory
# flat over millions of articles (an unbounded one grows with every new name).
@functools.lru_cache(maxsize=4096)
def key(text: str) -> str:
    """The match key of a name or phrase: NFC, classic tone marks, case and spacing folded.

    "Huyện Uỷ  Kỳ Anh" and "huyện ủy Kỳ Anh" have one key.
    """
    return fold(to_classic(unicodedata.normalize("NFC", text)))


def word_trie(phrases: Iterable[str], *, word=regex.escape, sep: str = r"\s+") -> str:
    """One alternation for many phrases as a trie of words: "(?:hộ(?:SEP(?:gia SEP đình))?|...)".

    Shared first words are factored out and longer words tried first, so "hộ gia đình" wins
    over "hộ"; it compiles and scans several times faster than a flat list of phrases.
    `word` turns one word into its pattern, `sep` is the pattern between words.
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for w in phrase.split():
            node = node.setdefault(w, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        for w in sorted((w for w in node if w), key=lambda w: (-len(w), w)):
            child = node[w]
            part = word(w)
            if any(child):
                rest = build(child)
                part += f"(?:{sep}{rest})?" if "" in child else f"{sep}{rest}"
            alts.append(part)
        return "(?:" + "|".join(alts) + ")"

    return build(root)


def word_pattern(word: str, suffix: str = "") -> str:
    """One word in both tone placements: "uỷ" -> "(?:uỷ|ủy)", then `suffix`."""
    forms = sorted(spellings(word), key=lambda s: (-len(s), s))
    core = regex.escape(forms[0]) if len(forms) == 1 else "(?:" + "|".join(map(regex.escape, forms)) + ")"
    return core + suffix


def alternation(phrases: Iterable[str], *, sep: str = r"[ \t]+", tones: bool = True, word_end: str = "") -> str:
    """The phrases as one word trie (see word_trie): each word in both tone placements
    (unless not `tones`) followed by `word_end`, any run of `sep` between words, so
    "Huyện ủy" matches "Huyện  uỷ" and "hộ gia đình" wins over "hộ"."""
    if not tones:
        return word_trie(phrases, sep=sep, word=lambda w: regex.escape(w) + word_end)
    return word_trie({to_classic(p) for p in phrases}, sep=sep, word=lambda w: word_pattern(w, word_end))
