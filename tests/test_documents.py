"""Document citations: tables of (text, expected) cases written in the genre."""
from __future__ import annotations

from datetime import date

import pytest

from qcdc_extract.documents import canonical, extract_documents, issuing_body


def _docs(nlp, text):
    docs = extract_documents(nlp.make_doc(text))
    for d in docs:
        assert text[d.start : d.end] == d.surface
    return docs


def _subset(doc, expected: dict) -> dict:
    return {k: getattr(doc, k) for k in expected}


# Number forms ---------------------------------------------------------------------------
# (text, the first citation's fields)
NUMBER_FORMS = [
    ("Đảng ủy xã tổ chức quán triệt Nghị quyết số 15-NQ/ĐU của Đảng ủy xã Cẩm Quan.",
     {"doc_type": "Nghị quyết", "number": "15", "symbol": "NQ/ĐU", "year": None, "canonical": "15-NQ/ĐU", "form": "party"}),
    ("Tiếp tục thực hiện Chỉ thị số 30-CT/TW của Bộ Chính trị khóa VIII.",
     {"doc_type": "Chỉ thị", "number": "30", "symbol": "CT/TW", "canonical": "30-CT/TW"}),
    ("Các chi bộ đã triển khai Kết luận số 120-KL/TW đến toàn thể đảng viên.",
     {"doc_type": "Kết luận", "number": "120", "symbol": "KL/TW"}),
    ("Thực hiện Hướng dẫn số 36-HD/VPTW về thể thức văn bản của Đảng.",
     {"doc_type": "Hướng dẫn", "number": "36", "symbol": "HD/VPTW", "issuing_body": "Văn phòng Trung ương Đảng"}),
    ("Cán bộ, đảng viên nghiêm túc thực hiện Quy định số 08-QĐi/TW về trách nhiệm nêu gương.",
     {"doc_type": "Quy định", "number": "08", "symbol": "QĐi/TW", "canonical": "08-QĐi/TW"}),
    ("Phối hợp thực hiện dân chủ theo Nghị định số 04/2015/NĐ-CP trong cơ quan hành chính.",
     {"doc_type": "Nghị định", "number": "04", "symbol": "NĐ-CP", "year": 2015, "canonical": "04/2015/NĐ-CP",
      "issuing_body": "Chính phủ", "form": "state"}),
    ("Niêm yết công khai theo Pháp lệnh số 34/2007/PL-UBTVQH11 tại trụ sở xã.",
     {"doc_type": "Pháp lệnh", "number": "34", "symbol": "PL-UBTVQH11", "year": 2007,
      "issuing_body": "Ủy ban Thường vụ Quốc hội"}),
    ("UBND huyện ban hành Quyết định số 1234/QĐ-UBND về việc kiện toàn Ban Chỉ đạo.",
     {"doc_type": "Quyết định", "number": "1234", "symbol": "QĐ-UBND", "year": None, "canonical": "1234/QĐ-UBND",
      "issuing_body": "Ủy ban nhân dân"}),
    ("Tuyên truyền sâu rộng Luật số 10/2022/QH15 đến mọi tầng lớp Nhân dân.",
     {"doc_type": "Luật", "number": "10", "symbol": "QH15", "year": 2022, "canonical": "10/2022/QH15",
      "issuing_body": "Quốc hội"}),
    ("UBND xã xây dựng Kế hoạch số 45/KH-UBND để triển khai.",
     {"doc_type": "Kế hoạch", "number": "45", "symbol": "KH-UBND", "canonical": "45/KH-UBND"}),
    ("Theo Nghị quyết số: 07-NQ/HU của Ban Chấp hành Đảng bộ huyện.",
     {"doc_type": "Nghị quyết", "number": "07", "symbol": "NQ/HU", "issuing_body": "Huyện ủy"}),
    ("Hội nghị sơ kết nghị quyết 09 NQ/TU",
     {"doc_type": "Nghị quyết", "number": "09", "symbol": "NQ/TU", "surface": "nghị quyết 09 NQ/TU"}),
    ("Thực hiện Nghị quyết 11- NQ/TU của Tỉnh ủy về phát triển kinh tế tập thể.",
     {"number": "11", "symbol": "NQ/TU", "surface": "Nghị quyết 11- NQ/TU"}),
    ("Thực hiện Nghị định số 59/2023/ NĐ-CP quy định chi tiết một số điều của Luật.",
     {"doc_type": "Nghị định", "number": "59", "symbol": "NĐ-CP", "year": 2023}),
    ("Sau 10 năm thực hiện Kết luận số 62- KL/TW, công tác dân vận có nhiều chuyển biến.",
     {"doc_type": "Kết luận", "number": "62", "symbol": "KL/TW"}),
    ("Phòng Nội vụ tham mưu Công văn số 567/UBND-VX gửi các xã.",
     {"doc_type": "Công văn", "number": "567", "symbol": "UBND-VX", "issuing_body": "Ủy ban nhân dân"}),
    ("Thực hiện Văn bản số 890/UBND của UBND tỉnh, huyện đã rà soát.",
     {"doc_type": "Công văn", "number": "890", "symbol": "UBND", "canonical": "890/UBND"}),
    ("Triển khai Thông tư số 01/2023/TT-BNV hướng dẫn thực hiện dân chủ.",
     {"doc_type": "Thông tư", "number": "01", "symbol": "TT-BNV", "year": 2023, "issuing_body": "Bộ Nội vụ"}),
    ("Ban Dân vận ban hành Hướng dẫn số 12-HD/BDVTU về phong trào thi đua.",
     {"doc_type": "Hướng dẫn", "number": "12", "symbol": "HD/BDVTU", "issuing_body": "Ban Dân vận Tỉnh ủy"}),
    ("HĐND tỉnh thông qua Nghị quyết số 15/2022/NQ-HĐND về chính sách hỗ trợ.",
     {"number": "15", "symbol": "NQ-HĐND", "year": 2022, "issuing_body": "Hội đồng nhân dân"}),
    ("Thủ tướng ký Quyết định số 99/QĐ-TTg phê duyệt Đề án.",
     {"doc_type": "Quyết định", "number": "99", "symbol": "QĐ-TTg", "issuing_body": "Thủ tướng Chính phủ"}),
    ("Các chi bộ học tập NQ số 05-NQ/HU ngay sau hội nghị.",
     {"doc_type": "Nghị quyết", "number": "05", "symbol": "NQ/HU", "surface": "NQ số 05-NQ/HU"}),
    ("Thị xã ban hành QĐ số 2150/QĐ-UBND thành lập Tổ công tác.",
     {"doc_type": "Quyết định", "number": "2150", "symbol": "QĐ-UBND"}),
    ("Đảng ủy quán triệt Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp.",
     {"doc_type": "Chỉ thị", "number": "35", "symbol": "CT/TW", "surface": "Chỉ thị 35-CT/TW"}),
    ("Các xã nghèo được hỗ trợ theo Nghị quyết 30a/2008/NQ-CP của Chính phủ.",
     {"number": "30a", "symbol": "NQ-CP", "year": 2008, "canonical": "30a/2008/NQ-CP"}),
    ("Đảng ủy ban hành Nghị quyết chuyên đề số 03-NQ/ĐU về chuyển đổi số.",
     {"doc_type": "Nghị quyết", "number": "03", "symbol": "NQ/ĐU", "surface": "Nghị quyết chuyên đề số 03-NQ/ĐU"}),
    ("Ủy ban MTTQ xã ký Chương trình phối hợp số 01/CTrPH-MTTQ với UBND xã.",
     {"doc_type": "Chương trình", "number": "01", "symbol": "CTrPH-MTTQ", "issuing_body": "Mặt trận Tổ quốc"}),
    ("THỰC HIỆN NGHỊ QUYẾT SỐ 04-NQ/TU CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
     {"doc_type": "Nghị quyết", "number": "04", "symbol": "NQ/TU", "issuer": "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"}),
    ("Huyện ủy ban hành Chương trình hành động số 15-CTr/HU thực hiện Nghị quyết Đại hội.",
     {"doc_type": "Chương trình hành động", "number": "15", "symbol": "CTr/HU", "canonical": "15-CTr/HU"}),
    ("Thực hiện Thông báo kết luận số 123-TB/TU của Thường trực Tỉnh ủy.",
     {"doc_type": "Thông báo", "number": "123", "symbol": "TB/TU", "issuer": "Thường trực Tỉnh ủy"}),
    ("Theo văn bản số 1234/QĐ-UBND của UBND thị xã, các phường đã kiện toàn Ban Chỉ đạo.",
     {"doc_type": "Quyết định", "number": "1234", "symbol": "QĐ-UBND"}),
    ("Ban Thường vụ ban hành KH số 42 để triển khai.",
     {"doc_type": "Kế hoạch", "number": "42", "symbol": None, "surface": "KH số 42"}),
    ("Thực hiện Chỉ thị số 08/CT-TTg của Thủ tướng Chính phủ về phòng, chống dịch.",
     {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT-TTg", "issuer": "Thủ tướng Chính phủ"}),
    # A title between a law's type and its number.
    ("Cụ thể hóa Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, xã đã ban hành quy chế.",
     {"doc_type": "Luật", "number": "10", "symbol": "QH15", "subject": "Thực hiện dân chủ ở cơ sở",
      "surface": "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"}),
    ("Trước năm 2023, xã thực hiện Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn số 34/2007/PL-UBTVQH11.",
     {"doc_type": "Pháp lệnh", "number": "34", "year": 2007, "subject": "thực hiện dân chủ ở xã, phường, thị trấn"}),
    # Bare numbers.
    ("Ban Thường vụ Thị ủy ban hành Kế hoạch số 58 ngày 14/3/2022 để triển khai.",
     {"doc_type": "Kế hoạch", "number": "58", "symbol": None, "issued": date(2022, 3, 14), "canonical": "Kế hoạch 58"}),
    ("Triển khai Đề án 03 ngày 14/4/2022 của BTV Thị ủy về công tác dân vận chính quyền.",
     {"doc_type": "Đề án", "number": "03", "issued": date(2022, 4, 14), "issuer": "BTV Thị ủy", "canonical": "Đề án 03"}),
    ("Gắn với thực hiện Chỉ thị 05 của Bộ Chính trị, chi bộ đã xây dựng mô hình mới.",
     {"doc_type": "Chỉ thị", "number": "05", "issuer": "Bộ Chính trị", "form": "bare"}),
    ("Hội nghị quán triệt Kế hoạch số 17, ngày 2/3/2023 của Ban Thường vụ Huyện ủy.",
     {"number": "17", "issued": date(2023, 3, 2), "issuer": "Ban Thường vụ Huyện ủy"}),
    ("Đảng bộ triển khai Nghị quyết số 09 năm 2021 về xây dựng nông thôn mới.",
     {"doc_type": "Nghị quyết", "number": "09", "surface": "Nghị quyết số 09"}),
    ("Đoàn kiểm tra việc thực hiện Kế hoạch số 12 tháng 3/2023 của UBND xã.",
     {"doc_type": "Kế hoạch", "number": "12", "issuer": "UBND xã", "issued": None}),
    ("Công khai các nội dung theo Pháp lệnh số 34/2007 để nhân dân biết.",
     {"doc_type": "Pháp lệnh", "number": "34", "year": 2007, "symbol": None, "canonical": "Pháp lệnh 34/2007",
      "form": "number_year"}),
    ("Xã đang triển khai Đề án 06 của Chính phủ về phát triển ứng dụng dữ liệu dân cư.",
     {"doc_type": "Đề án", "number": "06", "issuer": "Chính phủ"}),
    ("Tổng kết 10 năm thực hiện Kết luận 12 (của Bộ Chính trị khóa XI).",
     {"doc_type": "Kết luận", "number": "12"}),
]


@pytest.mark.parametrize("text, expected", NUMBER_FORMS)
def test_number_forms(nlp, text, expected):
    docs = _docs(nlp, text)
    assert docs, "no citation found"
    assert _subset(docs[0], expected) == expected


# Issue date, issuer, subject ---------------------------------------------------------------
DETAILS = [
    ("Thực hiện Nghị quyết số 05-NQ/TU, ngày 18/8/2016 của Ban Chấp hành Đảng bộ tỉnh về “Đẩy mạnh cải cách hành chính”, xã đã ...",
     {"issued": date(2016, 8, 18), "issuer": "Ban Chấp hành Đảng bộ tỉnh", "subject": "Đẩy mạnh cải cách hành chính"}),
    ("Kế hoạch số 21-KH/HU ban hành ngày 12 tháng 5 năm 2017 của Huyện ủy.",
     {"issued": date(2017, 5, 12), "issuer": "Huyện ủy", "issuing_body": "Huyện ủy"}),
    ("Chỉ thị số 05-CT/TW (ngày 15-5-2016) của Bộ Chính trị tiếp tục được thực hiện.",
     {"issued": date(2016, 5, 15), "issuer": "Bộ Chính trị"}),
    ("Học tập Chỉ thị số 05-CT/TW của Bộ Chính trị ngày 15/5/2016 tới 100% đảng viên.",
     {"issued": date(2016, 5, 15), "issuer": "Bộ Chính trị"}),
    ("Quyết định số 215/QĐ-UBND ngày 31/2/2020 của UBND huyện.",
     {"issued": None, "issuer": "UBND huyện"}),
    ("Thực hiện Kế hoạch số 42-KH/HU của BTV Huyện uỷ thực hiện Đề án của Tỉnh ủy.",
     {"issuer": "BTV Huyện uỷ"}),
    ("Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị (khóa XII) về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.",
     {"issuer": "Bộ Chính trị", "subject": "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}),
    ("Nghị định số 145/2020/NĐ-CP của Chính phủ quy định chi tiết một số điều của Bộ luật Lao động.",
     {"issuer": "Chính phủ", "year": 2020}),
    ("Quyết định số 1234/QĐ-UBND ngày 15/6/2022 của UBND tỉnh Hà Tĩnh về việc “Ban hành quy chế phối hợp”.",
     {"issued": date(2022, 6, 15), "issuer": "UBND tỉnh Hà Tĩnh", "subject": "Ban hành quy chế phối hợp"}),
    ("Nghị quyết số 25-NQ/TW ngày 3/6/2013 của Hội nghị lần thứ 7 Ban Chấp hành Trung ương Đảng (khóa XI).",
     {"issued": date(2013, 6, 3), "issuer": "Hội nghị lần thứ 7 Ban Chấp hành Trung ương Đảng"}),
    ("Kế hoạch số 112/KH-UBND do UBND huyện ban hành đã được triển khai.",
     {"issuer": "UBND huyện"}),
    ("Nghị quyết số 06-NQ/TU của Tỉnh ủy ban hành năm 2021 đã đi vào cuộc sống.",
     {"issuer": "Tỉnh ủy"}),
    ("Kế hoạch số 09-KH/ĐU của Đảng ủy khối Cơ quan tỉnh về chuyển đổi số.",
     {"issuer": "Đảng ủy khối Cơ quan tỉnh", "issuing_body": "Đảng ủy"}),
    ("Quyết định số 75/QĐ-UBND của Ủy ban nhân dân huyện Kỳ Anh tổ chức lại bộ phận một cửa.",
     {"issuer": "Ủy ban nhân dân huyện Kỳ Anh"}),
    ("Nghị quyết số 02-NQ/TU ngày 12/5/2017 của Tỉnh ủy.",
     {"issuing_body": "Tỉnh ủy", "issued_span_text": "ngày 12/5/2017"}),
]


@pytest.mark.parametrize("text, expected", DETAILS)
def test_details(nlp, text, expected):
    expected = dict(expected)
    span_text = expected.pop("issued_span_text", None)
    doc = _docs(nlp, text)[0]
    assert _subset(doc, expected) == expected
    if span_text:
        assert text[slice(*doc.issued_span)] == span_text


# Lists under one type -------------------------------------------------------------------------
# (text, [(number, symbol, issued, issuer), ...])
LISTS = [
    ("Quán triệt các Nghị quyết số 02-NQ/TU, 03-NQ/TU và 05-NQ/TU của Tỉnh ủy.",
     [("02", "NQ/TU", None, "Tỉnh ủy"), ("03", "NQ/TU", None, "Tỉnh ủy"), ("05", "NQ/TU", None, "Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 05 và 06 của Ban Thường vụ Tỉnh ủy.",
     [("05", None, None, "Ban Thường vụ Tỉnh ủy"), ("06", None, None, "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Quyết định số 217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị.",
     [("217", "QĐ/TW", date(2013, 12, 12), "Bộ Chính trị"), ("218", "QĐ/TW", date(2013, 12, 12), "Bộ Chính trị")]),
    ("Mặt trận giám sát theo Quyết định 217, 218-QĐ/TW của Bộ Chính trị.",
     [("217", "QĐ/TW", None, "Bộ Chính trị"), ("218", "QĐ/TW", None, "Bộ Chính trị")]),
    ("Thực hiện Nghị định số 04/2015/NĐ-CP và 59/2023/NĐ-CP của Chính phủ.",
     [("04", "NĐ-CP", None, "Chính phủ"), ("59", "NĐ-CP", None, "Chính phủ")]),
    ("Triển khai Nghị quyết số 10-NQ/HU, ngày 5/3/2021 và 11-NQ/HU, ngày 9/4/2021 của Huyện ủy.",
     [("10", "NQ/HU", date(2021, 3, 5), "Huyện ủy"), ("11", "NQ/HU", date(2021, 4, 9), "Huyện ủy")]),
    ("Các nghị quyết số 02-NQ/TU, 05-CT/TU của Tỉnh ủy được quán triệt.",
     [("02", "NQ/TU", None, "Tỉnh ủy"), ("05", "CT/TU", None, "Tỉnh ủy")]),
    ("Thực hiện Chỉ thị số 05, 7 chi bộ đã đăng ký mô hình.",
     [("05", None, None, None)]),
    ("Quán triệt Nghị quyết số 02-NQ/TU và 100% đảng viên tham gia học tập.",
     [("02", "NQ/TU", None, None)]),
]


@pytest.mark.parametrize("text, expected", LISTS)
def test_lists(nlp, text, expected):
    docs = _docs(nlp, text)
    assert [(d.number, d.symbol, d.issued, d.issuer) for d in docs] == expected


def test_a_later_number_in_a_list_takes_the_type_its_symbol_names(nlp):
    docs = _docs(nlp, "Các nghị quyết số 02-NQ/TU, 05-CT/TU của Tỉnh ủy được quán triệt.")
    assert [d.doc_type for d in docs] == ["Nghị quyết", "Chỉ thị"]


# Linking bare later mentions ------------------------------------------------------------------
# (text, the last citation's fields)
LINKS = [
    ("Thực hiện Nghị quyết số 02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh. Sau 5 năm thực hiện Nghị quyết số 02, xã đã có nhiều đổi mới.",
     {"number": "02", "symbol": "NQ/TU", "canonical": "02-NQ/TU", "linked": True, "surface": "Nghị quyết số 02"}),
    ("Chỉ thị 05 là nhiệm vụ thường xuyên. Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
     {"symbol": "CT/TW", "linked": False}),
    ("Kết luận số 43-KL/TW của Ban Bí thư được quán triệt. Qua 3 năm thực hiện Kết luận 43, ...",
     {"symbol": "KL/TW", "canonical": "43-KL/TW", "linked": True, "issuer": "Ban Bí thư"}),
    ("Thực hiện Nghị quyết số 02-NQ/TU. Nghị quyết số 03 của Đảng ủy xã cũng được triển khai.",
     {"number": "03", "symbol": None, "canonical": "Nghị quyết 03", "linked": False}),
    ("Thực hiện Nghị quyết số 02-NQ/TU. Chỉ thị số 02 của Đảng ủy xã cũng được triển khai.",
     {"doc_type": "Chỉ thị", "symbol": None, "linked": False}),
    ("Pháp lệnh số 34/2007/PL-UBTVQH11 có hiệu lực từ năm 2007; xã niêm yết theo Pháp lệnh số 34/2007.",
     {"symbol": "PL-UBTVQH11", "year": 2007, "canonical": "34/2007/PL-UBTVQH11", "linked": True}),
    ("Nghị quyết số 02-NQ/TU, ngày 12/5/2017 của Ban Chấp hành Đảng bộ tỉnh. Đánh giá 5 năm thực hiện Nghị quyết số 02 của Đảng bộ xã.",
     {"linked": True, "issuer": "Ban Chấp hành Đảng bộ tỉnh", "issued": date(2017, 5, 12)}),
]


@pytest.mark.parametrize("text, expected", LINKS)
def test_linking(nlp, text, expected):
    docs = _docs(nlp, text)
    assert _subset(docs[-1], expected) == expected


def test_a_bare_mention_takes_the_date_of_a_dated_bare_mention(nlp):
    docs = _docs(nlp, "Triển khai Đề án 03 ngày 14/4/2022 của BTV Thị ủy. Sau một năm thực hiện Đề án 03, ...")
    assert [(d.issued, d.issuer, d.linked) for d in docs] == [(date(2022, 4, 14), "BTV Thị ủy", False)] * 2


def test_bare_mention_before_its_full_citation_links_forward(nlp):
    docs = _docs(nlp, "Chỉ thị 05 là nhiệm vụ thường xuyên. Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.")
    assert (docs[0].symbol, docs[0].canonical, docs[0].linked) == ("CT/TW", "05-CT/TW", True)


# Named but unnumbered resolutions ------------------------------------------------------------
NAMED = [
    ("Gắn với thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng.",
     "Nghị quyết Trung ương 4 (khóa XII)", "Nghị quyết Trung ương 4 khóa XII"),
    ("Tiếp tục thực hiện Nghị quyết Trung ương 4 khoá XI và Chỉ thị 05.",
     "Nghị quyết Trung ương 4 khoá XI", "Nghị quyết Trung ương 4 khóa XI"),
    ("Quán triệt Nghị quyết Hội nghị Trung ương 5, khóa XII về kinh tế tập thể.",
     "Nghị quyết Hội nghị Trung ương 5, khóa XII", "Nghị quyết Trung ương 5 khóa XII"),
    ("Sinh hoạt chuyên đề về Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII.",
     "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII", "Nghị quyết Trung ương 4 khóa XII"),
    ("Đưa Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII vào cuộc sống.",
     "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII", "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII"),
    ("Học tập Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
     "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII"),
    ("Thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020-2025.",
     "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020-2025",
     "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX"),
    ("Các chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIV đều đạt và vượt.",
     "Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIV", "Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIV"),
    ("Lãnh đạo thực hiện Nghị quyết Đại hội Đảng bộ xã Thạch Lâm lần thứ XXV.",
     "Nghị quyết Đại hội Đảng bộ xã Thạch Lâm lần thứ XXV", "Nghị quyết Đại hội Đảng bộ xã Thạch Lâm lần thứ XXV"),
]


@pytest.mark.parametrize("text, surface, canonical_", NAMED)
def test_named_resolutions(nlp, text, surface, canonical_):
    named = [d for d in _docs(nlp, text) if d.form == "named"]
    assert [(d.surface, d.canonical, d.number) for d in named] == [(surface, canonical_, None)]


# Not documents ---------------------------------------------------------------------------------
NOT_DOCUMENTS = [
    "Xã hoàn thành Kế hoạch 5 năm phát triển kinh tế - xã hội.",
    "Sau Nghị quyết 3 tháng, các chi bộ đã có chuyển biến.",
    "Báo cáo 6 tháng đầu năm được thông qua tại hội nghị.",
    "Theo báo cáo số 6 tháng đầu năm, toàn huyện có 120 mô hình.",
    "Kế hoạch số 5 năm 2021-2025 được triển khai đồng bộ.",
    "Huyện triển khai Chương trình 135 tại các xã đặc biệt khó khăn.",
    "Xã được hưởng Chương trình 30a của Chính phủ.",
    "Không để xảy ra vi phạm pháp luật, thực hiện trọng trách luật định của HĐND.",
    "Kỷ luật 2 đảng viên vi phạm tư cách.",
    "Kế hoạch 2023 của xã được xây dựng sát thực tế.",
    "Kế hoạch 2021-2025 đã hoàn thành trước thời hạn.",
    "Kế hoạch 100 ngày đêm thi đua được phát động.",
    "Triển khai các Chỉ thị, Nghị quyết của Đảng đến cán bộ, đảng viên.",
    "Quán triệt Nghị quyết đại hội Đảng các cấp, nhiệm kỳ 2020-2025.",
    "Hội nghị đã kết luận 3 vấn đề trọng tâm.",
    "Cán bộ hướng dẫn 20 hộ dân làm hồ sơ.",
    "Đoàn đã thông báo 2 lần cho các hộ.",
    "UBND xã đã ban hành Kế hoạch số hằng năm về thực hiện dân chủ.",
    "Ban Chỉ đạo quyết định 3 nội dung quan trọng.",
    "Đạt 19/19 tiêu chí, kế hoạch 2 năm liền vượt chỉ tiêu.",
    "Nghị quyết 1,9% hộ nghèo được đặt ra.",
    "Mỗi năm Quy chế 2 lần được rà soát.",
    "Chi bộ CT 05 đảng viên.",
    "Đảng ủy đã ban hành 06 văn bản để thực hiện Nghị quyết.",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_documents(nlp, text):
    assert [d.surface for d in _docs(nlp, text)] == []


ISSUED_BEFORE = [
    ("Ngay từ ngày 20/6/2020, Bộ Chính trị đã ban hành Chỉ thị số 45-CT/TW về lãnh đạo cuộc bầu cử.",
     {"issuer": "Bộ Chính trị", "issued": date(2020, 6, 20), "issued_span": None}),
    ("Ngày 14-11-2016, Ban Chấp hành Đảng bộ tỉnh khóa XIII đã ban hành Nghị quyết số 10-NQ/TU về huy động nguồn lực.",
     {"issuer": "Ban Chấp hành Đảng bộ tỉnh", "issued": date(2016, 11, 14)}),
    ("Tháng 4-2007, Ủy ban Thường vụ Quốc hội ban hành Pháp lệnh số 34/2007/PL-UBTVQH11.",
     {"issuer": "Ủy ban Thường vụ Quốc hội", "issued": None}),
    ("Thời gian qua Huyện ủy vừa ký ban hành Kế hoạch số 88-KH/HU.",
     {"issuer": "Huyện ủy"}),
    ("Ngày 3/3/2023, xã tổ chức hội nghị và ban hành Kế hoạch số 12/KH-UBND.",
     {"issuer": None, "issued": None}),
]


@pytest.mark.parametrize("text, expected", ISSUED_BEFORE)
def test_issuer_and_date_named_before_the_citation(nlp, text, expected):
    assert _subset(_docs(nlp, text)[0], expected) == expected


def test_a_heading_does_not_take_the_next_paragraphs_date(nlp):
    text = "Sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU\n\nNgày 12/5/2022, Đảng ủy xã tổ chức hội nghị."
    doc = _docs(nlp, text)[0]
    assert (doc.issued, doc.issued_span) == (None, None)


def test_a_quoted_subject_may_follow_on_the_next_line_after_ve(nlp):
    doc = _docs(nlp, "Thực hiện hiệu quả Nghị quyết số 25-NQ/TW\nvề “Tăng cường công tác dân vận”")[0]
    assert doc.subject == "Tăng cường công tác dân vận"


def test_issuer_stops_at_a_line_end(nlp):
    doc = _docs(nlp, "Thực hiện Nghị quyết số 02-NQ/TU của Tỉnh ủy\nĐồng chí Bí thư phát biểu.")[0]
    assert doc.issuer == "Tỉnh ủy"


def test_data_files_load():
    from qcdc_extract import documents as D

    pattern, by_surface = D._types()
    assert {t.doc_type for t in by_surface.values()} >= {
        "Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Quyết định", "Hướng dẫn", "Thông báo", "Thông tư",
        "Nghị định", "Pháp lệnh", "Luật", "Kế hoạch", "Đề án", "Chương trình", "Công văn", "Báo cáo", "Tờ trình",
        "Quy chế"}
    assert D._bodies()[0]["TU"] == "Tỉnh ủy"
    assert D._issuer_words().match("ban chấp hành")
    assert D._bare_end().match(" của") and D._modifier().match(" chuyên đề số")


# Helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, expected", [
    (("Nghị quyết", "2", "NQ/TU", None), "02-NQ/TU"),
    (("Nghị định", "4", "NĐ-CP", 2015), "04/2015/NĐ-CP"),
    (("Quyết định", "1234", "QĐ-UBND", None), "1234/QĐ-UBND"),
    (("Kế hoạch", "042", None, None), "Kế hoạch 42"),
    (("Pháp lệnh", "34", None, 2007), "Pháp lệnh 34/2007"),
    (("Nghị quyết", None, None, None), "Nghị quyết"),
])
def test_canonical(args, expected):
    assert canonical(*args) == expected


@pytest.mark.parametrize("symbol, expected", [
    ("NQ/TU", "Tỉnh ủy"), ("CT/TW", "Trung ương Đảng"), ("NĐ-CP", "Chính phủ"), ("QH15", "Quốc hội"),
    ("UBND-NC", "Ủy ban nhân dân"), ("HD/BTGTU", "Ban Tuyên giáo Tỉnh ủy"), ("TT-BTC", "Bộ Tài chính"),
    ("HD/BTCTU", "Ban Tổ chức Tỉnh ủy"), ("NQ/XYZ", None), (None, None),
])
def test_issuing_body(symbol, expected):
    assert issuing_body(symbol) == expected


def test_pipeline_spans_and_issue_date_role(nlp):
    doc = nlp("Thực hiện Nghị quyết số 02-NQ/TU, ngày 12/5/2017 của Tỉnh ủy, chiều ngày 5/4/2022 xã tổ chức hội nghị.")
    assert [(s.text, s.label_) for s in doc.spans["documents"]] == [("Nghị quyết số 02-NQ/TU", "Nghị quyết")]
    roles = {d.surface: d.role for d in doc._.qcdc_facts["dates"]}
    assert roles.get("ngày 12/5/2017") == "issued"


# Known misses -----------------------------------------------------------------------------------
KNOWN_MISSES = [
    pytest.param("Nghị quyết số 18-NQ/TW ngày 25/10/2017 Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII.",
                 {"issuer": "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng"},
                 marks=pytest.mark.xfail(reason="an issuer without 'của' is not recognised", strict=True)),
    pytest.param("Thực hiện Nghị quyết số 25-NQ/TW về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận.",
                 {"subject": "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận"},
                 marks=pytest.mark.xfail(reason="only quoted subjects are taken", strict=True)),
    pytest.param("Tháng 3/2023, Kế hoạch số 19 ngày 5/3 của UBND xã được ban hành.",
                 {"issued": date(2023, 3, 5)},
                 marks=pytest.mark.xfail(reason="an issue date without a year is left empty", strict=True)),
    pytest.param("Theo kế hoạch 42 của huyện ủy, các xã tổ chức tuyên truyền.",
                 {"number": "42"},
                 marks=pytest.mark.xfail(reason="lower-case 'kế hoạch' with a bare number is read as a common noun",
                                         strict=True)),
    pytest.param("Học tập, quán triệt NQTW4 khóa XII đến toàn thể đảng viên.",
                 {"canonical": "Nghị quyết Trung ương 4 khóa XII"},
                 marks=pytest.mark.xfail(reason="glued abbreviations such as NQTW4 are not read", strict=True)),
]


@pytest.mark.parametrize("text, expected", KNOWN_MISSES)
def test_known_misses(nlp, text, expected):
    docs = _docs(nlp, text)
    assert docs and _subset(docs[0], expected) == expected
