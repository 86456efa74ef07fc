"""Integrity of the bundled data files and of the one home of Vietnamese language data."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from qcdc_extract import vi
from qcdc_extract.resources import PACKAGE_DATA, read_tsv

DATA_FILES = sorted(PACKAGE_DATA.glob("*.tsv"))


def test_there_are_data_files():
    assert len(DATA_FILES) >= 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_loads_and_names_its_sources(path: Path):
    rows = read_tsv(path, ("source",))
    assert rows, f"{path.name} has no rows"
    assert all(r["source"] for r in rows), f"{path.name}: a row without a source"


def test_every_line_rule_example_is_classified_by_its_own_rule():
    for i, row in enumerate(read_tsv(PACKAGE_DATA / "lines.tsv", ("pattern", "action", "example", "source")), 1):
        pattern = regex.compile(row["pattern"], regex.IGNORECASE | regex.V0)
        for example in row["example"].split("; "):
            assert pattern.fullmatch(example), f"lines.tsv rule {i}: {example!r} does not match {row['pattern']!r}"


def test_rules_read_no_file_at_import():
    """rules/ holds compiled patterns only: importing a rules module opens no data file."""
    code = ("import builtins, io, sys\n"
            "opened = []\n"
            "real = io.open\n"
            "def spy(file, *a, **k):\n"
            "    opened.append(str(file)); return real(file, *a, **k)\n"
            "builtins.open = io.open = spy\n"
            "from pathlib import Path\n"
            "Path.open = lambda self, *a, **k: spy(self, *a, **k)\n"
            "import qcdc_extract.rules.counts, qcdc_extract.rules.dates, qcdc_extract.rules.documents\n"
            "import qcdc_extract.rules.locations, qcdc_extract.rules.officials\n"
            "print([f for f in opened if f.endswith('.tsv')])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("modern, classic", [
    ("hoà", "hòa"), ("Huyện uỷ", "Huyện ủy"), ("khoẻ", "khỏe"), ("Thuỵ", "Thụy"), ("HOÀ", "HÒA"),
])
def test_one_tone_table_both_directions(modern, classic):
    assert vi.to_classic(modern) == classic
    assert vi.to_modern(classic) == modern
    assert vi.spellings(modern) == {modern, classic}


@pytest.mark.parametrize("word", ["quý", "quỳ", "Quý", "hoàng", "khuyến", "khuya", "giá"])
def test_tone_placement_leaves_onsets_and_closed_syllables_alone(word):
    assert vi.to_classic(word) == word and vi.to_modern(word) == word


@pytest.mark.parametrize("a, b", [("Huyện Uỷ  Kỳ Anh", "huyện ủy Kỳ Anh"), ("Ủy  ban\nnhân dân", "uỷ ban nhân dân")])
def test_one_key_for_spellings_of_one_phrase(a, b):
    assert vi.key(a) == vi.key(b)


@pytest.mark.parametrize("text, value", [("nhất", 1), ("tư", 4), ("mười", 10), ("mười lăm", 15),
                                         ("mười năm", 15), ("mười một", 11), ("chín", 9), ("Ba", 3)])
def test_ordinal_words(text, value):
    assert vi.ordinal_value(text) == value


def test_number_words_and_unit_types_come_from_their_data_files():
    assert vi.number_value("sáu") == 6 and vi.number_value("nhất") is None
    assert vi.unit_type_names() == ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn",
                                    "đặc khu")
    assert "thôn" in vi.unit_type_names(gazetteer_only=False)


def test_alternation_matches_either_tone_placement_and_prefers_longer_phrases():
    pattern = regex.compile(vi.alternation(["hộ", "hộ gia đình", "Huyện ủy"]))
    assert pattern.match("hộ  gia đình").group() == "hộ  gia đình"
    assert pattern.match("Huyện uỷ").group() == "Huyện uỷ"


# No other module keeps a copy of the language data that lives in vi/.
COPIES = [
    # a tone table entry written out
    r'"[òóỏõọ]a"\s*:|"o[àáảãạ]"\s*:|"[ùúủũụ]y"\s*:|"u[ỳýỷỹỵ]"\s*:|_TONE_COMBINING\s*=',
    # the number words
    r'"ba"\s*:\s*3|"mười một"|"nhất"\s*:',
    # the unit types
    r'\("tỉnh",\s*"thành phố"',
]


@pytest.mark.parametrize("pattern", COPIES)
def test_no_copy_of_the_language_data_outside_vi(pattern):
    package = Path(importlib.import_module("qcdc_extract").__file__).parent
    found = [str(p.relative_to(package)) for p in package.rglob("*.py")
             if p.parent.name != "vi" and regex.search(pattern, p.read_text(encoding="utf-8"))]
    assert found == []


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "qcdc_extract", "--version"], capture_output=True, text=True, check=True)
    assert "qcdc" in out.stdout


def test_every_unit_starts_with_a_letter_or_a_percent_sign():
    """rules/counts.DIGIT_COUNT looks for a unit only where a letter or "%", "％", "‰" follows
    the figure: a unit spelt otherwise ("°C", "$") would never be found."""
    from qcdc_extract.rules import counts as R

    odd = [r["surface"] for r in R.UNITS for s in vi.spellings(r["surface"]) if not (s[0].isalpha() or s[0] in "%％‰")]
    assert not odd
    assert R.DIGIT_COUNT.search("đạt 98,5%")["pct"] and R.DIGIT_COUNT.search("giảm 0,8‰")["pml"]
    assert R.DIGIT_COUNT.search("có 356 đảng viên")["head"]
