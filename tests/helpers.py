"""Helpers shared by the extractor tests."""
from __future__ import annotations

from datetime import datetime

from qcdc_extract.facts import ArticleContext, register_extensions


def run(nlp, text: str, published: datetime | None = None, title: str | None = None):
    """The doc of `text` through the whole pipeline, as an article with this title and time stamp."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.qcdc_context = ArticleContext(title=title, published_at=published)
    return nlp(doc)
