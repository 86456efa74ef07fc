"""The locations fact, and the eras and levels it refers to."""
from __future__ import annotations

from dataclasses import dataclass, field

from qcdc_extract.facts import Fact

ERAS = ("legacy", "2025")
LEVEL_RANK = {"village": 0, "commune": 1, "district": 2, "province": 3}


@dataclass(kw_only=True)
class Location(Fact):
    """One administrative unit named in the text, and where the gazetteer puts it."""

    unit_type: str
    name: str
    # The gazetteer the unit was found in ('legacy' or '2025'); the article's era if not found.
    era: str | None = None
    # province, district, commune, or village (below the commune; in no gazetteer).
    level: str | None = None
    code: str | None = None
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None
    # Codes of every unit of this type and name when there are several, decided or not.
    candidates: list[str] = field(default_factory=list)
    # Whether one gazetteer unit was chosen (villages never are: no gazetteer lists them).
    resolved: bool = False
    # The province on each side of 1 July 2025, whatever the era of the mention, and the 2025
    # commune (identity.both_eras); the unit's coordinates where the gazetteer has them.
    province_legacy: str | None = None
    province_code_legacy: str | None = None
    province_2025: str | None = None
    province_code_2025: str | None = None
    commune_2025: str | None = None
    commune_code_2025: str | None = None
    lat: float | None = None
    lon: float | None = None
