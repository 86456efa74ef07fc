"""Gazetteers: generated files rebuild byte for byte; validation names file and line; look-ups."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_extract import gazetteer
from qcdc_extract.cli import main
from qcdc_extract.gazetteer import GazetteerError

ROOT = Path(__file__).resolve().parents[1] / "gazetteers"


@pytest.fixture
def folder(tmp_path):
    """A scratch copy of the checked-in sources (curated/ and user/)."""
    for sub in ("curated", "user"):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, tmp_path / sub)
    return tmp_path


def test_checked_in_files_equal_a_fresh_build(folder):
    files = gazetteer.generate(folder)
    on_disk = sorted(p.name for p in (ROOT / "generated").iterdir())
    assert sorted(files) == on_disk
    for name, (data, _) in files.items():
        assert data == (ROOT / "generated" / name).read_bytes(), f"{name} is stale: run 'qcdc gazetteer build'"


def test_manifest_records_every_file_with_checksum(folder):
    manifest = gazetteer.build(folder)
    import hashlib

    for name, info in manifest["files"].items():
        assert info["sha256"] == hashlib.sha256((folder / "generated" / name).read_bytes()).hexdigest()
        assert info["source"] and info["version"] and info["date"] and info["rows"] > 0
    assert manifest["upstream"] == {"package": "vietnamadminunits", "version": manifest["upstream"]["version"], "licence": "MIT"}


def test_build_is_byte_identical_twice(folder):
    gazetteer.build(folder)
    first = {p.name: p.read_bytes() for p in (folder / "generated").iterdir()}
    first_manifest = (folder / "MANIFEST.json").read_bytes()
    gazetteer.build(folder)
    assert first == {p.name: p.read_bytes() for p in (folder / "generated").iterdir()}
    assert first_manifest == (folder / "MANIFEST.json").read_bytes()


def test_sizes_before_and_after_2025(folder):
    files = gazetteer.generate(folder)
    legacy = files["admin_units_legacy.tsv"][0].decode().splitlines()[1:]
    new = files["admin_units_2025.tsv"][0].decode().splitlines()[1:]
    count = lambda rows, level: sum(1 for r in rows if r.split("\t")[1] == level)
    assert count(legacy, "province") == 63 and 690 <= count(legacy, "district") <= 720
    assert 10_000 <= count(legacy, "commune") <= 10_700
    assert count(new, "province") == 34 and 3_200 <= count(new, "commune") <= 3_400


def test_user_units_are_added_and_kept(folder, tmp_path):
    extra = tmp_path / "new_units.csv"
    extra.write_text("code,level,unit_type,name,era,province_code\n99999,commune,xã,Thử Nghiệm,2025,42\n", encoding="utf-8")
    gazetteer.build(folder, [extra])
    assert (folder / "user" / "new_units.csv").exists()
    assert "99999\tcommune\txã\tThử Nghiệm\t42" in (folder / "generated" / "admin_units_2025.tsv").read_text()


@pytest.mark.parametrize(
    "content, message",
    [
        ("code,level,unit_type,name,era\n99999,commune,xã,,2025\n", r"new\.csv:2: empty name"),
        ("code,level,unit_type,name,era\n1,commune,xã,A,2025\n1,commune,xã,B,2025\n", r"new\.csv:3: commune code '1' .*repeats line 2"),
        ("code,level,unit_type,name,era\n1,commune,làng,A,2025\n", r"new\.csv:2: unknown unit type 'làng'"),
        ("code,level,unit_type,name,era\n1,commune,xã,Ho\u0300a Bình,2025\n", r"new\.csv:2: name .* not in Unicode NFC"),
        ("code,level,unit_type,name,era\n1,commune,xã,A,2030\n", r"new\.csv:2: era must be"),
        ("code,name\n1,A\n", r"new\.csv:1: header lacks column"),
    ],
)
def test_bad_user_file_names_file_and_line(folder, tmp_path, content, message):
    bad = tmp_path / "new.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        gazetteer.build(folder, [bad])
    assert not (folder / "user" / "new.csv").exists()


def test_cli_build_reports_files(folder):
    result = CliRunner().invoke(main, ["gazetteer", "build", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    assert "admin_units_2025.tsv" in result.output and "titles.tsv" in result.output


def test_cli_build_bad_file_is_a_clear_error(folder, tmp_path):
    bad = tmp_path / "titles.tsv"
    bad.write_text("title\tkind\tsource\nBí thư\tparty\tx\nbí thư\tparty\tx\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--folder", str(folder), "--from", str(bad)])
    assert result.exit_code == 1
    assert "titles.tsv:3" in result.output and "repeats line 2" in result.output


@pytest.mark.parametrize(
    "era, unit_type, name, expected_provinces",
    [
        ("legacy", "xã", "Tú Sơn", {"31", "17"}),  # Hải Phòng and Hòa Bình
        ("legacy", "xã", "Kỳ Châu", {"42"}),
        ("legacy", "huyện", "Kim Bôi", {"17"}),
        ("legacy", "tỉnh", "Hoà Bình", {"17"}),  # the other tone-mark convention
        ("2025", "tỉnh", "Hòa Bình", set()),  # merged into Phú Thọ in 2025
        ("2025", "thành phố", "Hải Phòng", {"31"}),
        ("2025", "tỉnh", "Hà Tĩnh", {"42"}),
    ],
)
def test_find(era, unit_type, name, expected_provinces):
    assert {u.province_code for u in gazetteer.load_units(era).find(unit_type, name)} == expected_provinces


def test_mapping_old_commune_to_new():
    (kim_boi_tu_son,) = [u for u in gazetteer.load_units("legacy").find("xã", "Tú Sơn") if u.province_code == "17"]
    successors = gazetteer.load_mapping()[kim_boi_tu_son.code]
    assert successors and all(gazetteer.load_units("2025").by_code[("commune", c)].province_code == "25" for c, _ in successors)
