"""One explicit pyarrow schema per output table; the writer never infers types."""
from __future__ import annotations

import pyarrow as pa

from qcdc_extract.kinds import FACT_TABLES

_ID = pa.field("article_id", pa.string(), nullable=False)
_MENTION = [
    _ID,
    pa.field("start", pa.int32(), nullable=False),
    pa.field("end", pa.int32(), nullable=False),
    pa.field("surface", pa.string(), nullable=False),
]

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        _ID,
        pa.field("source", pa.string(), nullable=False),
        pa.field("sources", pa.list_(pa.field("element", pa.string()))),
        pa.field("url", pa.string()),
        pa.field("format", pa.string()),
        pa.field("encoding", pa.string()),
        # Bytes not valid in that encoding, read as U+FFFD (a stray byte in a UTF-8 page).
        pa.field("replaced_bytes", pa.int32()),
        pa.field("title", pa.string()),
        pa.field("author", pa.string()),
        pa.field("published_at", pa.timestamp("ms")),
        pa.field("event_date", pa.date32()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("n_chars", pa.int32()),
        # The article's main place, from the locations extractor (for grouping by place).
        pa.field("main_province", pa.string()),
        pa.field("main_district", pa.string()),
        pa.field("main_commune", pa.string()),
        pa.field("main_place_code", pa.string()),
        pa.field("main_place_level", pa.string()),
        pa.field("main_era", pa.string()),
        pa.field("main_province_legacy", pa.string()),
        pa.field("main_province_code_legacy", pa.string()),
        pa.field("main_province_2025", pa.string()),
        pa.field("main_province_code_2025", pa.string()),
        pa.field("main_commune_2025", pa.string()),
        pa.field("main_commune_code_2025", pa.string()),
        pa.field("main_lat", pa.float64()),
        pa.field("main_lon", pa.float64()),
    ]),
    "dates": pa.schema(_MENTION + [
        pa.field("value", pa.date32(), nullable=False),
        pa.field("granularity", pa.string(), nullable=False),
        pa.field("year_inferred", pa.bool_(), nullable=False),
        pa.field("part_of_day", pa.string()),
        pa.field("role", pa.string()),
    ]),
    "periods": pa.schema(_MENTION + [
        pa.field("kind", pa.string(), nullable=False),
        pa.field("start_date", pa.date32(), nullable=False),
        pa.field("end_date", pa.date32(), nullable=False),
        pa.field("year_inferred", pa.bool_()),
    ]),
    "documents": pa.schema(_MENTION + [
        pa.field("doc_type", pa.string(), nullable=False),
        pa.field("number", pa.string()),
        pa.field("symbol", pa.string()),
        pa.field("year", pa.int16()),
        pa.field("issued", pa.date32()),
        pa.field("issuer", pa.string()),
        pa.field("canonical", pa.string(), nullable=False),
        pa.field("subject", pa.string()),
        pa.field("issuing_body", pa.string()),
        pa.field("linked", pa.bool_()),
        pa.field("form", pa.string()),
        pa.field("doc_key", pa.string()),
    ]),
    "officials": pa.schema(_MENTION + [
        pa.field("name", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("positions", pa.list_(pa.field("element", pa.struct([
            pa.field("role", pa.string(), nullable=False),
            pa.field("organisation", pa.string()),
            pa.field("body", pa.string()),
            pa.field("level", pa.string()),
        ])))),
        pa.field("honorific", pa.string()),
        pa.field("mentions", pa.list_(pa.field("element", pa.struct([
            pa.field("start", pa.int32(), nullable=False),
            pa.field("end", pa.int32(), nullable=False),
        ])))),
        pa.field("person_key", pa.string()),
    ]),
    "counts": pa.schema(_MENTION + [
        pa.field("value", pa.float64(), nullable=False),
        pa.field("total", pa.float64()),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("kind", pa.string()),
        pa.field("is_range", pa.bool_()),
        pa.field("value_max", pa.float64()),
        pa.field("role", pa.string()),
    ]),
    "locations": pa.schema(_MENTION + [
        pa.field("unit_type", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("era", pa.string()),
        pa.field("level", pa.string()),
        pa.field("code", pa.string()),
        pa.field("province", pa.string()),
        pa.field("district", pa.string()),
        pa.field("commune", pa.string()),
        pa.field("province_code", pa.string()),
        pa.field("district_code", pa.string()),
        pa.field("commune_code", pa.string()),
        pa.field("candidates", pa.list_(pa.field("element", pa.string()))),
        pa.field("resolved", pa.bool_(), nullable=False),
        pa.field("province_legacy", pa.string()),
        pa.field("province_code_legacy", pa.string()),
        pa.field("province_2025", pa.string()),
        pa.field("province_code_2025", pa.string()),
        pa.field("commune_2025", pa.string()),
        pa.field("commune_code_2025", pa.string()),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
    ]),
    "errors": pa.schema([
        pa.field("source", pa.string(), nullable=False),
        pa.field("error", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
    ]),
}

# The version of the tables' columns, in every Parquet file's metadata (qcdc_tables_version):
# raised when a column is added; a column is never renamed or dropped (../shared/SCHEMA.md).
TABLES_VERSION = "3"


def _described() -> None:
    """Give every field its description from dictionary.py (what DuckDB and pyarrow show) and
    every schema the tables' version."""
    from qcdc_extract.dictionary import annotate

    for name, schema in SCHEMAS.items():
        SCHEMAS[name] = annotate(name, schema).with_metadata(
            {**(annotate(name, schema).metadata or {}), b"qcdc_tables_version": TABLES_VERSION.encode()})


_described()

# The order a batch's parts become visible in: articles first, so that no reader ever
# sees a fact row whose article row is missing; the fact tables in their kinds' commit order.
TABLES = ("articles", "errors") + FACT_TABLES


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts with at least the schema's columns) as a table of exactly that schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])
