"""One article of an output folder as a standalone HTML page, every fact highlighted by kind."""
from __future__ import annotations

import hashlib
import heapq
import html
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from qcdc_extract import __version__
from qcdc_extract.kinds import BY_NAME, FACT_TABLES

LOGGER = logging.getLogger(__name__)

# The columns every fact row has; the others are its values, shown in the kind's side table
# whatever they are, so a column added to a table later shows up without a change here.
FRAME = ("article_id", "start", "end", "surface")
# displaCy's colours for the nearest entity label (DATE, LAW, CARDINAL, PERSON, GPE, EVENT).
COLOURS = {
    "dates": "#bfe1d9",
    "documents": "#ff8197",
    "counts": "#e4e7d2",
    "officials": "#aa9cfc",
    "locations": "#feca74",
    "periods": "#ffeb80",
}
# For kinds added to the registry later.
PALETTE = ("#7aecec", "#c887fb", "#9cc9cc", "#f0d0ff", "#bfeeb7", "#e6c9a8", "#ddd6fe", "#a5d8ff")
# The key that makes mentions of a document one document: doc_key where the table has it.
DOCUMENT_KEYS = ("doc_key", "canonical")
# The article's own fields shown first, in this order; its other columns (but text) follow.
ARTICLE_FIELDS = ("title", "author", "published_at", "event_date", "main_commune", "main_district", "main_province",
                  "main_place_code", "main_place_level")
INDEX_PAGE = "index.html"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,100}")
LISTED = 10  # articles named in a message asking which one to show


class ShowError(ValueError):
    """An output that cannot be shown (missing, unreadable); the message says why."""


class PickError(ShowError):
    """No article, or more than one, answers to what was asked; the message lists how to pick."""


# -- reading the output ----------------------------------------------------------------------

class Output:
    """The committed parts of an output folder, table by table."""

    def __init__(self, out: Path):
        self.out = Path(out)
        if not self.out.is_dir():
            raise ShowError(f"{self.out}: no such output folder")
        self.parts = _committed_parts(self.out)
        if "articles" not in self.parts:
            raise ShowError(f"{self.out}: no articles table (is it an output folder of qcdc extract?)")
        self._datasets: dict[str, ds.Dataset] = {}

    def columns(self, name: str) -> list[str]:
        data = self._dataset(name)
        return list(data.schema.names) if data is not None else []

    def read(self, name: str, ids: list[str] | None = None, columns: list[str] | None = None) -> list[dict]:
        """Rows of table `name` (of the articles `ids` only, when given)."""
        data = self._dataset(name)
        if data is None or "article_id" not in data.schema.names:
            return []
        where = ds.field("article_id").isin(ids) if ids is not None else None
        if columns is not None:  # an output written by another tool may lack some
            columns = [c for c in columns if c in data.schema.names]
        try:
            return data.to_table(filter=where, columns=columns).to_pylist()
        except (OSError, pa.ArrowException, ValueError) as exc:
            raise ShowError(f"{self.out / name}: cannot be read: {exc}") from exc

    def _dataset(self, name: str) -> ds.Dataset | None:
        if name not in self._datasets:
            files = self.parts.get(name, [])
            if not files:
                return None
            try:
                # Parts written before a column existed lack it: the union schema reads them as nulls.
                schema = pa.unify_schemas([pq.read_schema(f) for f in files])
                self._datasets[name] = ds.dataset([str(f) for f in files], schema=schema, format="parquet")
            except FileNotFoundError as exc:
                raise ShowError(f"{exc.filename or files[0]} is missing, though the output lists it as "
                                "committed") from exc
            except (OSError, pa.ArrowException, ValueError) as exc:
                raise ShowError(f"{self.out / name}: cannot be read as Parquet: {exc}") from exc
        return self._datasets[name]


def _committed_parts(out: Path) -> dict[str, list[Path]]:
    """Table -> its part files: the committed batches of manifest.json and its journal, or, for an
    output written by another tool, OUT/NAME.parquet or the files of OUT/NAME/."""
    from qcdc_extract.writer import MANIFEST, OutputError, read_manifest

    parts: dict[str, list[Path]] = {}
    if (out / MANIFEST).exists():
        try:
            manifest = read_manifest(out)
        except OutputError as exc:
            raise ShowError(str(exc)) from exc
        for batch in manifest["batches"]:
            if batch.get("state") == "committed":
                for name, part in batch["parts"].items():
                    parts.setdefault(name, []).append(out / name / part)
        return parts
    for name in ("articles", *FACT_TABLES):
        if (out / f"{name}.parquet").is_file():
            parts[name] = [out / f"{name}.parquet"]
        elif (out / name).is_dir():
            found = sorted((out / name).glob("*.parquet"))
            if found:
                parts[name] = found
    return parts


# -- picking the article ---------------------------------------------------------------------

def pick(output: Output, article_id: str | None = None, source: str | None = None) -> str:
    """The id of the article asked for: by id (or a unique start of one), by source, or the only one."""
    if article_id is not None and source is not None:
        raise PickError("give an ARTICLE_ID or --source PATH, not both")
    if article_id is not None:
        return _pick_id(output, article_id)
    listing = output.read("articles", columns=["article_id", "source", "sources", "title"])
    if source is not None:
        return _pick_source(output, listing, source)
    if len(listing) == 1:
        return listing[0]["article_id"]
    if not listing:
        raise ShowError(f"{output.out} holds no article")
    raise PickError(f"{output.out} holds {len(listing):,} articles; pick one with an ARTICLE_ID or "
                    f"--source PATH, or write them all with --all -o DIR:\n{_listing(listing)}")


def _pick_id(output: Output, article_id: str) -> str:
    if output.read("articles", ids=[article_id], columns=["article_id"]):
        return article_id
    listing = output.read("articles", columns=["article_id", "source", "sources", "title"])
    starting = [a for a in listing if article_id and a["article_id"].startswith(article_id)]
    if len(starting) == 1:
        return starting[0]["article_id"]
    if starting:
        raise PickError(f"{len(starting)} articles of {output.out} have an id starting with {article_id!r}; "
                        f"give more of it:\n{_listing(starting)}")
    raise PickError(f"{output.out} holds no article {article_id!r}; its articles:\n{_listing(listing)}")


def _pick_source(output: Output, listing: list[dict], source: str) -> str:
    def sources(a: dict) -> list[str]:
        return list(a.get("sources") or []) or [a.get("source") or ""]

    wanted = source[2:] if source.startswith("./") else source
    exact = [a for a in listing if wanted in sources(a) or source in sources(a)]
    found = exact or [a for a in listing if wanted and any(s.endswith(wanted) for s in sources(a))]
    if len(found) == 1:
        return found[0]["article_id"]
    if found:
        raise PickError(f"{len(found)} articles of {output.out} came from a source ending with {source!r}; "
                        f"give its ARTICLE_ID or more of the path:\n{_listing(found)}")
    raise PickError(f"no article of {output.out} came from {source!r}; its articles:\n{_listing(listing)}")


def _listing(articles: list[dict]) -> str:
    """A few articles, one a line: id, source, the start of the title."""
    lines = []
    for a in sorted(articles, key=lambda a: a.get("source") or "")[:LISTED]:
        title = a.get("title") or "(no title)"
        title = title if len(title) <= 60 else title[:59] + "…"
        lines.append(f"  {a['article_id']}  {a.get('source') or ''}  {title}")
    if len(articles) > LISTED:
        lines.append(f"  ... and {len(articles) - LISTED:,} more (the articles table lists them)")
    return "\n".join(lines)


# -- the marks in the text -------------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """One highlighted range of the text: a fact's span, or one mention of an official."""

    start: int
    end: int
    kind: str
    id: str
    label: str
    href: str | None = None  # the first mention this mark links to
    title: str = ""  # the fact's values, shown on hover


def render_text(text: str, marks: list[Mark]) -> str:
    """`text` escaped, each mark a <mark> element; overlapping marks nest.

    A mark that starts inside another and ends beyond it is cut where the other ends, its
    pieces sharing data-fact (the first has the id, the last the label), so every character
    of every mark is inside a <mark> of its fact and no fact is lost.
    """
    heap = [(m.start, -m.end, n, m) for n, m in enumerate(marks) if 0 <= m.start < m.end <= len(text)]
    heapq.heapify(heap)
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, closing tags) of the open marks, innermost last; ends never increase
    pos = 0

    def close(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, closing = stack.pop()
            out.append(_text(text[pos:end]))
            out.append(closing)
            pos = end

    while heap:
        start, end, n, mark = heapq.heappop(heap)
        end = -end
        close(start)
        if stack and end > stack[-1][0]:
            heapq.heappush(heap, (stack[-1][0], -end, n, mark))
            end = stack[-1][0]
        out.append(_text(text[pos:start]))
        pos = start
        out.append(_open(mark, first=start == mark.start))
        stack.append((end, (_label(mark) if end == mark.end else "") + "</mark>"))
    close(len(text))
    out.append(_text(text[pos:]))
    return "".join(out)


def _open(mark: Mark, first: bool) -> str:
    """The opening tag of one piece of a mark (the first piece has the mark's id)."""
    classes = f"fact k-{mark.kind}" + ("" if first else " cont")
    return (f'<mark class="{classes}"' + (f' id="{_attr(mark.id)}"' if first else "")
            + f' data-fact="{_attr(mark.id)}" data-start="{mark.start}" data-end="{mark.end}"'
            f' title="{_attr(mark.title)}">')


def _label(mark: Mark) -> str:
    """The label ending a mark: an empty element showing data-label through CSS, so the text holds
    nothing but the article's; a link to the first mention where the mark has one."""
    if mark.href:
        return (f'<a class="label" href="#{_attr(mark.href)}" data-label="{_attr(mark.label)}" '
                f'aria-label="{_attr(mark.label)}: first mention"></a>')
    return f'<span class="label" data-label="{_attr(mark.label)}"></span>'


def _text(s: str) -> str:
    # A carriage return as a reference: an HTML parser would turn a literal one into a line feed.
    return html.escape(s, quote=False).replace("\r", "&#13;")


def _attr(s: str) -> str:
    return html.escape(str(s), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


# -- one article's facts ---------------------------------------------------------------------

@dataclass
class KindFacts:
    """One kind's facts of an article: its table's value columns and rows, in text order."""

    name: str
    columns: list[str]
    rows: list[dict]

    @property
    def values(self) -> list[str]:
        return [c for c in self.columns if c not in FRAME]


def colour(kind: str) -> str:
    """The kind's background colour (a kind added later gets one of the palette, always the same)."""
    if kind in COLOURS:
        return COLOURS[kind]
    return PALETTE[int(hashlib.sha1(kind.encode()).hexdigest(), 16) % len(PALETTE)]


def label(kind: str, row: dict) -> str:
    """The fact's span label, as the pipeline's doc.spans has it ("DATE_DAY", "Nghị quyết", "XÃ")."""
    spec = BY_NAME.get(kind)
    if spec is not None and spec.label is not None:
        try:
            value = spec.label(SimpleNamespace(**row))
            if value:
                return str(value)
        except (AttributeError, TypeError, ValueError):
            pass
    return kind.upper().removesuffix("S")  # a kind with no span label: its name ("PERIOD")


def mark_id(kind: str, i: int, mention: int = 0) -> str:
    """The id of the mark of the kind's i-th fact in text order (of its further mention, for officials)."""
    return f"{kind}-{i}" + (f"-{mention}" if mention else "")


def _spans(kind: str, row: dict) -> list[tuple[int, int]]:
    """The ranges to highlight: the fact's span, then each further mention (officials)."""
    spans = [(row.get("start"), row.get("end"))]
    for m in row.get("mentions") or []:
        if isinstance(m, dict) and (m.get("start"), m.get("end")) not in spans:
            spans.append((m.get("start"), m.get("end")))
    return [(s, e) for s, e in spans if isinstance(s, int) and isinstance(e, int)]


def marks_of(text: str, facts: list[KindFacts]) -> list[Mark]:
    """Every mark of an article: one per fact, one per official's mention; each mark of a document
    links to the first mention with its doc_key (or canonical), each later mention of an official
    to the first."""
    marks = []
    for kf in facts:
        key = next((k for k in DOCUMENT_KEYS if k in kf.columns), None) if kf.name == "documents" else None
        first: dict = {}
        for i, row in enumerate(kf.rows):
            title = _tooltip(kf, row)
            href = None
            if key is not None:
                doc = row.get(key) if row.get(key) is not None else ("row", i)
                in_text = (all(isinstance(row.get(k), int) for k in ("start", "end"))
                           and 0 <= row["start"] < row["end"] <= len(text))
                href = first.setdefault(doc, mark_id(kf.name, i)) if in_text else first.get(doc)
            for n, (s, e) in enumerate(_spans(kf.name, row)):
                if n and href is None:
                    href = mark_id(kf.name, i)
                marks.append(Mark(s, e, kf.name, mark_id(kf.name, i, n), label(kf.name, row), href, title))
    return [m for m in marks if 0 <= m.start < m.end <= len(text)]


def _tooltip(kf: KindFacts, row: dict) -> str:
    lines = [f"{kf.name} {row.get('start')}–{row.get('end')}"]
    lines += [f"{c}: {_plain(row.get(c))}" for c in kf.values if row.get(c) not in (None, [], "")]
    return "\n".join(lines)


# -- values ----------------------------------------------------------------------------------

def _plain(value) -> str:
    """A value as text: dates in ISO form, whole floats without ".0", lists and records spelled out."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if not value.second and not value.microsecond else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    return str(value)


def _cell(kind: str, i: int, row: dict, column: str, marked: set[str]) -> str:
    value = row.get(column)
    if value is None or value == []:
        return '<td class="null"></td>'
    if column == "mentions" and isinstance(value, list):
        spans = _spans(kind, row)
        links = []
        for m in value:
            span = (m.get("start"), m.get("end")) if isinstance(m, dict) else None
            target = mark_id(kind, i, spans.index(span)) if span in spans else None
            shown = html.escape(_plain(span[0]) + "–" + _plain(span[1])) if span else html.escape(_plain(m))
            links.append(f'<a href="#{target}">{shown}</a>' if target in marked else shown)
        return f"<td>{'<br>'.join(links)}</td>"
    if isinstance(value, list):
        return "<td>" + "<br>".join(html.escape(_plain(v)) for v in value) + "</td>"
    cls = ' class="num"' if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
    return f"<td{cls}>{html.escape(_plain(value))}</td>"


# -- pages -----------------------------------------------------------------------------------

CSS = """
:root { --ink: #1f2328; --muted: #656d76; --rule: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 "Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
header { padding: 1rem 1.5rem .5rem; border-bottom: 1px solid var(--rule); }
header h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 .5rem; }
header h1.none { color: var(--muted); font-style: italic; }
dl.fields { display: grid; grid-template-columns: repeat(3, max-content minmax(0, 1fr)); gap: 0 .8rem; margin: 0;
  font-size: .8rem; line-height: 1.45; }
details { font-size: .8rem; color: var(--muted); margin-top: .2rem; }
details[open] { color: inherit; }
details summary { cursor: pointer; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
.legend { margin: .6rem 0 0; font-size: .85rem; }
.legend a { color: inherit; text-decoration: none; margin-right: .9rem; white-space: nowrap; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: .2em; vertical-align: -.1em;
  margin-right: .3em; border: 1px solid rgba(0,0,0,.15); }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
.text { white-space: pre-wrap; overflow-wrap: break-word; padding: 1rem 1.5rem 4rem; line-height: 1.95; }
aside { border-left: 1px solid var(--rule); padding: .5rem 1rem 4rem; font-size: .78rem; position: sticky; top: 0;
  max-height: 100vh; overflow: auto; }
aside h2 { font-size: .95rem; margin: 1rem 0 .3rem; }
aside table { border-collapse: collapse; width: 100%; }
aside th, aside td { border-bottom: 1px solid var(--rule); padding: .15rem .35rem; text-align: left;
  vertical-align: top; }
aside th { color: var(--muted); font-weight: 600; white-space: nowrap; position: sticky; top: -.5rem;
  background: #fff; }
aside td.num { text-align: right; font-variant-numeric: tabular-nums; }
aside td.null::after { content: "–"; color: var(--rule); }
aside tr:target { background: #fff3b0; }
aside .none { color: var(--muted); font-style: italic; margin: 0; }
aside .scroll { overflow-x: auto; }
mark.fact { color: inherit; padding: .2em .3em; margin: 0 .05em; border-radius: .35em; line-height: 1;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; scroll-margin: 30vh 0; }
mark.fact mark.fact { padding: .05em .2em; box-shadow: 0 0 0 1px rgba(0,0,0,.25); }
mark.fact:target { outline: 3px solid #d1242f; outline-offset: 1px; }
.label::after { content: attr(data-label); font-size: .62em; font-weight: 700; text-transform: uppercase;
  letter-spacing: .02em; margin-left: .35em; vertical-align: middle; opacity: .7; white-space: nowrap; }
a.label { color: inherit; text-decoration: underline dotted; }
a.label:hover::after { opacity: 1; }
nav.back { font-size: .85rem; margin-bottom: .4rem; }
table.index { border-collapse: collapse; margin: 1rem 1.5rem; font-size: .85rem; }
table.index th, table.index td { border-bottom: 1px solid var(--rule); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
table.index td.num { text-align: right; font-variant-numeric: tabular-nums; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } aside { position: static; max-height: none;
  border-left: 0; border-top: 1px solid var(--rule); }
  dl.fields { grid-template-columns: max-content minmax(0, 1fr); } }
"""


def _css(kinds: list[str]) -> str:
    return CSS + "".join(f".k-{k} {{ background-color: {colour(k)}; }}\n" for k in kinds)


def _document(title: str, kinds: list[str], body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="qcdc-extract {__version__}">\n'
            f"<title>{_text(title)}</title>\n<style>{_css(kinds)}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def _fields(article: dict) -> str:
    """The article's fields: its own and its main place's (every main_* column) on top, the others
    (source, encoding, ...) folded below."""
    top = [f for f in ARTICLE_FIELDS if f != "title" and f in article]
    top += [c for c in article if c.startswith("main_") and c not in top]
    rest = [c for c in article if c not in top and c not in ("title", "text")]
    return (f'<dl class="fields">{"".join(_field(article, c) for c in top)}</dl>'
            f'<details><summary>{len(rest)} more fields: {html.escape(", ".join(rest))}</summary>'
            f'<dl class="fields">{"".join(_field(article, c) for c in rest)}</dl></details>')


def _field(article: dict, name: str) -> str:
    value = article[name]
    if name == "url" and isinstance(value, str) and re.match(r"https?://", value):
        shown = f'<a href="{_attr(value)}" rel="noreferrer">{html.escape(value)}</a>'
    elif value is None or value == []:
        shown = '<span class="null">–</span>'
    elif isinstance(value, list):
        shown = "<br>".join(html.escape(_plain(v)) for v in value)
    else:
        shown = html.escape(_plain(value))
    return f"<dt>{html.escape(name)}</dt><dd>{shown}</dd>"


def _legend(facts: list[KindFacts]) -> str:
    return '<p class="legend">' + "".join(
        f'<a href="#table-{kf.name}"><span class="swatch k-{kf.name}"></span>{html.escape(kf.name)} '
        f"({len(kf.rows)})</a>" for kf in facts) + "</p>"


def _side_table(kf: KindFacts, marked: set[str]) -> str:
    head = (f'<section id="table-{kf.name}"><h2><span class="swatch k-{kf.name}"></span>{html.escape(kf.name)} '
            f"({len(kf.rows)})</h2>")
    if not kf.rows:
        return head + '<p class="none">none</p></section>'
    cols = kf.values
    rows = []
    for i, row in enumerate(kf.rows):
        target = mark_id(kf.name, i)
        surface = html.escape(str(row.get("surface", "")))
        link = (f'<a href="#{target}">{surface}</a>' if target in marked
                else f'<span title="not in the text">{surface}</span>')
        cells = "".join(_cell(kf.name, i, row, c, marked) for c in cols)
        rows.append(f'<tr id="row-{target}" data-fact="{target}"><td>{link}</td>{cells}</tr>')
    header = "<th>surface</th>" + "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    return (head + f'<div class="scroll"><table><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table></div></section>")


def render_page(article: dict, facts: list[KindFacts], index_href: str | None = None) -> str:
    """The HTML page of one article (a row of the articles table) and its facts."""
    text = article.get("text") or ""
    marks = marks_of(text, facts)
    marked = {m.id for m in marks}
    title = article.get("title")
    heading = (f"<h1>{_text(title)}</h1>" if title else
               f'<h1 class="none">(no title) {_text(str(article.get("article_id", "")))}</h1>')
    back = f'<nav class="back"><a href="{_attr(index_href)}">← all articles</a></nav>' if index_href else ""
    body = (f"<header>{back}{heading}{_fields(article)}{_legend(facts)}</header>\n<main>\n"
            f'<div class="text" id="text" lang="vi">{render_text(text, marks)}</div>\n'
            f"<aside>{''.join(_side_table(kf, marked) for kf in facts)}</aside>\n</main>\n")
    return _document(title or str(article.get("article_id", "article")), [kf.name for kf in facts], body)


def _facts(output: Output, ids: list[str] | None) -> dict[str, dict[str, list[dict]]]:
    """Kind -> article id -> its rows in text order."""
    grouped: dict[str, dict[str, list[dict]]] = {}
    for kind in FACT_TABLES:
        by_article: dict[str, list[dict]] = {}
        for row in output.read(kind, ids=ids):
            by_article.setdefault(row.get("article_id"), []).append(row)
        for rows in by_article.values():
            rows.sort(key=lambda r: (_int(r.get("start")), _int(r.get("end"))))
        grouped[kind] = by_article
    return grouped


def _int(value) -> int:
    return value if isinstance(value, int) else -1


def _kind_facts(output: Output, grouped: dict, article_id: str) -> list[KindFacts]:
    return [KindFacts(kind, output.columns(kind), grouped[kind].get(article_id, [])) for kind in FACT_TABLES]


def article_page(out: Path, article_id: str | None = None, source: str | None = None) -> tuple[str, str]:
    """(id, HTML page) of one article of the output folder `out`: the one with that id (or start
    of an id), the one from that source, or the only one."""
    output = Output(out)
    chosen = pick(output, article_id, source)
    article = output.read("articles", ids=[chosen])[0]
    return chosen, render_page(article, _kind_facts(output, _facts(output, [chosen]), chosen))


def page_name(article_id: str) -> str:
    """The file name of an article's page: its id, or a hash of an id unfit for a file name."""
    if SAFE_NAME.fullmatch(article_id):
        return f"{article_id}.html"
    return f"article-{hashlib.sha1(article_id.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.html"


def write_all(out: Path, folder: Path) -> int:
    """Write folder/index.html and one page per article of `out`; returns the number of pages."""
    output = Output(out)
    articles = sorted(output.read("articles"), key=lambda a: (a.get("source") or "", a["article_id"]))
    grouped = _facts(output, None)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for article in articles:
        facts = _kind_facts(output, grouped, article["article_id"])
        name = page_name(article["article_id"])
        (folder / name).write_text(render_page(article, facts, index_href=INDEX_PAGE), encoding="utf-8")
        entries.append((article, name, {kf.name: len(kf.rows) for kf in facts}))
    (folder / INDEX_PAGE).write_text(render_index(entries, str(out)), encoding="utf-8")
    return len(articles)


def render_index(entries: list[tuple[dict, str, dict[str, int]]], out: str = "") -> str:
    """The index page: one row per article with its fields, its facts per kind and a link to its page."""
    kinds = list(FACT_TABLES)
    head = ("<tr><th>article</th><th>title</th><th>author</th><th>published_at</th><th>event_date</th>"
            "<th>main place</th>" + "".join(f'<th><span class="swatch k-{k}"></span>{k}</th>' for k in kinds)
            + "</tr>")
    rows = []
    for article, name, counts in entries:
        place = ", ".join(article[c] for c in ("main_commune", "main_district", "main_province") if article.get(c))
        code = article.get("main_place_code")
        cells = [f'<td><a href="{quote(name)}">{html.escape(article["article_id"])}</a></td>',
                 f'<td>{html.escape(article.get("title") or "")}</td>',
                 f'<td>{html.escape(article.get("author") or "")}</td>',
                 f'<td>{html.escape(_plain(article.get("published_at")))}</td>',
                 f'<td>{html.escape(_plain(article.get("event_date")))}</td>',
                 f'<td>{html.escape(place)}{f" ({html.escape(code)})" if code else ""}</td>']
        cells += [f'<td class="num">{counts.get(k, 0)}</td>' for k in kinds]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    body = (f"<header><h1>{len(entries):,} articles of {html.escape(out)}</h1></header>\n"
            f'<table class="index"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>\n')
    return _document(f"qcdc: {out}", kinds, body)
