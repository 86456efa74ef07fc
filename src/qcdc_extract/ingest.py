"""Ingestion: find inputs, read and decode them, clean pages into articles."""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import unescape
from itertools import islice
from pathlib import Path

import regex

from qcdc_extract import html_markup
from qcdc_extract import rxcache as rx
from qcdc_extract.clean import PARAGRAPH_WORDS, classify, clean_page, is_paragraph, parse_timestamp
from qcdc_extract.decode import DecodeError, decode_bytes, normalize_text
from qcdc_extract.resources import DataFileError
from qcdc_extract.limits import OverBudget, budget
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
_NON_TEXT = rx.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", regex.S | regex.I)
# Lone surrogates: valid in JSON escapes ("\ud800"), not in UTF-8, so Parquet refuses them.
_SURROGATE = rx.compile("[\ud800-\udfff]")
# Opening a FIFO for reading waits for a writer unless non-blocking (no flag on Windows).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
# What a path is when it is not a regular file, for the error row.
_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Record fields that must be JSON strings (or null), and what each JSON type is called.
_TEXT_FIELDS = ("url", "title", "author", "text", "html")
_JSON_TYPES = ((bool, "boolean"), (int, "number"), (float, "number"), (list, "array"), (dict, "object"))
# A numeric `published` above this is Unix time in milliseconds (1e11 s is the year 5138).
_MILLISECONDS_FROM = 1e11


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
    # Bytes of the file that were not valid in its encoding and became U+FFFD (see decode).
    replaced_bytes: int | None = None

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
    """Cut a JSON Lines input into slices of at most `lines_per_slice` lines (bounded batches).

    Every slice, even of a small file, says how many records it holds, so that a rerun
    skips the records already done one by one.
    """
    try:
        with _open_regular(item.path) as fh:
            count, offsets = _count_lines(fh, lines_per_slice)
    except _NotAFile as exc:
        yield Input(item.path, item.source, IngestError(item.source, "not_a_file", str(exc)))
        return
    except OSError as exc:
        yield Input(item.path, item.source, _unreadable(item.source, exc))
        return
    for i, offset in enumerate(offsets):
        n = min(lines_per_slice, count - i * lines_per_slice)
        if n > 0 or i == 0:  # an empty file is one slice of none, so it gets its error row
            yield Input(item.path, item.source, offset=offset, first_record=i * lines_per_slice + 1, n_records=n)


def _count_lines(fh, lines_per_slice: int) -> tuple[int, list[int]]:
    """The number of lines of a file (a last one without a line end counts) and the byte
    offset of every lines_per_slice-th line start."""
    offsets, count, position, last = [0], 0, 0, b"\n"
    while block := fh.read(1 << 20):
        start = 0
        while (i := block.find(b"\n", start)) != -1:
            count += 1
            start = i + 1
            if count % lines_per_slice == 0:
                offsets.append(position + start)
        position += len(block)
        last = block[-1:]
    if last != b"\n":
        count += 1
    return count, offsets


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the BLAKE2b hash of the cleaned text, whitespace folded."""
    # Folded, because sites and trafilatura part paragraphs with one or two line breaks:
    # the same article scraped as HTML and as text must get the same id.
    return hashlib.blake2b(fold_spaces(text).encode("utf-8"), digest_size=8).hexdigest()


def count_records(args: Iterable[str]) -> int | None:
    """How many records `args` hold (a JSON Lines file counts its lines, any other file one),
    cheaply, for a progress bar's total; None when they come from stdin (read only once)."""
    args = list(args)
    if "-" in args:
        return None
    total = 0
    for item in discover(args):
        if item.path is not None and item.path.suffix.lower() == ".jsonl":
            try:
                with item.path.open("rb") as fh:
                    total += sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) or 1
            except OSError:
                total += 1
        else:
            total += 1
    return total


def discover(args: Iterable[str], skipped: list[str] | None = None) -> Iterator[Input]:
    """Expand files, folders (recursively), glob patterns and '-' (paths on stdin).

    `skipped`, when given, receives the files a folder walk passes over (hidden, or of an
    unsupported suffix), so the caller can count them.
    """
    for arg in args:
        if arg == "-":
            yield from discover(_stdin_paths(), skipped)
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path, skipped)
        elif path.exists():
            yield Input(path, display_path(path))
        elif _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                shown = display_path(arg)
                yield Input(None, shown, IngestError(shown, "not_found", f"no file matches the pattern {shown!r}"))
            for match in matches:
                yield from discover([match], skipped)
        else:
            shown = display_path(arg)
            yield Input(None, shown, IngestError(shown, "not_found", f"no such file or folder: {shown}"))


def _stdin_paths() -> Iterator[str]:
    """The paths on standard input, one a line; names that are not UTF-8 kept as the OS gives them."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    lines = (os.fsdecode(line) for line in stream) if stream is not None else sys.stdin
    return (line.strip() for line in lines if line.strip())


def display_path(path) -> str:
    """A path as valid UTF-8 text for the tables: bytes of the name that are not UTF-8 as "\\xe9".

    Input.path keeps the real name for reading; this is its Input.source.
    """
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no OS name decodes to, from code
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(folder: Path, skipped: list[str] | None = None) -> Iterator[Input]:
    """The supported files under a folder, in name order; hidden files and folders left out."""
    found = False
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                if skipped is not None:
                    skipped.append(display_path(path))
                continue
            found = True
            yield Input(path, display_path(path))
    if not found:
        shown = display_path(folder)
        yield Input(
            None,
            shown,
            IngestError(shown, "no_articles", f"folder holds no {'/'.join(SUPPORTED_SUFFIXES)} files"),
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
    for result in reader.read(item, options):
        yield _storable(result)


def _storable(result: Article | IngestError) -> Article | IngestError:
    """The result with no lone surrogate left in its strings: Parquet (UTF-8) refuses them."""
    if isinstance(result, IngestError):
        if _SURROGATE.search(result.source + result.message):
            return IngestError(_valid_text(result.source), result.error, _valid_text(result.message))
        return result
    for name in ("source", "text", "title", "author", "url"):
        value = getattr(result, name)
        if value and _SURROGATE.search(value):
            setattr(result, name, _valid_text(value))
    result.sources = [_valid_text(s) for s in result.sources]
    return result


def _valid_text(text: str) -> str:
    """Text with each lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def split_records(item: Input, n: int) -> Iterator[Input]:
    """An input as slices of at most n records: a container file in pieces, any other whole."""
    reader = BY_SUFFIX.get(item.path.suffix.lower()) if item.error is None else None
    if reader is None or reader.split is None:
        yield item
        return
    yield from reader.split(item, n)


class _NotAFile(OSError):
    """A path that is a FIFO, a device, a socket or a folder: reading it may never end."""


def _open_regular(path: Path):
    """A regular file opened for binary reading; never blocks, even on a FIFO.

    The kind is checked on the path (links followed) before opening, so a device is never
    opened, and again on the open file, in case the path was swapped in between.
    """
    _check_regular(os.stat(path))
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _check_regular(os.fstat(fd))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(st: os.stat_result) -> None:
    """Refuse anything but a regular file: a FIFO blocks, a device never ends."""
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(st.st_mode)), "not a file")
        raise _NotAFile(f"{kind}, not a regular file: only regular files are read")


def _unreadable(source: str, exc: OSError) -> IngestError:
    """The error row of a file the OS would not let us read (permissions, vanished, ...)."""
    return IngestError(source, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")


def _read_bounded(path: Path, max_bytes: int) -> bytes | int:
    """The bytes of a regular file, or its size when over max_bytes (then nothing is read)."""
    size = os.stat(path).st_size
    if size > max_bytes:
        return size  # checked before opening: a huge file is not even opened
    with _open_regular(path) as fh:
        # Read what the file holds (a read of max_bytes would allocate that much), then,
        # should it have grown since, the rest up to one byte over the limit.
        want = min(os.fstat(fh.fileno()).st_size, max_bytes) + 1
        data = fh.read(want)
        if len(data) == want <= max_bytes:
            data += fh.read(max_bytes + 1 - want)
    return data if len(data) <= max_bytes else max(size, len(data))


def _read_file(item: Input, options: Options):
    """The decoded text of a one-article file, or its error row."""
    try:
        data = _read_bounded(item.path, options.max_bytes)
        if isinstance(data, int):
            return IngestError(item.source, "too_large",
                               f"{data:,} bytes is over the limit of {options.max_bytes:,} (max_bytes)")
        return decode_bytes(data)
    except DecodeError as exc:
        return IngestError(item.source, exc.kind, f"{_DECODE_ERRORS.get(exc.kind, 'cannot decode the file')}: {exc}")
    except _NotAFile as exc:
        return IngestError(item.source, "not_a_file", str(exc))
    except OSError as exc:
        return _unreadable(item.source, exc)


def _page_reader(parse):
    """A reader of one-article files: decode the file, then `parse(text, source, encoding, options)`."""
    def read(item: Input, options: Options) -> Iterator[Article | IngestError]:
        decoded = _read_file(item, options)
        if isinstance(decoded, IngestError):
            yield decoded
            return
        yield _with_replaced(parse(decoded.text, item.source, decoded.encoding, options), decoded.replaced_bytes)

    read.__doc__ = parse.__doc__
    return read


def _with_replaced(result: Article | IngestError, replaced_bytes: int) -> Article | IngestError:
    """The article with the count of bytes its decoding replaced, kept in the articles table."""
    if isinstance(result, Article):
        result.replaced_bytes = replaced_bytes
    return result


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
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=options.favor == "recall", favor_precision=options.favor == "precision",
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken markup
        return IngestError(source, "bad_html", f"{type(exc).__name__}: {exc}")
    if doc is None or not (doc.text or "").strip():
        return IngestError(source, "no_text", "no main text found in the HTML page")
    links = html_markup.link_share(html, doc.text)
    if links is not None:
        return IngestError(source, "not_an_article", f"a listing page: {links:.0%} of its main text is links to other pages")
    day = _parse_iso(doc.date)
    published_at = published_at or _html_timestamp(html) or _shown_timestamp(html, day) or day
    text = html_markup.with_lead(doc.text, html)
    return _finish(
        source, text, options, fmt="html", encoding=encoding,
        title=title or html_markup.whole_title(doc.title, html), author=doc.author, published_at=published_at,
        url=url or doc.url,
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
        try:
            stamp = stamp.astimezone(VIETNAM_TIME)
        except OverflowError:  # "0001-01-01T00:00:00+14:00" is before year 1 in UTC
            return None
    return stamp.replace(tzinfo=None)


def _published(value) -> datetime | None:
    """A record's `published`: a time stamp string, or Unix time in seconds or milliseconds;
    None when it cannot be read (the article is kept without it)."""
    if isinstance(value, str):
        return _parse_iso(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    seconds = value / 1000 if abs(value) > _MILLISECONDS_FROM else value
    try:
        return datetime.fromtimestamp(seconds, VIETNAM_TIME).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):  # out of range, or NaN
        return None


def _read_jsonl(item: Input, options: Options) -> Iterator[Article | IngestError]:
    """One article per line: fields url, title, text or html, optional author and published."""
    try:
        yield from _jsonl_records(item, options)
    except _NotAFile as exc:
        yield IngestError(item.source, "not_a_file", str(exc))
    except OSError as exc:
        yield _unreadable(item.source, exc)


def _jsonl_records(item: Input, options: Options) -> Iterator[Article | IngestError]:
    any_line = False
    source, first = item.source, item.first_record
    with _open_regular(item.path) as fh:
        fh.seek(item.offset)
        lines = _lines(fh, options.max_bytes)
        if item.n_records is not None:
            lines = islice(lines, item.n_records)  # stops before reading the next slice's line
        for lineno, raw in enumerate(lines, first):
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
            yield _guarded_record(raw, where, options)
        if not any_line and first == 1 and not _any_record_after(fh, options.max_bytes):
            yield IngestError(source, "empty", "the JSON Lines file holds no records")


def _any_record_after(fh, max_bytes: int) -> bool:
    """Whether a line after the first slice holds anything (then that slice is not the file)."""
    return any(isinstance(raw, int) or raw.strip() for raw in _lines(fh, max_bytes))


def _guarded_record(raw: bytes, where: str, options: Options) -> Article | IngestError:
    """_record, with an unforeseen failure or an overrun on one record turned into that record's error row."""
    try:
        with budget(options.timeout):
            return _record(raw, where, options)
    except OverBudget as exc:
        LOGGER.warning("%s: reading %s", where, exc)
        return IngestError(where, "timeout", f"reading the record {exc}")
    except DataFileError:
        raise  # a broken data file fails every record: the run must stop
    except Exception as exc:  # a bug or a parser crash on one record must not end the file
        LOGGER.error("%s: reading the record failed", where, exc_info=True)
        return IngestError(where, "internal_error", f"reading the record failed: {type(exc).__name__}: {exc}")


def _record(raw: bytes, where: str, options: Options) -> Article | IngestError:
    """One JSON Lines record as an article, or its error row."""
    try:
        record = json.loads(raw.decode("utf-8").strip())
    except UnicodeDecodeError as exc:
        return IngestError(where, "bad_json", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return IngestError(where, "bad_json", f"not valid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return IngestError(where, "bad_json", "JSON nested too deeply to read")
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return IngestError(where, "bad_json", f"JSON that cannot be read: {exc}")
    if not isinstance(record, dict):
        return IngestError(where, "bad_record", "a JSON object with a 'text' or 'html' field is expected")
    wrong = next((name for name in _TEXT_FIELDS if not isinstance(record.get(name), (str, type(None)))), None)
    if wrong is not None:
        return IngestError(where, "bad_record", f"field {wrong!r} holds a JSON {_json_type(record[wrong])}, "
                                                "not text (a JSON string)")
    text, html = _field(record, "text"), _field(record, "html")
    if not (text or html):
        return IngestError(where, "bad_record", "a JSON object with a 'text' or 'html' field is expected")
    published = _published(record.get("published"))
    url, title = _field(record, "url"), _field(record, "title")
    if text:
        result = _finish(where, text, options, fmt="jsonl", encoding="utf-8",
                         title=title, author=_field(record, "author"), published_at=published, url=url)
    else:
        result = _from_html(html, where, "utf-8", options, url=url, title=title, published_at=published)
    return _with_replaced(result, 0)  # a record is strict UTF-8: a bad byte makes it bad_json


def _json_type(value) -> str:
    """The JSON name of a parsed value's type."""
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), type(value).__name__)


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
    """A record's string field, lone surrogates replaced; None when missing, null or empty
    (scrapers write all three)."""
    value = record.get(name)
    if value is None or value == "":
        return None
    return _valid_text(value)


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
    Reader("txt", (".txt",), _page_reader(_from_text)),  # a page as scraped, in any supported encoding
    Reader("html", (".html", ".htm"), _page_reader(_from_html)),  # main text and metadata of the markup
    Reader("jsonl", (".jsonl",), _read_jsonl, split=_split_jsonl),
)
BY_SUFFIX: dict[str, Reader] = {suffix: r for r in READERS for suffix in r.suffixes}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(BY_SUFFIX)
