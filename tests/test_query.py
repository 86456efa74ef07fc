"""`qcdc query OUT "SQL"`: DuckDB views over an output's committed parts, and the result's formats."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from qcdc_extract import query as q
from qcdc_extract.batch import extract
from qcdc_extract.cli import main
from qcdc_extract.schema import SCHEMAS, TABLES
from qcdc_extract.settings import Options
from qcdc_extract.writer import DatasetWriter, read_manifest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted(str(p) for p in (ROOT / "corpus").glob("*.txt"))
ARTICLE_COLUMNS = "article_id, title, author, published_at, event_date, sources, n_chars"


def inputs(folder: Path) -> list[str]:
    """The corpus and one empty page (an error row), so every table but none of the views is trivial."""
    empty = folder / "trang-trong.txt"
    empty.write_text("", encoding="utf-8")
    return CORPUS + [str(empty)]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The corpus extracted two articles a batch: three batches, so every view unites several parts."""
    base = tmp_path_factory.mktemp("query")
    summary = extract(inputs(base), base / "out", Options(workers=1, ner=False, batch_size=2))
    assert summary.ok
    return base / "out"


def copy_of(out: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "out"
    shutil.copytree(out, dest)
    return dest


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["query", *map(str, args)], input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = invoke(*args, input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def json_of(out: Path, sql: str) -> list[dict]:
    return json.loads(ok(out, sql, "--json"))


def rows_of(folder: Path, table: str) -> list[dict]:
    """A table as pyarrow reads the folder of parts (the writer leaves no stray file in it)."""
    return ds.dataset(folder / table, format="parquet").to_table().to_pylist()


def counts(out: Path) -> dict[str, int]:
    return {name: json_of(out, f"SELECT count(*) AS n FROM {name}")[0]["n"] for name in TABLES}


def failed(result, *words: str) -> None:
    """Exit code 1, a message holding `words`, and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


# -- the views -------------------------------------------------------------------------------

def test_every_view_counts_what_pandas_reads(out):
    found = counts(out)
    assert found == {name: len(pd.read_parquet(out / name)) for name in TABLES}
    assert found["articles"] == len(CORPUS) and found["errors"] == 1 and found["dates"] > 0


def test_views_have_every_column_of_the_schema(out):
    for name in TABLES:
        assert json.loads(ok(out, f"SELECT * FROM {name} LIMIT 0", "--json")) == []
        got = q.query(out, f"SELECT * FROM {name} LIMIT 0").column_names
        assert got[:len(SCHEMAS[name].names)] == SCHEMAS[name].names


def test_group_by_on_documents_matches_pandas(out):
    got = json_of(out, "SELECT canonical, count(DISTINCT article_id) AS articles, count(*) AS mentions "
                       "FROM documents GROUP BY canonical ORDER BY canonical")
    frame = pd.read_parquet(out / "documents")
    expected = frame.groupby("canonical").agg(articles=("article_id", "nunique"), mentions=("article_id", "size"))
    assert [(r["canonical"], r["articles"], r["mentions"]) for r in got] == [
        (c, int(r.articles), int(r.mentions)) for c, r in expected.sort_index().iterrows()]
    assert any(r["articles"] > 1 for r in got)  # a document cited by two articles of the corpus


def test_a_join_of_facts_with_their_articles(out):
    got = json_of(out, "SELECT o.name, a.source FROM officials o JOIN articles a USING (article_id) ORDER BY 1, 2")
    by_id = {a["article_id"]: a["source"] for a in rows_of(out, "articles")}
    assert [(r["name"], r["source"]) for r in got] == sorted((o["name"], by_id[o["article_id"]])
                                                             for o in rows_of(out, "officials"))


def test_the_listing_gives_every_view_its_rows_and_columns(out):
    text = ok(out)
    listed = json.loads(ok(out, "--json"))
    assert [v["view"] for v in listed] == list(TABLES)
    for view in listed:
        n = len(pd.read_parquet(out / view["view"]))
        assert view["rows"] == n
        assert f"{view['view']}: {n} row" in text
        assert [c["name"] for c in view["columns"]][:len(SCHEMAS[view["view"]].names)] == SCHEMAS[view["view"]].names
    assert "published_at TIMESTAMP" in text and "event_date DATE" in text
    table = list(csv.DictReader(io.StringIO(ok(out, "--csv"))))
    assert [(r["view"], int(r["rows"])) for r in table] == [(v["view"], v["rows"]) for v in listed]


# -- the formats ------------------------------------------------------------------------------

def expected_articles(out: Path) -> list[dict]:
    keep = [c.strip() for c in ARTICLE_COLUMNS.split(",")]
    return sorted(({k: r[k] for k in keep} for r in rows_of(out, "articles")), key=lambda r: r["article_id"])


def test_json_parses_back_to_the_same_rows(out):
    got = json_of(out, f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY article_id")
    for row in got:
        row["published_at"] = row["published_at"] and datetime.fromisoformat(row["published_at"])
        row["event_date"] = row["event_date"] and date.fromisoformat(row["event_date"])
    assert got == expected_articles(out)
    assert any(r["published_at"] for r in got) and any(r["event_date"] for r in got)


def test_json_is_utf8_unescaped(out):
    raw = ok(out, "SELECT title FROM articles WHERE title LIKE '%Đảng bộ%'", "--json")
    assert "Đảng bộ" in raw and "\\u" not in raw


def test_csv_parses_back_to_the_same_rows(out):
    got = list(csv.DictReader(io.StringIO(ok(out, f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY article_id",
                                             "--csv"), newline="")))
    parse = {"published_at": datetime.fromisoformat, "event_date": date.fromisoformat, "sources": json.loads,
             "n_chars": int}
    rows = [{k: (parse.get(k, str)(v) if v != "" else None) for k, v in r.items()} for r in got]
    assert rows == expected_articles(out)


def test_csv_keeps_the_text_with_its_paragraph_breaks(out):
    got = list(csv.DictReader(io.StringIO(ok(out, "SELECT article_id, text FROM articles", "--csv"), newline="")))
    texts = {r["article_id"]: r["text"] for r in rows_of(out, "articles")}
    assert {r["article_id"]: r["text"] for r in got} == texts
    assert all("\n" in t for t in texts.values())


def test_parquet_file_holds_the_same_rows(out, tmp_path):
    target = tmp_path / "ket-qua.parquet"
    stdout = ok(out, f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY article_id", "--parquet", target)
    assert stdout.strip() == f"{len(CORPUS)} rows -> {target}"
    assert pq.read_table(target).to_pylist() == expected_articles(out)
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua.parquet"]  # no temporary file left


def test_parquet_of_a_group_by_keeps_its_types(out, tmp_path):
    target = tmp_path / "units.parquet"
    ok(out, "SELECT unit, count(*) AS n, sum(value) AS total FROM counts GROUP BY unit", "--parquet", target)
    frame = pd.read_parquet(target).sort_values("unit").reset_index(drop=True)
    expected = pd.read_parquet(out / "counts").groupby("unit").agg(n=("value", "size"), total=("value", "sum"))
    assert frame["unit"].tolist() == expected.index.tolist()
    assert frame["n"].tolist() == expected["n"].tolist()
    assert frame["total"].tolist() == pytest.approx(expected["total"].tolist())


def test_text_table_prints_vietnamese_aligned_and_cut(out):
    titles = {r["article_id"]: r["title"] for r in rows_of(out, "articles") if r["title"]}
    lines = ok(out, "SELECT title, n_chars FROM articles WHERE title IS NOT NULL ORDER BY article_id").splitlines()
    header, rule, body, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    assert header.split() == ["title", "n_chars"] and footer == f"({len(titles)} rows)"
    # n_chars is a number, right-aligned: every row ends where the rule does, Vietnamese letters or not.
    assert all(q.display_width(line) == q.display_width(rule) for line in body)
    cells = [line[:rule.index(" ")].rstrip() for line in body]
    for cell, title in zip(cells, (titles[k] for k in sorted(titles))):
        if len(title) > 60:
            assert cell.endswith("…") and len(cell) == 60 and title.startswith(cell[:-1])
        else:
            assert cell == title
    assert any(c.endswith("…") for c in cells) and any("ư" in c or "ơ" in c for c in cells)


def test_width_zero_prints_whole_cells_and_width_n_cuts_them(out):
    title = max((r["title"] for r in rows_of(out, "articles") if r["title"]), key=len)
    sql = "SELECT title FROM articles WHERE title = '" + title.replace("'", "''") + "'"
    assert ok(out, sql, "--width", "0").splitlines()[2] == title
    assert ok(out, sql, "--width", "12").splitlines()[2] == title[:11] + "…"


def test_text_table_shows_nulls_and_line_breaks(out):
    sql = "SELECT CAST(NULL AS VARCHAR) AS nothing, 'Hội nghị' || chr(10) || 'Quy chế' AS two_lines"
    lines = ok(out, sql).splitlines()
    assert re.split(r"\s{2,}", lines[2]) == ["NULL", "Hội nghị⏎Quy chế"]


def test_sql_from_stdin(out):
    assert json.loads(ok(out, "-", "--json", input="SELECT count(*) AS n FROM dates"))[0]["n"] == len(
        pd.read_parquet(out / "dates"))


def test_a_statement_without_a_result_prints_nothing(out):
    assert ok(out, "CREATE TABLE t AS SELECT 1 AS a") == ""
    assert json.loads(ok(out, "CREATE TABLE t AS SELECT 1 AS a; SELECT * FROM t", "--json")) == [{"a": 1}]


# -- errors -----------------------------------------------------------------------------------

def test_bad_sql_gives_duckdbs_message(out):
    failed(invoke(out, "SELEC title FROM articles"), "Parser Error", "SELEC")
    failed(invoke(out, "SELECT * FROM bai_bao"), "bai_bao")
    failed(invoke(out, "SELECT tieu_de FROM articles"), "tieu_de")
    failed(invoke(out, "   "), "empty")
    failed(invoke(out, "SELECT 'Hà T\udcecnh'"), "not UTF-8")  # a byte of Windows-1258 in the command line


def test_missing_folder(tmp_path):
    failed(invoke(tmp_path / "khong-co", "SELECT 1"), str(tmp_path / "khong-co"), "does not exist")


def test_not_an_output_folder(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("Ghi chú", encoding="utf-8")
    failed(invoke(tmp_path, "SELECT 1"), str(tmp_path), "not a qcdc output folder")
    failed(invoke(tmp_path / "ghi-chu.txt"), "is not a folder")


def test_damaged_manifest(out, tmp_path):
    out = copy_of(out, tmp_path)
    (out / "manifest.json").write_text("{hỏng", encoding="utf-8")
    failed(invoke(out, "SELECT 1"), "manifest.json")


def test_missing_committed_part_is_named(out, tmp_path):
    out = copy_of(out, tmp_path)
    part = sorted((out / "dates").glob("part-*.parquet"))[0]
    part.unlink()
    failed(invoke(out, "SELECT count(*) FROM dates"), str(part), "missing")


def test_unwritable_parquet_target(out, tmp_path):
    blocker = tmp_path / "tep.txt"
    blocker.write_text("không phải thư mục", encoding="utf-8")
    failed(invoke(out, "SELECT 1", "--parquet", blocker / "x.parquet"), "cannot write", str(blocker / "x.parquet"))
    failed(invoke(out, "SELECT 1", "--parquet", tmp_path / "khong-co" / "x.parquet"), "cannot write")
    failed(invoke(out, "SELECT 1", "--parquet", tmp_path), "cannot write", "folder")
    assert blocker.read_text(encoding="utf-8") == "không phải thư mục"


def test_failed_query_leaves_no_parquet_file(out, tmp_path):
    target = tmp_path / "x.parquet"
    failed(invoke(out, "SELECT CAST(title AS INTEGER) FROM articles", "--parquet", target), "Conversion")
    assert list(tmp_path.iterdir()) == []


def test_conflicting_options_are_usage_errors(out, tmp_path):
    assert invoke(out, "SELECT 1", "--csv", "--parquet", tmp_path / "x.parquet").exit_code == 2
    assert invoke(out, "--parquet", tmp_path / "x.parquet").exit_code == 2
    assert not (tmp_path / "x.parquet").exists()


# -- only committed rows, once ------------------------------------------------------------------

def test_an_output_written_twice_has_no_duplicated_rows(out, tmp_path):
    again = copy_of(out, tmp_path)
    before = counts(again)
    # Skips every article and retries the empty page, whose new error row replaces the old one.
    extract(inputs(out.parent), again, Options(workers=1, ner=False, batch_size=2))
    assert counts(again) == before
    dupes = json_of(again, "SELECT article_id, count(*) AS n FROM articles GROUP BY 1 HAVING n > 1")
    assert dupes == []
    for name in TABLES:  # no fact twice either: two rows of a fact table are never equal
        if name not in ("articles", "errors"):
            assert json_of(again, f"SELECT count(*) AS n FROM (SELECT DISTINCT * FROM {name})")[0]["n"] == before[name]


def test_a_part_renamed_in_but_not_committed_is_not_read(out, tmp_path):
    out = copy_of(out, tmp_path)
    before = counts(out)
    # A run killed after renaming its parts into place, before journalling them committed.
    batch = read_manifest(out)["batches"][0]
    for name, part in batch["parts"].items():
        shutil.copy(out / name / part, out / name / "part-ghost.parquet")
    event = {"event": "pending", "id": "ghost", "parts": {n: "part-ghost.parquet" for n in batch["parts"]},
             "rows": batch["rows"]}
    with open(out / "journal.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(event) + "\n")
    assert counts(out) == before
    globbed = ok(out, f"SELECT count(*) FROM read_parquet('{out}/articles/*.parquet')", "--csv")
    assert int(globbed.split()[1]) > before["articles"]  # a glob would have read it


def test_an_interrupted_compaction_reads_every_row_once(out, tmp_path, monkeypatch):
    out = copy_of(out, tmp_path)
    before = counts(out)
    writer = DatasetWriter(out)
    monkeypatch.setattr(writer, "_finish_compaction", lambda merged: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        writer.compact(target_rows=100)
    writer.close()
    assert counts(out) == before  # merged parts staged, replaced ones all there
    batches = read_manifest(out)["batches"]
    merge = next(b for b in batches if b["state"] == "compacting")
    replaced = [b for b in batches if b["id"] in merge["replaces"]]
    # Killed inside the swap, as _finish_compaction does it table by table: articles swapped,
    # dates' replaced parts deleted but its merged part not yet renamed into place.
    for b in replaced:
        (out / "articles" / b["parts"]["articles"]).unlink()
        (out / "dates" / b["parts"]["dates"]).unlink()
    (out / "articles" / f".{merge['parts']['articles']}.tmp").rename(out / "articles" / merge["parts"]["articles"])
    assert counts(out) == before
    DatasetWriter(out).close()  # the next writer finishes the compaction
    assert counts(out) == before


def test_an_older_output_without_a_table_or_a_column(out, tmp_path):
    out = copy_of(out, tmp_path)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for batch in manifest["batches"]:  # written before periods existed
        (out / "periods" / batch["parts"].pop("periods")).unlink()
        batch["rows"].pop("periods", None)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for part in (out / "articles").glob("part-*.parquet"):  # and before articles had n_chars
        table = pq.read_table(part)
        pq.write_table(table.drop_columns(["n_chars"]), part)
    assert json_of(out, "SELECT count(*) AS n, count(kind) AS kinds FROM periods") == [{"n": 0, "kinds": 0}]
    got = json_of(out, "SELECT count(*) AS n, count(n_chars) AS sized FROM articles")
    assert got == [{"n": len(CORPUS), "sized": 0}]


# -- properties over outside text -------------------------------------------------------------

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
CELL = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " ,.;:\"'\n\t\r/–“”\u0301\u0323中文")
               | st.characters(blacklist_categories=("Cs",)), max_size=80)


@pytest.fixture(scope="module")
def con(out):
    with q.connect(out) as connection:
        yield connection


@settings(max_examples=60, deadline=None)
@given(text=CELL)
def test_any_text_survives_csv_and_json(con, text):
    sql = "SELECT $t AS noi_dung, 7 AS so"
    buf = io.StringIO(newline="")
    q.write_csv(con.sql(sql, params={"t": text}), buf)
    assert list(csv.reader(io.StringIO(buf.getvalue(), newline=""))) == [["noi_dung", "so"], [text, "7"]]
    buf = io.StringIO()
    q.write_json(con.sql(sql, params={"t": text}), buf)
    assert json.loads(buf.getvalue()) == [{"noi_dung": text, "so": 7}]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(CELL, st.integers(-10**6, 10**6)), max_size=6), width=st.integers(0, 30))
def test_text_table_is_aligned_and_cut_to_width(rows, width):
    buf = io.StringIO()
    assert q.write_table(["nội dung", "số"], rows, buf, width, numeric=[False, True]) == len(rows)
    lines = buf.getvalue().splitlines()
    assert len(lines) == len(rows) + 3
    rule = lines[1]
    # The number column is right-aligned: each row ends where the rule does.
    assert all(q.display_width(line) == q.display_width(rule) for line in lines[2:-1])
    first = q.display_width(rule.split("  ")[0])
    if width:
        assert first <= max(width, q.display_width("nội dung"))
    for line, (cell, number) in zip(lines[2:-1], rows):
        assert line.endswith(str(number)) and "\n" not in line


@settings(max_examples=40, deadline=None)
@given(sql=st.text(max_size=40), prefix=st.sampled_from(["", "SELECT ", "SELECT title FROM articles WHERE "]))
def test_any_sql_gives_a_result_or_a_message(out, sql, prefix):
    # "--" ends the options, as a user writes before SQL that starts with "-" (a "--" comment).
    result = invoke("--json", "--", out, prefix + sql)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout or "[]"), list)
