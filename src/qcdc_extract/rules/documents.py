"""Rules for document citations, each with a real example. Type names come from data/doc_types.tsv."""
import regex

_F = regex.VERSION1
_UP = r"[A-ZĐ]"
# A symbol part: "NQ", "TU", "VPTW", "UBTVQH11", "QĐi", "CTr".
_PART = rf"{_UP}[A-ZĐa-zđ]{{0,2}}[A-ZĐ\d]{{0,8}}"

# "02-NQ/TU", "02 NQ/TU", "36-HD/VPTW", "15-NQ/ĐU", "43-KL/TW": Party documents.
PARTY_NUMBER = regex.compile(
    rf"(?P<num>\d{{1,5}})\s?[-–]?\s?(?P<sym>{_PART}\s?/\s?{_PART}(?:\s?[-–]\s?{_PART})*)(?![\w/])", _F
)
# "04/2015/NĐ-CP", "34/2007/PL-UBTVQH11", "10/2022/QH15": State documents with a year.
STATE_NUMBER_YEAR = regex.compile(
    rf"(?P<num>\d{{1,5}})\s?/\s?(?P<year>(?:19|20)\d\d)\s?/\s?(?P<sym>{_PART}(?:\s?[-–]\s?{_PART})*)(?![\w/])", _F
)
# "1234/QĐ-UBND", "123/UBND-NC", "45/KH-UBND": State documents without a year.
STATE_NUMBER = regex.compile(rf"(?P<num>\d{{1,5}})\s?/\s?(?P<sym>{_PART}(?:\s?[-–]\s?{_PART})+)(?![\w/])", _F)
# "34/2007": number and year only.
NUMBER_YEAR = regex.compile(r"(?P<num>\d{1,5})\s?/\s?(?P<year>(?:19|20)\d\d)(?![\d/])", _F)
# "42", "02": a bare number, never the start of a duration ("Kế hoạch 5 năm") or a date.
BARE_NUMBER = regex.compile(
    r"(?P<num>\d{1,5})(?![\d/.,]\d|\s?[-/]\s?\d|\s+(?:năm|tháng|ngày|tuần|quý)\b|[\p{L}])", _F | regex.IGNORECASE
)
# What joins a type to its number: "số", "số:", "số 02", or nothing ("Đề án 02").
NUMBER_INTRO = regex.compile(r"\s*(?:số\s*:?\s*)?", regex.IGNORECASE)

# The issue date after a number: ", ngày 12/5/2017", " ban hành ngày 12 tháng 5 năm 2017".
ISSUED = regex.compile(
    r"\s*,?\s*(?:\(\s*)?(?:ban\s+hành\s+|ký\s+)?(?P<date>ngày\s+(?P<d>\d{1,2})\s?(?:[/.-]|\s+tháng\s+)\s?(?P<m>\d{1,2})\s?(?:[/.-]|\s+năm\s+)\s?(?P<y>(?:19|20)\d\d))",
    regex.IGNORECASE,
)
# The issuer after "của": "của Ban Chấp hành Đảng bộ tỉnh", "của BTV Tỉnh uỷ".
ISSUER_INTRO = regex.compile(r"\s*,?\s*(?:của|do)\s+", regex.IGNORECASE)
ISSUER_WORD = regex.compile(r"[\p{L}\p{M}]+|\d+")
# The quoted subject after "về": về “Tăng cường và đổi mới ...”.
SUBJECT = regex.compile(r"\s*,?\s*(?:về\s+(?:việc\s+)?)?[“\"‘'](?P<subject>[^”\"’'\n]{3,300})[”\"’']")

# Named but unnumbered resolutions: "Nghị quyết Trung ương 4 (khóa XII)", "Nghị quyết Đại hội
# Đảng toàn quốc lần thứ XIII", "Nghị quyết Trung ương 4 khóa XI".
NAMED_RESOLUTION = regex.compile(
    r"(?:Trung\s+ương|TW|Hội\s+nghị\s+Trung\s+ương)\s+(?:\d{1,2}|[IVX]+)\s*(?:\(?\s*khóa\s+[IVXL]+\s*\)?)?"
    r"|[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?Đảng\s+(?:bộ\s+)?toàn\s+quốc\s+lần\s+thứ\s+[IVXL]+"
    r"|[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?Đảng\s+bộ\s+(?:tỉnh|huyện|xã|thành\s+phố|thị\s+xã)\s+lần\s+thứ\s+[IVXL]+(?:\s*,?\s*nhiệm\s+kỳ\s+\d{4}\s?[-–]\s?\d{4})?",
    _F,
)
# A list of further numbers under one type: "Nghị quyết số 02-NQ/TU và 03-NQ/TU", "Chỉ thị số 05, 06".
LIST_JOINER = regex.compile(r"\s*(?:,|và|;)\s*(?:số\s*)?", regex.IGNORECASE)
