"""The syllable tokenizer: doc.text == text on hostile strings; sensible token boundaries."""
from __future__ import annotations

import pytest


HOSTILE = [
    "",
    " ",
    "\n\n\n",
    "  leading and trailing  ",
    "Chiều ngày 5/4/2022,  Đảng bộ xã Kỳ Châu\ttổ chức\r\nHội nghị",
    "Nghị quyết số 02-NQ/TU, ngày 12/5/2017 của Ban Chấp hành Đảng bộ tỉnh",
    "Huyện uỷ\u00a0và Huyện ủy\u200b",
    "Hoa\u0300 decomposed tone marks and e\u0301",
    "“Dân vận khéo”năm 2022.    ",
    "1.772 cá nhân, 1,9%, 64 triệu đồng/người/năm, 6ha",
    "emoji 🎉🇻🇳 and CJK 民主 and RTL עברית",
    "___ *** ... ./. …/.",
    "a" * 5000,
    "\x00\x01 control \x7f",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_round_trips(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert sum(len(t.text_with_ws) for t in doc) == len(text)


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Đồng chí Võ Ngọc Thương", ["Đồng", "chí", "Võ", "Ngọc", "Thương"]),
        ("02-NQ/TU", ["02", "-", "NQ", "/", "TU"]),
        ("04/2015/NĐ-CP", ["04", "/", "2015", "/", "NĐ", "-", "CP"]),
        ("6ha", ["6", "ha"]),
        ("1.772", ["1", ".", "772"]),
        ("thôn Bắc Châu./.", ["thôn", "Bắc", "Châu", ".", "/", "."]),
    ],
)
def test_token_boundaries(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_pipeline_has_one_component_per_fact_kind(nlp):
    assert nlp.pipe_names == [
        "qcdc_documents", "qcdc_dates", "qcdc_counts", "qcdc_officials", "qcdc_locations"
    ]


def test_spans_match_facts(nlp):
    doc = nlp("Chiều ngày 5/4/2022, Đảng bộ xã Kỳ Châu tổ chức sơ kết Nghị quyết số 02-NQ/TU.")
    assert [s.text for s in doc.spans["dates"]] == ["Chiều ngày 5/4/2022"]
    assert [s.label_ for s in doc.spans["documents"]] == ["Nghị quyết"]
    assert [s.text for s in doc.spans["locations"]] == ["xã Kỳ Châu"]
