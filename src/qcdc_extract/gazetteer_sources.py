"""Reading the unit lists a user has: the GSO's export, a decision's annex of merged units, the project's TSV.

Every row keeps where it came from (`_where`: "file:line"), so an error found later, when the
rows meet the package's, still names the user's file and line. The layout is told by the
header row alone; a file of no known layout is an error naming the headers it has.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from qcdc_extract import vi
from qcdc_extract.resources import DataFileError


class GazetteerError(DataFileError):
    """A gazetteer source or user file that fails validation (names file and line)."""


SourceError = GazetteerError  # a user's file of no known layout, or with a bad row


SUFFIXES = (".csv", ".tsv", ".xlsx")


def header_key(header: str) -> str:
    """'Tỉnh / Thành Phố' -> 'tỉnh thành phố'; 'Tên ĐVHC cũ' -> 'tên đơn vị hành chính cũ'."""
    key = unicodedata.normalize("NFC", header or "").casefold().replace("\ufeff", "")
    key = re.sub(r"[/_\-().:,;*]+", " ", key)
    key = re.sub(r"\bđvhc\b", "đơn vị hành chính", key)
    return vi.key(" ".join(key.split())) if key.strip() else ""


def _keys(*names: str) -> frozenset[str]:
    return frozenset(header_key(n) for n in names)


# The GSO's export (danhmuchanhchinh.gso.gov.vn, "Xuất Excel"): one row per commune with its
# district and province ("Tỉnh / Thành Phố | Mã TP | Quận Huyện | Mã QH | Phường Xã | Mã PX | Cấp
# | Tên Tiếng Anh"), or one sheet per level ("Mã | Tên | Tên Tiếng Anh | Cấp | Mã QH | Quận Huyện
# | Mã TP | Tỉnh / Thành Phố"). Since July 2025 the lists have no district columns.
GSO = {
    "province": _keys("Tỉnh / Thành Phố", "Tỉnh Thành Phố", "Tỉnh/Thành phố", "Tên tỉnh", "Tỉnh"),
    "province_code": _keys("Mã TP", "Mã tỉnh", "Mã Tỉnh/Thành phố"),
    "district": _keys("Quận Huyện", "Quận/Huyện", "Tên quận huyện"),
    "district_code": _keys("Mã QH", "Mã quận huyện", "Mã huyện"),
    "commune": _keys("Phường Xã", "Phường/Xã", "Xã Phường", "Tên phường xã"),
    "commune_code": _keys("Mã PX", "Mã phường xã", "Mã xã"),
    "code": _keys("Mã"),
    "name": _keys("Tên"),
    "level": _keys("Cấp"),
}

# A decision's annex of merged units (the tables of the Nghị quyết of the UBTVQH on arranging
# communes, as portals and public repositories retype them): the old units, the new one, its
# type and the day it takes effect. The old units are one per row (the new name repeated) or a
# list in one cell ("Xã Tân Hòa, xã Tân Phong", "một phần xã Định Hiệp").
ANNEX = {
    "old": _keys("Tên đơn vị hành chính cũ", "Tên ĐVHC cũ", "Đơn vị hành chính cũ", "Tên cũ",
                 "Tên đơn vị hành chính trước sắp xếp", "Tên ĐVHC cấp xã trước sắp xếp",
                 "Tên các ĐVHC cấp xã trước sắp xếp", "Tên đơn vị hành chính cấp xã trước sắp xếp",
                 "Xã/Phường trước sáp nhập", "Xã/Phường trước sắp xếp", "Trước sắp xếp", "Trước sáp nhập",
                 "Đơn vị hành chính trước sắp xếp"),
    "new": _keys("Tên đơn vị hành chính mới", "Tên ĐVHC mới", "Đơn vị hành chính mới", "Tên mới",
                 "Tên đơn vị hành chính sau sắp xếp", "Tên ĐVHC cấp xã mới", "Tên ĐVHC cấp xã sau sắp xếp",
                 "Tên đơn vị hành chính cấp xã sau sắp xếp", "Tên Phường/Xã mới", "Tên Xã/Phường mới",
                 "Sau sắp xếp", "Sau sáp nhập", "Đơn vị hành chính sau sắp xếp"),
    "type": _keys("Loại", "Loại đơn vị hành chính", "Loại ĐVHC", "Loại hình", "Cấp"),
    "date": _keys("Ngày có hiệu lực", "Ngày hiệu lực", "Có hiệu lực từ ngày", "Hiệu lực từ ngày",
                  "Ngày có hiệu lực thi hành", "Hiệu lực"),
    "province": _keys("Tỉnh/Thành phố", "Tỉnh / Thành Phố", "Tỉnh", "Thành phố", "Tỉnh, thành phố"),
    "code": _keys("Mã đơn vị hành chính mới", "Mã ĐVHC mới", "Mã mới", "Mã"),
}
PROJECT = ("code", "level", "unit_type", "name", "era")

# "một phần xã Định Hiệp", "phần còn lại của xã Thanh Tuyền": part of a divided unit.
_PART = re.compile(r"^(?:một\s+phần(?:\s+diện\s+tích.*?của)?|phần\s+còn\s+lại(?:\s+của)?)\s+", re.I)
_LIST_SPLIT = re.compile(r"\s*(?:[,;\n]|\bvà\b)\s*")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# An era is 'legacy', '2025' or the day a later change takes effect.
ERA_NAME = re.compile(r"^(?:legacy|2025|\d{4}-\d{2}-\d{2})$")


@dataclass
class Change:
    """One new unit of an annex: the old units it replaces, from its effective date."""

    new_name: str
    unit_type: str
    effective: date
    olds: list[tuple[str, str, bool]]  # (unit type or '', name, only part of it)
    province: str = ""
    code: str = ""
    where: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class Source:
    """A user file read: its layout and its unit rows (gso, units) or changes (annex)."""

    path: Path
    layout: str  # "units" (the project's TSV), "gso", "annex"
    units: list[dict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {"units": "the project's unit TSV", "gso": "a GSO list of units", "annex": "an annex of merged units"}[self.layout]


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (line number, row) of a CSV, TSV or .xlsx file; '#' comment lines skipped."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV") from None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
    delimiter = "\t" if "\t" in first or path.suffix.lower() == ".tsv" and "," not in first else ","
    if path.suffix.lower() == ".csv" and "\t" not in first and ";" in first and "," not in first:
        delimiter = ";"  # a spreadsheet's CSV in a Vietnamese locale
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        raise SourceError(f"{path}: empty file (no header row)")
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in numbered)), delimiter=delimiter)
    out, header = [], None
    for (lineno, _), values in zip(numbered, reader):
        values = [v.strip() for v in values]
        if header is None:
            header = values
            continue
        if len(values) > len(header) and any(values[len(header):]):
            raise SourceError(f"{path}:{lineno}: {len(values)} fields, the header has {len(header)}")
        out.append((lineno, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}))
    return header or [], out


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        import openpyxl
    except ImportError:
        raise SourceError(f"{path}: reading .xlsx needs openpyxl: pip install 'qcdc-extract[xlsx]' "
                          "(or save the sheet as CSV UTF-8)") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mislabelled file: openpyxl raises many kinds
        raise SourceError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    sheet = book.worksheets[0]
    header, out = None, []
    for lineno, cells in enumerate(sheet.iter_rows(values_only=True), 1):
        values = [_cell(c) for c in cells]
        if not any(values):
            continue
        if header is None:
            header = values
            continue
        out.append((lineno, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}))
    book.close()
    return header or [], out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _columns(header: list[str], roles: dict[str, frozenset[str]]) -> dict[str, str]:
    """Role -> the header naming it (first match)."""
    found = {}
    for h in header:
        k = header_key(h)
        for role, names in roles.items():
            if role not in found and k in names:
                found[role] = h
                break
    return found


def read_source(path: Path) -> Source:
    """Read a user's unit file, telling its layout by its headers."""
    path = Path(path)
    header, rows = read_rows(path)
    if all(c in header for c in ("code", "level", "unit_type", "name")):
        if "era" not in header:
            raise SourceError(f"{path}:1: header lacks column(s) era (legacy, 2025 or the day a change "
                              "takes effect, YYYY-MM-DD)")
        return Source(path, "units", units=_project_units(path, rows))
    gso = _columns(header, GSO)
    if {"commune", "commune_code"} <= set(gso) or {"code", "name", "level"} <= set(gso):
        return Source(path, "gso", units=_gso_units(path, rows, gso))
    annex = _columns(header, ANNEX)
    if {"old", "new"} <= set(annex):
        return Source(path, "annex", changes=_annex_changes(path, rows, annex))
    if "code" in header or "name" in header:
        missing = [c for c in PROJECT if c not in header]
        raise SourceError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
    raise SourceError(
        f"{path}:1: no known layout; headers found: {', '.join(repr(h) for h in header) or 'none'}. "
        "Known: the GSO list ('Tỉnh / Thành Phố', 'Mã TP', 'Quận Huyện', 'Mã QH', 'Phường Xã', 'Mã PX', 'Cấp'), "
        "an annex ('Tên đơn vị hành chính cũ', 'Tên đơn vị hành chính mới', 'Loại', 'Ngày có hiệu lực'), "
        "or the project's TSV (code, level, unit_type, name, era)")


def _project_units(path: Path, rows: list[tuple[int, dict]]) -> list[dict]:
    out = []
    for lineno, row in rows:
        where = f"{path}:{lineno}"
        if not ERA_NAME.match(row["era"]):
            raise SourceError(f"{where}: era must be 'legacy', '2025' or the day a change takes effect "
                              f"(YYYY-MM-DD), not {row['era']!r}")
        if row["era"] not in ("legacy", "2025"):
            parse_date(row["era"], where)
        row = dict(row, _where=where)
        row["source"] = row.get("source") or f"user:{path.name}"
        out.append(row)
    return out


def split_type(full_name: str, where: str) -> tuple[str, str]:
    """'Thành phố Hà Nội' -> ('thành phố', 'Hà Nội'); 'Phường 5' keeps its name ('phường', 'Phường 5')."""
    lowered = full_name.casefold()
    for t in sorted(vi.unit_type_names(), key=len, reverse=True):
        if lowered.startswith(t + " "):
            rest = full_name[len(t):].strip()
            return t, (full_name if rest.isdigit() else rest)
    raise SourceError(f"{where}: {full_name!r} does not start with a unit type "
                      f"({', '.join(vi.unit_type_names())})")


# The GSO's "Cấp" column: its level words, and the gazetteer's level for each.
_LEVEL_OF_TYPE = {"tỉnh": "province", "thành phố trung ương": "province", "thành phố trực thuộc trung ương": "province",
                  "quận": "district", "huyện": "district", "thị xã": "district",
                  "xã": "commune", "phường": "commune", "thị trấn": "commune", "đặc khu": "commune"}


def _gso_units(path: Path, rows: list[tuple[int, dict]], col: dict[str, str]) -> list[dict]:
    """Units of a GSO list; a list with district columns is of the legacy era, one without of 2025."""
    legacy = "district_code" in col or any(
        (r.get(col.get("level", ""), "").casefold() in ("quận", "huyện", "thị xã")) for _, r in rows)
    era = "legacy" if legacy else "2025"
    units: dict[tuple[str, str], dict] = {}
    source = f"user:{path.name}"

    def add(level, code, full, where, province_code="", district_code=""):
        if not code:
            raise SourceError(f"{where}: empty {level} code")
        if not full:
            raise SourceError(f"{where}: empty {level} name")
        unit_type, name = split_type(full, where)
        row = {"code": code, "level": level, "unit_type": unit_type, "name": name, "province_code": province_code,
               "district_code": district_code, "era": era, "source": source, "_where": where}
        old = units.get((level, code))
        if old is not None and (old["name"], old["unit_type"]) != (name, unit_type):
            raise SourceError(f"{where}: {level} code {code!r} is {full!r} here but {old['unit_type']} "
                              f"{old['name']!r} at {old['_where']}")
        units.setdefault((level, code), row)

    get = lambda row, role: row.get(col.get(role, ""), "")
    for lineno, row in rows:
        where = f"{path}:{lineno}"
        p_code, d_code = get(row, "province_code"), get(row, "district_code")
        if "commune_code" in col:  # one row per commune, with its district and province
            if not any(row.values()):
                continue
            if p_code or get(row, "province"):
                add("province", p_code, get(row, "province"), where, p_code)
            if legacy and (d_code or get(row, "district")):
                add("district", d_code, get(row, "district"), where, p_code)
            add("commune", get(row, "commune_code"), get(row, "commune"), where, p_code, d_code if legacy else "")
            continue
        kind = get(row, "level").casefold()
        level = _LEVEL_OF_TYPE.get(kind)
        if kind == "thành phố":
            level = "province" if not p_code else "district"
        if level is None:
            raise SourceError(f"{where}: unknown level {get(row, 'level')!r} in column {col['level']!r}")
        if level == "commune" and not p_code and "province_code" not in col:
            raise SourceError(f"{where}: a commune without its province code (column 'Mã TP')")
        code = get(row, "code")
        add(level, code, get(row, "name"), where, code if level == "province" else p_code,
            d_code if level == "commune" and legacy else "")
    return list(units.values())


def parse_date(value: str, where: str) -> date:
    """'2027-01-01' or '01/01/2027' (day first, as Vietnamese texts write it)."""
    value = value.strip()
    try:
        if m := _DATE_DMY.match(value):
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(value[:10])
    except ValueError:
        raise SourceError(f"{where}: {value!r} is not a date (write 2027-01-01 or 01/01/2027)") from None


def _annex_changes(path: Path, rows: list[tuple[int, dict]], col: dict[str, str]) -> list[Change]:
    if "date" not in col:
        raise SourceError(f"{path}:1: an annex needs the day its changes take effect (column 'Ngày có hiệu lực')")
    get = lambda row, role: row.get(col.get(role, ""), "").strip()
    changes: dict[tuple, Change] = {}
    last: Change | None = None
    for lineno, row in rows:
        where = f"{path}:{lineno}"
        new, old = get(row, "new"), get(row, "old")
        if not new and not old:
            continue
        if not new and last is not None:  # a merged cell: the new unit of the row above
            change = last
        else:
            if not new:
                raise SourceError(f"{where}: empty new name (column {col['new']!r})")
            unit_type = get(row, "type").casefold()
            if unit_type and unit_type not in vi.unit_type_names():
                raise SourceError(f"{where}: unknown unit type {get(row, 'type')!r} "
                                  f"(known: {', '.join(vi.unit_type_names())})")
            if new.casefold().split(" ")[0] in ("xã", "phường", "tỉnh", "huyện", "quận", "thị", "thành", "đặc"):
                try:
                    unit_type_named, new = split_type(new, where)
                    unit_type = unit_type or unit_type_named
                except SourceError:
                    pass
            if not unit_type:
                raise SourceError(f"{where}: no unit type for {new!r} (column 'Loại', or write it: 'Xã {new}')")
            if not get(row, "date"):
                raise SourceError(f"{where}: empty effective date (column {col['date']!r})")
            effective = parse_date(get(row, "date"), where)
            key = (vi.key(new), unit_type, vi.key(get(row, "province")), effective)
            change = changes.get(key)
            if change is None:
                change = changes[key] = Change(new, unit_type, effective, [], get(row, "province"),
                                               get(row, "code"), where)
        last = change
        change.lines.append(where)
        if not old:
            raise SourceError(f"{where}: empty old name (column {col['old']!r})")
        for part in _LIST_SPLIT.split(old):
            part = part.strip(" .")
            if not part:
                continue
            partial = bool(_PART.match(part))
            part = _PART.sub("", part)
            try:
                t, name = split_type(part, where)
            except SourceError:
                t, name = "", part
            change.olds.append((t, name, partial))
    return list(changes.values())
