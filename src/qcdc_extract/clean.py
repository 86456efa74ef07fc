"""Page cleaning: drop furniture lines, find title, byline author and page time stamp."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import regex

from qcdc_extract.resources import DataFileError, load_table
from qcdc_extract.vi import fold_spaces as fold

LOGGER = logging.getLogger(__name__)

ACTIONS = ("drop", "stop", "byline", "timestamp")
# Furniture lines are short; longer lines are body text and skip the classifier.
MAX_FURNITURE_LEN = 160
# A line of this many words is a paragraph: the article has begun. Menus, section names
# and headlines in a sidebar are shorter.
PARAGRAPH_WORDS = 8
# A page may repeat its title below a few short furniture lines the rules missed.
RESTATED_TITLE_WITHIN = 5

# A byline name alone on a line: 2-5 capitalised syllables, possibly two authors
# joined by "-", "," or "và" ("Quang Huy", "Minh Anh - Thu Hà", "NGỌC DIỆP").
_SYL = r"(?:\p{Lu}[\p{Ll}\p{M}]*|\p{Lu}{2,}[\p{M}]*)"
_NAME = rf"{_SYL}(?:\s+{_SYL}){{1,4}}"
# An affiliation in brackets may follow: "Minh Châu (Trung tâm VH-TT huyện)".
NAME_LINE = regex.compile(
    rf"\(?\s*(?P<author>{_NAME}(?:\s*(?:[-–,&]|và)\s*{_NAME})*)\s*\)?(?:\s*\([^()]{{2,80}}\))?\.?"
)
# The end-of-article mark "./." followed by the author on the same line:
# "... quy chế dân chủ cơ sở./. Lê Yên".
TAIL_BYLINE = regex.compile(rf"\./\.\s*(?P<author>{_NAME}(?:\s*(?:[-–,&]|và)\s*{_NAME})*)\s*\.?\s*$")


@dataclass(frozen=True)
class LineRule:
    pattern: regex.Pattern
    action: str


@dataclass
class Cleaned:
    """The body of a page with its metadata taken out."""

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None


@cache
def line_rules() -> tuple[LineRule, ...]:
    """The line classifier's rules from data/lines.tsv, compiled."""
    rules = []
    for i, row in enumerate(load_table("lines.tsv", ("pattern", "action", "source")), 1):
        if row["action"] not in ACTIONS:
            raise DataFileError(f"lines.tsv rule {i}: unknown action {row['action']!r}")
        try:
            pattern = regex.compile(row["pattern"], regex.IGNORECASE | regex.V0)
        except regex.error as exc:
            raise DataFileError(f"lines.tsv rule {i}: bad pattern: {exc}") from exc
        rules.append(LineRule(pattern, row["action"]))
    return tuple(rules)


def classify(line: str) -> tuple[str, regex.Match | None]:
    """Return (action, match) for a stripped line; 'body' when no rule matches."""
    if not line:
        return "blank", None
    if len(line) <= MAX_FURNITURE_LEN:
        for rule in line_rules():
            m = rule.pattern.fullmatch(line)
            if m:
                return rule.action, m
    return "body", None


def parse_timestamp(m: regex.Match) -> datetime | None:
    """The datetime of a timestamp rule's match; None when it is no real date."""
    g = m.groupdict()
    try:
        hour = int(g.get("H") or 0)
        # A 12-hour clock: English "PM", or "CH" (chiều) as Windows prints it in Vietnamese.
        meridiem = (g.get("ap") or "").casefold()
        if meridiem in ("pm", "ch") and hour < 12:
            hour += 12
        elif meridiem in ("am", "sa") and hour == 12:
            hour = 0
        return datetime(int(g["y"]), int(g["m"]), int(g["d"]), hour, int(g.get("M") or 0))
    except (TypeError, ValueError):
        return None


@cache
def _not_name_start() -> frozenset[str]:
    """Words that open organisation names, never a byline (data/not_author_words.tsv), case-folded
    since organisation bylines are often set in capitals ("BAN DÂN VẬN HUYỆN ỦY")."""
    return frozenset(r["word"].casefold() for r in load_table("not_author_words.tsv", ("word", "source")))


def _starts_like_org(name: str) -> bool:
    return name.split()[0].strip("(").casefold() in _not_name_start()


def is_name(text: str) -> bool:
    m = NAME_LINE.fullmatch(text)
    return bool(m) and not _starts_like_org(text)


def clean_page(
    text: str,
    *,
    title: str | None = None,
    author: str | None = None,
    published_at: datetime | None = None,
) -> Cleaned:
    """Clean one scraped page; metadata already known (from HTML or JSON) wins over detection."""
    lines = [fold(line) for line in text.split("\n")]
    body: list[str] = []
    begun = False
    for line in lines:
        action, m = classify(line)
        if action == "drop":
            continue
        if action == "stop":
            # Only once a paragraph was seen: a sidebar's "Thống kê truy cập" above the
            # article must not cut the article off.
            if begun:
                break
            continue
        if action == "byline":
            author = author or fold(m.group("author"))
            continue
        if action == "timestamp":
            if published_at is None:
                published_at = parse_timestamp(m)
            continue
        body.append(line)
        begun = begun or is_paragraph(line)

    while body and not body[0]:
        body.pop(0)
    if title is None and body:
        title = body.pop(0)
    if title:
        title = fold(title)
        _drop_restated_title(body, title)

    while body and not body[-1]:
        body.pop()
    if author is None and body:
        author = _trailing_author(body)

    return Cleaned(text=_join(title, body), title=title or None, author=author, published_at=published_at)


def is_paragraph(line: str) -> bool:
    return len(line.split()) >= PARAGRAPH_WORDS


def _drop_restated_title(body: list[str], title: str) -> None:
    """Remove the title where the page repeats it near the top, possibly broken over lines.

    Short lines above the repeat are furniture (a section name, a menu) and go with it.
    """
    key = title.casefold()
    for start in [i for i, line in enumerate(body) if line][:RESTATED_TITLE_WITHIN]:
        end = _restated_end(body, start, key)
        if end is not None:
            del body[: end + 1]
            return
        if is_paragraph(body[start]):
            return


def _restated_end(body: list[str], start: int, key: str) -> int | None:
    """The last line of the title restated from body[start], or None."""
    acc = ""
    for end in range(start, min(start + 8, len(body))):
        if not body[end]:
            continue
        acc = fold(f"{acc} {body[end]}").casefold()
        if not key.startswith(acc):
            return None
        if len(acc) >= 0.9 * len(key):
            return end
    return None


def _trailing_author(body: list[str]) -> str | None:
    """A byline at the very end: a name alone on the last line, or after the closing './.'."""
    last = body[-1]
    if is_name(last):
        body.pop()
        return NAME_LINE.fullmatch(last).group("author")
    m = TAIL_BYLINE.search(last)
    if m and not _starts_like_org(m.group("author")):
        body[-1] = last[: m.start()] + "./."
        return m.group("author")
    return None


def _join(title: str | None, body: list[str]) -> str:
    """Title, a blank line, then the body with runs of blank lines folded to one."""
    out: list[str] = [title, ""] if title else []
    for line in body:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
