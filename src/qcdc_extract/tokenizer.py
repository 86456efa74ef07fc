"""A cheap syllable-and-punctuation tokenizer for Vietnamese, with doc.text == text exactly."""
from __future__ import annotations

import re
from spacy.tokens import Doc
from spacy.util import registry

# Vietnamese writes syllables apart, so a run of letters is a syllable; digits are split
# from letters ("6ha" -> "6", "ha") and every other visible character is its own token,
# so that rule matches over the text almost always fall on token boundaries. Groups:
# a whitespace run of its own, or a token and the single space that follows it.
# The standard library's engine splits this a third faster than `regex`; text is NFC by
# then, so letters carry their tone marks and \w needs no combining marks.
TOKEN = re.compile(r"(\s+)|(\d+|[^\W\d_]+|\S)( ?)")


class SyllableTokenizer:
    """Split text into syllables, digit runs, single symbols and whitespace runs."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = TOKEN.findall(text)
        # A single space after a token belongs to it, as in spaCy; other whitespace becomes a
        # token of its own.
        words = [blank or token for blank, token, _ in found]
        spaces = [space == " " for _, _, space in found]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # Extractors read the text many times; spaCy would rebuild it from the tokens each time.
        doc.user_data["qcdc_text"] = text
        return doc

    # spaCy serialises the tokenizer with the pipeline; there is nothing to save.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "SyllableTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "SyllableTokenizer":
        return self


@registry.tokenizers("qcdc.SyllableTokenizer.v1")
def create_syllable_tokenizer():
    def make(nlp):
        return SyllableTokenizer(nlp.vocab)

    return make
