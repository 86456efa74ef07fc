"""Page cleaning: drop furniture lines, find title, byline author and page time stamp."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import regex

from qcdc_extract.resources import DataFileError, load_table

LOGGER = logging.getLogger(__name__)

ACTIONS = ("drop", "stop", "byline", "timestamp")
# Furniture lines are short; longer lines are body text and skip the classifier.
MAX_FURNITURE_LEN = 160

# A byline name alone on a line: 2-5 capitalised syllables, possibly two authors
# joined by "-", "," or "và" ("Quang Huy", "Minh Anh - Thu Hà", "NGỌC DIỆP").
_SYL = r"(?:\p{Lu}[\p{Ll}\p{M}]*|\p{Lu}{2,}[\p{M}]*)"
_NAME = rf"{_SYL}(?:\s+{_SYL}){{1,4}}"
NAME_LINE = regex.compile(rf"\(?\s*(?P<author>{_NAME}(?:\s*(?:[-–,&]|và)\s*{_NAME})*)\s*\)?\.?")
# The end-of-article mark "./." followed by the author on the same line:
# "... quy chế dân chủ cơ sở./. Lê Yên".
TAIL_BYLINE = regex.compile(rf"\./\.\s*(?P<author>{_NAME}(?:\s*(?:[-–,&]|và)\s*{_NAME})*)\s*\.?\s*$")
# Words that open organisation names or sentences, never a person's byline.
_NOT_NAME_START = frozenset(
    "Ban Đảng Huyện Tỉnh Thành Xã Phường Ủy Uỷ UBND HĐND MTTQ Hội Phòng Sở Trung Văn Cổng Trang Các Đồng Toàn".split()
)


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


def fold(text: str) -> str:
    return " ".join(text.split())


def parse_timestamp(m: regex.Match) -> datetime | None:
    g = m.groupdict()
    try:
        return datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g.get("H") or 0), int(g.get("M") or 0))
    except (TypeError, ValueError):
        return None


def is_name(text: str) -> bool:
    m = NAME_LINE.fullmatch(text)
    return bool(m) and text.split()[0].strip("(") not in _NOT_NAME_START


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
    for line in lines:
        action, m = classify(line)
        if action == "drop":
            continue
        if action == "stop":
            if any(body_line for body_line in body):
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


def _drop_restated_title(body: list[str], title: str) -> None:
    """Remove the title when the page repeats it, possibly broken over several lines."""
    key = title.casefold()
    start = next((i for i, line in enumerate(body) if line), None)
    if start is None:
        return
    acc, end = "", start
    for end in range(start, min(start + 8, len(body))):
        if not body[end]:
            continue
        acc = fold(f"{acc} {body[end]}").casefold()
        if not key.startswith(acc):
            return
        if len(acc) >= 0.9 * len(key):
            del body[start : end + 1]
            return


def _trailing_author(body: list[str]) -> str | None:
    """A byline at the very end: a name alone on the last line, or after the closing './.'."""
    last = body[-1]
    if is_name(last):
        body.pop()
        return NAME_LINE.fullmatch(last).group("author")
    m = TAIL_BYLINE.search(last)
    if m and m.group("author").split()[0] not in _NOT_NAME_START:
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
