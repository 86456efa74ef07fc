"""The data dictionary: what every column of every output table means, rendered as docs/tables.md.

In the descriptions a column is written in backticks (`doc_key`, or `articles.text` for
another table's, `positions[].role` for a field inside a list of structs) and a value in
double quotes ("02-NQ/TU"); tests/test_dictionary.py checks every backticked name exists.

This module imports :mod:`qcdc_extract.schema` only inside functions, so that schema.py may
import DESCRIPTIONS to put them into the Parquet field metadata. Regenerate the page with
``python -m qcdc_extract.dictionary > docs/tables.md``.
"""
from __future__ import annotations

import sys

import pyarrow as pa

TABLE_DESCRIPTIONS: dict[str, str] = {
    "articles": (
        "One row per distinct article (the same cleaned text scraped twice is one row): where it came "
        "from, its title, byline, time stamp, event date, cleaned text and main place."
    ),
    "dates": (
        "One row per calendar date the text names, at day, month or year precision, its year inferred "
        "from context where the text leaves it out."
    ),
    "periods": (
        "One row per named span of time (\"giai đoạn 2017-2022\", \"nhiệm kỳ 2021 - 2026\", "
        "\"6 tháng đầu năm 2023\", \"quý I/2021\"), with its first and last day."
    ),
    "documents": (
        "One row per mention of a Party or State document (\"Nghị quyết số 02-NQ/TU\", \"Nghị định "
        "số 04/2015/NĐ-CP\"); `doc_key` names the same document the same way across articles."
    ),
    "officials": (
        "One row per named person an article gives a position (never its byline author), with the "
        "fullest title the article gives, its positions and every mention."
    ),
    "counts": (
        "One row per number that counts or measures something: people, party cells, documents, "
        "meetings, money, percentages, area (\"7/7 chi bộ\", \"64 triệu đồng\", \"1,9%\")."
    ),
    "locations": (
        "One row per administrative unit named with its type word (\"xã Kỳ Châu\", \"TP. Hải "
        "Phòng\"), resolved against the gazetteer of its era and placed in both eras."
    ),
    "errors": (
        "One row per input that could not be processed, and why; the batch goes on without it, and a "
        "re-run replaces the row with the input's new outcome."
    ),
}


def _mention(what: str, example: str) -> dict[str, str]:
    """The four columns every fact table starts with."""
    return {
        "article_id": f"The `articles.article_id` of the article the {what} is read from.",
        "start": (
            "Offset of the mention's first character in `articles.text`, 0-based, counted in Unicode "
            "characters (Python string indices)."
        ),
        "end": (
            "Offset just past the mention's last character: `articles.text`[`start`:`end`] is `surface`."
        ),
        "surface": f"The mention exactly as the text writes it: {example}.",
    }


DESCRIPTIONS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": (
            "Stable id of the article: the first 16 hex digits of the BLAKE2b hash of its cleaned text, "
            "whitespace folded (\"60df5c0dbc35d38f\"), so the same article scraped twice is one row; "
            "every fact table joins on it."
        ),
        "source": (
            "The first input the article was read from: a file path as given or found in a folder "
            "(\"corpus/000_305192fab6afe443.txt\"), or \"file.jsonl:N\" for line N of a JSON Lines file."
        ),
        "sources": (
            "Every input the same cleaned text was read from, `source` first; a later run that meets the "
            "article again adds its new inputs."
        ),
        "url": (
            "The page's address: the \"url\" field of a JSON Lines record or the one the HTML markup "
            "gives; null for plain-text inputs."
        ),
        "format": (
            "The reader that read it: \"txt\", \"html\" (an .html or .htm file, or a JSON Lines record "
            "that carries \"html\") or \"jsonl\" (a JSON Lines record that carries \"text\")."
        ),
        "encoding": (
            "The encoding the bytes were decoded from (\"utf-8\", \"utf-8-sig\", \"utf-16-le\", "
            "\"cp1258\" ...), or the legacy Vietnamese table applied (\"tcvn3\", \"vni\", \"viscii\"); "
            "JSON Lines records are \"utf-8\"."
        ),
        "replaced_bytes": (
            "How many bytes were not valid in that encoding and were read as U+FFFD (a stray byte in an "
            "otherwise UTF-8 page); 0 for a clean input."
        ),
        "title": (
            "The headline, or null when the page opens with its lead; `text` begins with it and a blank "
            "line. Never a site banner, breadcrumb, section name, date bar or photo caption."
        ),
        "author": (
            "The byline's person name(s) as printed, several joined by \" - \" (\"Công Khanh - Thắng "
            "Quang\"); null when the byline names only \"PV\", a newspaper or an organisation, or there is none."
        ),
        "published_at": (
            "The page's own time stamp (\"08:54 06/04/2022\", \"Ngày đăng: ...\", its meta tags, a JSON Lines "
            "record's \"published\") in Vietnam's local time (UTC+7), stored without a time zone; midnight "
            "when the page gives only a day, null when it gives none."
        ),
        "event_date": (
            "The day the reported event took place, from the first dated sentence of the lead (\"Chiều "
            "ngày 5/4/2022, ...\" gives 2022-04-05); never a cited document's date, an anniversary's, a "
            "deadline or a plan after the time stamp; null when the lead dates nothing."
        ),
        "text": (
            "The cleaned article that every fact table's offsets point into: the title, a blank line, then "
            "the paragraphs, page furniture removed, in Unicode NFC with one tone-mark convention."
        ),
        "n_chars": "Length of `text` in Unicode characters.",
        "main_province": (
            "Name of the province of the article's main place (the unit the title, the lead and repeated "
            "mentions make its subject), in the gazetteer of `main_era` (\"Hà Tĩnh\"); null when the "
            "article names no unit the gazetteers know."
        ),
        "main_district": (
            "Name of the main place's district in the gazetteer of `main_era` (\"Kỳ Anh\"); null when the "
            "main place is a province, and always in the \"2025\" era, which has no districts."
        ),
        "main_commune": (
            "Name of the main place's commune (xã, phường, thị trấn) in the gazetteer of `main_era` "
            "(\"Kỳ Châu\"); null when the main place is a district or a province."
        ),
        "main_place_code": (
            "Code of the main place itself, at `main_place_level`, in the gazetteer of `main_era`: the "
            "codes of the two eras overlap (\"18133\" is thị trấn Phố Châu in the \"legacy\" era and xã "
            "Hương Sơn in the \"2025\" era), so read it with `main_era`."
        ),
        "main_place_level": "The level of the main place: \"province\", \"district\" or \"commune\".",
        "main_era": (
            "The gazetteer the main place was found in: \"legacy\" (the 63 provinces and their units in "
            "force until 30 June 2025) or \"2025\" (the 34 provinces and their communes from 1 July 2025); "
            "`main_province`, `main_district`, `main_commune` and `main_place_code` belong to it."
        ),
        "main_province_legacy": (
            "Name of the province before 1 July 2025 the main place lies in, whatever `main_era`; for a "
            "2025 unit, the legacy province most of its communes came from (\"Hải Dương\" for the 2025 xã "
            "Thanh Hà of Hải Phòng)."
        ),
        "main_province_code_legacy": (
            "Code of `main_province_legacy` in the legacy gazetteer, before 1 July 2025 (Gia Lai is \"64\")."
        ),
        "main_province_2025": (
            "Name of the province from 1 July 2025 the main place lies in, whatever `main_era`; for a "
            "legacy unit, the 2025 province its communes (most of them) went to (\"Khánh Hòa\" for the "
            "legacy xã Xuân Hải of Ninh Thuận)."
        ),
        "main_province_code_2025": (
            "Code of `main_province_2025` in the 2025 gazetteer, from 1 July 2025 (Gia Lai, merged with "
            "Bình Định, is \"52\"); group articles across eras by it."
        ),
        "main_commune_2025": (
            "Name of the commune from 1 July 2025 the main commune is or went into (\"Chiềng An\" for the "
            "legacy xã Chiềng Đen of Sơn La); null when the main place is a district or a province."
        ),
        "main_commune_code_2025": (
            "Code of `main_commune_2025` in the 2025 gazetteer, from 1 July 2025 (\"03664\")."
        ),
        "main_lat": "Latitude of the main place in decimal degrees, from the gazetteer of `main_era`.",
        "main_lon": "Longitude of the main place in decimal degrees, from the gazetteer of `main_era`.",
    },
    "dates": {
        **_mention("date", "\"Chiều ngày 5/4/2022\" (the words that introduce the day included), "
                           "\"tháng 4/2022\", \"năm 2017\""),
        "value": (
            "The date; a month (\"tháng 4/2022\") is stored as its first day and a year (\"năm 2017\") as "
            "1 January, see `granularity`. Both days of \"ngày 5 và 6/4/2022\" are rows, over one surface."
        ),
        "granularity": "How much of `value` the text gives: \"day\", \"month\" or \"year\".",
        "year_inferred": (
            "True when the text names no year (\"Sáng 11/8\") and it was taken from context: the span's "
            "dated end, the page's time stamp, the --source-year option, an anniversary, the title, or the "
            "latest year the text gives for itself."
        ),
        "part_of_day": (
            "The part of the day written before it, lower case (\"sáng\", \"chiều\", \"tối\", \"trưa\", "
            "\"đêm\", \"rạng sáng\", \"sáng sớm\"); null when none."
        ),
        "role": (
            "\"issued\" when the date is a cited document's issue date (\"Nghị quyết số 02-NQ/TU ngày "
            "12/5/2017\"), else \"mention\"."
        ),
    },
    "periods": {
        **_mention("period", "\"giai đoạn 2017-2022\", \"6 tháng đầu năm\", \"quý I/2021\""),
        "kind": (
            "What names the period: \"giai đoạn\", \"nhiệm kỳ\" (a term), \"năm học\" (a school year), "
            "\"range\" (a plain span of years: \"từ năm 2015 đến 2020\"), \"quý\" (a quarter), or \"N "
            "tháng\" for months of one year (\"6 tháng\" for \"6 tháng đầu năm\")."
        ),
        "start_date": (
            "First day of the period: 1 January of its first year, or the first day of its quarter or months."
        ),
        "end_date": (
            "Last day of the period: 31 December of its last year, or the last day of its quarter or months."
        ),
        "year_inferred": (
            "True when the text names no year (\"6 tháng đầu năm\") and it was taken from context, as for "
            "`dates.year_inferred`."
        ),
    },
    "documents": {
        **_mention("citation", "\"Nghị quyết số 02-NQ/TU\" (the type word to the end of the number; a "
                               "later number of a list under one type starts at its number: \"218-QĐ/TW\")"),
        "doc_type": (
            "The type of document written out, any qualifier kept (\"Nghị quyết\", a resolution; \"Chỉ "
            "thị\", \"Quyết định\", \"Kế hoạch\", \"Thông tư liên tịch\"); a generic word (\"Văn bản số "
            "1234/QĐ-UBND\") takes the type its symbol names."
        ),
        "number": (
            "The number as written, leading zeros kept (\"02\", \"1234\"); null for a named document cited "
            "without one (\"Nghị quyết Trung ương 4\")."
        ),
        "symbol": (
            "The symbol after the number, spaces removed and look-alike letters folded (\"NQ/TU\", "
            "\"NĐ-CP\", \"QĐ-UBND\"; \"TƯ\" as \"TW\"); null when the mention gives none and is not `linked`."
        ),
        "year": (
            "The year in the number (\"04/2015/NĐ-CP\", \"34/2007\"), else the year of `issued`; null when "
            "the text gives neither."
        ),
        "issued": (
            "The issue date given with the citation (\"ngày 12/5/2017\") or in its clause before it "
            "(\"Ngày 20/6/2020, Bộ Chính trị đã ban hành Chỉ thị ...\"), or the full citation's for a "
            "`linked` mention; null when none."
        ),
        "issuer": (
            "The issuing body as the text names it, after \"của\" or \"do\" or before \"ban hành\" (\"Ban "
            "Chấp hành Đảng bộ tỉnh\", \"UBND tỉnh\"); null when not named."
        ),
        "canonical": (
            "One spelling of the citation: \"02-NQ/TU\" (Party), \"04/2015/NĐ-CP\" and \"1234/QĐ-UBND\" "
            "(State), \"Kế hoạch 42\" (no symbol), \"Nghị quyết Trung ương 4 khóa XII\" (named), numbers of "
            "at least two digits without extra zeros. Local documents of different places share spellings: "
            "count documents by `doc_key`."
        ),
        "subject": (
            "What the document is about: the quoted title after it (về “Đẩy mạnh học tập ...”) or a law's "
            "title before its number (\"Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15\"); null when not given."
        ),
        "issuing_body": (
            "The body the symbol names: \"Tỉnh ủy\" for NQ/TU, \"Chính phủ\" for NĐ-CP, \"Ban Dân vận Tỉnh "
            "ủy\" for HD/BDVTU, \"Trung ương Đảng\" for a Central Committee plenum's resolution; null when "
            "the symbol names no known body or there is none."
        ),
        "linked": (
            "True when a bare mention (\"Nghị quyết số 02\") took the symbol, year, issuer and issue date of "
            "the article's full citation of the same type and number, or a bare number of a list shares the "
            "symbol after it (\"Quyết định 217, 218-QĐ/TW\")."
        ),
        "form": (
            "How the number is written: \"party\" (\"02-NQ/TU\"), \"state\" (\"04/2015/NĐ-CP\", "
            "\"1234/QĐ-UBND\"), \"number_year\" (\"34/2007\"), \"bare\" (\"Kế hoạch 42\") or \"named\" "
            "(no number: \"Nghị quyết Trung ương 4\")."
        ),
        "doc_key": (
            "One key per real document across the output: a national document by its `canonical` spelling "
            "(\"04/2015/NĐ-CP\", \"30-CT/TW\"; \"25/NQ-TW\" as \"25-NQ/TW\"), a named one cited without its "
            "number by its numbered one's key, a local one (TU, HU, ĐU, UBND ...) with \"@era:level:code\" of "
            "its issuing body's place and \"#year\". \"02-NQ/TU@legacy:province:42#2017\" is Hà Tĩnh's: code "
            "42 of the \"legacy\" gazetteer (before 1 July 2025; \"2025\" names the one from that day)."
        ),
    },
    "officials": {
        **_mention("person", "the first mention, honorific and title as they stand (\"ông Nguyễn Thành "
                             "Long, Phó Chủ tịch UBND tỉnh Bà Rịa-Vũng Tàu\"); every mention is in `mentions`"),
        "name": (
            "The person's name as written, spaces folded (\"Võ Ngọc Thương\"); all mentions of one name in "
            "an article are one row."
        ),
        "title": (
            "The fullest title the article gives the person, as written with its abbreviations (\"Phó "
            "trưởng ban tuyên giáo, dân vận Huyện ủy\", \"Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh\")."
        ),
        "positions": (
            "The title as a list of positions: `positions[].role` is the head (\"Phó Chủ tịch\"), "
            "`positions[].organisation` what follows it with abbreviations expanded (\"Ủy ban nhân dân tỉnh "
            "Bà Rịa-Vũng Tàu\" for \"UBND tỉnh Bà Rịa-Vũng Tàu\"), `positions[].body` the organisation "
            "without its place or term (\"Ủy ban nhân dân\"), `positions[].level` where the post is held "
            "(\"national\", \"province\", \"district\", \"commune\", \"village\" or null)."
        ),
        "honorific": (
            "The honorific before the name in any mention, lower case: \"đồng chí\" (also for \"Đ/c\"), "
            "\"ông\", \"bà\", \"anh\", \"chị\"; null when none."
        ),
        "mentions": (
            "Every mention of the person in the article, the first included, as offsets into "
            "`articles.text` (`mentions[].start`, `mentions[].end`); later ones are often the name alone."
        ),
        "person_key": (
            "One key per person across articles: the name and the code of the 2025 province (of the "
            "gazetteer from 1 July 2025, whatever the article's era) of the article's main place "
            "(\"Võ Ngọc Thương@2025:42\"); the name alone when the article has no main place."
        ),
    },
    "counts": {
        **_mention("count", "\"7/7 chi bộ\", \"64 triệu đồng\", \"1,9%\", \"01 đến 02 cuộc giám sát\""),
        "value": (
            "The number, Vietnamese notation read (\"1.772\" is 1772, \"1,9\" is 1.9), scale words "
            "multiplied out (\"2.440 tỷ đồng\" is 2440000000000) and number words read (\"hai mươi lăm\" "
            "is 25); the low end of a range."
        ),
        "total": "The whole of a ratio (\"7/7 chi bộ\": 7 of 7); null otherwise.",
        "unit": (
            "The counted noun phrase or measure, notation kept: \"chi bộ\", \"cuộc giám sát\", \"đồng\", "
            "\"%\", \"‰\", \"ha\", \"km²\", \"MW\"; nouns sharing one number are one unit (\"quận, huyện, "
            "thị xã\")."
        ),
        "kind": (
            "\"count\", \"ratio\" (with a `total`), \"percent\", \"per_mille\", \"money\", \"area\", "
            "\"length\", \"weight\", \"volume\" or \"power\"."
        ),
        "is_range": (
            "True for a range (\"01 đến 02 cuộc giám sát\", \"50-60 cử tri\"): one row whose `value` is "
            "the low end and `value_max` the high end."
        ),
        "value_max": "The high end of a range; null otherwise.",
        "role": (
            "\"plan\" for a planned figure beside the actual one (\"đạt 39,2%/KH 41,58%\" gives 39.2, and "
            "41.58 as the plan); null otherwise."
        ),
    },
    "locations": {
        **_mention("unit", "\"xã Kỳ Châu\", \"TP. Hải Phòng\"; in a list under one type word (\"6 xã Kỳ "
                           "Tân, Kỳ Thư\") each later name alone (\"Kỳ Thư\")"),
        "unit_type": (
            "The type word written out, lower case: \"tỉnh\", \"thành phố\" (also for \"TP.\"), \"huyện\", "
            "\"quận\", \"thị xã\", \"xã\", \"phường\", \"thị trấn\", \"đặc khu\", or a village's \"thôn\", "
            "\"bản\", \"tổ dân phố\", \"khu phố\", \"ấp\", \"khóm\", \"xóm\"."
        ),
        "name": (
            "The unit's name as written, or the name a known alias stands for (\"Hồ Chí Minh\" for "
            "\"TP.HCM\"); a number for a numbered unit (\"10\" in \"phường 10\")."
        ),
        "era": (
            "The gazetteer the unit was found in: \"legacy\" (units in force until 30 June 2025) or "
            "\"2025\" (from 1 July 2025), else the article's own era by its date; `code`, `province`, "
            "`district`, `commune`, their codes and `candidates` belong to it."
        ),
        "level": (
            "\"province\", \"district\", \"commune\", or \"village\" (thôn, bản, tổ dân phố ...: below the "
            "commune, in no gazetteer); null when the name's candidates lie at several levels."
        ),
        "code": (
            "Code of the resolved unit in the gazetteer of `era` (\"42\" a province, \"439\" a district, "
            "\"18133\" a commune): codes of the two eras overlap (\"18133\" is thị trấn Phố Châu in the "
            "\"legacy\" era and xã Hương Sơn in the \"2025\" era), so read it with `era`; null unless `resolved`."
        ),
        "province": (
            "Name of the unit's province in the gazetteer of `era` (itself, for a province); for an "
            "undecided name, the province all its candidates share; for a village, its commune's."
        ),
        "district": (
            "Name of the unit's district in the gazetteer of `era` (itself, for a district); always null "
            "in the \"2025\" era, which has no districts."
        ),
        "commune": (
            "Name of the unit's commune in the gazetteer of `era` (itself, for a commune); for a village, "
            "the commune the text writes beside it or the article's main commune."
        ),
        "province_code": "Code of `province` in the gazetteer of `era` (\"42\").",
        "district_code": "Code of `district` in the gazetteer of `era` (\"439\").",
        "commune_code": "Code of `commune` in the gazetteer of `era` (\"18133\").",
        "candidates": (
            "Codes, in the gazetteer of `era`, of every unit of this type and name when several share it "
            "(\"xã Tân Thịnh\": five communes), whether the article decided between them or not; empty "
            "otherwise."
        ),
        "resolved": "True when one gazetteer unit was chosen, the one `code` names; villages never are.",
        "province_legacy": (
            "Name of the province before 1 July 2025 the unit lies in, whatever `era`; for a 2025 unit, the "
            "legacy province most of its communes came from (\"Hải Dương\" for the 2025 xã Thanh Hà of Hải "
            "Phòng)."
        ),
        "province_code_legacy": (
            "Code of `province_legacy` in the legacy gazetteer, before 1 July 2025 (Gia Lai is \"64\")."
        ),
        "province_2025": (
            "Name of the province from 1 July 2025 the unit lies in, whatever `era`; for a legacy unit, the "
            "2025 province its communes (most of them) went to (\"Ninh Bình\" for the legacy xã Thanh "
            "Nguyên of Hà Nam)."
        ),
        "province_code_2025": (
            "Code of `province_2025` in the 2025 gazetteer, from 1 July 2025 (Gia Lai, merged with Bình "
            "Định, is \"52\"); group places across eras by it."
        ),
        "commune_2025": (
            "Name of the commune from 1 July 2025 the unit is or went into (\"Thanh Liêm\" for the legacy "
            "xã Thanh Nguyên); null for provinces, districts, villages and undecided names."
        ),
        "commune_code_2025": (
            "Code of `commune_2025` in the 2025 gazetteer, from 1 July 2025 (\"13495\")."
        ),
        "lat": (
            "Latitude of the resolved unit in decimal degrees, from the gazetteer of `era`; null for "
            "unresolved units and villages."
        ),
        "lon": (
            "Longitude of the resolved unit in decimal degrees, from the gazetteer of `era`; null for "
            "unresolved units and villages."
        ),
    },
    "errors": {
        "source": (
            "The input that failed: a path as given or found in a folder, \"file.jsonl:N\" for line N of a "
            "JSON Lines file, or a pattern or path that matched nothing; bytes of a file name that are not "
            "UTF-8 are escaped (\"caf\\xe9.txt\")."
        ),
        "error": (
            "The kind of failure: \"not_found\", \"not_a_file\", \"unreadable\", \"empty\", \"binary\", "
            "\"undecodable\", \"unsupported_format\", \"bad_html\", \"bad_json\", \"bad_record\", "
            "\"no_text\", \"not_an_article\", \"no_articles\", \"too_large\", \"timeout\", "
            "\"pipeline_error\" or \"internal_error\"."
        ),
        "message": (
            "What went wrong, for a person to read (\"a listing page: 80% of its main text is links to "
            "other pages\")."
        ),
    },
}

TITLE = "# The output tables"

INTRO = """\
What each column of the tables written by `qcdc extract INPUT... --out out` means. Generated from
`src/qcdc_extract/dictionary.py`, not edited by hand: `python -m qcdc_extract.dictionary > docs/tables.md`.

Each table is a folder of Parquet parts, `out/<table>/part-*.parquet`, read as one dataset:

```python
import pandas as pd
documents = pd.read_parquet("out/documents", dtype_backend="pyarrow")
```

`dtype_backend="pyarrow"` keeps the Arrow types listed below. Without it pandas makes a nullable
integer such as `documents.year` (int16) a float64 column (2017.0, NaN for null) and dates
(`documents.issued`, `articles.event_date`) columns of Python objects; with it `year` stays an
integer with `<NA>` and dates stay real dates (`date32[day]`, with `.dt`).

With DuckDB, `qcdc query out "DESCRIBE documents"` lists a table's columns and types, and
`qcdc query out "SELECT ..."` runs any SQL over the tables as views of their committed parts.

- Every fact row has `article_id`, `start`, `end` and `surface`: `text[start:end] == surface` for the
  article's `text` in Python, `substr(a.text, f.start + 1, f."end" - f.start) = f.surface` in SQL
  (`end` is an SQL keyword). Officials' other mentions are in `mentions`; in SQL,
  `UNNEST(positions)` gives one row per position.
- Administrative units come from two gazetteers whose codes overlap: `legacy` (63 provinces, in
  force until 30 June 2025) and `2025` (34 provinces and their communes, from 1 July 2025).
  18133 is thị trấn Phố Châu in the first and xã Hương Sơn in the second, so a code is read with
  the era column beside it (`era`, `main_era`); the columns ending in `_legacy` or `_2025` hold
  the same place in one fixed era, whatever the article's, for grouping across eras.
- *type* is the column's Arrow type in `qcdc_extract.schema.SCHEMAS`; `not null` marks a
  column that is never null."""


def arrow_type(field: pa.Field) -> str:
    """The field's Arrow type as Arrow prints it, "not null" added for a required field."""
    return str(field.type) + ("" if field.nullable else " not null")


def cell(text: str) -> str:
    """Text as one cell of a Markdown table: on one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def markdown() -> str:
    """docs/tables.md: a title, how to read the tables, then per table its columns' types and meanings."""
    from qcdc_extract.schema import SCHEMAS

    lines = [TITLE, "", INTRO]
    for name, schema in SCHEMAS.items():
        lines += ["", f"## {name}", "", TABLE_DESCRIPTIONS[name], "",
                  "| column | type | meaning |", "| --- | --- | --- |"]
        for field in schema:
            meaning = DESCRIPTIONS.get(name, {}).get(field.name)
            if not meaning:
                raise ValueError(f"no description of {name}.{field.name}: add one to DESCRIPTIONS in "
                                 "src/qcdc_extract/dictionary.py")
            lines.append(f"| `{field.name}` | `{cell(arrow_type(field))}` | {cell(meaning)} |")
    return "\n".join(lines) + "\n"


def annotate(name: str, schema: pa.Schema) -> pa.Schema:
    """The schema of table `name` with its columns' descriptions in their field metadata and the
    table's in the schema's, under the key "description" (types and names unchanged).

    A column not described yet gets none rather than failing the import of the schemas;
    tests/test_dictionary.py fails on it instead.
    """
    columns = DESCRIPTIONS.get(name, {})

    def described(f: pa.Field) -> pa.Field:
        if not columns.get(f.name):
            return f
        return f.with_metadata({**(f.metadata or {}), b"description": columns[f.name].encode("utf-8")})

    metadata = dict(schema.metadata or {})
    if TABLE_DESCRIPTIONS.get(name):
        metadata[b"description"] = TABLE_DESCRIPTIONS[name].encode("utf-8")
    return pa.schema([described(f) for f in schema], metadata=metadata or None)


if __name__ == "__main__":
    sys.stdout.buffer.write(markdown().encode("utf-8"))
