"""Calendar dates, periods and the event's date, with years inferred from context."""
from __future__ import annotations

import bisect
import calendar
import logging
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from qcdc_extract.facts import Fact, context_of, facts_of, mention, text_of, token_offsets
from qcdc_extract.scan import Scan
from qcdc_extract.rules import dates as R
from qcdc_extract.vi import number_value

LOGGER = logging.getLogger(__name__)


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
    taken: list[tuple[int, int]] = []
    raws: list[_Raw] = []

    def free(m) -> bool:
        s, e = m.span()
        return not any(a < e and s < b for a, b in taken)

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
        taken.append(m.span())
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
                if intro is not None and not any(a < start and intro.start() < b for a, b in taken):
                    start, pod = intro.start(), intro.group("pod")
            raws.append(_Raw(start, m.end(), _int(g.get("d")), int(g["m"]), _int(g.get("y")), granularity, pod))
            taken.append((start, m.end()))

    period_matches = []
    for name in ("PERIOD_YEARS", "PART_OF_YEAR", "QUARTER"):
        for m in scan(name):
            if free(m):
                period_matches.append(m)
                taken.append(m.span())
    for m in R.YEAR.finditer(text):
        if free(m):
            raws.append(_Raw(*m.span(), None, None, int(m["y"]), "year", None))
            taken.append(m.span())

    years = _context_years(text)
    title_years = [int(y.group()) for y in R.ANY_YEAR.finditer(ctx.title or "")]
    issued = [d.issued_span for d in facts_of(doc, "documents") if getattr(d, "issued_span", None)]

    out: list[Date] = []
    for raw in sorted(raws, key=lambda r: r.start):
        inferred = raw.y is None
        y = raw.y if not inferred else _infer_year(raw, text, years, title_years, ctx.published_at)
        if y is None:
            LOGGER.debug("no year for %r", text[raw.start : raw.end])
            continue
        try:
            value = date(y, raw.m or 1, raw.d or 1)
        except ValueError:
            continue
        role = "issued" if any(a <= raw.start and raw.end <= b + 1 for a, b in issued) else "mention"
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

    periods = [p for m in period_matches if (p := _period(m, text, years, title_years, ctx.published_at))]
    return out, periods


def _int(value) -> int | None:
    return int(value) if value else None


def _context_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of every explicit four-digit year, in text order."""
    return [(m.start(), int(m.group())) for m in R.ANY_YEAR.finditer(text)]


def _infer_year(raw: _Raw, text, years, title_years, published_at) -> int | None:
    """The year of a day or month named without one.

    The page's time stamp decides first (a date after it moves to the year before);
    then the nearest explicit year in the same sentence; then the title; then the
    nearest explicit year anywhere in the text.
    """
    if published_at is not None:
        year = published_at.year
        try:
            if date(year, raw.m, raw.d or 1) > published_at.date():
                year -= 1
        except ValueError:
            return None
        return year
    sent_start = max((m.end() for m in R.SENTENCE_END.finditer(text, 0, raw.start)), default=0)
    end_match = R.SENTENCE_END.search(text, raw.end)
    sent_end = end_match.start() if end_match else len(text)
    same_sentence = [(abs(p - raw.start), y) for p, y in years if sent_start <= p < sent_end]
    if same_sentence:
        return min(same_sentence)[1]
    if title_years:
        return max(title_years)
    if years:
        positions = [p for p, _ in years]
        i = bisect.bisect_left(positions, raw.start)
        near = [years[j] for j in (i - 1, i) if 0 <= j < len(years)]
        return min(near, key=lambda py: abs(py[0] - raw.start))[1]
    return None


def _period(m, text, years, title_years, published_at) -> Period | None:
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
            y = _infer_year(raw, text, years, title_years, published_at)
            if y is None:
                return None
        first = 13 - n if (g.get("half") or "").lower() == "cuối" else 1
        last = first + n - 1
        start, end = date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])
        kind = f"{n} tháng"
    return Period(**mention(text, *m.span()), kind=kind, start_date=start, end_date=end, year_inferred=inferred)


def event_date(doc: Doc, dates: list[Date]) -> date | None:
    """The day the reported event took place: the first dated sentence of the lead.

    The lead is the first two paragraphs after the title; dates that are a cited
    document's issue date, or that follow "đến", "trước" (deadlines, spans), do not count.
    """
    text = text_of(doc)
    title = context_of(doc).title
    body_start = len(title) if title and text.startswith(title) else 0
    lead_end = body_start
    for _ in range(2):
        nxt = text.find("\n\n", lead_end + 1)
        lead_end = nxt if nxt != -1 else len(text)
    for d in dates:
        if d.start < body_start or d.start >= lead_end:
            continue
        if d.granularity != "day" or d.role == "issued":
            continue
        digits = d.start + next(i for i, ch in enumerate(d.surface) if ch.isdigit())
        if R.NOT_EVENT_BEFORE.search(text, max(0, digits - 25), digits):
            continue
        return d.value
    return None
