"""Fuzzing the batch: real pages mutated, hostile JSON Lines, odd files and names; every input
is accounted for once, every offset holds and a rerun adds nothing."""
from __future__ import annotations

import html
import json
import os
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from qcdc_extract.batch import extract
from qcdc_extract.schema import SCHEMAS
from qcdc_extract.settings import Options

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PAGES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
# Tables of facts located in the article text (those with start, end and surface).
MENTION_TABLES = tuple(name for name, schema in SCHEMAS.items() if "surface" in schema.names)

# Error kinds of a bug caught on the way, as opposed to a fault of the input.
CRASH_ERRORS = {"internal_error", "pipeline_error"}
# Every example writes its own files and output folder; nothing is kept between examples.
# No explain phase: it reruns a failing example hundreds of times, each a whole batch.
FUZZ = settings(deadline=None, database=None, phases=[p for p in Phase if p is not Phase.explain],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- what goes into the files -------------------------------------------------------------

# Characters scrapers and broken editors leave in text: NUL, noncharacters, bidi marks and
# overrides, zero-width characters, a BOM mid-text, line separators str.splitlines() splits on
# (but JSON Lines does not), runs of combining marks, a terminal escape.
HOSTILE = ["\x00", "\uffff", "\ufffe", "\u200f", "\u202e", "\u2067", "\u200b\u200d", "\ufeff", "\u2028", "\x85",
           "\u0301" * 40, "\u0323\u0309\u0303" * 15, "a\u0308\u0308\u0308\u0308", "\r", "\x1b[0m"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"]
CHARSETS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16", "utf-16-le": "utf-16", "cp1258": "windows-1258"}
# Tone marks Windows-1258 writes as combining characters after a precomposed base letter.
_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"
# "published" values feeds hold: good; odd (the year 1 at UTC+14 is before datetime.min in
# Vietnam time; -62135596800 is 0001-01-01 in Unix time); out of range; not a date at all;
# not a string.
PUBLISHED = ["2022-04-06T08:54:00+07:00", "2022-04-06T01:54:00Z", "0001-01-01T00:00:00+14:00",
             "9999-12-31T23:59:59-12:00", "2022-02-30", "06/04/2022 08:54", "hôm qua", "",
             None, 0, -62135596800, 1e308, True, [], {"ngày": 6}]
WRONG_TYPES = [123, 1.5, True, ["Sáng 5/4/2022"], {"vi": "Hội nghị"}, None]
# File name stems: ASCII and Vietnamese (UTF-8, NFC and NFD as macOS writes it); and names
# that are not UTF-8: Latin-1 and Windows-1258 names copied from old machines, a cut UTF-8
# sequence, an encoded surrogate.
STEMS = [b"bai-viet", "hội-nghị-nhân-dân".encode("utf-8"),
         unicodedata.normalize("NFD", "dân-vận-khéo").encode("utf-8")]
NOT_UTF8_STEMS = [b"b\xe0i-vi\xeat", b"tin\xff\xfe", b"x\xc3", b"\xed\xa0\x80hoi-nghi", b"d\xe2n-v\xf2\xe2n"]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
            tones = "".join(c for c in parts if c in _CP1258_TONES)
            out.append((base + tones).encode("cp1258", "replace"))
    return b"".join(out)


def encode(text: str, encoding: str) -> bytes:
    return to_cp1258(text) if encoding == "cp1258" else text.encode(encoding, "replace")


def portal_page(text: str, charset: str = "utf-8") -> str:
    """A scraped page as a district portal serves it: menus, breadcrumb, the article, a sidebar, a footer."""
    lines = [line for line in text.split("\n") if line.strip()]
    title, body = (lines[0], lines[1:]) if lines else ("", [])
    paragraphs = "\n".join(f"      <p>{html.escape(line)}</p>" for line in body)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="{charset}">
  <title>{html.escape(title)} - Cổng thông tin điện tử huyện Cam Lộ</title>
  <meta property="og:title" content="{html.escape(title, quote=True)}">
  <meta property="article:published_time" content="2022-04-06T08:54:00+07:00">
  <link rel="stylesheet" href="/Portals/_default/skin.css">
</head>
<body>
  <header><div class="logo">Cổng thông tin điện tử huyện Cam Lộ - tỉnh Quảng Trị</div>
    <nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
      <li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li>
      <li><a href="/lien-he">Liên hệ</a></li></ul></nav></header>
  <div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a> &gt; Xây dựng Đảng</div>
  <main>
    <article>
      <h1 class="title">{html.escape(title)}</h1>
      <div class="date">Cập nhật: 08:54 06/04/2022</div>
{paragraphs}
    </article>
  </main>
  <aside><h3>Tin mới</h3><ul><li><a href="/tin-tuc/1">Cam Lộ ra quân Tháng Thanh niên năm 2022</a></li>
    <li><a href="/tin-tuc/2">Hội nghị giao ban công tác dân vận quý I</a></li></ul></aside>
  <footer>Bản quyền thuộc Ủy ban nhân dân huyện Cam Lộ. Địa chỉ: Khu phố 2, thị trấn Cam Lộ.
    Điện thoại: 0233.3871.234. Lượt truy cập: 1.204.331</footer>
</body>
</html>
"""


# -- what the inputs must give ------------------------------------------------------------

def shown(path: str | Path) -> str:
    """The source string for a path: as given, with "\\xNN" for each byte of its name that is not UTF-8."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def jsonl_sources(source: str, data: bytes) -> set[str]:
    """"file.jsonl:N" for each line N of data that is not blank (a BOM opening line 1 aside)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the final newline ends the last line; it opens none
    if lines:
        lines[0] = lines[0].removeprefix(b"\xef\xbb\xbf")
    return {f"{source}:{n}" for n, line in enumerate(lines, 1) if line.strip()}


@dataclass(frozen=True)
class Entry:
    """One file system entry an example creates: a file (with data), a folder, a dangling
    symlink or a FIFO, under the pages folder or its subfolder."""

    name: bytes
    kind: str = "file"
    data: bytes = b""
    sub: bool = False


@dataclass
class Layout:
    """Entries written under root: the arguments naming them and the sources they must give."""

    args: list[str]
    once: set[str]  # each the source of exactly one article or one error row
    maybe: set[str]  # at most one error row each (a JSON Lines file with no records)
    fifos: list[Path]


def write(root: Path, entries: list[Entry], as_folder: bool, sub: bytes = "thông-tin".encode()) -> Layout:
    """Create the entries under root/pages (or its subfolder `sub`); pass the folder itself
    or each entry as an argument."""
    pages = root / "pages"
    (pages / os.fsdecode(sub)).mkdir(parents=True)
    layout = Layout([], set(), set(), [])
    for i, entry in enumerate(entries):
        folder = pages / os.fsdecode(sub) if entry.sub else pages
        path = folder / os.fsdecode(b"%02d-" % i + entry.name)
        if entry.kind == "file":
            path.write_bytes(entry.data)
        elif entry.kind == "folder":
            path.mkdir()
        elif entry.kind == "dangling":
            path.symlink_to(root / "da-xoa" / path.name)
        elif entry.kind == "fifo":
            os.mkfifo(path)
            layout.fifos.append(path)
        source = shown(path)
        if not as_folder:
            layout.args.append(str(path))
        if entry.kind == "folder":
            if not as_folder:  # a folder named on the command line holding no article: one error row
                layout.once.add(source)
        elif entry.kind == "file" and path.suffix == ".jsonl":
            records = jsonl_sources(source, entry.data)
            layout.once |= records
            if not records:
                layout.maybe.add(source)
        else:
            layout.once.add(source)
    if as_folder:
        layout.args.append(str(pages))
        if all(e.kind == "folder" for e in entries):
            layout.once.add(shown(pages))  # a folder with no articles
    return layout


@contextmanager
def unblocking(fifos: list[Path], grace: float = 2.0):
    """Give EOF to a reader blocked on one of the FIFOs for more than `grace` s; yields the
    list of FIFOs that had one (a correct reader never waits on a FIFO)."""
    blocked: list[Path] = []
    done = threading.Event()
    started = time.monotonic()

    def watch():
        while not done.wait(0.05):
            if time.monotonic() - started < grace:
                continue
            for fifo in fifos:
                try:  # succeeds only while some reader has the FIFO open
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    continue
                os.close(fd)
                blocked.append(fifo)

    watcher = threading.Thread(target=watch, daemon=True)
    if fifos:
        watcher.start()
    try:
        yield blocked
    finally:
        done.set()
        if fifos:
            watcher.join()


def rows(out: Path, table: str) -> list[dict]:
    """A table's rows (parts being written are hidden files, which the dataset skips)."""
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def run(layout: Layout, out: Path, batch_size: int):
    """extract() over the layout's arguments, into out; it must not raise or block on a FIFO."""
    with unblocking(layout.fifos) as blocked:
        summary = extract(layout.args, out, Options(ner=False, workers=1, batch_size=batch_size))
    assert not blocked, f"extract() blocked reading the FIFOs {[shown(f) for f in blocked]}"
    return summary


def assert_accounted(out: Path, layout: Layout) -> None:
    """Each expected source is in exactly one article's sources or one error row; no other source is."""
    articles, errors = rows(out, "articles"), rows(out, "errors")
    for a in articles:
        assert a["source"] in a["sources"], a["sources"]
    seen = Counter(s for a in articles for s in a["sources"]) + Counter(e["source"] for e in errors)
    twice = sorted(s for s, n in seen.items() if n > 1)
    assert not twice, f"accounted for more than once: {twice}"
    missing = sorted(layout.once - seen.keys())
    assert not missing, f"neither an article nor an error row: {missing}; errors: {errors}"
    unexpected = sorted(seen.keys() - layout.once - layout.maybe)
    assert not unexpected, f"sources no input gives: {unexpected}"
    articles_of = {s for a in articles for s in a["sources"]}
    assert not layout.maybe & articles_of, f"a JSON Lines file with no record is an article: {layout.maybe & articles_of}"


def assert_offsets_hold(out: Path) -> None:
    """Every fact row has its article and points inside its text, at its own surface."""
    text = {a["article_id"]: a["text"] for a in rows(out, "articles")}
    for table in MENTION_TABLES:
        for row in rows(out, table):
            assert row["article_id"] in text, (table, row)
            body = text[row["article_id"]]
            assert 0 <= row["start"] <= row["end"] <= len(body), (table, row)
            assert body[row["start"]:row["end"]] == row["surface"], (table, row)


# -- strategies ---------------------------------------------------------------------------

@st.composite
def page_texts(draw) -> str:
    """A corpus page, perhaps with hostile characters put in and its end cut off."""
    text = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
    if draw(st.integers(0, 3)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def mutated(draw, data: bytes, max_changes: int = 4) -> bytes:
    """data with a few bit flips, runs of random bytes put in, or its end cut off (a broken download)."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, max_changes))):
        change = draw(st.sampled_from(["flip", "insert", "cut"]))
        at = draw(st.integers(0, len(data)))
        if change == "flip" and data:
            data[min(at, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif change == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=24))
        elif change == "cut" and draw(st.integers(0, 2)) == 0:  # rarer: it ends the page
            del data[at:]
    return bytes(data)


@st.composite
def page_files(draw) -> Entry:
    """A .txt or .html page in one of the supported encodings, its bytes perhaps damaged."""
    text = draw(page_texts())
    encoding = draw(st.sampled_from(ENCODINGS))
    suffix = draw(st.sampled_from([".txt", ".html"]))
    if suffix == ".html":
        text = portal_page(text, CHARSETS[encoding])
    data = draw(mutated(encode(text, encoding)))
    return Entry(draw(st.sampled_from(STEMS)) + suffix.encode(), data=data, sub=draw(st.booleans()))


@st.composite
def records(draw) -> dict:
    """A feed record with url, title, text (or html), published and author, some of the wrong type."""
    text = draw(page_texts())
    record = {"url": f"https://camlo.quangtri.gov.vn/tin-tuc/{draw(st.integers(1, 99999))}",
              "title": text.split("\n", 1)[0], "published": draw(st.sampled_from(PUBLISHED)),
              "author": draw(st.sampled_from(["Minh Anh", "Hồng Nhung (TTVH)", "", None]))}
    record["html" if draw(st.integers(0, 4)) == 0 else "text"] = text
    for name in draw(st.sets(st.sampled_from(["url", "title", "text", "author"]), max_size=2)):
        record[name] = draw(st.sampled_from(WRONG_TYPES))
    return record


@st.composite
def jsonl_lines(draw) -> bytes:
    """One line of a JSON Lines feed as scrapers write them, hostile ones included."""
    kind = draw(st.sampled_from(["record", "record", "surrogate", "big_int", "deep", "not_object",
                                 "cut", "damaged", "blank"]))
    record = draw(records())
    if kind == "record":
        return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8")
    if kind == "surrogate":  # a lone surrogate, as JSON escapes allow (\ud800 with no low half)
        text = record.get("text") if isinstance(record.get("text"), str) else "Hội nghị Nhân dân"
        at = draw(st.integers(0, len(text)))
        record["text"] = text[:at] + draw(st.sampled_from(["\ud800", "\udfff", "\udbff"])) + text[at:]
        return json.dumps(record, ensure_ascii=True).encode("ascii")
    if kind == "big_int":  # a 5,000-digit integer, past Python's int/str conversion limit
        field = draw(st.sampled_from(["published", "views"]))
        body = json.dumps(record, ensure_ascii=False)[1:]
        return (f'{{"{field}": ' + "9" * 5000 + ", " + body).encode("utf-8")
    if kind == "deep":  # nesting far past Python's recursion limit
        depth = draw(st.sampled_from([2_000, 100_000]))
        nested = draw(st.sampled_from([("[" * depth, "]" * depth), ('{"a":' * depth + "1", "}" * depth)]))
        return (json.dumps(record, ensure_ascii=False)[:-1] + ', "tags": ' + "".join(nested) + "}").encode("utf-8")
    if kind == "not_object":
        return draw(st.sampled_from([b"[1, 2, 3]", b'"H\xe1\xbb\x99i ngh\xe1\xbb\x8b"', b"null", b"42", b"true"]))
    line = json.dumps(record, ensure_ascii=False).encode("utf-8")
    if kind == "cut":
        return line[: draw(st.integers(1, len(line) - 1))]
    if kind == "damaged":  # bytes damaged in transfer, within the line
        return draw(mutated(line, max_changes=3)).replace(b"\n", b" ")
    return draw(st.sampled_from([b"", b"   ", b"\t", b"\r"]))


@st.composite
def jsonl_files(draw) -> Entry:
    """A JSON Lines feed: hostile lines, empty lines, CRLF or LF, perhaps no final newline or a BOM."""
    lines = draw(st.lists(jsonl_lines(), max_size=8))
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = newline.join(lines)
    if lines and draw(st.booleans()):
        data += newline
    if draw(st.integers(0, 4)) == 0:
        data = b"\xef\xbb\xbf" + data
    return Entry(draw(st.sampled_from(STEMS)) + b".jsonl", data=data, sub=draw(st.booleans()))


SUFFIXES = [b".txt", b".html", b".jsonl"]


@st.composite
def odd_entries(draw, fifos: bool = True) -> Entry:
    """An input that is no ordinary page: an empty file, a folder named x.txt, a symlink to a
    file that is gone, a FIFO named x.txt."""
    kinds = ["empty", "folder", "dangling"] + (["fifo"] if fifos else [])
    kind = draw(st.sampled_from(kinds))
    name = draw(st.sampled_from([b"x", *STEMS])) + draw(st.sampled_from(SUFFIXES))
    return Entry(name, "file" if kind == "empty" else kind, sub=draw(st.booleans()))


@st.composite
def plain_files(draw) -> Entry:
    """An undamaged page (.txt, .html) or a feed of two good records and an empty line (.jsonl)."""
    text = draw(st.sampled_from(PAGES))
    suffix = draw(st.sampled_from([".txt", ".html", ".jsonl"]))
    if suffix == ".txt":
        data = text.encode("utf-8")
    elif suffix == ".html":
        data = portal_page(text).encode("utf-8")
    else:
        other = PAGES[(PAGES.index(text) + 1) % len(PAGES)]
        data = "\n".join([json.dumps({"title": text.split("\n", 1)[0], "text": text}, ensure_ascii=False), "",
                          json.dumps({"html": portal_page(other)}, ensure_ascii=False)]).encode("utf-8") + b"\n"
    return Entry(b"bai-viet" + suffix.encode(), data=data, sub=draw(st.booleans()))


def mixed_entries(fifos: bool = False):
    """Pages, feeds and odd files together, as a scraper's output folder holds them."""
    return st.lists(st.one_of(page_files(), jsonl_files(), odd_entries(fifos=fifos)), min_size=1, max_size=7)


BATCH_SIZES = st.integers(1, 4)


@contextmanager
def scratch():
    with tempfile.TemporaryDirectory(prefix="qcdc-fuzz-") as tmp:
        yield Path(tmp)


# -- properties ---------------------------------------------------------------------------

@settings(FUZZ, max_examples=40)
@given(entries=st.lists(page_files(), min_size=1, max_size=6), as_folder=st.booleans(), batch_size=BATCH_SIZES)
def test_damaged_pages_are_each_one_article_or_one_error(entries, as_folder, batch_size):
    """Pages cut short, with flipped bits, stray bytes or hostile characters, in any supported
    encoding, never stop the batch: each file is one article or one error row."""
    with scratch() as root:
        layout = write(root, entries, as_folder)
        run(layout, root / "out", batch_size)
        assert_accounted(root / "out", layout)


@settings(FUZZ, max_examples=40)
@given(entries=st.lists(jsonl_files(), min_size=1, max_size=3), batch_size=BATCH_SIZES)
def test_jsonl_lines_are_each_one_article_or_one_error(entries, batch_size):
    """Each non-blank line of a feed, however broken (wrong types, lone surrogates, huge numbers,
    deep nesting, odd dates), is one article or one error row "file.jsonl:N"; the lines after
    a bad one are still read."""
    with scratch() as root:
        layout = write(root, entries, as_folder=False)
        run(layout, root / "out", batch_size)
        assert_accounted(root / "out", layout)


@settings(FUZZ, max_examples=20)
@given(odd=st.lists(odd_entries(), min_size=1, max_size=4), pages=st.lists(page_files(), max_size=2),
       as_folder=st.booleans(), batch_size=BATCH_SIZES)
def test_odd_files_are_error_rows_and_never_block(odd, pages, as_folder, batch_size):
    """An empty file, a folder named x.txt, a symlink to a deleted file or a FIFO named x.txt is
    an error row (a folder in a walked folder is just walked); none stalls the batch: a FIFO is
    not read at all, since opening one waits until some other process writes to it."""
    with scratch() as root:
        layout = write(root, odd + pages, as_folder)
        run(layout, root / "out", batch_size)
        assert_accounted(root / "out", layout)


@settings(FUZZ, max_examples=15)
@given(named=st.lists(st.tuples(st.sampled_from(NOT_UTF8_STEMS), plain_files()), min_size=1, max_size=3),
       as_folder=st.booleans())
def test_names_that_are_not_utf8_are_kept_with_escapes(named, as_folder):
    """A file whose name is not UTF-8 (an old Latin-1 or Windows-1258 name) is read like any
    other; its source shows each bad byte as "\\xNN", so the user can find the file."""
    entries = [Entry(stem + b"-" + e.name, e.kind, e.data, e.sub) for stem, e in named]
    with scratch() as root:
        # The subfolder's name is not UTF-8 either ("thông-tin" in Latin-1).
        layout = write(root, entries, as_folder, sub=b"th\xf4ng-tin")
        run(layout, root / "out", batch_size=2)
        assert_accounted(root / "out", layout)
        assert len(rows(root / "out", "articles")) >= 1  # the good pages and records are read


@settings(FUZZ, max_examples=25)
@given(entries=st.lists(st.one_of(page_files(), jsonl_files()), min_size=1, max_size=6), batch_size=BATCH_SIZES)
def test_fact_offsets_hold_on_hostile_text(entries, batch_size):
    """Whatever the text holds (combining marks, bidi controls, NUL, noncharacters), every fact
    row points at its own surface: articles.text[start:end] == surface."""
    with scratch() as root:
        layout = write(root, entries, as_folder=False)
        run(layout, root / "out", batch_size)
        assert_offsets_hold(root / "out")


def odd_published_feed() -> Entry:
    """A feed of good articles, one for each of the PUBLISHED values (each text made distinct)."""
    lines = [json.dumps({"url": f"https://camlo.quangtri.gov.vn/tin-tuc/{i}", "published": value,
                         "text": PAGES[i % len(PAGES)] + f"\n\nMã tin: {i}"}, ensure_ascii=False)
             for i, value in enumerate(PUBLISHED)]
    return Entry(b"ngay-dang.jsonl", data="\n".join(lines).encode("utf-8") + b"\n")


@settings(FUZZ, max_examples=30)
@given(entries=mixed_entries(), as_folder=st.booleans(), batch_size=BATCH_SIZES)
@example(entries=[odd_published_feed()], as_folder=False, batch_size=4)
def test_error_rows_name_the_input_fault_never_a_crash(entries, as_folder, batch_size):
    """Hostile input is an article or an error row saying what is wrong with it (empty,
    binary, bad_json, no_text, ...): never a reader or pipeline crash caught on the way
    (internal_error, pipeline_error), which loses an article that could have been read."""
    with scratch() as root:
        layout = write(root, entries, as_folder)
        run(layout, root / "out", batch_size)
        crashes = [e for e in rows(root / "out", "errors") if e["error"] in CRASH_ERRORS]
        assert not crashes, crashes


@settings(FUZZ, max_examples=20)
@given(entries=mixed_entries(), as_folder=st.booleans(), batch_size=BATCH_SIZES)
def test_rerun_adds_no_article_and_no_error_twice(entries, as_folder, batch_size):
    """Running again on the same inputs and output adds no article, repeats no error row and
    still accounts for every input once."""
    with scratch() as root:
        out = root / "out"
        layout = write(root, entries, as_folder)
        run(layout, out, batch_size)
        before = sorted(json.dumps(a, sort_keys=True, default=str) for a in rows(out, "articles"))
        errors = sorted((e["source"], e["error"]) for e in rows(out, "errors"))
        again = run(layout, out, batch_size)
        assert again.articles == 0
        assert sorted(json.dumps(a, sort_keys=True, default=str) for a in rows(out, "articles")) == before
        assert sorted((e["source"], e["error"]) for e in rows(out, "errors")) == errors
        assert_accounted(out, layout)
