"""Identity across articles: doc_key, places in both eras, the main place, person_key and positions."""
from __future__ import annotations

from datetime import datetime

import helpers
import pytest

from qcdc_extract.identity import both_eras, position_body, position_level


def keys(nlp, text, published=datetime(2024, 3, 5, 9, 0), title=None):
    doc = helpers.run(nlp, text, published, title)
    return [(d.surface, d.doc_key) for d in doc._.qcdc_documents]


HA_TINH = "Chiều 4/3, Huyện ủy Kỳ Anh, tỉnh Hà Tĩnh sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU ngày 12/5/2017 của Tỉnh ủy."
BAC_KAN = "Chiều 4/3, Đảng ủy xã Mỹ Thanh, tỉnh Bắc Kạn sơ kết Nghị quyết số 02-NQ/TU ngày 05/3/2021 của Tỉnh ủy Bắc Kạn."


def test_one_number_of_two_provinces_is_two_documents(nlp):
    (_, a), = keys(nlp, HA_TINH)
    (_, b), = keys(nlp, BAC_KAN)
    assert a != b
    assert a.startswith("02-NQ/TU@legacy:province:42") and a.endswith("#2017")
    assert b.startswith("02-NQ/TU@legacy:province:06") and b.endswith("#2021")


def test_a_later_bare_mention_shares_the_key_and_the_year(nlp):
    text = HA_TINH + " Qua 5 năm, Nghị quyết số 02 đã đi vào cuộc sống ở 20 xã."
    (_, full), (_, bare) = keys(nlp, text)
    assert full == bare


@pytest.mark.parametrize("a, b", [
    ("Nghị quyết số 25/NQ-TW của Trung ương", "Nghị quyết số 25-NQ/TƯ của Trung ương"),
    ("Nghị định số 04/2015/NĐ-CP của Chính phủ", "Nghị định 04/2015/NĐ-CP"),
    ("Chỉ thị số 30-CT/TW của Bộ Chính trị", "Chỉ thị 30 của Bộ Chính trị"),
    ("Pháp lệnh số 34/2007/PL-UBTVQH11", "Pháp lệnh số 34/2007"),
])
def test_spellings_of_one_national_document_give_one_key(nlp, a, b):
    (_, ka), = keys(nlp, f"Xã Kỳ Châu quán triệt {a} đến cán bộ.")
    (_, kb), = keys(nlp, f"Phường Phú Hội triển khai {b} tới đảng viên.")
    assert ka == kb
    assert "@" not in ka  # national: no place


@pytest.mark.parametrize("text, key", [
    ("Cán bộ, đảng viên được quán triệt Luật Thực hiện dân chủ ở cơ sở năm 2022.", "10/2022/QH15"),
    ("Xã thực hiện tốt Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn.", "34/2007/PL-UBTVQH11"),
    ("Việc tiếp dân theo Luật Tiếp công dân năm 2013 được duy trì.", "42/2013/QH13"),
])
def test_named_national_documents_take_their_numbered_key(nlp, text, key):
    found = keys(nlp, text)
    assert [k for _, k in found] == [key]


def test_named_documents_are_not_scored_numbers(nlp):
    doc = helpers.run(nlp, "Cán bộ được quán triệt Luật Thực hiện dân chủ ở cơ sở.", datetime(2024, 3, 5))
    (d,) = doc._.qcdc_documents
    assert d.number is None and d.form == "named"
    assert doc.text[d.start:d.end] == d.surface == "Luật Thực hiện dân chủ ở cơ sở"


def test_a_local_plan_of_two_districts_is_two_documents(nlp):
    (_, a), = keys(nlp, "Các xã của tỉnh Hà Tĩnh thực hiện Kế hoạch số 120-KH/HU ngày 5/1/2024 của Ban Thường vụ "
                        "Huyện ủy Kỳ Anh về dân vận khéo.")
    (_, b), = keys(nlp, "Các xã của tỉnh Hà Tĩnh thực hiện Kế hoạch số 120-KH/HU ngày 5/1/2024 của Ban Thường vụ "
                        "Huyện ủy Hương Sơn về dân vận khéo.")
    assert a != b and ":district:" in a and ":district:" in b


# Places: each era's province, whatever the era named (codes overlap: 18133).
@pytest.mark.parametrize("era, level, code, legacy, new, commune_2025", [
    ("legacy", "commune", "18133", "Hà Tĩnh", "Hà Tĩnh", "Hương Sơn"),    # thị trấn Phố Châu
    ("2025", "commune", "18133", "Hà Tĩnh", "Hà Tĩnh", "Hương Sơn"),      # xã Hương Sơn
    ("legacy", "commune", "02011", "Bắc Kạn", "Thái Nguyên", "Cẩm Giàng"),  # xã Mỹ Thanh, Bạch Thông
    ("legacy", "province", "06", "Bắc Kạn", "Thái Nguyên", None),
    ("2025", "province", "08", "Tuyên Quang", "Tuyên Quang", None),         # Tuyên Quang + Hà Giang
    ("legacy", "province", "02", "Hà Giang", "Tuyên Quang", None),
])
def test_both_eras(era, level, code, legacy, new, commune_2025):
    got = both_eras(era, level, code)
    assert (got["province_legacy"], got["province_2025"], got["commune_2025"]) == (legacy, new, commune_2025)
    assert got["lat"] is not None and got["lon"] is not None


def test_every_resolved_location_carries_both_eras(nlp):
    text = ("Chiều 4/3/2024, UBND xã Kỳ Châu, huyện Kỳ Anh, tỉnh Hà Tĩnh đối thoại với Nhân dân thôn Bắc Châu. "
            "Đoàn công tác tỉnh Bắc Kạn cùng dự.")
    doc = helpers.run(nlp, text, datetime(2024, 3, 5))
    located = [loc for loc in doc._.qcdc_locations if loc.province_code]
    assert len(located) >= 4
    assert all(loc.province_code_legacy and loc.province_code_2025 for loc in located)
    village = next(loc for loc in located if loc.unit_type == "thôn")
    assert village.province_2025 == "Hà Tĩnh" and village.lat is None


def test_the_main_place_is_the_subject_not_an_example(nlp):
    text = ("Huyện Kỳ Anh tổng kết công tác dân vận\n\nChiều 4/3, Huyện ủy Kỳ Anh tổ chức hội nghị. "
            "Năm qua, huyện Kỳ Anh có nhiều mô hình hay, như ở xã Kỳ Tân. Huyện Kỳ Anh sẽ nhân rộng.")
    doc = helpers.run(nlp, text, datetime(2024, 3, 5), "Huyện Kỳ Anh tổng kết công tác dân vận")
    assert (doc._.qcdc_place["level"], doc._.qcdc_place["district"]) == ("district", "Kỳ Anh")
    assert doc._.qcdc_identity["main_province_2025"] == "Hà Tĩnh"


def test_a_commune_in_the_title_is_the_main_place(nlp):
    text = ("Xã Kỳ Châu đối thoại với Nhân dân\n\nChiều 4/3, huyện Kỳ Anh chỉ đạo các xã đối thoại; "
            "huyện Kỳ Anh giao Ban Dân vận theo dõi.")
    doc = helpers.run(nlp, text, datetime(2024, 3, 5), "Xã Kỳ Châu đối thoại với Nhân dân")
    assert (doc._.qcdc_place["level"], doc._.qcdc_place["commune"]) == ("commune", "Kỳ Châu")


def test_person_key_is_name_and_the_2025_province(nlp):
    text = "Chiều 4/3, UBND xã Kỳ Châu, huyện Kỳ Anh đối thoại. Đồng chí Võ Ngọc Thương - Phó Chủ tịch UBND xã chủ trì."
    doc = helpers.run(nlp, text, datetime(2024, 3, 5))
    (o,) = doc._.qcdc_officials
    assert o.person_key == "Võ Ngọc Thương@2025:42"


@pytest.mark.parametrize("organisation, role, body, level", [
    ("Ủy ban nhân dân xã Kỳ Châu", "Chủ tịch", "Ủy ban nhân dân", "commune"),
    ("Ủy ban nhân dân xã", "Chủ tịch", "Ủy ban nhân dân", "commune"),
    ("Huyện ủy Kỳ Anh", "Bí thư", "Huyện ủy", "district"),
    ("Hội đồng nhân dân tỉnh khóa XVII", "Phó Chủ tịch", "Hội đồng nhân dân", "province"),
    ("Đoàn Đại biểu Quốc hội tỉnh", "Trưởng", "Đoàn Đại biểu Quốc hội", "province"),
    ("Ban Dân vận T.Ư", "Trưởng", "Ban Dân vận Trung ương", "national"),
    ("Bộ Lao động - Thương binh và Xã hội", "Bộ trưởng", "Bộ Lao động - Thương binh và Xã hội", "national"),
    ("thôn Bắc Châu", "Bí thư chi bộ", "thôn Bắc Châu", "village"),
])
def test_positions_body_and_level(organisation, role, body, level):
    assert (position_body(organisation), position_level(organisation, role)) == (body, level)


def test_two_spellings_of_one_post_count_the_same(nlp):
    a = helpers.run(nlp, "Chiều 4/3, ông Nguyễn Văn An, Chủ tịch UBND xã Kỳ Châu phát biểu.", datetime(2024, 3, 5))
    b = helpers.run(nlp, "Chiều 4/3, ông Trần Văn Bình - Chủ tịch Ủy ban nhân dân xã Kỳ Tân phát biểu.", datetime(2024, 3, 5))
    pa_, pb = a._.qcdc_officials[0].positions[0], b._.qcdc_officials[0].positions[0]
    assert (pa_["role"], pa_["body"], pa_["level"]) == (pb["role"], pb["body"], pb["level"]) == \
        ("Chủ tịch", "Ủy ban nhân dân", "commune")
