"""Mining: proposals from an output's officials, written as files `gazetteer build --from` takes."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from helpers import extract_page
from qcdc_extract import gazetteer
from qcdc_extract.mine import mine, organisation_core, read_officials, write_proposals
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
    assert orgs["Sở Nội vụ"]["abbreviation"] == "SNV"
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
