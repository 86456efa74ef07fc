"""Rules for calendar dates and periods, each with a real example."""
from functools import cache

import regex

from qcdc_extract.facts import word_hashes
from qcdc_extract.resources import load_table
from qcdc_extract.scan import bounded
from qcdc_extract.vi import PARTS_OF_DAY, alternation, key

# Simple case folding (VERSION0): all Vietnamese needs, and full folding triples compile time.
_F = regex.IGNORECASE | regex.VERSION0

# Part of day that may open a dated sentence: "Chiều ngày 5/4/2022", "Sáng 11/8".
PART_OF_DAY = rf"(?P<pod>{'|'.join(PARTS_OF_DAY)})"
# Weekday: "Thứ Năm (11/8)", "chủ nhật, 5/4".
WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
# What introduces a day without a year; without one "7/7" is a ratio, not a date.
_DAY_INTRO = rf"(?:{PART_OF_DAY}\s+(?:(?:nay|qua)\s*[,(]?\s*)?(?:{WEEKDAY}\s*[,(–-]?\s*)?(?:ngày|hôm)?\s*|(?:hôm\s+)?(?:nay|qua)\s*[,(]\s*(?:ngày\s+)?|(?:ngày\s+)?{WEEKDAY}\s*[,(–-]?\s*(?:ngày\s+)?|(?:vào\s+|từ\s+|đến\s+|hôm\s+)?ngày\s+|hôm\s+)"
_NOT_NUMBER_BEFORE = r"(?<![\d/.,-])"

# Day, month and year in figures: "5/4/2022", "05-4-2022", "5.4.2022". Anchored on the
# digits for speed; what introduces it ("Chiều ngày ") is found by DAY_INTRO_BEFORE.
DAY_MONTH_YEAR = bounded(
    rf"{_NOT_NUMBER_BEFORE}(?P<d>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<m>\d{{1,2}})\s?(?P=sep)\s?(?P<y>(?:19|20)\d\d)(?![\d/]|[.,]\d)",
    _F,
)
# Two days of one month: "ngày 5 và 6/4/2022", "từ ngày 10-12/5" (year from context).
DAY_RANGE = bounded(
    rf"(?:{PART_OF_DAY}\s+)?(?:(?:từ|trong\s+(?:hai|2)|vào)\s+)?(?:các\s+)?ngày\s+(?P<d1>\d{{1,2}})\s?(?:[-–]|và|đến|,)\s?(?:ngày\s+)?(?P<d>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<m>\d{{1,2}})(?:\s?(?P=sep)\s?(?P<y>(?:19|20)\d\d))?(?![\d/]|[.,]\d)",
    _F,
)
# Day and month in words: "ngày 12 tháng 5 năm 2017", "ngày 3 tháng 2" (year from context).
DAY_MONTH_WORDS = bounded(
    rf"(?:{PART_OF_DAY}\s+)?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:,\s*)?năm\s+(?P<y>(?:19|20)\d\d))?(?!\d)",
    _F,
)
# Day and month without a year: "11/8" in "Sáng 11/8", "22/7" in "ngày 22/7", "21.4" in
# "Chiều 21.4"; "7/2" in "từ ngày 7/2 - 12/2/2017"; it is a date only after an introducing
# word (DAY_INTRO_BEFORE), else "7/7" is a ratio.
DAY_MONTH = bounded(
    rf"{_NOT_NUMBER_BEFORE}(?P<d>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<m>\d{{1,2}})(?!\d|\s?[/.]\s?\d|-\d|[.,]\d)",
    _F,
)
# The words just before a day that introduce it: "Chiều ngày ", "Sáng thứ Hai, ngày ", "(".
DAY_INTRO_BEFORE = bounded(rf"(?:{_DAY_INTRO})\Z", _F)
INTRO_WINDOW = 40
# Month and year: "tháng 4-2007", "tháng 4/2007", "tháng 4 năm 2007"; never "6 tháng 2023" (a duration).
MONTH_YEAR = bounded(
    r"(?<!\d\s?)tháng\s+(?P<m>\d{1,2})\s?(?:[/.-]|(?:,\s*)?năm)\s?(?P<y>(?:19|20)\d\d)(?![\d/])",
    _F,
)
# A month without a year, after a word that makes it a point in time: "trong tháng 8",
# "cuối tháng 3 vừa qua" (year from context); never "6 tháng" (a duration) nor "tháng 4/2007".
MONTH = bounded(
    r"(?<!\d\s?)(?:(?<=\b(?:trong|vào|từ|đến|cuối|đầu|giữa|hết|sang|hồi)\s)|(?<=\b(?:trong|vào|từ|đến)\s(?:cuối|đầu|giữa)\s))"
    r"tháng\s+(?P<m>\d{1,2})(?![\d/]|[.,-]\d|\s?(?:[/.-]|(?:,\s*)?năm)\s?\d)",
    _F,
)
# A year named as such: "năm 2022".
YEAR = bounded(r"(?<!\d\s?tháng\s(?:đầu|cuối)\s)năm\s+(?P<y>(?:19|20)\d\d)(?![\d/-]|\s?[-–—]\s?\d)", _F)
# Any four-digit year, for context when a day comes without one.
ANY_YEAR = bounded(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/])")
# A year the article may be dated by: standalone ("năm 2024", "2024") or ending a full date
# ("12/5/2017", "12-5-2017", "ngày 12 tháng 5 năm 2017"); never one inside a symbol
# ("04/2015/NĐ-CP").
CONTEXT_YEAR = bounded(r"(?<![\d.])(?:19|20)\d\d(?![\d/])")
# A year that ends a full date: "12/5/2017", "12-5-2017", "ngày 12 tháng 5 năm 2017".
DATE_YEAR_BEFORE = bounded(
    r"(?<![\d/])(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+)$", _F)
# Words before a year that make it no date of the article: a target ("đến năm 2030", "tầm
# nhìn 2045"), a birth ("sinh năm 1968", "sinh ngày 5/4/1968"), a founding ("thành lập năm 1930").
CONTEXT_WINDOW = 30
NOT_CONTEXT_YEAR_BEFORE = bounded(
    r"(?:đến|tới|trước|tầm\s+nhìn|định\s+hướng|phấn\s+đấu|mục\s+tiêu|sinh|năm\s+sinh|\bsn|thành\s+lập|ra\s+đời)"
    r"(?:\s+(?:năm|ngày|tháng))?(?:\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]|\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm)?\s*$",
    _F,
)
# The first year of a range ("2021 - 2026", "1930- 3/2/2018") and the second after a term word.
RANGE_YEAR_AFTER = bounded(r"\s?[-–—]\s?(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?)?(?:19|20)\d\d")
TERM_YEAR_BEFORE = bounded(
    r"(?:nhiệm\s+kỳ|giai\s+đoạn|năm\s+học|khóa|khoá|niên\s+khóa)\s+(?:19|20)\d\d\s?[-–—]\s?$", _F)

# Periods ------------------------------------------------------------------------------
# "giai đoạn 2017-2022", "nhiệm kỳ 2020-2025", "từ năm 2013- 2023", "năm học 2022-2023".
PERIOD_YEARS = bounded(
    r"(?P<kind>giai\s+đoạn|nhiệm\s+kỳ|năm\s+học|từ\s+năm|từ|năm)\s+(?P<y1>(?:19|20)\d\d)\s?(?:[-–—]|đến(?:\s+năm)?)\s?(?P<y2>(?:19|20)\d\d)(?![\d/])",
    _F,
)
# "6 tháng đầu năm 2023", "9 tháng năm 2022", "sáu tháng cuối năm" (year from context).
PART_OF_YEAR = bounded(
    r"(?P<n>\d{1,2}|ba|sáu|chín)\s+tháng\s+(?P<half>đầu|cuối)?\s*năm(?:\s+(?P<y>(?:19|20)\d\d))?(?![\d/])",
    _F,
)
# "quý III năm 2022", "quý 2/2023".
QUARTER = bounded(r"quý\s+(?P<q>IV|I{1,3}|[1-4])\s?(?:[/-]|(?:,\s*)?năm)\s?(?P<y>(?:19|20)\d\d)(?![\d/])", _F)

# Deadlines that make a leading date something other than the event's day: "Đến ngày 31/12/2023",
# and the end of a tally "từ đầu năm đến nay (25/5)".
NOT_EVENT_BEFORE = bounded(r"(?:đến|trước|hạn|chậm nhất|sau|sinh|\bsn)\s*(?:ngày\s*|nay\s*\(\s*)?$", _F)
# Dates that are never the event's: an anniversary's ("(3/2/1930 - 3/2/2018)", "(1930 - 2025)"),
# a legal basis ("Căn cứ Luật ... ngày 19 tháng 6 năm 2015", "Theo đề nghị của ... tại Tờ trình
# số 51 ngày 28/9/2018"), a document's own place and date line ("Hải Phòng, ngày 09 tháng 10 năm
# 2018", "Số 60-NQ/TW Hà Nội, ngày 12 tháng 4 năm 2025").
ANNIVERSARY = bounded(
    r"\((?:[^()]{0,12}?\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?)?(?:19|20)\d\d\s?[-–—]\s?"
    r"(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?)?(?:19|20)\d\d\s?\)")


@cache
def anniversaries() -> tuple[regex.Pattern, dict[str, int]]:
    """The rule for "kỷ niệm 126 năm Ngày sinh Chủ tịch Hồ Chí Minh" and the year of each day
    it names (data/anniversaries.tsv): that year plus the number of years is the article's."""
    years = {key(row["name"]): int(row["year"]) for row in load_table("anniversaries.tsv", ("name", "year", "source"))}
    names = alternation(years, sep=r"\s+", word_end=r"\b")
    pattern = bounded(rf"\bkỷ\s+niệm\s+(?P<n>\d{{1,3}})\s+năm\s+(?:ngày\s+)?(?P<name>{names})", _F)
    return pattern, years


def compile_rules() -> None:
    """Compile the rules built from data files, at load rather than on the first article."""
    anniversaries()


LEGAL_BASIS_BEFORE = bounded(r"\b(?:căn\s+cứ|theo\s+đề\s+nghị|xét\s+đề\s+nghị)\b[^;]*$", _F)
DATE_LINE_BEFORE = bounded(r"(?:^|\||(?i:số)\s*:?\s*[\w/.\-]+\s)[\W_]*\p{Lu}[\p{L} .]{1,30},\s*$")
# Words of the lead that put the event on the day of the page's stamp: "Hôm nay, HĐND tỉnh
# khai mạc kỳ họp".
# It opens a clause ("Hôm nay (19-5), tại ...", "..., sáng nay, ..."): "hậu quả như ngày hôm nay" is
# a state of things, not a day.
TODAY = bounded(r"(?:^|(?<=[.,;:!?(]\s*)|(?<=\n))(?:hôm\s+nay|sáng\s+nay|chiều\s+nay|tối\s+nay|trưa\s+nay)\b", _F)
# The dated end of a span that begins with a day without a year: "từ ngày 10/4 đến ngày 12/4/2025",
# "từ 25/12 - 5/1/2025"; the first day takes the end's year (or the year before).
RANGE_END_YEAR = bounded(
    r"\s*(?:đến|tới|[-–—])\s*(?:hết\s+)?(?:ngày\s*)?\d{1,2}\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d\d)(?!\d)", _F
)
RANGE_END_WINDOW = 40

ROMAN_QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4}

# The words the patterns that open with optional words can start with: they are tried only
# where the doc has such a token (see facts.token_offsets), not at every character.
_POD_WORDS = sorted({p.split()[0] for p in PARTS_OF_DAY})
STARTS = {
    "DAY_RANGE": (word_hashes(_POD_WORDS + ["từ", "trong", "vào", "các", "ngày"]), False),
    "DAY_MONTH_WORDS": (word_hashes(_POD_WORDS + ["ngày"]), False),
    "PERIOD_YEARS": (word_hashes(["giai", "nhiệm", "năm", "từ"]), False),
    "PART_OF_YEAR": (word_hashes(["ba", "sáu", "chín"]), True),  # True: and runs of digits
}
