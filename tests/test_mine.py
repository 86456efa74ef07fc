"""Mining: proposals from an output's officials, written as files `gazetteer build --from` takes."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from helpers import extract_page
from qcdc_extract import gazetteer
from qcdc_extract.mine import _ABBR_TOKEN, is_fragment, mine, organisation_core, read_officials, spelled_out, write_proposals
from qcdc_extract.vi import key
from qcdc_extract.officials import find_officials
from qcdc_extract.resources import DataFileError, read_tsv
from qcdc_extract.schema import to_table

ROOT = Path(__file__).resolve().parents[1] / "gazetteers"

ARTICLES = {
    "a1": "Đồng chí Nguyễn Văn Tiến - Chuyên viên Ban Dân vận Huyện ủy trình bày dự thảo. "
          "Đồng chí Lê Minh Hải - Bí thư Huyện ủy dự.",
    "a2": "Đồng chí Trần Thị Hoa - Chuyên viên Ban Dân vận Huyện ủy phát biểu. "
          "Ông Lê Văn Bình - Giám thị Trại giam Xuân Hà cho biết.",
    "a3": "Đồng chí Phạm Văn Sáu - Phó Giám đốc Sở Nội vụ tỉnh Hà Tĩnh dự. "
          "Bà Hoàng Thị Lan - Giám đốc Quỹ Tín dụng nhân dân xã phát biểu.",
}


def _write_output(out: Path, articles: dict[str, str], *, parts: int = 2) -> Path:
    """An output folder like the writer's: OUT/officials/ holding parquet parts."""
    rows = []
    for article_id, text in articles.items():
        for o in find_officials(text, ner=False):
            rows.append(dict(dataclasses.asdict(o), article_id=article_id))
    (out / "officials").mkdir(parents=True)
    size = -(-len(rows) // parts)
    for i in range(parts):
        pq.write_table(to_table("officials", rows[i * size:(i + 1) * size]), out / "officials" / f"part-{i}.parquet")
    return out


@pytest.fixture
def output(tmp_path):
    return _write_output(tmp_path / "out", ARTICLES)


def test_reads_every_part(output):
    assert len(read_officials(output)) == 6


def test_proposes_unknown_title_heads_with_count_and_example(output):
    titles = {p["title"]: p for p in mine(output)["titles.tsv"]}
    assert set(titles) == {"Chuyên viên", "Giám thị"}
    assert titles["Chuyên viên"]["count"] == 2
    assert titles["Chuyên viên"]["kind"] == "party"
    assert "Chuyên viên Ban Dân vận Huyện ủy" in titles["Chuyên viên"]["example"]
    assert titles["Chuyên viên"]["source"].startswith("qcdc gazetteer mine out")
    # most frequent first
    assert [p["title"] for p in mine(output)["titles.tsv"]] == ["Chuyên viên", "Giám thị"]


def test_proposes_unknown_organisations_without_their_place(output):
    orgs = {p["name"]: p for p in mine(output)["organisations.tsv"]}
    assert set(orgs) == {"Trại giam Xuân Hà", "Sở Nội vụ", "Quỹ Tín dụng nhân dân"}
    # no text wrote "SNV": no invented abbreviation, the name stands for itself
    assert orgs["Sở Nội vụ"]["abbreviation"] == "Sở Nội vụ"
    assert orgs["Sở Nội vụ"]["count"] == 1


def test_known_heads_and_organisations_are_not_proposed(output):
    proposals = mine(output)
    assert "Bí thư" not in {p["title"] for p in proposals["titles.tsv"]}
    assert "Phó Giám đốc" not in {p["title"] for p in proposals["titles.tsv"]}
    assert not any(p["name"].startswith("Ban Dân vận") for p in proposals["organisations.tsv"])


def test_min_count(output):
    assert [p["title"] for p in mine(output, min_count=2)["titles.tsv"]] == ["Chuyên viên"]


def test_proposes_family_names_found_by_ner_only(tmp_path):
    out = tmp_path / "out"
    (out / "officials").mkdir(parents=True)
    row = {"article_id": "x", "start": 0, "end": 10, "surface": "Ông Y Bhin Niê, Trưởng buôn Ko Sier",
           "name": "Y Bhin Niê", "title": "Trưởng buôn Ko Sier"}
    pq.write_table(to_table("officials", [row, dict(row, name="Lê Văn A")]), out / "officials" / "part-0.parquet")
    assert [p["name"] for p in mine(out)["family_names.tsv"]] == ["Y"]


def test_output_without_positions_column_is_read_from_titles(tmp_path):
    import pyarrow as pa

    out = tmp_path / "old"
    out.mkdir()
    table = pa.table({"article_id": ["x"], "start": [0], "end": [5], "surface": ["Ông Lê Văn A - Thủ kho HTX"],
                      "name": ["Lê Văn A"], "title": ["Thượng úy, Thủ kho HTX Đông Hà"]})
    pq.write_table(table, out / "officials.parquet")
    assert [p["title"] for p in mine(out)["titles.tsv"]] == ["Thủ kho"]


def test_missing_officials_table_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="no officials table"):
        mine(tmp_path)


@pytest.mark.parametrize("org, core", [
    ("Ngân hàng Chính sách xã hội huyện", "Ngân hàng Chính sách xã hội"),
    ("Sở Nội vụ tỉnh Hà Tĩnh", "Sở Nội vụ"),
    ("Quân khu 4", "Quân khu"),
    ("Trại giam Xuân Hà", "Trại giam Xuân Hà"),
    ("trường tiểu học", None),
    ("xã", None),
])
def test_organisation_core(org, core):
    assert organisation_core(org) == core


def test_written_files_are_accepted_by_gazetteer_build(output, tmp_path):
    folder = tmp_path / "gaz"
    shutil.copytree(ROOT / "curated", folder / "curated")
    written = write_proposals(mine(output), tmp_path / "proposals")
    assert sorted(p.name for p in written) == ["organisations.tsv", "titles.tsv"]
    text = (tmp_path / "proposals" / "titles.tsv").read_text(encoding="utf-8")
    assert "# seen 2x, e.g. «Đồng chí Nguyễn Văn Tiến - Chuyên viên Ban Dân vận Huyện ủy»" in text
    assert [r["title"] for r in read_tsv(tmp_path / "proposals" / "titles.tsv", ("title", "kind", "source"))] == [
        "Chuyên viên", "Giám thị"]
    gazetteer.build(folder, written)
    titles = read_tsv(folder / "generated" / "titles.tsv", ("title", "kind", "source"))
    assert {"Chuyên viên", "Giám thị", "Bí thư"} <= {r["title"] for r in titles}
    assert set(titles[0]) == {"title", "kind", "source"}
    orgs = read_tsv(folder / "generated" / "organisations.tsv", ("name", "abbreviation", "source"))
    assert "Sở Nội vụ" in {r["name"] for r in orgs}


def test_cli_mine_writes_proposals_for_review(tmp_path):
    from click.testing import CliRunner

    from qcdc_extract.cli import main

    extract_page(tmp_path, "Hội nghị tập huấn công tác dân vận\n\n"
                 "Sáng 12/3/2024, Ban Dân vận Huyện ủy tổ chức hội nghị tập huấn. Đồng chí Nguyễn Thị Lan - "
                 "Kiểm soát viên Ban Dân vận Huyện ủy trình bày chuyên đề về thực hiện dân chủ ở cơ sở.\n\nMinh Anh\n")
    result = CliRunner().invoke(main, ["gazetteer", "mine", str(tmp_path / "out"), "--to", str(tmp_path / "prop")])
    assert result.exit_code == 0, result.output
    assert "titles.tsv" in result.output
    proposed = (tmp_path / "prop" / "titles.tsv").read_text(encoding="utf-8")
    assert "Kiểm soát viên" in proposed


# -- proposals are real entries (issue 14) ----------------------------------------------------

def _crafted(tmp_path, officials: list[tuple[str, str, str]]) -> Path:
    """An output whose officials are (surface, name, title) rows, positions read from titles."""
    out = tmp_path / "crafted"
    out.mkdir()
    rows = [{"article_id": f"a{i}", "start": 0, "end": len(surface), "surface": surface, "name": name, "title": title}
            for i, (surface, name, title) in enumerate(officials)]
    for row in rows:
        row["positions"] = None
    import pyarrow as pa

    table = pa.Table.from_pylist([{k: v for k, v in r.items() if k != "positions"} for r in rows])
    pq.write_table(table, out / "officials.parquet")
    return out


CRAFTED = [
    ("Bí thư Trung ương Đảng Trương Thị Mai", "Trương Thị Mai", "Bí thư Trung ương Đảng"),
    ("Bí thư T.Ư Đảng Trương Thị Mai", "Trương Thị Mai", "Bí thư T.Ư Đảng"),
    ("Phó Chủ tịch Ủy ban T.Ư MTTQ Việt Nam Trần Thanh Mẫn", "Trần Thanh Mẫn", "Phó Chủ tịch Ủy ban T.Ư MTTQ Việt Nam"),
    ("Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam Đỗ Văn Chiến", "Đỗ Văn Chiến",
     "Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("Chủ tịch UBTW MTTQVN Nguyễn Thiện Nhân", "Nguyễn Thiện Nhân", "Chủ tịch UBTW MTTQVN"),
    ("Trưởng phòng GD-ĐT Nam Đàn Nguyễn Thị Thu Hà", "Nguyễn Thị Thu Hà", "Trưởng phòng GD-ĐT Nam Đàn"),
    ("Ông Bùi Quốc Dũng, Trưởng phòng Bảo vệ", "Bùi Quốc Dũng", "Trưởng phòng Bảo vệ"),
    ("Thẩm phán Nghiêm Thị Lượng, Chánh tòa Hình sự", "Nghiêm Thị Lượng", "Thẩm phán, Chánh tòa Hình sự"),
    ("Phó Thủ tướng Thường trực Chính phủ Trương Hòa Bình", "Trương Hòa Bình", "Phó Thủ tướng Thường trực Chính phủ"),
    ("Giám đốc Ngân hàng Chính sách xã hội tỉnh Nguyễn Văn Hòa", "Nguyễn Văn Hòa", "Giám đốc NHCSXH tỉnh"),
    ("Chủ tịch Hội đồng Dân tộc Hà Ngọc Chiến", "Hà Ngọc Chiến", "Chủ tịch Hội đồng Dân tộc"),
    ("Ông Lê Văn Bình - Giám thị Trại giam Xuân Hà", "Lê Văn Bình", "Giám thị Trại giam Xuân Hà"),
    ("Ông Lê Văn Bình - Giám thị TGXH", "Lê Văn Bình", "Giám thị TGXH"),
    ("Đồng chí Lê Văn Sơn - Huyện đội trưởng Kiến An", "Lê Văn Sơn", "Huyện đội trưởng Kiến An"),
    ("Ông Hoàng Văn Hải - TƯĐ", "Hoàng Văn Hải", "TƯĐ"),
    ("Ông Hoàng Văn Nam - Huyện ủy viên", "Hoàng Văn Nam", "Huyện uỷ viên"),
]


@pytest.fixture
def crafted(tmp_path):
    return mine(_crafted(tmp_path, CRAFTED))


def test_no_abbreviation_or_fragment_is_proposed(crafted):
    names = [p["name"] for p in crafted["organisations.tsv"]]
    titles = [p["title"] for p in crafted["titles.tsv"]]
    assert "TƯĐ" not in titles and not any("TƯĐ" in p["abbreviation"] for p in crafted["organisations.tsv"])
    for fragment in ("T.Ư Đảng", "Trung ương Đảng", "GD-ĐT Nam Đàn", "Bảo vệ", "Hình sự", "Thường trực Chính phủ",
                     "Kiến An", "UBTW Mặt trận Tổ quốc Việt Nam", "Ngân hàng Chính sách xã hội"):
        assert fragment not in names, fragment
    for p in crafted["organisations.tsv"]:
        assert not is_fragment(p["name"]) and len(p["name"].split()) >= 2


def test_one_proposal_for_every_spelling_of_a_name(crafted):
    orgs = {p["name"]: p for p in crafted["organisations.tsv"]}
    # "Ủy ban T.Ư MTTQ Việt Nam" and the full spelling: one entry, both counted, spelt out
    assert orgs["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]["count"] == 2
    assert not any("T.Ư" in n or "MTTQ" in n for n in orgs)
    assert orgs["Hội đồng Dân tộc"]["count"] == 1
    assert orgs["Hội đồng Dân tộc"]["example"] == "Chủ tịch Hội đồng Dân tộc Hà Ngọc Chiến"
    # "Huyện uỷ viên" is in the lexicon in the other tone placement
    assert "Huyện uỷ viên" not in {p["title"] for p in crafted["titles.tsv"]}


def test_an_abbreviation_is_one_an_output_wrote(crafted):
    orgs = {p["name"]: p for p in crafted["organisations.tsv"]}
    assert orgs["Trại giam Xuân Hà"]["abbreviation"] == "TGXH"
    assert orgs["Hội đồng Dân tộc"]["abbreviation"] == "Hội đồng Dân tộc"


@pytest.mark.parametrize("name, fragment", [
    ("GD-ĐT Nam Đàn", True), ("UBTW Mặt trận", True), ("Hình sự", False), ("xã", True),
    ("Kiến An", True), ("Thường trực Chính phủ", True), ("Hội đồng Dân tộc", False), ("Trại giam Xuân Hà", False),
])
def test_is_fragment(name, fragment):
    assert is_fragment(name) == fragment


def test_spelled_out():
    assert spelled_out("Ủy ban T.Ư MTTQ Việt Nam") == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    assert spelled_out("Ban Dân vận TW") == "Ban Dân vận Trung ương"


@pytest.fixture(scope="module")
def real_output(tmp_path_factory):
    from qcdc_extract.batch import extract
    from qcdc_extract.settings import Options

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("mine") / "out"
    extract([str(root / "corpus"), str(root / "eval" / "articles")], out, Options(workers=1, ner=False))
    return out


def test_real_output_proposes_only_real_entries(real_output):
    proposals = mine(real_output)
    orgs = proposals["organisations.tsv"]
    assert orgs, "the development set has organisations the lexicons lack"
    lex_keys = {key(spelled_out(r["name"])) for r in gazetteer.load_lexicon("organisations.tsv")}
    seen = set()
    for p in orgs + proposals["titles.tsv"]:
        assert p["count"] >= 1 and p["example"]
    for p in orgs:
        k = key(spelled_out(p["name"]))
        assert k not in lex_keys and k not in seen, p["name"]
        seen.add(k)
        assert not is_fragment(p["name"]), p["name"]
        assert p["abbreviation"] != "TƯĐ" and not _ABBR_TOKEN.search(p["name"]), p["name"]
    for p in proposals["titles.tsv"]:
        assert not _ABBR_TOKEN.search(p["title"]) and len(p["title"]) > 1, p["title"]
    counts = [p["count"] for p in orgs]
    assert counts == sorted(counts, reverse=True)
