"""Vietnamese language knowledge shared by every stage: tone placement, folding and keys,
word alternations, number words, administrative unit types, parts of day and honorifics.

Everything else imports these from here; no other module keeps a copy.
"""
from qcdc_extract.vi.lexicon import (
    HONORIFICS,
    PARTS_OF_DAY,
    NumberWord,
    UnitType,
    number_value,
    number_words,
    ordinal_value,
    unit_type_names,
    unit_types,
)
from qcdc_extract.vi.text import alternation, fold, fold_spaces, key, word_pattern, word_trie
from qcdc_extract.vi.tones import place_tones, spellings, to_classic, to_modern

__all__ = [
    "HONORIFICS", "PARTS_OF_DAY", "NumberWord", "UnitType", "alternation", "fold", "fold_spaces", "key",
    "number_value", "number_words", "ordinal_value", "place_tones", "spellings", "to_classic", "to_modern",
    "unit_type_names", "unit_types", "word_pattern", "word_trie",
]
