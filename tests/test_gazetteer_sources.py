"""Gazetteer rebuilds from the sources a user has: the GSO's list, a decision's annex, the project's TSV.

Builds run in a scratch folder (QCDC_GAZETTEERS or --folder), never in the package's or the
user's real data folder.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import helpers
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcdc_extract import gazetteer
from qcdc_extract.cli import main
from qcdc_extract.gazetteer import GazetteerError
from qcdc_extract.gazetteer_sources import header_key, read_source

ROOT = Path(__file__).resolve().parents[1] / "gazetteers"

# The GSO's export (danhmuchanhchinh.gso.gov.vn) of part of Hà Tĩnh before 2025, as its "Xuất
# Excel" lays it out: one row per commune, full names with their type word. Phường Đại Nài is
# here spelt as renamed, and 18999 is a commune the package does not have.
GSO_LEGACY = """\
Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh
Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Phường Nam Hà,18073,Phường,Nam Ha Ward
Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Phường Bắc Hà,18077,Phường,Bac Ha Ward
Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Phường Đại Nài Mới,18082,Phường,Dai Nai Moi Ward
Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Xã Thạch Trung Mới,18999,Xã,Thach Trung Moi Commune
"""

# A decision's annex (Nghị quyết of the UBTVQH on arranging communes): two 2025 wards of Hà Tĩnh
# merged into a new one from 1 January 2027, one old unit per row.
ANNEX = """\
STT,Tên đơn vị hành chính cũ,Tên đơn vị hành chính mới,Loại,Ngày có hiệu lực,Tỉnh/Thành phố
1,Phường Bắc Hồng Lĩnh,Hồng Lĩnh,phường,01/01/2027,Hà Tĩnh
2,Phường Nam Hồng Lĩnh,Hồng Lĩnh,phường,01/01/2027,Hà Tĩnh
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A scratch user gazetteers folder, in use as QCDC_GAZETTEERS; caches forgotten before and after."""
    target = tmp_path / "gaz"
    monkeypatch.setenv("QCDC_GAZETTEERS", str(target))
    gazetteer.clear_caches()
    yield target
    monkeypatch.delenv("QCDC_GAZETTEERS")
    gazetteer.clear_caches()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def units(folder: Path, name: str) -> dict[tuple[str, str], dict]:
    with (folder / "generated" / name).open(encoding="utf-8") as fh:
        return {(r["level"], r["code"]): r for r in csv.DictReader(fh, delimiter="\t")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} \
        if folder.exists() else {}


# -- 1. validate first; a failed build changes nothing ------------------------------------------

@pytest.mark.parametrize("content, message", [
    # a commune code the package already has (Phường Nam Hà of Hà Tĩnh)
    ("code,level,unit_type,name,era\n18073,commune,phường,Nam Hà Hai,legacy\n",
     r"new\.csv:2: commune code '18073' repeats vietnamadminunits==1\.0\.4 \(phường Nam Hà\)"),
    ("code,level,unit_type,name,era\n99999,commune,xã,Kỳ Tân,2025\n99999,commune,xã,Kỳ Thư,2025\n",
     r"new\.csv:3: commune code '99999' is empty or repeats line 2"),
    ("code,level,unit_type,name,era\n99999,commune,bản,Bản Mòng,2025\n", r"new\.csv:2: unknown unit type 'bản'"),
    ("code,level,unit_type,name,era\n99999,commune,xã,Kỳ Tân,2027-13-01\n", r"new\.csv:2: '2027-13-01' is not a date"),
])
def test_failed_build_changes_nothing_and_names_the_users_file(folder, tmp_path, content, message):
    gazetteer.build(folder)
    before = snapshot(folder)
    bad = write(tmp_path / "new.csv", content)
    with pytest.raises(GazetteerError, match=message) as err:
        gazetteer.build(folder, [bad])
    assert "generated/" not in str(err.value)
    assert snapshot(folder) == before  # no file copied, generated files and MANIFEST untouched
    gazetteer.build(folder)  # and a plain build still works
    assert not (folder / "user" / "new.csv").exists()


def test_cli_failed_build_says_nothing_changed(folder, tmp_path):
    bad = write(tmp_path / "xa_moi.csv", "code,level,unit_type,name,era\n18073,commune,phường,Nam Hà Hai,legacy\n")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "xa_moi.csv:2" in result.output and "nothing was changed" in result.output
    assert not folder.exists() or not (folder / "user").exists()


def test_same_file_twice_is_a_no_op_that_says_so(folder, tmp_path):
    extra = write(tmp_path / "xa_moi.csv", "code,level,unit_type,name,era,province_code\n99999,commune,xã,Kỳ Tân Mới,2025,42\n")
    gazetteer.build(folder, [extra])
    before = snapshot(folder)
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(extra)])
    assert result.exit_code == 0, result.output
    assert "already added as user/xa_moi.csv" in result.output
    assert snapshot(folder) == before


@pytest.mark.parametrize("rows, skipped, added", [
    ("Bí thư\tparty\tĐiều lệ Đảng\nChuyên viên\tstate\tmined\n", ["Bí thư"], ["Chuyên viên"]),
    ("Chủ tịch\tstate\tmined\n", ["Chủ tịch"], []),
])
def test_a_title_the_lexicon_has_is_a_no_op(folder, tmp_path, rows, skipped, added):
    proposals = write(tmp_path / "titles.tsv", "title\tkind\tsource\n" + rows)
    manifest = gazetteer.build(folder, [proposals])
    for title in skipped:
        assert any(f"{title!r} is already in curated/titles.tsv: nothing to do" in n for n in manifest["notes"])
    titles = [r["title"] for r in csv.DictReader(io.StringIO((folder / "generated" / "titles.tsv").read_text()),
                                                 delimiter="\t")]
    for title in skipped + added:
        assert titles.count(title) == 1


def test_a_title_that_differs_is_still_an_error(folder, tmp_path):
    proposals = write(tmp_path / "titles.tsv", "# seen 3x\ntitle\tkind\tsource\n# seen 2x\nBí thư\tfront\tmined\n")
    with pytest.raises(GazetteerError, match=r"titles\.tsv:4: 'Bí thư' repeats curated/titles\.tsv:\d+ \(which has kind 'party'\)"):
        gazetteer.build(folder, [proposals])


# -- 2. every source in the manifest ----------------------------------------------------------

def test_manifest_records_every_source_with_its_checksum(folder, tmp_path):
    extra = write(tmp_path / "xa_moi.csv", "code,level,unit_type,name,era,province_code\n99999,commune,xã,Kỳ Tân Mới,2025,42\n")
    manifest = gazetteer.build(folder, [extra])
    on_disk = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    assert on_disk["files"] == manifest["files"]
    info = on_disk["files"]["admin_units_2025.tsv"]
    assert info["source"] == f"vietnamadminunits=={on_disk['upstream']['version']} + user/xa_moi.csv"
    by_name = {s["source"]: s["sha256"] for s in info["sources"]}
    assert by_name["user/xa_moi.csv"] == hashlib.sha256(extra.read_bytes()).hexdigest()
    assert any(name.endswith("dataset.db") for name in by_name)
    legacy = on_disk["files"]["admin_units_legacy.tsv"]
    assert [s["source"] for s in legacy["sources"]] == [s for s in by_name if s.endswith("dataset.db")]


def test_checked_in_manifest_lists_sources():
    manifest = json.loads((ROOT / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():
        assert info["sources"] and all(len(s["sha256"]) == 64 for s in info["sources"]), name


# -- 3. the user folder -----------------------------------------------------------------------

def test_user_folder_is_platformdirs_unless_overridden(monkeypatch, tmp_path):
    import platformdirs

    from qcdc_extract import resources

    monkeypatch.delenv("QCDC_GAZETTEERS", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    assert resources.user_gazetteer_dir() == tmp_path / "data" / "qcdc_extract" / "gazetteers"
    assert resources.gazetteer_dir() == resources.base_gazetteer_dir()  # nothing built yet: the package's
    monkeypatch.setenv("QCDC_GAZETTEERS", str(tmp_path / "mine"))
    assert resources.user_gazetteer_dir() == tmp_path / "mine"


def test_build_writes_the_user_folder_never_the_package(folder, tmp_path):
    from qcdc_extract import resources

    base = resources.base_gazetteer_dir()
    before = snapshot(base)
    extra = write(tmp_path / "xa_moi.csv", "code,level,unit_type,name,era,province_code\n99999,commune,xã,Kỳ Tân Mới,2025,42\n")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(extra)])
    assert result.exit_code == 0, result.output
    assert snapshot(base) == before
    assert (folder / "user" / "xa_moi.csv").exists() and resources.gazetteer_dir() == folder
    assert gazetteer.find_place("2025", "xã", "Kỳ Tân Mới")[0].code == "99999"
    # the other generated files equal the package's, byte for byte
    for name in ("admin_units_legacy.tsv", "admin_mapping_2025.tsv", "titles.tsv"):
        assert (folder / "generated" / name).read_bytes() == (base / "generated" / name).read_bytes()


# -- 4. the sources a user has ----------------------------------------------------------------

def test_gso_list_renames_and_adds_units_of_its_era(folder, tmp_path):
    gso = write(tmp_path / "danhmuchanhchinh.csv", GSO_LEGACY)
    assert read_source(gso).layout == "gso"
    gazetteer.build(folder, [gso])
    legacy = units(folder, "admin_units_legacy.tsv")
    assert legacy[("commune", "18082")]["name"] == "Đại Nài Mới"  # renamed, same code
    assert legacy[("commune", "18082")]["lat"]  # coordinates kept from the package
    new = legacy[("commune", "18999")]
    assert (new["unit_type"], new["name"], new["province_code"], new["district_code"]) == ("xã", "Thạch Trung Mới", "42", "436")
    assert legacy[("province", "42")]["name"] == "Hà Tĩnh" and legacy[("district", "436")]["unit_type"] == "thành phố"
    assert units(folder, "admin_units_2025.tsv") == units(ROOT, "admin_units_2025.tsv")


def test_gso_list_per_level_sheet_of_2025(folder, tmp_path):
    sheet = write(tmp_path / "xa.csv", "Mã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố\n"
                                       "18115,Phường Bắc Hồng Lĩnh,,Phường,42,Tỉnh Hà Tĩnh\n"
                                       "18990,Xã Kỳ Hoa Mới,,Xã,42,Tỉnh Hà Tĩnh\n")
    gazetteer.build(folder, [sheet])
    new = units(folder, "admin_units_2025.tsv")
    assert new[("commune", "18990")]["name"] == "Kỳ Hoa Mới" and new[("commune", "18990")]["district_code"] == ""


def test_gso_list_as_xlsx(folder, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra: pip install 'qcdc-extract[xlsx]'")
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(GSO_LEGACY)):
        book.active.append(row)
    book.save(tmp_path / "danhmuchanhchinh.xlsx")
    gazetteer.build(folder, [tmp_path / "danhmuchanhchinh.xlsx"])
    assert units(folder, "admin_units_legacy.tsv")[("commune", "18999")]["name"] == "Thạch Trung Mới"


@pytest.mark.parametrize("header, layout", [
    ("Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp", "gso"),
    ("Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp", "gso"),
    ("Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố", "gso"),
    ("STT,Tên ĐVHC cũ,Tên ĐVHC mới,Loại,Ngày có hiệu lực", "annex"),
    ("TT,Tên các ĐVHC cấp xã trước sắp xếp,Tên ĐVHC cấp xã sau sắp xếp,Loại,Có hiệu lực từ ngày", "annex"),
    ("STT,Tên Phường/Xã Mới,Xã/Phường Trước Sáp Nhập,Loại,Ngày hiệu lực", "annex"),
    ("code\tlevel\tunit_type\tname\tera", "units"),
])
def test_layout_is_told_by_headers(tmp_path, header, layout):
    assert read_source(write(tmp_path / "f.csv", header + "\n")).layout == layout


def test_unknown_layout_names_the_headers_found(tmp_path):
    with pytest.raises(GazetteerError, match=r"f\.csv:1: no known layout; headers found: 'Họ tên', 'Chức vụ'"):
        read_source(write(tmp_path / "f.csv", "Họ tên,Chức vụ\nNguyễn Văn A,Bí thư\n"))


@pytest.mark.parametrize("header", ["Tỉnh / Thành Phố", "TỈNH/THÀNH PHỐ", " tỉnh  thành phố ", "Tỉnh_Thành_Phố"])
def test_header_variants_share_a_key(header):
    assert header_key(header) == header_key("Tỉnh Thành Phố")


@pytest.mark.parametrize("rows, message", [
    ("1,Phường Bắc Hồng Lĩnh,Hồng Lĩnh,phường,2027-01-01,Nghệ An\n", r"annex\.csv:2: no 'phường Bắc Hồng Lĩnh'"),
    ("1,Xã Tú Sơn,Tú Sơn Mới,xã,2027-01-01,\n", r"annex\.csv:2: no 'xã Tú Sơn'"),  # not a 2025 commune
    ("1,Xã Quang Trung,Quang Trung Mới,xã,2027-01-01,\n", r"annex\.csv:2: \d+ units are named 'xã Quang Trung'.*Tỉnh/Thành phố"),
    ("1,Phường Bắc Hồng Lĩnh,Hồng Lĩnh,phường,01/07/2024,Hà Tĩnh\n", r"annex\.csv:2: a change effective 2024-07-01 is not after"),
    ("1,Phường Bắc Hồng Lĩnh,Hồng Lĩnh,làng,2027-01-01,Hà Tĩnh\n", r"annex\.csv:2: unknown unit type 'làng'"),
    ("1,Phường Bắc Hồng Lĩnh,Hồng Lĩnh,phường,sang năm,Hà Tĩnh\n", r"annex\.csv:2: 'sang năm' is not a date"),
])
def test_bad_annex_rows_name_file_and_line(folder, tmp_path, rows, message):
    annex = write(tmp_path / "annex.csv", ANNEX.splitlines()[0] + "\n" + rows)
    with pytest.raises(GazetteerError, match=message):
        gazetteer.build(folder, [annex])
    assert not folder.exists() or not (folder / "user").exists()


# -- 5. a new era, and articles of its date ---------------------------------------------------

def test_annex_makes_a_new_era(folder, tmp_path):
    manifest = gazetteer.build(folder, [write(tmp_path / "annex.csv", ANNEX)])
    era = units(folder, "admin_units_2027-01-01.tsv")
    assert era[("commune", "18115")]["name"] == "Hồng Lĩnh" and ("commune", "18118") not in era
    assert units(folder, "admin_units_2025.tsv")[("commune", "18118")]["name"] == "Nam Hồng Lĩnh"
    mapping = (folder / "generated" / "admin_mapping_2027-01-01.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split("\t")[:3] for line in mapping] == [["18115", "18115", "1"], ["18118", "18115", "1"]]
    assert manifest["files"]["admin_units_2027-01-01.tsv"]["valid"] == "from 2027-01-01"
    assert manifest["files"]["admin_units_2025.tsv"]["valid"] == "from 2025-07-01 until 2026-12-31"
    assert [e for e, _ in gazetteer.eras()] == ["legacy", "2025", "2027-01-01"]
    assert set(gazetteer.generated_files()) >= {folder / "generated" / "admin_units_2027-01-01.tsv"}


def test_annex_with_a_list_of_old_units_in_one_cell(folder, tmp_path):
    annex = write(tmp_path / "annex.csv", "STT,Tên ĐVHC cấp xã mới,Tên các ĐVHC cấp xã trước sắp xếp,Loại,Ngày có hiệu lực,Tỉnh\n"
                                          '1,Phường Hồng Lĩnh,"Phường Bắc Hồng Lĩnh, phường Nam Hồng Lĩnh",,2027-01-01,Hà Tĩnh\n')
    gazetteer.build(folder, [annex])
    era = units(folder, "admin_units_2027-01-01.tsv")
    assert era[("commune", "18115")]["name"] == "Hồng Lĩnh" and ("commune", "18118") not in era


@pytest.mark.parametrize("published, expected", [
    (datetime(2027, 3, 5, 8, 0), ("2027-01-01", "18115", True)),
    (datetime(2026, 5, 20, 8, 0), ("legacy", None, False)),  # no such ward yet
])
def test_article_after_a_user_added_change_resolves_to_the_new_unit(nlp, folder, tmp_path, published, expected):
    gazetteer.build(folder, [write(tmp_path / "annex.csv", ANNEX)])
    text = ("Sáng 4/3, HĐND phường Hồng Lĩnh, tỉnh Hà Tĩnh tổ chức kỳ họp chuyên đề. Trước đó, phường "
            "Bắc Hồng Lĩnh và phường Nam Hồng Lĩnh đã hoàn thành việc sắp xếp.")
    doc = helpers.run(nlp, text, published)
    locs = {(x.unit_type, x.name): x for x in doc._.qcdc_facts["locations"]}
    new = locs[("phường", "Hồng Lĩnh")]
    assert (new.era, new.code, new.resolved) == expected
    if published.year == 2026:
        assert {locs[("phường", n)].code for n in ("Bắc Hồng Lĩnh", "Nam Hồng Lĩnh")} == {"18115", "18118"}
        assert all(locs[("phường", n)].era == "2025" for n in ("Bắc Hồng Lĩnh", "Nam Hồng Lĩnh"))
    else:
        assert new.province == "Hà Tĩnh"
        # Both eras' provinces through the change back to its 2025 units; the abolished wards
        # are still named (in the era before).
        assert (new.province_2025, new.province_legacy, new.commune_2025) == ("Hà Tĩnh", "Hà Tĩnh", "Bắc Hồng Lĩnh")
        assert {locs[("phường", n)].era for n in ("Bắc Hồng Lĩnh", "Nam Hồng Lĩnh")} == {"2025"}


def test_acceptance_gso_list_then_annex(nlp, folder, tmp_path):
    """The issue's acceptance: a statistics-office style CSV and an annex in the real headers,
    then an article dated after the change resolves to the new unit."""
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(write(tmp_path / "dmhc.csv", GSO_LEGACY)),
                                       "--from", str(write(tmp_path / "phu_luc.csv", ANNEX))])
    assert result.exit_code == 0, result.output
    assert "admin_units_2027-01-01.tsv" in result.output
    assert units(folder, "admin_units_legacy.tsv")[("commune", "18999")]["name"] == "Thạch Trung Mới"
    doc = helpers.run(nlp, "Ngày 5/3/2027, phường Hồng Lĩnh (Hà Tĩnh) ra mắt mô hình dân vận khéo.", datetime(2027, 3, 5))
    (loc,) = [x for x in doc._.qcdc_facts["locations"] if x.name == "Hồng Lĩnh"]
    assert (loc.era, loc.code, loc.resolved) == ("2027-01-01", "18115", True)
    doc = helpers.run(nlp, "Xã Thạch Trung Mới tổ chức hội nghị.", datetime(2023, 3, 5))
    (loc,) = doc._.qcdc_facts["locations"]
    assert (loc.era, loc.code) == ("legacy", "18999")


# -- 6. diff ------------------------------------------------------------------------------------

def test_diff_of_an_annex_before_it_is_applied(folder, tmp_path):
    annex = write(tmp_path / "annex.csv", ANNEX)
    result = CliRunner().invoke(main, ["gazetteer", "diff", str(annex), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"era": "2027-01-01", "change": "renamed", "level": "commune", "code": "18115",
         "old": "phường Bắc Hồng Lĩnh", "new": "phường Hồng Lĩnh"},
        {"era": "2027-01-01", "change": "removed", "level": "commune", "code": "18118",
         "old": "phường Nam Hồng Lĩnh", "new": ""}]
    assert not folder.exists()  # nothing written
    text = CliRunner().invoke(main, ["gazetteer", "diff", str(annex)]).output
    assert "renamed" in text and "0 added, 1 removed, 1 renamed" in text


def test_diff_of_two_gso_lists(tmp_path):
    old = write(tmp_path / "dmhc_2023.csv", GSO_LEGACY)
    new_text = GSO_LEGACY.replace("Phường Bắc Hà,18077", "Phường Bắc Hà Xanh,18077").replace(
        "Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Xã Thạch Trung Mới,18999,Xã,Thach Trung Moi Commune\n", "")
    new = write(tmp_path / "dmhc_2024.csv", new_text + "Tỉnh Hà Tĩnh,42,Thành phố Hà Tĩnh,436,Xã Thạch Hạ,18101,Xã,\n")
    result = CliRunner().invoke(main, ["gazetteer", "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    assert [(c["change"], c["code"]) for c in json.loads(result.output)] == [
        ("renamed", "18077"), ("added", "18101"), ("removed", "18999")]


def test_diff_of_an_annex_against_another_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["gazetteer", "diff", str(write(tmp_path / "a.csv", GSO_LEGACY)),
                                       str(write(tmp_path / "annex.csv", ANNEX))])
    assert result.exit_code == 1 and "an annex lists changes, not units" in result.output


def test_every_gazetteer_command_has_help():
    for command in ("build", "diff", "mine"):
        result = CliRunner().invoke(main, ["gazetteer", command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


# -- file parsing under hostile input -----------------------------------------------------------

_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(_cell, min_size=1, max_size=6), rows=st.lists(st.lists(_cell, max_size=7), max_size=4),
       tab=st.booleans())
def test_any_csv_is_read_or_refused_with_a_clear_error(tmp_path, header, rows, tab):
    sep = "\t" if tab else ","
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\n")
    for r in [header] + rows:
        w.writerow(r)
    path = tmp_path / "f.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    try:
        source = read_source(path)
    except GazetteerError as exc:
        assert str(path) in str(exc)
    else:
        assert source.layout in ("gso", "annex", "units")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(alphabet="ăâđêôơưàáảãạ abcdhklmnqstuvxyKTHBN", min_size=1, max_size=15),
                      min_size=1, max_size=3))
def test_annex_old_names_of_any_spelling_are_errors_or_changes(tmp_path, names):
    annex = tmp_path / "annex.csv"
    body = "".join(f"{i},Xã {n},Tên Mới Hoàn Toàn,xã,2027-01-01,Hà Tĩnh\n" for i, n in enumerate(names, 1))
    annex.write_text(ANNEX.splitlines()[0] + "\n" + body, encoding="utf-8")
    folder = tmp_path / "gaz"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        files = gazetteer.generate(folder, [annex])
    except GazetteerError as exc:
        assert "annex.csv:" in str(exc)
    else:
        assert "admin_units_2027-01-01.tsv" in files
