"""spaCy users: facts on the spans, and docs that serialise (DocBin, Doc.to_bytes, nlp.pipe(n_process=2))."""
from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc, DocBin

TEXTS = [
    "Chiều ngày 5/4/2022, Đảng ủy xã Kỳ Châu, huyện Kỳ Anh, tỉnh Hà Tĩnh tổ chức hội nghị sơ kết 5 năm thực hiện "
    "Nghị quyết số 02-NQ/TU ngày 12/5/2017 của Ban Chấp hành Đảng bộ tỉnh. Đồng chí Võ Ngọc Thương - Phó Chủ tịch "
    "UBND xã chủ trì. Có 7/7 chi bộ hoàn thành nhiệm vụ; 1.772 cá nhân được khen thưởng.",
    "Sáng 12/9/2023, UBND phường Phú Hội, thành phố Huế đối thoại với Nhân dân theo Nghị định số 04/2015/NĐ-CP. "
    "Ông Nguyễn Văn An, Chủ tịch UBND phường chủ trì; 120 hộ dân tham dự.",
]


def summary(doc: Doc) -> dict:
    """What a user reads off a processed doc: facts of every kind, the spans with their keys,
    the article-level attributes."""
    return {
        "facts": {k: [(f.start, f.end, type(f).__name__, getattr(f, "value", None)) for f in fs]
                  for k, fs in doc._.qcdc_facts.items()},
        "spans": {k: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[k]] for k in doc.spans},
        "event_date": doc._.qcdc_event_date,
        "place": (doc._.qcdc_place or {}).get("code"),
    }


def test_spans_carry_keys_and_facts(nlp):
    doc = nlp(TEXTS[0])
    (doc_span,) = doc.spans["documents"]
    assert doc_span.kb_id_ == "02-NQ/TU@legacy:province:42#2017"
    assert doc_span._.qcdc_fact.canonical == "02-NQ/TU"
    place_ids = {s.kb_id_ for s in doc.spans["locations"]}
    assert "legacy:commune:18811" in place_ids  # xã Kỳ Châu
    (official,) = doc.spans["officials"]
    assert official.kb_id_ == "Võ Ngọc Thương@2025:42"


def test_doc_bytes_round_trip(nlp):
    doc = nlp(TEXTS[0])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert summary(again) == summary(doc)
    assert again._.qcdc_event_date == date(2022, 4, 5)
    assert again._.qcdc_documents[0].issued == date(2017, 5, 12)


def test_docbin_with_user_data_round_trip(nlp):
    docs = list(nlp.pipe(TEXTS))
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [summary(d) for d in back] == [summary(d) for d in docs]


def test_pipe_with_two_processes_gives_the_same_facts(nlp):
    one = [summary(d) for d in nlp.pipe(TEXTS)]
    two = [summary(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=1)]
    assert two == one
    assert all(s["facts"]["documents"] for s in two)


def test_foreign_classes_are_not_built_from_user_data():
    """A serialised doc names the classes of its facts; only the package's own are ever built."""
    from qcdc_extract.facts import _decode

    hostile = {"__qcdc_fact__": "os:system", "fields": {"command": "true"}}
    assert _decode(hostile) == hostile
