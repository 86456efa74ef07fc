"""Data files: where they live and one cached loader for UTF-8 TSV tables."""
from __future__ import annotations

import csv
import os
import unicodedata
from functools import cache
from pathlib import Path

PACKAGE_DATA = Path(__file__).with_name("data")


class DataFileError(ValueError):
    """A data file is missing, malformed or violates its contract."""


def base_gazetteer_dir() -> Path:
    """The gazetteers shipped with the package (read-only): the source checkout's, or the installed copy."""
    candidates = [Path(__file__).resolve().parents[2] / "gazetteers", Path(__file__).with_name("gazetteers")]
    for path in candidates:
        if (path / "MANIFEST.json").exists() or (path / "curated").is_dir():
            return path
    raise DataFileError(f"no gazetteers folder found (looked in {', '.join(map(str, candidates))})")


def user_gazetteer_dir() -> Path:
    """Where `qcdc gazetteer build` keeps the user's files and its rebuilt gazetteers:
    $QCDC_GAZETTEERS, else platformdirs.user_data_dir("qcdc_extract")/gazetteers (never site-packages)."""
    env = os.environ.get("QCDC_GAZETTEERS")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("qcdc_extract")) / "gazetteers"


def gazetteer_dir() -> Path:
    """The gazetteers the pipeline reads: the user folder once a build has written it (it holds a
    MANIFEST.json; $QCDC_GAZETTEERS may also name a full gazetteers folder), else the package's."""
    user = user_gazetteer_dir()
    if (user / "MANIFEST.json").exists() or (os.environ.get("QCDC_GAZETTEERS") and (user / "curated").is_dir()):
        return user
    return base_gazetteer_dir()


def resolve(name: str) -> Path:
    """Path of a data file: 'gazetteers/...' names live in the gazetteers folder, others in the package."""
    if name.startswith("gazetteers/"):
        return gazetteer_dir() / name.removeprefix("gazetteers/")
    return PACKAGE_DATA / name


def read_tsv(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Read a UTF-8 TSV with a header row; every value NFC; clear errors naming file and line."""
    if not path.exists():
        raise DataFileError(f"{path}: data file not found")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise DataFileError(f"{path}: header lacks column(s) {', '.join(missing)}")
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise DataFileError(f"{path}:{reader.line_num}: expected {len(header)} tab-separated fields")
            row = {k: unicodedata.normalize("NFC", v.strip()) for k, v in row.items()}
            for col in required:
                if not row[col]:
                    raise DataFileError(f"{path}:{reader.line_num}: empty {col!r}")
            rows.append(row)
    return rows


@cache
def load_table(name: str, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Cached :func:`read_tsv` of a named data file (see :func:`resolve`)."""
    return tuple(read_tsv(resolve(name), required))


def gazetteer_versions() -> dict:
    """Name -> version/checksum of each gazetteer file, from gazetteers/MANIFEST.json."""
    import json

    try:
        manifest = json.loads((gazetteer_dir() / "MANIFEST.json").read_text(encoding="utf-8"))
    except (DataFileError, OSError, ValueError):
        return {}
    return {name: {k: v for k, v in entry.items() if k in ("version", "sha256", "source")}
            for name, entry in manifest.get("files", {}).items()}
