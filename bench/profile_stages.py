"""Per-stage cost of the pipeline on one core: characters per second for each component.

    .venv/bin/python bench/profile_stages.py [--repeat 40] [INPUT ...]

Reads the inputs (default: corpus/) once, then runs the tokenizer and every pipeline
component over the cleaned texts `--repeat` times, timing each stage separately.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import qcdc_extract
from qcdc_extract.facts import ArticleContext, register_extensions
from qcdc_extract.ingest import Article, read_all

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()

    articles = [a for a in read_all(args.inputs) if isinstance(a, Article)]
    nlp = qcdc_extract.load()
    register_extensions()
    seconds: dict[str, float] = defaultdict(float)
    chars = 0
    for _ in range(args.repeat):
        for article in articles:
            chars += len(article.text)
            t = time.perf_counter()
            doc = nlp.make_doc(article.text)
            seconds["tokenize"] += time.perf_counter() - t
            doc._.qcdc_context = ArticleContext(article.title, article.published_at, article.author)
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                doc = proc(doc)
                seconds[name] += time.perf_counter() - t
    total = sum(seconds.values())
    print(f"{len(articles)} articles x {args.repeat}: {chars:,} characters, {total:.2f} s")
    print(f"{'stage':<18}{'seconds':>9}{'chars/s':>14}{'share':>8}")
    for name, s in seconds.items():
        print(f"{name:<18}{s:>9.3f}{chars / s:>14,.0f}{s / total:>8.1%}")
    print(f"{'all':<18}{total:>9.3f}{chars / total:>14,.0f}")


if __name__ == "__main__":
    main()
