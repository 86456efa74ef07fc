"""Tests for qcdc_extract.decode: byte decoding, encoding detection and text normalisation."""
from __future__ import annotations

import dataclasses
import gzip
import random
import sys
import unicodedata

import pytest
from viparse.normalize.encodings import CHARMAPS

from qcdc_extract import decode as decode_module
from qcdc_extract.decode import DecodeError, Decoded, decode_bytes, normalize_text

# --------------------------------------------------------------------------- sample text

# Upper case only on ASCII letters and Đ: TCVN3 has no upper-case accented letters.
BODY = (
    "Chiều ngày 5/4/2022, Đảng bộ xã Kỳ Châu tổ chức hội nghị sơ kết 5 năm thực hiện "
    "Nghị quyết số 02-NQ/TU về tiếp tục nâng cao chất lượng, hiệu quả việc xây dựng và "
    "thực hiện quy chế dân chủ ở cơ sở.\n"
    "\n"
    "Qua 5 năm, xã đã ban hành 06 văn bản chỉ đạo; nhân dân được bàn và quyết định trực "
    "tiếp việc đóng góp xây dựng đường giao thông nông thôn, kênh mương thủy lợi và nhà "
    "văn hóa thôn. Những việc dân được biết, được kiểm tra đều được niêm yết công khai "
    "tại trụ sở ủy ban và nhà văn hóa các thôn."
)
BODY_2 = (
    "Sáng 12/5, Ban chỉ đạo thực hiện quy chế dân chủ ở cơ sở huyện Kỳ Anh kiểm tra tại "
    "xã Kỳ Tân. Theo báo cáo, 100% thôn đã xây dựng hương ước, quy ước; các tranh chấp "
    "nhỏ trong cộng đồng dân cư được tổ hòa giải giải quyết ngay từ cơ sở, không để "
    "phát sinh điểm nóng. Đoàn đề nghị xã tiếp tục phát huy vai trò của Mặt trận và "
    "các đoàn thể trong giám sát đầu tư công."
)
# Upper-case accented letters, including VISCII's C0 letters Ẫ (0x06) and Ỹ (0x19) and
# C1 letters Ủ (0x9C) and Ỳ (0x9F).
HEADING = "ỦY BAN NHÂN DÂN XÃ MỸ THỦY\nHƯỚNG DẪN THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ NĂM 2022\n\n"
FULL = HEADING + BODY

# --------------------------------------------------------------------------- encoders

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_encode(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows software wrote them: base letter + tone mark.

    Python's cp1258 codec has â ê ô ă ơ ư đ precomposed but the five tones only as
    combining marks, so every toned letter is split into those two parts first.
    """
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


def _viscii_table() -> dict[str, int]:
    mapping = dict(CHARMAPS["viscii"].pairs)
    return {mapping.get(chr(byte), chr(byte)): byte for byte in range(256)}


def legacy_encode(text: str, name: str) -> bytes:
    """Legacy bytes for ``text``, by inverting viparse's charmap ``name``.

    TCVN3/VNI are font encodings whose 0x80-0x9F bytes are the Windows punctuation, so
    curly quotes and dashes go through cp1252. Any other character the table cannot
    express raises, so a round trip never passes on text the helper silently dropped.
    """
    if name == "viscii":
        table = _viscii_table()
        try:
            return bytes(table[char] for char in text)
        except KeyError as exc:
            raise ValueError(f"viscii cannot encode {exc}") from None
    inverse: dict[str, str] = {}
    for source, target in CHARMAPS[name].pairs:
        inverse.setdefault(target, source)
    out = bytearray()
    for char in text:
        if char in inverse:
            out += inverse[char].encode("latin-1")
        elif char.isascii():
            out += char.encode("ascii")
        elif char in "“”‘’–—…":
            out += char.encode("cp1252")
        else:
            raise ValueError(f"{name} cannot encode {char!r}")
    return bytes(out)


def legacy_surface(text: str, name: str) -> str:
    """What legacy text looks like when its bytes were pasted into a Unicode file."""
    data = legacy_encode(text, name)
    return data.decode("latin-1") if name == "viscii" else data.decode("cp1252")


# --------------------------------------------------------------------------- round trips

ROUND_TRIPS = [
    # (id, expected encoding, bytes, text that must come back after NFC)
    ("utf-8", "utf-8", FULL.encode("utf-8"), FULL),
    ("utf-8-bom", "utf-8-sig", b"\xef\xbb\xbf" + FULL.encode("utf-8"), FULL),
    ("utf-16-le-bom", "utf-16-le", b"\xff\xfe" + FULL.encode("utf-16-le"), FULL),
    ("utf-16-be-bom", "utf-16-be", b"\xfe\xff" + FULL.encode("utf-16-be"), FULL),
    ("utf-16-le-no-bom", "utf-16-le", FULL.encode("utf-16-le"), FULL),
    ("utf-16-be-no-bom", "utf-16-be", FULL.encode("utf-16-be"), FULL),
    ("utf-16-codec-bom", "utf-16-le" if sys.byteorder == "little" else "utf-16-be",
     BODY_2.encode("utf-16"), BODY_2),
    ("utf-32-bom", "utf-32-le", b"\xff\xfe\x00\x00" + BODY.encode("utf-32-le"), BODY),
    ("cp1258", "cp1258", cp1258_encode(FULL), FULL),
    ("cp1258-2", "cp1258", cp1258_encode(BODY_2), BODY_2),
    ("tcvn3", "tcvn3", legacy_encode(BODY, "tcvn3"), BODY),
    ("vni", "vni", legacy_encode(FULL, "vni"), FULL),
    ("vni-2", "vni", legacy_encode(BODY_2, "vni"), BODY_2),
    ("viscii", "viscii", legacy_encode(FULL, "viscii"), FULL),
    ("viscii-2", "viscii", legacy_encode(BODY_2, "viscii"), BODY_2),
    # Legacy text typed into / pasted as Unicode: "ViÖt Nam".
    ("tcvn3-in-utf-8", "tcvn3", legacy_surface(BODY, "tcvn3").encode("utf-8"), BODY),
    ("vni-in-utf-8", "vni", legacy_surface(FULL, "vni").encode("utf-8"), FULL),
    ("viscii-in-utf-8", "viscii", legacy_surface(BODY_2, "viscii").encode("utf-8"), BODY_2),
    ("tcvn3-in-utf-16", "tcvn3", b"\xff\xfe" + legacy_surface(BODY, "tcvn3").encode("utf-16-le"), BODY),
    # Long inputs go through the sampled paths (score window, pre-check windows).
    ("long-cp1258", "cp1258", cp1258_encode((BODY_2 + "\n") * 40), (BODY_2 + "\n") * 40),
    ("long-tcvn3", "tcvn3", legacy_encode((BODY + "\n") * 40, "tcvn3"), (BODY + "\n") * 40),
    ("long-tcvn3-in-utf-8", "tcvn3", legacy_surface((BODY + "\n") * 40, "tcvn3").encode(), (BODY + "\n") * 40),
]


@pytest.mark.parametrize(
    ("expected_encoding", "data", "text"),
    [case[1:] for case in ROUND_TRIPS],
    ids=[case[0] for case in ROUND_TRIPS],
)
def test_round_trip(expected_encoding, data, text):
    decoded = decode_bytes(data)
    assert decoded.encoding == expected_encoding
    assert unicodedata.normalize("NFC", decoded.text) == text


UNICODE_EXACT = [
    ("utf-8", FULL.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + FULL.encode("utf-8")),
    ("utf-16-le", b"\xff\xfe" + FULL.encode("utf-16-le")),
    ("utf-16-be", FULL.encode("utf-16-be")),
]


@pytest.mark.parametrize(("encoding", "data"), UNICODE_EXACT, ids=[c[0] for c in UNICODE_EXACT])
def test_unicode_text_comes_back_untouched(encoding, data):
    # Byte for byte, BOM removed; nothing is normalised at this stage.
    assert decode_bytes(data) == Decoded(FULL, encoding)


# Short, date-heavy lines: digits score as garbage under viparse's character model, so
# the plausibility score must ignore them or these would be rejected as undecodable.
SHORT_LINES = [
    "Ngày 12/5/2017 - 06/04/2022: xã Kỳ Châu có 12 thôn, 1.520 hộ.",
    "Số 02-NQ/TU ngày 12/5/2017; Kế hoạch 35/KH-UBND ngày 06/4/2022.",
]
SHORT_CASES = [
    (enc, text, cp1258_encode(text) if enc == "cp1258" else legacy_encode(text, enc))
    for text in SHORT_LINES
    for enc in ("cp1258", "tcvn3", "vni", "viscii")
]


@pytest.mark.parametrize(("encoding", "text", "data"), SHORT_CASES)
def test_short_date_heavy_lines(encoding, text, data):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert unicodedata.normalize("NFC", decoded.text) == text


def test_cp1258_keeps_combining_tone_marks_until_normalised():
    decoded = decode_bytes(cp1258_encode(FULL))
    assert decoded.text != FULL
    assert "\u0323" in decoded.text  # e.g. "hô\u0323i" for "hội"
    assert normalize_text(decoded.text, "keep") == FULL


def test_tcvn3_curly_quotes_read_as_windows_punctuation():
    text = (
        "Nghị quyết về “tiếp tục nâng cao chất lượng, hiệu quả việc thực hiện quy chế dân "
        "chủ ở cơ sở” được quán triệt."
    )
    data = legacy_encode(text, "tcvn3")
    assert b"\x93" in data and b"\x94" in data
    decoded = decode_bytes(data)
    assert decoded == Decoded(text, "tcvn3")


def test_viscii_with_control_byte_letters_is_not_binary():
    data = legacy_encode(HEADING * 3, "viscii")
    assert b"\x06" in data and b"\x19" in data and b"\x9c" in data
    assert decode_bytes(data).encoding == "viscii"


def test_mixed_unicode_header_and_tcvn3_body():
    header = "Báo Hà Tĩnh - Cập nhật lúc 08:54 ngày 06/04/2022\n"
    decoded = decode_bytes((header + legacy_surface(BODY, "tcvn3")).encode("utf-8"))
    assert decoded == Decoded(header + BODY, "tcvn3")


UNICODE_WITH_LATIN1_SYMBOLS = [
    "Ông Müller, chuyên gia người Đức, dự hội nghị dân chủ ở cơ sở tại xã Kỳ Châu.",
    "© 2022 Báo Hà Tĩnh. Nhiệt độ 25°C, độ ẩm 80%. Giá 1.500.000 đồng ± 5%.",
    "Hội nghị sơ kết ½ nhiệm kỳ — « dân biết, dân bàn, dân làm, dân kiểm tra ».",
    FULL + " Tác giả: Ngọc Thương · Ảnh: Võ Ngọc ©",
]


@pytest.mark.parametrize("text", UNICODE_WITH_LATIN1_SYMBOLS)
def test_unicode_with_latin1_symbols_is_not_converted(text):
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


@pytest.mark.parametrize("text", [FULL, BODY_2, UNICODE_WITH_LATIN1_SYMBOLS[1], "Hội nghị © 2022"])
def test_utf8_fast_path_skips_the_legacy_detector(monkeypatch, text):
    def fail(*args, **kwargs):
        raise AssertionError("the legacy detector ran on ordinary Unicode text")

    monkeypatch.setattr(decode_module, "detect_encoding_by_content", fail)
    assert decode_bytes(text.encode("utf-8")).encoding == "utf-8"


# --------------------------------------------------------------------------- bad bytes in UTF-8

# A UTF-8 page with a few bytes that are not UTF-8 is still UTF-8, the bytes counted; read as
# 8-bit it would be mojibake ("ỦY BAN" as VISCII "áỪẩY BAN") that scores just above the floor.
STRAY_QUOTE = FULL.encode("utf-8").replace(b"Ngh", b"\x93Ngh", 1)  # a cp1252 curly quote
BAD_BYTES = [
    # (id, bytes, text, encoding, replaced bytes)
    ("stray-cp1252-quote", STRAY_QUOTE, FULL.replace("Nghị", "\ufffdNghị", 1), "utf-8", 1),
    ("stray-byte-after-bom", b"\xef\xbb\xbf" + STRAY_QUOTE, FULL.replace("Nghị", "\ufffdNghị", 1), "utf-8-sig", 1),
    ("last-character-cut-off", (FULL + " Kỳ").encode("utf-8")[:-1], FULL + " K\ufffd", "utf-8", 2),
    ("a-few-in-a-long-page", ((BODY_2 + "\n") * 30).encode("utf-8").replace(b"\xe1\xbb\x99", b"\xe1\x99", 3),
     ((BODY_2 + "\n") * 30).replace("ộ", "\ufffd", 3), "utf-8", 6),
]


@pytest.mark.parametrize(("data", "text", "encoding", "replaced"), [c[1:] for c in BAD_BYTES], ids=[c[0] for c in BAD_BYTES])
def test_a_few_bad_bytes_in_utf8_are_replaced_and_counted(data, text, encoding, replaced):
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == Decoded(text, encoding, replaced)


LEGACY_PAGES = [case for case in ROUND_TRIPS if case[1] in ("tcvn3", "vni", "viscii", "cp1258")]


@pytest.mark.parametrize(("expected_encoding", "data", "text"), [c[1:] for c in LEGACY_PAGES], ids=[c[0] for c in LEGACY_PAGES])
def test_legacy_pages_are_still_legacy_with_nothing_replaced(expected_encoding, data, text):
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced_bytes) == (expected_encoding, 0)
    assert "\ufffd" not in decoded.text


def test_many_bad_bytes_are_not_utf8():
    # One in five Vietnamese letters broken: no longer "UTF-8 with a few bad bytes".
    data = FULL.encode("utf-8")
    broken = bytearray(data)
    for i in range(0, len(broken), 5):
        if broken[i] >= 0xC0:
            broken[i] = 0xFF
    assert decode_bytes(bytes(broken)).encoding != "utf-8"


# --------------------------------------------------------------------------- failures

EMPTY = [
    ("no-bytes", b""),
    ("spaces", b"   "),
    ("ascii-whitespace", b" \r\n\t \n\x0b\x0c "),
    ("utf-8-bom-only", b"\xef\xbb\xbf"),
    ("utf-8-bom-and-newlines", b"\xef\xbb\xbf\r\n\r\n"),
    ("utf-16-bom-only", b"\xff\xfe"),
    ("utf-16-whitespace", " \n \n".encode("utf-16")),
    ("utf-8-nbsp-zero-width", "\u00a0\u200b \n\u3000\ufeff".encode("utf-8")),
    ("cp1258-nbsp", b"\xa0 \xa0\n"),
]


@pytest.mark.parametrize("data", [c[1] for c in EMPTY], ids=[c[0] for c in EMPTY])
def test_empty(data):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.kind == "empty"


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00"
    b"\x8a\x1f\x9e\x3b\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f\x0b\xfca\x05"
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00\xff\xdb\x00C\x00"
    b"\x08\x06\x06\x07\x06\x05\x08\x07\x07\x07\t\t\x08\n\x0c\x14\r\x0c\x0b\x0b\x0c\x19\x12\x13\x0f"
)
BINARY = [
    ("png", PNG),
    ("jpeg", JPEG),
    ("gzip", gzip.compress(FULL.encode("utf-8"))),
    ("elf", b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00>\x00\x01\x00\x00\x00"),
    ("random-with-nul", random.Random(7).randbytes(600) + b"\x00"),
    ("pdf-stream", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 64 >>\nstream\n"
     + random.Random(8).randbytes(64) + b"\x00"),
    ("control-bytes-no-nul", bytes(range(1, 32)) * 8 + b"Hoi nghi so ket"),
    ("utf-8-text-with-nul", FULL.encode("utf-8").replace(b".", b".\x00", 1)),
    ("odd-length-utf-16", FULL.encode("utf-16-le")[:-1]),
    ("utf-16-bom-then-controls", b"\xff\xfe" + b"\x01\x00\x02\x00\x1b\x00A\x00" * 16),
    ("utf-16-bom-then-nuls", b"\xfe\xff" + b"\x00\x00\x00A" * 16),
]


@pytest.mark.parametrize("data", [c[1] for c in BINARY], ids=[c[0] for c in BINARY])
def test_binary(data):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.kind == "binary"


_RNG = random.Random(3)
_RANDOM_PRINTABLE = bytes(_RNG.choice(range(0x20, 0x100)) for _ in range(600))
_CHINESE = "中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。"
_JAPANESE = "日本国民は、正当に選挙された国会における代表者を通じて行動し、われらとわれらの子孫のために。"
_KOREAN = "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
_RUSSIAN = (
    "Российская Федерация есть демократическое федеративное правовое государство "
    "с республиканской формой правления."
)
UNDECODABLE = [
    ("random-printable-bytes", _RANDOM_PRINTABLE),
    ("gbk", _CHINESE.encode("gbk")),
    ("shift-jis", _JAPANESE.encode("shift_jis")),
    ("euc-kr", _KOREAN.encode("euc_kr")),
    ("koi8-r", _RUSSIAN.encode("koi8_r")),
    ("cp1251", _RUSSIAN.encode("cp1251")),
    ("jpeg-tail-no-nul", b"\xff\xc4\xb5\x10\xe1\xf1\xa2\xb3\xc1\xd2\xe3\xf4" * 6),
]


@pytest.mark.parametrize("data", [c[1] for c in UNDECODABLE], ids=[c[0] for c in UNDECODABLE])
def test_undecodable(data):
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # precondition: the 8-bit path is what is under test
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.kind == "undecodable"


def test_decode_error_is_a_value_error_with_a_kind():
    with pytest.raises(ValueError):
        decode_bytes(b"")
    with pytest.raises(ValueError):
        DecodeError("unknown-kind", "boom")
    assert DecodeError("binary", "boom").kind == "binary"


def test_decoded_is_frozen():
    decoded = decode_bytes(BODY.encode("utf-8"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.text = "x"


# --------------------------------------------------------------------------- normalize_text

CLEANUP = [
    ("nfc-from-nfd", unicodedata.normalize("NFD", BODY_2), BODY_2),
    ("nfc-cp1258-style", "Hô\u0323i nghi\u0323 sơ kê\u0301t", "Hội nghị sơ kết"),
    ("zero-width", "Hội\u200b nghị\u200c sơ\u200d kết\u2060 5 năm", "Hội nghị sơ kết 5 năm"),
    ("bom-inside", "\ufeffChiều ngày 5/4/2022\ufeff", "Chiều ngày 5/4/2022"),
    ("soft-hyphen", "Nghị quy\u00adết số 02-NQ/TU", "Nghị quyết số 02-NQ/TU"),
    ("zero-width-between-letter-and-mark", "nghi\u200b\u0323 quyê\u00ad\u0301t", "nghị quyết"),
    ("nbsp", "5\u00a0năm\u202fthực\u2007hiện\u2009quy\u3000chế", "5 năm thực hiện quy chế"),
    ("nbsp-run", "xã\u00a0\u00a0 Kỳ\u00a0Châu", "xã Kỳ Châu"),
    ("space-runs-and-tabs", "Hội  nghị \t sơ\tkết   5 năm", "Hội nghị sơ kết 5 năm"),
    ("line-ends", "Dòng 1\r\nDòng 2\rDòng 3\u2028Dòng 4\u2029Dòng 5", "Dòng 1\nDòng 2\nDòng 3\nDòng 4\nDòng 5"),
    ("trailing-spaces", "Kỳ Châu   \nHội nghị\t\nsơ kết\u00a0 ", "Kỳ Châu\nHội nghị\nsơ kết"),
    ("paragraph-breaks-kept", "Đoạn một.\n\nĐoạn hai.\n\n\nĐoạn ba.\n", "Đoạn một.\n\nĐoạn hai.\n\n\nĐoạn ba.\n"),
    ("blank-line-with-spaces", "Đoạn một.\n   \nĐoạn hai.", "Đoạn một.\n\nĐoạn hai."),
    ("crlf-paragraphs", "Đoạn một. \r\n\r\nĐoạn hai.\r\n", "Đoạn một.\n\nĐoạn hai.\n"),
    ("lines-not-joined", "Ủy ban nhân dân\nxã Kỳ Châu", "Ủy ban nhân dân\nxã Kỳ Châu"),
    ("clean-text-unchanged", FULL, FULL),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CLEANUP], ids=[c[0] for c in CLEANUP])
def test_cleanup(text, expected):
    assert normalize_text(text, tone_marks="keep") == expected


def test_every_unicode_space_separator_becomes_a_space():
    separators = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Zs"]
    assert len(separators) >= 17
    for sep in separators:
        assert normalize_text(f"xã{sep}Kỳ Châu", "keep") == "xã Kỳ Châu", hex(ord(sep))


# (classic, modern): every tone on every cluster, upper case, and in running text.
TONE_PAIRS = [
    ("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("xõa", "xoã"), ("họa", "hoạ"),
    ("xòe", "xoè"), ("khóe", "khoé"), ("khỏe", "khoẻ"), ("tõe", "toẽ"), ("chọe", "choẹ"),
    ("tùy", "tuỳ"), ("thúy", "thuý"), ("thủy", "thuỷ"), ("lũy", "luỹ"), ("ngụy", "nguỵ"),
    ("ủy", "uỷ"), ("òa", "oà"),
    ("HÒA", "HOÀ"), ("HÓA", "HOÁ"), ("KHỎE", "KHOẺ"), ("XÕA", "XOÃ"), ("HỌA", "HOẠ"),
    ("THỦY", "THUỶ"), ("ỦY", "UỶ"), ("TÙY", "TUỲ"), ("LŨY", "LUỸ"), ("NGỤY", "NGUỴ"),
    ("Hòa", "Hoà"), ("Ủy", "Uỷ"), ("Thủy", "Thuỷ"), ("Khỏe", "Khoẻ"),
    ("Huyện ủy Kỳ Anh", "Huyện uỷ Kỳ Anh"),
    ("HUYỆN ỦY KỲ ANH", "HUYỆN UỶ KỲ ANH"),
    ("nhà văn hóa thôn, kênh mương thủy lợi.", "nhà văn hoá thôn, kênh mương thuỷ lợi."),
    ("tổ hòa giải (thôn 3)", "tổ hoà giải (thôn 3)"),
    ("Ủy ban MTTQ xã Mỹ Thủy\nsức khỏe", "Uỷ ban MTTQ xã Mỹ Thuỷ\nsức khoẻ"),
    ("Hòa-Bình, hòa.", "Hoà-Bình, hoà."),
]


@pytest.mark.parametrize(("classic", "modern"), TONE_PAIRS, ids=[c for c, _ in TONE_PAIRS])
def test_tone_marks_classic_and_modern(classic, modern):
    assert normalize_text(modern, "classic") == classic
    assert normalize_text(classic, "modern") == modern
    assert normalize_text(classic, "classic") == classic
    assert normalize_text(modern, "modern") == modern
    assert normalize_text(classic, "keep") == classic
    assert normalize_text(modern, "keep") == modern


def test_tone_marks_on_decomposed_input():
    assert normalize_text(unicodedata.normalize("NFD", "hoà thuỷ khoẻ"), "classic") == "hòa thủy khỏe"
    assert normalize_text(unicodedata.normalize("NFD", "hòa thủy khỏe"), "modern") == "hoà thuỷ khoẻ"


# Words where the cluster does not end the syllable, or the u belongs to the qu onset:
# no mode may touch them. After a gi onset the clusters are left alone too (no real
# syllable has one; "gióa"/"gioá" pin the rule).
NEVER_CHANGED = [
    "hoàng", "Hoàng", "HOÀNG", "hoạt", "toán", "khuyến", "khuyên", "thuyền", "Nguyễn",
    "khuya", "quý", "Quý", "QUÝ", "quỳ", "quỳnh", "Quỳnh", "QUỲNH", "quỷ", "quỹ", "quỵ",
    "qúy", "quà", "quả", "giỏi", "giữa", "gióa", "gioá", "GIÓA", "hoa", "Huy", "uy tín", "tuyển",
    "Quỹ hỗ trợ nông dân xã Kỳ Hoa, quý I/2022, Trưởng ban Quỳnh, chuyến thăm",
]


@pytest.mark.parametrize("text", NEVER_CHANGED)
@pytest.mark.parametrize("mode", ["classic", "modern", "keep"])
def test_tone_marks_never_changed(text, mode):
    assert normalize_text(text, mode) == text


def test_huyen_uy_both_spellings():
    text = "Đồng chí Võ Ngọc Thương, Phó trưởng ban Tuyên giáo Huyện ủy, và Huyện uỷ viên dự."
    classic = "Đồng chí Võ Ngọc Thương, Phó trưởng ban Tuyên giáo Huyện ủy, và Huyện ủy viên dự."
    modern = "Đồng chí Võ Ngọc Thương, Phó trưởng ban Tuyên giáo Huyện uỷ, và Huyện uỷ viên dự."
    assert normalize_text(text, "classic") == classic
    assert normalize_text(text, "modern") == modern
    assert normalize_text(text, "keep") == text


def test_normalize_decoded_cp1258_with_modern_tones():
    decoded = decode_bytes(cp1258_encode("Nhà văn hoá thôn và công trình thuỷ lợi."))
    assert normalize_text(decoded.text) == "Nhà văn hóa thôn và công trình thủy lợi."


def test_default_tone_marks_is_classic():
    assert normalize_text("Huyện uỷ") == "Huyện ủy"


@pytest.mark.parametrize("mode", ["", "Classic", "new", None])
def test_unknown_tone_marks_mode(mode):
    with pytest.raises(ValueError):
        normalize_text("hoà", mode)
