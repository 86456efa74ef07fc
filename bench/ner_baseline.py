"""Officials: underthesea's NER alone (every PER entity) against our extractor, on the gold files.

    .venv/bin/python bench/ner_baseline.py [--gold ../shared/gold] [--score ../shared/eval/score.py]
                                           [--repeat 20] [INPUT ...]

Reads the inputs (default: corpus/) with `qcdc_extract.ingest.read_all`, so that both
systems see the same cleaned text. The baseline runs `underthesea.ner` sentence by sentence
(`underthesea.sent_tokenize` within each line) and calls every PER entity an official; it
gives no title, so its title token F1 is 0. Ours is the officials component
(`officials.make_extractor`) with and without its NER fall-back. Both are scored the way
eval/score.py scores officials (the functions are imported from it): per article, distinct
names after NFC, case and whitespace folding, matched one to one with the gold names.
Costs are characters of article text per second on one core, best of --repeat runs (the
NER baseline runs once; it is ~1000x slower).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import time
from pathlib import Path

import spacy

from qcdc_extract import officials
from qcdc_extract import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from qcdc_extract.facts import ArticleContext, register_extensions
from qcdc_extract.ingest import Article, read_all

ROOT = Path(__file__).resolve().parents[1]


def load_score(path: Path):
    """eval/score.py as a module, for its matching and normalisation."""
    spec = importlib.util.spec_from_file_location("qcdc_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ner_persons(text: str) -> list[dict]:
    """Every PER entity underthesea finds, sentence by sentence, as official-like rows."""
    from underthesea import ner, sent_tokenize

    rows = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        for sentence in sent_tokenize(line):
            current: list[str] | None = None
            for word, _pos, _chunk, tag in ner(sentence):
                if tag == "B-PER" or (tag == "I-PER" and current is None):
                    current = [word]
                    rows.append(current)
                elif tag == "I-PER":
                    current.append(word)
                else:
                    current = None
    return [{"name": " ".join(words), "title": None} for words in rows]


def make_docs(articles: list[Article]) -> dict[str, object]:
    """Tokenized docs with their context, made once: the timing is the extractor's alone."""
    register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "qcdc.SyllableTokenizer.v1"}}})
    docs = {}
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc._.qcdc_context = ArticleContext(a.title, a.published_at, a.author)
        docs[a.source] = doc
    return docs


def ours(extract, doc) -> list[dict]:
    return [{"name": o.name, "title": o.title} for o in extract(doc)]


def evaluate(score, gold_dir: Path, predictions: dict[str, list[dict]]) -> dict:
    """tp/fp/fn, P/R/F1 and title token F1 as score.py computes them for officials."""
    tp = fp = fn = 0
    title_f1s = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = score.dedupe(predictions.get(gold["article"], []), score.PRED_KEY["officials"])
        t, f, n, pairs, _missed, _spurious = score.match(gold.get("officials", []), pred, score.SAME["officials"])
        tp, fp, fn = tp + t, fp + f, fn + n
        for g, p in pairs:
            titles = [g.get("title") or ""] + list(g.get("title_variants", []))
            title_f1s.append(max(score.token_f1(t, p.get("title") or "") for t in titles))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "P": p, "R": r, "F1": f1,
            "title": sum(title_f1s) / len(title_f1s) if title_f1s else 0.0}


def timed(fn, articles, repeat: int) -> tuple[dict[str, list[dict]], float]:
    """Predictions per article file name, and the best characters per second over `repeat` runs."""
    chars = sum(len(a.text) for a in articles)
    best, predictions = 0.0, {}
    for _ in range(repeat):
        start = time.process_time()
        predictions = {Path(a.source).name: fn(a) for a in articles}
        best = max(best, chars / max(time.process_time() - start, 1e-9))
    return predictions, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--score", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    score = load_score(args.score)
    articles = [a for a in read_all(args.inputs) if isinstance(a, Article)]
    docs = make_docs(articles)
    with_ner, without_ner = officials.make_extractor(ner=True), officials.make_extractor(ner=False)
    ner_persons("Khởi động mô hình.")  # load the CRF model outside the timing
    officials.lexicon(), officials.places()

    systems = [
        ("underthesea ner() PER", lambda a: ner_persons(a.text), 1),
        ("ours (rules + NER)", lambda a: ours(with_ner, docs[a.source]), args.repeat),
        ("ours (rules, no NER)", lambda a: ours(without_ner, docs[a.source]), args.repeat),
    ]
    print(f"{len(articles)} articles, {sum(len(a.text) for a in articles):,} chars; gold: {args.gold}")
    print(f"{'system':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}{'title F1':>10}{'chars/s':>14}")
    for name, fn, repeat in systems:
        predictions, speed = timed(fn, articles, repeat)
        m = evaluate(score, args.gold, predictions)
        print(f"{name:<24}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{m['P']:>8.3f}{m['R']:>8.3f}{m['F1']:>8.3f}"
              f"{m['title']:>10.3f}{speed:>14,.0f}")


if __name__ == "__main__":
    main()
