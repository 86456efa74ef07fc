"""The writer: Parquet parts per table, each written atomically, tracked by manifest.json.

Layout: OUT/<table>/part-<run>-<seq>.parquet for every table of schema.TABLES, and
OUT/manifest.json. A batch is committed in three steps: its parts are written under
hidden temporary names, the manifest records them as pending, then they are renamed
into place (articles first) and the manifest marks them committed. On opening, a
pending batch (a run killed mid-commit) is rolled back and stray files are removed,
so the folder always reads as whole batches.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from qcdc_extract import __version__
from qcdc_extract.schema import SCHEMAS, TABLES, to_table

LOGGER = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ROW_GROUP_SIZE = 64_000


class OutputError(RuntimeError):
    """The output folder cannot be created, written or read back."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table_atomic(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class DatasetWriter:
    """Append batches of rows to an output folder of Parquet datasets."""

    def __init__(self, out: Path, *, overwrite: bool = False):
        self.out = Path(out)
        self.run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.seq = 0
        try:
            if overwrite and self.out.exists():
                self._clear()
            self.out.mkdir(parents=True, exist_ok=True)
            for name in TABLES:
                (self.out / name).mkdir(exist_ok=True)
            probe = self.out / f".write-probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        self.manifest = self._load_manifest()
        self._recover()
        self.manifest.setdefault("runs", []).append({"run": self.run, "started": _now()})

    # -- reading what is there ------------------------------------------------------
    def _load_manifest(self) -> dict:
        path = self.out / MANIFEST
        if not path.exists():
            return {"package": "qcdc-extract", "batches": []}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"{path} is unreadable ({exc}); rerun with --overwrite to start afresh") from exc

    def _clear(self) -> None:
        if not (self.out / MANIFEST).exists() and any(self.out.iterdir()):
            raise OutputError(f"{self.out} is not a qcdc output folder (no {MANIFEST}); refusing to clear it")
        for name in TABLES:
            shutil.rmtree(self.out / name, ignore_errors=True)
        (self.out / MANIFEST).unlink(missing_ok=True)

    def _recover(self) -> None:
        """Roll back a batch left pending by a killed run; remove files no batch owns."""
        batches = self.manifest.get("batches", [])
        pending = [b for b in batches if b.get("state") != "committed"]
        for batch in pending:
            LOGGER.warning("rolling back batch %s left pending by an interrupted run", batch["id"])
            for name, part in batch["parts"].items():
                (self.out / name / part).unlink(missing_ok=True)
        self.manifest["batches"] = [b for b in batches if b.get("state") == "committed"]
        owned = {(name, part) for b in self.manifest["batches"] for name, part in b["parts"].items()}
        for name in TABLES:
            for path in (self.out / name).iterdir():
                if (name, path.name) not in owned:
                    LOGGER.warning("removing %s, which no committed batch owns", path)
                    path.unlink()
        if pending:
            self._save_manifest()

    def existing_ids(self) -> set[str]:
        """Article ids already in the output (for resuming)."""
        return set(self.column("articles", "article_id"))

    def existing_sources(self) -> set[str]:
        """Every source already accounted for: the articles' sources and the errors'."""
        done = set(self.column("errors", "source"))
        for sources in self.column("articles", "sources"):
            done.update(sources or ())
        return done

    def column(self, table: str, column: str) -> list:
        files = self.parts(table)
        if not files:
            return []
        return ds.dataset(files, format="parquet").to_table(columns=[column]).column(column).to_pylist()

    def parts(self, table: str) -> list[Path]:
        return [self.out / table / b["parts"][table] for b in self.manifest["batches"] if table in b["parts"]]

    # -- writing ---------------------------------------------------------------------
    def write(self, rows: dict[str, list[dict]]) -> None:
        """Commit one batch: a part for every table, empty ones included (they carry the schema)."""
        self.seq += 1
        batch_id = f"{self.run}-{self.seq:05d}"
        part = f"part-{batch_id}.parquet"
        staged = {}
        try:
            for name in TABLES:
                tmp = self.out / name / f".{part}.tmp"
                pq.write_table(to_table(name, rows.get(name, [])), tmp, row_group_size=ROW_GROUP_SIZE, compression="zstd")
                staged[name] = tmp
        except OSError as exc:
            for tmp in staged.values():
                tmp.unlink(missing_ok=True)
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        batch = {
            "id": batch_id,
            "state": "pending",
            "parts": {name: part for name in TABLES},
            "rows": {name: len(rows.get(name, [])) for name in TABLES},
        }
        self.manifest["batches"].append(batch)
        self._save_manifest()
        for name in TABLES:  # articles first: never a fact row without its article
            os.replace(staged[name], self.out / name / part)
        batch["state"] = "committed"
        self._save_manifest()

    def update_sources(self, extra: dict[str, list[str]]) -> None:
        """Add further sources of already written articles (the same text scraped twice)."""
        if not extra:
            return
        for path in self.parts("articles"):
            table = pq.read_table(path, schema=SCHEMAS["articles"])
            ids = table.column("article_id").to_pylist()
            if not any(i in extra for i in ids):
                continue
            sources = table.column("sources").to_pylist()
            merged = [s + [x for x in extra.get(i, []) if x not in s] for i, s in zip(ids, sources)]
            col = table.schema.get_field_index("sources")
            write_table_atomic(path, table.set_column(col, SCHEMAS["articles"].field("sources"), pa.array(merged, SCHEMAS["articles"].field("sources").type)))

    def finish(self, info: dict) -> dict:
        """Record the run's summary in the manifest; returns the manifest."""
        run = self.manifest["runs"][-1]
        run.update(info, finished=_now())
        self.manifest["version"] = __version__
        self.manifest["rows"] = {
            name: sum(b["rows"].get(name, 0) for b in self.manifest["batches"]) for name in TABLES
        }
        self._save_manifest()
        return self.manifest

    def _save_manifest(self) -> None:
        self.manifest["updated"] = _now()
        data = json.dumps(self.manifest, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        write_atomic(self.out / MANIFEST, data)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

