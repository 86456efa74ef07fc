"""Rules for document citations, each with a real example. Type names come from data/doc_types.tsv."""
import regex

from qcdc_extract.scan import bounded


_F = regex.VERSION1
_I = regex.IGNORECASE | regex.VERSION1

# Space within a line: a citation never runs over a line break, so that a heading's number
# never takes the next paragraph's "Ngày 5/4/2022, ..." as its issue date.
H = r"[^\S\n]"
_DASH = r"[\-–‐]"
_L = r"[\p{L}\p{M}]"
# A document number: "02", "1234", "30a" (Nghị quyết 30a/2008/NQ-CP). Possessive, so that a
# failing check after it never backtracks into the digits ("Kế hoạch số 42 ngày ..." is 42, not 4).
_NUM = rf"(?P<num>\d{{1,5}}+(?:[a-z](?!{_L}))?+)"
# A symbol part: two or more capitals or digits, at most two small letters among them:
# "NQ", "TU", "VPTW", "UBTVQH11", "QĐi", "CTr", "TTg", "HĐND", "TƯ"; never a word ("Quy").
# Two offices joined by "&" are one part: "Công văn số 2231/SNV-CCHC&PC" (Sở Nội vụ, phòng
# Cải cách hành chính và Pháp chế).
_PART = r"\p{Lu}[\p{Lu}\d]++(?:\p{Ll}{1,2}+[\p{Lu}\d]*+)?(?:&\p{Lu}[\p{Lu}\d]*+)?"
_SYMBOL_END = rf"(?!{_L}|\d|/)"

# Party documents: "02-NQ/TU", "30-CT/TW", "36-HD/VPTW", "15-NQ/ĐU", "08-QĐi/TW", and the
# stray spaces of hasty typing: "02 NQ/TU", "02- NQ/TU", "12- KL/TW"; a joint resolution written
# with slashes and several bodies: "Nghị quyết liên tịch số 04/NQ/ĐCT-MTTW".
PARTY_NUMBER = bounded(
    rf"{_NUM}{H}?(?:{_DASH}|/)?{H}?(?P<sym>{_PART}{H}?/{H}?{_PART}(?:{_DASH}{H}?{_PART})*+){_SYMBOL_END}", _F
)
# State documents with a year: "04/2015/NĐ-CP", "34/2007/PL-UBTVQH11", "10/2022/QH15", "04/2015/ NĐ-CP".
STATE_NUMBER_YEAR = bounded(
    rf"{_NUM}{H}?/{H}?(?P<year>(?:19|20)\d\d){H}?/{H}?(?P<sym>{_PART}(?:{_DASH}{H}?{_PART})*+){_SYMBOL_END}", _F
)
# State documents without a year: "1234/QĐ-UBND", "45/KH-UBND", "123/UBND-NC", "567/UBND".
STATE_NUMBER = bounded(rf"{_NUM}{H}?/{H}?(?P<sym>{_PART}(?:{_DASH}{H}?{_PART})*+){_SYMBOL_END}", _F)
# Number and year only: "Pháp lệnh số 34/2007".
NUMBER_YEAR = bounded(rf"{_NUM}{H}?/{H}?(?P<year>(?:19|20)\d\d)(?!\d|{H}?/)", _F)
# A bare number: "Kế hoạch số 42 ngày 07/7/2021", "Đề án 02 của ...", "Nghị quyết số 02 năm 2017",
# "Kế hoạch số 12 tháng 3/2023";
# never a duration ("Kế hoạch 5 năm", "Nghị quyết 3 tháng", "30 ngày" without a date after it),
# a range or ratio ("2021-2025", "7/7"), a decimal ("1,9"), a percentage or glued letters ("6ha").
BARE_NUMBER = bounded(
    rf"{_NUM}(?!{_L}|\d|[.,]\d|{H}?[\-–/]{H}?\d|{H}?%"
    rf"|{H}+năm(?!{_L})(?!{H}+(?:19|20)\d\d(?!\d|{H}?[\-–]{H}?\d))"
    rf"|{H}+tháng(?!{_L})(?!{H}+\d{{1,2}}{H}?(?:[/.\-]|năm){H}?(?:19|20)\d\d)"
    rf"|{H}+(?:tuần|quý|giờ|buổi|kỳ|lần)(?!{_L})"
    rf"|{H}+ngày(?!{_L})(?!{H}+\d{{1,2}}{H}?(?:[/.\-]|tháng)))",
    _I,
)
# A bare number that is a year: "Kế hoạch 2023" is the plan for a year, not plan number 2023.
YEAR_LIKE = bounded(r"(?:19|20)\d\d(?!\d)")
# Punctuation or a line end after a bare number written without "số": "(Kết luận 12)", "Đề án 02, ngày".
# The words that may follow one are data (data/citation_words.tsv).
BARE_END_PUNCT = bounded(rf"{H}*(?:[,.;:!?)(“”\"'‘’«»…]|{H}[\-–—]{H}|\n|$)")
# What joins a type to its number: "số", "số:", "Số.", or nothing ("Đề án 02").
NUMBER_INTRO = bounded(rf"{H}*(?:(?P<so>số)(?!\p{{L}}){H}*[:.]?{H}*)?", _I)
# What joins further numbers under one type: "Nghị quyết số 02-NQ/TU, 03-NQ/TU và 05-NQ/TU",
# "Chỉ thị số 05 và số 06", "Quyết định 217, 218-QĐ/TW".
LIST_JOINER = bounded(rf"{H}*(?:,{H}*(?:và{H}+)?|;{H}*|{H}(?:và|hoặc){H}+)(?:số{H}*)?", _I)
# A title between a law's type and its number: "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15",
# "Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn số 34/2007/PL-UBTVQH11".
TITLE_GAP = bounded(
    rf"{H}+(?P<title>{_L}+(?:{H}*,?{H}+{_L}+){{0,15}}?){H}+số{H}*:?{H}*", _I
)
# Words before a type word that make it part of another word: "pháp luật", "kỷ luật".
NOT_TYPE_BEFORE = bounded(rf"(?<![\p{{L}}\p{{M}}])(?:pháp|kỷ|kỉ){H}+$", _I)

# The issue date after a number: ", ngày 12/5/2017", " ngày 12 tháng 5 năm 2017",
# " ban hành ngày 07/7/2021", " (ngày 15-5-2016)". The named group "date" starts at "ngày".
ISSUED = bounded(
    rf"{H}*,?{H}*(?:\({H}*)?(?:(?:được{H}+)?(?:ban{H}+hành|ký){H}+(?:vào{H}+)?)?"
    rf"(?P<date>ngày{H}+(?P<d>\d{{1,2}})(?:{H}?(?P<sep>[/.\-]){H}?(?P<m>\d{{1,2}}){H}?(?P=sep){H}?"
    rf"|{H}+tháng{H}+(?P<m>\d{{1,2}}){H}*,?{H}*năm{H}+)(?P<y>(?:19|20)\d\d))(?!\d)(?:{H}*\))?",
    _I,
)
# An issue month, which is no issue date but stands between a number and its issuer:
# "Kế hoạch số 12 tháng 3/2023 của UBND xã".
ISSUED_MONTH = bounded(
    rf"{H}*,?{H}*(?:ban{H}+hành{H}+)?tháng{H}+\d{{1,2}}{H}?(?:[/.\-]|năm){H}?(?:19|20)\d\d(?!\d)", _I
)
# The issuer after "của" or "do": "của Ban Chấp hành Đảng bộ tỉnh", "của BTV Tỉnh uỷ", "do UBND tỉnh".
ISSUER_INTRO = bounded(rf"{H}*,?{H}*(?:của|do){H}+", _I)
ISSUER_WORD = bounded(r"[\p{L}\p{M}]+|\d+")
# Between two words of an issuer: spaces on one line ("Ban Chấp hành", not "Tỉnh ủy\nĐồng chí").
ISSUER_GAP = bounded(rf"{H}+")
# "đã ban hành" just before a type, with the issuer before it: "Bộ Chính trị đã ban hành Chỉ thị số
# 45-CT/TW", "Ban Thường vụ Tỉnh ủy vừa ký ban hành Kế hoạch số 15-KH/TU".
ISSUED_BY_BEFORE = bounded(rf"{H}+(?:(?:đã|vừa){H}+)?(?:ký{H}+)?ban{H}+hành{H}+$", _I)
# Where the clause that names that issuer begins: after a comma or a sentence end.
CLAUSE_START = bounded(r"[,.;:!?()\n]\s*")
# A term after that issuer: "Ban Chấp hành Đảng bộ tỉnh khóa XIII đã ban hành ...".
TERM_TAIL = bounded(rf"{H}*,?{H}*\(?{H}*kh(?:óa|oá){H}+[IVXL]+{H}*\)?$", _I)
# The date that opens that clause: "Ngày 14-11-2016, Ban Chấp hành ...", "ngay từ ngày 20/6/2020, ...".
DATE_BEFORE = bounded(
    rf"(?P<date>ngày{H}+(?P<d>\d{{1,2}})(?:{H}?(?P<sep>[/.\-]){H}?(?P<m>\d{{1,2}}){H}?(?P=sep){H}?"
    rf"|{H}+tháng{H}+(?P<m>\d{{1,2}}){H}*,?{H}*năm{H}+)(?P<y>(?:19|20)\d\d))(?!\d){H}*,\s*$",
    _I,
)
# The quoted title after "về": về “Tăng cường và đổi mới sự lãnh đạo của Đảng ...”, also after
# the issuer's term: của Bộ Chính trị (khóa XII) về “Đẩy mạnh học tập ...”.
SUBJECT = bounded(
    rf"(?:{H}*\({H}*kh(?:óa|oá){H}+[IVXL]+{H}*\)|{H}*,?{H}*kh(?:óa|oá){H}+[IVXL]+)?"
    rf"(?:\s*,?\s*về{H}+(?:việc{H}+)?|{H}*,?{H}*)[“\"‘'«]{H}*(?P<subject>[^“”\"‘’'«»\n]{{3,300}}?){H}*[”\"’'»]", _I
)

# Named but unnumbered resolutions ----------------------------------------------------
_ROMAN = r"[IVXL]+(?![\p{L}\p{M}])"
_ORD_WORD = rf"nhất|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười(?:{H}+(?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))?"
# The term of a plenum: " (khóa XII)", ", khoá XI", " khóa 12".
_KHOA = (
    rf"(?:{H}*\({H}*(?i:kh(?:óa|oá)){H}+(?P<khoa>{_ROMAN}|\d{{1,2}}){H}*\)"
    rf"|{H}*,?{H}*(?i:kh(?:óa|oá)){H}+(?P<khoa>{_ROMAN}|\d{{1,2}}))"
)
# "Nghị quyết Trung ương 4 (khóa XII)", "Nghị quyết Trung ương 4 khóa XI", "Nghị quyết TW 4",
# "Nghị quyết Hội nghị Trung ương 5, khoá XII".
CENTRAL_PLENUM = bounded(
    rf"{H}+(?:(?i:hội{H}+nghị){H}+)?(?:(?i:trung{H}+ương)|TW|TƯ){H}*(?:(?i:lần{H}+thứ){H}+)?"
    rf"(?P<ord>\d{{1,2}}(?!\d)|{_ROMAN}){_KHOA}?",
    _F,
)
# "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII".
CENTRAL_PLENUM_LONG = bounded(
    rf"{H}+(?i:hội{H}+nghị{H}+(?:lần{H}+thứ{H}+)?)(?P<ord>\d{{1,2}}(?!\d)|{_ROMAN}|(?i:{_ORD_WORD})){H}+"
    rf"(?i:(?:của{H}+)?ban{H}+chấp{H}+hành{H}+trung{H}+ương(?:{H}+đảng)?){_KHOA}?",
    _F,
)
# "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII", "Nghị quyết Đại hội đại biểu toàn quốc lần
# thứ XIII của Đảng", "Nghị quyết Đại hội XIII của Đảng".
NATIONAL_CONGRESS = bounded(
    rf"{H}+(?i:đại{H}+hội{H}+(?:đại{H}+biểu{H}+)?(?:đảng{H}+)?toàn{H}+quốc{H}+lần{H}+thứ{H}+)"
    rf"(?P<ord>{_ROMAN}|\d{{1,2}}(?!\d))(?i:{H}+của{H}+đảng)?"
    rf"|{H}+(?i:đại{H}+hội{H}+(?:đảng{H}+)?(?:lần{H}+thứ{H}+)?)(?P<ord>{_ROMAN})(?i:{H}+của{H}+đảng)?",
    _F,
)
# "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX", "Nghị quyết Đại hội Đảng bộ huyện
# lần thứ XX, nhiệm kỳ 2020-2025", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Tiền Giang lần thứ XI".
LOCAL_CONGRESS = bounded(
    rf"{H}+(?i:đại{H}+hội{H}+(?:đại{H}+biểu{H}+)?đảng{H}+bộ)"
    rf"(?P<unit>{H}+(?i:tỉnh|thành{H}+phố|huyện|quận|thị{H}+xã|xã|phường|thị{H}+trấn|khối|cơ{H}+sở))?"
    rf"(?P<name>(?:{H}+\p{{Lu}}[\p{{L}}\p{{M}}]*){{1,4}}?)?{H}+(?i:lần{H}+thứ){H}+(?P<ord>{_ROMAN}|\d{{1,2}}(?!\d))"
    rf"(?:{H}*,?{H}*(?i:nhiệm{H}+kỳ){H}+(?P<term>(?:19|20)\d\d{H}?[\-–]{H}?(?:19|20)\d\d))?",
    _F,
)
