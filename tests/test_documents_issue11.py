"""Documents: the forms of issue 11 as table tests written in the genre."""
from __future__ import annotations

from datetime import date

import pytest

from qcdc_extract.documents import extract_documents, fold_symbol


def _docs(nlp, text):
    docs = extract_documents(nlp.make_doc(text))
    for d in docs:
        assert text[d.start:d.end] == d.surface
    return docs


def _fields(d, keys):
    return {k: getattr(d, k) for k in keys}


# (text, fields of each citation in order)
CASES = [
    # Look-alike letters folded: one decree is one symbol however it is typed.
    ("Thực hiện Nghị định số 04/2015/NÐ-CP của Chính phủ về dân chủ trong cơ quan.",
     [{"doc_type": "Nghị định", "number": "04", "symbol": "NĐ-CP", "year": 2015}]),
    ("Các cơ quan triển khai Nghị định 04/2015/ND-CP ngày 09/01/2015 của Chính phủ.",
     [{"doc_type": "Nghị định", "number": "04", "symbol": "NĐ-CP", "issuer": "Chính phủ"}]),
    ("UBND huyện ban hành Quyết định số 1520/QD-UBND về kiện toàn Ban Chỉ đạo.",
     [{"doc_type": "Quyết định", "number": "1520", "symbol": "QĐ-UBND"}]),
    ("Chi bộ quán triệt Kết luận số 120-KL/TƯ của Bộ Chính trị.",
     [{"doc_type": "Kết luận", "number": "120", "symbol": "KL/TW", "issuing_body": "Trung ương Đảng"}]),
    # Whole symbols with several bodies, an "&" between two offices.
    ("Thực hiện Nghị quyết liên tịch số 04/NQ/ĐCT-MTTW của Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam.",
     [{"doc_type": "Nghị quyết liên tịch", "number": "04", "symbol": "NQ/ĐCT-MTTW"}]),
    ("Căn cứ Nghị quyết liên tịch số 01/2024/NQLT-CP-ĐCTUBTWMTTQVN về thực hiện dân chủ ở cơ sở.",
     [{"number": "01", "symbol": "NQLT-CP-ĐCTUBTWMTTQVN", "year": 2024}]),
    ("Theo Công văn số 1845/SNV-CCHC&PC ngày 12 tháng 8 năm 2020 của Sở Nội vụ.",
     [{"doc_type": "Công văn", "number": "1845", "symbol": "SNV-CCHC&PC", "issued": date(2020, 8, 12),
       "issuer": "Sở Nội vụ", "year": 2020}]),
    ("Sở Tư pháp có Báo cáo thẩm định số 25/BCTĐ-STP ngày 3/4/2021 của Sở Tư pháp.",
     [{"doc_type": "Báo cáo thẩm định", "number": "25", "symbol": "BCTĐ-STP", "issuer": "Sở Tư pháp"}]),
    # Issuer and issue date in the forms of the genre; the year from the issue date.
    ("Thực hiện Nghị định số 04/2015/NĐ-CP ngày 13 tháng 6 năm 2016 của Chính phủ về dân chủ.",
     [{"issued": date(2016, 6, 13), "issuer": "Chính phủ", "year": 2015}]),
    ("Chỉ thị số 30-CT/TW do Bộ Chính trị ban hành ngày 18/2/1998 về xây dựng quy chế dân chủ.",
     [{"issued": date(1998, 2, 18), "issuer": "Bộ Chính trị", "year": 1998}]),
    ("Kế hoạch số 45-KH/HU ngày 12/3/2021 của Ban Thường vụ Huyện ủy được triển khai.",
     [{"issued": date(2021, 3, 12), "issuer": "Ban Thường vụ Huyện ủy", "year": 2021, "canonical": "45-KH/HU"}]),
    # A symbol without a date keeps no year.
    ("Đảng ủy quán triệt Nghị quyết số 15-NQ/ĐU đến toàn thể đảng viên.", [{"year": None}]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_documents_issue11(nlp, text, expected):
    docs = _docs(nlp, text)
    assert [_fields(d, e) for d, e in zip(docs, expected)] == expected and len(docs) == len(expected)


@pytest.mark.parametrize("symbol, folded", [
    ("NÐ-CP", "NĐ-CP"), ("ND-CP", "NĐ-CP"), ("QD-UBND", "QĐ-UBND"), ("KL/TƯ", "KL/TW"),
    ("HD/BTGTW", "HD/BTGTW"), ("UBND-VX", "UBND-VX"), ("NQ/TU", "NQ/TU"),
])
def test_fold_symbol(symbol, folded):
    assert fold_symbol(symbol) == folded


def test_one_decree_is_one_fact_whatever_its_letters(nlp):
    docs = _docs(nlp, "Theo Nghị định số 04/2015/NÐ-CP và Nghị định 04/2015/ND-CP, Nghị định 04/2015/NĐ-CP.")
    assert {d.canonical for d in docs} == {"04/2015/NĐ-CP"}
