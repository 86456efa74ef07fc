"""Synthetic corpora for benchmarks and tests: corpus articles varied so none is a duplicate.

Each variant keeps a page's layout (furniture, title, byline) and changes its body: the
paragraphs between the first and the last are shuffled, every number is changed, family
names are swapped and days and months of dates are redrawn.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(/\d{4})?\b")
_NUMBER = re.compile(r"(?<![\d/.,-])\d{1,4}(?![\d/])")
_FAMILY = re.compile(r"\b(" + "|".join(FAMILY) + r")\b")


def load_pages(folder: Path = ROOT / "corpus") -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def variant(page: str, seed: int) -> str:
    """A distinct but realistic rewrite of one scraped page."""
    rng = random.Random(seed)
    paragraphs = page.split("\n\n")
    if len(paragraphs) > 4:
        middle = paragraphs[2:-1]
        rng.shuffle(middle)
        paragraphs = paragraphs[:2] + middle + paragraphs[-1:]
    text = "\n\n".join(paragraphs)
    text = _DATE.sub(lambda m: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}{m.group(3) or ''}", text)
    text = _NUMBER.sub(lambda m: str(rng.randint(1, 999)) if len(m.group()) < 4 else m.group(), text)
    text = _FAMILY.sub(lambda m: rng.choice(FAMILY), text)
    return text + f"\n\nMã tin: {seed}"


def generate(n: int, pages: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """(file name, text) of n distinct articles."""
    pages = pages or load_pages()
    for i in range(n):
        yield f"art_{i:07d}.txt", variant(pages[i % len(pages)], i)


def write(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate(n):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
