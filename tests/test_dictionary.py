"""The data dictionary: every column described, no description naming a column that does not
exist, and docs/tables.md rendered from it."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, strategies as st

from qcdc_extract.dictionary import DESCRIPTIONS, TABLE_DESCRIPTIONS, annotate, cell, markdown
from qcdc_extract.schema import SCHEMAS

DOC = Path(__file__).resolve().parents[1] / "docs" / "tables.md"
REGENERATE = "python -m qcdc_extract.dictionary > docs/tables.md"

# `column`, `table.column`, `column[].field` (a field of a list of structs) or `table`.
REFERENCE = re.compile(r"(?:(?P<table>[a-z]+)\.)?(?P<column>[a-z0-9_]+)(?:\[\]\.(?P<field>[a-z0-9_]+))?")
SNAKE = re.compile(r"(?<![\w.\-/])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w\-/])")


def texts():
    """(table, column or None, text) of every description."""
    for table, text in TABLE_DESCRIPTIONS.items():
        yield table, None, text
    for table, columns in DESCRIPTIONS.items():
        for column, text in columns.items():
            yield table, column, text


def unknown_references(table: str, text: str) -> list[str]:
    """The names in backticks that are no column (or table, or struct field) of the schemas."""
    bad = []
    for ref in re.findall(r"`([^`]*)`", text):
        m = REFERENCE.fullmatch(ref)
        if m is None:
            bad.append(ref)
            continue
        if m["table"] is None and m["field"] is None and ref in SCHEMAS:
            continue  # a table
        schema = SCHEMAS.get(m["table"] or table)
        if schema is None or m["column"] not in schema.names:
            bad.append(ref)
            continue
        if m["field"] is not None:
            kind = schema.field(m["column"]).type
            if not (pa.types.is_list(kind) and pa.types.is_struct(kind.value_type)
                    and kind.value_type.get_field_index(m["field"]) >= 0):
                bad.append(ref)
    return bad


def bare_names(text: str) -> list[str]:
    """Column-like names (snake_case) written outside backticks and outside quoted values."""
    prose = re.sub(r'`[^`]*`|"[^"]*"', " ", text)
    return SNAKE.findall(prose)


def test_every_table_and_every_column_is_described():
    assert TABLE_DESCRIPTIONS.keys() == SCHEMAS.keys()
    assert DESCRIPTIONS.keys() == SCHEMAS.keys()
    for table, schema in SCHEMAS.items():
        missing = [c for c in schema.names if not DESCRIPTIONS[table].get(c, "").strip()]
        assert not missing, f"{table}: no description for {missing} in src/qcdc_extract/dictionary.py"
        extra = sorted(set(DESCRIPTIONS[table]) - set(schema.names))
        assert not extra, f"{table}: descriptions of columns the schema does not have: {extra}"
    assert all(text.strip() for text in TABLE_DESCRIPTIONS.values())


def test_no_description_names_a_column_that_does_not_exist():
    problems = []
    for table, column, text in texts():
        where = f"{table}.{column}" if column else table
        problems += [f"{where}: `{ref}`" for ref in unknown_references(table, text)]
        problems += [f"{where}: {name} (a column goes in backticks, a value in double quotes)"
                     for name in bare_names(text)]
        if text.count("`") % 2 or text.count('"') % 2:
            problems.append(f"{where}: unbalanced backticks or double quotes")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text, table, bad", [
    ("Code of `province` in the gazetteer of `era`.", "locations", []),
    ("Code of `province` in the gazetteer of `era`.", "documents", ["province", "era"]),
    ("The `articles.article_id` of the article.", "dates", []),
    ("The `article.article_id` of the article.", "dates", ["article.article_id"]),
    ("Offsets into `articles.text` (`mentions[].start`, `mentions[].end`).", "officials", []),
    ("`positions[].role` and `positions[].title`.", "officials", ["positions[].title"]),
    ("`candidates[].code`: a list of strings has no fields.", "locations", ["candidates[].code"]),
    ("Count documents by `doc_key`, see `officials`.", "documents", []),
    ("The value `\"02-NQ/TU\"` is no column.", "documents", ['"02-NQ/TU"']),
])
def test_references_are_checked_against_the_schemas(text, table, bad):
    assert unknown_references(table, text) == bad


@pytest.mark.parametrize("text, names", [
    ('A form "number_year" ("34/2007") is a value.', []),
    ("Read it with main_era.", ["main_era"]),
    ("Read it with `main_era`, as for province_code_2025.", ["province_code_2025"]),
    ('"file.jsonl:N" for line N; "caf\\xe9.txt".', []),
])
def test_bare_column_names_are_found(text, names):
    assert bare_names(text) == names


def test_every_code_says_which_era_it_belongs_to():
    # Codes of the two gazetteers overlap (18133 is thị trấn Phố Châu before 1 July 2025 and
    # xã Hương Sơn after): a code column that does not name its era is misread.
    for table, schema in SCHEMAS.items():
        for column in schema.names:
            if "code" in column or column == "candidates":
                text = DESCRIPTIONS[table][column]
                assert re.search(r"`(?:main_)?era`|legacy|2025", text), f"{table}.{column}: which era? {text}"


def test_docs_tables_md_is_rendered_from_the_dictionary():
    assert DOC.exists(), f"docs/tables.md is missing; write it with: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == markdown(), f"docs/tables.md is stale; regenerate it with: {REGENERATE}"


def test_markdown_has_one_row_per_column_with_its_arrow_type():
    text = markdown()
    assert text.startswith("# ") and 'pd.read_parquet("out/documents", dtype_backend="pyarrow")' in text
    assert 'qcdc query out "DESCRIBE documents"' in text
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    assert [s.split("\n", 1)[0] for s in sections] == list(SCHEMAS)
    for section, (table, schema) in zip(sections, SCHEMAS.items()):
        assert TABLE_DESCRIPTIONS[table] in section
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert len(rows) == len(schema)
        for row, field in zip(rows, schema):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
            assert cells[0] == f"`{field.name}`"
            assert cells[1].strip("`").removesuffix(" not null") == str(field.type)
            assert cells[1].endswith(" not null`") == (not field.nullable)
            assert cells[2] == cell(DESCRIPTIONS[table][field.name])


def test_nested_fields_are_described_in_their_column():
    assert "list<element: struct<role: string not null" in markdown()
    positions = DESCRIPTIONS["officials"]["positions"]
    for name in ("role", "organisation", "body", "level"):
        assert f"`positions[].{name}`" in positions
    assert "`mentions[].start`" in DESCRIPTIONS["officials"]["mentions"]


@given(st.text())
def test_any_text_is_one_markdown_cell(text):
    row = f"| `x` | `string` | {cell(text)} |"
    assert "\n" not in row and "\r" not in row
    assert len(re.split(r"(?<!\\)\|", row)) == 5
    assert cell(text).replace("\\|", "|") == " ".join(text.split())


def test_the_module_prints_the_page_and_imports_neither_spacy_nor_pandas():
    page = subprocess.run([sys.executable, "-m", "qcdc_extract.dictionary"], capture_output=True, check=True).stdout
    assert page.decode("utf-8") == markdown()
    probe = ("import sys, qcdc_extract.dictionary as d; assert d.DESCRIPTIONS; "
             "print(sorted(m for m in ('spacy', 'pandas', 'underthesea', 'qcdc_extract.schema') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True).stdout
    # Not even schema: schema.py may then import DESCRIPTIONS without an import cycle.
    assert loaded.strip() == "[]"


def test_annotated_schema_carries_the_descriptions_into_parquet(tmp_path):
    schema = annotate("documents", SCHEMAS["documents"])
    assert schema.equals(SCHEMAS["documents"])  # names and types unchanged
    row = {"article_id": "60df5c0dbc35d38f", "start": 0, "end": 22, "surface": "Nghị quyết số 02-NQ/TU",
           "doc_type": "Nghị quyết", "number": "02", "symbol": "NQ/TU", "canonical": "02-NQ/TU",
           "doc_key": "02-NQ/TU@legacy:province:42#2017"}
    pq.write_table(pa.Table.from_pylist([row], schema=schema), tmp_path / "part-0.parquet")
    read = pq.read_schema(tmp_path / "part-0.parquet")
    assert read.field("doc_key").metadata[b"description"].decode("utf-8") == DESCRIPTIONS["documents"]["doc_key"]
    assert read.metadata[b"description"].decode("utf-8") == TABLE_DESCRIPTIONS["documents"]
    for table, base in SCHEMAS.items():
        assert [f.metadata[b"description"].decode() for f in annotate(table, base)] == \
               [DESCRIPTIONS[table][c] for c in base.names]



def test_a_column_not_described_yet_fails_the_page_but_not_the_schema(monkeypatch):
    monkeypatch.delitem(DESCRIPTIONS["counts"], "unit")
    with pytest.raises(ValueError, match=r"counts\.unit"):
        markdown()
    bare = pa.schema([f.remove_metadata() for f in SCHEMAS["counts"]])  # as schema.py declares it
    schema = annotate("counts", bare.append(pa.field("unit_plural", pa.string())))
    assert schema.field("unit").metadata is None and schema.field("unit_plural").metadata is None
    assert schema.field("value").metadata[b"description"].decode("utf-8") == DESCRIPTIONS["counts"]["value"]


def test_parquet_files_carry_the_descriptions_and_the_tables_version(tmp_path):
    """What DESCRIBE-like tools and pyarrow show of a written output."""
    import pyarrow.parquet as pq

    from qcdc_extract.batch import extract
    from qcdc_extract.schema import TABLES_VERSION
    from qcdc_extract.settings import Options

    corpus = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))[:1]
    extract([str(p) for p in corpus], tmp_path / "out", Options(workers=1, ner=False))
    part = next((tmp_path / "out" / "documents").rglob("*.parquet"))
    schema = pq.read_schema(part)
    assert schema.metadata[b"qcdc_tables_version"] == TABLES_VERSION.encode()
    assert schema.field("doc_key").metadata[b"description"].decode("utf-8") == DESCRIPTIONS["documents"]["doc_key"]
