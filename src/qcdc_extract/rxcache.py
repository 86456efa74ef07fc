"""Compiled regular expressions kept on disk between runs.

Compiling the rules and lexicons (a title alternation alone is 34,000 characters) costs more
CPU than extracting a short article, and a user who runs ``qcdc extract page.txt`` per file
would pay it every time. The ``regex`` module pickles a pattern as its compiled code, so a
pattern loaded from the cache is ready at once. The key of a pattern is its own text and
flags, so a changed rule or data file can never meet a stale entry; the file is per regex
and Python version. The cache lives in the user's cache folder (platformdirs), or in
``QCDC_CACHE``; ``QCDC_CACHE=off`` disables it, and a cache that cannot be read or written
is only skipped.
"""
from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import regex

LOGGER = logging.getLogger(__name__)

# Patterns compiled while reading one article (built from its text) are not worth keeping;
# past this many new entries, a process stops adding.
MAX_NEW = 2000
# The file keeps every pattern the writing process used, and of the others at most this many
# in all: loading it is part of every run's start-up.
MAX_ENTRIES = 300

_patterns: dict[tuple[str, int], regex.Pattern] | None = None
_used: set[tuple[str, int]] = set()
_new = 0


def cache_file() -> Path | None:
    """Where the cache is, or None when it is off."""
    setting = os.environ.get("QCDC_CACHE")
    if setting is not None and setting.strip().lower() in ("", "0", "off", "no", "false"):
        return None
    if setting:
        folder = Path(setting)
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("qcdc_extract"))
    version = f"regex-{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    return folder / f"{version}.pickle"


def _load() -> dict:
    path = cache_file()
    if path is None or not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except Exception as exc:  # a damaged or foreign file: compile afresh, overwrite it later
        LOGGER.debug("regex cache %s not read: %s", path, exc)
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, tuple) and isinstance(v, regex.Pattern)}


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 (regex.compile's name)
    """regex.compile(pattern, flags), from the on-disk cache when it holds it."""
    global _patterns, _new
    if _patterns is None:
        _patterns = _load()
    key = (pattern, int(flags))
    _used.add(key)
    compiled = _patterns.get(key)
    if compiled is None:
        compiled = regex.compile(pattern, flags)
        if _new < MAX_NEW:
            _patterns[key] = compiled
            _new += 1
    return compiled


def save() -> None:
    """Write the cache if this process compiled anything new or it holds more than MAX_ENTRIES:
    the patterns used, then others up to MAX_ENTRIES (atomically; errors only logged)."""
    global _new, _patterns
    path = cache_file()
    if path is None or _patterns is None or not (_new or len(_patterns) > MAX_ENTRIES):
        return
    kept = {k: v for k, v in _patterns.items() if k in _used}
    for k, v in _patterns.items():
        if len(kept) >= MAX_ENTRIES:
            break
        kept.setdefault(k, v)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(kept, fh, protocol=pickle.HIGHEST_PROTOCOL)
        _patterns = kept
        os.replace(tmp, path)
        _new = 0
    except OSError as exc:
        LOGGER.debug("regex cache %s not written: %s", path, exc)
