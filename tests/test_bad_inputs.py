"""Bad inputs: each becomes one clear error row and the batch goes on."""
from __future__ import annotations

import json
import struct
import tracemalloc
import zlib
from pathlib import Path

import pyarrow.dataset as ds
import helpers
import pytest
from click.testing import CliRunner

from qcdc_extract.batch import extract
from qcdc_extract.cli import main
from qcdc_extract.ingest import IngestError, read_all
from qcdc_extract.settings import Options

FIXTURES = Path(__file__).parent / "fixtures"
OPTIONS = Options(ner=False)

GOOD = """Xã Cam Thành tổ chức Hội nghị Nhân dân về quy chế dân chủ ở cơ sở
08:54 06/04/2022
Sáng 5/4/2022, Ủy ban nhân dân xã Cam Thành tổ chức Hội nghị Nhân dân để lấy ý kiến về dự án đường giao thông nông thôn.

Có 120 hộ dân dự hội nghị; 100% ý kiến đồng tình với phương án đóng góp./.

Minh Anh
"""


def good_page(folder: Path, name: str = "good.txt", text: str = GOOD) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def png_bytes() -> bytes:
    """A small but real PNG image: signature, IHDR, IDAT and IEND chunks."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def read_table(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def run(tmp_path: Path, inputs: list, **options):
    """Extract inputs into tmp_path/out; return (summary, articles rows, errors rows)."""
    out = tmp_path / "out"
    summary = extract([str(i) for i in inputs], out, Options(ner=False, **options))
    return summary, read_table(out, "articles"), read_table(out, "errors")


def assert_one_error(errors: list[dict], source, kind: str, *words: str) -> dict:
    """Exactly one error row for source, of that kind, with a message that says what went wrong."""
    rows = [e for e in errors if e["source"] == str(source)]
    assert len(rows) == 1, errors
    row = rows[0]
    assert row["error"] == kind, row
    message = row["message"]
    assert len(message) >= 15 and "Traceback" not in message and not message.startswith("<"), row
    for word in words:
        assert word.casefold() in message.casefold(), row
    return row


def assert_good_processed(articles: list[dict], good: Path) -> None:
    assert [a["source"] for a in articles] == [str(good)]
    assert articles[0]["title"].startswith("Xã Cam Thành tổ chức Hội nghị Nhân dân")
    assert articles[0]["author"] == "Minh Anh"


def test_empty_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good = good_page(tmp_path)
    summary, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "empty")
    assert_good_processed(articles, good)
    assert summary.ok and summary.errors == 1


def test_blank_file(tmp_path):
    bad = tmp_path / "blank.txt"
    bad.write_bytes(b" \r\n\t\n\xef\xbb\xbf  \n")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [good, bad])
    assert errors[0]["source"] == str(bad) and errors[0]["error"] in ("empty", "no_text")
    assert_good_processed(articles, good)


def test_png_named_txt(tmp_path):
    bad = tmp_path / "anh-hoi-nghi.txt"
    bad.write_bytes(png_bytes())
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "binary")
    assert_good_processed(articles, good)


@pytest.mark.parametrize("data", [
    "中华人民共和国国务院关于加强基层民主建设的决定。各省、自治区、直辖市人民政府，国务院各部委。".encode("gbk"),
    "Российская Федерация есть демократическое федеративное правовое государство.".encode("cp1251"),
], ids=["gbk", "cp1251"])
def test_bytes_in_no_supported_encoding(tmp_path, data):
    bad = tmp_path / "trang.txt"
    bad.write_bytes(data)
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "undecodable")
    assert_good_processed(articles, good)


def test_html_cut_mid_tag_keeps_the_salvageable_text(tmp_path):
    html = (FIXTURES / "article-with-meta.html").read_text(encoding="utf-8")
    # Cut inside the opening tag of the second paragraph: '<p'.
    cut = html[: html.index("<p>Đồng chí Nguyễn Văn Bình") + 2]
    bad = tmp_path / "cut.html"
    bad.write_text(cut, encoding="utf-8")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert errors == []
    by_source = {a["source"]: a for a in articles}
    salvaged = by_source[str(bad)]
    assert salvaged["title"] == "Huyện Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở"
    assert "Sáng ngày 5/4/2022, Ban Chỉ đạo" in salvaged["text"]
    assert "<" not in salvaged["text"] and "Đồng chí Nguyễn Văn Bình" not in salvaged["text"]
    assert_good_processed([by_source[str(good)]], good)


@pytest.mark.parametrize("where", ["<h1", "<main>", "</head>", "<title>Huyện"], ids=["before-h1", "before-main", "in-head", "in-title"])
def test_html_cut_before_its_body_is_an_error(tmp_path, where):
    html = (FIXTURES / "article-with-meta.html").read_text(encoding="utf-8")
    bad = tmp_path / "cut.html"
    bad.write_text(html[: html.index(where) + 3], encoding="utf-8")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    # Only menus and the breadcrumb made it into the file: that is no article.
    assert_one_error(errors, bad, "no_text")
    assert_good_processed(articles, good)


@pytest.mark.parametrize("markup", ["<<<>>>", "<html><body><div", "<!DOCTYPE html><html><head><title>Trang chủ</title></head><body></body></html>"])
def test_html_without_text(tmp_path, markup):
    bad = tmp_path / "page.html"
    bad.write_text(markup, encoding="utf-8")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "no_text")
    assert_good_processed(articles, good)


FIFTY_MB = 50 * 1024 * 1024


def big_text_file(path: Path) -> Path:
    """A real 50 MB Vietnamese text file, written in chunks."""
    chunk = (GOOD * 200).encode("utf-8")
    with path.open("wb") as fh:
        written = 0
        while written < FIFTY_MB:
            fh.write(chunk)
            written += len(chunk)
    return path


def test_fifty_megabyte_file_is_rejected_without_reading_it(tmp_path, monkeypatch):
    bad = big_text_file(tmp_path / "huge.txt")
    good = good_page(tmp_path)
    opened = []
    real_open = Path.open

    def spy_open(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real_open(self, "rb").read())
    tracemalloc.start()
    try:
        results = list(read_all([str(bad), str(good)], OPTIONS))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"peak memory {peak:,} bytes: the file was read"
    assert bad not in opened
    assert isinstance(results[0], IngestError) and results[0].error == "too_large"
    assert results[1].source == str(good)

    monkeypatch.undo()
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "too_large", "limit", f"{bad.stat().st_size:,}")
    assert_good_processed(articles, good)


def test_max_bytes_option_is_the_limit(tmp_path):
    good = good_page(tmp_path)
    size = good.stat().st_size
    _, articles, errors = run(tmp_path, [good], max_bytes=size - 1)
    assert articles == [] and errors[0]["error"] == "too_large"
    _, articles, errors = run(tmp_path / "again", [good], max_bytes=size)
    assert errors == [] and len(articles) == 1


def test_jsonl_line_over_the_limit_is_skipped_without_holding_it(tmp_path):
    record = {"title": "Cam Thành: Hội nghị Nhân dân", "text": GOOD}
    path = tmp_path / "batch.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"title": "x", "text": "Lời " * 3_000_000}, ensure_ascii=False) + "\n")
        fh.write(json.dumps(record | {"title": "Cam Thành: Hội nghị Nhân dân lần 2"}, ensure_ascii=False) + "\n")
    tracemalloc.start()
    try:
        results = list(read_all([str(path)], Options(ner=False, max_bytes=100_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert isinstance(results[1], IngestError) and results[1].error == "too_large"
    assert [r.title for r in (results[0], results[2])] == [record["title"], "Cam Thành: Hội nghị Nhân dân lần 2"]


def test_jsonl_with_one_broken_line(tmp_path):
    records = [
        json.dumps({"url": "https://camthanh.gov.vn/1", "title": "Cam Thành: Hội nghị Nhân dân", "text": GOOD}, ensure_ascii=False),
        '{"url": "https://camthanh.gov.vn/2", "title": "Bài bị cắt", "text": "Sáng 5/4/2022, xã Cam',  # cut mid-record
        json.dumps({"url": "https://camthanh.gov.vn/3", "title": "Cam Thành: Đối thoại với Nhân dân",
                    "text": GOOD.replace("120 hộ dân", "85 hộ dân")}, ensure_ascii=False),
        json.dumps(["không", "phải", "đối tượng"], ensure_ascii=False),
        json.dumps({"url": "https://camthanh.gov.vn/5", "title": 5, "text": ""}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    good = good_page(tmp_path, text=GOOD.replace("Cam Thành", "Cam Hiếu"))
    summary, articles, errors = run(tmp_path, [path, good])
    assert sorted(a["source"] for a in articles) == sorted([f"{path}:1", f"{path}:3", str(good)])
    assert {a["url"] for a in articles if a["url"]} == {"https://camthanh.gov.vn/1", "https://camthanh.gov.vn/3"}
    row = assert_one_error(errors, f"{path}:2", "bad_json", "json")
    assert row["source"].endswith("batch.jsonl:2")
    assert_one_error(errors, f"{path}:4", "bad_record", "text")
    assert_one_error(errors, f"{path}:5", "bad_record", "text")
    assert len(errors) == 3 and summary.articles == 3


def test_jsonl_not_utf8_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    ok = json.dumps({"title": "Cam Thành: Hội nghị Nhân dân", "text": GOOD}, ensure_ascii=False).encode("utf-8")
    # "Hội nghị", "Dân vận" in an 8-bit encoding: not UTF-8, which JSON Lines must be.
    path.write_bytes(ok + b"\n" + b'{"title": "H\xf4i ngh\xec", "text": "D\xe2n v\xe2n"}' + b"\n")
    _, articles, errors = run(tmp_path, [path])
    assert [a["source"] for a in articles] == [f"{path}:1"]
    assert_one_error(errors, f"{path}:2", "bad_json", "utf-8")


def test_empty_jsonl(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [path, good])
    assert_one_error(errors, path, "empty", "no records")
    assert_good_processed(articles, good)


def test_folder_with_no_articles(tmp_path):
    folder = tmp_path / "trong"
    (folder / "anh").mkdir(parents=True)
    (folder / "anh" / "hoi-nghi.png").write_bytes(png_bytes())
    (folder / "ghi-chu.md").write_text("# Ghi chú\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [folder, good])
    assert_one_error(errors, folder, "no_articles", ".txt")
    assert_good_processed(articles, good)


@pytest.mark.parametrize("name, word", [("bai-viet.txt", None), ("*.txt", "pattern")],
                         ids=["path that does not exist", "glob that matches nothing"])
def test_input_that_names_nothing(tmp_path, name, word):
    missing = str(tmp_path / "khong-co" / name)
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [missing, good])
    assert_one_error(errors, missing, "not_found", word or missing)
    assert_good_processed(articles, good)


def test_unsupported_suffix(tmp_path):
    bad = tmp_path / "bao-cao.pdf"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "unsupported_format", ".pdf")
    assert_good_processed(articles, good)


def test_page_of_furniture_only(tmp_path):
    bad = good_page(tmp_path, "menu.txt", "Trang chủ > Tin tức\nGiới thiệu\nTin tức\nLiên hệ\nLượt xem: 12\nThống kê truy cập\nHôm nay: 5\n")
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "no_text")
    assert_good_processed(articles, good)


def test_a_crash_on_one_input_does_not_end_the_batch(tmp_path, monkeypatch):
    helpers.choke_on(monkeypatch)
    bad = good_page(tmp_path, "bad.txt", GOOD.replace("Hội nghị Nhân dân", "HỎNG"))
    good = good_page(tmp_path)
    _, articles, errors = run(tmp_path, [bad, good])
    assert_one_error(errors, bad, "internal_error", "RecursionError")
    assert_good_processed(articles, good)


def test_a_pipeline_crash_on_one_article_does_not_end_the_batch(tmp_path, monkeypatch):
    import qcdc_extract.counts as counts

    real = counts.extract_counts

    def flaky(doc):
        if "HỎNG" in doc.text:
            raise ValueError("cannot parse the number")
        return real(doc)

    monkeypatch.setattr(counts, "extract_counts", flaky)
    bad = good_page(tmp_path, "bad.txt", GOOD.replace("Hội nghị Nhân dân", "HỎNG"))
    twin = good_page(tmp_path, "bad-twin.txt", GOOD.replace("Hội nghị Nhân dân", "HỎNG"))
    good = good_page(tmp_path)
    summary, articles, errors = run(tmp_path, [bad, good, twin])
    assert_one_error(errors, bad, "pipeline_error", "ValueError")
    assert_one_error(errors, twin, "pipeline_error", "ValueError")
    assert_good_processed(articles, good)
    assert summary.articles == 1 and summary.errors == 2


def test_accounting_every_input_is_an_article_or_an_error(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    a = good_page(pages, "a.txt")
    b = good_page(pages, "b.txt", "Trang chủ > Tin tức\n" + GOOD)  # the same article as a.txt
    c = good_page(pages, "c.txt", GOOD.replace("Cam Thành", "Cam Hiếu"))
    (pages / "empty.txt").write_bytes(b"")
    (pages / "image.txt").write_bytes(png_bytes())
    (pages / "notes.md").write_text("not an input", encoding="utf-8")
    sub = pages / "html"
    sub.mkdir()
    (sub / "p.html").write_text((FIXTURES / "div-content-no-meta.html").read_text(encoding="utf-8"), encoding="utf-8")
    (sub / "cut.html").write_text("<html><body><div", encoding="utf-8")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"title": "Cam Lộ: Hội nghị Nhân dân", "text": GOOD.replace("Cam Thành", "Cam Lộ")}, ensure_ascii=False),
        "{broken",
        json.dumps({"title": "Bản sao", "text": GOOD}, ensure_ascii=False).replace('"Bản sao"', "null"),  # a.txt again
    ]), encoding="utf-8")
    empty_folder = tmp_path / "empty-folder"
    empty_folder.mkdir()
    missing = tmp_path / "missing.txt"

    # batch_size 2 spreads duplicates over batches, as in a long run.
    summary, articles, errors = run(tmp_path, [pages, jsonl, empty_folder, missing], batch_size=2)
    expected = {str(p) for p in (a, b, c, pages / "empty.txt", pages / "image.txt", sub / "p.html", sub / "cut.html",
                                 empty_folder, missing)}
    expected |= {f"{jsonl}:1", f"{jsonl}:2", f"{jsonl}:3"}
    article_sources = [s for row in articles for s in row["sources"]]
    error_sources = [e["source"] for e in errors]
    assert len(article_sources) == len(set(article_sources))
    assert len(error_sources) == len(set(error_sources))
    assert not set(article_sources) & set(error_sources)
    assert set(article_sources) | set(error_sources) == expected
    assert len(articles) == 4 and len(errors) == 6
    merged = next(row for row in articles if str(a) in row["sources"])
    assert sorted(merged["sources"]) == sorted([str(a), str(b), f"{jsonl}:3"])
    assert summary.articles == 4 and summary.errors == 6 and summary.duplicates == 2


# -- exit codes and the output folder, through the command line ---------------------------

def test_exit_code_is_zero_when_one_article_was_processed(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good = good_page(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(bad), str(good), "--out", str(tmp_path / "out"), "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    assert "1 article," in result.output and "1 error;" in result.output


def test_exit_code_is_non_zero_when_no_article_could_be_processed(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(bad), str(tmp_path / "missing.txt"), "--out", str(out), "--no-ner"])
    assert result.exit_code != 0
    assert "no article could be processed" in result.output
    # The errors are still recorded, so the user can see why.
    assert {e["error"] for e in read_table(out, "errors")} == {"empty", "not_found"}


@pytest.mark.parametrize(("under", "says"), [("file", "is a file"), ("file/deeper", "cannot write to")])
def test_output_folder_under_a_regular_file(tmp_path, under, says):
    blocker = tmp_path / "file"
    blocker.write_text("a regular file where a folder should be", encoding="utf-8")
    good = good_page(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, ["extract", str(good), "--out", str(tmp_path / under), "--no-ner"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a clean click error, not a traceback
    assert says in result.output and str(tmp_path / "file") in result.output
    assert blocker.read_text(encoding="utf-8") == "a regular file where a folder should be"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_folder_is_a_regular_file(tmp_path):
    out = tmp_path / "out"
    out.write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(good_page(tmp_path)), "--out", str(out), "--no-ner"])
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "out" in result.output and "Traceback" not in result.output
    assert out.is_file() and out.read_bytes() == b""


def test_overwrite_refuses_a_folder_that_is_not_an_output(tmp_path):
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "keep-me.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(good_page(tmp_path)), "--out", str(out), "--overwrite", "--no-ner"])
    assert result.exit_code != 0 and "refusing" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep-me.txt"]


@pytest.mark.parametrize("where", ["reading", "pipeline"])
def test_a_broken_data_file_stops_the_run_instead_of_failing_every_input(tmp_path, monkeypatch, where):
    from qcdc_extract.resources import DataFileError

    def broken(*args, **kwargs):
        raise DataFileError("lines.tsv:7: empty 'pattern'")

    if where == "reading":
        import qcdc_extract.ingest as ingest
        monkeypatch.setattr(ingest, "clean_page", broken)
    else:
        import qcdc_extract.counts as counts
        monkeypatch.setattr(counts, "extract_counts", broken)
    good = good_page(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(good), "--out", str(out), "--no-ner"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "bad data file" in result.output and "lines.tsv:7" in result.output
    # No input is marked as done, so a rerun after the fix processes them all.
    assert read_table(out, "errors") == [] and read_table(out, "articles") == []


def test_an_input_named_twice_is_read_once(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    a = good_page(pages, "a.txt")
    missing = tmp_path / "missing.txt"
    summary, articles, errors = run(tmp_path, [a, pages, str(pages / "*.txt"), missing, missing])
    assert [row["sources"] for row in articles] == [[str(a)]]
    assert [e["source"] for e in errors] == [str(missing)]
    assert summary.articles == 1 and summary.duplicates == 0 and summary.errors == 1
