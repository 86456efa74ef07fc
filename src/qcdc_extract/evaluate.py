"""Measure an output against gold facts annotated by hand (the format of eval/gold/, defined in
the project's FORMAT.md): precision, recall and F1 per fact type, title token F1 of officials,
and the accuracy of each article's title, author, time stamp and event date.

Researchers annotate a sample of their own corpus in this format and measure the tool on it.
Facts are compared per article as sets of distinct keys; an entry marked "optional" neither
rewards nor punishes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qcdc_extract.vi import fold, to_classic

FACT_TYPES = ("dates", "documents", "officials", "counts", "locations")
ARTICLE_FIELDS = ("title", "author", "published", "event_date")


class EvalError(ValueError):
    """A gold file or an output folder that cannot be read."""


def norm(text) -> str:
    """NFC, classic tone marks, case and spacing folded: how names and text are compared."""
    if text is None:
        return ""
    return fold(to_classic(unicodedata.normalize("NFC", str(text))))


def _number(value) -> str:
    n = norm(value)
    return n.lstrip("0") or n


def _symbol(value) -> str:
    return re.sub(r"\s+", "", norm(value)).lstrip("-")


def _day(value, granularity=None) -> str | None:
    if value is None or granularity == "year":
        return None
    s = str(value)[:10]
    return s[:7] if granularity == "month" else s


def _unit_words(unit) -> list[str]:
    # NFKC folds notation variants of one unit ("km²" and "km2").
    return re.findall(r"[\w%‰]+", unicodedata.normalize("NFKC", norm(unit)))[:2]


def _value(v) -> float | None:
    try:
        return round(float(v), 4)
    except (TypeError, ValueError):
        return None


def _units_agree(gold, pred) -> bool:
    g, p = _unit_words(gold), _unit_words(pred)
    k = min(len(g), len(p))
    return k > 0 and g[:k] == p[:k]


# gold entry, predicted row -> the same fact
SAME: dict[str, Callable[[dict, dict], bool]] = {
    "dates": lambda g, p: _day(g["value"]) == _day(p.get("value"), p.get("granularity")),
    "documents": lambda g, p: (norm(g["doc_type"]) == norm(p.get("doc_type"))
                               and _number(g.get("number")) == _number(p.get("number"))
                               and (not _symbol(g.get("symbol")) or not _symbol(p.get("symbol"))
                                    or _symbol(g.get("symbol")) == _symbol(p.get("symbol")))),
    "officials": lambda g, p: norm(g["name"]) == norm(p.get("name")),
    "counts": lambda g, p: _value(g["value"]) == _value(p.get("value")) and _units_agree(g.get("unit"), p.get("unit")),
    "locations": lambda g, p: (norm(g["unit_type"]), norm(g["name"])) == (norm(p.get("unit_type")), norm(p.get("name"))),
}
# predicted row -> its key, for counting each fact of an article once (None: not a fact)
PRED_KEY: dict[str, Callable[[dict], object]] = {
    "dates": lambda p: _day(p.get("value"), p.get("granularity")),
    "documents": lambda p: ((norm(p.get("doc_type")), _number(p.get("number")), _symbol(p.get("symbol")))
                            if p.get("number") not in (None, "") else None),
    "officials": lambda p: norm(p.get("name")) or None,
    "counts": lambda p: (_value(p.get("value")), tuple(_unit_words(p.get("unit"))))
    if _value(p.get("value")) is not None else None,
    "locations": lambda p: (norm(p.get("unit_type")), norm(p.get("name"))),
}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """The measures of one output against one gold folder."""

    facts: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in FACT_TYPES})
    title_f1: list[float] = field(default_factory=list)
    fields: dict[str, list[bool]] = field(default_factory=lambda: {f: [] for f in ARTICLE_FIELDS})
    errors: dict[str, dict] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def official_title_f1(self) -> float:
        return sum(self.title_f1) / len(self.title_f1) if self.title_f1 else 0.0

    def accuracy(self, name: str) -> float:
        checks = self.fields[name]
        return sum(checks) / len(checks) if checks else 0.0

    def as_dict(self, errors: bool = False) -> dict:
        out = {name: {"tp": t.tp, "fp": t.fp, "fn": t.fn, "precision": round(t.precision, 4),
                      "recall": round(t.recall, 4), "f1": round(t.f1, 4)} for name, t in self.facts.items()}
        out["official_title_token_f1"] = round(self.official_title_f1, 4)
        out.update({f"{name}_accuracy": round(self.accuracy(name), 4) for name in ARTICLE_FIELDS})
        out["articles"] = len(self.fields["title"])
        out["missing_articles"] = self.missing
        if errors:
            out["errors"] = self.errors
        return out

    def table(self) -> str:
        lines = [f"{'facts':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
        for name, t in self.facts.items():
            lines.append(f"{name:<12}{t.tp:>5}{t.fp:>5}{t.fn:>5}{t.precision:>8.3f}{t.recall:>8.3f}{t.f1:>8.3f}")
        lines.append(f"official title token F1 {self.official_title_f1:.3f}")
        lines.append("accuracy: " + ", ".join(f"{k} {self.accuracy(k):.2f}" for k in ARTICLE_FIELDS)
                     + f" ({len(self.fields['title'])} articles)")
        if self.missing:
            lines.append(f"articles with no row in the output: {', '.join(self.missing)}")
        return "\n".join(lines)


def _token_f1(a: str, b: str) -> float:
    ta, tb = norm(a).replace(",", " ").split(), norm(b).replace(",", " ").split()
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    if not common:
        return 0.0
    p, r = common / len(tb), common / len(ta)
    return 2 * p * r / (p + r)


def _read(out: Path, name: str) -> list[dict]:
    import pyarrow.dataset as ds

    for path in (out / f"{name}.parquet", out / name):
        if path.exists():
            try:
                return ds.dataset(path, format="parquet").to_table().to_pylist()
            except Exception as exc:  # pyarrow raises several kinds on a bad file
                raise EvalError(f"{path}: cannot be read as Parquet: {exc}") from exc
    return []


def _gold_files(gold: Path) -> list[tuple[Path, dict]]:
    files = sorted(Path(gold).glob("*.json"))
    if not files:
        raise EvalError(f"{gold}: no gold *.json files")
    out = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvalError(f"{path}: not a readable JSON file: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("article"), str):
            raise EvalError(f"{path}: a gold file is a JSON object with an 'article' file name")
        out.append((path, data))
    return out


def evaluate(out: Path, gold: Path) -> Report:
    """Score the output folder `out` against every gold file in `gold`."""
    out, gold = Path(out), Path(gold)
    if not out.is_dir():
        raise EvalError(f"{out}: no such output folder")
    articles = {Path(str(a.get("source", ""))).name: a for a in _read(out, "articles")}
    facts: dict[str, dict[str, list[dict]]] = {name: {} for name in FACT_TYPES}
    for name in FACT_TYPES:
        for row in _read(out, name):
            facts[name].setdefault(row.get("article_id"), []).append(row)
    report = Report()
    for _, g in _gold_files(gold):
        art = articles.get(g["article"])
        if art is None:
            report.missing.append(g["article"])
            art = {}
        _score_article(report, g, art, {name: facts[name].get(art.get("article_id"), []) for name in FACT_TYPES})
    return report


def _score_article(report: Report, g: dict, art: dict, rows: dict[str, list[dict]]) -> None:
    checks = {
        "title": norm(g.get("title")) == norm(art.get("title")),
        "author": norm(g.get("author")) == norm(art.get("author")),
        "published": _day(g.get("published")) == _day(art.get("published_at")),
        "event_date": _day(g.get("event_date")) == _day(art.get("event_date")),
    }
    wrong = {k: "wrong" for k, ok in checks.items() if not ok}
    for k, ok in checks.items():
        report.fields[k].append(ok)
    for name in FACT_TYPES:
        seen, pred = set(), []
        for p in rows[name]:
            k = PRED_KEY[name](p)
            if k is not None and k not in seen:
                seen.add(k)
                pred.append(p)
        used = [False] * len(pred)
        missed = []
        for entry in sorted(g.get(name) or [], key=lambda e: bool(e.get("optional"))):
            hit = next((i for i, p in enumerate(pred) if not used[i] and SAME[name](entry, p)), None)
            if hit is not None:
                used[hit] = True
                if not entry.get("optional"):
                    report.facts[name].tp += 1
                    if name == "officials":
                        titles = [entry.get("title") or ""] + list(entry.get("title_variants", []))
                        report.title_f1.append(max(_token_f1(t, pred[hit].get("title") or "") for t in titles))
            elif not entry.get("optional"):
                report.facts[name].fn += 1
                missed.append(entry.get("surface") or entry.get("name") or entry.get("value"))
        spurious = [p.get("surface") for i, p in enumerate(pred) if not used[i]]
        report.facts[name].fp += len(spurious)
        if missed or spurious:
            wrong[name] = {"missed": missed, "spurious": spurious}
    if wrong:
        report.errors[g["article"]] = wrong
