"""`qcdc eval`: the measures of FORMAT.md, and floors the development set may not fall below."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_extract.batch import extract
from qcdc_extract.cli import main
from qcdc_extract.evaluate import EvalError, evaluate
from qcdc_extract.settings import Options

ROOT = Path(__file__).resolve().parents[1]
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"

# The development set's figures may not fall below these (raise them as the tool improves).
FLOORS = {
    "dates": 0.98, "documents": 0.98, "officials": 0.96, "counts": 0.98, "locations": 0.98,
    "official_title_token_f1": 0.97,
    "title_accuracy": 0.97, "author_accuracy": 0.97, "published_accuracy": 0.97, "event_date_accuracy": 0.95,
}
# ... and from the texts alone, not told that the articles of the 2017 dump are of 2017 (most
# of them name no year, and FORMAT.md takes it from the source).
TEXT_ALONE_FLOORS = {"dates": 0.92, "event_date_accuracy": 0.83}
SOURCE_YEAR_2017 = ROOT / "eval" / "source-year-2017.txt"

PAGE = """Xã Kỳ Châu tổ chức Hội nghị Nhân dân
08:54 06/04/2022
Chiều ngày 5/4/2022, UBND xã Kỳ Châu tổ chức Hội nghị Nhân dân. Đồng chí Võ Ngọc Thương - Phó trưởng ban Dân vận Huyện ủy dự. Có 120 hộ dân tham dự; 7/7 chi bộ hoàn thành nhiệm vụ.

Minh Anh
"""


@pytest.fixture(scope="module")
def dev_out(tmp_path_factory):
    """The development set extracted once, as `make eval` does: the articles of the 2017 dump
    told their year first, then the rest (those already in the output are skipped)."""
    out = tmp_path_factory.mktemp("eval") / "out"
    dump = [str(ROOT / line) for line in SOURCE_YEAR_2017.read_text(encoding="utf-8").split()]
    first = extract(dump, out, Options(workers=1, source_year=2017))
    rest = extract([str(ROOT / "eval" / "articles")], out, Options(workers=1))
    assert first.errors == rest.errors == 0, "a real article of the development set was rejected"
    return out


def _low(measures: dict, floors: dict) -> dict:
    low = {}
    for name, floor in floors.items():
        value = measures[name]["f1"] if isinstance(measures.get(name), dict) else measures[name]
        if value < floor:
            low[name] = round(value, 3)
    return low


def test_development_set_is_large_and_annotated():
    articles = sorted((ROOT / "eval" / "articles").glob("*.txt"))
    gold = sorted((ROOT / "eval" / "gold").glob("*.json"))
    assert len(articles) >= 60
    assert [p.stem for p in articles] == [p.stem for p in gold]
    sources = (ROOT / "eval" / "SOURCES.md").read_text(encoding="utf-8")
    assert all(p.name in sources for p in articles)


def test_development_set_stays_above_its_floors(dev_out):
    low = _low(evaluate(dev_out, ROOT / "eval" / "gold").as_dict(), FLOORS)
    assert low == {}, f"below the floors {FLOORS}: {low}"


def test_the_source_year_lists_only_articles_of_the_2017_dump():
    sources = {row.split("|")[1].strip(): row for row in
               (ROOT / "eval" / "SOURCES.md").read_text(encoding="utf-8").splitlines() if row.startswith("| 0")
               or row.startswith("| 1")}
    listed = SOURCE_YEAR_2017.read_text(encoding="utf-8").split()
    assert listed and all((ROOT / p).is_file() for p in listed)
    assert all("baomoi-2017.jsonl" in sources[Path(p).name] or "bench jsonl" in sources[Path(p).name]
               for p in listed)


def test_development_set_from_the_texts_alone(tmp_path):
    out = tmp_path / "out"
    extract([str(ROOT / "eval" / "articles")], out, Options(workers=1))
    low = _low(evaluate(out, ROOT / "eval" / "gold").as_dict(), TEXT_ALONE_FLOORS)
    assert low == {}, f"below the floors {TEXT_ALONE_FLOORS}: {low}"


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared scorer is beside the repository in development")
def test_measures_agree_with_the_shared_scorer(dev_out):
    ours = evaluate(dev_out, ROOT / "eval" / "gold").as_dict()
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED_SCORER), "--pred", str(dev_out), "--gold",
                                        str(ROOT / "eval" / "gold"), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    for name in ("dates", "documents", "officials", "counts", "locations"):
        assert (ours[name]["tp"], ours[name]["fp"], ours[name]["fn"]) == \
            (theirs[name]["tp"], theirs[name]["fp"], theirs[name]["fn"]), name
    for name in ("title", "author", "published", "event_date"):
        assert ours[f"{name}_accuracy"] == pytest.approx(theirs[f"{name}_accuracy"], abs=1e-4)


def _gold(folder: Path, **facts) -> None:
    folder.mkdir(exist_ok=True)
    entry = {"article": "page.txt", "title": "Xã Kỳ Châu tổ chức Hội nghị Nhân dân", "published": "2022-04-06T08:54",
             "author": "Minh Anh", "event_date": "2022-04-05", "dates": [], "documents": [], "officials": [],
             "counts": [], "locations": []}
    entry.update(facts)
    (folder / "page.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def test_a_hand_checked_article(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    extract([str(page)], tmp_path / "out", Options(ner=False, workers=1))
    _gold(tmp_path / "gold",
          dates=[{"value": "2022-04-05", "surface": "Chiều ngày 5/4/2022"},
                 {"value": "2022-04-06", "surface": "06/04/2022", "optional": True}],
          officials=[{"name": "Võ Ngọc Thương", "title": "Phó trưởng ban Dân vận Huyện ủy"},
                     {"name": "Nguyễn Văn Không", "title": "Chủ tịch UBND xã"}],
          counts=[{"value": 120, "unit": "hộ dân"}, {"value": 7, "total": 7, "unit": "chi bộ"}],
          locations=[{"unit_type": "xã", "name": "Kỳ Châu"}])
    report = evaluate(tmp_path / "out", tmp_path / "gold")
    d = report.as_dict(errors=True)
    assert (d["dates"]["tp"], d["dates"]["fp"], d["dates"]["fn"]) == (1, 0, 0)  # the optional stamp costs nothing
    assert (d["officials"]["tp"], d["officials"]["fn"]) == (1, 1) and d["official_title_token_f1"] == 1.0
    assert d["counts"]["tp"] == 2 and d["locations"]["f1"] == 1.0
    assert d["title_accuracy"] == d["author_accuracy"] == d["published_accuracy"] == d["event_date_accuracy"] == 1.0
    assert d["errors"]["page.txt"]["officials"]["missed"] == ["Nguyễn Văn Không"]


def test_an_article_missing_from_the_output_is_reported(tmp_path):
    page = tmp_path / "other.txt"
    page.write_text(PAGE, encoding="utf-8")
    extract([str(page)], tmp_path / "out", Options(ner=False, workers=1))
    _gold(tmp_path / "gold")
    report = evaluate(tmp_path / "out", tmp_path / "gold")
    assert report.missing == ["page.txt"] and report.accuracy("title") == 0.0


def test_cli_eval_prints_the_table_and_json(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    extract([str(page)], tmp_path / "out", Options(ner=False, workers=1))
    _gold(tmp_path / "gold", locations=[{"unit_type": "xã", "name": "Kỳ Châu"}])
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "out"), "--gold", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    assert "locations" in result.output and "accuracy: title 1.00" in result.output
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "out"), "--gold", str(tmp_path / "gold"), "--json"])
    assert json.loads(result.output)["locations"]["f1"] == 1.0


@pytest.mark.parametrize("content, words", [(None, "no gold"), ("{not json", "not a readable JSON"),
                                            ("[]", "'article'")])
def test_bad_gold_is_a_clear_error(tmp_path, content, words):
    (tmp_path / "out").mkdir()
    gold = tmp_path / "gold"
    gold.mkdir()
    if content is not None:
        (gold / "a.json").write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=words):
        evaluate(tmp_path / "out", gold)
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "out"), "--gold", str(gold)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_every_located_row_of_the_development_set_has_both_eras(dev_out):
    import pandas as pd

    locations = pd.read_parquet(dev_out / "locations")
    located = locations[locations.province_code.notna()]
    assert len(located) > 300
    missing = located[located.province_code_legacy.isna() | located.province_code_2025.isna()]
    assert missing.empty, missing[["surface", "era", "code"]].to_string()


def test_development_set_documents_have_one_key_each(dev_out):
    """Spellings of one document meet under one doc_key; every numbered citation has a key."""
    import pandas as pd

    documents = pd.read_parquet(dev_out / "documents")
    numbered = documents[documents.number.notna()]
    assert numbered.doc_key.notna().all()
    keys = documents.groupby("canonical").doc_key.nunique()
    # A canonical spelling of a national document never splits (local ones split by place, rightly).
    national = documents[~documents.doc_key.fillna("").str.contains("@")]
    assert national.groupby("canonical").doc_key.nunique().max() == 1, keys
