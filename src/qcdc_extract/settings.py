"""Settings: one frozen options object, defaults from the bundled settings.toml."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SETTINGS_FILE = Path(__file__).with_name("settings.toml")
TONE_MARKS = ("classic", "modern", "keep")
ENGINES = ("local", "dask")
FAVOR = ("recall", "precision")


@cache
def defaults() -> dict:
    """The [extract] table of the bundled settings file."""
    with SETTINGS_FILE.open("rb") as fh:
        return tomllib.load(fh)["extract"]


@dataclass(frozen=True)
class Options:
    """Every setting that reaches the library, from the CLI or from code."""

    tone_marks: str = dataclasses.field(default_factory=lambda: defaults()["tone_marks"])
    max_bytes: int = dataclasses.field(default_factory=lambda: defaults()["max_bytes"])
    max_chars: int = dataclasses.field(default_factory=lambda: defaults()["max_chars"])
    timeout: float = dataclasses.field(default_factory=lambda: defaults()["timeout"])
    batch_size: int = dataclasses.field(default_factory=lambda: defaults()["batch_size"])
    workers: int = dataclasses.field(default_factory=lambda: defaults()["workers"])
    ner: bool = dataclasses.field(default_factory=lambda: defaults()["ner"])
    engine: str = dataclasses.field(default_factory=lambda: defaults()["engine"])
    favor: str = dataclasses.field(default_factory=lambda: defaults()["favor"])
    scheduler: str | None = None
    overwrite: bool = False
    # The year of publication of inputs whose page gives no time stamp (see --source-year).
    source_year: int | None = None

    def __post_init__(self):
        if self.tone_marks not in TONE_MARKS:
            raise ValueError(f"tone_marks must be one of {TONE_MARKS}, not {self.tone_marks!r}")
        if self.favor not in FAVOR:
            raise ValueError(f"favor must be one of {FAVOR}, not {self.favor!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")
        if self.max_bytes <= 0 or self.max_chars <= 0 or self.batch_size <= 0 or self.workers < 0:
            raise ValueError("max_bytes, max_chars and batch_size must be positive, workers not negative")
        if self.source_year is not None and not 1900 <= self.source_year <= 2100:
            raise ValueError(f"source_year must be a year from 1900 to 2100, not {self.source_year!r}")
        if self.timeout < 0:
            raise ValueError("timeout must not be negative (0: no limit)")

    @property
    def n_workers(self) -> int:
        return self.workers or os.cpu_count() or 1

    def replace(self, **changes) -> "Options":
        return dataclasses.replace(self, **changes)
