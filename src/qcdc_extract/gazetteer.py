"""Gazetteers: build them from their sources, validate them, and look places up.

Layout of a gazetteers folder (the package's read-only one, or the user's: resources.py):
    curated/    hand-kept lexicons (titles, organisations, family names), TSV with a source column;
                a user folder without one uses the package's
    user/       files a user added with `qcdc gazetteer build --from FILE` (kept, so builds repeat):
                the GSO's list, a decision's annex, the project's TSV (gazetteer_sources.py), lexicons
    generated/  written only by `build()`: administrative units of each era (legacy, 2025, and one
                per later change a user added, admin_units_<YYYY-MM-DD>.tsv), the mappings from
                one era's codes to the next, and the lexicons merged with user files
    MANIFEST.json  every generated file's sources (with checksums), version, date, rows, checksum

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
import os
import shutil
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from qcdc_extract.datacache import on_disk
from qcdc_extract import gazetteer_sources as gs
from qcdc_extract import vi
from qcdc_extract.resources import (DataFileError, base_gazetteer_dir, gazetteer_dir, read_tsv,
                                   user_gazetteer_dir)

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


GazetteerError = gs.GazetteerError  # a source or user file that fails validation (names file and line)


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


def validate_units(rows: list[dict], where: str) -> None:
    """Unique (level, code), NFC names, no empty names, known unit types and levels.

    A row read from a user's file carries `_where` ("file:line"), named instead of `where`.
    """
    seen = {}
    for i, row in enumerate(rows, 2):
        at = row.get("_where") or f"{where}:{row.get('_line', i)}"
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
            raise GazetteerError(f"{at}: {row['level']} code {row['code']!r} is empty or repeats {_other(at, seen.get(key))}")
        seen[key] = at


def _other(at: str, other) -> str:
    """'line 2' for a line of the same file as `at`, else the other place in full."""
    if other is None:
        return "line None"
    a, _, _ = at.rpartition(":")
    o, _, line = str(other).rpartition(":")
    return f"line {line}" if a and a == o else str(other)


def validate_lexicon(rows: list[dict], key: str, where: str) -> None:
    seen = {}
    for i, row in enumerate(rows, 2):
        at = row.get("_where") or f"{where}:{row.get('_line', i)}"
        value = row.get(key, "")
        if not value:
            raise GazetteerError(f"{at}: empty {key}")
        if unicodedata.normalize("NFC", value) != value:
            raise GazetteerError(f"{at}: {value!r} is not in Unicode NFC")
        folded = value.casefold()
        if folded in seen:
            raise GazetteerError(f"{at}: {value!r} repeats {_other(at, seen[folded])}")
        seen[folded] = at


def _tsv_bytes(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    out.write("\t".join(columns) + "\n")
    for row in rows:
        values = [str(row.get(c, "") or "") for c in columns]
        if any("\t" in v or "\n" in v for v in values):
            raise GazetteerError(f"{row.get('_where') or 'a row'}: a value holds a tab or newline: {values}")
        out.write("\t".join(values) + "\n")
    return out.getvalue().encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _curated_dir(folder: Path) -> Path:
    """The folder's own curated/ (a full gazetteers folder), else the package's."""
    own = folder / "curated"
    return own if own.is_dir() else base_gazetteer_dir() / "curated"


def _dated_units_name(era: str) -> str:
    return f"admin_units_{era}.tsv"


def _dated_mapping_name(era: str) -> str:
    return f"admin_mapping_{era}.tsv"


_DATED = re.compile(r"^admin_(?:units|mapping)_(\d{4}-\d{2}-\d{2})\.tsv$")


@dataclass
class _Plan:
    """The user files a build reads: (path read, name kept under user/, bytes)."""

    files: list[tuple[Path, str, bytes]]
    new: list[tuple[Path, str, bytes]]
    notes: list[str]


def _plan(folder: Path, add) -> _Plan:
    """The user files already kept and those `add` brings, and what adding each means."""
    user = folder / "user"
    kept = {p.name: p for p in sorted(user.iterdir()) if p.is_file() and not p.name.startswith(".")} if user.is_dir() else {}
    kept_bytes = {name: p.read_bytes() for name, p in kept.items()}
    notes, new = [], []
    for path in add:
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"{path}: no such file")
        if path.suffix.lower() not in gs.SUFFIXES:
            raise GazetteerError(f"{path}: a .csv, .tsv or .xlsx file is expected")
        data = path.read_bytes()
        same = next((n for n, b in kept_bytes.items() if b == data), None)
        if same is None:
            same = next((n for _, n, b in new if b == data), None)
        if same is not None:
            notes.append(f"{path}: already added as user/{same} (identical content): nothing to do")
            continue
        name = path.name
        if name in kept_bytes or any(n == name for _, n, _ in new):
            if _lexicon_name(name):  # a second batch of proposals: kept beside the first
                stem, suffix, k = Path(name).stem, Path(name).suffix, 2
                while f"{stem}-{k}{suffix}" in kept_bytes or any(n == f"{stem}-{k}{suffix}" for _, n, _ in new):
                    k += 1
                name = f"{stem}-{k}{suffix}"
                notes.append(f"{path}: user/{path.name} exists: kept beside it as user/{name}")
            else:
                notes.append(f"{path}: replaces the earlier user/{name}")
                kept.pop(name)
        new.append((path, name, data))
    files = [(p, n, kept_bytes[n]) for n, p in kept.items()] + new
    return _Plan(sorted(files, key=lambda f: f[1]), new, notes)


def _lexicon_name(name: str) -> str | None:
    """The lexicon a user file extends: 'titles.tsv', 'titles-2.tsv' -> 'titles.tsv'."""
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    base = re.sub(r"-\d+$", "", stem)
    for lexicon in LEXICONS:
        if Path(lexicon).stem == base and suffix in (".tsv", ".csv"):
            return lexicon
    return None


def build(folder: Path | None = None, add: list[Path] = ()) -> dict:
    """Regenerate every generated file in `folder` from upstream, curated/ and user/.

    `folder` defaults to the user's gazetteers folder (resources.user_gazetteer_dir). Files in
    `add` are read and validated with every other source first; only when the whole build
    validates are they kept in user/ and the generated files and MANIFEST.json replaced, so a
    failed build changes nothing. Writes are deterministic: the same inputs give byte-identical
    files. Returns the manifest, with `notes` on what adding each file meant.
    """
    folder = Path(folder or user_gazetteer_dir())
    plan = _plan(folder, add)
    files, notes = _generate(folder, plan.files)
    notes = plan.notes + notes
    old = _read_manifest(folder)
    manifest = {"upstream": {"package": UPSTREAM, "version": _upstream_paths()[2], "licence": "MIT"}, "files": {}}
    for name, (data, info) in sorted(files.items()):
        digest = _sha256(data)
        previous = old.get("files", {}).get(name, {})
        built = previous.get("date") if previous.get("sha256") == digest else date.today().isoformat()
        manifest["files"][name] = dict(info, sha256=digest, date=built)
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    _swap_in(folder, files, plan.new, manifest_bytes)
    clear_caches()
    return dict(manifest, notes=notes)


def _swap_in(folder: Path, files: dict, new_user: list, manifest_bytes: bytes) -> None:
    """Write everything into a staging folder beside the target, then move each file into place."""
    generated, user = folder / "generated", folder / "user"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteers folder {folder}: {exc.strerror or exc}") from exc
    try:
        moves = []
        for name, (data, _) in files.items():
            target = generated / name
            if not target.exists() or target.read_bytes() != data:
                (staging / name).write_bytes(data)
                moves.append((staging / name, target))
        for i, (_, name, data) in enumerate(new_user):
            (staging / f"user-{i}").write_bytes(data)
            moves.append((staging / f"user-{i}", user / name))
        (staging / "MANIFEST.json").write_bytes(manifest_bytes)
        moves.append((staging / "MANIFEST.json", folder / "MANIFEST.json"))
        generated.mkdir(exist_ok=True)
        if new_user:
            user.mkdir(exist_ok=True)
        for source, target in moves:
            os.replace(source, target)
        for stale in generated.iterdir():  # an era whose source the user removed
            if _DATED.match(stale.name) and stale.name not in files:
                stale.unlink()
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteers folder {folder}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def clear_caches() -> None:
    """Forget the indexes of the gazetteer in use (after a build, or when QCDC_GAZETTEERS changes)."""
    for fn in (load_units, load_mapping, load_place_index, province_links, load_lexicon, eras, _era_mapping):
        fn.cache_clear()
    import sys

    for module, name in (("qcdc_extract.identity", "crosswalk"), ("qcdc_extract.officials.lexicon", "places")):
        fn = getattr(sys.modules.get(module), name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def generate(folder: Path, extra: list[Path] = ()) -> dict[str, tuple[bytes, dict]]:
    """Every generated file's bytes and provenance, built in memory (nothing written).

    `extra`: files to read as if added with --from (what `qcdc gazetteer diff FILE` shows).
    """
    folder = Path(folder)
    files = _plan(folder, extra).files if extra else _plan(folder, ()).files
    return _generate(folder, files)[0]


def _upstream_sources(db_path: Path, converter: Path, src: str) -> tuple[dict, dict]:
    return ({"source": f"{src}:{db_path.name}", "sha256": _sha256(db_path.read_bytes())},
            {"source": f"{src}:{converter.name}", "sha256": _sha256(converter.read_bytes())})


def _generate(folder: Path, user_files: list[tuple[Path, str, bytes]]) -> tuple[dict[str, tuple[bytes, dict]], list[str]]:
    db_path, converter, version = _upstream_paths()
    src = f"{UPSTREAM}=={version}"
    db_source, converter_source = _upstream_sources(db_path, converter, src)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        base = {"legacy": _legacy_units(db, src), "2025": _units_2025(db, src)}
        mapping = _mapping(db, converter, src)
    finally:
        db.close()
    units: dict[str, dict[tuple[str, str], dict]] = {
        era: {(r["level"], r["code"]): dict(r, _where=src) for r in rows} for era, rows in base.items()}
    sources: dict[str, list[dict]] = {"legacy": [db_source], "2025": [db_source]}
    notes: list[str] = []
    dated: dict[str, list] = defaultdict(list)
    lexicon_files: dict[str, list[tuple[Path, str, bytes]]] = defaultdict(list)
    for path, name, data in user_files:
        lexicon = _lexicon_name(name)
        if lexicon:
            lexicon_files[lexicon].append((path, name, data))
            continue
        entry = {"source": f"user/{name}", "sha256": _sha256(data)}
        source = gs.read_source(path)
        if source.layout in ("units", "gso"):
            for row in source.units:
                row["source"] = f"user:{name}"
            validate_units([r for r in source.units], str(path))
        touched = set()
        for row in source.units:
            era = row.pop("era")
            if era in units:
                _put(units[era], row, upsert=source.layout == "gso", notes=notes)
                touched.add(era)
            else:
                dated[era].append(("row", row, entry))
        for change in source.changes:
            dated[change.effective.isoformat()].append(("change", change, entry))
        for era in sorted(touched):
            sources[era].append(entry)
    previous = "2025"
    mappings: dict[str, list[dict]] = {}
    for era in sorted(dated):
        items = dated[era]
        if date.fromisoformat(era) <= REFORM_DATE:
            first = items[0][1]
            where = first.get("_where") if isinstance(first, dict) else first.where
            raise GazetteerError(f"{where}: a change effective {era} is not after the 2025 reorganisation "
                                 f"({REFORM_DATE}); give the 2025 units era '2025'")
        before = units[previous]
        units[era] = {k: dict(v) for k, v in before.items()}
        sources[era] = list(sources[previous])
        for _, _, entry in items:
            if entry not in sources[era]:
                sources[era].append(entry)
        mappings[era] = []
        index = _name_index(before)
        for kind, item, _ in items:
            if kind == "row":
                _put(units[era], item, upsert=False, notes=notes)
        for kind, item, _ in items:
            if kind == "change":
                mappings[era] += _apply(item, before, index, units[era], era, previous, notes)
        previous = era
    files: dict[str, tuple[bytes, dict]] = {}
    dated_eras = sorted(dated)
    for era, rows in units.items():
        name = _units_name(era)
        ordered = sorted(rows.values(), key=lambda r: (LEVELS.index(r["level"]), r["code"]))
        validate_units(ordered, f"generated/{name}")
        later = [e for e in dated_eras if e > era] if era != "legacy" else []
        valid = ("until 2025-06-30" if era == "legacy" else
                 f"from {'2025-07-01' if era == '2025' else era}"
                 + (f" until {(date.fromisoformat(later[0]) - timedelta(days=1)).isoformat()}" if later else ""))
        files[name] = (_tsv_bytes(ordered, UNIT_COLUMNS),
                       _info(sources[era], version, len(ordered), valid=valid))
    mapping.sort(key=lambda r: (r["legacy_code"], r["code"]))
    files["admin_mapping_2025.tsv"] = (_tsv_bytes(mapping, MAPPING_COLUMNS),
                                       _info([db_source, converter_source], version, len(mapping)))
    for era, rows in mappings.items():
        rows.sort(key=lambda r: (r["legacy_code"], r["code"]))
        files[_dated_mapping_name(era)] = (_tsv_bytes(rows, MAPPING_COLUMNS), _info(sources[era][1:], version, len(rows)))
    curated = _curated_dir(folder)
    for name, (key, required) in LEXICONS.items():
        rows = _lexicon_rows(curated / name, required)
        entries = [{"source": f"curated/{name}", "sha256": _sha256((curated / name).read_bytes())}]
        for path, kept_as, data in lexicon_files.get(name, []):
            rows += _user_lexicon_rows(path, name, rows, notes)
            entries.append({"source": f"user/{kept_as}", "sha256": _sha256(data)})
        validate_lexicon(rows, key, name)
        rows.sort(key=lambda r: (r[key].casefold(), r[key]))
        columns = tuple(dict.fromkeys(list(required) + [c for r in rows for c in r if not c.startswith("_")]))
        files[name] = (_tsv_bytes(rows, columns), {"source": " + ".join(e["source"] for e in entries), "sources": entries,
                                                   "version": "curated", "rows": len(rows)})
    return files, notes


def _info(entries: list[dict], version: str, rows: int, **more) -> dict:
    """A generated file's provenance: every source that contributed, with its checksum."""
    names = list(dict.fromkeys(e["source"].split(":")[0] if e["source"].startswith(UPSTREAM) else e["source"]
                               for e in entries))
    return dict({"source": " + ".join(names), "sources": entries, "version": version, "rows": rows}, **more)


def _units_name(era: str) -> str:
    return next((n for n, e in GENERATED_UNITS.items() if e == era), None) or _dated_units_name(era)


def _put(era_units: dict, row: dict, *, upsert: bool, notes: list[str]) -> None:
    """Add a user's unit row to an era; a GSO list's row replaces the unit of its code."""
    key = (row["level"], row["code"])
    row = {c: row.get(c, "") for c in UNIT_COLUMNS} | {"_where": row["_where"]}
    old = era_units.get(key)
    if old is not None:
        same = all(old[c] == row[c] for c in ("unit_type", "name", "province_code", "district_code"))
        if same:
            if not upsert:
                notes.append(f"{row['_where']}: {row['level']} {row['code']} {row['name']!r} is already in the "
                             "gazetteer: nothing to do")
            return
        if not upsert:
            raise GazetteerError(f"{row['_where']}: {row['level']} code {row['code']!r} repeats "
                                 f"{_other(row['_where'], old['_where'])} ({old['unit_type']} {old['name']})")
        row["lat"], row["lon"] = row["lat"] or old["lat"], row["lon"] or old["lon"]
    era_units[key] = row


def _name_index(era_units: dict) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for row in era_units.values():
        out[place_key(row["name"])].append(row)
    return out


_COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")


def _apply(change: gs.Change, before: dict, index: dict, after: dict, era: str, previous: str,
           notes: list[str]) -> list[dict]:
    """Apply one new unit of an annex to `after` (the era's units); returns its mapping rows."""
    where = change.where
    province_codes = None
    if change.province:
        try:
            p_type, p_name = gs.split_type(change.province, where)
        except gs.SourceError:
            p_type, p_name = "", change.province
        provinces = [r for r in index.get(place_key(p_name), []) if r["level"] == "province"
                     and (not p_type or r["unit_type"] == p_type)]
        if not provinces:
            raise GazetteerError(f"{where}: no province {change.province!r} in the gazetteer in force before {era}")
        province_codes = {r["code"] for r in provinces}
    level = "commune" if change.unit_type in _COMMUNE_TYPES else None
    olds = []
    for unit_type, name, partial in change.olds:
        found = [r for r in index.get(place_key(name), [])
                 if (r["unit_type"] == unit_type if unit_type else r["unit_type"] == change.unit_type)
                 and (province_codes is None or (r["province_code"] or r["code"]) in province_codes)]
        if not found and not unit_type and level:
            found = [r for r in index.get(place_key(name), []) if r["level"] == level
                     and (province_codes is None or r["province_code"] in province_codes)]
        label = f"{unit_type or change.unit_type} {name}"
        if not found:
            raise GazetteerError(f"{where}: no {label!r} in the gazetteer in force before {era} ({previous})"
                                 + (f" in {change.province}" if change.province else ""))
        if len(found) > 1:
            places = ", ".join(f"{r['code']} ({_province_name(before, r)})" for r in found[:6])
            raise GazetteerError(f"{where}: {len(found)} units are named {label!r}: {places}; "
                                 "add a column 'Tỉnh/Thành phố' to tell them apart")
        olds.append((found[0], partial))
    levels = {r["level"] for r, _ in olds}
    if len(levels) != 1:
        raise GazetteerError(f"{where}: the old units of {change.new_name!r} are of different levels ({', '.join(sorted(levels))})")
    level = levels.pop()
    parents = {r["province_code"] for r, _ in olds} if level != "province" else {""}
    if len(parents) != 1:
        names = ", ".join(sorted(_province_name(before, r) for r, _ in olds))
        raise GazetteerError(f"{where}: the old units of {change.new_name!r} lie in different provinces ({names})")
    whole = [r for r, partial in olds if not partial]
    code = change.code or (whole or [r for r, _ in olds])[0]["code"]
    taken = after.get((level, code))
    if taken is not None and code not in {r["code"] for r, _ in olds} and taken["name"] != change.new_name:
        raise GazetteerError(f"{where}: code {code!r} is already {taken['unit_type']} {taken['name']}")
    for r in whole:
        after.pop((level, r["code"]), None)
    new = {"code": code, "level": level, "unit_type": change.unit_type, "name": change.new_name,
           "province_code": code if level == "province" else parents.pop(), "district_code": "",
           "lat": "", "lon": "", "source": f"user:{Path(where.rpartition(':')[0]).name}", "_where": where}
    if len(olds) == 1 and (olds[0][0]["name"], olds[0][0]["unit_type"], olds[0][0]["code"]) == (new["name"], new["unit_type"], code):
        notes.append(f"{where}: {change.unit_type} {change.new_name!r} is unchanged: nothing to do")
        after[(level, code)] = olds[0][0]
        return []
    after[(level, code)] = new
    if level == "province":  # the communes of merged provinces now lie in the new one
        merged = {r["code"] for r, _ in olds}
        for key, row in list(after.items()):
            if row["level"] != "province" and row["province_code"] in merged:
                after[key] = dict(row, province_code=code)
    return [{"legacy_code": r["code"], "code": code, "default": "0" if partial else "1", "source": new["source"]}
            for r, partial in olds]


def _province_name(units: dict, row: dict) -> str:
    province = units.get(("province", row["province_code"] or row["code"]))
    return province["name"] if province else row["province_code"]


def _lexicon_rows(path: Path, required: tuple[str, ...]) -> list[dict]:
    if not path.exists():
        raise GazetteerError(f"{path}: lexicon file not found")
    rows = read_tsv(path, ())
    for i, row in enumerate(rows, 2):
        missing = [c for c in required if c not in row]
        if missing:
            raise GazetteerError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
        row["_line"] = i
        row["_where"] = f"{path.parent.name}/{path.name}:{i}"
    return rows


def _user_lexicon_rows(path: Path, name: str, existing: list[dict], notes: list[str]) -> list[dict]:
    """A user's lexicon rows, validated on their own; a row the lexicon already has as it is is
    skipped with a note (a title that exists is no error), one that differs is an error."""
    key, required = LEXICONS[name]
    try:
        header, numbered = gs.read_rows(path)
    except gs.SourceError as exc:
        raise GazetteerError(str(exc)) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise GazetteerError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
    rows = [dict(row, _where=f"{path}:{line}") for line, row in numbered]
    validate_lexicon(rows, key, str(path))
    have = {r[key].casefold(): r for r in existing}
    out = []
    for row in rows:
        old = have.get(row[key].casefold())
        if old is None:
            out.append(row)
        elif all(old.get(c, "") == row.get(c, "") for c in row if c not in ("source",) and not c.startswith("_")):
            notes.append(f"{row['_where']}: {row[key]!r} is already in {old['_where'].rpartition(':')[0]}: nothing to do")
        else:
            diff = ", ".join(f"{c} {old.get(c, '')!r}" for c in row if c not in ("source", key) and not c.startswith("_")
                             and old.get(c, "") != row.get(c, ""))
            raise GazetteerError(f"{row['_where']}: {row[key]!r} repeats {old['_where']} (which has {diff or 'another spelling'})")
    return out


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# -- what a rebuild changes ---------------------------------------------------------------

def read_unit_list(path: Path) -> dict[str, list[dict]]:
    """A file of units (a generated or project TSV, a GSO list), by era ('' when it names none)."""
    path = Path(path)
    header, numbered = gs.read_rows(path)
    if all(c in header for c in ("code", "level", "unit_type", "name")):
        out = defaultdict(list)
        era = next((e for n, e in GENERATED_UNITS.items() if n == path.name), "")
        if m := re.match(r"^admin_units_(\d{4}-\d{2}-\d{2})\.tsv$", path.name):
            era = m[1]
        for line, row in numbered:
            out[row.get("era") or era].append(dict(row, _where=f"{path}:{line}"))
        return dict(out)
    source = gs.read_source(path)
    if source.layout == "annex":
        raise GazetteerError(f"{path}: an annex lists changes, not units: compare it with the gazetteer in "
                             f"use (qcdc gazetteer diff {path.name})")
    out = defaultdict(list)
    for row in source.units:
        out[row["era"]].append(row)
    return dict(out)


def diff_units(old: list[dict], new: list[dict], era: str = "") -> list[dict]:
    """What going from `old` to `new` adds, removes and renames (same code, new name or type)."""
    before = {(r["level"], r["code"]): r for r in old}
    after = {(r["level"], r["code"]): r for r in new}
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: (LEVELS.index(k[0]) if k[0] in LEVELS else 9, k[1])):
        a, b = before.get(key), after.get(key)
        label = lambda r: f"{r['unit_type']} {r['name']}"
        if a is None:
            out.append({"era": era, "change": "added", "level": key[0], "code": key[1], "old": "", "new": label(b)})
        elif b is None:
            out.append({"era": era, "change": "removed", "level": key[0], "code": key[1], "old": label(a), "new": ""})
        elif (a["name"], a["unit_type"]) != (b["name"], b["unit_type"]):
            out.append({"era": era, "change": "renamed", "level": key[0], "code": key[1], "old": label(a), "new": label(b)})
    return out


def diff_files(old: Path, new: Path) -> list[dict]:
    """The changes from one unit file to another, era by era."""
    a, b = read_unit_list(old), read_unit_list(new)
    if set(a) != set(b) and len(a) == len(b) == 1:  # one era each, named differently: compare them
        return diff_units(next(iter(a.values())), next(iter(b.values())), next(iter(b)))
    return [row for era in sorted(set(a) | set(b)) for row in diff_units(a.get(era, []), b.get(era, []), era)]


def diff_rebuild(path: Path, folder: Path | None = None) -> list[dict]:
    """What `qcdc gazetteer build --from PATH` would change in the gazetteer in use (nothing written)."""
    folder = Path(folder or user_gazetteer_dir())
    current = folder if (folder / "MANIFEST.json").exists() else base_gazetteer_dir()
    files = generate(folder, [Path(path)])
    out = []
    names = sorted({n for n in files if n.startswith("admin_units_")}
                   | {p.name for p in (current / "generated").glob("admin_units_*.tsv")})
    previous = None
    for name in sorted(names, key=lambda n: (n != "admin_units_legacy.tsv", n)):  # legacy, 2025, later eras
        era = GENERATED_UNITS.get(name) or name.removeprefix("admin_units_").removesuffix(".tsv")
        if (current / "generated" / name).exists():
            old = read_tsv(current / "generated" / name, UNIT_COLUMNS[:4])
        else:  # a new era: what it changes from the one before
            old = _rows_of(files[previous][0]) if previous in files else []
        new = _rows_of(files[name][0]) if name in files else []
        out += diff_units(old, new, era)
        previous = name
    return out


def _rows_of(data: bytes) -> list[dict]:
    lines = data.decode("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


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
    """The generated unit and mapping files the indexes below are built from (every era's)."""
    folder = gazetteer_dir() / "generated"
    dated = sorted(p for p in folder.glob("admin_*_????-??-??.tsv") if _DATED.match(p.name)) if folder.is_dir() else []
    return [folder / name for name in (*GENERATED_UNITS, "admin_mapping_2025.tsv")] + dated


@cache
def _eras(setting: str | None) -> tuple[tuple[str, date | None], ...]:
    folder = gazetteer_dir() / "generated"
    dated = sorted({m[1] for p in folder.glob("admin_units_????-??-??.tsv") if (m := _DATED.match(p.name))})
    return (("legacy", None), ("2025", REFORM_DATE), *((e, date.fromisoformat(e)) for e in dated))


def eras() -> tuple[tuple[str, date | None], ...]:
    """Every era of the gazetteer in use and the day it starts, oldest first: ('legacy', None),
    ('2025', 2025-07-01), then one per later change a user added ('2027-01-01', 2027-01-01).

    Read once per process and $QCDC_GAZETTEERS, like the indexes; a build clears it
    (clear_caches). Resolving asks for it at every place name."""
    return _eras(os.environ.get("QCDC_GAZETTEERS"))


eras.cache_clear = _eras.cache_clear


def era_on(when: date | None) -> str:
    """The era in force on a day (the legacy one for an undated article)."""
    current = "legacy"
    if when is None:
        return current
    for name, start in eras():
        if start is not None and when >= start:
            current = name
    return current


@on_disk(generated_files)
def load_units(era: str) -> UnitIndex:
    """The generated unit file of an era ('legacy', '2025' or a later one's start day), indexed."""
    path = gazetteer_dir() / "generated" / _units_name(era)
    if era not in GENERATED_UNITS.values() and not path.exists():
        raise GazetteerError(f"no era {era!r} in the gazetteer (eras: {', '.join(e for e, _ in eras())})")
    rows = read_tsv(path, UNIT_COLUMNS[:4])
    by_code, by_type = {}, defaultdict(list)
    for r in rows:
        unit = Unit(r["code"], r["level"], r["unit_type"], r["name"], r["province_code"], r["district_code"], era,
                    float(r["lat"]) if r["lat"] else None, float(r["lon"]) if r["lon"] else None)
        by_code[(unit.level, unit.code)] = unit
        by_type[(unit.unit_type, name_key(unit.name))].append(unit)
    return UnitIndex(era, by_code, dict(by_type))


@cache
def _era_mapping(era: str) -> tuple[tuple[str, str, bool], ...]:
    """(code in the era before, code in `era`, is the default successor) of a later era's changes."""
    path = gazetteer_dir() / "generated" / _dated_mapping_name(era)
    if not path.exists():
        return ()
    return tuple((r["legacy_code"], r["code"], r["default"] == "1") for r in read_tsv(path, MAPPING_COLUMNS[:3]))


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


@lru_cache(maxsize=4096)  # bounded: 65,536 keys of names cost about 12 MB a process
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
    # A later era's province is its predecessor's (same code, or the provinces merged into it),
    # and so also every province that one is linked to.
    previous = "2025"
    for era, _ in eras()[2:]:
        before, after = load_units(previous), load_units(era)
        pairs = {(u.code, u.code) for (lv, _), u in after.by_code.items() if lv == "province" and before.province(u.code)}
        pairs |= {(old, code) for old, code, _ in _era_mapping(era) if before.province(old) and after.province(code)}
        for old, code in pairs:
            linked = {(previous, old)} | links.get((previous, old), set())
            links[(era, code)] |= linked
            for other in linked:
                links[other].add((era, code))
        previous = era
    return {k: frozenset(v) for k, v in links.items()}
