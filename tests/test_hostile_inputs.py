"""Hostile inputs a million downloaded files hold: FIFOs, links to devices, names that are not
UTF-8, lone surrogates, odd JSON values and types, lines cut at read-chunk sizes. Each becomes an
article or one error row of its own, and the run goes on."""
from __future__ import annotations

import json
import multiprocessing
import os
import resource
import sys
from datetime import datetime
from pathlib import Path

import pyarrow.dataset as ds
import helpers
import pytest

from qcdc_extract.batch import extract
from qcdc_extract.ingest import Article, IngestError, Input, discover, read_all, read_input, split_records
from qcdc_extract.resources import DataFileError
from qcdc_extract.schema import SCHEMAS
from qcdc_extract.settings import Options

OPTIONS = Options(ner=False, workers=1)
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")

TITLE = "Xã Hải Thượng tổ chức đối thoại với Nhân dân về quy chế dân chủ ở cơ sở"
BODY = """Sáng 12/5/2023, Ủy ban nhân dân xã Hải Thượng tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân về thực hiện quy chế dân chủ ở cơ sở.

Tại hội nghị, 86 ý kiến của cử tri tập trung vào việc đóng góp xây dựng đường giao thông nông thôn, kênh mương nội đồng và nhà văn hóa thôn; 100% ý kiến được giải đáp ngay tại hội nghị.

Đồng chí Lê Văn Hùng - Bí thư Đảng ủy xã yêu cầu các thôn tiếp tục công khai để Nhân dân biết, bàn, làm, kiểm tra và giám sát./."""


def page(n: int = 0) -> str:
    """A page as scraped: title, then a body that differs per n (so every page is its own article)."""
    return f"{TITLE}\n{BODY.replace('86 ý kiến', f'{86 + n} ý kiến')}\nMinh Anh\n"


def record(n: int = 0, **fields) -> dict:
    return {"url": f"https://haithuong.quangtri.gov.vn/tin-tuc/{n}", "title": TITLE,
            "text": BODY.replace("86 ý kiến", f"{86 + n} ý kiến"), **fields}


def write_jsonl(path: Path, lines: list, end: str = "\n") -> Path:
    """Records (dicts, dumped) or raw lines (str), one a line."""
    text = "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in lines)
    path.write_text(text + end, encoding="utf-8", errors="surrogatepass")
    return path


def table(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def run(tmp_path: Path, inputs: list, **options):
    """Extract inputs into tmp_path/out; (summary, article rows, error rows)."""
    out = tmp_path / "out"
    summary = extract([os.fspath(i) for i in inputs], out, OPTIONS.replace(**options))
    return summary, table(out, "articles"), table(out, "errors")


def outcomes(results) -> list[tuple[str, str, str | None]]:
    """(kind, source, error) per result: picklable, comparable."""
    return [(type(r).__name__, r.source, getattr(r, "error", None)) for r in results]


# -- 1. only regular files, never more than max_bytes ------------------------------------------

def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))


def _child(send, fn, args, memory):
    if memory and sys.platform.startswith("linux"):
        limit = _vm_size() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        send.send(("ok", fn(*args)))
    except BaseException as exc:  # report anything, MemoryError included, to the test
        send.send(("error", f"{type(exc).__name__}: {exc}"))


def in_child(fn, *args, timeout: float = 30, memory: int | None = 1 << 30):
    """fn(*args) in a forked process with a time and memory limit: a reader that blocks on a
    FIFO or reads /dev/zero to the end fails the test instead of hanging or eating the machine."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, memory), daemon=True)
    child.start()
    try:
        if not receive.poll(timeout):
            pytest.fail(f"still reading after {timeout:.0f} s: the reader blocked or never ends")
        status, value = receive.recv()
    finally:
        child.kill()
        child.join()
    if status != "ok":
        pytest.fail(f"the reader failed: {value}")
    return value


def _read_all(args, options):
    return outcomes(read_all(args, options))


@POSIX
def test_fifo_named_txt_is_an_error_row_not_a_hang(tmp_path):
    fifo = tmp_path / "tin-moi.txt"
    os.mkfifo(fifo)
    good = tmp_path / "bai-viet.txt"
    good.write_text(page(), encoding="utf-8")
    got = in_child(_read_all, [str(fifo), str(good)], OPTIONS)
    assert got == [("IngestError", str(fifo), "not_a_file"), ("Article", str(good), None)]


@POSIX
@pytest.mark.parametrize("name", ["trang.txt", "trang.html", "lo.jsonl"])
def test_link_to_dev_zero_is_not_read(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    good = tmp_path / "bai-viet.txt"
    good.write_text(page(), encoding="utf-8")
    got = in_child(_read_all, [str(link), str(good)], OPTIONS)
    assert got == [("IngestError", str(link), "not_a_file"), ("Article", str(good), None)]
    (error,) = [r for r in read_all([str(link)], OPTIONS)]
    assert "character device" in error.message and "regular file" in error.message


def _split(path, n):
    return [(p.error.error if p.error else None, p.n_records) for p in split_records(Input(path, str(path)), n)]


@POSIX
def test_splitting_a_fifo_named_jsonl_does_not_block(tmp_path):
    fifo = tmp_path / "lo.jsonl"
    os.mkfifo(fifo)
    assert in_child(_split, fifo, 2) == [("not_a_file", None)]


def _extract(inputs, out):
    summary = extract([str(i) for i in inputs], out, OPTIONS)
    return summary.articles, summary.errors


@POSIX
def test_a_folder_walk_gives_a_row_for_each_fifo_and_link_to_a_device(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(page(1), encoding="utf-8")
    os.mkfifo(pages / "b.txt")
    os.mkfifo(pages / "c.jsonl")
    (pages / "d.html").symlink_to("/dev/zero")
    os.mkfifo(pages / "ghi-chu.md")  # not an input at all: passed over for its suffix
    write_jsonl(pages / "e.jsonl", [record(2)])
    out = tmp_path / "out"
    assert in_child(_extract, [pages], out, timeout=120, memory=None) == (2, 3)
    assert sorted(a["source"] for a in table(out, "articles")) == [str(pages / "a.txt"), f"{pages / 'e.jsonl'}:1"]
    assert sorted((e["source"], e["error"]) for e in table(out, "errors")) == [
        (str(pages / n), "not_a_file") for n in ("b.txt", "c.jsonl", "d.html")]


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_a_file_larger_than_its_stat_size_is_still_read_to_max_bytes_only(tmp_path):
    # /proc files are regular files whose stat size is 0, whatever they hold.
    link = tmp_path / "trang.txt"
    link.symlink_to("/proc/self/maps")
    assert os.stat(link).st_size == 0
    (error,) = read_all([str(link)], OPTIONS.replace(max_bytes=200))
    assert isinstance(error, IngestError) and error.error == "too_large"


# -- 2. file names that are not UTF-8 ------------------------------------------------------------

def test_file_names_that_are_not_utf8_are_read_and_stored(tmp_path):
    folder = os.fsencode(tmp_path / "pages")
    os.mkdir(folder)
    # "hội nghị" and "đối thoại" named in an 8-bit code page, as old Windows zips leave them.
    with open(folder + b"/h\xf4i-ngh\xec.txt", "wb") as fh:
        fh.write(page(1).encode("utf-8"))
    with open(folder + b"/\xf0oi-thoai.jsonl", "wb") as fh:
        fh.write(json.dumps(record(2), ensure_ascii=False).encode("utf-8") + b"\n")
    pages = os.fsdecode(folder)
    items = list(discover([pages]))
    assert all(i.path.exists() for i in items)  # the real name, for reading
    assert sorted(i.source for i in items) == sorted([f"{pages}/h\\xf4i-ngh\\xec.txt", f"{pages}/\\xf0oi-thoai.jsonl"])
    summary, articles, errors = run(tmp_path, [pages])
    assert sorted(a["source"] for a in articles) == sorted([f"{pages}/h\\xf4i-ngh\\xec.txt", f"{pages}/\\xf0oi-thoai.jsonl:1"])
    assert errors == [] and summary.articles == 2
    (missing,) = read_all([os.fsdecode(folder + b"/m\xe1t.txt")], OPTIONS)
    assert (missing.source, missing.error) == (f"{pages}/m\\xe1t.txt", "not_found")
    missing.message.encode("utf-8")


# -- 3. lone surrogates in JSON Lines records ------------------------------------------------------

def test_lone_surrogates_in_a_record_become_replacement_characters(tmp_path):
    # json.dumps writes a lone surrogate as the escape "\ud800", which json.loads reads back.
    line = json.dumps(record(1, author="Minh\udc00 Anh", url="https://haithuong.quangtri.gov.vn/\ud800",
                             title=TITLE + " \udfff", text=BODY.replace("Hải Thượng", "Hải\ud83d Thượng")))
    assert "\\ud800" in line
    path = write_jsonl(tmp_path / "batch.jsonl", [line, record(2)])
    (first, second) = read_all([str(path)], OPTIONS)
    for value in (first.text, first.title, first.author, first.url, first.source, *first.sources):
        value.encode("utf-8")  # no surrogate left
    assert "Hải\ufffd Thượng" in first.text and first.title.endswith("\ufffd")
    assert first.url.endswith("/\ufffd") and first.author == "Minh\ufffd Anh"
    _, articles, errors = run(tmp_path, [path])
    assert errors == [] and len(articles) == 2


# -- 4. each record accounted for on its own ------------------------------------------------------

def test_an_odd_record_is_an_error_of_its_line_and_the_next_lines_are_read(tmp_path):
    path = write_jsonl(tmp_path / "batch.jsonl", [
        record(1),
        record(2, published="0001-01-01T00:00:00+14:00"),  # astimezone overflows
        json.dumps(record(3))[:-1] + ', "views": ' + "9" * 5000 + "}",  # over Python's int digits limit
        "[" * 100_000 + "]" * 100_000,  # nested deeper than the parser recurses
        record(5),
    ])
    summary, articles, errors = run(tmp_path, [path])
    by_source = {a["source"]: a for a in articles}
    assert sorted(by_source) == [f"{path}:1", f"{path}:2", f"{path}:5"]
    assert by_source[f"{path}:2"]["published_at"] is None  # an unreadable time stamp is ignored (5.)
    assert sorted((e["source"], e["error"]) for e in errors) == [(f"{path}:3", "bad_json"), (f"{path}:4", "bad_json")]
    messages = {e["source"]: e["message"] for e in errors}
    assert "digits" in messages[f"{path}:3"] and "nested" in messages[f"{path}:4"]
    assert summary.articles == 3 and summary.errors == 2


def test_a_crash_on_one_record_is_an_error_of_that_line_only(tmp_path, monkeypatch):
    helpers.choke_on(monkeypatch)
    path = write_jsonl(tmp_path / "batch.jsonl", [record(1), record(2, text="HỎNG " + BODY), record(3)])
    _, articles, errors = run(tmp_path, [path])
    assert sorted(a["source"] for a in articles) == [f"{path}:1", f"{path}:3"]
    assert [(e["source"], e["error"]) for e in errors] == [(f"{path}:2", "internal_error")]
    assert "RecursionError" in errors[0]["message"]


def test_a_broken_data_file_still_stops_a_jsonl_file(tmp_path, monkeypatch):
    import qcdc_extract.ingest as ingest

    def broken(*args, **kwargs):
        raise DataFileError("lines.tsv:7: empty 'pattern'")

    monkeypatch.setattr(ingest, "clean_page", broken)
    path = write_jsonl(tmp_path / "batch.jsonl", [record(1), record(2)])
    with pytest.raises(DataFileError):
        list(read_all([str(path)], OPTIONS))


# -- 5. fields of the wrong type; published as a number ----------------------------------------------

WRONG_VALUES = [(["Hải Thượng"], "array"), ({"vi": "Hải Thượng"}, "object"), (2023, "number"),
                (12.5, "number"), (True, "boolean")]


@pytest.mark.parametrize("name", ["text", "html", "title", "author", "url"])
@pytest.mark.parametrize(("value", "json_type"), WRONG_VALUES, ids=[t for _, t in WRONG_VALUES[:2]] + ["int", "float", "bool"])
def test_a_field_of_the_wrong_type_is_a_bad_record(tmp_path, name, value, json_type):
    path = write_jsonl(tmp_path / "batch.jsonl", [record(1, **{name: value}), record(2)])
    first, second = read_all([str(path)], OPTIONS)
    assert isinstance(first, IngestError) and first.error == "bad_record", first
    assert first.source == f"{path}:1" and repr(name) in first.message and json_type in first.message
    assert isinstance(second, Article)


@pytest.mark.parametrize(("published", "expected"), [
    (1649210040, datetime(2022, 4, 6, 8, 54)),  # Unix seconds, shown in Vietnam time
    (1649210040.0, datetime(2022, 4, 6, 8, 54)),
    (1649210040000, datetime(2022, 4, 6, 8, 54)),  # milliseconds
    ("2022-04-06T01:54:00Z", datetime(2022, 4, 6, 8, 54)),
])
def test_published_as_unix_time(tmp_path, published, expected):
    path = write_jsonl(tmp_path / "batch.jsonl", [record(1, published=published)])
    (article,) = read_all([str(path)], OPTIONS)
    assert article.published_at == expected


@pytest.mark.parametrize("published", [
    "không rõ", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", 10 ** 30, -10 ** 30, 1e308,
    True, [2022, 4, 6], {"ngay": "06/04/2022"}, "NaN",
], ids=["words", "before-year-1", "after-9999", "huge", "huge-negative", "float-max", "bool", "array", "object", "nan"])
def test_a_published_that_cannot_be_read_is_ignored_and_the_article_kept(tmp_path, published):
    line = json.dumps(record(1, published=published), ensure_ascii=False)
    if published == "NaN":
        line = line.replace('"NaN"', "NaN")  # JSON as Python writes it: a bare NaN
    path = write_jsonl(tmp_path / "batch.jsonl", [line])
    (article,) = read_all([str(path)], OPTIONS)
    assert isinstance(article, Article) and article.published_at is None and article.title == TITLE


# -- 6. slices of JSON Lines files --------------------------------------------------------------------

def _records_read(path: Path, n: int) -> tuple[list[int | None], list[str]]:
    slices = list(split_records(Input(path, str(path)), n))
    sources = [r.source for piece in slices for r in read_input(piece, OPTIONS)]
    return [s.n_records for s in slices], sources


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("times", [1, 2, 3])
@pytest.mark.parametrize("last_line_bytes", [None, 1 << 20, 2 << 20], ids=["short", "1MiB", "2MiB"])
def test_every_line_of_a_file_without_a_final_newline_is_read(tmp_path, n, times, last_line_bytes):
    lines = [record(i) for i in range(n * times)]
    if last_line_bytes:  # exactly the reader's chunk size: the case that lost the line
        head = json.dumps(record(0, text=""), ensure_ascii=False)[:-3]
        lines[-1] = head + '"' + "a" * (last_line_bytes - len(head.encode()) - 3) + '"}'
        assert len(lines[-1].encode()) == last_line_bytes
    path = write_jsonl(tmp_path / "batch.jsonl", lines, end="")
    counts, sources = _records_read(path, n)
    assert counts == [n] * times
    assert sources == [f"{path}:{i}" for i in range(1, n * times + 1)]


@pytest.mark.parametrize("lines, expected", [(1, [1]), (2, [2]), (3, [3]), (0, [0])])
def test_a_small_file_is_one_slice_that_counts_its_records(tmp_path, lines, expected):
    path = write_jsonl(tmp_path / "batch.jsonl", [record(i) for i in range(lines)], end="\n" if lines else "")
    counts, sources = _records_read(path, 5)
    assert counts == expected
    assert sources == ([f"{path}:{i}" for i in range(1, lines + 1)] if lines else [str(path)])


def test_a_rerun_skips_the_records_of_a_small_file_one_by_one(tmp_path):
    path = write_jsonl(tmp_path / "batch.jsonl", [record(1), record(2)])
    first, _, _ = run(tmp_path, [path])
    assert first.articles == 2
    write_jsonl(path, [record(1), record(2), record(3)])  # the scraper appended a record
    again, articles, errors = run(tmp_path, [path])
    assert (again.articles, again.duplicates, again.already_present) == (1, 0, 2)
    assert sorted(a["source"] for a in articles) == [f"{path}:{n}" for n in (1, 2, 3)] and errors == []


def test_a_first_slice_of_blank_lines_is_not_an_empty_file(tmp_path):
    path = write_jsonl(tmp_path / "batch.jsonl", ["", "", record(3)])
    _, articles, errors = run(tmp_path, [path], batch_size=2)
    assert [a["source"] for a in articles] == [f"{path}:3"] and errors == []


# -- 7. a stray byte in a UTF-8 page ---------------------------------------------------------------

def test_one_bad_byte_in_a_utf8_page_is_utf8_with_the_byte_counted(tmp_path):
    text = page()
    # A curly quote typed in Windows-1252 (0x93) inside an otherwise UTF-8 page.
    data = text.encode("utf-8").replace("người đứng đầu".encode(), b"\x93" + "người đứng đầu".encode())
    assert len(data) == len(text.encode("utf-8")) + 1
    bad = tmp_path / "bai-viet.txt"
    bad.write_bytes(data)
    clean = tmp_path / "bai-khac.txt"
    clean.write_text(page(1), encoding="utf-8")
    _, articles, errors = run(tmp_path, [bad, clean])
    assert errors == []
    row = next(a for a in articles if a["source"] == str(bad))
    assert (row["encoding"], row["replaced_bytes"]) == ("utf-8", 1)
    assert "giữa \ufffdngười đứng đầu cấp ủy" in row["text"] and row["title"] == TITLE
    assert next(a for a in articles if a["source"] == str(clean))["replaced_bytes"] == 0


def test_articles_schema_has_replaced_bytes():
    field = SCHEMAS["articles"].field("replaced_bytes")
    assert str(field.type) == "int32" and field.nullable


# -- 8. files a folder walk passes over ----------------------------------------------------------------

def test_discover_reports_the_files_it_skips(tmp_path):
    pages = tmp_path / "pages"
    (pages / "anh").mkdir(parents=True)
    (pages / ".git").mkdir()
    (pages / "a.txt").write_text(page(), encoding="utf-8")
    (pages / "ghi-chu.md").write_text("# Ghi chú\n", encoding="utf-8")
    (pages / ".an.txt").write_text(page(), encoding="utf-8")
    (pages / "anh" / "hoi-nghi.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    skipped: list[str] = []
    items = list(discover([str(pages), str(tmp_path / "khong-co.txt")], skipped))
    assert [i.source for i in items] == [str(pages / "a.txt"), str(tmp_path / "khong-co.txt")]
    assert sorted(skipped) == sorted(str(pages / n) for n in (".an.txt", "ghi-chu.md", "anh/hoi-nghi.png"))
    assert [i.source for i in discover([str(pages)])] == [str(pages / "a.txt")]  # the argument is optional
