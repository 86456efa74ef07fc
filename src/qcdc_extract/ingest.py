"""Ingestion: find inputs, read and decode them, clean pages into articles."""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path

import regex

from qcdc_extract.clean import PARAGRAPH_WORDS, classify, clean_page, is_paragraph, parse_timestamp
from qcdc_extract.decode import DecodeError, decode_bytes, normalize_text
from qcdc_extract.settings import Options
from qcdc_extract.vi import fold_spaces

LOGGER = logging.getLogger(__name__)

_GLOB_CHARS = frozenset("*?[")
# Pages show local time ("08:54 06/04/2022"); a stamp with an offset (meta tags are often
# in UTC) is brought to that clock, so every published_at is comparable.
VIETNAM_TIME = timezone(timedelta(hours=7))
# What each kind of decoding failure means to the person reading the errors table.
_DECODE_ERRORS = {
    "empty": "the file holds no text",
    "binary": "not a text file",
    "undecodable": "not text in any supported encoding (UTF-8, UTF-16, cp1258, TCVN3, VNI, VISCII)",
}
# Markup that holds no visible text, and every tag; stripped to find the time stamp line
# a page shows ("Cập nhật: 14:05 12/05/2023") when its meta tags give none.
_NON_TEXT = regex.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", regex.S | regex.I)


@dataclass
class Article:
    """One cleaned article, ready for the pipeline."""

    article_id: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    encoding: str | None = None
    format: str = "txt"
    sources: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.sources:
            self.sources = [self.source]


@dataclass(frozen=True)
class IngestError:
    """An input that could not be turned into an article, and why."""

    source: str
    error: str
    message: str


@dataclass(frozen=True)
class Input:
    """A file to read, or an input that failed before reading."""

    path: Path | None
    source: str
    error: IngestError | None = None
    # A slice of a container file (one holding many records): n_records records from byte
    # `offset`, the first being record number `first_record`; None means the whole file.
    offset: int = 0
    first_record: int = 1
    n_records: int | None = None

    @property
    def size(self) -> int:
        """How many records this input may give (for sizing batches)."""
        return self.n_records or 1


def _split_jsonl(item: Input, lines_per_slice: int) -> Iterator[Input]:
    """Cut a JSON Lines input into slices of at most `lines_per_slice` lines (bounded batches)."""
    offsets = [0]
    count = 0
    with item.path.open("rb") as fh:
        position = 0
        for raw in iter(lambda: fh.readline(1 << 20), b""):
            position += len(raw)
            if raw.endswith(b"\n") or len(raw) < (1 << 20):
                count += 1
                if count % lines_per_slice == 0:
                    offsets.append(position)
    if count <= lines_per_slice:
        yield item
        return
    for i, offset in enumerate(offsets):
        n = min(lines_per_slice, count - i * lines_per_slice)
        if n > 0:
            yield Input(item.path, item.source, offset=offset, first_record=i * lines_per_slice + 1, n_records=n)


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the BLAKE2b hash of the cleaned text, whitespace folded."""
    # Folded, because sites and trafilatura part paragraphs with one or two line breaks:
    # the same article scraped as HTML and as text must get the same id.
    return hashlib.blake2b(fold_spaces(text).encode("utf-8"), digest_size=8).hexdigest()


def discover(args: Iterable[str]) -> Iterator[Input]:
    """Expand files, folders (recursively), glob patterns and '-' (paths on stdin)."""
    for arg in args:
        if arg == "-":
            import sys

            yield from discover(line.strip() for line in sys.stdin if line.strip())
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield Input(path, str(path))
        elif _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield Input(None, arg, IngestError(arg, "not_found", f"no file matches the pattern {arg!r}"))
            for match in matches:
                yield from discover([match])
        else:
            yield Input(None, arg, IngestError(arg, "not_found", f"no such file or folder: {arg}"))


def _walk(folder: Path) -> Iterator[Input]:
    found = False
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            found = True
            path = Path(root) / name
            yield Input(path, str(path))
    if not found:
        yield Input(
            None,
            str(folder),
            IngestError(str(folder), "no_articles", f"folder holds no {'/'.join(SUPPORTED_SUFFIXES)} files"),
        )


def read_input(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """Read one input with the reader its suffix names (see READERS)."""
    if item.error:
        yield item.error
        return
    suffix = item.path.suffix.lower()
    reader = BY_SUFFIX.get(suffix)
    if reader is None:
        yield IngestError(item.source, "unsupported_format",
                          f"{suffix or 'no suffix'} is not one of {', '.join(SUPPORTED_SUFFIXES)}")
        return
    yield from reader.read(item, options)


def split_records(item: Input, n: int) -> Iterator[Input]:
    """An input as slices of at most n records: a container file in pieces, any other whole."""
    reader = BY_SUFFIX.get(item.path.suffix.lower()) if item.error is None else None
    if reader is None or reader.split is None:
        yield item
        return
    yield from reader.split(item, n)


def _read_file(item: Input, options: Options):
    """The decoded text of a one-article file, or its error row."""
    try:
        size = item.path.stat().st_size
        if size > options.max_bytes:
            return IngestError(item.source, "too_large",
                               f"{size:,} bytes is over the limit of {options.max_bytes:,} (max_bytes)")
        return decode_bytes(item.path.read_bytes())
    except DecodeError as exc:
        return IngestError(item.source, exc.kind, f"{_DECODE_ERRORS.get(exc.kind, 'cannot decode the file')}: {exc}")
    except OSError as exc:
        return IngestError(item.source, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")


def _read_text(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """A page as scraped, in any supported encoding: one article."""
    decoded = _read_file(item, options)
    yield decoded if isinstance(decoded, IngestError) else _from_text(decoded.text, item.source, decoded.encoding, options)


def _read_html(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """An HTML page: one article from its main text and metadata."""
    decoded = _read_file(item, options)
    yield decoded if isinstance(decoded, IngestError) else _from_html(decoded.text, item.source, decoded.encoding, options)


def _finish(source: str, raw_text: str, options: Options, *, fmt: str, encoding: str | None,
            title=None, author=None, published_at=None, url=None) -> Article | IngestError:
    text = normalize_text(raw_text, options.tone_marks)
    if title:
        title = normalize_text(title, options.tone_marks)
    if author:
        author = fold_spaces(normalize_text(author, options.tone_marks)) or None
    cleaned = clean_page(text, title=title, author=author, published_at=published_at)
    if not cleaned.text.strip():
        return IngestError(source, "no_text", "no article text left after cleaning")
    # An article has a paragraph besides its title: HTML cut off before its body, or a
    # page of menus, leaves only short lines.
    body = cleaned.text.split("\n")[2:] if cleaned.title else cleaned.text.split("\n")
    if not any(is_paragraph(line) for line in body):
        return IngestError(source, "no_text", f"no paragraph of {PARAGRAPH_WORDS} or more words after "
                                              "cleaning, only a title, headings or page furniture")
    return Article(
        article_id=article_id(cleaned.text),
        source=source,
        text=cleaned.text,
        title=cleaned.title,
        author=cleaned.author,
        published_at=cleaned.published_at,
        url=url,
        encoding=encoding,
        format=fmt,
    )


def _from_text(text: str, source: str, encoding: str, options: Options) -> Article | IngestError:
    return _finish(source, text, options, fmt="txt", encoding=encoding)


def _from_html(html: str, source: str, encoding: str | None, options: Options, *,
               url=None, title=None, published_at=None) -> Article | IngestError:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken markup
        return IngestError(source, "bad_html", f"{type(exc).__name__}: {exc}")
    if doc is None or not (doc.text or "").strip():
        return IngestError(source, "no_text", "no main text found in the HTML page")
    day = _parse_iso(doc.date)
    published_at = published_at or _html_timestamp(html) or _shown_timestamp(html, day) or day
    return _finish(
        source, doc.text, options, fmt="html", encoding=encoding,
        title=title or doc.title, author=doc.author, published_at=published_at, url=url or doc.url,
    )


def _html_timestamp(html: str) -> datetime | None:
    """The page's own time stamp from the usual meta tags, with its time of day."""
    m = regex.search(
        r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|pubdate|publishdate|og:published_time|dc\.date)["'][^>]*>""",
        html[:200_000],
        regex.IGNORECASE,
    )
    if not m:
        return None
    content = regex.search(r"""content\s*=\s*["']([^"']+)""", m.group(0), regex.IGNORECASE)
    return _parse_iso(content.group(1)) if content else None


def _shown_timestamp(html: str, day: datetime | None) -> datetime | None:
    """The time stamp line the page shows for `day` (trafilatura's date has no time of day)."""
    if day is None:
        return None
    for line in _NON_TEXT.sub("\n", html[:200_000]).split("\n"):
        action, m = classify(fold_spaces(unescape(line)))
        if action == "timestamp":
            stamp = parse_timestamp(m)
            # The first stamp of that day: a sidebar's stamps are of other days.
            if stamp is not None and stamp.date() == day.date():
                return stamp
    return None


def _parse_iso(value) -> datetime | None:
    """A time stamp from metadata (ISO 8601, or a form pages show), naive in Vietnam time."""
    if not value:
        return None
    if isinstance(value, datetime):
        stamp = value
    else:
        text = fold_spaces(str(value))
        try:
            stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            action, m = classify(text)
            if action == "timestamp":
                return parse_timestamp(m)
            for fmt in ("%Y/%m/%d %H:%M", "%Y/%m/%d"):
                try:
                    return datetime.strptime(text, fmt)
                except ValueError:
                    continue
            return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(VIETNAM_TIME)
    return stamp.replace(tzinfo=None)


def _read_jsonl(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """One article per line: fields url, title, text or html, optional author and published."""
    try:
        yield from _jsonl_records(item, options)
    except OSError as exc:
        yield IngestError(item.source, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")


def _jsonl_records(item: Input, options: Options) -> Iterator[Article | IngestError]:
    any_line = False
    path, source = item.path, item.source
    first, n_lines = item.first_record, item.n_records
    with path.open("rb") as fh:
        fh.seek(item.offset)
        for lineno, raw in enumerate(_lines(fh, options.max_bytes), first):
            if n_lines is not None and lineno >= first + n_lines:
                break
            where = f"{source}:{lineno}"
            if isinstance(raw, int):
                any_line = True
                yield IngestError(where, "too_large", f"line of {raw:,} bytes is over the limit of {options.max_bytes:,} (max_bytes)")
                continue
            if lineno == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            any_line = True
            try:
                record = json.loads(raw.decode("utf-8").strip())
            except UnicodeDecodeError as exc:
                yield IngestError(where, "bad_json", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
                continue
            except json.JSONDecodeError as exc:
                yield IngestError(where, "bad_json", f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(record, dict) or not (_field(record, "text") or _field(record, "html")):
                yield IngestError(where, "bad_record", "a JSON object with a 'text' or 'html' field is expected")
                continue
            published = _parse_iso(_field(record, "published"))
            url, title = _field(record, "url"), _field(record, "title")
            if _field(record, "text"):
                yield _finish(where, _field(record, "text"), options, fmt="jsonl", encoding="utf-8",
                              title=title, author=_field(record, "author"), published_at=published, url=url)
            else:
                yield _from_html(_field(record, "html"), where, "utf-8", options,
                                 url=url, title=title, published_at=published)
    if not any_line and first == 1:
        yield IngestError(source, "empty", "the JSON Lines file holds no records")


def _lines(fh, max_bytes: int) -> Iterator[bytes | int]:
    """The file's lines; for a line over max_bytes, its length instead, without holding it in memory."""
    while raw := fh.readline(max_bytes + 1):
        if len(raw) <= max_bytes:
            yield raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (raw := fh.readline(1 << 20)):
            size += len(raw)
        yield size


def _field(record: dict, name: str) -> str | None:
    """A record's field as text; None when missing, null or empty (scrapers write all three)."""
    value = record.get(name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def read_all(args: Iterable[str], options: Options | None = None) -> Iterator[Article | IngestError]:
    """Every article and error from the given inputs, in input order."""
    options = options or Options()
    for item in discover(args):
        yield from read_input(item, options)


@dataclass(frozen=True)
class Reader:
    """How to read one input format: a new format is one reader and one entry in READERS."""

    format: str
    suffixes: tuple[str, ...]
    # read(item, options) -> articles and error rows, in record order.
    read: Callable[[Input, Options], Iterator[Article | IngestError]]
    # For a container of many records: split(item, n) -> Inputs of at most n records each,
    # by byte offset and record count (see Input). None: one article per file.
    split: Callable[[Input, int], Iterator[Input]] | None = None


READERS: tuple[Reader, ...] = (
    Reader("txt", (".txt",), _read_text),
    Reader("html", (".html", ".htm"), _read_html),
    Reader("jsonl", (".jsonl",), _read_jsonl, split=_split_jsonl),
)
BY_SUFFIX: dict[str, Reader] = {suffix: r for r in READERS for suffix in r.suffixes}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(BY_SUFFIX)
