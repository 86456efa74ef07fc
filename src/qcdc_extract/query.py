"""SQL over an output folder: one DuckDB view per table, over its committed parts only.

`connect(OUT)` opens an in-memory DuckDB connection with a view per table of schema.TABLES,
each reading exactly the parts the manifest and journal say are committed (a part renamed
into place by a run killed before its "committed" line is not read, nor a staged one) and
typed by the table's schema, so a table with no parts yet, or parts from before a column
existed, still has every column. `query(OUT, SQL)` returns a result as a pyarrow Table;
`views(OUT)` lists the views with their row counts and columns; the `write_*` functions
write a result as an aligned text table, CSV, JSON or a Parquet file.
"""
from __future__ import annotations

import contextlib
import csv
import json
import logging
import math
import os
import unicodedata
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa

from qcdc_extract.schema import SCHEMAS, TABLES
from qcdc_extract.writer import JOURNAL, MANIFEST, _missing, _staged_path, read_manifest

LOGGER = logging.getLogger(__name__)

# Rows fetched from DuckDB at a time when a result is streamed (CSV, JSON).
FETCH_ROWS = 10_000
# Shown in the text table for a cell past --width, and for a line break inside a cell.
ELLIPSIS, LINE_BREAK = "…", "⏎"
NULL = "NULL"


class QueryError(ValueError):
    """An output folder that cannot be queried, or a result that cannot be written."""


def committed_parts(out: Path) -> dict[str, list[Path]]:
    """The part files each table reads: those of committed batches, as the writer's state stands.

    A compaction killed while swapping its merged parts in (state "compacting") leaves some
    tables with the merged part in place, or staged and complete beside the replaced parts
    it already deleted; such a table reads the merged part instead of the replaced ones, so
    no row is read twice or lost.
    """
    out = Path(out)
    if not out.is_dir():
        what = "is not a folder" if out.exists() else "does not exist"
        raise QueryError(f"{out} {what}: give an output folder written by `qcdc extract ... --out`")
    if not ((out / MANIFEST).is_file() or (out / JOURNAL).is_file()):
        raise QueryError(f"{out} is not a qcdc output folder (no {MANIFEST}): give a folder written by "
                         "`qcdc extract ... --out`")
    batches = read_manifest(out)["batches"]
    parts: dict[str, list[Path]] = {name: [] for name in TABLES}
    instead: set[tuple[str, str]] = set()  # (batch id, table) whose rows a merged part holds
    for merge in (b for b in batches if b.get("state") == "compacting"):
        for name, part in merge["parts"].items():
            found = [p for p in (out / name / part, _staged_path(out, name, merge["id"])) if p.is_file()]
            if found and name in parts:
                parts[name].append(found[0])
                instead.update((replaced, name) for replaced in merge.get("replaces", ()))
    for batch in batches:
        if batch.get("state") == "committed":
            for name, part in batch["parts"].items():
                if name in parts and (batch["id"], name) not in instead:
                    parts[name].append(out / name / part)
    for name, paths in parts.items():
        for path in paths:
            if not path.is_file():
                raise QueryError(str(_missing(path)))
    return parts


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the output folder OUT."""
    parts = committed_parts(out)
    try:
        str(out).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(f"{out}: DuckDB reads only paths in UTF-8; rename the folder") from exc
    # Never download an extension behind the user's back (nothing downloads at run time);
    # `INSTALL name` in the SQL still does, when asked.
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    try:
        for name in TABLES:
            con.execute(f"CREATE VIEW {_ident(name)} AS {_view_sql(con, name, parts[name])}")
    except BaseException:
        con.close()
        raise
    return con


def _view_sql(con: duckdb.DuckDBPyConnection, name: str, paths: list[Path]) -> str:
    """A table's typed empty row set, united by column name with its parts (union_by_name: old parts lack columns)."""
    empty = con.from_arrow(SCHEMAS[name].empty_table())
    typed = ", ".join(f"CAST(NULL AS {kind}) AS {_ident(col)}" for col, kind in zip(empty.columns, empty.types))
    sql = f"SELECT * FROM (SELECT {typed} LIMIT 0)"
    if paths:
        files = ", ".join(_literal(str(p)) for p in paths)
        sql += f" UNION ALL BY NAME SELECT * FROM read_parquet([{files}], union_by_name = true)"
    return sql


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def execute(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run SQL (one statement or several: the last one's result); None if it gives no rows (CREATE ...)."""
    if not sql.strip():
        raise QueryError("the SQL is empty")
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes of another encoding in the command line, escaped by Python
        raise QueryError(f"the SQL is not UTF-8 text: an undecodable byte at character {exc.start + 1}") from exc
    return con.sql(sql)


def query(out: Path, sql: str) -> pa.Table:
    """The result of SQL over the views of OUT, as a pyarrow Table (empty for a statement with no result)."""
    with connect(out) as con:
        rel = execute(con, sql)
        return pa.table({}) if rel is None else rel.to_arrow_table()


def views(out: Path) -> list[dict]:
    """Every view of OUT: its name, row count and columns (name, DuckDB type)."""
    with connect(out) as con:
        found = []
        for name in TABLES:
            rel = con.table(name)
            rows = con.sql(f"SELECT count(*) FROM {_ident(name)}").fetchone()[0]
            found.append({"view": name, "rows": rows,
                          "columns": [{"name": c, "type": str(t)} for c, t in zip(rel.columns, rel.types)]})
        return found


# -- writing a result --------------------------------------------------------------------------

def _batches(rel: duckdb.DuckDBPyRelation):
    while rows := rel.fetchmany(FETCH_ROWS):
        yield from rows


def write_text(rel: duckdb.DuckDBPyRelation, fh: IO[str], width: int = 60) -> int:
    """The result as an aligned text table, cells cut to `width` characters (0: never); returns rows."""
    return write_table(rel.columns, rel.fetchall(), fh, width, numeric=[_is_number(t) for t in rel.types])


def write_table(columns: list[str], rows: list[tuple], fh: IO[str], width: int = 60,
                numeric: list[bool] | None = None) -> int:
    """Rows under their column names, aligned by display width (numbers to the right)."""
    numeric = numeric or [False] * len(columns)
    # Numbers are never cut: only text is long.
    cells = [[_fit(_text(v), 0 if right else width) for v, right in zip(row, numeric)] for row in rows]
    head = [_fit(c, width) for c in columns]
    widths = [max([display_width(head[i])] + [display_width(r[i]) for r in cells]) for i in range(len(columns))]
    fh.write(_line(head, widths, [False] * len(columns)))
    fh.write(_line(["-" * w for w in widths], widths, numeric))
    for row in cells:
        fh.write(_line(row, widths, numeric))
    fh.write(f"({len(rows)} row{'' if len(rows) == 1 else 's'})\n")
    return len(rows)


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    padded = []
    for cell, w, r in zip(cells, widths, right):
        pad = " " * (w - display_width(cell))
        padded.append(pad + cell if r else cell + pad)
    return "  ".join(padded).rstrip() + "\n"


def display_width(text: str) -> int:
    """Terminal columns text takes: combining marks none, East Asian wide characters two."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _fit(text: str, width: int) -> str:
    """Text on one line, cut to at most `width` display columns with an ellipsis (0: whole)."""
    text = "".join(_printable(ch) for ch in text.replace("\r\n", "\n"))
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    # Combining marks take no width, so a kept letter keeps its marks (text not in NFC).
    return "".join(out) + ELLIPSIS


def _printable(ch: str) -> str:
    """A character as one line of a cell shows it: line breaks as a sign, other controls as a space."""
    if ch == "\n" or unicodedata.category(ch) in ("Zl", "Zp"):
        return LINE_BREAK
    return " " if unicodedata.category(ch) == "Cc" else ch


def _is_number(kind) -> bool:
    name = str(kind).upper()
    return name.split("(")[0] in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                                  "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL"}


def _text(value) -> str:
    """A cell of the text table."""
    if value is None:
        return NULL
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return _csv_cell(value)


def _csv_cell(value) -> str:
    """A cell of CSV: ISO dates, true/false, JSON for lists and structs, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(json_value(value), ensure_ascii=False)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def json_value(value):
    """A result value as JSON can hold it: ISO dates, decimals as numbers, NaN and infinities as null."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)  # UUID, interval (timedelta), ...


def write_csv(rel: duckdb.DuckDBPyRelation, fh: IO[str]) -> int:
    """The result as CSV (RFC 4180: CRLF line ends, so a CR inside a cell is quoted) with a header row; returns rows.

    Open fh with newline="".
    """
    writer = csv.writer(fh)
    writer.writerow(rel.columns)
    n = 0
    for row in _batches(rel):
        writer.writerow([_csv_cell(v) for v in row])
        n += 1
    return n


def write_json(rel: duckdb.DuckDBPyRelation, fh: IO[str]) -> int:
    """The result as a JSON array of objects, one per line, UTF-8 unescaped; returns rows."""
    columns, n = _unique(rel.columns), 0
    for row in _batches(rel):
        item = json.dumps(dict(zip(columns, map(json_value, row))), ensure_ascii=False)
        fh.write(("[" if n == 0 else ",\n ") + item)
        n += 1
    fh.write("]\n" if n else "[]\n")
    return n


def _unique(names: list[str]) -> list[str]:
    """Column names made unique for JSON keys ("SELECT 1 AS a, 2 AS a" gives a and a_2), so no value is lost."""
    seen, out = set(names), []
    for name in names:
        if name in out:
            n = 2
            while f"{name}_{n}" in seen:
                n += 1
            name = f"{name}_{n}"
            seen.add(name)
        out.append(name)
    return out


def write_parquet(rel: duckdb.DuckDBPyRelation, path: Path) -> int:
    """The result as a Parquet file, written whole or not at all (a temporary file, then a rename); returns rows."""
    import pyarrow.parquet as pq

    path = Path(path)
    if path.is_dir():
        raise QueryError(f"cannot write {path}: it is a folder")
    reader = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch  # the first before DuckDB 1.4
    batches = reader(FETCH_ROWS * 10)  # runs the query: an SQL error is raised before any file is made
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    rows = 0
    try:
        with _writing(path):
            writer = pq.ParquetWriter(tmp, batches.schema, compression="zstd")
        with writer:
            while True:
                try:
                    batch = batches.read_next_batch()
                except StopIteration:
                    break
                except (pa.ArrowException, OSError) as exc:  # the query failed while it ran: DuckDB's message
                    raise QueryError(str(exc).strip()) from exc
                with _writing(path):
                    writer.write_batch(batch)
                rows += batch.num_rows
        with _writing(path):
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):  # none was made, or it is renamed
            tmp.unlink()
    return rows


@contextlib.contextmanager
def _writing(path: Path):
    """An OSError inside is a QueryError saying why `path` cannot be written."""
    try:
        yield
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise QueryError(f"cannot write {path}: {reason}") from exc


def write_views(found: list[dict], fh: IO[str], fmt: str = "text") -> None:
    """The views of views() as text (name and row count, then the columns wrapped), CSV or JSON."""
    if fmt == "json":
        fh.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        return
    columns = {v["view"]: ", ".join(f"{c['name']} {c['type']}" for c in v["columns"]) for v in found}
    if fmt == "csv":
        writer = csv.writer(fh)
        writer.writerow(["view", "rows", "columns"])
        writer.writerows([v["view"], v["rows"], columns[v["view"]]] for v in found)
        return
    for item in found:
        fh.write(f"{item['view']}: {item['rows']} row{'' if item['rows'] == 1 else 's'}\n")
        line = ""
        for c in item["columns"]:  # wrapped between columns, never inside "name TYPE"
            col = f"{c['name']} {c['type']}"
            if line and len(line) + len(col) > 96:
                fh.write(f"  {line},\n")
                line = ""
            line += (", " if line else "") + col
        fh.write(f"  {line}\n")
