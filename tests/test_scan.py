"""Candidates taken from a doc's tokens find exactly what scanning the text finds."""
from __future__ import annotations

from pathlib import Path

import pytest

from qcdc_extract import documents, officials
from qcdc_extract.facts import token_offsets, word_hashes
from qcdc_extract.ingest import Article, read_all
from qcdc_extract.scan import Scan, first_words

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [a.text for a in read_all([str(ROOT / "corpus")]) if isinstance(a, Article)] + [
    "NQ 02, nghị quyết 02-NQ/TU và NGHỊ QUYẾT số 03; Chỉ thị05; (Kế hoạch) 5Nghị quyết",
    "nguyên Bí thư Huyện ủy, tân Chủ tịch UBND xã, quyền Trưởng ban; Phó_Bí thư; PHÓ CHỦ TỊCH",
    "Huyện uỷ và Huyện ủy, thuỷ lợi; Hoà Bình; Ủy viên BTV; \u00a0Bí\u200bthư",
]


@pytest.mark.parametrize("text", TEXTS)
def test_document_types_from_tokens(nlp, text):
    types, _ = documents._types()
    doc = nlp.make_doc(text)
    starts = token_offsets(doc, types.hashes[0]) + token_offsets(doc, types.hashes[1], exact=True)
    # The reference is the type pattern itself scanned over the whole text.
    assert [m.span() for m in types.finditer(text, starts)] == [m.span() for m in types.pattern.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_title_heads_from_tokens(nlp, text):
    lex = officials.lexicon()
    doc = nlp.make_doc(text)
    from_tokens = set(token_offsets(doc, officials.first_hashes()))
    # The reference: the first-word pattern with its original "no letter before" condition
    # (a \b misses "Bí" in "Phó_Bí"; a token start does not).
    import regex

    original = regex.compile(lex.first.pattern.replace(r"\b", r"(?<![\p{L}\p{M}])", 1), regex.V0)
    from_text = {m.start() for m in original.finditer(text)}
    heads = lambda positions: sorted(p for p in positions if lex.head_at(text, p))
    assert heads(from_tokens) == heads(from_text)


def test_scan_equals_finditer_of_the_pattern():
    import regex

    pattern = regex.compile(r"(?i)\b(?:ban chỉ đạo|ban|chi bộ)\b")
    scan = Scan(pattern, first_words(["ban chỉ đạo", "ban", "chi bộ"], ignore_case=True))
    text = "Ban Chỉ đạo xã, ban công tác mặt trận, CHI BỘ thôn, bàn bạc, ban"
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_word_hashes_exact_and_folded(nlp):
    doc = nlp.make_doc("NQ nq Nq")
    assert token_offsets(doc, word_hashes(["NQ"], exact=True), exact=True) == [0]
    assert token_offsets(doc, word_hashes(["NQ"])) == [0, 3, 6]


@pytest.mark.parametrize("text", TEXTS + ["Năm cá nhân, hai tập thể; ba mươi lăm hộ và NĂM người", "một_hai"])
def test_number_words_from_tokens(nlp, text):
    from qcdc_extract.rules import counts as R

    doc = nlp.make_doc(text)
    found = [m.span() for m in R.WORD_COUNT_SCAN.finditer(text, token_offsets(doc, R.NUMBER_WORD_HASHES))]
    assert found == [m.span() for m in R.WORD_COUNT.finditer(text)]


DATE_TEXTS = TEXTS + [
    "Chiều ngày 5 và 6/4/2022; từ ngày 10-12/5; trong 2 ngày 3, 4/9; CÁC NGÀY 1-2/10/2023",
    "ngày 12 tháng 5 năm 2017; Sáng ngày 3 tháng 2; giai đoạn 2017-2022, nhiệm kỳ 2020 - 2025",
    "từ năm 2013- 2023; năm học 2022-2023; 6 tháng đầu năm 2023; sáu tháng cuối năm; 9 tháng năm 2022",
]


@pytest.mark.parametrize("name", ["DAY_RANGE", "DAY_MONTH_WORDS", "PERIOD_YEARS", "PART_OF_YEAR"])
@pytest.mark.parametrize("text", DATE_TEXTS)
def test_date_rules_from_tokens(nlp, name, text):
    from qcdc_extract.rules import dates as R

    hashes, digits = R.STARTS[name]
    pattern = getattr(R, name)
    doc = nlp.make_doc(text)
    found = [m.span() for m in Scan(pattern).finditer(text, token_offsets(doc, hashes, digits=digits))]
    assert found == [m.span() for m in pattern.finditer(text)]
