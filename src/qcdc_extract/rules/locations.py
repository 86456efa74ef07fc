"""Rules for administrative units, each with a real example. Type words come from data/unit_types.tsv."""
from __future__ import annotations

import regex

from qcdc_extract.scan import bounded
from qcdc_extract.vi import alternation

_F = regex.VERSION1
# Between a type word and its name, and between the syllables of a name: spaces on one line
# ("UBND xã\nĐồng chí ..." is a type word at a line's end, not "xã Đồng").
_SP = r"[ \t]+"
# One syllable of a name, capitalised; ethnic-minority names keep an apostrophe ("Cư M'gar",
# "Ea H'leo").
SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]*+(?:['’]\p{L}[\p{Ll}\p{M}]*+)?(?![\p{L}\p{M}])"
# A number that names a unit ("phường 5", "Quận 1", "thôn 3A"); never part of a ratio, date or
# decimal ("7/7", "5/4/2022", "1,9").
NUMBER = r"\d{1,3}+(?:[A-Z](?![\p{L}\p{M}]))?(?![.,/]\d)"
# A name: up to six capitalised syllables or numbers, joined by spaces or a spaced dash
# ("Kỳ Châu", "1 Bảo Lộc", "Bà Rịa - Vũng Tàu"), optionally after "số" ("tổ dân phố số 3").
# Six is more than any unit has; the extractor trims what follows the name ("xã Tú Sơn Nguyễn Văn A").
NAME = (rf"(?:số{_SP}(?=\d))?(?:{SYLLABLE}|{NUMBER})"
        rf"(?:(?:{_SP}|[ \t]*[-–][ \t]*)(?:{SYLLABLE}|{NUMBER})){{0,5}}")
# A name in an ALL CAPS headline: "ĐẢNG BỘ XÃ TÚ SƠN THỰC HIỆN ..."; where it ends only the
# gazetteer can tell.
UPPER_NAME = r"[\p{Lu}\d][\p{Lu}\p{M}\d'’]*+(?:[ \t]+[\p{Lu}\d][\p{Lu}\p{M}\d'’]*+){0,5}"
# After an abbreviated type word the name may be abbreviated too: "TP.HCM".
ABBR_NAME = rf"(?:\p{{Lu}}{{2,}}(?![\p{{L}}\p{{M}}])|{NAME})"
# No letter, mark or digit just before a type word: "xã" but not "thị xã" read as "xã" twice,
# nor the "xã" of "Xã hội" inside a word.
_NOT_IN_WORD = r"(?<![\p{L}\p{M}\d])"


def unit_pattern(surfaces: list[str], qualifiers: list[str]) -> regex.Pattern:
    """Where a type word is followed by what may be a name, built once from data/unit_types.tsv.

    surfaces: type words as written ("xã", "Huyện", "XÃ", "TP.", "TX"). Matches "xã Kỳ Châu",
    "các xã: Tú Sơn", "TP.HCM", "tổ dân phố số 3" up to the name; the extractor reads the name
    with NAME, ABBR_NAME or UPPER_NAME from there. Longer words come first so that "thị xã"
    wins over "thị" and "tổ dân phố" over "tổ".
    The extractor builds two: one for the lower-case words and one for the words that begin
    with a capital. The `regex` module tries an alternation wherever its first letters occur,
    so the capitalised words, whose first letters are rare, scan three times faster apart
    than mixed in with "t", "h", "x".
    """
    # A plural type word may open its list with "gồm", "như", "là": "các xã gồm Kỳ Tân, Kỳ Thư",
    # "các huyện như Kim Bôi, Lạc Sơn", "hai xã là Đác Hòa và Đác Môl" (group intro; the extractor
    # keeps it only after a plural).
    words = alternation(surfaces, tones=False)
    quals = alternation(qualifiers, tones=False)
    return bounded(
        rf"{_NOT_IN_WORD}(?P<type>{words})(?:[ \t]+(?P<qualifier>{quals}))?"
        rf"(?P<sep>[ \t]+(?P<intro>(?:bao[ \t]+)?gồm|như|là)(?:[ \t]*:)?[ \t]+|[ \t]+|[ \t]*:[ \t]*|(?<=\.))"
        rf"(?=[\p{{Lu}}\d]|số[ \t]+\d)", _F)


# A unit's name where the type word's match ends (see NAME, ABBR_NAME, UPPER_NAME).
NAME_AT = bounded(NAME, _F)
ABBR_NAME_AT = bounded(ABBR_NAME, _F)
UPPER_NAME_AT = bounded(UPPER_NAME, _F)


# The next name of a list under one type word: "6 xã Kỳ Tân, Kỳ Thư, Kỳ Hải", "các xã Tú Sơn,
# Đại Hợp và Đoàn Xá", "hai thôn Bắc Châu và Nam Châu".
# Each name may carry its parent in brackets: "6 xã: Thanh Nguyên (huyện Thanh Liêm), Ngọc Lũ
# (huyện Bình Lục), Đinh Xá (thành phố Phủ Lý)". The group "and" tells "tỉnh Bình Phước và Đắk Lắk"
# (two provinces) from an address ("xã Kỳ Châu, Kỳ Anh, Hà Tĩnh").
LIST_NEXT = bounded(
    rf"(?:[ \t]*\([^()\n]{{1,60}}\))?"
    rf"(?:[ \t]*[,;][ \t]*(?:và[ \t]+)?|{_SP}(?P<and>và|cùng|hoặc){_SP})(?P<name>{NAME})", _F)
# "(bản 2)" in a title: a version, not a village.
VERSION_BRACKET = bounded(r"\([ \t]*\Z", _F)
# A lower-case syllable after a name ("thị trấn Đồng mỏ"): the name may be a known unit typed so.
LOWER_SYLLABLE = bounded(r"[ \t]+(?P<syl>\p{Ll}[\p{Ll}\p{M}]*+)(?![\p{L}\p{M}])", _F)
# What makes a type word plural, just before it: "6 xã", "các xã", "những thôn", "hai phường".
PLURAL_BEFORE = bounded(
    r"(?:^|[^\p{L}\p{M}\d])(?:các|những|\d{1,3}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)[ \t]+\Z", _F | regex.IGNORECASE)
PLURAL_WINDOW = 12
# A parent written right after a unit: "thôn Bắc Châu, xã Kỳ Châu", "xã Tú Sơn (huyện Kiến
# Thụy)", "xã Mỹ Thanh thuộc huyện Bạch Thông", "xã Tú Sơn - huyện Kiến Thụy".
PARENT_GAP = bounded(r"[ \t]*(?:[,(–-][ \t]*)?(?:thuộc[ \t]+)?(?:địa[ \t]+bàn[ \t]+)?", _F)
# A bare parent after a unit, in an address: "xã Tú Sơn, Kiến Thụy, Hải Phòng".
BARE_PARENT = bounded(rf"[ \t]*[,(–-][ \t]*(?P<name>{SYLLABLE}(?:{_SP}{SYLLABLE}){{0,3}})", _F)

# Context for telling same-named units apart ---------------------------------------------
# A Party committee named after its unit, with or without the name: "Huyện ủy Kim Bôi",
# "Thành ủy Hải Phòng", "BTV Tỉnh ủy", "Thị ủy" (the committee of a thị xã).
# Anchored on the rarer "ủy" and looking back for the unit's word, three times faster than the
# other way round.
COMMITTEE = bounded(
    rf"(?<={_NOT_IN_WORD}(?P<kind>[Tt]ỉnh|[Hh]uyện|[Tt]hành|[Tt]hị|[Qq]uận)[ \t]+)(?:ủy|uỷ|Ủy|Uỷ)(?![\p{{L}}\p{{M}}])"
    rf"(?:{_SP}(?P<name>{SYLLABLE}(?:{_SP}{SYLLABLE}){{0,3}}))?", _F)
COMMITTEE_KIND = {"tỉnh": "tỉnh", "huyện": "huyện", "thành": "thành phố", "thị": "thị xã", "quận": "quận"}
# A type word used on its own for the article's own unit: "văn bản chỉ đạo của trung ương,
# thành phố, huyện" (a commune under a city), "UBND tỉnh", "chính quyền thị xã".
GENERIC_TYPE = bounded(
    rf"{_NOT_IN_WORD}(?P<kind>[tT](?:ỉnh|hành[ \t]+phố|hị[ \t]+xã)|[hH]uyện|[qQ]uận)(?![\p{{L}}\p{{M}}])"
    rf"(?![ \t]+(?:[\p{{Lu}}\d]|ủy|uỷ|đoàn|hội))", _F)
# A run of capitalised syllables, to find province names written bare ("Hải Phòng", "Hà Tĩnh").
CAPITALISED_RUN = bounded(rf"{_NOT_IN_WORD}{SYLLABLE}(?:{_SP}{SYLLABLE}){{1,3}}", _F)

# All capital letters: an abbreviation ("UBND", "HĐND"), never a name by itself.
ALL_CAPS = bounded(r"\p{Lu}{2,}", _F)
# One syllable or number of a matched name with its offsets; the joiner before it tells a
# dash (where an unknown name is cut) from a space.
NAME_PART = bounded(rf"(?P<dash>[ \t]*[-–][ \t]*)?(?P<part>{SYLLABLE}|{NUMBER}|[\p{{Lu}}\d][\p{{Lu}}\p{{M}}\d'’]*)", _F)
