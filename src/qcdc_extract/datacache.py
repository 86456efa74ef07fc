"""Indexes built from the gazetteers, kept on disk between runs.

Building the unit indexes, the place index, the old-to-new mapping and the two eras'
crosswalk from the generated TSV files costs about a second of CPU, more than a short
article. :func:`on_disk` keeps what a function built in the user's cache folder (see
rxcache.cache_file), keyed by the package version, the function and its arguments and the
SHA-256 of every file it reads and of the package's code, so a rebuilt gazetteer, edited code
or a new release builds afresh.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

LOGGER = logging.getLogger(__name__)


@functools.lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """The SHA-256 of the package's code (its .py files): an edited builder, or code an index
    depends on, never meets a stale index. About 2 ms, once per process."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def _key(name: str, args: tuple, files: list[Path]) -> str:
    from qcdc_extract import __version__

    h = hashlib.sha256(f"{__version__}\0{name}\0{args!r}\0{_code_digest()}".encode())
    for path in files:
        st = path.stat()
        h.update(f"\0{path.name}\0{_digest(path, st.st_size, st.st_mtime_ns)}".encode())
    return h.hexdigest()[:24]


def on_disk(files: Callable[[], list[Path]]):
    """Decorate a function of hashable arguments whose result depends only on `files()`:
    its result is read from the cache when present, else built, kept and written."""

    def decorate(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.cache
        @functools.wraps(fn)
        def wrapper(*args):
            from qcdc_extract.rxcache import cache_file

            where = cache_file()
            if where is None:
                return fn(*args)
            try:
                stem = f"{name}-{hashlib.sha256(repr(args).encode()).hexdigest()[:8]}"
                path = where.parent / f"{stem}-{_key(name, args, files())}.pickle"
            except OSError:
                return fn(*args)
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            except FileNotFoundError:
                pass
            except Exception as exc:  # damaged: build afresh and overwrite
                LOGGER.debug("cache %s not read: %s", path, exc)
            value = fn(*args)
            _write(path, stem, value)
            return value

        wrapper.uncached = fn
        return wrapper

    return decorate


def _write(path: Path, stem: str, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{stem}-*.pickle"):  # older versions of the same index
            if old != path:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        LOGGER.debug("cache %s not written: %s", path, exc)
