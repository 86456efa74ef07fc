"""Benchmark: cost against length, and pathological pages, in one process.

    .venv/bin/python bench/scaling.py                 # 10k, 100k, 1M, 5M characters and three pages
    .venv/bin/python bench/scaling.py --sizes 10000 1000000 --no-ner

Builds one article of each size from real paragraphs of ../shared/bench/baomoi-2017.jsonl
(in file order, so the text is real news, not a repeated paragraph), and three pathological
pages of the kind a scrape brings: a 5,000-row table of numbers, 5,000 citations with their
issue dates, 5,000 names with titles. Each is run through the loaded pipeline once (after a
warm-up article) --repeat times and timed in CPU seconds per stage (the median run).

It prints CPU characters per second and two ratios, each the median over --repeat runs that
time the reference right before the input (this machine's speed drifts). "vs pieces": the article
against the same text cut into 10,000-character articles; a pipeline linear in length keeps it
near 1 at every size, whatever the text is about (larger articles are built from more, and
different, paragraphs, so their rate against one small article also reflects their content).
"vs normal": a page against normal text, 1,000,000 characters of real news in 10,000-character
articles.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAOMOI = ROOT.parent / "shared" / "bench" / "baomoi-2017.jsonl"
# Normal text comes in articles of this many characters; the pages are compared with this much
# of it, timed right before each of their runs.
PIECE = 10_000
NORMAL = 1_000_000


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def paragraphs(limit: int) -> list[str]:
    """Real paragraphs, in file order, until `limit` characters."""
    out, size = [], 0
    with BAOMOI.open(encoding="utf-8") as fh:
        for line in fh:
            for p in json.loads(line)["text"].split("\n"):
                if len(p) > 80:
                    out.append(p)
                    size += len(p) + 2
                    if size >= limit:
                        return out
    return out


def article(paras: list[str], n: int) -> str:
    out, size = [], 0
    for p in paras:
        if size >= n:
            break
        out.append(p)
        size += len(p) + 2
    return "\n\n".join(out)[:n]


def number_table(rows: int = 5000) -> str:
    rnd = random.Random(1)
    lines = ["Bảng tổng hợp kết quả thực hiện quy chế dân chủ ở cơ sở", "| STT | Đơn vị | Số hộ | Số người | Tỷ lệ (%) | Kinh phí |"]
    for i in range(1, rows + 1):
        lines.append(f"| {i} | Thôn {rnd.randint(1, 40)} | {rnd.randint(10, 999)} | {rnd.randint(1000, 99999):,} | "
                     f"{rnd.randint(0, 99)},{rnd.randint(0, 9)} | {rnd.randint(1, 999)}.{rnd.randint(100, 999)}.000 |"
                     .replace(",", ".", 1))
    return "\n".join(lines)


def citations(n: int = 5000) -> str:
    rnd = random.Random(2)
    kinds = ["Nghị quyết số {}-NQ/TU", "Kế hoạch số {}-KH/HU", "Quyết định số {}/QĐ-UBND", "Chỉ thị số {}-CT/TW"]
    parts = []
    for i in range(n):
        k = kinds[i % len(kinds)].format(rnd.randint(1, 3000))
        parts.append(f"{k} ngày {rnd.randint(1, 28)}/{rnd.randint(1, 12)}/{rnd.randint(2005, 2024)} của Ban Thường vụ Tỉnh ủy")
    return "Các văn bản đã ban hành: " + "; ".join(parts) + "."


def names(n: int = 5000) -> str:
    rnd = random.Random(3)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
    middle = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Hữu"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Lan", "Nam", "Sơn", "Thương"]
    titles = ["Phó Chủ tịch UBND xã", "Bí thư Đảng ủy xã", "Chủ tịch Ủy ban MTTQ Việt Nam xã",
              "Trưởng ban Dân vận Huyện ủy", "Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện"]
    parts = [f"đồng chí {rnd.choice(family)} {rnd.choice(middle)} {rnd.choice(given)} - {rnd.choice(titles)}"
             for _ in range(n)]
    return "Tham dự hội nghị có " + "; ".join(parts) + "."


def measure(nlp, text: str) -> tuple[float, dict[str, float]]:
    from qcdc_extract.facts import ArticleContext

    start = cpu()
    doc = nlp.make_doc(text)
    doc._.qcdc_context = ArticleContext(None, datetime(2017, 6, 1, 8, 0), None)
    stages = {"tokenize": cpu() - start}
    for name, component in nlp.pipeline:
        t = cpu()
        doc = component(doc)
        stages[name.removeprefix("qcdc_")] = cpu() - t
    return cpu() - start, stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 5_000_000])
    ap.add_argument("--no-ner", action="store_true", help="rules only")
    ap.add_argument("--no-pages", action="store_true", help="skip the pathological pages")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each input; the median is shown (default 3)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import qcdc_extract
    from qcdc_extract.settings import Options

    nlp = qcdc_extract.load(Options(ner=not args.no_ner, max_chars=max(*args.sizes, 1_000_000) + 1))
    paras = paragraphs(max(*args.sizes, NORMAL) + 10_000)
    for text in (article(paras[200:], 10_000), article(paras, 10_000)):
        measure(nlp, text)  # warm-up: gazetteers, lexicons, models are loaded on first use
    if not args.no_ner:
        from qcdc_extract.officials import crf

        crf.warm()  # the NER models, which these two articles may not have needed
    def in_pieces(text: str) -> float:
        """CPU seconds of the same text cut into PIECE-character articles."""
        return sum(measure(nlp, text[i:i + PIECE])[0] for i in range(0, len(text), PIECE))

    def paired(text: str, reference: str) -> tuple[float, dict[str, float], float]:
        """(CPU s, stages, rate ratio to the reference in PIECE-character articles): the median
        of --repeat runs, each run timing the reference right before the text, so that the machine's drift (a third
        from hour to hour here) falls on both alike."""
        # Both once untimed first: the words they bring are then in spaCy's vocabulary, as in a
        # long run (whose first batch keeps its words), and neither meets them for the first time.
        in_pieces(reference)
        measure(nlp, text)
        runs = []
        for _ in range(args.repeat):
            ref = in_pieces(reference)
            seconds, stages = measure(nlp, text)
            runs.append(((len(text) / seconds) / (len(reference) / ref), seconds, stages))
        runs.sort(key=lambda r: r[0])
        ratio, seconds, stages = runs[len(runs) // 2]
        return seconds, stages, ratio

    # Normal text: real news in articles of PIECE characters (NORMAL characters of it).
    normal = article(paras, NORMAL)
    in_pieces(normal)
    normal_rate = len(normal) / sorted(in_pieces(normal) for _ in range(args.repeat))[args.repeat // 2]
    rows = []
    for n in args.sizes:
        text = article(paras, n)
        seconds, stages, vs_pieces = paired(text, text)
        rows.append((f"{n:,} characters", n, seconds, stages, vs_pieces, None))
    if not args.no_pages:
        for label, text in (("5,000-row number table", number_table()), ("5,000 citations", citations()),
                            ("5,000 names with titles", names())):
            seconds, stages, vs_normal = paired(text, normal)
            rows.append((label, len(text), seconds, stages, None, vs_normal))
    print(f"normal text: {normal_rate:,.0f} characters/s ({len(normal):,} characters of real news in articles of {PIECE:,})")
    print(f"{'input':<26}{'chars':>11}{'CPU s':>8}{'chars/s':>12}{'vs pieces':>10}{'vs normal':>10}  stages (CPU s)")
    for label, n, seconds, stages, vs_pieces, vs_normal in rows:
        detail = ", ".join(f"{k} {v:.2f}" for k, v in stages.items() if v >= 0.01)
        cells = "".join(f"{v:>10.2f}" if v is not None else f"{'':>10}" for v in (vs_pieces, vs_normal))
        print(f"{label:<26}{n:>11,}{seconds:>8.2f}{n / seconds:>12,.0f}{cells}  {detail}")


if __name__ == "__main__":
    main()
