"""Helpers shared by the extractor tests."""
from __future__ import annotations

from datetime import datetime

from qcdc_extract.facts import ArticleContext, register_extensions


def run(nlp, text: str, published: datetime | None = None, title: str | None = None, source_year: int | None = None):
    """The doc of `text` through the whole pipeline, as an article with this title and time stamp
    (and, with `source_year`, of an input known to be from that year)."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.qcdc_context = ArticleContext(title=title, published_at=published, source_year=source_year)
    return nlp(doc)


def extract_page(tmp_path, text: str):
    """Extract one page of text (written to tmp_path/page.txt) into tmp_path/out; returns out."""
    from qcdc_extract.batch import extract
    from qcdc_extract.settings import Options

    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    extract([str(page)], tmp_path / "out", Options(workers=1, ner=False))
    return tmp_path / "out"


def choke_on(monkeypatch, word: str = "HỎNG") -> None:
    """Make page cleaning raise on any text holding `word`, as a parser's bug would."""
    import qcdc_extract.ingest as ingest

    real = ingest.clean_page

    def flaky(text, **kwargs):
        if word in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, **kwargs)

    monkeypatch.setattr(ingest, "clean_page", flaky)
