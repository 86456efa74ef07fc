"""HTML pages in the layouts of real Vietnamese portals: the article's fields, its lead kept,
its sidebars left out, and a listing page refused as no article."""
from __future__ import annotations

from pathlib import Path

import pytest

from qcdc_extract.ingest import Article, IngestError, read_all
from qcdc_extract.settings import Options

PORTALS = Path(__file__).parent / "fixtures" / "portals"

# (fixture, title, author, published date, a piece of the lead, sidebar text that must be out)
LAYOUTS = [
    ("sapo-cms.html", "Huyện ủy Đức Thọ sơ kết 3 năm thực hiện Quy chế dân chủ ở cơ sở", "Minh Châu", "2024-03-14",
     "Sáng 14/3, Huyện ủy Đức Thọ tổ chức hội nghị sơ kết", "Trao Huy hiệu 50 năm tuổi Đảng"),
    ("sharepoint.html", "Tiếp xúc cử tri sau kỳ họp thứ 12 HĐND huyện khóa XX", "Hoàng Thị Thu", "2023-07-22",
     "Từ ngày 18/7 đến ngày 20/7/2023, Thường trực HĐND huyện Chợ Mới", "Skip Ribbon Commands"),
    ("liferay.html", "Ban Thanh tra nhân dân xã Phước Lợi giám sát việc thực hiện quy chế dân chủ", "Kim Ngân",
     "2022-09-05", "Chiều 2.9, Ban Thanh tra nhân dân xã Phước Lợi", "Tháng hiện tại"),
    ("dnn.html", "Đại hội Chi bộ thôn 3 nhiệm kỳ 2022 - 2025", "Lê Xuân", "2022-05-18",
     "Ngày 17/5/2022, Chi bộ thôn 3, xã Điện Phước", "Bản quyền"),
]


def read(path: Path, **options) -> Article | IngestError:
    (result,) = read_all([str(path)], Options(ner=False, **options))
    return result


@pytest.mark.parametrize("favor", ["recall", "precision"])
@pytest.mark.parametrize("name, title, author, day, lead, sidebar", LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_portal_layouts(name, title, author, day, lead, sidebar, favor):
    article = read(PORTALS / name, favor=favor)
    assert isinstance(article, Article), article
    assert article.title == title
    assert article.author == author
    assert article.published_at is not None and article.published_at.date().isoformat() == day
    assert lead in article.text, "the lead (sapo) must stay in the text"
    assert sidebar not in article.text


def test_the_sapo_dropped_by_precision_mode_comes_back_from_the_markup():
    article = read(PORTALS / "sapo-cms.html", favor="precision")
    assert article.text.split("\n")[2].startswith("Sáng 14/3, Huyện ủy Đức Thọ")


def test_the_meta_description_stands_in_for_a_lead_the_markup_lacks(tmp_path):
    html = (PORTALS / "sapo-cms.html").read_text(encoding="utf-8")
    start = html.index('<div class="sapo">')
    end = html.index("</div>", start) + len("</div>")
    page = tmp_path / "no-sapo.html"
    page.write_text(html[:start] + html[end:], encoding="utf-8")
    article = read(page, favor="precision")
    assert "Sáng 14/3, Huyện ủy Đức Thọ tổ chức hội nghị sơ kết 3 năm thực hiện Kết luận số 120-KL/TW" in article.text


@pytest.mark.parametrize("favor", ["recall", "precision"])
def test_a_listing_page_is_not_an_article(favor):
    error = read(PORTALS / "listing.html", favor=favor)
    assert isinstance(error, IngestError)
    assert error.error in ("not_an_article", "no_text")
    if favor == "recall":
        assert error.error == "not_an_article" and "listing" in error.message


def test_an_article_with_a_related_links_box_is_still_an_article():
    """Links in the body (a 'Tin liên quan' box) do not make an article a listing."""
    article = read(PORTALS / "liferay.html")
    assert isinstance(article, Article) and "Tin liên quan" not in article.text


def test_favor_must_be_known():
    with pytest.raises(ValueError, match="favor"):
        Options(favor="speed")
