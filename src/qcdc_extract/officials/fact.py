"""The officials fact."""
from __future__ import annotations

from dataclasses import dataclass, field

from qcdc_extract.facts import Fact


@dataclass(kw_only=True)
class Official(Fact):
    """A named person with a position; one per person and article, with every mention."""

    name: str
    title: str | None = None
    # [{"role": "Chủ tịch", "organisation": "Hội đồng nhân dân tỉnh"}, ...], abbreviations expanded.
    positions: list[dict] = field(default_factory=list)
    honorific: str | None = None
    # [{"start": ..., "end": ...}, ...] of every mention, the first one included.
    mentions: list[dict] = field(default_factory=list)
