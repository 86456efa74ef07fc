"""The command line, through click's CliRunner: help, version, extract and its output folder."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import click
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from qcdc_extract import __version__, schema
from qcdc_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# Two real pages: a time stamp and a "Tin bài:" byline; a byline after "./." and a
# visitor counter below the body.
PAIR = ("000_305192fab6afe443.txt", "001_50c98162df3c7f79.txt")
# Their title, author and time stamp as a reader gives them (gold/*.json).
GOLD = {
    "000_305192fab6afe443.txt": (
        "Đảng bộ xã Kỳ Châu sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh về "
        "“Tiếp tục nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện quy chế dân chủ cơ sở”.",
        "Nguyễn Ngọc Nhật",
        datetime(2022, 4, 6, 8, 54),
    ),
    "001_50c98162df3c7f79.txt": (
        "Ban chỉ đạo xây dựng và thực hiện Quy chế dân chủ ở cơ sở tỉnh triển khai nhiệm vụ 6 tháng cuối năm 2021",
        "Lê Yên",
        None,
    ),
}

# Every table the registry of fact kinds gives; CONTRACT below is SCHEMA.md's, written out.
TABLES, FACT_TABLES = schema.TABLES, schema.FACT_TABLES
_MENTION = {"article_id": pa.string(), "start": pa.int32(), "end": pa.int32(), "surface": pa.string()}
# The contract of SCHEMA.md: required columns and their Arrow types.
CONTRACT = {
    "articles": {"article_id": pa.string(), "source": pa.string(), "title": pa.string(), "author": pa.string(),
                 "published_at": "timestamp", "event_date": pa.date32(), "text": pa.string()},
    "dates": _MENTION | {"value": pa.date32(), "granularity": pa.string(), "year_inferred": pa.bool_()},
    "documents": _MENTION | {"doc_type": pa.string(), "number": pa.string(), "symbol": pa.string(), "year": pa.int16(),
                             "issued": pa.date32(), "issuer": pa.string(), "canonical": pa.string()},
    "officials": _MENTION | {"name": pa.string(), "title": pa.string()},
    "counts": _MENTION | {"value": pa.float64(), "total": pa.float64(), "unit": pa.string()},
    "locations": _MENTION | {"unit_type": pa.string(), "name": pa.string()},
    "errors": {"source": pa.string(), "error": pa.string(), "message": pa.string()},
    "periods": _MENTION,
}
SUMMARY = re.compile(r"^(\d+) articles?(?: \(([^)]*)\))?, (\d+) errors?; facts: dates \d+, documents \d+, officials \d+, "
                     r"counts \d+, locations \d+; \d+\.\d s -> (.+?)(?:; the output now holds \d+ articles?, \d+ errors?)?$",
                     re.M)


def commands(group=main, path=()) -> list[tuple[str, ...]]:
    """Every command's path below the group, subcommands of subgroups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
    return found


COMMANDS = commands()


def command_at(path: tuple[str, ...]) -> click.Command:
    command = main
    for name in path:
        command = command.commands[name]
    return command


def invoke(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def copy_pair(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(CORPUS / name, folder / name)) for name in PAIR]


def table(out: Path, name: str) -> pa.Table:
    return ds.dataset(out / name, format="parquet").to_table()


def row_counts(out: Path) -> dict[str, int]:
    return {name: table(out, name).num_rows for name in TABLES}


def summary_of(result) -> re.Match:
    m = SUMMARY.search(result.stdout)
    assert m, result.output
    return m


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Two corpus pages extracted once with the default options: (out folder, inputs, result)."""
    root = tmp_path_factory.mktemp("cli")
    inputs = copy_pair(root / "pages")
    out = root / "out"
    result = invoke("extract", *inputs, "--out", out)
    assert result.exit_code == 0, result.output
    return out, inputs, result


# -- help and version ------------------------------------------------------------------------

def test_help():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Parquet" in result.stdout and "Example" in result.stdout
    for name in main.commands:
        assert name in result.stdout
    assert invoke("-h").stdout == result.stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"qcdc, version {__version__}"
    assert version("qcdc-extract") == __version__


def test_commands_are_found():
    assert ("extract",) in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    command = command_at(path)
    assert command.help and command.get_short_help_str().strip()
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    # An example that runs this very command, under an "Example:" or "Examples:" heading.
    assert re.search(r"Examples?:\n(?:\s+qcdc .*\n)*?\s+qcdc " + re.escape(" ".join(path)) + r"\b", result.stdout), result.stdout
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts} has no help text"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"qcdc {' '.join(path)}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_extract_needs_out_and_inputs(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 2 and "--out" in result.output
    result = CliRunner().invoke(main, ["extract", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "INPUTS" in result.output
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--out", str(tmp_path / "o"), "--tone-marks", "new"])
    assert result.exit_code == 2 and "classic" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()


# -- one extraction, read back ---------------------------------------------------------------

def test_summary_line(extracted):
    out, _, result = extracted
    m = summary_of(result)
    assert (m.group(1), m.group(3), m.group(4)) == ("2", "0", str(out))
    assert result.stdout.count("\n") == 1  # the summary is all that goes to stdout


def test_every_table_is_a_folder_of_parquet_parts(extracted):
    out, _, _ = extracted
    assert (out / "manifest.json").is_file()
    for name in TABLES:
        parts = list((out / name).glob("*.parquet"))
        assert parts, name
        assert not (out / f"{name}.parquet").exists()


def test_schema_columns_and_types(extracted):
    out, _, _ = extracted
    for name, columns in CONTRACT.items():
        schema = table(out, name).schema
        for column, wanted in columns.items():
            assert column in schema.names, f"{name}.{column} is missing"
            got = schema.field(column).type
            if wanted == "timestamp":
                assert pa.types.is_timestamp(got), f"{name}.{column}: {got}"
            else:
                assert got == wanted, f"{name}.{column}: {got}, not {wanted}"


def test_readable_by_pandas(extracted):
    pd = pytest.importorskip("pandas")
    out, inputs, _ = extracted
    frames = {name: pd.read_parquet(out / name) for name in TABLES}
    articles = frames["articles"]
    assert sorted(articles.source) == sorted(map(str, inputs))
    assert articles.article_id.is_unique
    assert len(frames["errors"]) == 0
    for name in FACT_TABLES:
        assert set(frames[name].article_id) <= set(articles.article_id), name
    for name in ("dates", "documents", "officials", "counts", "locations"):
        assert len(frames[name]) > 0, f"no {name} found in two corpus articles"
    assert set(frames["dates"].granularity) <= {"day", "month", "year"}


def test_readable_by_duckdb(extracted):
    duckdb = pytest.importorskip("duckdb")
    out, _, _ = extracted
    for name in TABLES:
        n = duckdb.sql(f"select count(*) from read_parquet('{out}/{name}/*.parquet')").fetchall()[0][0]
        assert n == table(out, name).num_rows, name
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/articles/*.parquet')").fetchall()[0][0] == 2
    for name in FACT_TABLES:
        # An analyst's join: every mention's offsets point at its surface in the article text.
        bad = duckdb.sql(f"""
            select count(*) from read_parquet('{out}/{name}/*.parquet') f
            join read_parquet('{out}/articles/*.parquet') a using (article_id)
            where substring(a.text, f.start + 1, f."end" - f.start) <> f.surface
        """).fetchall()[0][0]
        assert bad == 0, name


def test_offsets_point_at_the_surface(extracted):
    out, _, _ = extracted
    texts = dict(zip(*(table(out, "articles").column(c).to_pylist() for c in ("article_id", "text"))))
    checked = 0
    for name in FACT_TABLES:
        for row in table(out, name).to_pylist():
            text = texts[row["article_id"]]
            assert 0 <= row["start"] < row["end"] <= len(text), (name, row)
            assert text[row["start"]:row["end"]] == row["surface"], (name, row)
            checked += 1
    assert checked > 20


def test_article_metadata_matches_the_gold(extracted):
    out, _, _ = extracted
    for row in table(out, "articles").to_pylist():
        title, author, published = GOLD[Path(row["source"]).name]
        assert (row["title"], row["author"], row["published_at"]) == (title, author, published)
        assert row["text"].startswith(title + "\n\n")
        assert row["sources"] == [row["source"]]
        for furniture in ("Go top", "Thống kê truy cập", "Tổng lượt truy cập", "loading...", "Tin bài:"):
            assert furniture not in row["text"]


# -- inputs: stdin, globs, folders -----------------------------------------------------------

def test_paths_from_stdin(tmp_path):
    inputs = copy_pair(tmp_path / "pages")
    out = tmp_path / "out"
    result = invoke("extract", "-", "--out", out, "--no-ner", input="\n".join(map(str, inputs)) + "\n\n")
    assert result.exit_code == 0, result.output
    assert sorted(table(out, "articles").column("source").to_pylist()) == sorted(map(str, inputs))


@pytest.mark.parametrize("pattern", ["pages/*.txt", "pages/0*_*.txt", "**/*.txt", "pages/00[01]_*.txt"])
def test_glob_patterns(tmp_path, pattern):
    inputs = copy_pair(tmp_path / "pages")
    (tmp_path / "pages" / "notes.md").write_text("not a page", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(tmp_path / pattern), "--out", out, "--no-ner")
    assert result.exit_code == 0, result.output
    assert sorted(table(out, "articles").column("source").to_pylist()) == sorted(map(str, inputs))
    assert table(out, "errors").num_rows == 0


def test_folder_input_is_walked(tmp_path):
    inputs = copy_pair(tmp_path / "pages" / "2022")
    out = tmp_path / "out"
    result = invoke("extract", tmp_path / "pages", "--out", out, "--no-ner")
    assert result.exit_code == 0
    assert sorted(table(out, "articles").column("source").to_pylist()) == sorted(map(str, inputs))


# -- reruns ---------------------------------------------------------------------------------

def test_rerun_adds_nothing(tmp_path):
    inputs = copy_pair(tmp_path / "pages")
    bad = tmp_path / "pages" / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    first = invoke("extract", tmp_path / "pages", "--out", out, "--no-ner")
    assert first.exit_code == 0
    before = row_counts(out)
    assert before["articles"] == 2 and before["errors"] == 1
    again = invoke("extract", tmp_path / "pages", "--out", out, "--no-ner")
    assert again.exit_code == 0, again.output
    # The input that failed is tried again and fails again: its error row is replaced, not doubled.
    assert row_counts(out) == before
    m = summary_of(again)
    assert m.group(1) == "0" and m.group(3) == "1"
    assert "2 already in the output" in m.group(2) and "1 retried" in m.group(2)


def test_rerun_with_one_more_input_adds_only_it(tmp_path):
    inputs = copy_pair(tmp_path / "pages")
    out = tmp_path / "out"
    invoke("extract", inputs[0], "--out", out, "--no-ner")
    result = invoke("extract", *inputs, "--out", out, "--no-ner")
    assert summary_of(result).group(1) == "1"
    assert sorted(table(out, "articles").column("source").to_pylist()) == sorted(map(str, inputs))


def test_overwrite_starts_afresh(tmp_path):
    inputs = copy_pair(tmp_path / "pages")
    out = tmp_path / "out"
    invoke("extract", *inputs, "--out", out, "--no-ner")
    before = row_counts(out)
    old_parts = {p.name for p in out.rglob("*.parquet")}
    result = invoke("extract", *inputs, "--out", out, "--no-ner", "--overwrite")
    assert result.exit_code == 0
    assert summary_of(result).group(1) == "2"
    assert row_counts(out) == before
    assert old_parts.isdisjoint(p.name for p in out.rglob("*.parquet"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["runs"]) == 1
    # A smaller input set with --overwrite leaves only that.
    invoke("extract", inputs[0], "--out", out, "--no-ner", "--overwrite")
    assert table(out, "articles").column("source").to_pylist() == [str(inputs[0])]


# -- the terminal ---------------------------------------------------------------------------

@pytest.mark.parametrize("quiet", [False, True])
def test_progress_shows_unless_quiet(tmp_path, monkeypatch, quiet):
    import qcdc_extract.cli as cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)  # as if a person watched stderr
    inputs = copy_pair(tmp_path / "pages")
    result = invoke("extract", *inputs, "--out", tmp_path / "out", "--no-ner", *(["--quiet"] if quiet else []))
    assert result.exit_code == 0
    summary_of(result)
    if quiet:
        assert result.stderr == ""
    else:
        # The bar goes to stderr only; stdout keeps just the summary line.
        assert "records/s" in result.stderr
        assert "\r" not in result.stdout and "records/s" not in result.stdout


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    inputs = copy_pair(tmp_path / "pages")
    result = invoke("extract", *inputs, "--out", tmp_path / "out", "--no-ner")
    assert result.stderr == ""


def test_summary_counts_error_rows(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    inputs = copy_pair(tmp_path / "pages")
    result = invoke("extract", bad, *inputs, "--out", tmp_path / "out", "--no-ner", "-q")
    assert result.exit_code == 0
    m = summary_of(result)
    assert (m.group(1), m.group(3)) == ("2", "1")
