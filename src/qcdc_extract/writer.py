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
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
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
        self._lock = _take_lock(self.out)
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
        for merged in [b for b in self.manifest.get("batches", []) if b.get("state") == "compacting"]:
            LOGGER.warning("finishing compaction %s left by an interrupted run", merged["id"])
            self._finish_compaction(merged)
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
        import pyarrow.dataset as ds  # only a resumed run reads back; it imports pandas, slowly

        return ds.dataset(files, format="parquet").to_table(columns=[column]).column(column).to_pylist()

    def parts(self, table: str) -> list[Path]:
        return [self.out / table / b["parts"][table] for b in self.manifest["batches"] if table in b["parts"]]

    # -- writing ---------------------------------------------------------------------
    def new_batch_id(self) -> str:
        self.seq += 1
        return f"{self.run}-{self.seq:05d}"

    def commit(self, batch_id: str, counts: dict[str, int]) -> None:
        """Make a staged batch visible: record it pending, rename its parts, mark it committed."""
        part = _part_name(batch_id)
        batch = {"id": batch_id, "state": "pending", "parts": {name: part for name in TABLES}, "rows": counts}
        self.manifest["batches"].append(batch)
        self._save_manifest()
        for name in TABLES:  # articles first: never a fact row without its article
            os.replace(_staged_path(self.out, name, batch_id), self.out / name / part)
        batch["state"] = "committed"
        self._save_manifest()

    def compact(self, target_rows: int) -> tuple[int, int]:
        """Merge consecutive committed batches into parts of about target_rows articles."""
        batches = [b for b in self.manifest["batches"] if b.get("state") == "committed"]
        groups, group, rows = [], [], 0
        for b in batches:
            if group and rows + b["rows"].get("articles", 0) > target_rows:
                groups.append(group)
                group, rows = [], 0
            group.append(b)
            rows += b["rows"].get("articles", 0)
        if group:
            groups.append(group)
        for group in groups:
            if len(group) < 2:
                continue
            merged_id = self.new_batch_id() + "-merged"
            counts = {}
            for name in TABLES:
                tables = [pq.read_table(self.out / name / b["parts"][name], schema=SCHEMAS[name]) for b in group]
                table = pa.concat_tables(tables)
                pq.write_table(table, _staged_path(self.out, name, merged_id), row_group_size=ROW_GROUP_SIZE, compression="zstd")
                counts[name] = table.num_rows
            merged = {"id": merged_id, "state": "compacting", "parts": {n: _part_name(merged_id) for n in TABLES},
                      "rows": counts, "replaces": [b["id"] for b in group]}
            self.manifest["batches"].append(merged)
            self._save_manifest()
            self._finish_compaction(merged)
        return len(batches), len(self.manifest["batches"])

    def _finish_compaction(self, merged: dict) -> None:
        """Swap a merge's staged parts in for the batches it replaces (safe to repeat)."""
        replaced = [b for b in self.manifest["batches"] if b["id"] in merged["replaces"]]
        for name in TABLES:
            staged = _staged_path(self.out, name, merged["id"])
            if staged.exists():
                for b in replaced:
                    (self.out / name / b["parts"][name]).unlink(missing_ok=True)
                os.replace(staged, self.out / name / merged["parts"][name])
        self.manifest["batches"] = [b for b in self.manifest["batches"] if b["id"] not in merged["replaces"]]
        merged["state"] = "committed"
        del merged["replaces"]
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

    def close(self) -> None:
        """Release the output folder's lock (finish() does it too)."""
        if not self._lock.closed:
            self._lock.close()

    def finish(self, info: dict) -> dict:
        """Record the run's summary in the manifest and release the lock; returns the manifest."""
        run = self.manifest["runs"][-1]
        run.update(info, finished=_now())
        self.manifest["version"] = __version__
        self.manifest["rows"] = {
            name: sum(b["rows"].get(name, 0) for b in self.manifest["batches"]) for name in TABLES
        }
        self._save_manifest()
        self.close()
        return self.manifest

    def _save_manifest(self) -> None:
        self.manifest["updated"] = _now()
        data = json.dumps(self.manifest, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        write_atomic(self.out / MANIFEST, data)


def _take_lock(out: Path):
    """An exclusive lock on OUT for this process's lifetime: one writer per output folder."""
    import fcntl

    fh = open(out / ".qcdc.lock", "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise OutputError(f"another qcdc process is writing to {out}; wait for it or use another --out") from exc
    return fh


def compact(out: Path, target_rows: int = 250_000) -> tuple[int, int]:
    """Merge small parts of an output folder; returns (parts before, parts after) per table."""
    out = Path(out)
    if not (out / MANIFEST).exists():
        raise OutputError(f"{out} is not a qcdc output folder (no {MANIFEST})")
    writer = DatasetWriter(out)
    writer.manifest["runs"].pop()  # compaction is not an extraction run
    try:
        return writer.compact(target_rows)
    finally:
        writer.close()


def _part_name(batch_id: str) -> str:
    return f"part-{batch_id}.parquet"


def _staged_path(out: Path, table: str, batch_id: str) -> Path:
    # A leading dot hides staged parts from pyarrow, pandas and DuckDB globs.
    return Path(out) / table / f".{_part_name(batch_id)}.tmp"


def stage_batch(out: Path, batch_id: str, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Write a batch's parts under hidden temporary names (any process may do this).

    Every table gets a part, empty ones included: they carry the schema. Returns rows per table.
    """
    staged = []
    try:
        for name in TABLES:
            path = _staged_path(out, name, batch_id)
            pq.write_table(to_table(name, rows.get(name, [])), path, row_group_size=ROW_GROUP_SIZE, compression="zstd")
            staged.append(path)
    except OSError as exc:
        for path in staged:
            path.unlink(missing_ok=True)
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    return {name: len(rows.get(name, [])) for name in TABLES}


def drop_staged_articles(out: Path, batch_id: str, article_ids: set[str]) -> dict[str, int]:
    """Remove some articles (and their facts) from a staged batch; returns the new row counts.

    Used when another batch committed the same article first (the same text from two inputs).
    """
    counts = {}
    for name in TABLES:
        path = _staged_path(out, name, batch_id)
        table = pq.read_table(path, schema=SCHEMAS[name])
        if "article_id" in table.column_names:
            keep = pa.compute.invert(pa.compute.is_in(table.column("article_id"), pa.array(sorted(article_ids))))
            table = table.filter(keep)
            pq.write_table(table, path, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        counts[name] = table.num_rows
    return counts


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

