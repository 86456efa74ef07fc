"""The writer: Parquet parts per table, a journal of commits, manifest.json as their summary.

Layout: OUT/<table>/part-<run>-<seq>.parquet for every table of schema.TABLES, OUT/journal.jsonl
and OUT/manifest.json. A batch is committed in three steps: its parts are written under hidden
temporary names, the journal records it "pending", its parts are renamed into place (articles
first) and the journal records it "committed". A journal line is one write and an fsync, so a
commit costs the same however many batches came before. manifest.json, the summary analysts
read, is rewritten whole (atomically) when the journal has grown as long as it, at finish() and
after compaction; the journal is then emptied. On opening, the state is the manifest with the
journal replayed: a batch without its "committed" line (a run killed mid-commit) is rolled back,
a torn last line is ignored and the output's own stray files are removed, so the folder always
reads as whole batches. Files the output did not write are never removed: the folder is refused.
"""
from __future__ import annotations

import fnmatch
import functools
import json
import logging
import os
import re
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from qcdc_extract import __version__
from qcdc_extract.schema import SCHEMAS, TABLES, to_table

LOGGER = logging.getLogger(__name__)

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
LOCK = ".qcdc.lock"
PACKAGE = "qcdc-extract"
# 1: manifest.json alone, rewritten at every commit (it had no schema_version key);
# 2: journal.jsonl beside it, replayed on top of it.
SCHEMA_VERSION = 2
ROW_GROUP_SIZE = 64_000
# What the output itself writes, by name; anything else in its folder belongs to someone else.
OWN_TEMPORARIES = (f".{MANIFEST}.*.tmp", ".write-probe-*")
OWN_TOP = (MANIFEST, JOURNAL, LOCK) + OWN_TEMPORARIES
OWN_IN_TABLE = ("part-*.parquet", ".part-*.tmp")
AFRESH = "rerun with --overwrite to start afresh (this deletes the output's tables)"


class OutputError(RuntimeError):
    """The output folder cannot be created, written or read back."""


def without_pandas() -> None:
    """Tell pyarrow that this process has no pandas, for a command that never needs it.

    pyarrow imports pandas at its first conversion of Python values, only to ask whether they
    are pandas objects: 0.25 s of CPU, a tenth of a one-file run. Its lazy pandas shim tries
    the import once per process, so the first conversion is made while the import would fail;
    pandas itself stays importable afterwards, but this process's pyarrow will not convert to
    or from pandas. `qcdc extract` calls this; the library never does.
    """
    import sys

    if "pandas" in sys.modules:
        return

    class Declined:  # a finder that refuses pandas while it is first in sys.meta_path
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name.partition(".")[0] == "pandas":
                raise ImportError("pandas is not used by this command")
            return None

    sys.meta_path.insert(0, Declined)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(Declined)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path through a temporary file in the same folder and a rename.

    The file gets the permissions of any new file (0666 less the umask), like the parts.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_table_atomic(path: Path, table: pa.Table) -> None:
    """Replace a part by a new table: readers see the old part or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        _fsync_file(tmp)  # a committed part's rows must survive a power cut, not only a kill
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_manifest(out: Path) -> dict:
    """The output's state as it stands, manifest.json with the journal replayed; nothing is repaired.

    For watching a run from outside: a batch is committed once its journal line is written.
    """
    out = Path(out)
    manifest = _load_manifest(out / MANIFEST)
    _replay(manifest, out / JOURNAL)
    return manifest


class DatasetWriter:
    """Append batches of rows to an output folder of Parquet datasets."""

    def __init__(self, out: Path, *, overwrite: bool = False):
        self.out = Path(out)
        self.run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.seq = 0
        self._entry = {"run": self.run, "started": _now()}  # in the manifest from its first commit on
        self._mine: set[str] = set()  # batches this writer committed (not an earlier run's)
        self._journal = _Journal(self.out / JOURNAL)
        self._lock = self._open(overwrite)
        try:
            self._load()
        except OSError as exc:
            self.close()
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------
    def _open(self, overwrite: bool):
        """Take the lock before touching anything, so a refused writer changes nothing; then prepare."""
        try:
            if self.out.is_dir():
                _refuse_foreign(self.out)
            self.out.mkdir(parents=True, exist_ok=True)
            lock = _take_lock(self.out)
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        try:
            if overwrite:
                self._clear()
            for name in TABLES:
                (self.out / name).mkdir(exist_ok=True)
            probe = self.out / f".write-probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except BaseException as exc:
            lock.close()
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
            raise
        return lock

    def _clear(self) -> None:
        """Delete the output (the caller checked that the folder holds only the output's files)."""
        for name in TABLES:
            shutil.rmtree(self.out / name, ignore_errors=True)
        for name in (MANIFEST, JOURNAL):
            (self.out / name).unlink(missing_ok=True)

    def _load(self) -> None:
        """Read manifest and journal, finish or roll back what a killed run left, then checkpoint."""
        self.manifest = _load_manifest(self.out / MANIFEST)
        size, keep = _replay(self.manifest, self.out / JOURNAL)
        self._index = {b["id"]: b for b in self.manifest["batches"]}
        if keep < size:
            LOGGER.warning("ignoring the torn last line of %s (a run killed while writing it)", self.out / JOURNAL)
        self._journal.open(keep)
        changed = self._recover()
        self._since, self._checkpointed = 0, len(self.manifest["batches"])
        if changed or size:
            self._checkpoint()

    def _recover(self) -> bool:
        """Finish an interrupted compaction, roll back pending batches, remove strays; True if any."""
        batches = self.manifest["batches"]
        merges = [b for b in batches if b.get("state") == "compacting"]
        for merged in merges:
            LOGGER.warning("finishing compaction %s left by an interrupted run", merged["id"])
            self._finish_compaction(merged)
        pending = [b for b in self.manifest["batches"] if b.get("state") != "committed"]
        for batch in pending:
            LOGGER.warning("rolling back batch %s left pending by an interrupted run", batch["id"])
            for name, part in batch["parts"].items():
                (self.out / name / part).unlink(missing_ok=True)
                _staged_path(self.out, name, batch["id"]).unlink(missing_ok=True)
            self._index.pop(batch["id"], None)
        if pending:
            self.manifest["batches"] = [b for b in self.manifest["batches"] if b["id"] in self._index]
        self._sweep()
        return bool(merges or pending)

    def _sweep(self) -> None:
        """Remove the output's own files no committed batch owns; check every committed part is there."""
        for entry in os.scandir(self.out):
            if entry.is_file() and _matches(entry.name, OWN_TEMPORARIES):
                os.unlink(entry.path)
        for name in TABLES:
            owned = {b["parts"][name]: b for b in self.manifest["batches"] if name in b["parts"]}
            present = set()
            for entry in os.scandir(self.out / name):
                present.add(entry.name)
                if entry.name not in owned and entry.is_file() and _matches(entry.name, OWN_IN_TABLE):
                    LOGGER.warning("removing %s, which no committed batch owns", entry.path)
                    os.unlink(entry.path)
            for part, batch in owned.items():
                if part not in present:
                    raise _missing(self.out / name / part, batch["id"])

    # -- reading what is there ------------------------------------------------------
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
        """One column of a table over every committed part; a damaged part is an OutputError naming it."""
        files = self.parts(table)
        if not files:
            return []
        import pyarrow.dataset as ds  # only a resumed run reads back; it imports pandas, slowly

        try:
            data = ds.dataset(files, format="parquet", schema=SCHEMAS[table]).to_table(columns=[column])
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise _unreadable(files, exc) from exc
        return data.column(column).to_pylist()

    def parts(self, table: str) -> list[Path]:
        """The committed parts of a table (a batch from before the table existed has none)."""
        return [self.out / table / b["parts"][table] for b in self.manifest["batches"]
                if b.get("state") == "committed" and table in b["parts"]]

    # -- writing ---------------------------------------------------------------------
    def new_batch_id(self) -> str:
        self.seq += 1
        return f"{self.run}-{self.seq:05d}"

    def commit(self, batch_id: str, counts: dict[str, int]) -> None:
        """Make a staged batch visible: journal it pending, rename its parts, journal it committed."""
        part = _part_name(batch_id)
        batch = {"id": batch_id, "state": "pending", "parts": {name: part for name in TABLES}, "rows": dict(counts)}
        self._start_run()
        self._journal.append({"event": "pending", "id": batch_id, "parts": batch["parts"], "rows": batch["rows"]})
        self._add(batch)
        for name in TABLES:  # articles first: never a fact row without its article
            os.replace(_staged_path(self.out, name, batch_id), self.out / name / part)
        self._journal.append({"event": "committed", "id": batch_id})
        batch["state"] = "committed"
        self._mine.add(batch_id)
        self._since += 1
        # Rewriting the manifest whenever the journal holds as many batches as it does keeps the
        # bytes written linear in the batches (a geometric series) and the journal no longer than it.
        if self._since >= max(1, self._checkpointed):
            self._checkpoint()

    def compact(self, target_rows: int) -> tuple[int, int]:
        """Merge consecutive committed batches into parts of about target_rows articles."""
        batches = [b for b in self.manifest["batches"] if b.get("state") == "committed"]
        for group in _groups(batches, target_rows):
            if len(group) > 1:
                self._merge(group)
        self._checkpoint()
        return len(batches), len(self.manifest["batches"])

    def _merge(self, group: list[dict]) -> None:
        """Stage one merged part per table, journal the merge, then swap it in."""
        merged_id = self.new_batch_id() + "-merged"
        counts = {}
        try:
            for name in TABLES:
                table = pa.concat_tables([self._read(b, name) for b in group])
                pq.write_table(table, _staged_path(self.out, name, merged_id), row_group_size=ROW_GROUP_SIZE,
                               compression="zstd")
                counts[name] = table.num_rows
        except BaseException:
            for name in TABLES:
                _staged_path(self.out, name, merged_id).unlink(missing_ok=True)
            raise
        merged = {"id": merged_id, "state": "compacting", "parts": {n: _part_name(merged_id) for n in TABLES},
                  "rows": counts, "replaces": [b["id"] for b in group]}
        self._journal.append({"event": "compacting", **{k: v for k, v in merged.items() if k != "state"}})
        self._add(merged)
        self._finish_compaction(merged)

    def _finish_compaction(self, merged: dict) -> None:
        """Swap a merge's staged parts in for the batches it replaces (safe to repeat)."""
        replaced = [self._index[i] for i in merged.get("replaces", ()) if i in self._index]
        for name in TABLES:
            staged = _staged_path(self.out, name, merged["id"])
            if staged.exists():
                for b in replaced:
                    if name in b["parts"]:
                        (self.out / name / b["parts"][name]).unlink(missing_ok=True)
                os.replace(staged, self.out / name / merged["parts"][name])
        self._journal.append({"event": "committed", "id": merged["id"]})
        _mark_committed(self.manifest, self._index, merged)

    def update_sources(self, extra: dict[str, list[str]]) -> None:
        """Add further sources of already written articles (the same text scraped twice)."""
        if not extra:
            return
        field = SCHEMAS["articles"].field("sources")
        for path in self.parts("articles"):
            table = _read_part(path, "articles")
            ids = table.column("article_id").to_pylist()
            if not any(i in extra for i in ids):
                continue
            sources = table.column("sources").to_pylist()
            merged = [s + [x for x in extra.get(i, []) if x not in s] for i, s in zip(ids, sources)]
            col = table.schema.get_field_index("sources")
            write_table_atomic(path, table.set_column(col, field, pa.array(merged, field.type)))

    def supersede_errors(self, sources: set[str]) -> int:
        """Remove earlier runs' error rows of sources tried again in this run; returns how many.

        This run's own batches keep theirs: they are the new attempt's outcome. Each part is
        replaced atomically and its new row count journalled, so manifest["rows"] stays true.
        """
        if not sources:
            return 0
        wanted = pa.array(sorted(sources), pa.string())
        removed = 0
        for batch in [b for b in self.manifest["batches"] if self._holds_earlier_errors(b)]:
            path = self.out / "errors" / batch["parts"]["errors"]
            table = _read_part(path, "errors")
            import pyarrow.compute as pc  # 0.08 s to import: only when rows are dropped

            kept = table.filter(pc.invert(pc.is_in(table.column("source"), value_set=wanted)))
            if kept.num_rows == table.num_rows:
                continue
            write_table_atomic(path, kept)
            removed += table.num_rows - kept.num_rows
            batch.setdefault("rows", {})["errors"] = kept.num_rows
            self._journal.append({"event": "rows", "id": batch["id"], "rows": {"errors": kept.num_rows}})
        return removed

    def _holds_earlier_errors(self, batch: dict) -> bool:
        """Whether a batch is an earlier run's with an errors part that may hold rows."""
        return (batch.get("state") == "committed" and batch["id"] not in self._mine
                and "errors" in batch["parts"] and batch.get("rows", {}).get("errors", 1) > 0)

    def close(self) -> None:
        """Release the output folder's lock (finish() does it too)."""
        self._journal.close()
        if not self._lock.closed:
            self._lock.close()

    def finish(self, info: dict) -> dict:
        """Record the run's summary in the manifest and release the lock; returns the manifest."""
        self._entry.update(info, finished=_now())
        if not any(r is self._entry for r in self.manifest["runs"]):
            self.manifest["runs"].append(self._entry)
        self._checkpoint()
        self.close()
        return self.manifest

    # -- the journal and the manifest ---------------------------------------------------
    def _start_run(self) -> None:
        """Record this run at its first commit (a compaction, or a run that commits nothing, is no run)."""
        if not any(r is self._entry for r in self.manifest["runs"]):
            self._journal.append({"event": "run", **self._entry})
            self.manifest["runs"].append(self._entry)

    def _add(self, batch: dict) -> None:
        self.manifest["batches"].append(batch)
        self._index[batch["id"]] = batch

    def _read(self, batch: dict, name: str) -> pa.Table:
        """A batch's part of a table; an empty table of its schema if the batch predates the table."""
        if name not in batch["parts"]:
            return SCHEMAS[name].empty_table()
        return _read_part(self.out / name / batch["parts"][name], name)

    def _checkpoint(self) -> None:
        """Write the manifest whole, then empty the journal it now includes (replaying it again is harmless)."""
        self._save_manifest()
        self._journal.empty()
        self._since, self._checkpointed = 0, len(self.manifest["batches"])

    def _save_manifest(self) -> None:
        m = self.manifest
        m.update(package=PACKAGE, version=__version__, schema_version=SCHEMA_VERSION, updated=_now())
        m["rows"] = {name: sum(b.get("rows", {}).get(name, 0) for b in m["batches"] if b.get("state") == "committed")
                     for name in TABLES}
        data = json.dumps(m, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        try:
            write_atomic(self.out / MANIFEST, data)
        except OSError as exc:
            raise OutputError(f"cannot write {self.out / MANIFEST}: {exc.strerror or exc}") from exc


class _Journal:
    """OUT/journal.jsonl, append-only: one JSON line per event, each one write and an fsync."""

    def __init__(self, path: Path):
        self.path, self.fd = path, None

    def open(self, keep: int) -> None:
        """Open for appending, first cutting a torn last line (the bytes past `keep`): no line may follow it."""
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        if os.fstat(self.fd).st_size > keep:
            os.ftruncate(self.fd, keep)
        _fsync_dir(self.path.parent)

    def append(self, event: dict) -> None:
        """Write one event as one line, durable before the caller goes on (a crash tears at most this line)."""
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8") + b"\n"
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self.fd, view):]
            os.fsync(self.fd)
        except OSError as exc:
            raise OutputError(f"cannot write to {self.path}: {exc.strerror or exc}") from exc

    def empty(self) -> None:
        """Drop every event, once the manifest just written includes them."""
        os.ftruncate(self.fd, 0)
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _load_manifest(path: Path) -> dict:
    """manifest.json checked for its shape, or a new one; anything else is an OutputError naming it."""
    if not path.exists():
        return {"package": PACKAGE, "version": __version__, "schema_version": SCHEMA_VERSION, "updated": None,
                "rows": {}, "runs": [], "batches": []}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path} is unreadable ({exc}); {AFRESH}") from exc
    _check_manifest(path, manifest)
    manifest.setdefault("runs", [])
    return manifest


def _check_manifest(path: Path, manifest) -> None:
    """Refuse a manifest this version cannot read, saying why; an older one (no schema_version) is read."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("batches"), list):
        raise OutputError(f"{path} is not a qcdc manifest (a JSON object with a list of batches was expected, "
                          f"found {_shape(manifest)}); {AFRESH}")
    if manifest.get("package", PACKAGE) != PACKAGE:
        raise OutputError(f"{path} belongs to {manifest['package']!r}, not {PACKAGE}; use another --out")
    version = manifest.get("schema_version", 1)
    if type(version) is not int or version < 1:
        raise OutputError(f"{path} has a schema_version of {version!r}, not a positive integer; {AFRESH}")
    if version > SCHEMA_VERSION:
        raise OutputError(f"{path} was written by a newer {PACKAGE} (schema_version {version}; this one reads "
                          f"up to {SCHEMA_VERSION}): upgrade {PACKAGE}, or {AFRESH}")
    runs = manifest.get("runs", [])
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        raise OutputError(f"{path}: 'runs' is not a list of objects; {AFRESH}")
    for n, batch in enumerate(manifest["batches"]):
        problem = _batch_problem(batch)
        if problem:
            raise OutputError(f"{path}: batch {n} {problem}; {AFRESH}")
    if len({b["id"] for b in manifest["batches"]}) < len(manifest["batches"]):
        raise OutputError(f"{path} lists a batch id twice; {AFRESH}")


def _batch_problem(batch) -> str | None:
    """What is wrong with a batch record (manifest entry or journal event), or None."""
    if not isinstance(batch, dict):
        return f"is {_shape(batch)}, not an object"
    if not isinstance(batch.get("id"), str):
        return "has no id"
    parts = batch.get("parts")
    if not isinstance(parts, dict) or not parts:
        return f"({batch['id']}) has no parts"
    for name, part in parts.items():
        # Names are checked before the writer deletes a rolled-back part by them.
        if name not in TABLES or not isinstance(part, str) or "/" in part or not _matches(part, OWN_IN_TABLE[:1]):
            return f"({batch['id']}) has a part {name!r}: {part!r} that is no table's part"
    if not _counts(batch.get("rows", {})):
        return f"({batch['id']}) has row counts that are not integers"
    if not isinstance(batch.get("state", ""), str):
        return f"({batch['id']}) has a state that is not a string"
    replaces = batch.get("replaces", [])
    if not isinstance(replaces, list) or not all(isinstance(i, str) for i in replaces):
        return f"({batch['id']}) replaces something other than batch ids"
    return None


def _counts(rows) -> bool:
    """Whether rows is a mapping of tables to integer row counts."""
    return isinstance(rows, dict) and all(type(n) is int for n in rows.values())


def _replay(manifest: dict, path: Path) -> tuple[int, int]:
    """Apply the journal's events to the manifest; returns (its size, the bytes of its whole lines)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, 0
    except OSError as exc:
        raise OutputError(f"{path} is unreadable ({exc}); {AFRESH}") from exc
    lines = data.split(b"\n")  # the last item is b"" unless a crash tore the last line
    index = {b["id"]: b for b in manifest["batches"]}
    for n, line in enumerate(lines[:-1], 1):
        _apply(manifest, index, _event(path, n, line))
    return len(data), len(data) - len(lines[-1])


def _event(path: Path, n: int, line: bytes) -> dict:
    """One whole journal line as an event; a damaged one is an OutputError naming file and line."""
    try:
        event = json.loads(line)
    except ValueError as exc:
        raise OutputError(f"{path}, line {n}, is damaged ({exc}); {AFRESH}") from exc
    kind = event.get("event") if isinstance(event, dict) else None
    if kind == "run":
        problem = None if isinstance(event.get("run"), str) else "names no run"
    elif kind in ("pending", "compacting"):
        problem = _batch_problem(event)
    elif kind == "committed":
        problem = None if isinstance(event.get("id"), str) else "has no id"
    elif kind == "rows":
        problem = None if isinstance(event.get("id"), str) and _counts(event.get("rows")) else "has no row counts"
    else:
        problem = f"is no known event ({kind!r})"
    if problem:
        raise OutputError(f"{path}, line {n}, {problem}; {AFRESH}")
    return event


def _apply(manifest: dict, index: dict, event: dict) -> None:
    """Apply one journal event; each sets a state, so replaying a journal the manifest includes changes nothing."""
    kind = event["event"]
    if kind == "run":
        if not any(r.get("run") == event["run"] for r in manifest["runs"]):
            manifest["runs"].append({k: v for k, v in event.items() if k != "event"})
        return
    batch = index.get(event["id"])
    if kind in ("pending", "compacting"):
        record = {k: v for k, v in event.items() if k != "event"} | {"state": kind}
        if batch is None:
            manifest["batches"].append(record)
            index[record["id"]] = record
        else:
            batch.clear()
            batch.update(record)
    elif batch is None:
        # A journal replayed over a manifest that already includes it names batches merged since.
        LOGGER.debug("the journal names batch %s, which the output no longer holds", event["id"])
    elif kind == "committed":
        _mark_committed(manifest, index, batch)
    else:
        batch.setdefault("rows", {}).update(event["rows"])


def _mark_committed(manifest: dict, index: dict, batch: dict) -> None:
    """A batch becomes visible; a merge's replaced batches leave the state with it."""
    replaced = set(batch.pop("replaces", ()))
    if replaced:
        manifest["batches"] = [b for b in manifest["batches"] if b["id"] not in replaced]
        for batch_id in replaced:
            index.pop(batch_id, None)
    batch["state"] = "committed"


def _groups(batches: list[dict], target_rows: int) -> list[list[dict]]:
    """Consecutive batches in groups of about target_rows articles."""
    groups, group, rows = [], [], 0
    for b in batches:
        n = b.get("rows", {}).get("articles", 0)
        if group and rows + n > target_rows:
            groups.append(group)
            group, rows = [], 0
        group.append(b)
        rows += n
    return groups + [group] if group else groups


def _read_part(path: Path, name: str) -> pa.Table:
    """A committed part as a table of its schema; a missing or damaged file is an OutputError naming it."""
    try:
        return pq.read_table(path, schema=SCHEMAS[name])
    except FileNotFoundError as exc:
        raise _missing(path) from exc
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise _damaged(path, exc) from exc


def _unreadable(files: list[Path], exc: Exception) -> OutputError:
    """The error for a table that cannot be read, naming the first part whose footer is unreadable."""
    for path in files:
        try:
            pq.read_metadata(path)
        except FileNotFoundError:
            return _missing(path)
        except (pa.ArrowException, OSError, ValueError) as bad:
            return _damaged(path, bad)
    return OutputError(f"{files[0].parent} cannot be read ({exc}); restore its parts, or {AFRESH}")


def _missing(path: Path, batch_id: str = "") -> OutputError:
    whose = f" (batch {batch_id})" if batch_id else ""
    return OutputError(f"{path} is missing, though the output lists it as committed{whose}: restore it, or {AFRESH}")


def _damaged(path: Path, exc: Exception) -> OutputError:
    return OutputError(f"{path} is damaged (truncated or overwritten: {exc}); restore it, or {AFRESH}")


def _refuse_foreign(out: Path) -> None:
    """Refuse a folder holding files the output did not write: it would mix them with its parts, or delete them."""
    found = _foreign(out)
    if not found:
        return
    shown = ", ".join(str(p) for p in found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    if not ((out / MANIFEST).exists() or (out / JOURNAL).exists()):
        raise OutputError(f"{out} is not a qcdc output folder (no {MANIFEST}) and holds other files: {shown}; "
                          "refusing to write into it: choose a new or empty folder for --out")
    raise OutputError(f"{out} holds files qcdc did not write: {shown}; refusing to write into it: move them "
                      "out of the output folder (qcdc writes, replaces and removes parts there) and rerun")


def _foreign(out: Path) -> list[Path]:
    """Files and folders in OUT that are not the output's own, by name."""
    found = []
    for entry in os.scandir(out):
        if entry.name in TABLES and entry.is_dir():
            found += [Path(e.path) for e in os.scandir(entry.path)
                      if not (e.is_file() and _matches(e.name, OWN_IN_TABLE))]
        elif not (entry.is_file() and _matches(entry.name, OWN_TOP)):
            found.append(Path(entry.path))
    return sorted(found)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return _pattern(patterns).match(name) is not None


@functools.cache
def _pattern(patterns: tuple[str, ...]) -> re.Pattern:
    # One compiled pattern per tuple: an open looks at every part of every table.
    return re.compile("|".join(fnmatch.translate(p) for p in patterns))


def _shape(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object without a list of batches"
    return f"a {type(value).__name__}"


def _take_lock(out: Path):
    """An exclusive lock on OUT for this process's lifetime: one writer per output folder."""
    import fcntl

    fh = open(out / LOCK, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise OutputError(f"another qcdc process is writing to {out}; wait for it or use another --out") from exc
    return fh


def compact(out: Path, target_rows: int = 250_000) -> tuple[int, int]:
    """Merge small parts of an output folder; returns (parts before, parts after) per table."""
    out = Path(out)
    if not ((out / MANIFEST).exists() or (out / JOURNAL).exists()):
        raise OutputError(f"{out} is not a qcdc output folder (no {MANIFEST})")
    writer = DatasetWriter(out)
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
            import pyarrow.compute as pc

            keep = pc.invert(pc.is_in(table.column("article_id"), pa.array(sorted(article_ids))))
            table = table.filter(keep)
            pq.write_table(table, path, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        counts[name] = table.num_rows
    return counts


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in folder durable; some file systems cannot, which is no error."""
    try:
        _fsync_file(folder)
    except OSError:
        pass


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
