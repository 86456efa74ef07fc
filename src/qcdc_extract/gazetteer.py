"""Gazetteers: build them from their sources, validate them, and look places up.

Layout of the gazetteers folder:
    curated/    hand-kept lexicons (titles, organisations, family names), TSV with a source column
    user/       files a user added with `qcdc gazetteer build --from FILE` (kept, so builds repeat)
    generated/  written only by `build()`: administrative units before and after the 2025
                reorganisation, the old-to-new mapping, and the lexicons merged with user files
    MANIFEST.json  source, version, date, rows and checksum of every generated file

Upstream for administrative units is the MIT-licensed `vietnamadminunits` package (its
bundled dataset.db and converter_2025.json, from the GSO's danhmuchanhchinh.gso.gov.vn and
sapnhap.bando.com.vn); nothing is downloaded.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import shutil
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from qcdc_extract.datacache import on_disk
from qcdc_extract.resources import DataFileError, gazetteer_dir, read_tsv
from qcdc_extract import vi

LOGGER = logging.getLogger(__name__)

UPSTREAM = "vietnamadminunits"
LEVELS = ("province", "district", "commune")
# The 2025 reorganisation took effect on 1 July 2025 (Nghị quyết 202/2025/QH15; 1 July for communes).
REFORM_DATE = date(2025, 7, 1)

UNIT_COLUMNS = ("code", "level", "unit_type", "name", "province_code", "district_code", "lat", "lon", "source")
MAPPING_COLUMNS = ("legacy_code", "code", "default", "source")
# Curated lexicons: file name -> (key column, required columns).
LEXICONS = {
    "titles.tsv": ("title", ("title", "kind", "source")),
    "organisations.tsv": ("name", ("name", "abbreviation", "source")),
    "family_names.tsv": ("name", ("name", "source")),
}
GENERATED_UNITS = {"admin_units_legacy.tsv": "legacy", "admin_units_2025.tsv": "2025"}


class GazetteerError(DataFileError):
    """A gazetteer source or user file that fails validation (names file and line)."""


# -- building ---------------------------------------------------------------------------

def _upstream_paths() -> tuple[Path, Path, str]:
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).with_name("data")
    return data / "dataset.db", data / "converter_2025.json", metadata.version(UPSTREAM)


def _unit_type(full_name: str) -> str:
    """"Thành phố Hà Nội" -> "thành phố"; "Xã Kỳ Châu" -> "xã"."""
    lowered = full_name.casefold()
    for t in sorted(vi.unit_type_names(), key=len, reverse=True):
        if lowered.startswith(t + " "):
            return t
    raise GazetteerError(f"{UPSTREAM}: unknown unit type in {full_name!r}")


def _coord(value) -> str:
    return "" if value is None else f"{float(value):.6f}"


def _legacy_units(db: sqlite3.Connection, source: str) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    query = """SELECT province, provinceShort, provinceCode, provinceLat, provinceLon,
                      district, districtShort, districtCode, districtLat, districtLon,
                      ward, wardShort, wardCode, wardLat, wardLon
               FROM admin_units_legacy"""
    for (p, p_short, p_code, p_lat, p_lon, d, d_short, d_code, d_lat, d_lon,
         w, w_short, w_code, w_lat, w_lon) in db.execute(query):
        rows[("province", p_code)] = _unit(p_code, "province", _unit_type(p), p_short, p_code, "", p_lat, p_lon, source)
        rows[("district", d_code)] = _unit(d_code, "district", _unit_type(d), d_short, p_code, "", d_lat, d_lon, source)
        if w_code:
            rows[("commune", w_code)] = _unit(w_code, "commune", _unit_type(w), w_short, p_code, d_code, w_lat, w_lon, source)
    return list(rows.values())


def _units_2025(db: sqlite3.Connection, source: str) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    query = """SELECT province, provinceShort, provinceCode, provinceLat, provinceLon,
                      ward, wardShort, wardCode, wardLat, wardLon FROM admin_units"""
    for p, p_short, p_code, p_lat, p_lon, w, w_short, w_code, w_lat, w_lon in db.execute(query):
        rows[("province", p_code)] = _unit(p_code, "province", _unit_type(p), p_short, p_code, "", p_lat, p_lon, source)
        rows[("commune", w_code)] = _unit(w_code, "commune", _unit_type(w), w_short, p_code, "", w_lat, w_lon, source)
    return list(rows.values())


def _unit(code, level, unit_type, name, province_code, district_code, lat, lon, source) -> dict:
    return {"code": code, "level": level, "unit_type": unit_type, "name": name, "province_code": province_code,
            "district_code": district_code, "lat": _coord(lat), "lon": _coord(lon), "source": source}


def _mapping(db: sqlite3.Connection, converter: Path, source: str) -> list[dict]:
    """Legacy commune code -> 2025 commune code; a divided commune maps to several."""
    legacy = {f"{pk}_{dk}_{wk}": code for pk, dk, wk, code in db.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy WHERE wardCode IS NOT NULL")}
    new = {(pk, wk): code for pk, wk, code in db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")}
    conv = json.loads(converter.read_text(encoding="utf-8"))
    pairs: dict[tuple[str, str], bool] = {}
    for province, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                if old_key in legacy and (province, new_key) in new:
                    pairs[(legacy[old_key], new[(province, new_key)])] = True
    for province, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for t in targets:
                if old_key in legacy and (province, t["newWardKey"]) in new:
                    pairs[(legacy[old_key], new[(province, t["newWardKey"])])] = bool(t.get("isDefaultNewWard"))
    return [{"legacy_code": a, "code": b, "default": "1" if d else "0", "source": source}
            for (a, b), d in pairs.items()]


def _read_user_units(path: Path) -> list[dict]:
    """A user's CSV/TSV of new units, with the columns of the generated unit files."""
    rows = _read_delimited(path, ("code", "level", "unit_type", "name", "era"))
    for i, row in enumerate(rows, 2):
        if row["era"] not in ("legacy", "2025"):
            raise GazetteerError(f"{path}:{i}: era must be 'legacy' or '2025', not {row['era']!r}")
        row.setdefault("source", f"user:{path.name}")
        row["source"] = row.get("source") or f"user:{path.name}"
    return rows


def _read_delimited(path: Path, required: tuple[str, ...]) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def validate_units(rows: list[dict], where: str) -> None:
    """Unique (level, code), NFC names, no empty names, known unit types and levels."""
    seen = {}
    for i, row in enumerate(rows, 2):
        at = f"{where}:{row.get('_line', i)}"
        if not row.get("name"):
            raise GazetteerError(f"{at}: empty name")
        for col in ("name", "unit_type"):
            if unicodedata.normalize("NFC", row[col]) != row[col]:
                raise GazetteerError(f"{at}: {col} {row[col]!r} is not in Unicode NFC")
        if row["unit_type"] not in vi.unit_type_names():
            raise GazetteerError(f"{at}: unknown unit type {row['unit_type']!r} (known: {', '.join(vi.unit_type_names())})")
        if row["level"] not in LEVELS:
            raise GazetteerError(f"{at}: unknown level {row['level']!r}")
        key = (row["level"], row["code"])
        if not row["code"] or key in seen:
            raise GazetteerError(f"{at}: {row['level']} code {row['code']!r} is empty or repeats line {seen.get(key)}")
        seen[key] = row.get("_line", i)


def validate_lexicon(rows: list[dict], key: str, where: str) -> None:
    seen = {}
    for i, row in enumerate(rows, 2):
        at = f"{where}:{row.get('_line', i)}"
        value = row.get(key, "")
        if not value:
            raise GazetteerError(f"{at}: empty {key}")
        if unicodedata.normalize("NFC", value) != value:
            raise GazetteerError(f"{at}: {value!r} is not in Unicode NFC")
        folded = value.casefold()
        if folded in seen:
            raise GazetteerError(f"{at}: {value!r} repeats line {seen[folded]}")
        seen[folded] = row.get("_line", i)


def _tsv_bytes(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    out.write("\t".join(columns) + "\n")
    for row in rows:
        values = [str(row.get(c, "") or "") for c in columns]
        if any("\t" in v or "\n" in v for v in values):
            raise GazetteerError(f"a value holds a tab or newline: {values}")
        out.write("\t".join(values) + "\n")
    return out.getvalue().encode("utf-8")


def build(folder: Path | None = None, add: list[Path] = ()) -> dict:
    """Regenerate every generated file in `folder` from upstream, curated/ and user/.

    Files in `add` are validated, then copied into user/ (units files must have an `era`
    column, lexicon files are named like the curated file they extend). Writes are
    deterministic: the same inputs give byte-identical files. Returns the manifest.
    """
    folder = Path(folder or gazetteer_dir())
    user = folder / "user"
    for path in add:
        _check_user_file(Path(path))
    for path in add:
        user.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, user / Path(path).name)
    files = generate(folder)
    generated = folder / "generated"
    generated.mkdir(parents=True, exist_ok=True)
    old = _read_manifest(folder)
    manifest = {"upstream": {"package": UPSTREAM, "version": _upstream_paths()[2], "licence": "MIT"}, "files": {}}
    for name, (data, info) in sorted(files.items()):
        digest = hashlib.sha256(data).hexdigest()
        path = generated / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        previous = old.get("files", {}).get(name, {})
        built = previous.get("date") if previous.get("sha256") == digest else date.today().isoformat()
        manifest["files"][name] = dict(info, sha256=digest, date=built)
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
    load_units.cache_clear()
    load_lexicon.cache_clear()
    return manifest


def generate(folder: Path) -> dict[str, tuple[bytes, dict]]:
    """Every generated file's bytes and provenance, built in memory (nothing written)."""
    db_path, converter, version = _upstream_paths()
    src = f"{UPSTREAM}=={version}"
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        units = {"legacy": _legacy_units(db, src), "2025": _units_2025(db, src)}
        mapping = _mapping(db, converter, src)
    finally:
        db.close()
    user = folder / "user"
    user_files = sorted(user.iterdir()) if user.is_dir() else []
    for path in user_files:
        if path.name not in LEXICONS and path.suffix in (".csv", ".tsv"):
            for row in _read_user_units(path):
                units[row.pop("era")].append({c: row.get(c, "") for c in UNIT_COLUMNS})
    files: dict[str, tuple[bytes, dict]] = {}
    for name, era in GENERATED_UNITS.items():
        rows = sorted(units[era], key=lambda r: (LEVELS.index(r["level"]), r["code"]))
        validate_units(rows, f"generated/{name}")
        files[name] = (_tsv_bytes(rows, UNIT_COLUMNS), {"source": src, "version": version, "rows": len(rows),
                                                        "valid": "until 2025-06-30" if era == "legacy" else "from 2025-07-01"})
    mapping.sort(key=lambda r: (r["legacy_code"], r["code"]))
    files["admin_mapping_2025.tsv"] = (_tsv_bytes(mapping, MAPPING_COLUMNS),
                                       {"source": src, "version": version, "rows": len(mapping)})
    for name, (key, required) in LEXICONS.items():
        rows = _lexicon_rows(folder / "curated" / name, required)
        if (user / name).exists():
            rows += _lexicon_rows(user / name, required)
        validate_lexicon(rows, key, name)
        rows.sort(key=lambda r: (r[key].casefold(), r[key]))
        columns = tuple(dict.fromkeys(list(required) + [c for r in rows for c in r if c != "_line"]))
        files[name] = (_tsv_bytes(rows, columns), {"source": f"curated/{name}" + (f" + user/{name}" if (user / name).exists() else ""),
                                                   "version": "curated", "rows": len(rows)})
    return files


def _lexicon_rows(path: Path, required: tuple[str, ...]) -> list[dict]:
    if not path.exists():
        raise GazetteerError(f"{path}: lexicon file not found")
    rows = _read_delimited(path, required) if path.suffix == ".csv" else read_tsv(path, ())
    for i, row in enumerate(rows, 2):
        missing = [c for c in required if c not in row]
        if missing:
            raise GazetteerError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
        row["_line"] = i
    return rows


def _check_user_file(path: Path) -> None:
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    if path.suffix not in (".csv", ".tsv"):
        raise GazetteerError(f"{path}: a .csv or .tsv file is expected")
    if path.name in LEXICONS:
        key, required = LEXICONS[path.name]
        validate_lexicon(_lexicon_rows(path, required), key, str(path))
    else:
        rows = _read_user_units(path)
        for i, row in enumerate(rows, 2):
            row["_line"] = i
        validate_units(rows, str(path))


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# -- looking up -------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """One administrative unit of one era."""

    code: str
    level: str
    unit_type: str
    name: str
    province_code: str
    district_code: str
    era: str
    lat: float | None = None
    lon: float | None = None


def name_key(name: str) -> str:
    """Match key for place names: NFC, classic tone marks, case-folded, spaces folded (vi.key)."""
    return vi.key(name)


@dataclass
class UnitIndex:
    """Units of one era by code and by (unit_type, name key) and (level, name key)."""

    era: str
    by_code: dict[tuple[str, str], Unit]
    by_type_name: dict[tuple[str, str], list[Unit]]

    def find(self, unit_type: str, name: str) -> list[Unit]:
        """Units named `name` of this type (a "thành phố" may be a province or a district)."""
        return self.by_type_name.get((unit_type, name_key(name)), [])

    def province(self, code: str) -> Unit | None:
        return self.by_code.get(("province", code))

    def district(self, code: str) -> Unit | None:
        return self.by_code.get(("district", code))


def generated_files() -> list[Path]:
    """The generated unit and mapping files the indexes below are built from."""
    folder = gazetteer_dir() / "generated"
    return [folder / name for name in (*GENERATED_UNITS, "admin_mapping_2025.tsv")]


@on_disk(generated_files)
def load_units(era: str) -> UnitIndex:
    """The generated unit file of an era ('legacy' or '2025'), indexed."""
    name = next(n for n, e in GENERATED_UNITS.items() if e == era)
    rows = read_tsv(gazetteer_dir() / "generated" / name, UNIT_COLUMNS[:4])
    by_code, by_type = {}, defaultdict(list)
    for r in rows:
        unit = Unit(r["code"], r["level"], r["unit_type"], r["name"], r["province_code"], r["district_code"], era,
                    float(r["lat"]) if r["lat"] else None, float(r["lon"]) if r["lon"] else None)
        by_code[(unit.level, unit.code)] = unit
        by_type[(unit.unit_type, name_key(unit.name))].append(unit)
    return UnitIndex(era, by_code, dict(by_type))


@on_disk(generated_files)
def load_mapping() -> dict[str, list[tuple[str, bool]]]:
    """Legacy commune code -> [(2025 commune code, is the default successor)]."""
    out = defaultdict(list)
    for r in read_tsv(gazetteer_dir() / "generated" / "admin_mapping_2025.tsv", MAPPING_COLUMNS[:3]):
        out[r["legacy_code"]].append((r["code"], r["default"] == "1"))
    return dict(out)


@cache
def load_lexicon(name: str) -> tuple[dict[str, str], ...]:
    """A generated lexicon (titles.tsv, organisations.tsv, family_names.tsv)."""
    key, required = LEXICONS[name]
    return tuple(read_tsv(gazetteer_dir() / "generated" / name, required))


# The gazetteer tells apart same-named units of one district with a suffix ("Kỳ Anh (Huyện)",
# "Yên Viên (Thị trấn)"); texts never write it.
_TYPE_SUFFIX = re.compile(r"\s*\((?:huyện|thị xã|thành phố|thị trấn|xã|phường)\)\s*$", re.IGNORECASE)
# Numbered wards and districts carry their type word in the gazetteer ("Phường 5", "Quận 1").
_NUMBERED = re.compile(r"^(?:phường|quận)\s+(?=\d)", re.IGNORECASE)
# Dashes and apostrophes as texts vary them: "Bà Rịa-Vũng Tàu", "Cư M’gar".
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")


def display_name(unit: Unit) -> str:
    """A unit's name as texts write it: "Kỳ Anh (Huyện)" -> "Kỳ Anh"."""
    return _TYPE_SUFFIX.sub("", unit.name)


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Looser key than name_key for names after a type word: no "(Huyện)" suffix, no
    "Phường " before a number, dashes as spaces, one apostrophe."""
    key = name_key(_TYPE_SUFFIX.sub("", name))
    key = _NUMBERED.sub("", key)
    key = _DASHES.sub(" ", key).replace("’", "'").replace("‘", "'")
    return " ".join(key.split())


@on_disk(generated_files)
def load_place_index(era: str) -> dict[tuple[str, str], tuple[Unit, ...]]:
    """Units of an era by (unit_type, place_key) and by ("@" + level, place_key)."""
    out: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in load_units(era).by_code.values():
        key = place_key(unit.name)
        out[(unit.unit_type, key)].append(unit)
        out["@" + unit.level, key].append(unit)
    return {k: tuple(sorted(v, key=lambda u: u.code)) for k, v in out.items()}


def find_place(era: str, unit_type: str, name: str, *, any_type_of_level: str | None = None) -> tuple[Unit, ...]:
    """Units of an era named `name` of this type (or of any type of a level), a dict hit."""
    key = place_key(name)
    if any_type_of_level:
        return load_place_index(era).get(("@" + any_type_of_level, key), ())
    return load_place_index(era).get((unit_type, key), ())


@on_disk(generated_files)
def province_links() -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    """(era, province code) -> the (era, province code)s of the other era sharing a commune.

    From the 2025 mapping: legacy Hòa Bình (17) -> 2025 Phú Thọ (25) and back, so places named
    in one era's terms can support or rule out a candidate of the other.
    """
    legacy, new = load_units("legacy"), load_units("2025")
    links: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for old_code, targets in load_mapping().items():
        old = legacy.by_code.get(("commune", old_code))
        if old is None:
            continue
        for code, _ in targets:
            unit = new.by_code.get(("commune", code))
            if unit is not None:
                links[("legacy", old.province_code)].add(("2025", unit.province_code))
                links[("2025", unit.province_code)].add(("legacy", old.province_code))
    return {k: frozenset(v) for k, v in links.items()}
