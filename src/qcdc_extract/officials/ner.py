"""underthesea NER, only on the sentences where the rules cannot decide whether a name is a person."""
from __future__ import annotations

import time
from collections import Counter

from qcdc_extract.officials.lexicon import Lexicon, skip_blanks
from qcdc_extract.officials.merge import LEFT_WINDOW, _left_chain
from qcdc_extract.officials.names import _Name
from qcdc_extract.officials.titles import _Titles
from qcdc_extract.rules import officials as R
from qcdc_extract.vi import to_classic

# Characters of the sentence given to NER on each side of its trigger: enough for the name,
# the title before it and the verb after it; NER's cost grows with the words it is given, and
# on 3,000 real articles 40 tags the same persons as 200 at a quarter of the cost.
NER_CONTEXT = 40
# What NER cost in this process: sentences tagged, seconds, names it made persons, and names
# promoted without it because NER had tagged the same words a person before (bench/run.py).
STATS: Counter = Counter()


def ner_persons(sentence: str) -> list[tuple[int, int]]:
    """Character spans of underthesea's PER entities in a sentence (its models and features,
    the features built once per sentence: officials.crf)."""
    from qcdc_extract.officials.crf import ner

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
    start = skip_blanks(text, starts[-1] if starts else lo)
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
    """Promote unknown-family runs to names where NER tags them PER (in place); any promoted?

    NER runs once per sentence, and not at all for a run of the same words as one it already
    tagged a person in this article ("Tổng thống Donald Trump ... ông Donald Trump").
    """
    promoted = False
    sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}
    persons: set[str] = set()
    for name in names:
        if name.known or not _needs_ner(text, name, titles, lex):
            continue
        run = " ".join(text[name.start:name.end].split())
        if run in persons:
            name.known = promoted = True
            STATS["reused"] += 1
            continue
        s, e = _sentence(text, name.start)
        if (s, e) not in sentences:
            started = time.perf_counter()
            sentences[(s, e)] = [(a + s, b + s) for a, b in ner_persons(text[s:e])]
            STATS["seconds"] += time.perf_counter() - started
            STATS["sentences"] += 1
        for a, b in sentences[(s, e)]:
            lo, hi = max(a, name.start), min(b, name.end)
            if hi > lo and len(text[lo:hi].split()) >= 2:
                name.start, name.end, name.known = lo, hi, True
                persons.add(" ".join(text[lo:hi].split()))
                promoted = True
                STATS["promoted"] += 1
                break
    return promoted


# -- reading mentions -------------------------------------------------------------------
