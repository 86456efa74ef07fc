"""Ingestion: title, byline author and time stamp of scraped pages, HTML, JSON Lines, ids."""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from qcdc_extract.batch import extract
from qcdc_extract.ingest import Article, IngestError, article_id, read_all
from qcdc_extract.settings import Options

FIXTURES = Path(__file__).parent / "fixtures"

# One body shared by several pages: long enough to be an article, short enough to read.
BODY = """Sáng 5/4/2022, Ban Chỉ đạo xây dựng và thực hiện quy chế dân chủ ở cơ sở huyện Cam Lộ tổ chức hội nghị sơ kết 5 năm thực hiện Nghị quyết số 02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh.

Qua 5 năm, 100% xã, thị trấn đã xây dựng và thực hiện tốt quy chế dân chủ ở cơ sở; phong trào thi đua “Dân vận khéo” có 45 mô hình được công nhận.

Phát biểu kết luận, đồng chí Nguyễn Văn Bình - Phó Bí thư Thường trực Huyện ủy đề nghị các cấp ủy tiếp tục phát huy quyền làm chủ của Nhân dân./."""

# (id, page as scraped, title, author, published_at). Layouts the corpus does not have:
# furniture above and below, other byline and time-stamp forms, titles restated.
PAGES = [
    (
        "breadcrumb-share-bar-caps-title",
        """Trang chủ > Tin tức > Dân vận
Cỡ chữ: A- A A+
Thứ Tư, 06/04/2022 - 08:54
HUYỆN ỦY CAM LỘ SƠ KẾT 5 NĂM THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ
Sáng 5/4/2022, Huyện ủy Cam Lộ tổ chức hội nghị sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở giai đoạn 2017 - 2022.

Hội nghị đánh giá 100% xã, thị trấn đã xây dựng quy chế dân chủ và công khai các nội dung để Nhân dân biết, bàn, kiểm tra.
Tin, ảnh: Minh Anh
Chia sẻ | In bài | Gửi email
Lượt xem: 1.024
Tin liên quan
Cam Lộ tổng kết phong trào Dân vận khéo năm 2021
Thăm dò ý kiến
Rất hài lòng
""",
        "HUYỆN ỦY CAM LỘ SƠ KẾT 5 NĂM THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ",
        "Minh Anh",
        datetime(2022, 4, 6, 8, 54),
    ),
    (
        "updated-stamp-title-broken-two-authors",
        """Cập nhật: 14:05 12/05/2023
Xã Hải Thượng đẩy mạnh phong trào thi đua “Dân vận khéo”
Xã Hải Thượng đẩy mạnh
phong trào thi đua
“Dân vận khéo”

Những năm qua, Đảng ủy xã Hải Thượng luôn chú trọng lãnh đạo thực hiện phong trào thi đua “Dân vận khéo” gắn với quy chế dân chủ ở cơ sở.

Năm 2023, toàn xã có 12 mô hình “Dân vận khéo” được công nhận, trong đó có 3 mô hình cấp huyện./.

Minh Anh - Thu Hà
Tin cùng chuyên mục
Hải Lăng sơ kết công tác dân vận 6 tháng đầu năm
""",
        "Xã Hải Thượng đẩy mạnh phong trào thi đua “Dân vận khéo”",
        "Minh Anh - Thu Hà",
        datetime(2023, 5, 12, 14, 5),
    ),
    (
        "date-only-stamp-photo-and-text-byline",
        f"""Hội nghị Ban Chấp hành Đảng bộ xã Tân Lập lần thứ 8
Ngày đăng: 06/04/2022
{BODY}
Bài và ảnh: Trần Văn Bình
Lượt xem: 2.318
Chia sẻ
""",
        "Hội nghị Ban Chấp hành Đảng bộ xã Tân Lập lần thứ 8",
        "Trần Văn Bình",
        datetime(2022, 4, 6),
    ),
    (
        "pv-byline",
        f"""Cam Lộ: Đối thoại trực tiếp giữa người đứng đầu cấp ủy với Nhân dân
Đăng lúc 07:30 ngày 15/03/2024
{BODY}
PV
""",
        "Cam Lộ: Đối thoại trực tiếp giữa người đứng đầu cấp ủy với Nhân dân",
        None,  # FORMAT.md: "PV" (phóng viên) is no author; the line is still a byline, not text
        datetime(2024, 3, 15, 7, 30),
    ),
    (
        "no-stamp-no-author",
        f"""Phát huy vai trò của Nhân dân trong xây dựng nông thôn mới
{BODY}
Tin khác
Triệu Phong: Tập huấn nghiệp vụ công tác dân vận năm 2024
""",
        "Phát huy vai trò của Nhân dân trong xây dựng nông thôn mới",
        None,
        None,
    ),
    (
        "visitor-counters-tail-byline-two-authors",
        """Đang truy cập: 125
Hôm nay: 1.234
Thứ hai, ngày 20/11/2023 | 15:30
Gio Linh tổng kết 10 năm thực hiện Chỉ thị số 30-CT/TW về quy chế dân chủ
Chiều 18/11/2023, Huyện ủy Gio Linh tổ chức hội nghị tổng kết 10 năm thực hiện quy chế dân chủ ở cơ sở theo Chỉ thị số 30-CT/TW của Bộ Chính trị.
Hội nghị đã biểu dương 15 tập thể và 20 cá nhân có thành tích xuất sắc trong thực hiện quy chế dân chủ ở cơ sở./. Hồng Nhung, Văn Quý
Tổng lượt truy cập: 37.087.192
Đang online: 3
""",
        "Gio Linh tổng kết 10 năm thực hiện Chỉ thị số 30-CT/TW về quy chế dân chủ",
        "Hồng Nhung, Văn Quý",
        datetime(2023, 11, 20, 15, 30),
    ),
    (
        "portal-header-menu-copyright-affiliation",
        f"""CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN HẢI LĂNG
Giới thiệu | Tin tức | Văn bản | Liên hệ
Tin tức » Xây dựng Đảng
Hải Lăng ra mắt mô hình “Dân vận khéo” trong cải cách hành chính
20-11-2023 15:30
{BODY}
Tác giả: Nguyễn Thị Hoa (Ban Dân vận Huyện ủy)
Bản quyền © 2023 UBND huyện Hải Lăng
Địa chỉ: Thị trấn Diên Sanh, huyện Hải Lăng, tỉnh Quảng Trị
""",
        "Hải Lăng ra mắt mô hình “Dân vận khéo” trong cải cách hành chính",
        "Nguyễn Thị Hoa",
        datetime(2023, 11, 20, 15, 30),
    ),
    (
        "long-form-date-name-then-tags",
        f"""Thứ Sáu, ngày 08 tháng 9 năm 2023
Đảng bộ phường Đông Lễ học tập, quán triệt Kết luận số 01-KL/TW
{BODY}
Thanh Tâm
Từ khóa: dân vận khéo, quy chế dân chủ
""",
        "Đảng bộ phường Đông Lễ học tập, quán triệt Kết luận số 01-KL/TW",
        "Thanh Tâm",
        datetime(2023, 9, 8),
    ),
    (
        "title-restated-in-caps-pm-clock",
        f"""Đại hội Đảng bộ xã Vĩnh Long lần thứ XV, nhiệm kỳ 2025 - 2030
14/07/2025 02:30:00 PM
ĐẠI HỘI ĐẢNG BỘ XÃ VĨNH LONG LẦN THỨ XV, NHIỆM KỲ 2025 - 2030
{BODY}
Nguyễn Hùng
""",
        "Đại hội Đảng bộ xã Vĩnh Long lần thứ XV, nhiệm kỳ 2025 - 2030",
        "Nguyễn Hùng",
        datetime(2025, 7, 14, 14, 30),
    ),
    (
        "name-with-affiliation-alone",
        f"""Cam Chính thực hiện tốt quy chế dân chủ ở cơ sở
08:15 21/09/2022
{BODY}
Minh Châu (Trung tâm VH-TT huyện Cam Lộ)
""",
        "Cam Chính thực hiện tốt quy chế dân chủ ở cơ sở",
        "Minh Châu",
        datetime(2022, 9, 21, 8, 15),
    ),
    (
        "organisation-byline-in-caps-is-no-author",
        f"""Tăng cường đối thoại với Nhân dân ở cơ sở
{BODY}
BAN DÂN VẬN HUYỆN ỦY
""",
        "Tăng cường đối thoại với Nhân dân ở cơ sở",
        None,
        None,
    ),
    (
        "source-line-is-no-author",
        f"""Vĩnh Linh: 100% thôn, bản xây dựng hương ước, quy ước
{BODY}
Nguồn: Báo Quảng Trị
""",
        "Vĩnh Linh: 100% thôn, bản xây dựng hương ước, quy ước",
        None,
        None,
    ),
    (
        "byline-text-and-photo-credit-stamp-at-foot",
        f"""Triệu Phong sơ kết phong trào “Dân vận khéo” 6 tháng đầu năm
{BODY}
Bài: Lê Hoàng - Ảnh: Thu Hà
Ngày cập nhật: 21/09/2022 10:12
Các tin khác
""",
        "Triệu Phong sơ kết phong trào “Dân vận khéo” 6 tháng đầu năm",
        "Lê Hoàng",
        datetime(2022, 9, 21, 10, 12),
    ),
    (
        "sidebar-counter-above-the-article",
        f"""Trang chủ | Giới thiệu | Tin tức | Liên hệ
Thống kê truy cập
Đang truy cập: 12
Hôm nay: 345
Gio Mỹ đối thoại giữa người đứng đầu cấp ủy với Nhân dân
15/03/2024 09:20:00 SA
{BODY}
Tin, ảnh: Hồng Nhung
Các tin khác
Gio Linh sơ kết phong trào Dân vận khéo (12/03/2024)
""",
        "Gio Mỹ đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
        "Hồng Nhung",
        datetime(2024, 3, 15, 9, 20),
    ),
    (
        "name-in-parentheses-after-body",
        f"""Hướng Hóa: Phát huy dân chủ trong xây dựng thôn, bản văn hóa
{BODY}
(Hồ Thị Lan)
Quay lại | In trang
""",
        "Hướng Hóa: Phát huy dân chủ trong xây dựng thôn, bản văn hóa",
        "Hồ Thị Lan",
        None,
    ),
]


def read_one(path: Path, options: Options | None = None) -> Article | IngestError:
    results = list(read_all([str(path)], options))
    assert len(results) == 1, results
    return results[0]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(("page", "title", "author", "published_at"),
                         [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_page_metadata(tmp_path, page, title, author, published_at):
    article = read_one(write(tmp_path, "page.txt", page))
    assert isinstance(article, Article), article
    assert (article.title, article.author, article.published_at) == (title, author, published_at)


@pytest.mark.parametrize(("page", "title", "author", "published_at"),
                         [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_page_text_is_title_then_body_without_furniture(tmp_path, page, title, author, published_at):
    text = read_one(write(tmp_path, "page.txt", page)).text
    assert text.startswith(title + "\n\n")
    # The title is said once; the restated copy above the body is gone.
    assert text.casefold().count(title.casefold()) == 1
    for furniture in ("Trang chủ", "Chia sẻ", "Lượt xem", "Tin liên quan", "Thăm dò", "truy cập",
                      "Bản quyền", "Từ khóa", "Tin cùng chuyên mục", "Tin khác", "Cập nhật", "Ngày đăng",
                      "Giới thiệu |", "Quay lại", "Đang online", "Hôm nay:", "Cỡ chữ"):
        assert furniture not in text
    if author:
        assert author not in text
    assert "/2022 - 08:54" not in text and "02:30:00 PM" not in text


def test_body_lines_and_paragraph_breaks_are_kept(tmp_path):
    page = "Tiêu đề bài viết về dân vận khéo ở xã Cam Thành\n\n\n\nĐoạn một, dòng một của bài viết.\nĐoạn một, dòng hai của bài viết.\n\n\n\nĐoạn hai của bài viết về quy chế dân chủ ở cơ sở./.\n"
    text = read_one(write(tmp_path, "page.txt", page)).text
    assert text == ("Tiêu đề bài viết về dân vận khéo ở xã Cam Thành\n\n"
                    "Đoạn một, dòng một của bài viết.\nĐoạn một, dòng hai của bài viết.\n\n"
                    "Đoạn hai của bài viết về quy chế dân chủ ở cơ sở./.")


@pytest.mark.parametrize(("name", "prefix", "newline"), [
    ("crlf", b"", "\r\n"),
    ("bom", b"\xef\xbb\xbf", "\n"),
    ("bom-crlf", b"\xef\xbb\xbf", "\r\n"),
    ("old-mac-cr", b"", "\r"),
])
def test_bom_and_line_ends_read_like_plain_lf(tmp_path, name, prefix, newline):
    page = PAGES[0][1]
    plain = read_one(write(tmp_path, "plain.txt", page))
    path = tmp_path / f"{name}.txt"
    path.write_bytes(prefix + page.replace("\n", newline).encode("utf-8"))
    other = read_one(path)
    assert "\r" not in other.text and "\ufeff" not in other.text
    assert (other.text, other.title, other.author, other.published_at) == (
        plain.text, plain.title, plain.author, plain.published_at)
    assert other.article_id == plain.article_id


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_other_encodings_give_the_same_article(tmp_path, encoding):
    page = PAGES[2][1]
    plain = read_one(write(tmp_path, "plain.txt", page))
    other = read_one(write(tmp_path, f"{encoding}.txt", page, encoding))
    assert (other.article_id, other.title, other.author) == (plain.article_id, plain.title, plain.author)


# The same article as two sites would scrape it: other furniture, time stamp and byline form.
SCRAPE_A = f"""Trang chủ > Tin tức
Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở
08:54 06/04/2022
{BODY}
Tin bài: Minh Anh
Tin cùng chuyên mục
Gio Linh tổng kết công tác dân vận
"""
SCRAPE_B = f"""image banner
TIN MỚI
Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở
Thứ Tư, 06/04/2022 - 08:54
Cam Lộ sơ kết 5 năm thực hiện
quy chế dân chủ ở cơ sở
{BODY.replace(chr(10) + chr(10), chr(10) + chr(10) + chr(10))}

Minh Anh
Chia sẻ | In bài
Lượt xem: 88
"""


def test_article_id_is_stable_across_scrapes(tmp_path):
    a = read_one(write(tmp_path, "a.txt", SCRAPE_A))
    b = read_one(write(tmp_path, "b.txt", SCRAPE_B))
    assert a.text == b.text
    assert a.article_id == b.article_id == article_id(a.text)
    assert len(a.article_id) == 16 and int(a.article_id, 16) >= 0


def test_article_id_differs_for_different_text(tmp_path):
    a = read_one(write(tmp_path, "a.txt", SCRAPE_A))
    c = read_one(write(tmp_path, "c.txt", SCRAPE_A.replace("45 mô hình", "46 mô hình")))
    assert a.article_id != c.article_id


def test_same_article_twice_in_a_batch_is_one_row_with_both_sources(tmp_path):
    pd = pytest.importorskip("pandas")
    a = write(tmp_path, "a.txt", SCRAPE_A)
    b = write(tmp_path, "b.txt", SCRAPE_B)
    other = write(tmp_path, "c.txt", PAGES[0][1])
    summary = extract([str(a), str(b), str(other)], tmp_path / "out", Options(ner=False))
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 2
    assert summary.articles == 2 and summary.duplicates == 1
    row = articles[articles.article_id == article_id(read_one(a).text)].iloc[0]
    assert row.source == str(a)
    assert sorted(row.sources) == sorted([str(a), str(b)])


def test_same_article_in_a_later_batch_adds_its_source(tmp_path):
    pd = pytest.importorskip("pandas")
    a = write(tmp_path, "a.txt", SCRAPE_A)
    b = write(tmp_path, "b.txt", SCRAPE_B)
    extract([str(a)], tmp_path / "out", Options(ner=False))
    summary = extract([str(b)], tmp_path / "out", Options(ner=False))
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 1 and summary.articles == 0
    assert sorted(articles.iloc[0].sources) == sorted([str(a), str(b)])


# -- HTML ------------------------------------------------------------------------------

HTML_CASES = [
    (
        # <article>, meta published_time and author, header/nav/breadcrumb/aside/footer furniture.
        "article-with-meta.html",
        "Huyện Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở",
        "Minh Anh",
        datetime(2022, 4, 6, 8, 54),
        "Sáng ngày 5/4/2022, Ban Chỉ đạo",
    ),
    (
        # <div class="content">, no meta time stamp: the page's own "Cập nhật" line gives it.
        "div-content-no-meta.html",
        "Xã Hải Thượng đẩy mạnh phong trào thi đua “Dân vận khéo”",
        "Minh Anh - Thu Hà",
        datetime(2023, 5, 12, 14, 5),
        "Những năm qua, Đảng ủy xã Hải Thượng",
    ),
    (
        # An old table-layout portal: menu table and visitor counter above the article,
        # <br> paragraphs, a Windows-style "SA" (sáng, a.m.) clock, "Các tin khác" below.
        "portal-br-paragraphs.html",
        "ĐẢNG BỘ XÃ GIO MỸ TỔ CHỨC HỘI NGHỊ ĐỐI THOẠI GIỮA NGƯỜI ĐỨNG ĐẦU CẤP ỦY VỚI NHÂN DÂN",
        "Hồng Nhung",
        datetime(2024, 3, 15, 9, 20),
        "Sáng 14/3/2024, Đảng ủy xã Gio Mỹ",
    ),
]


@pytest.mark.parametrize(("name", "title", "author", "published_at", "opening"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_page(tmp_path, name, title, author, published_at, opening):
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    article = read_one(path)
    assert isinstance(article, Article), article
    assert article.format == "html"
    assert (article.title, article.author, article.published_at) == (title, author, published_at)
    text = article.text
    assert text.startswith(f"{title}\n\n{opening}")
    # Paragraphs stay apart, and nothing from the page's furniture gets in.
    assert len([line for line in text.split("\n") if len(line) > 60]) >= 3
    assert text.endswith("./.")
    for furniture in ("Trang chủ", "Giới thiệu", "Liên hệ", "Bản quyền", "Lượt truy cập", "Tin liên quan",
                      "Cổng thông tin", "Ban Dân vận Tỉnh ủy Quảng Trị", "<", "&gt;", "truy cập", "Chia sẻ",
                      "Các tin khác", "Tin, ảnh", "Sơ kết phong trào Dân vận khéo"):
        assert furniture.casefold() not in text.casefold()
    assert author not in text


@pytest.mark.parametrize(("meta", "published_at"), [
    ("2022-04-06T09:10:00+07:00", datetime(2022, 4, 6, 9, 10)),
    ("2022-04-06T02:10:00Z", datetime(2022, 4, 6, 9, 10)),  # UTC, as many CMSs write it: 09:10 in Vietnam
    ("2022-04-05T22:30:00-05:00", datetime(2022, 4, 6, 10, 30)),
])
def test_html_time_stamp_from_meta_tag_in_vietnam_time(tmp_path, meta, published_at):
    html = (FIXTURES / "article-with-meta.html").read_text(encoding="utf-8")
    html = html.replace('<div class="date">Thứ Tư, 06/04/2022 - 08:54</div>\n', "")
    html = html.replace('content="2022-04-06T08:54:00+07:00"', f'content="{meta}"')
    assert "08:54" not in html and meta in html
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assert read_one(path).published_at == published_at


def test_html_title_and_author_from_markup(tmp_path):
    html = (FIXTURES / "article-with-meta.html").read_text(encoding="utf-8")
    # Nothing in the body names the author or restates the title: only the markup does.
    html = html.replace('<p class="author">Minh Anh</p>\n', "").replace('<h1 class="title">', '<h1 class="title" hidden>')
    html = html.replace("<h1", "<!-- <h1").replace("</h1>", "</h1> -->")
    assert html.count("Minh Anh") == 1
    path = tmp_path / "page.htm"
    path.write_text(html, encoding="utf-8")
    article = read_one(path)
    assert (article.title, article.author) == ("Huyện Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở", "Minh Anh")
    assert article.text.startswith(article.title + "\n\nSáng ngày 5/4/2022")


def test_html_title_drops_the_site_name(tmp_path):
    path = tmp_path / "p.html"
    shutil.copy(FIXTURES / "div-content-no-meta.html", path)
    assert "|" not in read_one(path).title


# -- JSON Lines --------------------------------------------------------------------------

def test_jsonl_text_records(tmp_path):
    records = [
        {"url": "https://camlo.quangtri.gov.vn/tin-tuc/so-ket-qcdc", "title": "Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở",
         "text": BODY, "published": "2022-04-06T08:54:00+07:00", "author": "Minh Anh"},
        {"url": "https://hailang.quangtri.gov.vn/dan-van-kheo", "title": "Hải Lăng ra mắt mô hình “Dân vận khéo”",
         # A scraped text field can carry the page's own furniture and title line.
         "text": f"Trang chủ > Tin tức\nHải Lăng ra mắt mô hình “Dân vận khéo”\n{BODY}\nThu Hà\nChia sẻ | In bài",
         "published": "Thứ Hai, 20/11/2023 - 15:30"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    first, second = read_all([str(path)])
    assert first.source == f"{path}:1" and second.source == f"{path}:2"
    assert first.format == second.format == "jsonl"
    assert first.url == records[0]["url"] and second.url == records[1]["url"]
    assert (first.title, first.author, first.published_at) == (records[0]["title"], "Minh Anh", datetime(2022, 4, 6, 8, 54))
    assert (second.title, second.author, second.published_at) == (records[1]["title"], "Thu Hà", datetime(2023, 11, 20, 15, 30))
    assert first.text.startswith(records[0]["title"] + "\n\n")
    assert second.text.count("Hải Lăng ra mắt") == 1 and "Chia sẻ" not in second.text and "Trang chủ" not in second.text


def test_jsonl_html_records(tmp_path):
    html = (FIXTURES / "article-with-meta.html").read_text(encoding="utf-8")
    records = [
        {"url": "https://camlo.quangtri.gov.vn/tin-tuc/so-ket-qcdc", "html": html},
        # The record's own fields win over the page's markup.
        {"url": "https://camlo.quangtri.gov.vn/tin-tuc/so-ket-qcdc-2", "html": html,
         "title": "Cam Lộ: sơ kết 5 năm quy chế dân chủ", "published": "2022-04-07"},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    first, second = read_all([str(path)])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.format == "html" and first.url == records[0]["url"]
    assert first.title == "Huyện Cam Lộ sơ kết 5 năm thực hiện quy chế dân chủ ở cơ sở"
    assert first.published_at == datetime(2022, 4, 6, 8, 54)
    assert "Sáng ngày 5/4/2022" in first.text and "Trang chủ" not in first.text
    assert second.title == records[1]["title"]
    assert second.published_at == datetime(2022, 4, 7)


def test_jsonl_with_bom_and_crlf(tmp_path):
    record = {"title": "Cam Lộ sơ kết quy chế dân chủ ở cơ sở", "text": BODY}
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\r\n\r\n")
    (article,) = read_all([str(path)])
    assert isinstance(article, Article) and article.title == record["title"]


def test_article_id_ignores_paragraph_spacing_between_html_and_text(tmp_path):
    html = tmp_path / "page.html"
    shutil.copy(FIXTURES / "article-with-meta.html", html)
    from_html = read_one(html)
    # The same article as a text scrape of the same page: blank lines between paragraphs.
    page = "Trang chủ > Tin tức\n" + from_html.text.replace("\n", "\n\n") + "\n\nMinh Anh\nTin liên quan\n"
    from_text = read_one(write(tmp_path, "page.txt", page))
    assert from_text.text != from_html.text
    assert from_text.article_id == from_html.article_id


# Short body lines that look like furniture but are the article's own content.
KEEP_LINES = [
    "Tổng 125",  # a table's total, scraped from a table row
    "| STT | Đơn vị | Số mô hình | Ghi chú |",  # a table row as trafilatura writes it
    "Phong trào « Dân vận khéo » đã lan tỏa rộng khắp",
    "Bản quyền tác giả của các sáng kiến được tôn trọng.",
    "Tỷ lệ hài lòng > 90%",
    "Cổng thông tin điện tử huyện chính thức đi vào hoạt động",
    "Hôm nay, xã tổ chức hội nghị đối thoại.",
    "Tin vui cho người dân thôn Bắc Châu",
    "Bài học kinh nghiệm",
    "Chia sẻ kinh nghiệm xây dựng mô hình",
    "Nguyễn Văn An - Bí thư Chi bộ thôn Tân Mỹ",
]


@pytest.mark.parametrize("line", KEEP_LINES)
def test_body_lines_that_look_like_furniture_are_kept(tmp_path, line):
    paragraphs = BODY.split("\n\n")
    page = "\n".join([PAGES[4][2], paragraphs[0], line, *paragraphs[1:], "Minh Anh"])
    article = read_one(write(tmp_path, "page.txt", page))
    assert f"\n{line}\n" in article.text
    assert article.text.endswith(paragraphs[-1]) and article.author == "Minh Anh"
