"""Rules for officials, each with a real example. Word lists live in the gazetteers
(titles.tsv, organisations.tsv, family_names.tsv) and in data/title_ends.tsv; the patterns
built from them are compiled once in officials.py from the templates at the end."""
import regex

from qcdc_extract.scan import bounded
from qcdc_extract.vi import HONORIFICS, word_pattern

_F = regex.VERSION1
_L = r"[\p{L}\p{M}]"

# One capitalised syllable: "Nguyễn", "Đăng", "Pấng", and the two capitals of Ê Đê and Jrai
# names ("Y Quang BKrông", "Ksor Ni", "Y Ngọc MLô"); never an acronym ("BCĐ", "TP", "ThS").
SYLLABLE = r"\p{Lu}(?:\p{Lu}(?=\p{Ll}))?[\p{Ll}\p{M}]*(?![\p{L}\p{M}\d])"
# A run of capitalised syllables on one line: "Võ Ngọc Thương", "Kỳ Châu Nguyễn Văn A",
# "Phó Bí". Names are found inside these runs (officials.py splits places and titles off).
# Never inside a dotted abbreviation: "Bí thư T.Ư Đảng" holds no name "Ư Đảng".
CAP_RUN = bounded(rf"(?<!{_L})(?<!(?<!{_L})\p{{Lu}}\.){SYLLABLE}(?:[ \t\u00a0]+{SYLLABLE})+", _F)
# One syllable inside a run.
RUN_SYLLABLE = bounded(SYLLABLE, _F)

# An honorific right before a name: "Đồng chí Võ Ngọc Thương", "đ/c Hà Đức Tập",
# "ông Lò Văn Pấng", "bà Hà Thị Nga", "các đồng chí: Nguyễn Văn A, ...".
# Searched on the few characters that end at the name.
_HONORIFIC = "|".join(r"\s+".join(map(regex.escape, h.split())) for h in HONORIFICS)
HONORIFIC_BEFORE = bounded(rf"(?<!{_L})(?P<hon>(?i:{_HONORIFIC}))\s*:?\s+$", _F)
# The honorific at the start of a capitalised run: "Ông Nguyễn Văn Hải cho biết", "Bà Hà Thị Nga".
HONORIFIC_WORD = bounded(r"(?i:ông|bà|anh|chị)", _F)
# An honorific as a word: it ends a title ("Chủ tịch UBND xã, ông Lê Văn A" ends at "ông");
# "Ông", "Bà" capitalised inside a title are places ("Chủ tịch UBND tỉnh Bà Rịa - Vũng Tàu").
HONORIFIC_AT = bounded(rf"(?:[Đđ]ồng\s+chí|[Đđ]/c|ông|bà)(?!{_L})", _F)
# Spellings of the honorific, kept in their own column: vi.HONORIFICS.

# What joins a name to the title after it: "Võ Ngọc Thương - Phó trưởng ban ...",
# "Nguyễn Văn Hội – Uỷ viên BTV", "Hà Đức Tập, Phó Bí thư ...", "Lê Văn B (Trưởng thôn 3)",
# "bà Nguyễn Thị B là Chủ tịch Hội Phụ nữ xã", "Chi bộ do đồng chí Trần Văn Bảy làm Bí thư",
# "trao quyết định cho đồng chí Phạm Văn Dũng giữ chức Bí thư Đảng ủy xã",
# "ông Lê Văn Ba, 68 tuổi, Bí thư chi bộ thôn 3", "Trung tướng Đặng Văn Hòa, năm nay 96
# tuổi, nguyên Tư lệnh Quân khu 3", "Trần Văn Tú (SN 1975), Giám đốc Công ty ..." (an age or a
# birth year in between), "đồng chí Lê Văn Hải thôi giữ chức Ủy viên Ban Thường vụ Tỉnh ủy"
# (a decision to leave a post names it), and nothing at all
# before a known title in captions: "Đồng chí Lê Văn Khoa Chủ tịch UBND xã phát biểu".
#
# An election or appointment verb before the new post (the post is the title):
# "ông Cao Ngọc Quang tiếp tục được bầu giữ chức Chủ tịch UBND xã",
# "Ông Trịnh Minh Khoa tái đắc cử chức Phó Chủ tịch UBND xã Tân Kiều",
# "đồng chí Vũ Thị Lợi được bầu là bí thư chi bộ", "bà Lê Thị Hoa được bổ nhiệm giữ chức
# vụ Phó Giám đốc Sở Nội vụ", "ông Hà Văn Nam trúng cử Chủ tịch HĐND xã".
ELECTED = (
    r"(?:tiếp[ \t]+tục[ \t]+)?"
    r"(?:được[ \t]+(?:bầu(?:[ \t]+lại)?|bổ[ \t]+nhiệm(?:[ \t]+lại)?|tín[ \t]+nhiệm[ \t]+bầu)|tái[ \t]+đắc[ \t]+cử|đắc[ \t]+cử|trúng[ \t]+cử)"
    r"(?:[ \t]+(?:giữ[ \t]+chức(?:[ \t]+vụ)?|làm|là|vào[ \t]+chức(?:[ \t]+vụ)?|chức(?:[ \t]+vụ)?))?"
)
RIGHT_JOIN = bounded(
    r"(?:[ \t]*,[ \t]*(?:năm[ \t]+nay[ \t]+)?\d{1,3}[ \t]+tuổi(?=[ \t]*[-–—,(])"
    r"|[ \t]*\([ \t]*(?:SN|sinh[ \t]+năm)[ \t]*\d{4}[ \t]*\)(?=[ \t]*[-–—,]))?[ \t]*(?P<sep>[-–—]|,|\(|:)[ \t]*"
    rf"|[ \t]+(?P<elected>{ELECTED})[ \t]+"
    r"|[ \t]+(?P<sep2>là|làm|kiêm|(?:thôi[ \t]+)?giữ[ \t]+chức(?:[ \t]+vụ)?)[ \t]+"
    r"|[ \t]+",
    _F,
)
# An election verb after a name's present post: the new post is the title ("ông Nguyễn
# Văn Thảo, Bí thư Đảng ủy được bầu làm Chủ tịch HĐND xã" is Chủ tịch HĐND xã).
ELECTED_AFTER = bounded(rf"[ \t]+(?:{ELECTED})[ \t]+", _F)
# A predicate right after a title: a lower-case word ("Chủ tịch UBND tỉnh giao cho sở").
PREDICATE_AFTER = bounded(r"[ \t]+\p{Ll}", _F)
# Names joined before one election verb share its post: "ông Nguyễn Hữu Yên và bà Ngô Thị
# Lĩnh tiếp tục được bầu làm Phó Chủ tịch UBND xã" (both are Phó Chủ tịch).
CO_ELECTED = bounded(r"[ \t]*(?:,|và|,[ \t]*và)[ \t]*", _F)
# What may stand between a title and the name after it: nothing ("Phó Bí thư Thường trực
# Tỉnh ủy Nguyễn Đăng Quang"), a comma ("Chủ tịch UBND xã, ông Lê Văn A"), "là"
# ("Bí thư chi bộ là đồng chí Lò Văn B"), a colon ("các đồng chí Phó Chủ tịch UBND huyện: ...").
# An academic degree may stand before the name and is left out of the title: "Viện trưởng
# Viện Nghiên cứu lập pháp, PGS.TS Nguyễn Văn Cường", "Giám đốc Bệnh viện tỉnh, BS Lê Văn An".
DEGREE = (r"(?:(?:GS|PGS|TSKH|TS|ThS|BSCKII|BSCKI|BS|KS|NCS|Giáo[ \t]+sư|Phó[ \t]+Giáo[ \t]+sư|Tiến[ \t]+sĩ|Thạc[ \t]+sĩ)"
          r"(?![\p{L}\p{M}])(?:[ \t]*[.,\-–/][ \t]*|[ \t]+))+")
DEGREE_AT = bounded(DEGREE, _F)
LEFT_BRIDGE = bounded(rf"[ \t]*(?:,|:|[ \t]là)?[ \t]*(?:{DEGREE})?", _F)
# What chains one position to the next inside a title: "Bí thư Đảng ủy - Chủ tịch HĐND xã",
# "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh", "Phó Chủ tịch UBND xã kiêm Trưởng
# Công an xã", "Bí thư chi bộ đồng thời là Trưởng thôn".
CHAIN = bounded(r"[ \t]*(?P<sep>[-–—,])[ \t]*|[ \t]+(?P<word>kiêm|đồng\s+thời\s+là|đồng\s+thời)[ \t]+|[ \t]+", _F)
# A second department sharing one organisation, after a comma inside a title:
# "Phó trưởng ban tuyên giáo, dân vận Huyện ủy" (lower-case words, then a Party committee
# or an organisation abbreviation).
COORDINATED = bounded(
    r",[ \t]*(?:\p{Ll}[\p{Ll}\p{M}]*[ \t]+){1,3}(?:(?:Huyện|Tỉnh|Thành|Quận|Thị|Đảng)[ \t]+(?:ủy|uỷ)|\p{Lu}{2,}\b)", _F
)
# An organisation in brackets inside or after a title, part of it: its abbreviation
# ("Trưởng phòng Nông nghiệp và Phát triển nông thôn (NN&PTNT) huyện Đác Song") or the body
# it belongs to ("nghiên cứu viên cao cấp (Bộ Công Thương)"); lexicon.py decides on the body.
BRACKETED = bounded(r"\([ \t]*(?P<body>[^()\n]{1,60}?)[ \t]*\)", _F)
# A bracket body that is an abbreviation alone: "NN&PTNT", "LĐ-TB&XH", "UBMTTQ".
ABBREVIATION = bounded(r"\p{Lu}[\p{Lu}\d]*(?:[&/\-.][\p{Lu}\d]+)+|\p{Lu}{2,}\d*", _F)
# "của" joining a title to its organisation: "chuyên viên của sở", "Phó Chủ nhiệm Ủy ban
# Pháp luật của Quốc hội" (the next word is checked in titles.py).
OF = bounded(r"của[ \t]+", _F)
# "phòng, chống" (prevent and combat), one phrase despite its comma, inside a committee's
# name: "Trưởng Ban Chỉ đạo Trung ương về phòng, chống tham nhũng".
PREVENT_COMBAT = bounded(r"(?<=(?<![\p{L}\p{M}])phòng)[ \t]*,[ \t]*chống(?![\p{L}\p{M}])", _F)
# An abbreviation with dots inside, one word of a title: "Bí thư T.Ư Đảng", "Trưởng Ban Dân
# vận T.Ư", "Phó Bí thư Thành ủy TP.HCM" (a dot followed by a space still ends the title).
DOTTED_ABBR = bounded(r"\p{Lu}{1,2}(?:\.\p{Lu}{1,4})+(?![\p{L}\p{M}\d.])", _F)
# Where every title ends: the end of a sentence or clause, a bracket, a quote, a line break.
HARD_END = bounded(r"[.;:!?()\[\]“”\"'‘’…\n\r]", _F)
# A word of a title's organisation part: "Huyện ủy", "HĐND", "3", "Bắc Châu", "ĐTNCS".
TAIL_WORD = bounded(r"[\p{L}\p{M}\d]+(?:[/&][\p{L}\p{M}\d]+)*", _F)
# A qualifier before a title, part of it: "nguyên Chủ tịch UBND xã", "tân Bí thư Huyện ủy".
# Words before a title that qualify it: "nguyên Bí thư" (former), "tân Chủ tịch" (new),
# "quyền Trưởng ban" (acting).
TITLE_PREFIX_WORDS = ("nguyên", "tân", "quyền")
TITLE_PREFIX = rf"(?:(?i:{'|'.join(TITLE_PREFIX_WORDS)})[ \t]+)?"
# Unit words whose capitalised followers name a place, read backwards from a run:
# "thôn Lê Xá", "UBND tỉnh Hà Tĩnh" (template; the units come from data/title_ends.tsv).
PLACE_BEFORE_TEMPLATE = r"(?<!{L})(?i:{units})[ \t]+$"
# What names a body after a leader, right before his name: an abbreviation or "Cộng sản"
# ("Bí thư Đoàn TNCS Hồ Chí Minh xã Mường Lựm", "Đoàn Thanh niên Cộng sản Hồ Chí Minh").
NAMED_AFTER_BEFORE = bounded(r"(?:(?<![\p{L}\p{M}])\p{Lu}{2,}|(?i:cộng[ \t]+sản))[ \t]+$", _F)
# A Party committee right before a run: its followers may be a place ("Tỉnh ủy Hà Tĩnh
# Hoàng Trung Dũng") or the name itself ("Huyện ủy Phan Văn Định").
COMMITTEE_BEFORE = bounded(r"(?:ủy|uỷ|Ủy|Uỷ)[ \t]+$", _F)
# The place of a title's organisation after a comma: "Trưởng thôn Phú Lợi, xã Cẩm Lạc",
# "Bí thư Đảng ủy xã Kỳ Tân, huyện Kỳ Anh" (template; the units come from data).
PLACE_AFTER_TEMPLATE = r",[ \t]*(?i:{units})[ \t]+(?:\p{{Lu}}[\p{{Ll}}\p{{M}}]*|\d+)(?:[ \t]+(?:\p{{Lu}}[\p{{Ll}}\p{{M}}]*|\d+)){{0,3}}(?![\p{{L}}\p{{M}}\d])"
# A Party committee as a word: "Huyện ủy", "Đảng uỷ", "Tỉnh ủy" (an organisation).
COMMITTEE_WORD = bounded(
    r"(?:Huyện|Tỉnh|Thành|Quận|Thị|Đảng|Xã|Chi)[ \t]+(?:ủy|uỷ)(?![\p{L}\p{M}])", _F | regex.IGNORECASE
)
# A sentence around a trigger, for NER: up to the previous and next sentence end.
SENTENCE_END = bounded(r"[.!?;\n]", _F)


def phrase_pattern(phrase: str) -> str:
    """A phrase as a pattern: any run of spaces between words, both tone placements.

    "Ủy viên Ban Thường vụ" matches "Uỷ viên  Ban Thường vụ"; "hòa" matches "hoà".
    """
    return r"[ \t]+".join(word_pattern(w) for w in phrase.split())


# A letter class, and the start of a word (a run of letters and marks) for stepping through words.
L = _L
WORD_START = bounded(rf"(?<!{_L})[\p{{L}}\p{{M}}]+", regex.V0)
