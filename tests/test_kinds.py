"""The registry of fact kinds: the pipeline, schemas and rows all follow it."""
from __future__ import annotations

import dataclasses

import pytest
import spacy

from qcdc_extract import kinds, schema
from qcdc_extract.kinds import KINDS, check_order

TEXT = ("Chiều ngày 5/4/2022, Đảng bộ xã Kỳ Châu tổ chức Hội nghị sơ kết 5 năm thực hiện "
        "Nghị quyết số 02-NQ/TU; 7/7 chi bộ hoàn thành. Đồng chí Võ Ngọc Thương - Phó trưởng ban "
        "Dân vận Huyện ủy dự hội nghị.")


def test_analyze_pipes_finds_no_problem(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    # Every kind's facts attribute is assigned by exactly one component.
    for kind in KINDS:
        assert len(analysis["attrs"][f"doc._.{kind.attr}"]["assigns"]) == 1, kind.name


def test_analyze_pipes_reports_a_component_that_runs_too_early():
    import qcdc_extract.pipeline  # noqa: F401  (registers the factories)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "qcdc.SyllableTokenizer.v1"}}})
    nlp.add_pipe("qcdc_counts")  # counts read dates, documents and periods
    nlp.add_pipe("qcdc_dates")
    problems = nlp.analyze_pipes()["problems"]
    assert set(problems["qcdc_counts"]) == {"doc._.qcdc_dates", "doc._.qcdc_documents", "doc._.qcdc_periods"}
    assert problems["qcdc_dates"] == ["doc._.qcdc_documents"]


def test_check_order_refuses_a_kind_before_what_it_requires():
    by_name = kinds.BY_NAME
    with pytest.raises(ValueError, match="'counts' requires"):
        check_order([by_name["documents"], by_name["counts"], by_name["dates"]])
    check_order(KINDS)


def test_every_kind_has_a_table_whose_columns_hold_its_facts():
    assert schema.TABLES[:2] == ("articles", "errors")
    assert set(schema.FACT_TABLES) == {k.name for k in KINDS}
    for kind in KINDS:
        columns = set(schema.SCHEMAS[kind.name].names)
        fields = {f.name for f in dataclasses.fields(kind.fact_class)}
        assert fields <= columns | {"issued_span"}, (kind.name, fields - columns)
        assert "article_id" in columns


def test_commit_positions_are_distinct():
    assert sorted(k.commit for k in KINDS) == list(range(1, len(KINDS) + 1))


def test_a_doc_carries_every_kind_and_the_article_attributes(nlp):
    doc = nlp(TEXT)
    assert set(doc._.qcdc_facts) == {k.name for k in KINDS}
    assert [d.surface for d in doc._.qcdc_dates] == ["Chiều ngày 5/4/2022"]
    assert doc._.qcdc_facts["documents"][0].number == "02"
    assert str(doc._.qcdc_event_date) == "2022-04-05"
    assert doc._.qcdc_place["commune"] == "Kỳ Châu"
    labelled = {k.name for k in KINDS if k.label}
    assert set(doc.spans) == labelled


def test_batch_rows_cover_every_table(tmp_path):
    from qcdc_extract.batch import extract
    from qcdc_extract.settings import Options

    page = tmp_path / "a.txt"
    page.write_text("Đảng bộ xã Kỳ Châu sơ kết quy chế dân chủ\n\n" + TEXT, encoding="utf-8")
    summary = extract([str(page)], tmp_path / "out", Options(ner=False))
    assert summary.articles == 1
    for kind in KINDS:
        assert (tmp_path / "out" / kind.name).is_dir()
    assert summary.rows["periods"] == 0 and summary.rows["dates"] == 1 and summary.rows["documents"] == 1
    assert "periods" not in summary.line() and "documents 1" in summary.line()
