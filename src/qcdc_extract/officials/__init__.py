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
from functools import cache

from spacy.tokens import Doc

from qcdc_extract.facts import context_of, text_of, token_offsets
from qcdc_extract.officials.ner import _confirm
from qcdc_extract.officials.fact import Official
from qcdc_extract.officials.lexicon import Lexicon, first_hashes, lexicon, not_officials, places
from qcdc_extract.officials.merge import _merge, _read
from qcdc_extract.officials.names import _names
from qcdc_extract.officials.titles import _Titles, positions_of_title
from qcdc_extract.vi import key

__all__ = ["Lexicon", "Official", "extract_officials", "find_officials", "lexicon", "make_extractor",
           "positions_of_title"]

LOGGER = logging.getLogger(__name__)


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
    historical = not_officials()
    return [o for o in _merge(text, mentions, lex, author) if key(o.name) not in historical]


@cache
def make_extractor(ner: bool = True):
    """The officials extractor; ner=False never calls underthesea.

    The lexicons are compiled here, once, rather than on the first article.
    """
    lexicon(), places(), first_hashes()

    def extract(doc: Doc) -> list[Official]:
        starts = token_offsets(doc, first_hashes())
        return find_officials(text_of(doc), context_of(doc).author, ner=ner, head_candidates=starts)

    return extract


def extract_officials(doc: Doc, ner: bool = True) -> list[Official]:
    """Every named person the doc gives a position; underthesea NER only where rules cannot decide."""
    return make_extractor(ner)(doc)
