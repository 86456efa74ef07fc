"""What HTML markup tells beyond trafilatura's main text: the lead (sapo) it may drop, and
whether a page lists other articles instead of being one."""
from __future__ import annotations

import regex

from qcdc_extract import rxcache as rx
from qcdc_extract.vi import fold

# Classes Vietnamese CMSs give the lead paragraph: "sapo", "detail-sapo", "chapeau",
# "description" (a lead, not a meta tag), "summary", "tom-tat" (tóm tắt).
_LEAD_CLASS = rx.compile(r"(?:^|[\s_-])(?:sapo|chapeau|description|summary|tom-?tat|excerpt)(?:$|[\s_-])",
                            regex.IGNORECASE)
_META_DESCRIPTION = rx.compile(
    r"""<meta[^>]+(?:name|property)\s*=\s*["'](?:description|og:description)["'][^>]*content\s*=\s*["']([^"']{40,600})""",
    regex.IGNORECASE)
# A lead is a paragraph: at least this many words.
LEAD_WORDS = 8
# A page whose main text is mostly links (at least LISTING_LINES lines, this share of them the
# text of a link) lists other articles.
LISTING_SHARE = 0.6
LISTING_LINES = 4
HEAD = 300_000


def _tree(html: str):
    import lxml.html

    try:
        return lxml.html.fromstring(html[:HEAD])
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


def lead(html: str) -> str | None:
    """The page's lead paragraph from its markup, else from its meta description."""
    tree = _tree(html)
    if tree is not None:
        for el in tree.iter("div", "p", "h2", "h3", "span", "section"):
            if _LEAD_CLASS.search(el.get("class") or "") and not el.xpath("ancestor::head"):
                text = " ".join(el.text_content().split())
                if len(text.split()) >= LEAD_WORDS:
                    return text
    m = _META_DESCRIPTION.search(html[:HEAD])
    if m:
        from html import unescape

        return " ".join(unescape(m.group(1)).split())
    return None


def with_lead(text: str, html: str) -> str:
    """trafilatura's text with the lead put back after the headline line when it dropped it
    (it drops div.sapo in precision mode and on some layouts)."""
    found = lead(html)
    if not found or _contains(text, found):
        return text
    first, sep, rest = text.partition("\n")
    if rest and len(first.split()) < LEAD_WORDS * 4 and not _contains(found, first):
        return f"{first}\n{found}\n{rest}"
    return f"{found}\n{text}"


def _contains(text: str, piece: str) -> bool:
    key = fold(piece)[:80]
    return key in fold(text)


def link_share(html: str, text: str) -> float | None:
    """The share of the main text's lines that are link texts, when it makes the page a listing;
    else None."""
    lines = [fold(line) for line in text.split("\n") if len(line.split()) >= 3]
    if len(lines) < LISTING_LINES:
        return None
    tree = _tree(html)
    if tree is None:
        return None
    links = {fold(a.text_content()) for a in tree.iter("a")}
    links.discard("")
    share = sum(1 for line in lines if line in links) / len(lines)
    return share if share >= LISTING_SHARE else None


_TITLE_TAG = rx.compile(r"<title[^>]*>(.*?)</title>", regex.IGNORECASE | regex.DOTALL)
# What a site-name cutter takes for a site name but belongs to the headline: the end of a term
# or period ("nhiệm kỳ 2020 - 2025", "giai đoạn 2021 - 2025").
_CUT_YEAR = rx.compile(r"\s*[-–]\s*(?:19|20)\d\d\s*")


def whole_title(title: str | None, html: str) -> str | None:
    """trafilatura's title, with a term's end year put back when it was cut as a site name."""
    if not title:
        return title
    m = _TITLE_TAG.search(html[:HEAD])
    if m:
        from html import unescape

        raw = " ".join(unescape(m.group(1)).split())
        if raw.startswith(title) and _CUT_YEAR.fullmatch(raw[len(title):].split(" | ")[0]):
            return raw[: len(title) + len(raw[len(title):].split(" | ")[0])].strip()
    return title
