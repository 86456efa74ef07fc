"""qcdc show: an article's HTML page with its facts highlighted, parsed here and driven in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc_extract import show
from qcdc_extract.batch import extract
from qcdc_extract.cli import main
from qcdc_extract.kinds import FACT_TABLES
from qcdc_extract.settings import Options

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
# A corpus page citing Nghị quyết 02-NQ/TU six times in three spellings: links between mentions.
CITING = "corpus/000_305192fab6afe443.txt"
SCREENSHOT = ROOT / "docs" / "show.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VOID = {"br", "meta", "img", "hr", "input", "link", "wbr", "col", "area", "base", "source"}

# Overlaps the pipeline finds in the genre: a place inside an official's title, a count ("hai quận")
# crossing a place ("quận Ba Đình"), two dates of one range on the same characters.
OVERLAPS = """Tổng Bí thư tiếp xúc cử tri quận Ba Đình

Ngày 7/7/2019, ông Nguyễn Thành Long, Phó Chủ tịch UBND tỉnh Bà Rịa-Vũng Tàu đã chủ trì cuộc họp về thực hiện \
Quy chế dân chủ ở cơ sở theo Nghị định số 04/2015/NĐ-CP ngày 9/1/2015 của Chính phủ.

Tổng Bí thư đã tiếp xúc cử tri hai quận Ba Đình, Tây Hồ trước kỳ họp. Từ ngày 10-14/6/2024, đại biểu HĐND tỉnh \
tiếp xúc cử tri tại 6 xã của huyện Thanh Liêm.
"""


# -- reading what was written ------------------------------------------------------------------

class Page(HTMLParser):
    """A page parsed: its marks (attributes, text), the article text and, per character of it,
    the facts whose marks enclose it."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.nodes: list[dict] = []
        self.text: list[str] = []
        self.coverage: list[frozenset] = []
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed: {[n['tag'] for n in self.stack]}"

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "text": [], "parent": self.stack[-1] if self.stack else None}
        self.nodes.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        node = self.stack.pop()
        assert node["tag"] == tag, f"</{tag}> closes <{node['tag']}>"

    def handle_data(self, data):
        for node in self.stack:
            node["text"].append(data)
        if any(n["attrs"].get("id") == "text" for n in self.stack):
            self.text.append(data)
            facts = frozenset(n["attrs"]["data-fact"] for n in self.stack if n["tag"] == "mark")
            self.coverage.extend([facts] * len(data))

    def all(self, tag: str, cls: str | None = None) -> list[dict]:
        return [n for n in self.nodes
                if n["tag"] == tag and (cls is None or cls in n["attrs"].get("class", "").split())]

    def by_id(self, id_: str) -> dict:
        (node,) = [n for n in self.nodes if n["attrs"].get("id") == id_]
        return node

    def facts(self) -> dict[str, dict]:
        """data-fact -> its kind, range, joined text and pieces, from the marks."""
        found: dict[str, dict] = {}
        for node in self.all("mark", "fact"):
            a = node["attrs"]
            kind = next(c[2:] for c in a["class"].split() if c.startswith("k-"))
            fact = found.setdefault(a["data-fact"], {"kind": kind, "start": int(a["data-start"]),
                                                     "end": int(a["data-end"]), "text": "", "pieces": []})
            fact["text"] += "".join(node["text"])
            fact["pieces"].append(node)
        return found


def rows(out: Path, table: str, article_id: str) -> list[dict]:
    path = out / table
    if not path.exists():
        return []
    return [r for r in ds.dataset(path, format="parquet").to_table().to_pylist() if r["article_id"] == article_id]


def article(out: Path, source: str) -> dict:
    (a,) = [a for a in rows_all(out, "articles") if any(s.endswith("/" + source) for s in a["sources"])]
    return a


def rows_all(out: Path, table: str) -> list[dict]:
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def expected_marks(out: Path, article_id: str, text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, surface) of every range the page must mark: each fact, each mention of an official."""
    want = []
    for kind in FACT_TABLES:
        for r in rows(out, kind, article_id):
            want.append((kind, r["start"], r["end"], r["surface"]))
            for m in r.get("mentions") or []:
                if (m["start"], m["end"]) != (r["start"], r["end"]):
                    want.append((kind, m["start"], m["end"], text[m["start"]:m["end"]]))
    return want


def assert_every_fact_marked(page: Page, out: Path, article_id: str, text: str) -> None:
    found = Counter((f["kind"], f["start"], f["end"], f["text"]) for f in page.facts().values())
    want = Counter(expected_marks(out, article_id, text))
    assert want, "the article has no facts to show"
    missing = want - found
    assert not missing, f"facts without a mark: {sorted(missing)}"
    assert "".join(page.text) == text


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    """The corpus extracted once: its output folder."""
    out = tmp_path_factory.mktemp("show") / "out"
    extract([str(p) for p in CORPUS], out, Options(workers=1, ner=False))
    return out


@pytest.fixture(scope="module")
def overlap_out(tmp_path_factory):
    """One page of overlapping facts extracted: (output folder, its one article)."""
    root = tmp_path_factory.mktemp("overlap")
    (root / "trang.txt").write_text(OVERLAPS, encoding="utf-8")
    extract([str(root / "trang.txt")], root / "out", Options(workers=1, ner=False))
    (a,) = rows_all(root / "out", "articles")
    return root / "out", a


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# -- every fact marked, on the real corpus -----------------------------------------------------

@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_fact_of_a_corpus_article_has_a_mark_and_a_table_row(corpus_out, path):
    a = article(corpus_out, f"corpus/{path.name}")
    article_id, html = show.article_page(corpus_out, source=path.name)
    assert article_id == a["article_id"]
    page = Page(html)
    assert_every_fact_marked(page, corpus_out, article_id, a["text"])
    for kind in FACT_TABLES:
        section = page.by_id(f"table-{kind}")
        trs = [n for n in page.all("tr") if n["attrs"].get("data-fact") and _inside(n, section)]
        facts = rows(corpus_out, kind, article_id)
        assert len(trs) == len(facts)
        # Each row links to a mark of a fact with the same surface.
        marks = page.facts()
        for tr in trs:
            link = next(n for n in page.nodes if n["tag"] == "a" and n["parent"] is _first_td(page, tr))
            assert marks[link["attrs"]["href"][1:]]["text"] == "".join(link["text"])


def _inside(node: dict, ancestor: dict) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node["parent"]
    return False


def _first_td(page: Page, tr: dict) -> dict:
    return next(n for n in page.nodes if n["tag"] == "td" and n["parent"] is tr)


def test_side_tables_list_every_value_column(corpus_out):
    """Every column but article_id/start/end/surface is a column of its kind's table (so new ones show up)."""
    article_id, html = show.article_page(corpus_out, source=CITING)
    page = Page(html)
    for kind in FACT_TABLES:
        columns = ds.dataset(corpus_out / kind, format="parquet").schema.names
        section = page.by_id(f"table-{kind}")
        heads = ["".join(n["text"]) for n in page.all("th") if _inside(n, section)]
        if rows(corpus_out, kind, article_id):
            assert heads == ["surface"] + [c for c in columns if c not in ("article_id", "start", "end", "surface")]


def test_a_new_column_shows_up_without_code_changes(tmp_path, corpus_out):
    """Documents keyed anew (a doc_key column, added or replaced): shown, and the marks link by it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    shutil.copytree(corpus_out, out)
    a = article(out, CITING)
    for part in (out / "documents").glob("*.parquet"):
        table = pq.read_table(part)
        # One key per row: no two mentions are one document any more.
        keys = pa.array([f"doc-{i}" for i in range(table.num_rows)])
        if "doc_key" in table.schema.names:
            table = table.drop_columns(["doc_key"])
        pq.write_table(table.append_column("doc_key", keys), part)
    page = Page(show.article_page(out, a["article_id"])[1])
    section = page.by_id("table-documents")
    assert "doc_key" in ["".join(n["text"]) for n in page.all("th") if _inside(n, section)]
    for fact_id, fact in page.facts().items():
        if fact["kind"] == "documents":
            (label,) = [n for n in page.all("a", "label") if _inside(n, fact["pieces"][-1])]
            assert label["attrs"]["href"] == f"#{fact_id}"


def document_key(out: Path) -> str:
    """The column naming one document across its mentions: doc_key where the table has it, else canonical."""
    return "doc_key" if "doc_key" in ds.dataset(out / "documents", format="parquet").schema.names else "canonical"


def test_document_marks_link_to_the_first_mention_of_their_document(corpus_out):
    a = article(corpus_out, CITING)
    page = Page(show.article_page(corpus_out, a["article_id"])[1])
    docs = rows(corpus_out, "documents", a["article_id"])
    key = document_key(corpus_out)
    first = {}
    for d in sorted(docs, key=lambda d: d["start"]):
        first.setdefault(d[key], d)
    assert any(n > 1 for n in Counter(d[key] for d in docs).values()), "no document is cited twice"
    facts = page.facts()
    for d in docs:
        (fact_id,) = [i for i, f in facts.items() if f["kind"] == "documents" and f["start"] == d["start"]]
        (label,) = [n for n in page.all("a", "label") if _inside(n, facts[fact_id]["pieces"][-1])]
        target = page.by_id(label["attrs"]["href"][1:])
        assert int(target["attrs"]["data-start"]) == first[d[key]]["start"]


# -- overlaps --------------------------------------------------------------------------------

def test_overlapping_facts_are_all_highlighted(overlap_out):
    out, a = overlap_out
    text = a["text"]
    spans = [(k, s, e) for k, s, e, _ in expected_marks(out, a["article_id"], text)]
    nested = [(x, y) for x in spans for y in spans if x is not y and x[1] <= y[1] and y[2] <= x[2] and x[1:] != y[1:]]
    crossing = [(x, y) for x in spans for y in spans if x[1] < y[1] < x[2] < y[2]]
    same = [(x, y) for i, x in enumerate(spans) for y in spans[i + 1:] if x[1:] == y[1:]]
    assert nested and crossing and same, f"the page's facts no longer overlap in all three ways: {sorted(spans)}"
    page = Page(show.article_page(out)[1])
    assert_every_fact_marked(page, out, a["article_id"], text)
    # Every character carries a mark of every fact covering it, and of no other.
    facts = page.facts()
    for i in range(len(text)):
        assert {f for f, v in facts.items() if v["start"] <= i < v["end"]} == set(page.coverage[i])


def test_a_crossing_fact_is_cut_into_pieces_that_keep_its_id_and_label():
    text = "Tổng Bí thư tiếp xúc cử tri hai quận Ba Đình, Tây Hồ."
    count = (text.index("hai quận"), text.index("hai quận") + len("hai quận"))
    place = (text.index("quận Ba Đình"), text.index("quận Ba Đình") + len("quận Ba Đình"))
    marks = [show.Mark(*count, "counts", "counts-0", "COUNT_COUNT"),
             show.Mark(*place, "locations", "locations-0", "QUẬN")]
    page = Page(show.render_text(text, marks))
    facts = page.facts()
    assert facts["counts-0"]["text"] == "hai quận" and len(facts["counts-0"]["pieces"]) == 1
    assert facts["locations-0"]["text"] == "quận Ba Đình" and len(facts["locations-0"]["pieces"]) == 2
    first, rest = facts["locations-0"]["pieces"]
    assert first["attrs"].get("id") == "locations-0" and "id" not in rest["attrs"]
    # The label ends the fact: in its last piece only.
    assert [n["attrs"]["data-label"] for n in page.all("span", "label") if n["parent"] is rest] == ["QUẬN"]
    assert not [n for n in page.all("span", "label") if n["parent"] is first]


def test_marks_outside_the_text_are_left_out_not_raised():
    text = "Xã Kỳ Châu"
    marks = [show.Mark(0, 99, "locations", "locations-0", "XÃ"), show.Mark(5, 5, "dates", "dates-0", "DATE_DAY"),
             show.Mark(-1, 2, "counts", "counts-0", "COUNT")]
    assert show.render_text(text, marks) == text


# -- escaping ----------------------------------------------------------------------------------

HOSTILE = "<script>alert('QCDC')</script> Hội nghị & “dân vận khéo” <b>2023</b>"


def test_hostile_title_author_and_text_are_escaped(tmp_path):
    record = {"url": "javascript:alert(1)", "title": HOSTILE, "author": "<img src=x onerror=alert(1)>",
              "published": "2023-05-06T08:00:00",
              "text": "Ngày 5/5/2023, xã Kỳ Châu tổ chức hội nghị <script>alert(2)</script> về Quy chế dân chủ "
                      "ở cơ sở theo Nghị quyết số 02-NQ/TU & Kế hoạch số 42 </mark></div> của Huyện ủy."}
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    extract([str(tmp_path / "in.jsonl")], tmp_path / "out", Options(workers=1, ner=False))
    (a,) = rows_all(tmp_path / "out", "articles")
    assert a["title"] == HOSTILE
    html = show.article_page(tmp_path / "out")[1]
    page = Page(html)
    assert not page.all("script") and not page.all("img") and not page.all("b")
    assert "".join(page.all("h1")[0]["text"]) == HOSTILE
    assert "".join(page.all("title")[0]["text"]) == HOSTILE
    assert not any(n["attrs"].get("href", "").startswith("javascript:") for n in page.all("a"))
    assert_every_fact_marked(page, tmp_path / "out", a["article_id"], a["text"])


# -- property tests ----------------------------------------------------------------------------

# Any text a Parquet string can hold (no lone surrogates), with markup and Vietnamese letters more often.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("<>&\"'\r\n ạễđ"),
               max_size=80)


@st.composite
def text_and_marks(draw):
    text = draw(TEXT)
    n = len(text)
    bounds = st.integers(0, n)
    marks = []
    for i in range(draw(st.integers(0, 12))):
        s, e = sorted((draw(bounds), draw(bounds)))
        if s == e:
            continue
        kind = draw(st.sampled_from(FACT_TABLES))
        href = draw(st.none() | st.sampled_from([f"{kind}-0", "x\"><script>"]))
        marks.append(show.Mark(s, e, kind, f"{kind}-{i}", draw(TEXT), href, draw(TEXT)))
    return text, marks


@given(text_and_marks())
@settings(max_examples=300, deadline=None)
def test_rendered_text_is_the_text_and_every_character_carries_its_marks(case):
    text, marks = case
    page = Page(f'<div id="text">{show.render_text(text, marks)}</div>')
    assert "".join(page.text) == text
    for i in range(len(text)):
        assert set(page.coverage[i]) == {m.id for m in marks if m.start <= i < m.end}
    facts = page.facts()
    assert {m.id for m in marks} == set(facts)
    for m in marks:
        assert facts[m.id]["text"] == text[m.start:m.end]
        assert sum("id" in p["attrs"] for p in facts[m.id]["pieces"]) == 1
    assert not page.all("script")


@given(title=TEXT, author=TEXT, text=TEXT)
@settings(max_examples=150, deadline=None)
def test_any_article_fields_render_escaped(title, author, text):
    a = {"article_id": "a1", "title": title, "author": author, "text": text, "sources": [title]}
    facts = [show.KindFacts("dates", ["article_id", "start", "end", "surface", "value"],
                            [{"article_id": "a1", "start": 0, "end": len(text), "surface": text, "value": author}])]
    page = Page(show.render_page(a, facts))
    assert "".join(page.text) == text
    if title:
        assert "".join(page.all("h1")[0]["text"]) == title
    assert not page.all("script")


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory):
    out = tmp_path_factory.mktemp("two") / "out"
    extract([str(p) for p in CORPUS[:2]], out, Options(workers=1, ner=False))
    return out


@given(st.text(max_size=30))
@settings(max_examples=60, deadline=None)
def test_any_article_id_or_source_is_a_page_or_a_usage_error(two_articles, value):
    ids = {a["article_id"] for a in rows_all(two_articles, "articles")}
    for args in (["--", value], [f"--source={value}"]):
        result = CliRunner().invoke(main, ["show", str(two_articles), *args])
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 0:
            assert result.stdout.startswith("<!DOCTYPE html>")
        else:
            # The message names the articles there are to pick from.
            assert "Error:" in result.output and any(i in result.output for i in ids), result.output


# -- the command -------------------------------------------------------------------------------

def test_one_article_needs_no_id(overlap_out, tmp_path):
    out, a = overlap_out
    result = invoke("show", out, "-o", tmp_path / "p.html")
    assert result.exit_code == 0, result.output
    assert a["article_id"] in result.output
    assert Page((tmp_path / "p.html").read_text(encoding="utf-8")).all("mark")


def test_many_articles_need_a_pick_and_say_how(corpus_out):
    result = CliRunner().invoke(main, ["show", str(corpus_out)])
    assert result.exit_code == 2
    assert "ARTICLE_ID" in result.output and "--source" in result.output and "--all" in result.output
    for a in rows_all(corpus_out, "articles"):
        assert a["article_id"] in result.output


def test_pick_by_id_start_of_id_and_source(corpus_out, tmp_path):
    a = article(corpus_out, CITING)
    pages = []
    for args in ([a["article_id"]], [a["article_id"][:6]], ["--source", CITING], ["--source", Path(CITING).name],
                 ["--source", "./" + CITING]):
        result = invoke("show", corpus_out, *args)
        assert result.exit_code == 0, result.output
        pages.append(result.stdout)
    assert len(set(pages)) == 1
    assert "".join(Page(pages[0]).all("h1")[0]["text"]) == a["title"]


@pytest.mark.parametrize("args, message", [
    (["ffffffffffffffff"], "no article"),
    (["--source", "corpus/999_none.txt"], "no article"),
    (["--source", ".txt"], "give its ARTICLE_ID"),
    (["x", "--source", CITING], "not both"),
    (["--all"], "--all needs -o DIR"),
])
def test_bad_picks_are_usage_errors(corpus_out, args, message):
    result = CliRunner().invoke(main, ["show", str(corpus_out), *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output


def test_not_an_output_folder_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("ghi chú", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(tmp_path)])
    assert result.exit_code == 1 and "no articles table" in result.output
    assert CliRunner().invoke(main, ["show", str(tmp_path / "missing")]).exit_code == 2


def test_an_unwritable_page_is_a_clear_error(corpus_out, tmp_path):
    result = CliRunner().invoke(main, ["show", str(corpus_out), "--source", CITING,
                                       "-o", str(tmp_path / "no" / "p.html")])
    assert result.exit_code == 1 and "cannot write" in result.output


def test_uncommitted_parts_are_not_shown(tmp_path, corpus_out):
    """A part no committed batch lists (a run killed between rename and commit) is not read."""
    out = tmp_path / "out"
    shutil.copytree(corpus_out, out)
    a = article(out, CITING)
    (part,) = (out / "dates").glob("*.parquet")
    shutil.copy(part, out / "dates" / "part-99999999T000000-000000-00001.parquet")
    page = Page(show.article_page(out, a["article_id"])[1])
    dates = [f for f in page.facts().values() if f["kind"] == "dates"]
    assert len(dates) == len(rows(corpus_out, "dates", a["article_id"]))


def test_an_output_of_single_files_without_manifest(tmp_path, corpus_out):
    """The contract's other layout, DIR/NAME.parquet, written by another tool with only the required columns."""
    import pyarrow.parquet as pq

    a = article(corpus_out, CITING)
    required = {"articles": ["article_id", "source", "title", "author", "published_at", "event_date", "text"],
                "dates": ["article_id", "start", "end", "surface", "value", "granularity", "year_inferred"]}
    for name, columns in required.items():
        table = ds.dataset(corpus_out / name, format="parquet").to_table(columns=columns)
        pq.write_table(table, tmp_path / f"{name}.parquet")
    result = invoke("show", tmp_path, "--source", CITING)
    assert result.exit_code == 0, result.output
    page = Page(result.stdout)
    dates = [f for f in page.facts().values() if f["kind"] == "dates"]
    assert sorted((f["start"], f["text"]) for f in dates) == sorted(
        (r["start"], r["surface"]) for r in rows(corpus_out, "dates", a["article_id"]))
    assert "".join(page.text) == a["text"]


def test_all_writes_an_index_and_a_page_per_article(corpus_out, tmp_path):
    result = invoke("show", corpus_out, "--all", "-o", tmp_path / "pages")
    assert result.exit_code == 0, result.output
    articles = rows_all(corpus_out, "articles")
    index = Page((tmp_path / "pages" / "index.html").read_text(encoding="utf-8"))
    head = ["".join(n["text"]) for n in index.all("th")]
    body = [tr for tr in index.all("tr") if tr["parent"]["tag"] == "tbody"]
    assert len(body) == len(articles)
    for a in articles:
        (tr,) = [tr for tr in body if a["article_id"] in "".join(tr["text"])]
        cells = ["".join(td["text"]) for td in index.nodes if td["tag"] == "td" and td["parent"] is tr]
        for kind in FACT_TABLES:
            assert cells[head.index(kind)] == str(len(rows(corpus_out, kind, a["article_id"])))
        assert cells[head.index("title")] == (a["title"] or "")
        (link,) = [n for n in index.all("a") if _inside(n, tr)]
        page = Page((tmp_path / "pages" / link["attrs"]["href"]).read_text(encoding="utf-8"))
        assert_every_fact_marked(page, corpus_out, a["article_id"], a["text"])
        assert [n["attrs"]["href"] for n in page.all("a") if _inside(n, page.all("nav")[0])] == ["index.html"]


def test_page_names_are_safe_file_names():
    assert show.page_name("eccab836b9acc7d0") == "eccab836b9acc7d0.html"
    for hostile in ("../../etc/passwd", "a/b", ".hidden", "x" * 300, "<>"):
        name = show.page_name(hostile)
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*\.html", name) and len(name) < 120
    assert show.page_name("../a") != show.page_name("../b")


# -- in headless Chromium ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                   "(pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make install-test does, as root)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def opened(browser, corpus_out, tmp_path_factory):
    """The page of the corpus article citing 02-NQ/TU, open at 1200 pixels wide: (page, article)."""
    a = article(corpus_out, CITING)
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(show.article_page(corpus_out, a["article_id"])[1], encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 850})
    page.goto(path.as_uri())
    yield page, a
    page.close()


MARKS_JS = """() => [...document.querySelectorAll('mark.fact')].map(m => ({
    fact: m.dataset.fact, start: +m.dataset.start, end: +m.dataset.end,
    kind: [...m.classList].find(c => c.startsWith('k-')).slice(2), text: m.textContent,
    cont: m.classList.contains('cont'), visible: m.checkVisibility() && m.getClientRects().length > 0,
    background: getComputedStyle(m).backgroundColor}))"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_browser_shows_the_title_and_every_fact_in_its_kind_colour(opened, corpus_out):
    page, a = opened
    assert page.title() == a["title"]
    heading = page.locator("h1")
    assert heading.is_visible() and heading.inner_text() == a["title"]
    marks = page.evaluate(MARKS_JS)
    pieces = defaultdict(list)
    for m in marks:
        pieces[m["fact"]].append(m)
    found = Counter()
    for fact, ms in pieces.items():
        assert all(m["visible"] for m in ms), ms
        kind = ms[0]["kind"]
        assert all(m["background"] == _rgb(show.colour(kind)) for m in ms), ms
        found[(kind, ms[0]["start"], ms[0]["end"], "".join(m["text"] for m in ms))] += 1
    want = Counter(expected_marks(corpus_out, a["article_id"], a["text"]))
    assert not want - found
    colours = {show.colour(k) for k in FACT_TABLES}
    assert len(colours) == len(FACT_TABLES) and "rgba(0, 0, 0, 0)" not in {m["background"] for m in marks}


def test_browser_side_tables_have_one_row_per_fact(opened, corpus_out):
    page, a = opened
    for kind in FACT_TABLES:
        assert page.locator(f"#table-{kind} tbody tr").count() == len(rows(corpus_out, kind, a["article_id"]))


def test_browser_a_document_mark_links_to_its_first_mention(opened, corpus_out):
    page, a = opened
    docs = sorted(rows(corpus_out, "documents", a["article_id"]), key=lambda d: d["start"])
    key = document_key(corpus_out)
    later = [d for d in docs if any(e[key] == d[key] and e["start"] < d["start"] for e in docs)]
    assert later, "no document is cited twice"
    last = later[-1]
    first = next(d for d in docs if d[key] == last[key])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    mark = page.locator(f'mark.k-documents[data-start="{last["start"]}"]:not(.cont)')
    mark.locator("a.label").last.click()
    target = page.locator(":target")
    assert target.get_attribute("data-start") == str(first["start"])
    assert target.text_content() == first["surface"]
    assert page.evaluate("location.hash") == "#" + target.get_attribute("id")
    box, height = target.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, "the first mention was not scrolled into view"


def test_browser_a_table_row_links_to_its_mark(opened, corpus_out):
    page, a = opened
    # Side tables list facts in text order.
    loc = sorted(rows(corpus_out, "locations", a["article_id"]), key=lambda r: (r["start"], r["end"]))[-1]
    link = page.locator("#table-locations tbody tr").last.locator("td").first.locator("a")
    assert link.text_content() == loc["surface"]
    link.click()
    target = page.locator(":target")
    assert target.get_attribute("data-start") == str(loc["start"]) and target.text_content() == loc["surface"]
    assert target.is_visible()


def test_browser_screenshot(opened, tmp_path):
    """A screenshot 1200 pixels wide; QCDC_UPDATE_SCREENSHOT=1 writes it to docs/show.png for the README."""
    page, _ = opened
    page.goto(page.url.split("#")[0])
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "show.png"
    page.screenshot(path=str(shot))
    width, height = struct.unpack(">II", shot.read_bytes()[16:24])
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and width == 1200 and height == 850
    if os.environ.get("QCDC_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "docs/show.png (the README's screenshot) is missing"
