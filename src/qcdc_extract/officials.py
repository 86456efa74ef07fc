"""Officials: named people with their positions."""
from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from qcdc_extract.facts import Fact, mention

_NAME = r"\p{Lu}[\p{Ll}\p{M}]*(?:\s\p{Lu}[\p{Ll}\p{M}]*){1,4}"
# "Đồng chí Võ Ngọc Thương - Phó trưởng ban ..."; "đồng chí Hà Đức Tập, Phó Bí thư ...".
COMRADE = regex.compile(rf"(?i:đồng chí)\s+(?P<name>{_NAME})\s*[-–,]\s*(?P<title>[^.;:\n(]+?)(?=\s+(?:dự|phát biểu|chủ trì|làm|đã|cùng|và các|chỉ đạo|yêu cầu|ghi nhận|trình bày)\b|[.;:\n(]|$)")


@dataclass(kw_only=True)
class Official(Fact):
    name: str
    title: str | None = None


def make_extractor(ner: bool = True):
    def extract_officials(doc: Doc) -> list[Official]:
        text = doc.text
        return [
            Official(**mention(text, *m.span()), name=m["name"], title=m["title"].strip(" ,-"))
            for m in COMRADE.finditer(text)
        ]

    return extract_officials
