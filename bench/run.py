"""Benchmark: the whole pipeline against underthesea NER alone and against reading alone.

    .venv/bin/python bench/run.py -n 2000 --workers 1 2
    .venv/bin/python bench/run.py --input ../shared/bench/baomoi-2017.jsonl --limit 1000 --workers 1 2
    .venv/bin/python bench/run.py --memory 10000 100000

Builds N distinct articles from corpus/ (bench/synth.py: paragraphs shuffled, numbers,
names and dates changed) in a temporary folder, then in one run times
  (a) the default pipeline: `qcdc extract DIR --out OUT`, Parquet written, per worker count;
  (b) underthesea ner() alone over the same cleaned texts, sentence by sentence;
  (c) reading and normalising the same files alone (decode, clean): the floor.
It prints articles/s and characters/s of each, the ratios a/b and a/c, the peak RSS of
(a) (the whole process tree, workers included) and the per-stage profile of (a) from the
run's manifest. --memory runs (a) at each size and reports how peak RSS grows.

--input FILE measures real text instead: the first --limit records of a JSON Lines file (url,
title, text), such as the 35,379 news articles of ../shared/bench/baomoi-2017.jsonl. It adds
(c') the floor with the write (read, normalise, write the articles table), CPU per article by
length band (in one process), how often NER ran and what it cost and added, and the start-up
CPU of a one-file run (`qcdc extract one.txt`, median of 5). Nothing generated is kept.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

QCDC = str(Path(sys.executable).with_name("qcdc"))
ROOT = HERE.parent


def tree_memory(proc: psutil.Process, pss: bool) -> int:
    """RSS, or PSS if `pss`, summed over a process and its children.

    Summed RSS counts pages forked workers share with their parent once per process; PSS
    (proportional set size) splits shared pages between their sharers: the memory used.
    Reading PSS walks the page tables, so it is polled less often.
    """
    try:
        tree = [proc] + proc.children(recursive=True)
    except psutil.Error:  # the run ended between two polls
        return 0
    total = 0
    for p in tree:
        try:
            if pss:
                info = p.memory_full_info()
                total += getattr(info, "pss", info.rss)
            else:
                total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_pipeline(pages: Path, out: Path, workers: int, extra: list[str] = ()) -> dict:
    """(a): one `qcdc extract` process; wall time, peak RSS of its tree, its manifest."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [QCDC, "extract", str(pages), "--out", str(out), "--workers", str(workers), "-q", *extra]
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = parent_pss = 0
    stop = threading.Event()

    def watch():
        nonlocal peak, peak_pss, parent_pss
        tick = 0
        while not stop.is_set():
            peak = max(peak, tree_memory(proc, pss=False))
            if tick % 5 == 0:
                peak_pss = max(peak_pss, tree_memory(proc, pss=True))
                try:
                    info = proc.memory_full_info()
                    parent_pss = max(parent_pss, getattr(info, "pss", info.rss))
                except psutil.Error:
                    pass
            tick += 1
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"qcdc extract failed ({proc.returncode}):\n{stderr}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run = manifest["runs"][-1]
    return {"seconds": seconds, "peak_rss": peak, "peak_pss": peak_pss, "parent_pss": parent_pss,
            "summary": stdout.strip(), "run": run}


def read_only(pages: Path) -> tuple[float, int, list[str]]:
    """(c): decode and clean every file, nothing else; returns (seconds, chars, texts)."""
    from qcdc_extract.ingest import Article, read_all

    start = time.perf_counter()
    texts = [a.text for a in read_all([str(pages)]) if isinstance(a, Article)]
    return time.perf_counter() - start, sum(map(len, texts)), texts


def ner_only(texts: list[str], limit: int | None) -> tuple[float, int, int]:
    """(b): underthesea ner() sentence by sentence; returns (seconds, chars, articles)."""
    from underthesea import ner, sent_tokenize

    sample = texts[:limit] if limit else texts
    ner("Khởi động mô hình.")  # load the model outside the timing
    start = time.perf_counter()
    for text in sample:
        for paragraph in text.split("\n"):
            for sentence in sent_tokenize(paragraph) if paragraph.strip() else ():
                ner(sentence)
    return time.perf_counter() - start, sum(map(len, sample)), len(sample)


def read_write(pages: Path, out: Path) -> float:
    """(c'): read and normalise, then write the articles table as the pipeline would."""
    import pyarrow.parquet as pq

    from qcdc_extract.ingest import Article, read_all
    from qcdc_extract.schema import to_table

    start = time.perf_counter()
    rows = [{**a.__dict__, "n_chars": len(a.text)} for a in read_all([str(pages)]) if isinstance(a, Article)]
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table("articles", rows), out / "articles.parquet", compression="zstd")
    return time.perf_counter() - start


def cpu_children() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def startup(tmp: Path, runs: int = 5) -> list[float]:
    """CPU seconds of `qcdc extract one.txt --out DIR` (process start-up included), `runs` times."""
    page = tmp / "one" / "page.txt"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(next((ROOT / "corpus").glob("*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    seconds = []
    for _ in range(runs):
        before = cpu_children()
        subprocess.run([QCDC, "extract", str(page), "--out", str(tmp / "one-out"), "--overwrite", "-q", "--workers", "1"],
                       check=True, capture_output=True)
        seconds.append(cpu_children() - before)
    return seconds


BANDS = ((0, 1_000), (1_000, 3_000), (3_000, 10_000), (10_000, 10**9))


def by_band(texts: list[str], limit: int) -> list[tuple[str, int, float, float]]:
    """CPU per article by length band, in one process: (band, articles, chars/s, ms per article)."""
    import resource

    import qcdc_extract
    from qcdc_extract.facts import ArticleContext

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    nlp = qcdc_extract.load()
    for text in texts[:3]:
        nlp(text)  # warm-up: lexicons, gazetteers and the NER model load on first use
    sums = {band: [0, 0, 0.0] for band in BANDS}
    for text in texts[:limit]:
        band = next(b for b in BANDS if b[0] <= len(text) < b[1])
        start = cpu()
        doc = nlp.make_doc(text)
        doc._.qcdc_context = ArticleContext()
        for _, component in nlp.pipeline:
            doc = component(doc)
        sums[band][0] += 1
        sums[band][1] += len(text)
        sums[band][2] += cpu() - start
    out = []
    for (lo, hi), (n, chars, seconds) in sums.items():
        if n:
            label = f"{lo:,}-{hi:,}" if hi < 10**9 else f"{lo:,}+"
            out.append((label, n, chars / seconds if seconds else 0.0, 1000 * seconds / n))
    return out


def sample_jsonl(source: Path, target: Path, limit: int) -> Path:
    """The first `limit` records of a JSON Lines file, as a file of their own."""
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return target


def real(args) -> None:
    """--input: the pipeline on real text beside NER and the floors, by length band, start-up."""
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-") as tmp:
        tmp = Path(tmp)
        pages = sample_jsonl(Path(args.input), tmp / "input.jsonl", args.limit)
        read_s, chars, texts = read_only(pages)
        write_s = read_write(pages, tmp / "floor")
        n = len(texts)
        # (b) half before the pipeline's runs and half after them, so that the machine's drift
        # during the run (a third from hour to hour here) falls on both sides of the ratio alike.
        sample = texts[:args.ner_limit] if args.ner_limit else texts
        half = len(sample) // 2
        first = ner_only(sample[:half], None)
        results = {}
        for w in args.workers:
            runs = sorted((run_pipeline(pages, tmp / f"out{w}", w) for _ in range(args.repeat)),
                          key=lambda r: r["seconds"])
            results[w] = runs[len(runs) // 2]
        second = ner_only(sample[half:], None)
        ner_s, ner_chars, ner_n = (a + b for a, b in zip(first, second))
        bands = by_band(texts, args.band_limit)
        starts = sorted(startup(tmp))
    one = results[min(results)]
    print(f"input: first {n} records of {args.input}, {chars:,} characters ({chars / n:,.0f} per article), {args.cpu}")
    print(f"{'run':<40}{'seconds':>9}{'articles/s':>12}{'chars/s':>14}{'peak PSS MB':>13}")
    for w, r in results.items():
        print(f"{'(a) qcdc extract, ' + str(w) + ' worker(s), start-up incl.':<40}{r['seconds']:>9.1f}"
              f"{rate(n, r['seconds'])}{rate(chars, r['seconds']):>14}{r['peak_pss'] / 2**20:>13.0f}")
    sampled = f" (first {ner_n})" if ner_n < n else ""
    print(f"{'(b) underthesea ner()' + sampled:<40}{ner_s:>9.1f}{rate(ner_n, ner_s)}{rate(ner_chars, ner_s):>14}")
    print(f"{'(c) read + normalise':<40}{read_s:>9.1f}{rate(n, read_s)}{rate(chars, read_s):>14}")
    print(f"{'(c2) read + normalise + write':<40}{write_s:>9.1f}{rate(n, write_s)}{rate(chars, write_s):>14}")
    a_chars = chars / one["seconds"]
    print(f"ratios (1 worker, chars/s): a/b = {a_chars / (ner_chars / ner_s):.1f}x   "
          f"a/c2 = 1/{(chars / write_s) / a_chars:.1f}")
    if len(results) > 1:
        base = results[min(results)]["seconds"]
        for w, r in results.items():
            if w != min(results):
                print(f"speed-up {w} workers vs {min(results)}: {base / r['seconds']:.2f}x")
    counters = one["run"].get("counters", {})
    stages = one["run"].get("stage_seconds", {})
    print(f"NER: {counters.get('ner_sentences', 0)} sentences tagged in {stages.get('ner', 0):.1f} s "
          f"({stages.get('ner', 0) / max(sum(v for k, v in stages.items() if k != 'ner'), 1e-9):.0%} of the stages), "
          f"{counters.get('ner_promoted', 0)} names it made persons, {counters.get('ner_reused', 0)} more "
          f"promoted without it (the same words tagged a person before in the article); "
          f"{one['run']['rows'].get('officials', 0)} officials in all")
    print(f"CPU by length band (one process, first {min(args.band_limit, n)} articles):")
    for label, k, cps, ms in bands:
        print(f"  {label:>14} characters: {k:>5} articles {cps:>12,.0f} chars/s {ms:>8.1f} ms/article")
    print(f"start-up: one-file run CPU {starts[len(starts) // 2]:.2f} s (median of {len(starts)}: "
          f"{', '.join(f'{s:.2f}' for s in starts)})")


def rate(n: float, seconds: float) -> str:
    value = n / seconds
    return f"{value:>12,.1f}" if value < 1000 else f"{value:>12,.0f}"


def speed(args) -> None:
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-") as tmp:
        pages = synth.write(Path(tmp) / "pages", args.n)
        read_s, chars, texts = read_only(pages)
        n = len(texts)
        results = {}
        for w in args.workers:
            runs = sorted((run_pipeline(pages, Path(tmp) / f"out{w}", w) for _ in range(args.repeat)),
                          key=lambda r: r["seconds"])
            results[w] = runs[len(runs) // 2]  # the median run: this machine's timings vary by ~8%
            results[w]["all_seconds"] = [round(r["seconds"], 1) for r in runs]
        ner_s, ner_chars, ner_n = ner_only(texts, args.ner_limit)

    print(f"corpus: {n} articles, {chars:,} characters ({chars / n:,.0f} per article), {args.cpu}; "
          f"(a) is the median of {args.repeat} runs")
    print(f"{'run':<34}{'seconds':>9}{'articles/s':>12}{'chars/s':>14}{'peak RSS MB':>13}{'peak PSS MB':>13}")
    for w, r in results.items():
        print(f"{'(a) qcdc extract, ' + str(w) + ' worker(s)':<34}{r['seconds']:>9.1f}{rate(n, r['seconds'])}"
              f"{rate(chars, r['seconds']):>14}{r['peak_rss'] / 2**20:>13.0f}{r['peak_pss'] / 2**20:>13.0f}")
    for w, r in results.items():
        print(f"    {w} worker(s), every run: {r['all_seconds']} s")
    sampled = f" (first {ner_n})" if ner_n < n else ""
    print(f"{'(b) underthesea ner()' + sampled:<34}{ner_s:>9.1f}{rate(ner_n, ner_s)}{rate(ner_chars, ner_s):>14}")
    print(f"{'(c) read + normalise':<34}{read_s:>9.1f}{rate(n, read_s)}{rate(chars, read_s):>14}")
    one = results[min(results)]
    a_rate, b_rate, c_rate = n / one["seconds"], ner_n / ner_s, n / read_s
    print(f"ratios ({min(results)} worker): a/b = {a_rate / b_rate:.1f}x  a/c = {a_rate / c_rate:.2f}")
    if len(results) > 1:
        base = results[min(results)]["seconds"]
        for w, r in results.items():
            if w != min(results):
                print(f"speed-up {w} workers vs {min(results)}: {base / r['seconds']:.2f}x")
    print(f"stage profile of (a), {min(results)} worker, seconds summed over workers:")
    stages = one["run"].get("stage_seconds", {})
    total = sum(stages.values()) or 1
    for name, s in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<18}{s:>8.2f} s{s / total:>8.1%}{rate(chars, s):>14} chars/s")
    print(f"  (process start-up, input discovery and commits: {one['seconds'] - total:.2f} s)")


def memory(args) -> None:
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-") as tmp:
        for n in args.memory:
            pages = synth.write(Path(tmp) / f"pages{n}", n)
            r = run_pipeline(pages, Path(tmp) / f"out{n}", args.workers[0])
            peaks[n] = r["peak_pss"]
            print(f"{n:>8} articles: {r['seconds']:>8.1f} s, {n / r['seconds']:>7.1f} articles/s, "
                  f"peak RSS {r['peak_rss'] / 2**20:,.0f} MB, peak PSS {r['peak_pss'] / 2**20:,.0f} MB "
                  f"(parent {r['parent_pss'] / 2**20:,.0f}) "
                  f"({args.workers[0]} worker(s)); {r['summary']}")
            shutil.rmtree(pages)
    sizes = sorted(peaks)
    for small, large in zip(sizes, sizes[1:]):
        print(f"peak PSS growth {small} -> {large} articles: {(peaks[large] / peaks[small] - 1):+.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="articles to generate (default 2000)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts for (a)")
    ap.add_argument("--ner-limit", type=int, default=None, help="time (b) on the first K articles only")
    ap.add_argument("--repeat", type=int, default=None,
                    help="runs of (a) per worker count; the median is shown (default 3, with --input 1)")
    ap.add_argument("--memory", type=int, nargs="+", metavar="N", help="memory mode: run (a) at these sizes")
    ap.add_argument("--input", metavar="FILE", help="real text: a JSON Lines file of articles (url, title, text)")
    ap.add_argument("--limit", type=int, default=1000, help="--input: its first N records (default 1000)")
    ap.add_argument("--band-limit", type=int, default=1000,
                    help="--input: articles timed one by one for the length bands (default 1000)")
    args = ap.parse_args()
    args.cpu = f"{psutil.cpu_count()} cores"
    if args.input:
        args.repeat = args.repeat or 1
        real(args)
    else:
        args.repeat = args.repeat or 3
        memory(args) if args.memory else speed(args)


if __name__ == "__main__":
    main()
