"""officials.crf: underthesea's NER with its features built once per sentence gives underthesea's
features and tags, word for word, on genre sentences and on generated ones."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from underthesea import ner as underthesea_ner
from underthesea import word_tokenize as underthesea_word_tokenize
from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
from underthesea.pipeline.ner.model_crf import CRFNERPredictor
from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

from qcdc_extract.officials import crf

# Written for these tests in the style of the portals' reports and of general news.
SENTENCES = [
    "Ông Putin ca ngợi những thành tựu vĩ đại của Liên Xô",
    "Đồng chí Nguyễn Văn An - Bí thư Đảng ủy xã Kỳ Châu phát biểu chỉ đạo hội nghị.",
    "Tham dự có ông Y Bhin Niê, Phó Chủ tịch HĐND tỉnh Đắk Lắk và bà H'Hoa Byă.",
    "Sáng 5/4/2022, Ban Thường vụ Huyện ủy tổ chức Hội nghị sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU.",
    "Tổng thống Donald Trump và Thủ tướng Shinzo Abe hội đàm tại Tokyo",
    "Theo ông Trần Quốc Tuấn, Chủ tịch UBND phường 7, 7/7 chi bộ đạt 100% chỉ tiêu.",
    "TP.HCM: 1.772 cá nhân được khen thưởng trong phong trào \"Dân vận khéo\"",
    "Bà Lò Thị Hương (dân tộc Thái) – Trưởng bản Nà Sản chia sẻ kinh nghiệm",
    "a",
    "...",
]

PREDICTORS = [("pos", CRFPOSTagPredictor, 1), ("chunk", CRFChunkingPredictor, 2), ("ner", CRFNERPredictor, 3)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tags_are_underthesea_s(sentence):
    assert crf.ner(sentence) == underthesea_ner(sentence)


def _columns(sentence: str, n_tags: int) -> list[tuple[str, ...]]:
    """The rows a model reads: underthesea's words and tags before it, "X" in its own place."""
    rows = underthesea_ner(sentence)
    return [tuple(row[:n_tags]) + ("X",) for row in rows]


@pytest.mark.parametrize("name,predictor,n_tags", PREDICTORS)
@pytest.mark.parametrize("sentence", SENTENCES[:8])
def test_features_are_underthesea_s(name, predictor, n_tags, sentence):
    model = crf._models()[[p[0] for p in PREDICTORS].index(name)]
    rows = _columns(sentence, n_tags)
    assert crf._features(model.templates, rows) == predictor.Instance().transformer.transform([rows])[0][0]


# Words as underthesea's segmenter gives them: syllables joined by single spaces, in any case,
# with digits and punctuation, including the odd ones (an apostrophe, a lone symbol).
SYLLABLE = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                            "AĂÂĐÊÔƠƯBCGHKLNQTVXÁẦỨ0123456789'-.,/%", min_size=1, max_size=6)
WORD = st.lists(SYLLABLE, min_size=1, max_size=3).map(" ".join)
TAG = st.sampled_from(["N", "Np", "V", "A", "E", "CH", "B-NP", "I-NP", "X", "O"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREDICTORS), st.lists(st.tuples(WORD, TAG, TAG, TAG), min_size=1, max_size=25))
def test_features_on_any_rows(model_spec, rows):
    name, predictor, n_tags = model_spec
    model = crf._models()[[p[0] for p in PREDICTORS].index(name)]
    rows = [tuple(r[:n_tags]) + ("X",) for r in rows]
    assert crf._features(model.templates, rows) == predictor.Instance().transformer.transform([rows])[0][0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORD, min_size=1, max_size=20).map(" ".join))
def test_tags_on_any_sentence(sentence):
    assert crf.ner(sentence) == underthesea_ner(sentence)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_words_on_any_text(text):
    assert crf.word_tokenize(text) == underthesea_word_tokenize(text)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_words_are_underthesea_s(sentence):
    assert crf.word_tokenize(sentence) == underthesea_word_tokenize(sentence)


def test_empty_sentence_has_no_words():
    assert crf.ner("") == [] and crf.word_tokenize("") == []


def test_without_underthesea_s_internals_its_own_ner_is_used(monkeypatch):
    """An underthesea that keeps its models elsewhere: the same tags, from its own ner()."""
    monkeypatch.setattr(crf, "_models", lambda: None)
    monkeypatch.setattr(crf, "_segmenter", lambda: None)
    sentence = SENTENCES[1]
    assert crf.ner(sentence) == underthesea_ner(sentence)
    assert crf.word_tokenize(sentence) == underthesea_word_tokenize(sentence)
