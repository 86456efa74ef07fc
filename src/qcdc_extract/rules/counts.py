"""Rules for counts and measures, each with a real example.

Word lists come from data files: counted nouns and units (data/count_units.tsv), number and
scale words (data/number_words.tsv), the words around a number that decide whether it counts
(data/count_context.tsv) and the document types (data/doc_types.tsv, labels before a number).
"""
from __future__ import annotations

from functools import cache
from types import SimpleNamespace

import regex

from qcdc_extract.facts import word_hashes
from qcdc_extract.resources import DataFileError, load_table
from qcdc_extract.scan import Scan, bounded, first_words
from qcdc_extract.vi import alternation, number_words, spellings
from qcdc_extract.vi import key as fold

# Simple case folding (VERSION0): all Vietnamese needs, and full folding triples compile time.
_F = regex.IGNORECASE | regex.VERSION0

# Horizontal space only: a count never runs across a line break.
_SP = r"[ \t\u00a0\u2009\u202f]"
# A word boundary for syllables (letters and combining marks).
_END = r"(?![\p{L}\p{M}])"
_START = r"(?<![\p{L}\p{M}])"

# "none": a number before the word is not a count ("tăng trưởng hai con số": double digits).
UNIT_KINDS = frozenset({"count", "money", "area", "length", "weight", "volume", "power", "percent", "per_mille",
                        "furniture", "none"})


def __getattr__(name: str):
    """The rules built from data files (UNITS, DIGIT_COUNT, ...), compiled on first use:
    importing this module reads no file."""
    try:
        return getattr(_compile(), name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def compile_rules() -> None:
    """Compile the rules now (the pipeline does it when loaded, not on the first article)."""
    _compile()


@cache
def _compile() -> SimpleNamespace:
    UNITS = load_table("count_units.tsv", ("surface", "unit", "kind", "source"))
    CONTEXT = load_table("count_context.tsv", ("word", "role", "source"))
    DOC_TYPES = load_table("doc_types.tsv", ("surface",))

    for _row in UNITS:
        if _row["kind"] not in UNIT_KINDS or _row.get("classifier", "") not in ("", "yes"):
            raise DataFileError(f"count_units.tsv: {_row['surface']!r}: unknown kind or classifier flag")

    def _alternation(words) -> str:
        """Every spelling of the phrases as one word trie, longer phrases first, so that
        "hộ gia đình" wins over "hộ" and "đồng chí" over "đồng"."""
        return alternation(words, sep=rf"{_SP}+")

    def _words(role: str) -> list[str]:
        return [r["word"] for r in CONTEXT if r["role"] == role]

    def _role(role: str) -> list[str]:
        return [w for w, (_, r) in NUMBER_WORD_VALUE.items() if r == role]


    UNIT_BY_SURFACE = {fold(s): r for r in UNITS for s in spellings(r["surface"])}
    # Cardinal number words only: "nhất" is a number after "thứ" alone.
    NUMBER_WORD_VALUE = {w.word: (w.value, w.role) for w in number_words().values() if w.role != "ordinal"}
    # Number words that may not stand alone as a count ("một số", "năm 2022"), only open a compound.
    NOT_ALONE = frozenset(w for w in NUMBER_WORD_VALUE if not number_words()[w].alone)
    STOP_WORDS = frozenset(_words("stop")) | frozenset(NUMBER_WORD_VALUE)

    _BIG = _alternation(w for w, (_, role) in NUMBER_WORD_VALUE.items() if role in ("thousand", "million", "billion"))
    # Scale words after a figure: "64 triệu đồng", "1,5 tỷ đồng", "500 nghìn đồng", "1 nghìn tỷ".
    SCALE = rf"(?:{_BIG}){_END}"
    # A figure as Vietnamese writes it: "1.772" and "1.234.567" (dots group thousands), "1,9" and
    # "98,5" (comma decimals), "06" (leading zero); an English-style "98.5" only before "%" or a scale.
    FIGURE = rf"(?:\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{{1,2}}(?={_SP}?(?:%|{SCALE})))(?![.,]?\d)"
    # A quantity in figures: "64 triệu", "2 tỷ 500 triệu", "1.200".
    # "hơn 13 ngàn 400 hồ sơ": hundreds after a thousand word are 13.400.
    _THOUSAND = _alternation(w for w, (_, role) in NUMBER_WORD_VALUE.items() if role == "thousand")
    QUANTITY = (rf"{FIGURE}(?:{_SP}*{SCALE}(?:{_SP}+{SCALE})*(?:{_SP}+{FIGURE}{_SP}*{SCALE}(?:{_SP}+{SCALE})*)*"
                rf"(?:(?<=(?:{_THOUSAND})){_SP}+\d{{3}}(?![.,]?\d))?)?")
    # Between the two ends of a range: "3-5 hộ", "từ 10 - 15 người", "01 đến 02 cuộc giám sát",
    # "từ 170 đến gần 250 triệu đồng".
    RANGE_SEP = rf"(?:{_SP}*[-–—~]{_SP}*|{_SP}+(?:đến|tới)(?:{_SP}+(?:{_alternation(_words('approx'))}){_END})?{_SP}+)"
    # Not inside a longer token: "COVID-19", "H5N1", "08:54", "0912.345.678", "ĐT605".
    NOT_GLUED = r"(?<![\p{L}\p{M}\d_]|[\p{L}\p{M}\d][.,/:–-])"

    # A noun that may follow a classifier or stand for an unlisted counted noun: a lower-case
    # syllable that is not a function, time or slogan word ("giám sát" in "7 cuộc giám sát").
    NOUN_WORD = rf"(?-i:(?!(?:{_alternation(STOP_WORDS)}){_END})\p{{Ll}}[\p{{L}}\p{{M}}]*{_END})"
    _CLASSIFIERS = [r["surface"] for r in UNITS if r.get("classifier") == "yes"]
    _HEADS = [r["surface"] for r in UNITS if r.get("classifier") != "yes" and r["kind"] != "percent"]
    # The counted noun: a percent sign; a listed head noun or unit ("356 đảng viên", "9 Chi bộ thôn",
    # "6ha", "1.200 m2"); a classifier with the noun it takes ("7 cuộc giám sát", "250 lượt cán bộ").
    # Count heads that may share one number in a list of nouns: "26 quận, huyện, thị xã",
    # "5 sở, ngành thành phố", "23 bộ, địa phương, tập đoàn và tổng công ty", "41 chi, đảng bộ".
    _LIST_HEADS = _alternation(r["surface"] for r in UNITS if r["kind"] == "count")
    # Each noun of the list ends there (a mark, a function word, another listed noun): "đơn thư, giải
    # quyết 11/12 đơn" is no list of "đơn thư" and "giải".
    _ITEM = (rf"(?:{_LIST_HEADS})(?![\p{{L}}\p{{M}}\d])"
             rf"(?={_SP}*(?:[,;.:)\]\n]|$)|{_SP}+(?:{_alternation(STOP_WORDS)}|{_LIST_HEADS}){_END})")
    # Tried after a count's match only (a separate pattern keeps DIGIT_COUNT small and fast).
    MORE_HEADS = bounded(rf"(?:{_SP}*,{_SP}*{_ITEM})+(?:{_SP}+(?:và|hoặc){_SP}+{_ITEM})?"
                               rf"|{_SP}+(?:và|hoặc){_SP}+{_ITEM}", _F)
    UNIT = (
        # Per mille before percent: "tỷ lệ sinh con thứ 3 giảm 0,8‰", typed "0,8%o".
        rf"(?P<pml>‰|[%％]o(?![\p{{L}}\p{{M}}\d]))"
        rf"|(?P<pct>[%％]|phần{_SP}+trăm{_END})"
        rf"|(?P<head>{_alternation(_HEADS)})(?![\p{{L}}\p{{M}}\d])"
        # A classifier that opens a list of nouns stands as a noun: "23 bộ, địa phương, tập đoàn".
        rf"|(?P<cls>{_alternation(_CLASSIFIERS)}){_END}(?:{_SP}+(?P<noun>{NOUN_WORD}(?:{_SP}+{NOUN_WORD})?))?"
    )
    # An unlisted noun of one or two syllables or an acronym, trusted only after a cue or in a list
    # of counts ("trồng 5.000 cây keo", "có 9 HKH cấp huyện, 175 HKH cấp xã").
    # Never a letter glued to the next figure: "15h30", "khoảng 22h15" are times.
    FALLBACK_UNIT = rf"(?P<fallback>{NOUN_WORD}(?:{_SP}+{NOUN_WORD})?(?!\d)|(?-i:\p{{Lu}}{{2,6}})(?![\p{{L}}\p{{M}}\d]))"

    # A count in figures: "1.772 cá nhân", "7/7 chi bộ", "1,9%", "64 triệu đồng", "6ha",
    # "01 đến 02 cuộc giám sát", "10-15%", and bare scaled money "10 tỷ". The unit may be missing;
    # the extractor decides then.
    DIGIT_COUNT = bounded(
        rf"{NOT_GLUED}(?P<q1>{QUANTITY})"
        rf"(?:(?P<sep>{RANGE_SEP})(?P<q2>{QUANTITY})|{_SP}?/{_SP}?(?P<total>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d/]|[.,]\d))?"
        # Every unit starts with a letter or a per cent or per mille sign: the lookahead spares
        # the engine trying each of them after a figure that has none ("| 456 | 12.345 |").
        rf"(?:{_SP}*(?=[\p{{L}}%％‰])(?:{UNIT}|{FALLBACK_UNIT}))?",
        _F,
    )

    _DIGIT = _alternation(w for w, (_, role) in NUMBER_WORD_VALUE.items() if role == "digit")
    # After "mười"/"mươi" a unit digit, never "năm" ("mười năm", "hai mươi năm" are durations).
    _AFTER_TEN = _alternation(w for w, (_, role) in NUMBER_WORD_VALUE.items()
                              if role == "after_ten" or (role == "digit" and w != "năm"))
    _TEN = _alternation(_role("ten"))
    _TENS = _alternation(_role("tens"))
    _HUNDRED = _alternation(_role("hundred"))
    _FILLER = _alternation(_role("filler"))
    _BELOW_100 = (rf"(?:(?:{_DIGIT}){_SP}+(?:{_TENS})(?:{_SP}+(?:{_AFTER_TEN}){_END})?"
                  rf"|(?:{_TEN})(?:{_SP}+(?:{_AFTER_TEN}){_END})?|(?:{_DIGIT}){_END})")
    _BELOW_1000 = (rf"(?:(?:{_DIGIT}){_SP}+(?:{_HUNDRED})(?:{_SP}+(?:(?:{_FILLER}){_SP}+(?:{_DIGIT}){_END}|{_BELOW_100}))?"
                   rf"|{_BELOW_100})")
    # A number in words, the whole of it: "ba", "mười hai", "hai mươi lăm", "một trăm",
    # "năm trăm linh năm", "hai nghìn"; never "mười năm" or "hai mươi năm" (durations).
    NUMBER_IN_WORDS = bounded(rf"{_BELOW_1000}(?:{_SP}+(?:{_BIG}){_END}(?:{_SP}+{_BELOW_1000})?)*", _F)
    # A run of number words, cheap to find; NUMBER_IN_WORDS then checks it ("trong năm hai cuộc" keeps "hai").
    _WORD_RUN = rf"\b(?:{_alternation(NUMBER_WORD_VALUE)})(?:{_SP}+(?:{_alternation(NUMBER_WORD_VALUE)}))*{_END}"
    # A count in words, only before a listed noun: "ba cuộc kiểm tra", "Hai tập thể", "mười hai hộ",
    # "hai đến ba cuộc giám sát".
    WORD_COUNT = bounded(rf"(?P<w1>{_WORD_RUN})(?:{RANGE_SEP}(?P<w2>{_WORD_RUN}))?{_SP}+(?:{UNIT})", _F)
    # WORD_COUNT tried only where a number word starts (found from the doc's tokens by these hashes).
    WORD_COUNT_SCAN = Scan(WORD_COUNT, first_words(NUMBER_WORD_VALUE, ignore_case=True))
    NUMBER_WORD_HASHES = word_hashes(NUMBER_WORD_VALUE)
    # Splits a number in words into its words, for the value.
    WORD = bounded(r"[\p{L}\p{M}]+")
    # Splits a quantity in figures into figures and scale words: "2 tỷ 500 triệu" -> 2, tỷ, 500, triệu.
    QUANTITY_PART = bounded(rf"(?P<fig>\d[\d.,]*)|(?P<scale>{SCALE})", _F)

    _DOC_TYPES = [r["surface"] for r in DOC_TYPES]
    # What stands right before a number, searched backwards from it:
    #   a label, after which a number names or orders ("thôn 3", "lần thứ 2", "năm 2022",
    #   "Chương trình 135", "Nghị quyết 02", "Hotline 0912..."), unless a distributive word
    #   ("mỗi thôn 2 mô hình") or a figure ("2 ngày 500 lượt người": a duration) comes first;
    #   or a cue, after which an unlisted noun may be counted ("trồng 5.000 cây keo", "tổng số 45").
    # Searched right to left (REVERSE) from the number: ten times faster than trying every start.
    BEFORE = bounded(
        rf"(?:(?P<dist>{_alternation(_words('distributive'))}){_SP}+|(?P<dur>\d){_SP}*)?{_START}"
        rf"(?:(?P<cue>{_alternation(_words('cue') + _words('approx'))})|(?P<label>{_alternation(_words('label') + _DOC_TYPES)}))"
        rf"{_SP}*:?{_SP}*$",
        _F | regex.REVERSE,
    )
    # A plan figure after "KH" (kế hoạch) in reports: "đạt 39,2%/KH 41,58%", "10.223 tỷ đồng/KH 18.000
    # tỷ đồng", "(KH: 95%)": a count of its own, its role "plan"; "KH" is otherwise a document label.
    PLAN_BEFORE = bounded(rf"(?:^|(?<=[\s/(]))(?-i:KH){_SP}*:?{_SP}*$", regex.REVERSE)
    # An opening quote right before a number: the number belongs to a name or slogan
    # ("“5 không, 3 sạch”", "‘3 an toàn’").
    OPEN_QUOTE_BEFORE = bounded(r"(?:[“‘«]|(?:^|(?<=\s))[\"'])\s*$")
    # A sentence opening before a capitalised number word ("Hai tập thể được khen"): elsewhere
    # "Ba", "Hai" are parts of names ("Hai Bà Trưng", "xã Ba Điền").
    SENTENCE_START_BEFORE = bounded(r"(?:^|[.!?:;…\n(“\"‘•*-])\s*$")
    # Between two counts of one list, after at most three words qualifying the first:
    # "646 tập thể, 1.772 cá nhân", "9 HKH cấp huyện, 175 HKH cấp xã", "14 tập thể và 104 cá nhân",
    # "884 đoàn viên (31,57%), 170 dân tộc ít người".
    LIST_JOIN = bounded(rf"(?:{_SP}+[\p{{L}}\p{{M}}]+){{0,3}}{_SP}*[)\]]?{_SP}*(?:[,;]{_SP}*(?:và{_SP}+)?|và{_SP}+)", _F)
    # Commas grouping thousands, English style ("2,013 hội viên"): a count of people is never 2.013.
    COMMA_THOUSANDS = bounded(r"\d{1,3}(?:,\d{3})+")
    # A plain four-digit 19xx/20xx: a year, never a count ("“Dân vận khéo”2022 được tổ chức").
    YEAR_LIKE = bounded(r"(?:19|20)\d\d")

    return SimpleNamespace(**{k: v for k, v in locals().items() if k.isupper() or k == "_words"})
