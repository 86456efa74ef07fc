"""Closed word classes of Vietnamese the extractors share: number words, administrative unit
types, parts of day and honorifics. Tables come from data/ and are read on first use."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from qcdc_extract.resources import DataFileError, load_table
from qcdc_extract.vi.text import fold

# Parts of the day that open a dated sentence ("Chiều ngày 5/4/2022", "Sáng 11/8"), longest first.
PARTS_OF_DAY = ("rạng sáng", "sáng sớm", "sáng", "trưa", "chiều", "tối", "đêm")
# Honorifics before a person's name, as written -> as stored ("Đ/c Trần Xuân Hải").
HONORIFICS = {"đồng chí": "đồng chí", "đ/c": "đồng chí", "ông": "ông", "bà": "bà", "anh": "anh", "chị": "chị"}

NUMBER_ROLES = ("digit", "after_ten", "ten", "tens", "hundred", "filler", "thousand", "million", "billion",
                "ordinal")
LEVELS = ("village", "commune", "district", "province")


@dataclass(frozen=True)
class NumberWord:
    word: str
    value: int
    # digit, after_ten ("hai mươi lăm"), ten, tens, hundred, filler ("linh"), thousand,
    # million, billion; or ordinal, a word that is a number only after "thứ" ("thứ nhất").
    role: str
    # May stand alone as a count before a counted noun ("ba cuộc kiểm tra"; not "năm").
    alone: bool


@cache
def number_words() -> dict[str, NumberWord]:
    """Every number word of data/number_words.tsv by its (lower-case) spelling."""
    out = {}
    for row in load_table("number_words.tsv", ("word", "value", "role", "source")):
        if row["role"] not in NUMBER_ROLES or not row["value"].isdigit():
            raise DataFileError(f"number_words.tsv: bad role or value for {row['word']!r}")
        out[row["word"]] = NumberWord(row["word"], int(row["value"]), row["role"], row.get("alone") == "yes")
    return out


def number_value(word: str) -> int | None:
    """The value of one cardinal number word: "ba" is 3, "sáu" 6; None if it is none."""
    w = number_words().get(fold(word))
    return w.value if w is not None and w.role != "ordinal" else None


def ordinal_value(words: str) -> int | None:
    """The value of an ordinal after "thứ"/"lần thứ": "nhất" 1, "tư" 4, "mười lăm" 15."""
    parts = fold(words).split()
    table = number_words()
    if len(parts) == 1:
        w = table.get(parts[0])
        return w.value if w is not None and w.role in ("digit", "ordinal", "ten", "after_ten") else None
    if len(parts) == 2 and parts[0] == "mười":
        w = table.get(parts[1])
        # "mười năm" is 15 after "thứ" (as "mười lăm"), never a duration there.
        return 10 + w.value if w is not None and w.role in ("digit", "after_ten") and w.value else None
    return None


@dataclass(frozen=True)
class UnitType:
    """An administrative unit's type word as the genre writes it ("xã", "TP.", "TDP")."""

    surface: str
    unit_type: str               # the full, lower-case type kept ("thành phố")
    levels: tuple[str, ...]      # the gazetteer level(s) it names
    form: str                    # word (any case) or abbr (exactly as written)
    checked: bool                # a name after it is taken only if the gazetteer knows it
    numbered: bool               # may be followed by a number ("phường 5")
    capitalised: bool            # also matched with a capital ("Xã Kỳ Châu")

    @property
    def village(self) -> bool:
        return self.levels == ("village",)


@cache
def unit_types() -> tuple[UnitType, ...]:
    """Every row of data/unit_types.tsv."""
    out = []
    for row in load_table("unit_types.tsv", ("surface", "unit_type", "level", "form", "check", "numbered",
                                             "capitalised", "source")):
        levels = tuple(row["level"].split())
        if any(level not in LEVELS for level in levels) or row["form"] not in ("word", "abbr"):
            raise DataFileError(f"unit_types.tsv: bad level or form in {row}")
        out.append(UnitType(row["surface"], row["unit_type"], levels, row["form"], row["check"] == "gazetteer",
                            row["numbered"] == "yes", row["capitalised"] == "yes"))
    return tuple(out)


@cache
def unit_type_names(gazetteer_only: bool = True) -> tuple[str, ...]:
    """The unit types, in table order; only those the gazetteers list unless not `gazetteer_only`
    ("tỉnh", "thành phố", ..., "đặc khu"; with villages also "thôn", "ấp", ...)."""
    names: dict[str, None] = {}
    for ut in unit_types():
        if not (gazetteer_only and ut.village):
            names.setdefault(ut.unit_type)
    return tuple(names)
