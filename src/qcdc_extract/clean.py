"""Page cleaning: drop furniture lines, find title, byline author and page time stamp."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import regex

from qcdc_extract import rxcache as rx
from qcdc_extract.resources import DataFileError, load_table
from qcdc_extract.vi import HONORIFICS, alternation, unit_types
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
RESTATED_MIN = 20

# A byline name: 2-5 capitalised syllables ("Quang Huy", "NGỌC DIỆP"), or initials before a
# name ("N. Huyền", "T.Nhung", "V.D"); several joined by "-", "," or "và" ("Minh Anh - Thu Hà").
_SYL = r"(?:\p{Lu}[\p{Ll}\p{M}]*|\p{Lu}{2,}[\p{M}]*)"
_ONE = rf"(?:{_SYL}(?:\s+{_SYL}){{1,4}}|(?:\p{{Lu}}\.\s?){{1,2}}{_SYL}(?:\s+{_SYL}){{0,2}})"
_NAME = rf"{_ONE}(?:\s*(?:[-–,&]|và)\s*{_ONE})*"
# What may follow a byline: the agency ("/VOV", "/VOV.VN", "(TTXVN)", "(Tổng hợp theo ...)",
# "/VOV-Trung tâm Tin"), a closing dash or full stop.
_AGENCY = r"(?:\s*/\s*[\p{L}\d.\- ]{2,30}|\s*\([^()]{2,80}\))?"
NAME_LINE = rx.compile(rf"\(?\s*(?P<author>{_NAME})\s*\)?{_AGENCY}\s*[-–.]?")
# A byline glued to the last sentence, after its full stop or the end mark "./.":
# "... xuất khẩu. Thái Bình", "... lần này.Quang Minh", "... vấn đề này./. Xuân Dần/VOV".
TAIL_BYLINE = rx.compile(
    rf"(?<=[.!?…”\"»)])\s*(?:(?i:tin|bài|tin bài)(?:\s*(?:và|,|-)\s*(?i:ảnh))?\s*:\s*)?(?P<author>{_NAME}){_AGENCY}"
    rf"(?:\s+(?P=author){_AGENCY})?\s*[-–.]?\s*$"
    # "... huyện. Tác giả: Hoàng Thị Thu, Văn phòng HĐND và UBND huyện": a label, then the
    # writer's office may follow the name.
    rf"|(?<=[.!?…”\"»)])\s*(?i:tác giả|người viết|tin bài|tin và ảnh|bài và ảnh)\s*:\s*(?P<author>{_NAME})"
    rf"(?:\s*,\s*[^.!?]{{2,80}})?\s*\.?\s*$")
# The label of a page's own stamp ("Ngày đăng: 08/07/2024"): it is the page's, not a date bar.
_STAMP_LABEL = rx.compile(r"(?:ngày đăng|đăng ngày|cập nhật|đăng lúc|thời gian đăng|ngày cập nhật|ngày xuất bản|"
                             r"xuất bản|ngày phát hành|\(\s*cập nhật)", regex.IGNORECASE)


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
            pattern = rx.compile(row["pattern"], regex.IGNORECASE | regex.V0)
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
        year = int(g["y"])
        year += 2000 if year < 100 else 0  # "27/05/13 08:09": a two-digit year of this century
        return datetime(year, int(g["m"]), int(g["d"]), hour, int(g.get("M") or 0))
    except (TypeError, ValueError):
        return None


@cache
def _not_name_start() -> frozenset[str]:
    """Words that open organisation names, never a byline (data/not_author_words.tsv), case-folded
    since organisation bylines are often set in capitals ("BAN DÂN VẬN HUYỆN ỦY")."""
    return frozenset(r["word"].casefold() for r in load_table("not_author_words.tsv", ("word", "source")))


def _starts_like_org(name: str) -> bool:
    """An organisation, not a person: an organisation word first ("Ban", "UBND", "Trung tâm")
    and a word in lower case, or all in capitals ("BAN DÂN VẬN HUYỆN ỦY"); "Trang Diễm",
    "Đồng Văn Hải" are people."""
    first = _NAME_SEPARATOR.split(name.strip())[0]  # "Thành Trung - Duy Chiến": two people
    words = first.split()
    if not words or words[0].strip("(").casefold() not in _not_name_start():
        return False
    return len(words) == 1 or first.isupper() or len(words) > 4 or any(w[:1].islower() for w in words[1:])


_NAME_SEPARATOR = rx.compile(r"\s+[-–]\s+|\s*,\s*|\s+và\s+|\s*&\s*")


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
    """Clean one scraped page; metadata already known (from HTML or JSON) wins over detection.

    Furniture lines go; the headline, if the page has one, becomes the first line; every other
    line stays in the text, so a lead taken for no title keeps its facts.
    """
    lines = _split_glued(_cells(fold(line)) for line in text.split("\n"))
    body: list[str] = []
    stamps: list[tuple[int, datetime, bool]] = []
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
            author = author or _person(fold(m.group("author")))
            continue
        if action == "timestamp":
            stamp = parse_timestamp(m)
            if stamp is not None:
                rank = 2 if _STAMP_LABEL.match(line) else 1 if m.groupdict().get("H") else 0
                stamps.append((len(body), stamp, rank))
                body.append(STAMP)  # where it stood tells a headline from a lead; removed below
            continue
        if line and not _LETTER.search(line):
            continue  # "|", ".", "1099", "-----": no word, no fact
        body.append(line)
        begun = begun or is_paragraph(line)

    if stamps:
        published_at = published_at or _page_stamp(stamps)
        _drop_trailing_furniture(body, stamps)
    body = rejoin_wrapped(body)
    if title is None:
        title = _take_title(body)
        if title and is_paragraph(title) and not any(is_paragraph(line) for line in body if line != STAMP):
            # A page whose body is one paragraph: that paragraph is the article, not its title.
            body.insert(0, title)
            title = None
    body = [line for line in body if line != STAMP]
    while body and not body[0]:
        body.pop(0)
    if title:
        title = _fuller_title(body, fold(title))
        _drop_restated_title(body, title)

    while body and not body[-1]:
        body.pop()
    if author is None and body:
        author = _trailing_author(body)

    return Cleaned(text=_join(title, body), title=title or None, author=author, published_at=published_at)


def is_paragraph(line: str) -> bool:
    return len(line.split()) >= PARAGRAPH_WORDS


# -- artefacts of scraping ------------------------------------------------------------------

_LETTER = rx.compile(r"\p{L}")
# Stands in the body where a time stamp line was, until the headline is chosen.
STAMP = "\x00"
# What a scraper glues to a line: the page's date before its first line ("date 2025-07-29 Đại
# hội ..."), a template's "null" before the headline, a stamp after it ("... ở cơ sở (22:09
# 31/03/2021)"). Each is cut into a line of its own.
_GLUED_DATE = rx.compile(r"^date\s+(\d{4}-\d{1,2}-\d{1,2})\s+(?:•\s*)?(.*)$")
_NULL_PREFIX = rx.compile(r"^null\s+(?=\p{Lu})")
_GLUED_STAMP = rx.compile(r"^(.{12,}?)\s*\((\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{4})\s*\)$")


def _cells(line: str) -> str:
    """A one-cell table row as text, its cell bars gone: "| Tác giả: Hoàng Thị Thu |" (pages laid
    out in tables by SharePoint and DNN portals, as trafilatura and converters render them)."""
    if line.startswith("|") and line.endswith("|") and len(line) > 1 and "|" not in line[1:-1]:
        return line[1:-1].strip()
    return line  # a row of several cells stays a row: "| STT | Đơn vị | Số mô hình |"


def _split_glued(lines) -> list[str]:
    """The lines, with what a scraper glued to the top lines cut off into lines of their own."""
    out: list[str] = []
    for line in lines:
        if len(out) < GLUED_WITHIN and line:
            if line.startswith("null"):
                line = _NULL_PREFIX.sub("", line)
            m = (line.startswith("date") and _GLUED_DATE.match(line)) or (line.endswith(")") and _GLUED_STAMP.match(line))
            if m:
                out += [m.group(1), m.group(2)]
                continue
        out.append(line)
    return out


# Scrapers glue these to the lines above the body only.
GLUED_WITHIN = 20


def _page_stamp(stamps: list[tuple[int, datetime, int]]) -> datetime:
    """The page's own time stamp: the first labelled one ("Ngày đăng: ..."), else the first with
    a time of day, else the first. A date bar above the headline, even with a clock, is the
    portal's, not the article's."""
    best = max(rank for _, _, rank in stamps)
    return next(stamp for _, stamp, rank in stamps if rank == best)


def _drop_trailing_furniture(body: list[str], stamps) -> None:
    """Lines after a stamp at the foot of the page (category, tags, source name) are furniture.

    "27/05/13 08:09 GMT+7 / Kinh tế / Công chứng,Công chứng viên,... / Pháp Luật VN": at most
    a few lines, none of them a sentence.
    """
    at = stamps[-1][0]
    tail = [line for line in body[at + 1:] if line]
    if at > 0 and any(is_paragraph(line) for line in body[:at]) and 0 < len(tail) <= TRAILER_LINES \
            and not any(_SENTENCE_END.search(line) or (is_paragraph(line) and not _TAG_LIST.match(line))
                        for line in tail):
        del body[at:]


TRAILER_LINES = 4
# A page's tags: words joined by commas with no space ("Công chứng,Công chứng viên,Luật").
_TAG_LIST = rx.compile(r"[^,.!?]{1,40}(?:,[^,\s][^,.!?]{0,40}){2,}")
_SENTENCE_END = rx.compile(r"[.!?…:;][”\"»)]*$")


def rejoin_wrapped(body: list[str]) -> list[str]:
    """Lines broken inside a sentence, joined again: "Chiều ⏎ ngày 25/9", "của Chính ⏎ phủ",
    "Nghị quyết số ⏎ 02-NQ/TU", "xã Châu ⏎ Đình", "đồng chí Nguyễn ⏎ Văn Hùng".

    A line that ends without sentence punctuation is joined to the next when the next starts in
    lower case or with an opening quote; when the line ends on a word that needs what follows
    ("số", "của", "xã", "đồng chí"); when a name runs on (capitalised words on both sides); or,
    on a page wrapped at a fixed width, when the line is of that width. Blank lines
    (paragraphs) stay, and no line is joined to a lead's opening ("Chiều 5/4, ...").
    """
    width = _wrap_width(body)
    out: list[str] = []
    for line in body:
        if out and out[-1] and line and STAMP not in (line, out[-1]) and _runs_on(out[-1], line, width, len(out) == 1):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _runs_on(prev: str, line: str, width: int | None, prev_is_first: bool) -> bool:
    if _SENTENCE_END.search(prev) or _LIST_ITEM.match(line):
        return False
    if line[0].islower():
        return True
    if _LEAD_OPENING.search(line):
        return False  # a new sentence opening a paragraph: "Chiều 5/4, ..."
    needs_more, name_runs_on = _line_ends()
    if line[0] in OPENING_QUOTES or needs_more.search(prev):
        return True
    if not prev_is_first and name_runs_on.search(prev) and line[0].isupper():
        return True
    return width is not None and len(prev) >= WRAP_FULL * width


OPENING_QUOTES = "“\"‘«"
# A line that ends on a word needing what follows it: a function word, a number's label, a
# unit's type word (vi.unit_types), an honorific (vi.HONORIFICS).
_FUNCTION_WORDS = ("số", "của", "và", "các", "những", "với", "tại", "về", "cho", "theo", "là", "do", "ngày", "tháng", "năm")


@cache
def _line_ends() -> tuple[regex.Pattern, regex.Pattern]:
    """(ends on a word needing more, ends on a unit word or honorific and one capitalised word)."""
    units = {ut.unit_type for ut in unit_types()}
    # "anh", "chị" are honorifics too, but also common words and given names ("Minh Anh").
    honorifics = [h for h in HONORIFICS if h not in ("anh", "chị")]
    words = alternation([*_FUNCTION_WORDS, *units, *honorifics], sep=r"\s+", tones=False)
    named = alternation([*units, *honorifics], sep=r"\s+", tones=False)
    return (rx.compile(rf"(?:^|\s){words}$", regex.IGNORECASE),
            # A name cut after its first syllable: "xã Châu", "đồng chí Nguyễn"; no name is that short.
            rx.compile(rf"(?:^|\s)(?i:{named})\s+\p{{Lu}}[\p{{Ll}}\p{{M}}]*$"))


_LIST_ITEM = rx.compile(r"[-–•*+]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s")
# A fixed-width page: at least WRAP_LINES open-ended lines of WRAP_MIN characters or more,
# half of all its lines, within WRAP_SPREAD of one width.
WRAP_SHARE = 0.5
WRAP_LINES = 5
WRAP_MIN = 40
WRAP_SPREAD = 0.15
# On such a page a line shorter than this share of the width ends its paragraph (a headline).
WRAP_FULL = 0.85


def _wrap_width(body: list[str]) -> int | None:
    """The width a page is wrapped at, when most of its lines end mid-sentence at about one
    length; else None."""
    lines = [line for line in body if line]
    widths = sorted(len(line) for line in lines if not _SENTENCE_END.search(line) and len(line) >= WRAP_MIN)
    if len(widths) < WRAP_LINES:
        return None
    median = widths[len(widths) // 2]
    at_width = sum(1 for w in widths if abs(w - median) <= WRAP_SPREAD * median)
    return median if at_width >= max(WRAP_LINES, WRAP_SHARE * len(lines)) else None


# -- the headline -----------------------------------------------------------------------------

# Lines read at the top of a page for its headline.
HEAD_LINES = 8
# A line of at least this many words is a headline, unless it reads as a lead; shorter
# lines above a headline are section names.
HEADLINE_WORDS = 5
# A lead: opened by the time of the event ("Sáng 20/4,", "Ngày 15/9/2023,", "Chiều qua"), by a
# news agency's tag ("(NTO)", "HNP -", "(QBĐT) -"), or long, or opening with a short clause
# ("Tại kỳ họp, ..."); a headline is none of these.
_LEAD_OPENING = rx.compile(
    r"^(?-i:\(?(?=[\p{Lu}\d.]*\p{Lu})[\p{Lu}\d.]{2,12}\)?\s*[-–—]\s*|\((?=[\p{Lu}\d.]*\p{Lu})[\p{Lu}\d.]{2,12}\)\s*)"
    r"|^(?:(?:rạng\s+)?(?:sáng|chiều|tối|trưa|đêm)(?:\s+(?:nay|qua|mai))?|ngày|hôm\s+(?:nay|qua)|từ\s+ngày)"
    r"\s*,?\s*(?:ngày\s+)?\(?\d{1,2}\s*[/.\-]\s*\d{1,2}",
    regex.IGNORECASE,
)
LEAD_WORDS = 25
# A document's own heading in a legal text ("NGHỊ QUYẾT", "**QUYẾT ĐỊNH**"), its subject in
# capitals on the following lines.
@cache
def _doc_heading() -> regex.Pattern:
    """A line that is a document type alone, in capitals (the types of data/doc_types.tsv)."""
    types = {r["doc_type"].upper() for r in load_table("doc_types.tsv", ("surface", "doc_type"))}
    heading = alternation(types, sep=r"\s+", tones=False)
    return rx.compile(rf"^[*#\s]*(?:{heading})[*\s]*$")


_MARKUP = rx.compile(r"^#+\s*|\*\*|\\$")
# A letterhead or gazette header: "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
# "Số: 30/2018/QĐ-UBND | Hải Phòng, ngày ...", "Độc lập - Tự do - Hạnh phúc", "CÔNG BÁO/Số 1417".
_HEADER = rx.compile(
    r"\|\s*$|^\|?\s*(?:số|so)\s*:?\s*\d|cộng hòa xã hội chủ nghĩa việt nam|đảng cộng sản việt nam|"
    r"độc lập\s*-\s*tự do|^công báo\b|"
    r"^[^\p{L}]*$|^tải bản đầy đủ|^bạn đang xem", regex.IGNORECASE)


def looks_like_lead(line: str, followed_by_lead: bool = False) -> bool:
    """Whether a top line is the lead, not a headline: it opens with the event's time or an
    agency's tag, or holds a ";"; or, unless a stamp, a lead or its own restatement comes
    right after it, it is long ("Tại kỳ họp, đại biểu đã được báo cáo tổng kết ...")."""
    if _LEAD_OPENING.search(line) or ";" in line:
        return True
    if followed_by_lead:
        return False
    words = len(line.split())
    return words > LEAD_WORDS


# A photo caption: a credit ("Ảnh: Minh Anh", "(Ảnh: TTXVN)"), or a short line ending in a
# full stop ("Quang cảnh hội nghị."; a headline of so few words has none).
_CAPTION = rx.compile(r"(?i:\bảnh\s*:|\(ảnh\b)|^(?:\S+\s+){0,7}\S+\.$")


def _banner(line: str) -> bool:
    """A site or organisation banner in capitals: "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"."""
    words = line.split()
    return line.isupper() and len(words) <= 8 and not any(c.isdigit() for c in line) and _starts_like_org(line)


def _take_title(body: list[str]) -> str | None:
    """Remove the headline from the top of the body and return it; None when the page has none.

    Section names above it stay in the body; so does a lead when the page opens with it.
    """
    top = [i for i, line in enumerate(body) if line][:HEAD_LINES]
    shorts: list[int] = []
    for k, i in enumerate(top):
        line = body[i]
        if line == STAMP:
            continue
        plain = _MARKUP.sub("", line).strip()
        if _doc_heading().match(line):
            return _legal_title(body, i)
        if not plain or _HEADER.search(plain) or _banner(plain):
            continue
        if line.startswith("#"):
            del body[i]
            return plain
        if _CAPTION.search(plain):
            continue  # a photo caption: "Quang cảnh hội nghị.", "... (Ảnh: Minh Anh)"
        if looks_like_lead(plain, _lead_follows(body, top[k + 1:], line)):
            break  # the page opens with its lead
        if len(plain.split()) >= HEADLINE_WORDS:
            del body[i]
            return plain
        shorts.append(i)
    if shorts:
        # A short headline alone above the lead: "Hội nghị tập huấn".
        return body.pop(shorts[-1])
    return None


def _lead_follows(body: list[str], after: list[int], line: str) -> bool:
    """Whether the next top line is a time stamp, opens a lead ("Chiều ngày 5/4/2022, ..."), or
    restates `line` (a page repeating its headline)."""
    if not after:
        return False
    nxt = body[after[0]]
    return nxt == STAMP or bool(_LEAD_OPENING.search(nxt)) or \
        (len(nxt) >= RESTATED_MIN and line.casefold().startswith(nxt.casefold()))


# The body that enacts a legal text, in capitals under its subject.
_ENACTING = rx.compile(
    r"(?:hội đồng nhân dân|ủy ban nhân dân|uỷ ban nhân dân|ubnd|hđnd|ban chấp hành|ban thường vụ|bộ chính trị|"
    r"ban bí thư|chính phủ|quốc hội|ủy ban thường vụ|uỷ ban thường vụ|thủ tướng|chủ tịch|bộ trưởng|"
    r"(?:tỉnh|huyện|thành|đảng|thị|quận) ủy|(?:tỉnh|huyện|thành|đảng|thị|quận) uỷ)\b", regex.IGNORECASE)


def _legal_title(body: list[str], i: int) -> str:
    """A legal text's title: its heading and the subject in capitals on the next lines."""
    parts = [_MARKUP.sub("", body[i]).strip()]
    j = i + 1
    while j < len(body) and len(parts) < 6:
        line = _MARKUP.sub("", body[j]).strip()
        if line and not (line.isupper() and not _HEADER.search(line) and not _ENACTING.match(line)):
            break  # the subject ends; the enacting body follows ("HỘI ĐỒNG NHÂN DÂN TỈNH ...")
        if line:
            parts.append(line)
        j += 1
    del body[i:j]
    return " ".join(parts)


# -- the byline -------------------------------------------------------------------------------

def _person(author: str) -> str | None:
    """A byline's person: "Triệu Thị Hiền, Ban Dân tộc HĐND huyện" gives "Triệu Thị Hiền";
    "PV", "Nhóm PV", a newspaper or an organisation give none."""
    name, _, rest = author.partition(", ")
    if rest and _starts_like_org(rest):
        author = name
    return None if _starts_like_org(author) or not _may_be_person(author) else author


# Who a byline names when it names no person: a reporter's or editor's office ("PV", "Nhóm
# PV", "CTV"), a source ("Theo Báo Bắc Giang", "Nguồn: ..."), a newspaper or station.
_NOT_PERSON = rx.compile(r"(?:nhóm\s+)?(?:pv|ptv|ctv|btv)\b|(?:theo|nguồn|báo|đài|tạp\s+chí|cổng)\b",
                            regex.IGNORECASE)


def _may_be_person(name: str) -> bool:
    return not _NOT_PERSON.match(name)


def _fuller_title(body: list[str], title: str) -> str:
    """The page's own headline line when the metadata title is that line cut short
    ("Đại hội Chi bộ thôn 3 nhiệm kỳ 2022" of "... nhiệm kỳ 2022 - 2025": a site-name cutter
    took " - 2025" for the site's name)."""
    key = title.casefold()
    for line in [line for line in body if line][:RESTATED_TITLE_WITHIN]:
        if line.casefold().startswith(key) and 0 < len(line) - len(title) <= FULLER_TITLE_CHARS \
                and not _SENTENCE_END.search(line):
            return line
    return title


FULLER_TITLE_CHARS = 30


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
    """A byline at the very end: a name alone on the last line, or glued after the last
    sentence's full stop."""
    last = body[-1]
    m = NAME_LINE.fullmatch(last)
    if m and not _starts_like_org(last) and _may_be_person(last):
        if _signs_a_document(body):
            return None  # "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Nguyễn Văn Thành": the signer
        body.pop()
        return m.group("author")
    m = TAIL_BYLINE.search(last, max(0, len(last) - TAIL_WINDOW))
    if m and not _starts_like_org(m.group("author")) and _may_be_person(m.group("author")):
        body[-1] = last[: m.start()].rstrip()
        return m.group("author")
    return None


# A byline glued to the last sentence lies in the last characters of the page.
TAIL_WINDOW = 200


def _signs_a_document(body: list[str]) -> bool:
    """Whether the line above the last is a signer's position in capitals ("CHỦ TỊCH",
    "KT. CHỦ TỊCH", "TM. BAN THƯỜNG VỤ"): the name under it signs a legal text."""
    above = [line for line in body[:-1] if line][-1:]
    return bool(above) and bool(_SIGNER_ABOVE.match(above[0]))


_SIGNER_ABOVE = rx.compile(r"(?:(?:tm|kt|tl|q|tuq)\.\s*)?(?-i:[\p{Lu}\s.]{4,60})$", regex.IGNORECASE)


def _join(title: str | None, body: list[str]) -> str:
    """Title, a blank line, then the body with runs of blank lines folded to one."""
    out: list[str] = [title, ""] if title else []
    for line in body:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
