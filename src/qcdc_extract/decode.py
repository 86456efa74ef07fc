"""Turn raw scraped bytes into Unicode text (encoding detection) and normalise that text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, CHARMAPS
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import convert

from qcdc_extract.settings import TONE_MARKS
from qcdc_extract.vi import place_tones

__all__ = ["DecodeError", "Decoded", "decode_bytes", "normalize_text"]


class DecodeError(ValueError):
    """Bytes that are not text in any supported encoding. Has .kind: 'empty' | 'binary' | 'undecodable'."""

    KINDS = ("empty", "binary", "undecodable")

    def __init__(self, kind: str, message: str):
        if kind not in self.KINDS:
            raise ValueError(f"unknown DecodeError kind {kind!r}")
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Decoded:
    """Decoded text (Unicode, not yet normalised) and the name of the encoding it came from.

    ``encoding`` is the codec of the bytes ('utf-8', 'utf-8-sig', 'utf-16-le', 'utf-16-be',
    'utf-32-le', 'utf-32-be', 'cp1258') or, for legacy Vietnamese text, the legacy table
    that was applied ('tcvn3', 'vni', 'viscii'), also when that legacy text arrived
    inside a UTF-8/UTF-16 file. ``replaced_bytes`` counts the bytes of a UTF-8 text that
    were not UTF-8 and became U+FFFD (a stray byte or a cut-off character).
    """

    text: str
    encoding: str
    replaced_bytes: int = 0


# --------------------------------------------------------------------------- thresholds

# A byte string with more than this share of C0 control bytes (other than \t \n \r \f)
# is binary. Text has next to none; random bytes have 28/256 ~ 11%. VISCII spends six C0
# bytes on the rare capitals Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ, which even an all-caps VISCII headline keeps
# far below this.
_MAX_C0_SHARE = 0.10
# UTF-16 without a BOM: Vietnamese is mostly ASCII letters and spaces, so at least this
# share of the code units has a zero high byte ...
_UTF16_MIN_ZERO_SHARE = 0.30
# ... while the low bytes are (almost) never zero (only U+xx00 code points have one).
_UTF16_MAX_OTHER_ZERO_SHARE = 0.02
# Minimum reading score (see _score) for an 8-bit decoding to count as Vietnamese text.
# Calibrated on the corpus and on garbage, ASCII digits/punctuation removed:
#   real Vietnamese, whole articles and 40..400-char snippets, every encoding: -3.1 .. -3.8
#   German/Spanish/English prose (accepted: it is text)                 : -3.8 .. -4.3
#   GBK, Big5, Shift-JIS, EUC-JP/KR, cp1251, KOI8-R Chinese/Japanese/Korean/Russian,
#   PNG/JPEG/gzip headers, random bytes (best of all candidates)        : -5.0 .. -6.5
# -4.5 sits in the gap, half a nat from either side.
_MIN_SCORE = -4.5
# Only this many leading bytes are trial-decoded and scored with every candidate; the
# winner then decodes the whole input. Scoring is a Python loop per character.
_SCORE_BYTES = 32 * 1024
# Legacy-in-Unicode pre-check: legacy surface characters must make up at least this share
# of the (sampled) text, and outnumber half the genuine Vietnamese letters. Legacy
# surfaces measure 10-16% on the corpus; genuine Unicode articles measure 0% and carry
# 14-16% Unicode-only Vietnamese letters.
_LEGACY_MIN_SHARE = 0.02
# The pre-check and the detector look at up to three windows of this many characters
# (start, middle, end) rather than at the whole text.
_WINDOW = 8192
# UTF-8 with a few bad bytes (a stray cp1252 quote, a character cut off by a download) is
# still UTF-8: at most this share of its non-ASCII bytes may be invalid. Legacy 8-bit
# Vietnamese has almost every non-ASCII byte invalid as UTF-8 (the corpus re-encoded:
# TCVN3, VNI, cp1258 99-100%, VISCII 93-97%); GBK, Shift-JIS, EUC-KR, KOI8-R, cp1251 and
# random bytes 62-100%.
_MAX_REPLACED_SHARE = 0.05

# --------------------------------------------------------------------------- byte level

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BLANK_BYTES = re.compile(rb"[ \t\n\r\f\v]*")
_ASCII_BYTES = bytes(range(0x80))
_C0_JUNK = bytes(b for b in range(0x20) if b not in b"\t\n\r\f")
_C0_JUNK_CHARS = re.compile("[" + re.escape(_C0_JUNK.decode("ascii")) + "]")
# Blank text: whitespace, BOMs, zero-width characters and soft hyphens only.
_BLANK_TEXT = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]*")

# Latin-1 letters that Unicode Vietnamese uses; every other Latin-1 character in the
# upper half (and C1 controls, and the two PDF glyph stand-ins viparse undoes) is typical
# of a TCVN3/VNI/VISCII surface: "ViÖt Nam", "Vieät Nam", "n\xadíc".
_VIET_LATIN1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
_LEGACY_SURFACE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LATIN1)
    + "\u0080-\u009f\u2212\u2219]"
)
# Characters no legacy surface can contain: Vietnamese letters outside Latin-1 and the
# combining marks of decomposed (NFD / cp1258) Vietnamese.
_UNICODE_VIET = re.compile(
    "[\u1ea0-\u1ef9\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
    "\u01a0\u01a1\u01af\u01b0\u0300-\u036f]"
)
# TCVN3 and VNI are font encodings: in their documents bytes 0x80-0x9F are the Windows
# (cp1252) punctuation the fonts draw there, e.g. 0x93/0x94 are curly quotes. viparse's
# TCVN3/VNI tables only key on 0xA0-0xFF, so the cp1252 surface is safe for them. VISCII
# keeps letters in 0x80-0x9F and must be read on the Latin-1 surface (viparse's VISCII
# table says so).
_CP1252_C1 = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_C1[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass  # undefined in cp1252: keep the Latin-1 reading
del _b
_LATIN1_SURFACE = frozenset({"viscii"})
_ASCII_NON_LETTERS = re.compile(r"[0-9!-/:-@\[-`{-~]+")


def _c0_share(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _C0_JUNK))) / len(data)


def _looks_binary_text(text: str) -> bool:
    """For text decoded from UTF-16/32: a NUL or a large share of control characters."""
    if "\x00" in text:
        return True
    return len(_C0_JUNK_CHARS.findall(text)) > _MAX_C0_SHARE * len(text)


def _sniff_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the zero bytes alternate like UTF-16 text, else None."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    many, few = _UTF16_MIN_ZERO_SHARE * units, _UTF16_MAX_OTHER_ZERO_SHARE * units
    if odd_zeros >= many and even_zeros <= few:
        return "utf-16-le"
    if even_zeros >= many and odd_zeros <= few:
        return "utf-16-be"
    return None


def _sample(text: str) -> str:
    """The whole text, or its start, middle and end when it is long."""
    if len(text) <= 3 * _WINDOW:
        return text
    middle = len(text) // 2
    half = _WINDOW // 2
    return "\n".join((text[:_WINDOW], text[middle - half : middle + half], text[-_WINDOW:]))


def _undo_legacy_surface(text: str) -> Decoded | None:
    """Convert TCVN3/VNI/VISCII text that was saved as Unicode ("ViÖt Nam"), else None.

    Cheap gates first (ASCII, no legacy surface character, too few of them, or outnumbered
    by genuine Vietnamese letters), then viparse's content detector on the lines that hold
    no Unicode-only Vietnamese letter. Only those lines are converted, so a Unicode header
    above a legacy body survives.
    """
    if text.isascii():
        return None
    sample = _sample(text)
    if _LEGACY_SURFACE.search(sample) is None:
        return None
    n_legacy = len(_LEGACY_SURFACE.findall(sample))
    n_viet = len(_UNICODE_VIET.findall(sample))
    if n_legacy < _LEGACY_MIN_SHARE * len(sample) or 2 * n_legacy <= n_viet:
        return None
    legacy_lines = [line for line in sample.split("\n") if _UNICODE_VIET.search(line) is None]
    verdict = detect_encoding_by_content("\n".join(legacy_lines), AUTO_DETECT_CHARMAPS)
    if verdict.encoding is None:
        return None
    charmap = CHARMAPS[verdict.encoding]
    lines = [
        line if _UNICODE_VIET.search(line) else convert(line, charmap)
        for line in text.split("\n")
    ]
    return Decoded("\n".join(lines), verdict.encoding)


def _from_unicode(text: str, encoding: str, check_controls: bool) -> Decoded:
    if _BLANK_TEXT.fullmatch(text):
        raise DecodeError("empty", f"only whitespace after decoding as {encoding}")
    if check_controls and _looks_binary_text(text):
        raise DecodeError("binary", f"control characters after decoding as {encoding}")
    return _undo_legacy_surface(text) or Decoded(text, encoding)


def _surface(data: bytes, name: str) -> str:
    """The string viparse's charmap ``name`` expects for legacy bytes."""
    text = data.decode("latin-1")
    return text if name in _LATIN1_SURFACE else text.translate(_CP1252_C1)


def _score(text: str) -> float:
    """viparse's Vietnamese character score, without ASCII digits and punctuation.

    Those are the same in every candidate decoding and carry no evidence, but the model
    gives digits the floor probability, so a date-heavy line would read as garbage.
    """
    return vietnamese_score(_ASCII_NON_LETTERS.sub("", text))


def _utf8_replacing(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with each invalid byte run as U+FFFD and the number of bytes replaced;
    None when more than a few are invalid (then it is not UTF-8 at all)."""
    text = data.decode("utf-8", "replace")
    # Counted from lengths, at C speed: every U+FFFD the decoder inserted stands for one
    # run of bad bytes; a U+FFFD already in the bytes (EF BF BD) is always read as itself.
    inserted = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    replaced = len(data) - (len(text.encode("utf-8")) - 3 * inserted)
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    return None if replaced > _MAX_REPLACED_SHARE * non_ascii else (text, replaced)


def _decode_8bit(data: bytes, utf8: Decoded | None = None) -> Decoded:
    """Pick the best reading among cp1258, the legacy Vietnamese tables and `utf8`.

    `utf8` is the reading of mostly-UTF-8 bytes with a few bytes replaced: it wins unless
    an 8-bit reading scores better (looks more like Vietnamese).
    """
    head = data[:_SCORE_BYTES]
    best_score, best_name = float("-inf"), ""
    try:
        cp1258 = data.decode("cp1258")
    except UnicodeDecodeError:
        cp1258 = None
    else:
        best_score, best_name = _score(cp1258[:_SCORE_BYTES]), "cp1258"
    for name, charmap in AUTO_DETECT_CHARMAPS.items():  # ties keep the earlier candidate
        score = _score(convert(_surface(head, name), charmap))
        if score > best_score:
            best_score, best_name = score, name
    if utf8 is not None and _score(utf8.text[:_SCORE_BYTES].replace("\ufffd", "")) >= best_score:
        return utf8
    if best_name == "cp1258":
        text = cp1258
    else:
        text = convert(_surface(data, best_name), CHARMAPS[best_name])
    if _BLANK_TEXT.fullmatch(text):
        raise DecodeError("empty", f"only whitespace after decoding as {best_name}")
    if best_score < _MIN_SCORE:
        raise DecodeError(
            "undecodable",
            f"not UTF-8, and no 8-bit Vietnamese reading is plausible "
            f"(best {best_name} scores {best_score:.2f} < {_MIN_SCORE})",
        )
    return Decoded(text, best_name)


def decode_bytes(data: bytes) -> Decoded:
    """Decode scraped bytes to Unicode text, detecting the encoding.

    Order: empty -> BOM (UTF-32/UTF-8/UTF-16) -> NUL bytes (BOM-less UTF-16, else binary)
    -> too many C0 control bytes (binary) -> strict UTF-8 (checked for legacy Vietnamese
    typed into a Unicode file) -> the best-scoring of cp1258, TCVN3, VNI, VISCII and
    UTF-8 with a few bad bytes replaced, or 'undecodable' when none reads as Vietnamese.
    Raises :class:`DecodeError`.
    """
    data = bytes(data)
    if _BLANK_BYTES.fullmatch(data):
        raise DecodeError("empty", "no bytes" if not data else "only whitespace")

    utf8_name = "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.removesuffix("-sig"))
            except UnicodeDecodeError:
                if codec == "utf-8-sig":
                    # UTF-8 with a bad byte, or a stray BOM in front of 8-bit text.
                    data, utf8_name = data[len(bom) :], codec
                break
            # A BOM skips the byte-level NUL/control tests below, so test the text.
            return _from_unicode(text, codec, check_controls=True)

    if b"\x00" in data:
        codec = _sniff_utf16(data)
        if codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                return _from_unicode(text, codec, check_controls=True)
        raise DecodeError("binary", "contains NUL bytes and is not UTF-16 text")

    if _c0_share(data) > _MAX_C0_SHARE:
        raise DecodeError("binary", "too many control bytes")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_8bit(data, _mostly_utf8(data, utf8_name))
    return _from_unicode(text, utf8_name, check_controls=False)


def _mostly_utf8(data: bytes, name: str) -> Decoded | None:
    """The UTF-8 reading of bytes with a few invalid ones, or None when it is not UTF-8."""
    lenient = _utf8_replacing(data)
    if lenient is None:
        return None
    text, replaced = lenient
    try:
        decoded = _from_unicode(text, name, check_controls=False)
    except DecodeError:
        return None
    return Decoded(decoded.text, decoded.encoding, replaced)


# --------------------------------------------------------------------------- normalisation

# Zero-width characters and the soft hyphen are dropped; every Unicode space separator
# (category Zs) becomes a plain space; the Unicode line/paragraph separators end a line.
_SPECIAL_CHARS = {
    **{c: "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
    **{c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                      "\u2008\u2009\u200a\u202f\u205f\u3000"},
    "\u2028": "\n",
    "\u2029": "\n",
}
# (str.translate with a dict is ~10x slower than a C-level regex scan here.)
_SPECIAL = re.compile("[" + "".join(_SPECIAL_CHARS) + "]")
_SPACE_RUN = re.compile(r" [ \t]+|\t[ \t]*")  # two or more spaces/tabs, or any tab

def normalize_text(text: str, tone_marks: str = "classic") -> str:
    """NFC, invisible-character and whitespace cleanup, and tone-mark placement.

    Zero-width characters and soft hyphens are dropped, Unicode spaces become ' ', line
    ends become '\\n', runs of spaces/tabs become one space and trailing spaces go; line
    and paragraph breaks are kept. ``tone_marks`` places the tone on oa/oe/uy at the end
    of a syllable: 'classic' (hòa, khỏe, thủy), 'modern' (hoà, khoẻ, thuỷ) or 'keep'.
    """
    if tone_marks not in TONE_MARKS:
        raise ValueError(f"tone_marks must be one of {TONE_MARKS}, not {tone_marks!r}")
    # Invisible characters go before NFC, so one between a letter and its combining mark
    # cannot keep the two from composing.
    text = _SPECIAL.sub(lambda m: _SPECIAL_CHARS[m.group()], text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_RUN.sub(" ", text)
    # Every run of spaces and tabs is now a single space, so this strips trailing space.
    text = text.replace(" \n", "\n")
    if text.endswith(" "):
        text = text[:-1]
    return place_tones(text, tone_marks)
