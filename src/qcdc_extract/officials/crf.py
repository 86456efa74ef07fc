"""underthesea's `ner()`, with its CRF features computed once per sentence.

underthesea tags a sentence in four steps: word segmentation (features in Rust), then part of
speech, chunks and entities, three CRF models whose features its Python code builds word by
word: for every word and every template it copies the whole sentence into columns and parses
the template again, so a sentence of n words costs n² × 30 list copies. Here each template is
parsed once and each column built once per sentence; the feature strings are underthesea's own
(the same templates, read from its predictors, and the same functions), and the models are its
CRF taggers. The word segmenter is underthesea's too (its tokenizer, Rust featurizer and
model), its model files read with the C unpickler rather than joblib's Python one. The words
and tags are therefore underthesea's: tests/test_ner_features.py compares features, words and
tags with underthesea's on genre sentences and generated ones.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

# underthesea's template syntax, as its tagged_feature.template2features reads it:
# T[row] or T[row1,row2], then [column], then .function.
_SYNTAX = re.compile(
    r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


class _Template:
    __slots__ = ("prefix", "first", "last", "column", "function")

    def __init__(self, syntax: str, functions: dict):
        m = _SYNTAX.match(syntax)
        self.prefix = f"{syntax}="
        self.first = int(m.group("index1"))
        self.last = int(m.group("index2")) if m.group("index2") else None
        self.column = int(m.group("column")) if m.group("column") else 0
        self.function = functions[m.group("function")] if m.group("function") else None


def _features(templates: tuple[_Template, ...], sentence: list[tuple[str, ...]]) -> list[list[str]]:
    """Every word's feature strings, in template order: tagged_feature.word2features for each word.

    Built template by template over the whole sentence; a column's function values (its words
    lower-cased, say) are computed once for all the templates that read them.
    """
    n = len(sentence)
    columns = list(zip(*sentence))
    applied: dict[tuple[int, object], list[str]] = {}
    features = []
    for t in templates:
        prefix, first, last = t.prefix, t.first, t.last
        if last is None:
            key = (t.column, t.function)
            values = applied.get(key)
            if values is None:
                column = columns[t.column]
                values = applied[key] = [str(t.function(w)) for w in column] if t.function else list(column)
            lo = min(n, max(0, -first))  # the words i in [lo, hi) have 0 <= i + first < n
            hi = max(lo, min(n, n - first))
            features.append([prefix + "BOS"] * lo + [prefix + v for v in values[lo + first:hi + first]]
                            + [prefix + "EOS"] * (n - hi))
        else:
            column, function, row = columns[t.column], t.function, []
            for i in range(n):
                a = i + first
                if a < 0:
                    row.append(prefix + "BOS")
                elif a >= n or i + last >= n:
                    row.append(prefix + "EOS")
                else:
                    word = " ".join(column[a:i + last + 1])
                    row.append(f"{prefix}{function(word) if function else word}")
            features.append(row)
    return [list(row) for row in zip(*features)] if features else [[] for _ in range(n)]


class _Model:
    """One of underthesea's CRF predictors: its tagger and its templates, parsed once."""

    def __init__(self, predictor, functions: dict):
        self.tagger = predictor.model
        self.templates = tuple(_Template(s, functions) for s in predictor.transformer.template)

    def tag(self, sentence: list[tuple[str, ...]]) -> list[str]:
        return self.tagger.tag(_features(self.templates, sentence)) if sentence else []


@functools.cache
def _models() -> tuple[_Model, _Model, _Model] | None:
    """underthesea's part-of-speech, chunk and entity models, or None if this underthesea keeps
    them otherwise (then its own ner() is used)."""
    try:
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner import tagged_feature
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        functions = {"lower": tagged_feature.text_lower, "istitle": tagged_feature.text_istitle,
                     "isallcap": tagged_feature.text_isallcap, "isdigit": tagged_feature.text_isdigit,
                     "is_in_dict": tagged_feature.text_is_in_dict}
        return tuple(_Model(p.Instance(), functions)
                     for p in (CRFPOSTagPredictor, CRFChunkingPredictor, CRFNERPredictor))
    except (ImportError, AttributeError, KeyError, TypeError):
        return None


# underthesea's word segmenter: its model folder, read as underthesea.word_tokenize reads it.
SEGMENTER = "ws_crf_vlsp2013_20230727"


def _unpickle(path: Path):
    """A model file underthesea writes with joblib: a plain pickle, which the C unpickler reads
    in a fifth of the time joblib's Python one takes (0.04 s for the 72,547-word dictionary)."""
    import pickle

    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a joblib container (arrays, compression): joblib's own reader
        import joblib

        return joblib.load(path)


@functools.cache
def _segmenter():
    """(featurizer, tagger) of underthesea's word segmenter, or None if this underthesea keeps
    it elsewhere (then its own word_tokenize is used)."""
    from underthesea.pipeline import word_tokenize as module
    from underthesea_core import CRFFeaturizer, CRFTagger

    folder = Path(module.__file__).parent / "models" / SEGMENTER
    if not all((folder / name).is_file() for name in ("models.bin", "features.bin", "dictionary.bin")):
        return None
    tagger = CRFTagger()
    tagger.load(str(folder / "models.bin"))
    return CRFFeaturizer(_unpickle(folder / "features.bin"), _unpickle(folder / "dictionary.bin")), tagger


def word_tokenize(sentence: str) -> list[str]:
    """underthesea.word_tokenize(sentence): its syllable tokenizer, features and model."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    segmenter = _segmenter()
    if segmenter is None:
        from underthesea import word_tokenize as theirs

        return theirs(sentence)
    featurizer, tagger = segmenter
    tokens = tokenize(sentence, use_token_normalize=True, fixed_words=[])
    tags = tagger.tag(featurizer.process([[[t] for t in tokens]])[0]) if tokens else []
    words: list[str] = []
    for i, (tag, token) in enumerate(zip(tags, tokens)):
        if tag == "I-W" and i > 0:
            words[-1] += " " + token
        else:
            words.append(token)
    return words


def warm() -> None:
    """Load the models (before workers fork, so that they share them)."""
    _models()
    word_tokenize("Ông")


def ner(sentence: str) -> list[tuple[str, str, str, str]]:
    """(word, part of speech, chunk, entity) for each word: what underthesea.ner(sentence) returns."""
    models = _models()
    if models is None:
        from underthesea import ner as theirs

        return theirs(sentence)
    pos, chunk, entity = models
    words = word_tokenize(sentence)
    # Each model sees the tags before it and "X" where its own tag goes, as underthesea's
    # predictors build their input.
    pos_tags = pos.tag([(w, "X") for w in words])
    chunk_tags = chunk.tag([(w, p, "X") for w, p in zip(words, pos_tags)])
    entities = entity.tag([(w, p, c, "X") for w, p, c in zip(words, pos_tags, chunk_tags)])
    return list(zip(words, pos_tags, chunk_tags, entities))
