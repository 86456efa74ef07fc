"""Counts and measures: numbers that count people, bodies, documents, money, area."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from qcdc_extract.spans import Coverage
from qcdc_extract.facts import Fact, facts_of, mention, text_of, token_offsets
from qcdc_extract.kinds import BY_NAME
from qcdc_extract.rules import counts as R

LOGGER = logging.getLogger(__name__)

# How far back to look for a label or cue before a number ("tờ bản đồ số", "Chương trình hành động").
BEFORE_WINDOW = 40
# Longer runs of plain digits are phone numbers, codes or visitor counters, not counts.
MAX_PLAIN_DIGITS = 6


@dataclass(kw_only=True)
class Count(Fact):
    """A number that counts or measures something: "7/7 chi bộ", "64 triệu đồng", "1,9%"."""

    value: float
    total: float | None = None
    # The counted noun or measure unit: "chi bộ", "cuộc giám sát", "đồng", "ha", "%".
    unit: str = ""
    # count, ratio, percent, money, area, length, weight or volume.
    kind: str = "count"
    # True for a range ("01 đến 02 cuộc giám sát": one row, value 1 and value_max 2).
    is_range: bool = False
    value_max: float | None = None
    # "plan" for a planned figure beside the actual one ("đạt 39,2%/KH 41,58%"), else None.
    role: str | None = None


def parse_figure(text: str) -> float:
    """Vietnamese figures: "1.772" is 1772, "1,9" is 1.9, "06" is 6; "98.5" (English style) is 98.5."""
    if "," in text or text.count(".") != 1 or len(text.split(".")[1]) == 3:
        return float(text.replace(".", "").replace(",", "."))
    return float(text)


def parse_quantity(text: str) -> tuple[float, bool]:
    """A quantity in figures with scale words: "64 triệu" is 64e6, "2 tỷ 500 triệu" is 2.5e9.

    Returns the value and whether it had a scale word.
    """
    total, group, scaled = 0.0, None, False
    for part in R.QUANTITY_PART.finditer(text):
        if part["fig"]:
            if group is not None:
                total += group
            group = parse_figure(part["fig"])
        else:
            group = (1.0 if group is None else group) * R.NUMBER_WORD_VALUE[R.fold(part["scale"])][0]
            scaled = True
    return total + (group or 0.0), scaled


def parse_words(text: str) -> float:
    """A number in words: "hai mươi lăm" is 25, "một trăm linh năm" is 105, "hai nghìn" is 2000."""
    total = current = last = 0
    for word in R.WORD.findall(text.casefold()):
        value, role = R.NUMBER_WORD_VALUE[word]
        if role in ("digit", "after_ten"):
            last = value
        elif role == "ten":
            current += 10
        elif role == "tens":
            current += last * 10
            last = 0
        elif role == "hundred":
            current += last * 100
            last = 0
        elif role in ("thousand", "million", "billion"):
            total += ((current + last) or 1) * value
            current = last = 0
    return float(total + current + last)


def extract_counts(doc: Doc) -> list[Count]:
    """Every count in the doc, skipping numbers inside the facts of the kinds counts requires
    (dates, periods and document citations: see kinds.KINDS)."""
    text = text_of(doc)
    masked = Coverage((f.start, f.end) for kind in BY_NAME["counts"].requires for f in facts_of(doc, kind))
    out: list[Count] = []
    last_end = -1
    for m in R.DIGIT_COUNT.finditer(text):
        # Only a number with no unit of its own may borrow one from a list ("5 chi bộ, 7 tổ").
        in_list = (m["fallback"] is not None and last_end >= 0
                   and R.LIST_JOIN.fullmatch(text, last_end, m.start()) is not None)
        found = _digit_count(text, m, masked, in_list)
        if found:
            out.extend(found)
            last_end = found[0].end
    for m in R.WORD_COUNT_SCAN.finditer(text, token_offsets(doc, R.NUMBER_WORD_HASHES)):
        out.extend(_word_count(text, m, masked))
    out.sort(key=lambda c: (c.start, c.value))
    return out


# A letter in a quantity: a scale word ("64 triệu", "2 tỷ 500 triệu").
_LETTER = re.compile(r"[^\W\d_]")


def _digit_count(text: str, m, masked, in_list: bool) -> list[Count]:
    numbers = [g for g in ("q1", "q2") if m[g]]
    if any(_inside(masked, *m.span(g)) for g in numbers):
        return []
    unit, kind = _unit(m)
    if unit is None and not m["fallback"] and not any(_LETTER.search(m[g]) for g in numbers):
        return []  # figures alone, with no unit and no scale word: a table's cells (see below)
    figures = [f for g in numbers for f in R.QUANTITY_PART.findall(m[g])]
    for fig, _ in figures:
        digits = fig.replace(".", "").replace(",", "")
        # "0912 345 678", "37087192": phone numbers, codes, counters.
        if fig and (len(digits) > MAX_PLAIN_DIGITS and "." not in fig or len(digits) >= 4 and fig[0] == "0"):
            return []
    if unit is None and not m["fallback"] and not any(
            scaled and v >= 1e6 for v, scaled in (parse_quantity(m[g]) for g in numbers)):
        return []  # no unit and no scale: never a count, whatever precedes it (a table's cells)
    plan = "KH" in text[max(0, m.start() - 6):m.start()] and R.PLAN_BEFORE.search(
        text, max(0, m.start() - 6), m.start()) is not None
    before = None if plan else _before(text, m.start())
    if before == "label" or R.OPEN_QUOTE_BEFORE.search(text, max(0, m.start() - 3), m.start()):
        return []
    if unit is None and m["fallback"]:
        if before != "cue" and not in_list:
            return []
        fallback = " ".join(m["fallback"].split())
        unit, kind = fallback if fallback.isupper() else fallback.casefold(), "count"
    if kind in ("furniture", "none"):
        return []
    values = [parse_quantity(m[g]) for g in numbers]
    if kind == "count":
        values = [(float(m[g].replace(",", "")), False) if R.COMMA_THOUSANDS.fullmatch(m[g]) else v
                  for g, v in zip(numbers, values)]
    if unit is None:
        # Bare scaled money: "trị giá 10 tỷ", "hỗ trợ 5 triệu/hộ".
        if not any(scaled and v >= 1e6 for v, scaled in values):
            return []
        unit, kind = "đồng", "money"
    # A plain four-digit 19xx/20xx is a year ("“Dân vận khéo”2022 được tổ chức", "đến 2025 xã
    # đạt chuẩn", "nhiệm kỳ 2020-2025"); a count that large is written "2.024 hộ".
    if any(R.YEAR_LIKE.fullmatch(m[g]) for g in numbers):
        return []
    if len(values) == 2 and not values[0][1] and values[1][1]:
        # "1,5 - 2 triệu đồng": the scale of the far end applies to both.
        values[0] = (values[0][0] * _scale_of(m["q2"]), True)
    total = parse_figure(m["total"]) if m["total"] else None
    if total is not None and (values[0][0] > total or R.YEAR_LIKE.fullmatch(m["total"])):
        # "đường 3/2 phường 5", "7/2022 hộ": a street named after a date, a month; not a share.
        return []
    if total is not None and kind == "count":
        kind = "ratio"
    unit, end = _more_nouns(text, m, unit, kind)
    span = mention(text, m.start(), end)
    return [Count(**span, value=values[0][0], value_max=values[1][0] if len(values) == 2 else None, total=total,
                  unit=unit, kind=kind, is_range=len(values) == 2, role="plan" if plan else None)]


def _word_count(text: str, m, masked) -> list[Count]:
    # The longest tail of the run of number words that is a whole number: "năm hai cuộc" -> "hai".
    start = next((w.start() for w in R.WORD.finditer(text, m.start("w1"), m.end("w1"))
                  if R.NUMBER_IN_WORDS.fullmatch(text, w.start(), m.end("w1"))), None)
    if start is None or m["w2"] and not R.NUMBER_IN_WORDS.fullmatch(m["w2"]):
        return []
    if _inside(masked, start, m.end("w2") if m["w2"] else m.end("w1")):
        return []
    words = [text[start:m.end("w1")]] + ([m["w2"]] if m["w2"] else [])
    if any(len(w.split()) == 1 and w.casefold() in R.NOT_ALONE for w in words):
        return []
    if words[0][0].isupper() and not R.SENTENCE_START_BEFORE.search(text, max(0, start - 3), start):
        return []
    if _before(text, start) == "label":
        return []
    unit, kind = _unit(m)
    if kind in ("furniture", "none"):
        return []
    unit, end = _more_nouns(text, m, unit, kind)
    span = mention(text, start, end)
    value_max = parse_words(words[1]) if len(words) == 2 else None
    return [Count(**span, value=parse_words(words[0]), value_max=value_max, unit=unit, kind=kind,
                  is_range=len(words) == 2)]


def _unit(m) -> tuple[str | None, str]:
    """The unit column and kind from a match's unit groups."""
    if m["pml"]:
        return "‰", "per_mille"
    if m["pct"]:
        return "%", "percent"
    if m["head"]:
        row = R.UNIT_BY_SURFACE[R.fold(m["head"])]
        return row["unit"], row["kind"]
    if m["cls"]:
        row = R.UNIT_BY_SURFACE[R.fold(m["cls"])]
        noun = " ".join(m["noun"].casefold().split()) if m["noun"] else ""
        return f"{row['unit']} {noun}".strip(), row["kind"]
    return None, "count"


def _more_nouns(text: str, m, unit: str, kind: str) -> tuple[str, int]:
    """The whole list of counted nouns sharing one number, and where it ends: "26 quận, huyện,
    thị xã", "23 bộ, địa phương, tập đoàn và tổng công ty"; after a listed count noun only."""
    if kind != "count" or not (m["head"] or m["cls"] and not m["noun"]):
        return unit, m.end()
    more = R.MORE_HEADS.match(text, m.end())
    if more is None:
        return unit, m.end()
    return " ".join((unit + more.group().casefold()).split()), more.end()


def _scale_of(quantity: str) -> float:
    value, _ = parse_quantity(quantity)
    figure = parse_figure(R.QUANTITY_PART.search(quantity)["fig"])
    return value / figure if figure else 1.0


def _before(text: str, pos: int) -> str | None:
    """"label", "cue" or None: what the word right before a number makes of it."""
    b = R.BEFORE.search(text, max(0, pos - BEFORE_WINDOW), pos)
    if b is None:
        return None
    if b["label"] and b["dur"] and _before(text, _figure_start(text, b.start("dur"))) == "label":
        # A chain of references: "khoản 3 Điều 44 Luật Đất đai", "tổ 5 thôn 3": the figure before
        # the label is itself a label's, not a duration ("2 ngày 500 lượt người").
        return "label"
    if b["label"] and (b["dist"] or b["dur"]):
        return None
    return "label" if b["label"] else "cue"


def _figure_start(text: str, pos: int) -> int:
    """The start of the figure whose last digit is at pos ("44" in "Điều 44")."""
    while pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in ".," and pos > 1 and text[pos - 2].isdigit()):
        pos -= 1
    return pos


def _inside(spans: Coverage, start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the spans."""
    return spans.overlaps(start, end)
