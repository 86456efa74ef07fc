"""Calendar dates, periods and the event's date, with years inferred from context."""
from __future__ import annotations

import calendar
import functools
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.tokens import Doc

from qcdc_extract.facts import Fact, context_of, facts_of, mention, text_of, token_offsets
from qcdc_extract.scan import Scan
from qcdc_extract.spans import Coverage
from qcdc_extract.rules import dates as R
from qcdc_extract.vi import key, number_value

LOGGER = logging.getLogger(__name__)


# How far after the page's stamp (about seven months) a date without a year may lie and keep
# the stamp's year.
STAMP_AHEAD_DAYS = 214
# How long before the page's stamp a reported event may lie; an older date in the lead is a
# date the article recalls, not its news.
EVENT_BEFORE_STAMP_DAYS = 60
# The lead: its first paragraphs after the title; a speech may open with greetings before
# its "Hôm nay, ..." (TODAY_PARAGRAPHS).
LEAD_PARAGRAPHS = 2
# ... and at most this many characters of them: a page whose body is one long line has no lead
# to speak of beyond its first sentences.
LEAD_CHARS = 1000
LEAD_WORDS = 12
TODAY_PARAGRAPHS = 4


@dataclass(kw_only=True)
class Date(Fact):
    """A calendar date at day, month or year precision."""

    value: date
    granularity: str
    year_inferred: bool = False
    part_of_day: str | None = None
    # "issued" when the date is the issue date of a cited document, else "mention".
    role: str = "mention"


@dataclass(kw_only=True)
class Period(Fact):
    """A span of time named as such: "giai đoạn 2017-2022", "6 tháng đầu năm 2023"."""

    kind: str
    start_date: date
    end_date: date
    year_inferred: bool = False


@dataclass
class _Raw:
    start: int
    end: int
    d: int | None
    m: int | None
    y: int | None
    granularity: str
    pod: str | None


def _intro(text: str, start: int):
    """The words introducing a day that ends at `start` ("Chiều ngày "), or None."""
    return R.DAY_INTRO_BEFORE.search(text, max(0, start - R.INTRO_WINDOW), start)


def extract_dates_and_periods(doc: Doc) -> tuple[list[Date], list[Period]]:
    """Dates and periods in one pass (they share the masking of each other's spans)."""
    text = text_of(doc)
    ctx = context_of(doc)
    taken = Coverage()
    raws: list[_Raw] = []

    def free(m) -> bool:
        return not taken.overlaps(*m.span())

    def scan(name: str):
        """finditer of the rule `name`, tried only where its first word is a token."""
        pattern = getattr(R, name)
        if name not in R.STARTS:
            return pattern.finditer(text)
        hashes, digits = R.STARTS[name]
        return Scan(pattern).finditer(text, token_offsets(doc, hashes, digits=digits))

    for m in scan("DAY_RANGE"):
        g = m.groupdict()
        y = _int(g["y"])
        # Two rows over one surface: both days of "ngày 5 và 6/4/2022".
        raws.append(_Raw(*m.span(), int(g["d1"]), int(g["m"]), y, "day", g.get("pod")))
        raws.append(_Raw(*m.span(), int(g["d"]), int(g["m"]), y, "day", g.get("pod")))
        taken.add(*m.span())
    for name, granularity in (
        ("DAY_MONTH_YEAR", "day"),
        ("DAY_MONTH_WORDS", "day"),
        ("MONTH_YEAR", "month"),
        ("DAY_MONTH", "day"),
        ("MONTH", "month"),
    ):
        pattern = getattr(R, name)
        for m in scan(name):
            if not free(m):
                continue
            g = m.groupdict()
            start, pod = m.start(), g.get("pod")
            if pattern is R.DAY_MONTH_YEAR or pattern is R.DAY_MONTH:
                intro = _intro(text, start)
                if intro is None and pattern is R.DAY_MONTH:
                    continue
                if intro is not None and not taken.overlaps(intro.start(), start):
                    start, pod = intro.start(), intro.group("pod")
            raws.append(_Raw(start, m.end(), _int(g.get("d")), int(g["m"]), _int(g.get("y")), granularity, pod))
            taken.add(start, m.end())

    period_matches = []
    for name in ("PERIOD_YEARS", "PART_OF_YEAR", "QUARTER"):
        for m in scan(name):
            if free(m):
                period_matches.append(m)
                taken.add(*m.span())
    for m in R.YEAR.finditer(text):
        if free(m):
            raws.append(_Raw(*m.span(), None, None, int(m["y"]), "year", None))
            taken.add(*m.span())

    # Read only when a date without a year needs them: a page with a time stamp never does.
    years = functools.cache(lambda: _context_years(text))
    title_years = functools.cache(
        lambda: _anniversary_years(text) or [int(y.group()) for y in R.ANY_YEAR.finditer(ctx.title or "")])
    # A date within a cited document's issue date (one character of slack: "ngày 12/5/2017,").
    issued = Coverage((a, b + 1) for d in facts_of(doc, "documents") if (span := getattr(d, "issued_span", None))
                      for a, b in [span])

    out: list[Date] = []
    for raw in sorted(raws, key=lambda r: r.start):
        inferred = raw.y is None
        y = raw.y if not inferred else _infer_year(raw, text, years, title_years, ctx.published_at, ctx.source_year)
        if y is None:
            LOGGER.debug("no year for %r", text[raw.start : raw.end])
            continue
        try:
            value = date(y, 1 if raw.m is None else raw.m, 1 if raw.d is None else raw.d)
        except ValueError:
            continue
        role = "issued" if issued.covers(raw.start, raw.end) else "mention"
        out.append(
            Date(
                **mention(text, raw.start, raw.end),
                value=value,
                granularity=raw.granularity,
                year_inferred=inferred,
                part_of_day=raw.pod.lower() if raw.pod else None,
                role=role,
            )
        )

    periods = [p for m in period_matches if (p := _period(m, text, years, title_years, ctx.published_at, ctx.source_year))]
    return out, periods


def _int(value) -> int | None:
    return int(value) if value else None


def _anniversary_years(text: str) -> list[int]:
    """This year as the anniversaries the article keeps give it: "kỷ niệm 126 năm Ngày sinh
    Chủ tịch Hồ Chí Minh" is 2016 (see data/anniversaries.tsv)."""
    pattern, years = R.anniversaries()
    out = []
    for m in pattern.finditer(text):
        year = years.get(key(m["name"]))
        if year is not None and 1 <= int(m["n"]) <= 200:
            out.append(year + int(m["n"]))
    return out


def _context_years(text: str) -> list[tuple[int, int, bool]]:
    """(position, year, ends a full date) of every year the article may be dated by.

    Standalone years ("năm 2024") and the years of full dates ("ngày 12/5/2017": the latest
    issue date cited); never a target ("đến năm 2030"), a birth year ("sinh năm 1968"), a
    term or period ("nhiệm kỳ 2021 - 2026", "giai đoạn 2017-2022"), nor the first year of an
    anniversary ("(3/2/1930 - 3/2/2018)": the second is this year's).
    """
    out = []
    for m in R.CONTEXT_YEAR.finditer(text):
        start = m.start()
        if R.NOT_CONTEXT_YEAR_BEFORE.search(text, max(0, start - R.CONTEXT_WINDOW), start):
            continue
        if R.RANGE_YEAR_AFTER.match(text, m.end()):
            continue  # the first year of a range: a term, a period or an anniversary
        if R.TERM_YEAR_BEFORE.search(text, max(0, start - R.CONTEXT_WINDOW), start):
            continue  # the second year of a term or period
        full = bool(R.DATE_YEAR_BEFORE.search(text, max(0, start - 20), start))
        out.append((start, int(m.group()), full))
    return out


def _infer_year(raw: _Raw, text, years, title_years, published_at, source_year=None) -> int | None:
    """The year of a day or month named without one, from the first of these that is known:

    - the dated end of its span ("từ ngày 10/4 đến ngày 12/4/2025");
    - the page's time stamp (a date long after it moves to the year before);
    - the year the input is known to be from (ArticleContext.source_year);
    - the year of an anniversary the article keeps ("kỷ niệm 126 năm Ngày sinh Chủ tịch Hồ
      Chí Minh": 2016), else the title's year;
    - the latest year the article gives for itself (see _context_years): a report names the
      years before its own, rarely one after it.

    "29/02" takes the nearest leap year at or before that year.
    """
    if raw.m is not None and (end := R.RANGE_END_YEAR.match(text, raw.end, raw.end + R.RANGE_END_WINDOW)):
        year = int(end["y"]) - (raw.m > int(end["m"]))
    elif published_at is not None:
        year = published_at.year
        # Most of a year after the stamp is last year's ("ngày 28/12" on 5 January); less is
        # a plan of this year ("từ tháng 7", "tháng 10" on 31 March).
        if _after((year, raw.m, 1 if raw.d is None else raw.d), _shift(published_at.date(), STAMP_AHEAD_DAYS)):
            year -= 1
    elif source_year is not None:
        year = source_year
    elif title_years():
        year = max(title_years())
    elif years():
        year = max(y for _, y, _ in years())
    else:
        return None
    if raw.m == 2 and raw.d == 29:
        while not calendar.isleap(year):
            year -= 1
    return year


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, kept within the calendar (a stamp of year 1 or 9999 is odd, not fatal)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _after(ymd: tuple[int, int, int], day: date) -> bool:
    """Whether the day (year, month, day) falls after `day`; 29 February counts as 28."""
    y, m, d = ymd
    if not (1 <= m <= 12 and 1 <= y <= 9999 and d >= 1):
        return False  # no such day ("5/0"): the caller's date() refuses it
    return date(y, m, min(d, calendar.monthrange(y, m)[1])) > day


def _period(m, text, years, title_years, published_at, source_year=None) -> Period | None:
    g = m.groupdict()
    inferred = False
    if "y1" in g and g.get("y1"):
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 < y1:
            return None
        kind = " ".join(g["kind"].lower().split())
        kind = "range" if kind in ("từ", "từ năm", "năm") else kind
        start, end = date(y1, 1, 1), date(y2, 12, 31)
    elif "q" in g and g.get("q"):
        q = R.ROMAN_QUARTER.get(g["q"].upper()) or int(g["q"])
        y = int(g["y"])
        start = date(y, 3 * q - 2, 1)
        end = date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        kind = "quý"
    else:
        n = number_value(g["n"]) or int(g["n"])
        if not 1 <= n <= 12:
            return None
        y = _int(g.get("y"))
        if y is None:
            inferred = True
            raw = _Raw(m.start(), m.end(), None, 1, None, "month", None)
            y = _infer_year(raw, text, years, title_years, published_at, source_year)
            if y is None:
                return None
        first = 13 - n if (g.get("half") or "").lower() == "cuối" else 1
        last = first + n - 1
        start, end = date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])
        kind = f"{n} tháng"
    return Period(**mention(text, *m.span()), kind=kind, start_date=start, end_date=end, year_inferred=inferred)


def event_date(doc: Doc, dates: list[Date]) -> date | None:
    """The day the reported event took place: the first dated sentence of the lead.

    The lead is the first two paragraphs after the title. Not the event's: a cited document's
    issue date, a date after "đến", "trước" (deadlines, spans), an anniversary's dates, a
    legal basis, a document's own date line, a date after the page's stamp (a plan) or long
    before it (a recollection). A lead that says "hôm nay" with no date is the stamp's day.
    """
    text = text_of(doc)
    ctx = context_of(doc)
    title = ctx.title
    body_start = len(title) if title and text.startswith(title) else 0
    # A page with no prose (a table) is not read to its end for a lead it cannot have.
    lead_end = _paragraph_end(text, body_start, LEAD_PARAGRAPHS, limit=body_start + LEAD_CHARS)
    stamp = ctx.published_at.date() if isinstance(ctx.published_at, datetime) else ctx.published_at
    anniversaries = [m.span() for m in R.ANNIVERSARY.finditer(text, body_start, lead_end)]
    for d in dates:
        if d.start < body_start or d.start >= lead_end:
            continue
        if d.granularity != "day" or d.role == "issued" or _not_the_event(text, d, anniversaries):
            continue
        if stamp is not None and not (_shift(stamp, -EVENT_BEFORE_STAMP_DAYS) <= d.value <= _shift(stamp, 1)):
            continue
        return d.value
    if stamp is not None and R.TODAY.search(text, body_start, _paragraph_end(text, body_start, TODAY_PARAGRAPHS)):
        return stamp
    return None


def _paragraph_end(text: str, start: int, n: int, limit: int | None = None) -> int:
    """Where the n-th paragraph after `start` ends, or `limit` if that comes first.

    A paragraph is a line of prose (see _prose), whether the
    page parts its paragraphs by blank lines or by single line breaks; headings, a legal
    text's heading block and date line, and short captions between them are not counted.
    """
    end, found = start, 0
    limit = len(text) if limit is None else min(limit, len(text))
    while found < n and end < limit:
        nxt = text.find("\n", end + 1)
        nxt = nxt if nxt != -1 else len(text)
        if _prose(text[end:nxt]):
            found += 1
        end = nxt
    return min(end, limit)


def _prose(line: str) -> bool:
    """A line of prose: mostly words in lower case, a sentence or LEAD_WORDS words long."""
    words = line.split()
    if not words or sum(map(str.islower, [w[0] for w in words])) * 2 <= len(words):
        return False
    return len(words) >= LEAD_WORDS or line.rstrip()[-1] in ".!?:;"


def _not_the_event(text: str, d: Date, anniversaries) -> bool:
    digits = d.start + next(i for i, ch in enumerate(d.surface) if ch.isdigit())
    if R.NOT_EVENT_BEFORE.search(text, max(0, digits - 25), digits):
        return True
    if any(a <= d.start and d.end <= b for a, b in anniversaries):
        return True
    before = text[text.rfind("\n", 0, d.start) + 1: d.start]
    if R.DATE_LINE_BEFORE.search(before):
        return True
    # A legal basis is a clause of its own ("Căn cứ Luật ... ngày 19 tháng 6 năm 2015;"), which
    # a stored page may have broken over lines.
    clause = max(text.rfind(";", 0, d.start), text.rfind(".", 0, d.start), text.rfind("\n\n", 0, d.start))
    return bool(R.LEGAL_BASIS_BEFORE.search(text[clause + 1: d.start]))
