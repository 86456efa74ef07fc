"""The officials fact."""
from __future__ import annotations

from dataclasses import dataclass, field

from qcdc_extract.facts import Fact


@dataclass(kw_only=True)
class Official(Fact):
    """A named person with a position; one per person and article, with every mention."""

    name: str
    title: str | None = None
    # [{"role": "Chủ tịch", "organisation": "Hội đồng nhân dân tỉnh", "body": "Hội đồng nhân dân",
    #   "level": "province"}, ...], abbreviations expanded.
    positions: list[dict] = field(default_factory=list)
    honorific: str | None = None
    # [{"start": ..., "end": ...}, ...] of every mention, the first one included.
    mentions: list[dict] = field(default_factory=list)
    # One official across articles: name and the 2025 province of the article's main place.
    person_key: str | None = None
