"""Mining: title heads, organisations and family names an output uses that the lexicons lack.

`mine(OUT)` reads the officials table of an extraction's output folder and proposes rows
for titles.tsv, organisations.tsv and family_names.tsv, each with how often it was seen and
an example; `write_proposals` writes them as TSV files a person reviews (every proposal
is preceded by a comment with its count and example) and then passes to
`qcdc gazetteer build --from FILE`.
"""
from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pyarrow.dataset as ds
import regex

from qcdc_extract import rxcache as rx
from qcdc_extract.officials import positions_of_title
from qcdc_extract.officials.lexicon import lexicon
from qcdc_extract.rules.officials import COMMITTEE_WORD
from qcdc_extract.gazetteer import LEXICONS, load_lexicon
from qcdc_extract.vi import key, unit_type_names
from qcdc_extract.resources import DataFileError

LOGGER = logging.getLogger(__name__)

# Words that start a title part but are not a title ("nguyên Bí thư": former).
_PREFIX = rx.compile(r"^(?:nguyên|tân|quyền)\s+", regex.IGNORECASE)
# What an organisation's core ends before: a unit word and the place after it, or a number.
_TRAILING_NUMBER = rx.compile(r"(?:\s+\d+)+$")
# How a proposed organisation is guessed to be abbreviated: its words' capital initials.
_INITIAL = rx.compile(r"(?<![\p{L}\p{M}])\p{L}")
# Kinds guessed for a proposed title from its organisation (the reviewer corrects them).
_KIND_HINTS = (
    (rx.compile(r"(?i)\b(?:ủy|uỷ|Đảng|chi bộ)\b"), "party"),
    (rx.compile(r"\b(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Sở|Phòng)\b"), "state"),
    (rx.compile(r"(?i)\b(?:Mặt trận|MTTQ|Hội|Đoàn)\b"), "front"),
    (rx.compile(r"(?i)\b(?:thôn|bản|ấp|tổ dân phố|khu dân cư)\b"), "village"),
    (rx.compile(r"(?i)\b(?:Quân sự|CHQS|Quân khu|Bộ đội)\b"), "military"),
    (rx.compile(r"(?i)\b(?:Công an)\b"), "police"),
)


def read_officials(out_dir: Path) -> list[dict]:
    """The officials rows of an output folder (OUT/officials/ parts or OUT/officials.parquet)."""
    out_dir = Path(out_dir)
    for path in (out_dir / "officials", out_dir / "officials.parquet"):
        if path.exists():
            return ds.dataset(path, format="parquet").to_table().to_pylist()
    raise DataFileError(f"{out_dir}: no officials table (officials/ or officials.parquet)")


@cache
def _known_roles() -> frozenset[str]:
    """Keys of every title and of every title's role part ("Chủ tịch" of "Chủ tịch Hội Nông dân")."""
    out = set()
    for row in load_lexicon("titles.tsv"):
        title = row["title"]
        out.add(key(title))
        positions = positions_of_title(title)
        if positions:
            out.add(key(positions[0]["role"]))
    return frozenset(out)


def _known_organisation(org: str) -> bool:
    """Whether an organisation starts with a lexicon name, a Party committee or a unit word."""
    lex = lexicon()
    return bool(lex.org.match(org) or COMMITTEE_WORD.match(org) or lex.unit.match(org))


def organisation_core(org: str) -> str | None:
    """The name of the body in an organisation, its place and numbers cut off.

    "Ngân hàng Chính sách xã hội huyện" -> "Ngân hàng Chính sách xã hội"; "Sở Nội vụ tỉnh Hà Tĩnh"
    -> "Sở Nội vụ"; "Quân khu 4" -> "Quân khu". None for a lower-case phrase ("trường tiểu học").
    """
    lex = lexicon()
    words = org.split()
    if not words or not words[0][0].isupper():
        return None
    cut = len(words)
    # The last unit word followed only by a place name (capitalised) or a number ends the core.
    for i in range(len(words) - 1, 0, -1):
        rest = words[i + 1:]
        if lex.unit.fullmatch(words[i]) and all(w[0].isupper() or w.isdigit() for w in rest):
            cut = i
            break
        if not (words[i][0].isupper() or words[i].isdigit()):
            break
    core = _TRAILING_NUMBER.sub("", " ".join(words[:cut])).strip(" ,-")
    return core if len(core.split()) >= 2 else None


# An abbreviation: two or more capitals, maybe with "." "&" "-" ("UBTW", "T.Ư", "GD-ĐT", "NN&PTNT").
_ABBR_TOKEN = rx.compile(r"(?<![\p{L}\p{M}])\p{Lu}[.&-]?(?:\p{Lu}[.&-]?)+(?![\p{L}\p{M}])")
# The three ways of writing "Trung ương" short ("Bí thư T.Ư Đảng", "Ủy ban TW MTTQ").
_CENTRAL = rx.compile(r"(?<![\p{L}\p{M}])(?:T\.?Ư|T\.?W)(?![\p{L}\p{M}])")
# A role ending in a lower-case organ word names that organ itself ("Trưởng phòng Bảo vệ",
# "Chánh tòa Hình sự"): what follows is the organ's name, not an organisation.
_ORGAN_END = rx.compile(r"(?i)\s(?:ban|phòng|tòa|toà|vụ|cục|khoa|đoàn|tổ|viện|lệnh)$")


def spelled_out(name: str) -> str:
    """The name with "TƯ"/"T.Ư"/"TW" and the lexicon's abbreviations written in full:
    "Ủy ban T.Ư MTTQ Việt Nam" -> "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"."""
    lex = lexicon()
    name = _CENTRAL.sub("Trung ương", name)
    return lex.abbr.sub(lambda m: lex.abbr_names.get(" ".join(m.group().split()), m.group()), name)


@cache
def _inner_parts() -> frozenset[str]:
    """Keys of every run of words a lexicon title or organisation ends with ("Thường trực" of
    "Phó Bí thư Thường trực", "Trung ương" of "Ban Chấp hành Trung ương"): fragments."""
    out = set()
    names = [r["title"] for r in load_lexicon("titles.tsv")] + [r["name"] for r in load_lexicon("organisations.tsv")]
    for name in names:
        words = key(name).split()
        out.update(" ".join(words[i:]) for i in range(1, len(words)))
    return frozenset(out)


@cache
def _organisation_starts() -> frozenset[str]:
    """Keys of the runs of words a lexicon organisation starts with ("ủy ban", "ban")."""
    out = set()
    for row in load_lexicon("organisations.tsv"):
        words = key(row["name"]).split()
        out.update(" ".join(words[:i]) for i in range(1, len(words) + 1))
    return frozenset(out)


def is_fragment(name: str) -> bool:
    """Whether a proposed name is a piece of one rather than an entry: an abbreviation left
    ("GD-ĐT Nam Đàn", "UBTW ..."), one word or a lone capitalised token, a unit type, a
    place name ("Kiến An"), or the end of a title or organisation the lexicons hold."""
    from qcdc_extract.officials.lexicon import places

    words = name.split()
    k = key(name)
    # "Thường trực Chính phủ" (of "Phó Thủ tướng Thường trực Chính phủ"): a title's end first.
    inner = any(p in _inner_parts() and p not in _organisation_starts()
                for p in (" ".join(k.split()[:i]) for i in range(1, len(words))))
    return (inner or len(words) < 2 or bool(_ABBR_TOKEN.search(name)) or k in unit_type_names()
            or (key(words[0]) in unit_type_names()) or k in places() or k in _inner_parts())


def _abbreviation(name: str, seen: frozenset[str]) -> str:
    """The name's initials as an output wrote them ("NHCSXH"), or, never seen, the name itself:
    an invented "TƯĐ" would become a pattern the extractor trusts."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name.replace("Đ", "\0").replace("đ", "\0"))
                    if not unicodedata.combining(c)).replace("\0", "Đ")
    initials = "".join(m.group().upper() for m in _INITIAL.finditer(plain))
    return initials if initials in seen else name


def _kind(org: str | None) -> str:
    for pattern, kind in _KIND_HINTS:
        if org and pattern.search(org):
            return kind
    return "other"


def mine(out_dir: Path, min_count: int = 1) -> dict[str, list[dict]]:
    """Proposals for titles.tsv, organisations.tsv and family_names.tsv from an output folder.

    Each proposal is a row of that lexicon (its columns, with a `source` naming the output)
    plus `count` (official rows it was seen in) and `example` (one surface); most frequent
    first. Heads already in the lexicons (curated or user files) are never proposed.
    """
    out_dir = Path(out_dir)
    rows = read_officials(out_dir)
    lex = lexicon()
    known_roles = _known_roles()
    titles: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    families: dict[str, dict] = {}
    counts: dict[str, Counter] = {"titles.tsv": Counter(), "organisations.tsv": Counter(), "family_names.tsv": Counter()}

    def seen(table: str, store: dict, k: str, row: dict, example: str) -> None:
        counts[table][k] += 1
        store.setdefault(k, dict(row, example=" ".join(example.split())))

    written = frozenset(m.group().replace(".", "") for o in rows
                        for m in _ABBR_TOKEN.finditer(f"{o.get('surface') or ''} {o.get('title') or ''}"))
    for official in rows:
        surface = official.get("surface") or official.get("name") or ""
        positions = official.get("positions")
        if positions is None:
            positions = positions_of_title(official.get("title") or "")
        for p in positions:
            role = _PREFIX.sub("", p.get("role") or "").strip()
            org = p.get("organisation")
            if (role and role[0].isupper() and key(spelled_out(role)) not in known_roles
                    and not _ABBR_TOKEN.search(role) and key(role) not in unit_type_names()):
                seen("titles.tsv", titles, key(role), {"title": role, "kind": _kind(org)}, surface)
            core = organisation_core(spelled_out(org)) if org and not _ORGAN_END.search(" " + role) else None
            if core and not _known_organisation(core) and not is_fragment(core):
                seen("organisations.tsv", orgs, key(core),
                     {"name": core, "abbreviation": _abbreviation(core, written)}, surface)
        family = (official.get("name") or "").split()[:1]
        if family and family[0].casefold() not in lex.families and family[0][0].isupper():
            seen("family_names.tsv", families, key(family[0]), {"name": family[0]}, surface)

    proposals = {}
    for table, store in (("titles.tsv", titles), ("organisations.tsv", orgs), ("family_names.tsv", families)):
        items = []
        for k, row in store.items():
            n = counts[table][k]
            if n < min_count:
                continue
            items.append(dict(row, count=n, source=f"qcdc gazetteer mine {out_dir.name}: {n} official(s), to review"))
        items.sort(key=lambda r: (-r["count"], key(r[LEXICONS[table][0]])))
        proposals[table] = items
    LOGGER.info("mined %s: %s", out_dir, {t: len(v) for t, v in proposals.items()})
    return proposals


def write_proposals(proposals: dict[str, list[dict]], folder: Path) -> list[Path]:
    """Write each non-empty list of proposals as FOLDER/<lexicon>.tsv; return the paths.

    The files have the lexicon's columns only, so that `qcdc gazetteer build --from` takes
    them as they are; each row is preceded by a comment with its count and example.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, items in proposals.items():
        if not items:
            continue
        if table not in LEXICONS:
            raise DataFileError(f"{table}: not a lexicon ({', '.join(LEXICONS)})")
        columns = LEXICONS[table][1]
        lines = [f"# Proposed by qcdc gazetteer mine; delete the rows you reject, check the others.",
                 "\t".join(columns)]
        for item in items:
            example = " ".join(str(item.get("example", "")).split())
            lines.append(f"# seen {item['count']}x, e.g. «{example}»")
            lines.append("\t".join(" ".join(str(item.get(c, "")).split()) for c in columns))
        path = folder / table
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written
