"""One tone-mark convention per output: every name of every table, gazetteer names included,
follows --tone-marks (classic, modern, or with keep the article's first spelling)."""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

import pyarrow.dataset as ds
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcdc_extract.batch import extract
from qcdc_extract.batch.work import TONE_MARKS_KEY, article_rows
from qcdc_extract.decode import normalize_text
from qcdc_extract.facts import ArticleContext, register_extensions
from qcdc_extract.ingest import Article
from qcdc_extract.schema import SCHEMAS
from qcdc_extract.settings import Options
from qcdc_extract.vi.tones import placer, to_classic, to_modern

# Real-looking reports whose names are written in either placement, sometimes both in one
# article; gazetteer names ("Kiến Thụy", "Thanh Hóa") are filled in beside them.
ARTICLES = {
    "kien-thuy": "Huyện Kiến Thuỵ đối thoại với Nhân dân về thực hiện dân chủ ở cơ sở\n\n"
                 "Sáng 12/3/2024, UBND huyện Kiến Thụy (Hải Phòng) tổ chức hội nghị đối thoại tại xã Thuỵ Hương. "
                 "Bà Nguyễn Thị Thủy, Chủ tịch UBND xã Thuỵ Hương phát biểu. Bà Thuỷ cho biết xã đã tổ chức "
                 "12 cuộc đối thoại. Ông Lê Văn Hoà - Bí thư Huyện ủy Kiến Thụy chủ trì hội nghị.\n\nMinh Anh\n",
    "hoa": "Xã Hoà Sơn sơ kết 5 năm thực hiện Quy chế dân chủ ở cơ sở\n\n"
           "Ngày 5/4/2023, Đảng uỷ xã Hòa Sơn, huyện Hoà Vang tổ chức hội nghị sơ kết. Đồng chí Trần Văn Khoẻ, "
           "Phó Bí thư Thường trực Huyện uỷ Hòa Vang dự và phát biểu. Ông Khỏe đề nghị các thôn phát huy vai trò "
           "của Nhân dân. Toàn xã có 1.250 hộ tham gia góp ý.\n\nThanh Hà\n",
    "quy": "Huyện Quỳ Hợp tăng cường dân vận khéo\n\n"
           "Chiều 20/9/2022, Ban Dân vận Huyện uỷ Qùy Hợp (Nghệ An) tổ chức hội nghị. Đồng chí Lô Thị Thúy, "
           "Trưởng Ban Dân vận Huyện ủy Quỳ Hợp chủ trì. Bà Thuý cho biết đã có 35 mô hình dân vận khéo tại xã "
           "Châu Quang, huyện Quỳ Hợp, tỉnh Nghệ An.\n\nHồng Nhung\n",
    "thanh-hoa": "Thọ Xuân thực hiện dân chủ ở cơ sở\n\n"
                 "Sáng 3/6/2021, UBND huyện Thọ Xuân, tỉnh Thanh Hoá tổ chức hội nghị tổng kết. Ông Lê Văn Thụy, "
                 "Chủ tịch UBND xã Xuân Hoà phát biểu tại hội nghị, thị trấn Lam Sơn cũng tham dự.\n\nNgọc Huấn\n",
}
CONVENTIONS = ("classic", "modern", "keep")
# Columns that hold the text, a piece of it, or no name at all.
NOT_NAMES = {"article_id", "surface", "text", "source", "sources", "url", "format", "encoding", "doc_key",
             "title", "author"}


def _records(tmp_path, convention: str) -> dict[str, list[dict]]:
    feed = tmp_path / convention / "feed.jsonl"
    feed.parent.mkdir(parents=True)
    feed.write_text("".join(json.dumps({"url": f"https://baodanvan.vn/{k}", "text": t}, ensure_ascii=False) + "\n"
                            for k, t in ARTICLES.items()), encoding="utf-8")
    out = tmp_path / convention / "out"
    extract([str(feed)], out, Options(workers=1, ner=False, tone_marks=convention))
    return {name: ds.dataset(out / name).to_table().to_pylist() if (out / name).exists() else []
            for name in SCHEMAS}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tones")
    return {c: _records(tmp, c) for c in CONVENTIONS}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _names(tables, table_filter=None):
    """(table, article_id, column, string) for every name-bearing string of every table."""
    for table, rows in tables.items():
        if table == "errors":
            continue
        for row in rows:
            for col, value in row.items():
                if col not in NOT_NAMES:
                    for s in _strings(value):
                        yield table, row["article_id"], col, s


def test_every_article_is_extracted(outputs):
    for convention, tables in outputs.items():
        assert len(tables["articles"]) == len(ARTICLES), convention
        assert not tables["errors"], tables["errors"]


@pytest.mark.parametrize("convention, place", [("classic", to_classic), ("modern", to_modern)])
def test_every_name_of_every_table_follows_the_convention(outputs, convention, place):
    names = list(_names(outputs[convention]))
    assert len(names) > 50
    wrong = [(t, col, s) for t, _, col, s in names if place(s) != s]
    assert not wrong
    # and the text it points into too
    assert all(place(a["text"]) == a["text"] for a in outputs[convention]["articles"])


@pytest.mark.parametrize("convention, district, commune, person", [
    ("classic", "Kiến Thụy", "Thụy Hương", "Nguyễn Thị Thủy"),
    ("modern", "Kiến Thuỵ", "Thuỵ Hương", "Nguyễn Thị Thuỷ"),
    # keep: the article's first spelling of each (the headline's "Kiến Thuỵ", then "xã Thuỵ Hương")
    ("keep", "Kiến Thuỵ", "Thuỵ Hương", "Nguyễn Thị Thủy"),
])
def test_gazetteer_columns_beside_the_name(outputs, convention, district, commune, person):
    tables = outputs[convention]
    aid = next(a["article_id"] for a in tables["articles"] if a["url"].endswith("kien-thuy"))
    locs = [r for r in tables["locations"] if r["article_id"] == aid]
    assert {r["district"] for r in locs if r["unit_type"] == "huyện"} == {district}
    assert {r["name"] for r in locs if r["unit_type"] == "huyện"} == {district}
    assert {r["commune"] for r in locs if r["unit_type"] == "xã"} == {commune}
    main = next(a for a in tables["articles"] if a["article_id"] == aid)
    assert main["main_district"] == district
    officials = {r["name"] for r in tables["officials"] if r["article_id"] == aid}
    assert person in officials


def test_keep_gives_one_spelling_per_name_per_article(outputs):
    by_article: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, aid, _, s in _names(outputs["keep"]):
        by_article[aid][to_classic(s)].add(s)
    split = {aid: {k: v for k, v in names.items() if len(v) > 1} for aid, names in by_article.items()}
    assert not any(split.values()), split
    texts = {a["article_id"]: a["text"] for a in outputs["keep"]["articles"]}
    # a person written "Thủy" then "Thuỷ" is "Thủy" in every row and position
    aid = next(a["article_id"] for a in outputs["keep"]["articles"] if a["url"].endswith("kien-thuy"))
    assert "Thuỷ" in texts[aid] and "Thủy" in texts[aid]
    assert not any("Thuỷ" in s and "Hương" not in s and "Kiến" not in s for _, a, _, s in _names(outputs["keep"])
                   if a == aid)


def test_keep_leaves_names_as_the_text_first_writes_them(outputs):
    texts = {a["article_id"]: a["text"] for a in outputs["keep"]["articles"]}
    aid = next(a["article_id"] for a in outputs["keep"]["articles"] if a["url"].endswith("hoa"))
    officials = [r for r in outputs["keep"]["officials"] if r["article_id"] == aid]
    # "Đảng uỷ xã Hòa Sơn": the headline's "Hoà Sơn" comes first
    assert {r["name"] for r in outputs["keep"]["locations"] if r["article_id"] == aid and r["unit_type"] == "xã"} \
        == {"Hoà Sơn"}
    assert "Trần Văn Khoẻ" in {o["name"] for o in officials}
    for o in officials:
        assert o["name"] in texts[aid]


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_surface_is_the_text_between_offsets(outputs, convention):
    tables = outputs[convention]
    texts = {a["article_id"]: a["text"] for a in tables["articles"]}
    n = 0
    for name, rows in tables.items():
        for row in rows:
            if "surface" in row:
                assert texts[row["article_id"]][row["start"]:row["end"]] == row["surface"], (name, row)
                n += 1
    assert n > 20


@pytest.mark.parametrize("text, classic, modern", [
    ("Huyện uỷ Kiến Thuỵ", "Huyện ủy Kiến Thụy", "Huyện uỷ Kiến Thuỵ"),
    ("xã Hòa Bình, ông Khỏe", "xã Hòa Bình, ông Khỏe", "xã Hoà Bình, ông Khoẻ"),
    # after qu the mark stays where it is, misplaced or not (test_decode pins "qúy")
    ("QUỲNH LƯU, Quỳ Hợp, Qùy", "QUỲNH LƯU, Quỳ Hợp, Qùy", "QUỲNH LƯU, Quỳ Hợp, Qùy"),
    ("Hoàng, khuya, thuở", "Hoàng, khuya, thuở", "Hoàng, khuya, thuở"),
])
def test_conversions(text, classic, modern):
    assert to_classic(text) == classic
    assert to_modern(text) == modern


def test_keep_placer_takes_first_spelling_then_word_by_word():
    text = "Bà Nguyễn Thị Thuỷ, Chủ tịch UBND xã. Bà Thủy cho biết. Huyện uỷ Hòa Vang chỉ đạo."
    place = placer("keep", text)
    assert place("Nguyễn Thị Thủy") == "Nguyễn Thị Thuỷ"
    assert place("Thuỷ") == "Thuỷ"
    assert place("Ủy ban nhân dân") == "Uỷ ban nhân dân"      # "uỷ" as the text first writes it
    assert place("Hoà Vang") == "Hòa Vang"
    assert place("Khoẻ") == "Khỏe"                            # never written: the text's majority
    with pytest.raises(ValueError, match="classic, modern or keep"):
        placer("new")


# -- any text -----------------------------------------------------------------------------

_WORDS = ["Thủy", "Thuỷ", "hoà", "Hòa", "khỏe", "Qùy", "Quỳ", "huyện", "xã", "Kiến Thụy", "Kiến Thuỵ",
          "Hải Phòng", "UBND", "Bí thư", "Huyện uỷ", "Chủ tịch", "ông", "Nguyễn Văn", "ngày 5/4/2023", "12 hộ"]
_TEXT = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), min_size=1, max_size=40).map(
    lambda ws: " ".join(ws))


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, convention=st.sampled_from(CONVENTIONS))
def test_any_text_keeps_its_offsets_under_each_convention(nlp, text, convention):
    text = normalize_text(text, convention)
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.qcdc_context = ArticleContext()
    doc = nlp(doc)
    doc.user_data[TONE_MARKS_KEY] = convention
    rows = article_rows(Article(article_id="x", source="x.txt", text=text), doc)
    for name, table in rows.items():
        for row in table:
            if "surface" in row:
                assert text[row["start"]:row["end"]] == row["surface"], name
            if convention != "keep":
                for col, value in row.items():
                    if col not in NOT_NAMES:
                        assert all(placer(convention)(s) == s for s in _strings(value)), (name, col)


@settings(deadline=None, max_examples=300)
@given(text=_TEXT, value=_TEXT, convention=st.sampled_from(CONVENTIONS))
def test_placer_keeps_length_and_is_idempotent(text, value, convention):
    text, value = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", value)
    place = placer(convention, text)
    once = place(value)
    assert len(once) == len(value)
    assert to_classic(once) == to_classic(value)
    assert place(once) == once
