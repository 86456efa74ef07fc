"""Locations: the forms of issue 11 as table tests written in the genre (must find, must not find)."""
from __future__ import annotations

from datetime import datetime

import helpers
import pytest

BEFORE = datetime(2022, 4, 6, 8, 54)


def keys(nlp, text):
    doc = helpers.run(nlp, text, BEFORE, None)
    return [(loc.unit_type, loc.name) for loc in doc._.qcdc_facts["locations"]]


CASES = [
    # Two provinces under one type word joined by "và".
    ("Đoàn công tác làm việc tại tỉnh Bình Phước và Đắk Lắk về công tác dân vận.",
     [("tỉnh", "Bình Phước"), ("tỉnh", "Đắk Lắk")]),
    ("Hội nghị có đại biểu xã Kỳ Châu và Kỳ Tân tham dự.", [("xã", "Kỳ Châu"), ("xã", "Kỳ Tân")]),
    # Lists after "gồm", "như", "là" under a plural type word.
    ("Đợt này có 3 xã gồm Kỳ Tân, Kỳ Thư và Kỳ Hải được chọn làm điểm.",
     [("xã", "Kỳ Tân"), ("xã", "Kỳ Thư"), ("xã", "Kỳ Hải")]),
    ("Các huyện như Kim Bôi, Lạc Sơn đã hoàn thành sớm.", [("huyện", "Kim Bôi"), ("huyện", "Lạc Sơn")]),
    ("Mô hình được nhân rộng ở hai xã là Tú Sơn và Đại Hợp.", [("xã", "Tú Sơn"), ("xã", "Đại Hợp")]),
    # Each name of a list with its parent in brackets.
    ("Tổ đại biểu tiếp xúc cử tri tại 3 xã: Thanh Nguyên (huyện Thanh Liêm), Ngọc Lũ (huyện Bình Lục), "
     "Đinh Xá (thành phố Phủ Lý).",
     [("xã", "Thanh Nguyên"), ("huyện", "Thanh Liêm"), ("xã", "Ngọc Lũ"), ("huyện", "Bình Lục"),
      ("xã", "Đinh Xá"), ("thành phố", "Phủ Lý")]),
    # A known name with its last syllable typed in lower case, written capitalised elsewhere.
    ("UBND thị trấn Đồng Mỏ được kiểm tra; thị trấn Đồng mỏ luôn thực hiện nghiêm túc.",
     [("thị trấn", "Đồng Mỏ"), ("thị trấn", "Đồng mỏ")]),
    # Old spellings of provinces and districts of several syllables stay.
    ("Nhiều hộ ở huyện Đác Song, tỉnh Đác Nông chặt bỏ cao su.", [("huyện", "Đác Song"), ("tỉnh", "Đác Nông")]),
    # Not locations: a number, a capitalised common word, a version.
    ("Báo cáo tình hình kinh tế của huyện 6 tháng đầu năm được thông qua.", []),
    ("Mẹ Nguyễn Thị A được truy tặng danh hiệu huyện Thăm mẹ Việt Nam anh hùng.", []),
    ("Căn cứ tỉnh Thông báo kết luận của Thường trực Tỉnh ủy, các sở triển khai.", []),
    ("Phát huy lợi thế của một thành phố Cảng năng động.", []),
    ("Xã Dân chủ là mục tiêu của cả hệ thống chính trị ở cơ sở.", []),
    ("Ban soạn thảo gửi Dự thảo Quy chế (bản 2) xin ý kiến Nhân dân.", []),
    ("Toàn huyện có 2 xã đạt chuẩn nông thôn mới nâng cao.", []),
    ("Huyện là đơn vị hành chính trung gian.", []),
    # Known misses.
    pytest.param("Các tỉnh, thành phố: Hòa Bình, Hải Phòng, Cần Thơ tham gia hội thi.",
                 [("tỉnh", "Hòa Bình"), ("thành phố", "Hải Phòng"), ("thành phố", "Cần Thơ")],
                 marks=pytest.mark.xfail(strict=True, reason="a list under two type words ('tỉnh, thành phố:') "
                                         "is not given each name's own type from the gazetteer")),
    pytest.param("Xử lý dự án chậm triển khai tỉnh Bà Rịa -Vũng Tàu.", [("tỉnh", "Bà Rịa-Vũng Tàu")],
                 marks=pytest.mark.xfail(strict=True, reason="a lopsided dash in a name is kept as written")),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_locations_issue11(nlp, text, expected):
    assert keys(nlp, text) == expected


def test_a_commune_resolves_in_the_articles_era_and_province(nlp):
    """"xã Mỹ Lộc" in an article placed in Tây Ninh after the 2025 merger is the new Tây Ninh
    unit, not the old Long An one."""
    from datetime import datetime

    from helpers import run

    text = ("Đại hội Đảng bộ xã Mỹ Lộc, tỉnh Tây Ninh lần thứ I\n\nSáng 5/8/2025, Đảng bộ xã Mỹ Lộc tổ chức Đại hội "
            "đại biểu lần thứ I, nhiệm kỳ 2025 - 2030.")
    doc = run(nlp, text, published=datetime(2025, 8, 6))
    communes = {(loc.era, loc.province) for loc in doc._.qcdc_locations if loc.name == "Mỹ Lộc"}
    assert communes == {("2025", "Tây Ninh")}
