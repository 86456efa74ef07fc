"""Fast scanning: try a costly pattern only where a cheap first-word pattern says it may start."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from qcdc_extract import rxcache as rx


def first_words(phrases: Iterable[str], *, ignore_case: bool) -> regex.Pattern:
    """A pattern for the first word of any phrase, at a word start ("nghị" of "Nghị quyết")."""
    # Longest first, ties by text: a set's order changes from process to process, and the
    # pattern text is the compiled-pattern cache's key (rxcache).
    words = sorted({p.split()[0] for p in phrases if p.split()}, key=lambda w: (-len(w), w))
    flags = regex.IGNORECASE if ignore_case else 0
    return rx.compile(r"\b(?:" + "|".join(map(regex.escape, words)) + r")", flags | regex.V0)


# How far past its start a rule's match is looked for. The regex engine checks a pattern's
# required literal ("tháng" of a date) from the start position to the end of the text before
# it tries to match: without a bound each try costs the rest of the text, and a page of 5,000
# rows quadratic time. Every rule's match is far shorter than this.
MATCH_WINDOW = 2000


class Bounded:
    """A compiled pattern whose match() looks no further than MATCH_WINDOW characters ahead
    unless given an endpos; everything else is the pattern's own."""

    __slots__ = ("_pattern", "window")

    def __init__(self, pattern: regex.Pattern, window: int = MATCH_WINDOW):
        self._pattern, self.window = pattern, window

    def match(self, string, pos: int = 0, endpos: int | None = None, *args, **kwargs):
        if endpos is None:
            endpos = pos + self.window
        return self._pattern.match(string, pos, endpos, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    def __reduce__(self):
        return Bounded, (self._pattern, self.window)


def bounded(pattern, flags: int = 0, window: int = MATCH_WINDOW):
    """regex.compile(pattern, flags) (from rxcache), its match() bounded (see Bounded) if the
    pattern has a required literal; one without is returned as compiled (no wrapper to pay for)."""
    compiled = rx.compile(pattern, flags)
    return Bounded(compiled, window) if _requires_literal(compiled) else compiled


def _requires_literal(pattern: regex.Pattern) -> bool:
    """Whether the engine looks ahead for a required string before matching (the compiled
    form's req_chars; assumed so if this regex version keeps it elsewhere)."""
    data = getattr(pattern, "_pickled_data", None)
    try:
        return bool(data[8])
    except (TypeError, IndexError):
        return True


class Scan:
    """Like pattern.finditer(text), but `pattern` is tried only where `starts` matches.

    A long alternation of phrases costs the regex engine a try at every character; a short
    alternation of first words scans three times faster. Every match of `pattern` must
    begin where `starts` matches (callers build `starts` with first_words()).
    """

    def __init__(self, pattern: regex.Pattern, *starts: regex.Pattern):
        self.pattern = pattern
        self.starts = starts

    def finditer(self, text: str, positions: Iterable[int] | None = None) -> Iterator[regex.Match]:
        """Matches in text order; `positions`, if given, replaces the first-word scan."""
        if positions is None:
            positions = {m.start() for s in self.starts for m in s.finditer(text)}
        positions = sorted(positions)
        end = 0
        for pos in positions:
            if pos < end:
                continue
            m = self.pattern.match(text, pos)
            if m:
                end = max(m.end(), pos + 1)
                yield m

    def search(self, text: str) -> regex.Match | None:
        """The first match, as pattern.search(text)."""
        return next(self.finditer(text), None)
