"""Resolving mentions against the gazetteer of the article's era, the other places it names deciding."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date
from functools import cached_property

from spacy.tokens import Doc

from qcdc_extract import gazetteer
from qcdc_extract.facts import as_date, context_of, facts_of
from qcdc_extract.gazetteer import REFORM_DATE, Unit
from qcdc_extract.locations.fact import ERAS, LEVEL_RANK, Location
from qcdc_extract.locations.find import _Mention
from qcdc_extract.rules import locations as R
from qcdc_extract.vi import UnitType, fold


def article_era(doc: Doc) -> str:
    """The era of the gazetteer in force on the article's date (gazetteer.eras): 'legacy' before
    the 2025 reorganisation, '2025' from it, or a later change's start day a user added
    ('2027-01-01'); 'legacy' for an undated article.

    The date is the page's time stamp, else the latest full date in the text, else none.
    """
    when: date | None = as_date(context_of(doc).published_at)
    if when is None:
        days = [f.value for f in facts_of(doc, "dates") if getattr(f, "granularity", None) == "day"]
        when = max(days) if days else None
    return gazetteer.era_on(when)


def _era_order(era: str) -> tuple[str, ...]:
    """The article's era, then the eras before it, newest first; a legacy article may also name
    a 2025 unit (the reorganisation was announced months ahead), never one of a later change."""
    names = [name for name, _ in gazetteer.eras()]
    if era not in names:
        return (era, "2025" if era == "legacy" else "legacy")
    i = names.index(era)
    return (era, *reversed(names[:i]), *(("2025",) if era == "legacy" else ()))


def _lookup(ut: UnitType, name: str, era: str) -> tuple[str, tuple[Unit, ...]]:
    """The units so named in the article's era, else in the eras before it (a unit a later change
    abolished is still named; see _era_order); a type that changed (a thị trấn become a phường)
    is tried last, at the same level."""
    order = _era_order(era)
    for e in order:
        units = gazetteer.find_place(e, ut.unit_type, name)
        if units:
            return e, units
    for e in order:
        units = tuple(u for lv in ut.levels for u in gazetteer.find_place(e, "", name, any_type_of_level=lv))
        if units:
            return e, units
    return era, ()


def _province_keys(unit: Unit) -> frozenset[tuple[str, str]]:
    """The unit's province in both eras' codes."""
    base = (unit.era, unit.province_code or unit.code)
    return frozenset({base}) | gazetteer.province_links().get(base, frozenset())


def _within(unit: Unit, parent: Unit) -> bool:
    """Whether unit lies in parent (a province or a district), across eras."""
    if parent.level == "district":
        if unit.era == parent.era == "legacy":
            return unit.district_code == parent.code
        return bool(_province_keys(unit) & _province_keys(parent))
    if parent.level == "province":
        return bool(_province_keys(unit) & _province_keys(parent))
    return False


def _kind_fits(kind: str, unit: Unit) -> bool:
    """Whether a type word used alone ("thành phố", "huyện") can be the unit's own parent."""
    index = gazetteer.load_units(unit.era)
    province = index.province(unit.province_code or unit.code)
    district = index.district(unit.district_code) if unit.district_code else None
    if kind == "tỉnh":
        return province is not None and province.unit_type == "tỉnh"
    if kind == "thành phố":
        return any(p is not None and p.unit_type == "thành phố" for p in (province, district))
    return district is not None and district.unit_type == kind


# How far (in characters) a name's evidence for another may lie: far beyond any article of the
# genre, so only digests longer than it see a difference.
EVIDENCE_WINDOW = 20_000


class _Resolver:
    """Chooses one unit for each distinct (type, name) of an article, from what the article says.

    Evidence, strongest first: a parent written next to the name ("xã Tú Sơn, huyện Kiến Thụy",
    "xã Tú Sơn, Kiến Thụy, Hải Phòng"); the other units the article names (a province or district
    holding a candidate, a commune of the same district, other ambiguous names sharing a
    district); Party committees named after their unit ("Huyện ủy Kim Bôi"). Only if that leaves
    a name undecided: province names written bare, and type words used alone for the article's
    own units ("của trung ương, thành phố, huyện": a city's commune). A name stays undecided when
    two candidates score alike or none scores.
    """

    def __init__(self, text: str, mentions: list[_Mention], era: str):
        self.text, self.mentions = text, mentions
        self.keys: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, x in enumerate(mentions):
            if not x.ut.village:
                x.era, x.units = _lookup(x.ut, x.loc.name, era)
                self.keys[_key(x)].append(i)
        self._switch_eras(era)
        self.chosen = {k: mentions[ix[0]].units[0] for k, ix in self.keys.items() if len(mentions[ix[0]].units) == 1}
        # Names whose only candidate the text contradicts: neither chosen nor evidence.
        self.dropped: set[tuple[str, str]] = set()
        self._bare: dict[int, list[tuple[Unit, ...]]] = {}
        self._spans: list[tuple[int, tuple[str, str]]] | None = None
        self._starts: list[int] = []
        by_start = {x.loc.start: i for i, x in enumerate(mentions)}
        self.parent: dict[int, int] = {}
        for i, x in enumerate(mentions):
            if x.plural:
                continue
            gap = R.PARENT_GAP.match(text, x.loc.end)
            j = by_start.get(gap.end()) if gap else None
            if j is not None and j != i and _rank(mentions[j]) > _rank(x):
                self.parent[i] = j

    def _switch_eras(self, era: str) -> None:
        """A name whose units all lie outside the provinces the article's other names place it in
        is taken from the other era where that has units inside: in a 2025 article on Hà Tĩnh,
        "các phường Trần Phú, Tân Giang ... cũ" are the legacy wards of Hà Tĩnh, not the 2025
        Tân Giang of Cao Bằng."""
        placed = {_key(x): _province_keys(x.units[0]) for x in self.mentions if len(x.units) == 1}
        # How many placed names put the article in each province: the other names' provinces
        # are those still counted once a name's own are taken off (linear, not a union per name).
        counts: Counter = Counter(pk for keys in placed.values() for pk in keys)
        for x in self.mentions:
            key = _key(x)
            own = placed.get(key, frozenset())

            def in_article(keys) -> bool:
                return any(counts[pk] - (pk in own) > 0 for pk in keys)

            if not x.units or not any(c - (pk in own) > 0 for pk, c in counts.items()) \
                    or any(in_article(_province_keys(u)) for u in x.units):
                continue
            other = "2025" if x.era == "legacy" else "legacy"
            inside = tuple(u for u in gazetteer.find_place(other, x.ut.unit_type, x.loc.name)
                           if in_article(_province_keys(u)))
            if inside:
                x.era, x.units = other, inside

    def run(self) -> dict[tuple[str, str], Unit]:
        self._drop_contradicted()
        open_keys = [k for k, ix in self.keys.items()
                     if len(self.mentions[ix[0]].units) > 1 and k not in self.dropped]
        for weak in (False, True):
            if all(k in self.chosen for k in open_keys):
                break
            for _ in range(3):
                changed = False
                for key in open_keys:
                    if key in self.chosen:
                        continue
                    units = self.mentions[self.keys[key][0]].units
                    scores = [self._score(u, key, weak) for u in units]
                    best = max(scores)
                    if best > 0 and scores.count(best) == 1:
                        self.chosen[key] = units[scores.index(best)]
                        changed = True
                if not changed:
                    break
        self._drop_contradicted()
        return self.chosen

    def _parent_options(self, i: int) -> tuple[Unit, ...] | None:
        """The units the mention's written parent may be (None: no parent written, or it is dropped)."""
        j = self.parent.get(i)
        if j is None:
            return None
        pkey = _key(self.mentions[j])
        if pkey in self.dropped:
            return None
        return (self.chosen[pkey],) if pkey in self.chosen else self.mentions[j].units or None

    def _drop_contradicted(self) -> None:
        """Undo a choice the parent written next to it contradicts: "huyện Kỳ Sơn, tỉnh Hòa Bình"
        is not the Kỳ Sơn of Nghệ An (Hòa Bình's was merged before the gazetteer's date)."""
        for key in sorted(self.keys, key=lambda k: -_rank(self.mentions[self.keys[k][0]])):
            unit = self.chosen.get(key)
            if unit is None:
                continue
            for i in self.keys[key]:
                options = self._parent_options(i)
                if options and not any(_within(unit, p) for p in options):
                    del self.chosen[key]
                    self.dropped.add(key)
                    break

    def _bare_parents(self, i: int) -> list[tuple[Unit, ...]]:
        """District and province names written bare after a mention: "xã Tú Sơn, Kiến Thụy, Hải Phòng"."""
        if i in self._bare:
            return self._bare[i]
        out = self._bare[i] = []
        pos = self.mentions[i].loc.end
        for _ in range(2):
            bare = R.BARE_PARENT.match(self.text, pos)
            if bare is None:
                break
            words, units = bare["name"].split(), ()
            for k in range(len(words), 0, -1):
                name = " ".join(words[:k])
                units = tuple(u for era in ERAS for lv in ("district", "province")
                              for u in gazetteer.find_place(era, "", name, any_type_of_level=lv))
                if units:
                    pos = bare.start("name") + len(name)
                    break
            if not units:
                break
            out.append(units)
        return out

    @cached_property
    def committees(self) -> tuple[list[tuple[Unit, ...]], frozenset[str]]:
        """Units named by Party committees ("Huyện ủy Kim Bôi"), and the kinds of unnamed ones ("Thành ủy")."""
        named, kinds = [], set()
        for m in R.COMMITTEE.finditer(self.text):
            kind = R.COMMITTEE_KIND[m["kind"].casefold()]
            units = ()
            if m["name"]:
                words = m["name"].split()
                for k in range(len(words), 0, -1):
                    units = tuple(u for era in ERAS for u in gazetteer.find_place(era, kind, " ".join(words[:k])))
                    if units:
                        break
            if units:
                named.append(units)
            else:
                kinds.add(kind)
        return named, frozenset(kinds)

    @cached_property
    def kinds(self) -> frozenset[str]:
        """Type words used alone for the article's own units: "của trung ương, thành phố, huyện"."""
        return self.committees[1] | frozenset(fold(m["kind"]) for m in R.GENERIC_TYPE.finditer(self.text))

    @cached_property
    def bare_provinces(self) -> list[tuple[Unit, ...]]:
        """Province names written without a type word: "Hải Phòng", "Hà Tĩnh"."""
        starts = [x.loc.start for x in self.mentions]  # in text order, not overlapping
        out = []
        for m in R.CAPITALISED_RUN.finditer(self.text):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < self.mentions[i].loc.end:
                continue
            words = m.group().split()
            i = 0
            while i < len(words) - 1:
                for k in range(min(len(words), i + 4), i + 1, -1):
                    units = tuple(u for era in ERAS for u in
                                  gazetteer.find_place(era, "", " ".join(words[i:k]), any_type_of_level="province"))
                    if units:
                        out.append(units)
                        i = k - 1
                        break
                i += 1
        return out

    def _near(self, key: tuple[str, str]) -> set[tuple[str, str]]:
        """The names mentioned within EVIDENCE_WINDOW characters of a mention of `key`: in a
        long page (a digest of many reports) the units of another report are no evidence, and
        looking at every name for every candidate would cost the square of the page."""
        if self._spans is None:
            self._spans = sorted((self.mentions[i].loc.start, k) for k, ix in self.keys.items() for i in ix)
            self._starts = [s for s, _ in self._spans]
        near: set[tuple[str, str]] = set()
        for i in self.keys[key]:
            pos = self.mentions[i].loc.start
            lo = bisect_left(self._starts, pos - EVIDENCE_WINDOW)
            hi = bisect_right(self._starts, pos + EVIDENCE_WINDOW)
            near.update(k for _, k in self._spans[lo:hi])
        return near

    def _score(self, unit: Unit, key: tuple[str, str], weak: bool) -> float:
        """Evidence the article gives for one candidate of an ambiguous name."""
        score = 0.0
        near = self._near(key)
        for i in self.keys[key]:
            options = self._parent_options(i)
            if options:
                score += (10 if len(options) == 1 else 5) if any(_within(unit, p) for p in options) else 0
            for units in self._bare_parents(i):
                score += 8 if any(_within(unit, p) for p in units) else 0
        for other, anchor in self.chosen.items():
            if other == key or other not in near:
                continue
            if anchor.level == "district":
                score += 6 if _within(unit, anchor) else 2 if _province_keys(unit) & _province_keys(anchor) else 0
            elif anchor.level == "province":
                score += 4 if _within(unit, anchor) else 0
            elif unit.era == anchor.era == "legacy" and unit.district_code and unit.district_code == anchor.district_code:
                score += 3
            elif _province_keys(unit) & _province_keys(anchor):
                score += 1
        for other, ix in self.keys.items():
            if other == key or other in self.chosen or other in self.dropped or other not in near:
                continue
            units = self.mentions[ix[0]].units
            if any(u.era == unit.era and u.district_code and u.district_code == unit.district_code for u in units):
                score += 1
            elif any(_province_keys(u) & _province_keys(unit) for u in units):
                score += 0.5
        # Committees and bare provinces counted once per distinct unit, times how often named.
        for units, n in self._distinct("committees", self.committees[0]).items():
            inside = [u for u in units if _within(unit, u)]
            if inside:
                score += n * ((6 if inside[0].level == "district" else 4) if len(units) == 1 else 2)
        if weak:
            score += sum(2 * n for units, n in self._distinct("bare", self.bare_provinces).items()
                         if any(_within(unit, u) for u in units))
            score += sum(1 for kind in self.kinds if _kind_fits(kind, unit))
        return score

    def _distinct(self, name: str, items: list) -> Counter:
        cache = self.__dict__.setdefault("_counted", {})
        if name not in cache:
            cache[name] = Counter(items)
        return cache[name]


def _key(x: _Mention) -> tuple[str, str]:
    return x.ut.unit_type, gazetteer.place_key(x.loc.name)


def _rank(x: _Mention) -> int:
    """The mention's level as a number: its candidates', else its type word's ("thành phố
    Đông Hà" is a district, "thành phố Hải Phòng" a province)."""
    return max(LEVEL_RANK[u.level] for u in x.units) if x.units else max(LEVEL_RANK[lv] for lv in x.ut.levels)


def _fill(loc: Location, unit: Unit) -> None:
    index = gazetteer.load_units(unit.era)
    loc.era, loc.level, loc.code = unit.era, unit.level, unit.code
    _fill_parents(loc, unit, index)
    if unit.level == "commune":
        loc.commune, loc.commune_code = gazetteer.display_name(unit), unit.code
    elif unit.level == "district":
        loc.district, loc.district_code = gazetteer.display_name(unit), unit.code


def _fill_parents(loc: Location, unit: Unit, index) -> None:
    province = index.province(unit.province_code or unit.code)
    if province is not None:
        loc.province, loc.province_code = gazetteer.display_name(province), province.code
    district = index.district(unit.district_code) if unit.district_code else None
    if district is not None:
        loc.district, loc.district_code = gazetteer.display_name(district), district.code


def _fill_common(loc: Location, units: tuple[Unit, ...]) -> None:
    """An undecided name: the parents all its candidates share."""
    index = gazetteer.load_units(units[0].era)
    levels = {u.level for u in units}
    loc.level = levels.pop() if len(levels) == 1 else None
    provinces = {u.province_code or u.code for u in units}
    districts = {u.district_code for u in units}
    if len(provinces) == 1:
        province = index.province(provinces.pop())
        if province is not None:
            loc.province, loc.province_code = gazetteer.display_name(province), province.code
    if len(districts) == 1 and "" not in districts:
        district = index.district(districts.pop())
        if district is not None:
            loc.district, loc.district_code = gazetteer.display_name(district), district.code


def _inherit(loc: Location, parent: Location | dict) -> None:
    get = parent.get if isinstance(parent, dict) else (lambda k: getattr(parent, k))
    for col in ("province", "province_code", "district", "district_code"):
        setattr(loc, col, get(col))
    if get("level") == "commune" or get("commune"):
        loc.commune = get("commune") or get("name")
        loc.commune_code = get("commune_code")
    if get("era"):
        loc.era = get("era")
