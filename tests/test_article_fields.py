"""Article fields: title, byline author, page stamp, event date, year inference and wrapped
lines, as tables of pages written in the genre (commune, district and province portals).

Every page here was written for these tests; none is copied from a real article.
"""
from __future__ import annotations

from datetime import datetime

import helpers
import pytest

from qcdc_extract.clean import clean_page
from qcdc_extract.ingest import Article, read_all
from qcdc_extract.settings import Options


def xfail(case_id, *values, reason: str):
    """A case whose expectation is right and the program gets wrong: a defect to fix."""
    return pytest.param(*values, id=case_id, marks=pytest.mark.xfail(strict=True, reason=reason))


def params(table):
    """The cases of a table, (id, values...) tuples and xfail params alike, as pytest params."""
    return [pytest.param(*c[1:], id=c[0]) if type(c) is tuple else c for c in table]


def through_pipeline(nlp, page: str):
    """Clean a page, then run its text through the pipeline with its title and stamp."""
    cleaned = clean_page(page)
    doc = helpers.run(nlp, cleaned.text, published=cleaned.published_at, title=cleaned.title)
    return cleaned, doc


def all_facts(doc):
    return [f for facts in doc._.qcdc_facts.values() for f in facts]


def day_values(doc) -> list[str]:
    return [d.value.isoformat() for d in doc._.qcdc_dates if d.granularity == "day"]


def iso(value) -> str | None:
    return value.isoformat() if value else None


# -- title --------------------------------------------------------------------------------

# (id, page as scraped, expected title, a piece of the lead that must stay in the text)
TITLES = [
    ("mttq-banner-skip-breadcrumb-category-datebar",
          """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM
Skip to main content
Trang chủ Tin tức Tin tức sự kiện
Tin Chính trị - Xã hội
Thứ Sáu, 11/08/2023 | Đăng nhập
Mặt trận xã Tân Hợp tổ chức hội nghị đối thoại với Nhân dân
Sáng 10/8, Ủy ban MTTQ xã Tân Hợp tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân trên địa bàn xã về thực hiện quy chế dân chủ ở cơ sở.

Tại hội nghị, 15 ý kiến của Nhân dân đã được lãnh đạo xã trả lời trực tiếp./.
""",
          "Mặt trận xã Tân Hợp tổ chức hội nghị đối thoại với Nhân dân",
          "Sáng 10/8, Ủy ban MTTQ xã Tân Hợp"),
    ("breadcrumb-without-separators",
          """Trang chủ Tin tức Tin tức sự kiện
Đảng ủy xã Yên Lư sơ kết 6 tháng thực hiện quy chế dân chủ
Ngày 12/7/2024, Đảng ủy xã Yên Lư tổ chức hội nghị sơ kết 6 tháng đầu năm thực hiện quy chế dân chủ ở cơ sở gắn với phong trào thi đua “Dân vận khéo”.
""",
          "Đảng ủy xã Yên Lư sơ kết 6 tháng thực hiện quy chế dân chủ",
          "Ngày 12/7/2024, Đảng ủy xã Yên Lư"),
    ("breadcrumb-guillemets",
     """Tin tức » Xây dựng Đảng
Chi bộ thôn Đồng Chằm tổ chức sinh hoạt chuyên đề về dân vận khéo
Chiều 18/3, Chi bộ thôn Đồng Chằm, xã Tân Mỹ tổ chức sinh hoạt chuyên đề “Nâng cao chất lượng phong trào thi đua Dân vận khéo ở khu dân cư”.
""",
     "Chi bộ thôn Đồng Chằm tổ chức sinh hoạt chuyên đề về dân vận khéo",
     "Chiều 18/3, Chi bộ thôn Đồng Chằm"),
    ("breadcrumb-opening-with-greater-than",
     """> Tin tức - Sự kiện > Tin hoạt động HĐND > Bế mạc Kỳ họp thứ 18 HĐND huyện khóa XX
Bế mạc Kỳ họp thứ 18 HĐND huyện khóa XX, nhiệm kỳ 2021 - 2026
Chiều 12/12/2024, HĐND huyện Chư Păh khóa XX, nhiệm kỳ 2021 - 2026 tổ chức phiên bế mạc Kỳ họp thứ 18 sau 2 ngày làm việc khẩn trương.
""",
     "Bế mạc Kỳ họp thứ 18 HĐND huyện khóa XX, nhiệm kỳ 2021 - 2026",
     "Chiều 12/12/2024, HĐND huyện Chư Păh"),
    ("breadcrumb-trang-chu-arrows",
     """Trang chủ > Tin tức > Dân vận
Phường Hưng Dũng ra mắt mô hình “Dân vận khéo” trong giữ gìn vệ sinh môi trường
Những năm qua, Đảng ủy phường Hưng Dũng luôn quan tâm lãnh đạo công tác dân vận, phát huy vai trò của Nhân dân trong giữ gìn vệ sinh môi trường ở khu dân cư.
""",
     "Phường Hưng Dũng ra mắt mô hình “Dân vận khéo” trong giữ gìn vệ sinh môi trường",
     "Những năm qua, Đảng ủy phường Hưng Dũng"),
    ("category-tin-tuc",
     """Tin tức
Hội Nông dân xã Quảng Phú tuyên truyền Luật Thực hiện dân chủ ở cơ sở
Ngày 20/9/2023, Hội Nông dân xã Quảng Phú phối hợp với Ban Tư pháp xã tổ chức tuyên truyền Luật Thực hiện dân chủ ở cơ sở cho 120 hội viên.
""",
     "Hội Nông dân xã Quảng Phú tuyên truyền Luật Thực hiện dân chủ ở cơ sở",
     "Ngày 20/9/2023, Hội Nông dân xã Quảng Phú"),
    ("category-tin-chinh-tri-xa-hoi",
          """Tin Chính trị - Xã hội
Thị trấn Phố Châu tổ chức hội nghị tiếp xúc cử tri trước kỳ họp
Sáng 25/11, Tổ đại biểu HĐND huyện đơn vị thị trấn Phố Châu tổ chức hội nghị tiếp xúc cử tri trước Kỳ họp thứ 21 HĐND huyện khóa XIX.
""",
          "Thị trấn Phố Châu tổ chức hội nghị tiếp xúc cử tri trước kỳ họp",
          "Sáng 25/11, Tổ đại biểu HĐND huyện"),
    ("date-bar-with-login",
     """Thứ Sáu, 11/08/2023 | Đăng nhập
Huyện Bảo Lâm đối thoại với Nhân dân về giải phóng mặt bằng
Sáng 10/8/2023, Thường trực Huyện ủy Bảo Lâm tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy với Nhân dân về công tác giải phóng mặt bằng.
""",
     "Huyện Bảo Lâm đối thoại với Nhân dân về giải phóng mặt bằng",
     "Sáng 10/8/2023, Thường trực Huyện ủy Bảo Lâm"),
    ("visitor-counter-above-headline",
     """Tháng hiện tại: 392,971
Đang truy cập: 41
Đảng bộ xã Ea Tiêu học tập, quán triệt Nghị quyết Hội nghị Trung ương 10
Ngày 5/11/2024, Đảng ủy xã Ea Tiêu tổ chức hội nghị học tập, quán triệt Nghị quyết Hội nghị lần thứ mười Ban Chấp hành Trung ương Đảng khóa XIII cho 250 đảng viên.
""",
     "Đảng bộ xã Ea Tiêu học tập, quán triệt Nghị quyết Hội nghị Trung ương 10",
     "Ngày 5/11/2024, Đảng ủy xã Ea Tiêu"),
    ("visitor-counter-below-datebar-page-opens-with-lead",
          """Thứ Hai, 22/04/2024
Tháng hiện tại: 392,971
Sáng 20/4, Thường trực Ủy ban MTTQ huyện Đắk Song tổ chức hội nghị giám sát việc thực hiện quy chế dân chủ ở cơ sở tại xã Nâm N'Jang.
""",
          None,
          "Sáng 20/4, Thường trực Ủy ban MTTQ huyện Đắk Song"),
    ("sidebar-clock-above-headline",
          """Bây giờ là: 10:15:32 20/05/2025
Hải Lăng sơ kết công tác dân vận 6 tháng đầu năm
Ngày đăng: 12/05/2025 08:30
Chiều 10/5, Ban Dân vận Huyện ủy Hải Lăng tổ chức hội nghị sơ kết công tác dân vận và thực hiện quy chế dân chủ ở cơ sở.
""",
          "Hải Lăng sơ kết công tác dân vận 6 tháng đầu năm",
          "Chiều 10/5, Ban Dân vận Huyện ủy Hải Lăng"),
    ("page-opens-with-lead",
     """Sáng 20/4, Thường trực Ủy ban MTTQ huyện Đắk Song tổ chức hội nghị giám sát việc thực hiện quy chế dân chủ ở cơ sở tại xã Nâm N'Jang.

Tại hội nghị, đại biểu nghe báo cáo kết quả thực hiện quy chế dân chủ quý I năm 2024 của xã./.
""",
     None,
     "Sáng 20/4, Thường trực Ủy ban MTTQ huyện Đắk Song"),
    ("page-opens-with-dotted-date-lead",
     """Chiều 21.4, Ban Dân vận Huyện ủy Krông Nô phối hợp với Ủy ban MTTQ huyện tổ chức hội nghị tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2019 - 2024.
""",
     None,
     "Chiều 21.4, Ban Dân vận Huyện ủy Krông Nô"),
    ("page-opens-with-agency-tag",
     """(BĐT) - Sáng 12/9, Đoàn giám sát của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh làm việc với UBND huyện Tuy Phong về việc thực hiện quy chế dân chủ ở cơ sở.
""",
     None,
     "(BĐT) - Sáng 12/9, Đoàn giám sát"),
    ("page-opens-with-long-lead-without-date",
     """Thực hiện Kế hoạch số 112-KH/HU của Ban Thường vụ Huyện ủy về tổ chức đại hội chi bộ trực thuộc nhiệm kỳ 2025 - 2027, đến nay 100% chi bộ trực thuộc Đảng bộ xã Quỳnh Hưng đã tổ chức thành công đại hội.

Các đại hội đều bảo đảm đúng nguyên tắc, quy trình, thủ tục theo quy định./.
""",
     None,
     "Thực hiện Kế hoạch số 112-KH/HU"),
    ("photo-caption-above-lead",
          """Quang cảnh hội nghị.
Sáng 14/3, Đảng ủy xã Hòa Phong tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2024.

Tại hội nghị, đồng chí Bí thư Đảng ủy xã đã trả lời 12 ý kiến của Nhân dân./.
""",
          None,
          "Sáng 14/3, Đảng ủy xã Hòa Phong"),
    ("photo-caption-with-credit-above-lead",
          """Các đại biểu biểu quyết thông qua nghị quyết kỳ họp (Ảnh: Minh Tâm)
Chiều 20/12/2024, HĐND xã Cẩm Sơn khóa XXI tổ chức kỳ họp thứ 12 để xem xét, quyết định các nội dung quan trọng của địa phương.
""",
          None,
          "Chiều 20/12/2024, HĐND xã Cẩm Sơn"),
    ("caption-below-headline-stays-in-text",
     """Xã Kỳ Tân tổ chức đối thoại với Nhân dân năm 2024
Quang cảnh buổi đối thoại
Chiều 15/5/2024, UBND xã Kỳ Tân tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân về công tác cải cách hành chính.
""",
     "Xã Kỳ Tân tổ chức đối thoại với Nhân dân năm 2024",
     "Chiều 15/5/2024, UBND xã Kỳ Tân"),
    ("page-number-above-headline",
     """Trang 1/3
Hướng dẫn thực hiện quy chế dân chủ trong hoạt động của cơ quan
Để thực hiện tốt Luật Thực hiện dân chủ ở cơ sở, Ban Thường vụ Huyện ủy hướng dẫn các chi bộ, đảng bộ cơ sở một số nội dung sau đây.
""",
     "Hướng dẫn thực hiện quy chế dân chủ trong hoạt động của cơ quan",
     "Để thực hiện tốt Luật Thực hiện dân chủ ở cơ sở"),
    ("gazette-header-then-decision",
     """CÔNG BÁO/Số 1417 + 1418/Ngày 01-10-2025
QUYẾT ĐỊNH
BAN HÀNH QUY ĐỊNH THỰC HIỆN DÂN CHỦ TRONG HOẠT ĐỘNG CỦA CƠ QUAN, ĐƠN VỊ
ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;
Theo đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định thực hiện dân chủ trong hoạt động của cơ quan, đơn vị trên địa bàn tỉnh.
""",
     "QUYẾT ĐỊNH BAN HÀNH QUY ĐỊNH THỰC HIỆN DÂN CHỦ TRONG HOẠT ĐỘNG CỦA CƠ QUAN, ĐƠN VỊ",
     "Căn cứ Luật Thực hiện dân chủ ở cơ sở"),
    ("letterhead-then-resolution",
          """HỘI ĐỒNG NHÂN DÂN XÃ TÂN THÀNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Độc lập - Tự do - Hạnh phúc
Số: 15/NQ-HĐND | Tân Thành, ngày 20 tháng 12 năm 2024
NGHỊ QUYẾT
VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2025
HỘI ĐỒNG NHÂN DÂN XÃ TÂN THÀNH KHÓA XXI, KỲ HỌP THỨ MƯỜI HAI
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Hội đồng nhân dân xã Tân Thành quyết nghị thông qua Kế hoạch phát triển kinh tế - xã hội năm 2025 với 15 chỉ tiêu chủ yếu.
""",
          "NGHỊ QUYẾT VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2025",
          "Căn cứ Luật Tổ chức chính quyền địa phương"),
    ("plan-heading-bold-markup",
     """**KẾ HOẠCH**
**TỔ CHỨC HỘI NGHỊ ĐỐI THOẠI GIỮA NGƯỜI ĐỨNG ĐẦU CẤP ỦY VỚI NHÂN DÂN NĂM 2025**
Thực hiện Quy định số 11-QĐi/TW của Bộ Chính trị về trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân, Ban Thường vụ Đảng ủy xây dựng kế hoạch như sau.
""",
     "KẾ HOẠCH TỔ CHỨC HỘI NGHỊ ĐỐI THOẠI GIỮA NGƯỜI ĐỨNG ĐẦU CẤP ỦY VỚI NHÂN DÂN NĂM 2025",
     "Thực hiện Quy định số 11-QĐi/TW"),
    ("organisation-banner-above-headline",
     """BAN DÂN VẬN TỈNH ỦY BẮC KẠN
Chợ Mới nhân rộng các mô hình “Dân vận khéo” trong xây dựng nông thôn mới
Những năm qua, phong trào thi đua “Dân vận khéo” trên địa bàn huyện Chợ Mới được các cấp ủy, chính quyền quan tâm triển khai với nhiều mô hình hay, cách làm sáng tạo.
""",
     "Chợ Mới nhân rộng các mô hình “Dân vận khéo” trong xây dựng nông thôn mới",
     "Những năm qua, phong trào thi đua"),
    ("sharepoint-furniture-above-headline",
     """Skip Ribbon Commands
Skip to main content
Chi tiết bài viết Tin tức
Đại hội Chi bộ thôn Đông Tiến lần thứ XVI, nhiệm kỳ 2025 - 2027
Ngày 12/4/2025, Chi bộ thôn Đông Tiến thuộc Đảng bộ xã Tiến Thắng tổ chức Đại hội lần thứ XVI, nhiệm kỳ 2025 - 2027 với sự tham dự của 34 đảng viên.
""",
     "Đại hội Chi bộ thôn Đông Tiến lần thứ XVI, nhiệm kỳ 2025 - 2027",
     "Ngày 12/4/2025, Chi bộ thôn Đông Tiến"),
    ("capitals-headline-with-number",
     """HĐND HUYỆN TUY ĐỨC KHAI MẠC KỲ HỌP THỨ 9, KHÓA IV
Sáng 18/12/2023, HĐND huyện Tuy Đức khóa IV, nhiệm kỳ 2021 - 2026 tổ chức khai mạc Kỳ họp thứ 9, kỳ họp thường lệ cuối năm 2023.
""",
     "HĐND HUYỆN TUY ĐỨC KHAI MẠC KỲ HỌP THỨ 9, KHÓA IV",
     "Sáng 18/12/2023, HĐND huyện Tuy Đức"),
    ("short-headline-alone-above-lead",
     """Tiếp xúc cử tri
Sáng 5/12, Tổ đại biểu HĐND tỉnh đơn vị bầu cử huyện Đăk Glei tiếp xúc cử tri xã Đăk Pék trước Kỳ họp thứ 7 HĐND tỉnh khóa XII.
""",
     "Tiếp xúc cử tri",
     "Sáng 5/12, Tổ đại biểu HĐND tỉnh"),
    ("headline-stamp-then-lead-without-date",
     """Phát huy vai trò giám sát của Ban Thanh tra nhân dân ở xã Nghĩa Lâm
Ngày đăng: 08/07/2024 11:38
Những năm qua, Ban Thanh tra nhân dân xã Nghĩa Lâm đã phát huy tốt vai trò giám sát việc thực hiện quy chế dân chủ ở cơ sở, góp phần giữ vững ổn định chính trị tại địa phương.
""",
     "Phát huy vai trò giám sát của Ban Thanh tra nhân dân ở xã Nghĩa Lâm",
     "Những năm qua, Ban Thanh tra nhân dân xã Nghĩa Lâm"),
    ("headline-restated-below-stamp",
     """Xã Cẩm Duệ công khai thu chi các khoản đóng góp của Nhân dân
08:54 06/04/2022
Xã Cẩm Duệ công khai thu chi các khoản đóng góp của Nhân dân
Thực hiện quy chế dân chủ ở cơ sở, UBND xã Cẩm Duệ đã niêm yết công khai 100% các khoản thu chi đóng góp của Nhân dân tại trụ sở và nhà văn hóa các thôn.
""",
     "Xã Cẩm Duệ công khai thu chi các khoản đóng góp của Nhân dân",
     "Thực hiện quy chế dân chủ ở cơ sở, UBND xã Cẩm Duệ"),
    ("headline-with-colon-above-stamp-and-lead",
     """Đắk Mil: Phát huy dân chủ trong xây dựng thôn, bon văn hóa
Cập nhật: 11/08/2023 14:20 | Lượt xem: 356
Sáng qua 10.8, Ban Dân vận Huyện ủy Đắk Mil tổ chức hội nghị sơ kết việc thực hiện quy chế dân chủ trong xây dựng thôn, bon văn hóa giai đoạn 2021 - 2023.
""",
     "Đắk Mil: Phát huy dân chủ trong xây dựng thôn, bon văn hóa",
     "Sáng qua 10.8, Ban Dân vận Huyện ủy Đắk Mil"),
    ("headline-wrapped-over-two-lines",
          """Ngày đăng: 12/05/2023 14:05
Xã Hải Thượng đẩy mạnh phong trào thi đua
“Dân vận khéo” gắn với xây dựng nông thôn mới
Những năm qua, Đảng ủy xã Hải Thượng luôn chú trọng lãnh đạo thực hiện phong trào thi đua “Dân vận khéo” gắn với quy chế dân chủ ở cơ sở.
""",
          "Xã Hải Thượng đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với xây dựng nông thôn mới",
          "Những năm qua, Đảng ủy xã Hải Thượng"),
    ("headline-then-long-first-paragraph",
     """Phong trào “Dân vận khéo” ở huyện vùng cao Mù Cang Chải
Với phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”, những năm qua, các cấp ủy, chính quyền huyện Mù Cang Chải đã đẩy mạnh phong trào thi đua “Dân vận khéo” trên tất cả các lĩnh vực, từ phát triển kinh tế đến giữ gìn an ninh trật tự ở các bản vùng cao.
""",
     "Phong trào “Dân vận khéo” ở huyện vùng cao Mù Cang Chải",
     "Với phương châm “dân biết, dân bàn"),
]


@pytest.mark.parametrize(("page", "title", "lead"), params(TITLES))
def test_title(page, title, lead):
    cleaned = clean_page(page)
    assert cleaned.title == title
    # A line not taken as the title stays: the lead and its facts are never lost.
    assert lead in cleaned.text


# -- one paragraph pages --------------------------------------------------------------------

# (id, page): a body of one paragraph, with or without title, stamp and byline.
ONE_PARAGRAPH = [
    ("title-and-one-paragraph",
     """Xã Đông Hưng tổ chức hội nghị đối thoại với Nhân dân
Sáng 14/6/2024, UBND xã Đông Hưng tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân về công tác quản lý đất đai, có 85 đại biểu là người dân của 9 thôn tham dự./.
"""),
    ("one-paragraph-no-title",
     """Sáng 20/4, Thường trực Ủy ban MTTQ huyện Đắk Song tổ chức hội nghị giám sát việc thực hiện quy chế dân chủ ở cơ sở tại xã Nâm N'Jang.
"""),
    ("stamp-title-paragraph-byline",
     """Ngày đăng: 08/07/2024 11:38
Chi bộ thôn 3 tổ chức sinh hoạt chuyên đề
Chiều 6/7, Chi bộ thôn 3, xã Ea Kênh tổ chức sinh hoạt chuyên đề về thực hiện quy chế dân chủ ở cơ sở với sự tham gia của 27 đảng viên./.
Kim Ngân
"""),
    ("furniture-around-one-paragraph",
     """Trang chủ > Tin tức > Dân vận
Cỡ chữ: A- A A+
Huyện Sơn Động kiểm tra thực hiện quy chế dân chủ ở cơ sở
Từ ngày 10 đến 12/7/2024, Đoàn kiểm tra của Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở huyện Sơn Động kiểm tra tại 5 xã, thị trấn trên địa bàn huyện./.
Chia sẻ | In bài | Gửi email
Tin liên quan
Sơn Động tập huấn công tác dân vận năm 2024
"""),
    ("one-paragraph-glued-byline",
     """Hội nghị tiếp xúc cử tri xã Nghĩa Hòa
Sáng 2/12, Tổ đại biểu HĐND huyện đơn vị bầu cử số 4 tiếp xúc cử tri xã Nghĩa Hòa trước Kỳ họp thứ 10, cử tri đã nêu 9 ý kiến, kiến nghị về giao thông nông thôn và chính sách đất đai./. Hồng Nhung
"""),
    ("one-short-paragraph-without-headline",
     """UBND xã Đông Hưng vừa tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2024./.
"""),
    ("stamp-one-short-paragraph-byline",
     """Ngày đăng: 08/07/2024 11:38
Thường trực HĐND xã Cẩm Sơn vừa tổ chức giám sát việc thực hiện quy chế dân chủ tại 3 thôn.
Kim Ngân
"""),
    ("one-paragraph-short-of-a-sentence",
     """Ban Dân vận Huyện ủy Ba Chẽ triển khai nhiệm vụ năm 2025
Ban Dân vận Huyện ủy Ba Chẽ vừa triển khai nhiệm vụ công tác dân vận năm 2025.
"""),
]


@pytest.mark.parametrize("page", [c[1] for c in ONE_PARAGRAPH], ids=[c[0] for c in ONE_PARAGRAPH])
def test_one_paragraph_page_is_an_article(tmp_path, page):
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    (result,) = list(read_all([str(path)], Options(ner=False)))
    assert isinstance(result, Article), result
    assert any(len(line.split()) >= 8 for line in result.text.split("\n"))


# -- byline author ----------------------------------------------------------------------------

_HEAD = """Xã Châu Đình sơ kết thực hiện quy chế dân chủ ở cơ sở
Ngày đăng: 12/07/2024 09:15

Chiều 11/7, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở xã Châu Đình tổ chức hội nghị sơ kết 6 tháng đầu năm 2024.

Hội nghị đã đề ra 5 nhóm giải pháp trọng tâm trong thời gian tới"""


def _foot(ending: str) -> str:
    """The shared article with its last sentence ended by `ending` (byline lines included)."""
    return _HEAD + ending


# (id, page, expected author)
AUTHORS = [
    ("text-and-photo-two-names",
          _foot("./.\nTin bài và ảnh: Thành Trung - Duy Chiến\n"), "Thành Trung - Duy Chiến"),
    ("name-alone", _foot("./.\nKim Ngân\n"), "Kim Ngân"),
    ("name-with-full-stop", _foot(".\nLê Xuân.\n"), "Lê Xuân"),
    ("name-glued-with-agency", _foot(" giải quyết vấn đề này./. Xuân Dần/VOV\n"), "Xuân Dần"),
    ("name-agency-vov-vn-own-line", _foot("./.\nTrí Anh/VOV.VN\n"), "Trí Anh"),
    ("name-agency-in-parentheses", _foot("./.\nHoàng Thị Hoa (TTXVN)\n"), "Hoàng Thị Hoa"),
    ("initial-and-name", _foot("./.\nN. Huyền\n"), "N. Huyền"),
    ("author-label-with-office",
     _foot("./.\nTác giả: Triệu Thị Hiền, Ban Dân tộc HĐND huyện\n"), "Triệu Thị Hiền"),
    ("text-photo-label", _foot("./.\nTin, ảnh: Minh Phương\n"), "Minh Phương"),
    ("article-photo-label-two-names", _foot("./.\nBài, ảnh: Quang Huy - Ngọc Diệp\n"), "Quang Huy - Ngọc Diệp"),
    ("name-in-capitals", _foot("./.\nNGỌC DIỆP\n"), "NGỌC DIỆP"),
    ("name-with-affiliation", _foot("./.\nThu Hà (Trung tâm VH-TT-TT huyện)\n"), "Thu Hà"),
    ("name-compiled", _foot("./.\nThu Hằng (tổng hợp)\n"), "Thu Hằng"),
    ("text-and-photo-credit-apart", _foot("./.\nBài: Lê Hoàng - Ảnh: Thu Hà\n"), "Lê Hoàng"),
    ("name-glued-after-full-stop", _foot(" trong thời gian tới./. Minh Thu\n"), "Minh Thu"),
    ("name-alone-then-share-bar", _foot("./.\nĐức Anh\nChia sẻ | In bài\nLượt xem: 215\n"), "Đức Anh"),
    ("reporter-pv", _foot("./.\nPV\n"), None),
    ("reporters-group-pv", _foot("./.\nNhóm PV\n"), None),
    ("source-newspaper", _foot("./.\nTheo Báo Bắc Giang\n"), None),
    ("source-line", _foot("./.\nNguồn: Báo Đắk Nông\n"), None),
    ("organisation-ban-dan-van", _foot("./.\nBan Dân vận Huyện ủy\n"), None),
    ("organisation-in-capitals", _foot("./.\nBAN DÂN VẬN HUYỆN ỦY\n"), None),
    ("organisation-ubnd", _foot("./.\nUBND xã Châu Đình\n"), None),
    ("organisation-dang-uy", _foot("./.\nĐảng ủy xã Châu Đình\n"), None),
    ("legal-text-signer", """QUYẾT ĐỊNH
VỀ VIỆC KIỆN TOÀN BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ XÃ
Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;
Điều 1. Kiện toàn Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở xã Tân Lập gồm 11 thành viên.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Thành
""", None),
]


@pytest.mark.parametrize(("page", "author"), params(AUTHORS))
def test_author(page, author):
    cleaned = clean_page(page)
    assert cleaned.author == author
    if author:
        assert author not in cleaned.text.split("\n")[-1]
    # The last sentence keeps its words when a byline is cut from it.
    assert "5 nhóm giải pháp trọng tâm" in cleaned.text or "Điều 2." in cleaned.text


# -- page stamp -------------------------------------------------------------------------------

_BODY = """Chiều 10/8, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận và thực hiện quy chế dân chủ ở cơ sở 6 tháng đầu năm.

Hội nghị biểu dương 12 tập thể, 15 cá nhân có thành tích trong phong trào thi đua “Dân vận khéo”./."""
_TITLE = "Hải Lăng sơ kết công tác dân vận 6 tháng đầu năm"

# (id, page, expected published_at)
PUBLISHED = [
    ("updated-with-views", f"{_TITLE}\nCập nhật: 11/08/2023 14:20 | Lượt xem: 356\n{_BODY}\n",
     datetime(2023, 8, 11, 14, 20)),
    ("posted-on", f"{_TITLE}\nNgày đăng: 08/07/2024 11:38\n{_BODY}\n", datetime(2024, 7, 8, 11, 38)),
    ("release-date", f"{_TITLE}\nNgày phát hành: 05/06/2023\n{_BODY}\n", datetime(2023, 6, 5)),
    ("weekday-date", f"{_TITLE}\nThứ Sáu, 11/08/2023\n{_BODY}\n", datetime(2023, 8, 11)),
    ("time-then-date", f"{_TITLE}\n08:54 06/04/2022\n{_BODY}\n", datetime(2022, 4, 6, 8, 54)),
    ("updated-at-in-parentheses", f"{_TITLE}\n( Cập nhật lúc: 24/07/2019 )\n{_BODY}\n", datetime(2019, 7, 24)),
    ("two-digit-year-gmt-at-foot",
     f"{_TITLE}\n{_BODY}\n27/05/13 08:09 GMT+7\nDân vận\nDân vận khéo,Quy chế dân chủ\n",
     datetime(2013, 5, 27, 8, 9)),
    ("weekday-date-time-gmt", f"{_TITLE}\nThứ Tư, 08/04/2015, 08:11 [GMT+7]\n{_BODY}\n",
     datetime(2015, 4, 8, 8, 11)),
    ("long-form-date", f"Thứ Sáu, ngày 08 tháng 9 năm 2023\n{_TITLE}\n{_BODY}\n", datetime(2023, 9, 8)),
    ("iso-date-time", f"{_TITLE}\n2023-11-20 15:30\n{_BODY}\n", datetime(2023, 11, 20, 15, 30)),
    ("section-then-posted-time-date", f"{_TITLE}\nXây dựng Đảng - Ngày đăng : 08:50, 30/03/2021\n{_BODY}\n",
     datetime(2021, 3, 30, 8, 50)),
    ("posted-at-time-on-date", f"{_TITLE}\nĐăng lúc 07:30 ngày 15/03/2024\n{_BODY}\n", datetime(2024, 3, 15, 7, 30)),
    ("stamp-glued-to-headline", f"{_TITLE} (22:09 31/03/2021)\n{_BODY}\n", datetime(2021, 3, 31, 22, 9)),
    ("date-bar-loses-to-labelled-stamp",
     f"Thứ Sáu, 11/08/2023 | Đăng nhập\n{_TITLE}\nCập nhật: 09/08/2023\n{_BODY}\n", datetime(2023, 8, 9)),
    ("date-bar-with-clock-loses-to-labelled-stamp", f"Thứ Ba, 20/05/2025 - 10:15\n{_TITLE}\nNgày đăng: 12/05/2025\n{_BODY}\n", datetime(2025, 5, 12)),
    ("sidebar-clock-above-labelled-stamp",
     f"Bây giờ là: 10:15:32 20/05/2025\n{_TITLE}\nNgày đăng: 12/05/2025 08:30\n{_BODY}\n",
     datetime(2025, 5, 12, 8, 30)),
    ("cited-document-date-is-no-stamp",
     f"{_TITLE}\nThực hiện Kế hoạch số 25-KH/HU ngày 15/3/2023 của Ban Thường vụ Huyện ủy, "
     f"Ban Dân vận Huyện ủy đã chủ động tham mưu.\n{_BODY}\n", None),
    ("legal-date-line-is-no-stamp",
     "NGHỊ QUYẾT\nVỀ VIỆC THÔNG QUA KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2024\nTân Thành, ngày 20 tháng 12 năm 2023\n"
     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
     "Hội đồng nhân dân xã quyết nghị thông qua Kế hoạch đầu tư công năm 2024 gồm 7 công trình.\n", None),
    ("sidebar-document-date-loses-to-labelled-stamp",
     f"Văn bản mới\nKế hoạch thực hiện quy chế dân chủ năm 2023\n15/03/2023\n{_TITLE}\n"
     f"Ngày phát hành: 11/08/2023\n{_BODY}\n", datetime(2023, 8, 11)),
]


@pytest.mark.parametrize(("page", "published"), params(PUBLISHED))
def test_published(page, published):
    cleaned = clean_page(page)
    assert cleaned.published_at == published


# -- event date -------------------------------------------------------------------------------

# (id, page, expected event date)
EVENTS = [
    ("dotted-day-month",
     """Krông Nô tổng kết phong trào thi đua “Dân vận khéo”
Cập nhật: 22/04/2024 09:10
Chiều 21.4, Ban Dân vận Huyện ủy Krông Nô tổ chức hội nghị tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2019 - 2024.
""", "2024-04-21"),
    ("yesterday-dotted",
     """Đoàn giám sát làm việc với xã Ea Drông
Ngày đăng: 01/10/2023 07:45
Sáng qua 30.9, Đoàn giám sát của Ban Thường trực Ủy ban MTTQ thị xã làm việc với UBND xã Ea Drông về việc thực hiện quy chế dân chủ ở cơ sở.
""", "2023-09-30"),
    ("two-day-session",
     """Kỳ họp thứ 7 HĐND tỉnh khóa XVI
Ngày đăng: 21/04/2024 16:00
Trong hai ngày 19 - 20/4, HĐND tỉnh khóa XVI tổ chức Kỳ họp thứ 7 (kỳ họp chuyên đề) để xem xét, quyết định nhiều nội dung quan trọng.
""", "2024-04-19"),
    ("two-days-with-year",
     """Bế mạc kỳ họp HĐND huyện Chư Păh
Trong 2 ngày 10 và 11/12/2024, HĐND huyện Chư Păh khóa XX tổ chức Kỳ họp thứ 18, kỳ họp thường lệ cuối năm.
""", "2024-12-10"),
    ("day-range-with-den",
     """Kiểm tra thực hiện quy chế dân chủ tại các xã
Từ ngày 10 đến 12/7/2024, Đoàn kiểm tra của Ban Chỉ đạo huyện làm việc tại 5 xã, thị trấn.
""", "2024-07-10"),
    ("anniversary-then-event",
     """Huyện Đức Thọ kỷ niệm 50 năm Ngày giải phóng miền Nam
Ngày đăng: 26/04/2025 08:00
Nhân kỷ niệm 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2025), chiều 25/4, Huyện ủy Đức Thọ tổ chức gặp mặt 50 cựu chiến binh tiêu biểu.
""", "2025-04-25"),
    ("event-then-anniversary",
     """Lễ kỷ niệm 50 năm Ngày giải phóng huyện Phước Long
Sáng 28/3/2025, huyện Phước Long long trọng tổ chức lễ kỷ niệm 50 năm Ngày giải phóng huyện (31/3/1975 - 31/3/2025).
""", "2025-03-28"),
    ("only-anniversary-dates",
     """Kỷ niệm 50 năm Ngày giải phóng huyện Phước Long
Lễ kỷ niệm 50 năm Ngày giải phóng huyện (31/3/1975 - 31/3/2025) là dịp để Đảng bộ và Nhân dân huyện ôn lại truyền thống vẻ vang.
""", None),
    ("cited-plan-then-event", """Ban Dân vận Huyện ủy kiểm tra công tác dân vận
Thực hiện Kế hoạch số 112-KH/HU ngày 12/3/2024 của Ban Thường vụ Huyện ủy, ngày 20/3/2024, Ban Dân vận Huyện ủy kiểm tra công tác dân vận tại Đảng ủy xã Tân Lập.
""", "2024-03-20"),
    ("cited-resolution-in-words-then-event",
     """HĐND xã Cẩm Sơn giám sát chuyên đề
Ngày đăng: 19/07/2024 10:00
Thực hiện Nghị quyết số 15/NQ-HĐND ngày 10 tháng 7 năm 2024 của HĐND xã về chương trình giám sát, sáng 18/7, Thường trực HĐND xã giám sát việc thực hiện quy chế dân chủ tại 3 thôn.
""", "2024-07-18"),
    ("cited-document-only",
     """Triển khai Luật Thực hiện dân chủ ở cơ sở
Thực hiện Kế hoạch số 45-KH/UBND ngày 15/01/2024 của UBND huyện, các xã, thị trấn đã tổ chức tuyên truyền Luật Thực hiện dân chủ ở cơ sở đến toàn thể Nhân dân.

Nhiều địa phương đã có cách làm sáng tạo, phù hợp./.
""", None),
    ("birth-date-in-feature", """Bà Lò Thị Mai, người “dân vận khéo” ở bản Phiêng Luông
Bà Lò Thị Mai, sinh ngày 12/5/1968, nhiều năm làm Chi hội trưởng Chi hội Phụ nữ bản Phiêng Luông, luôn gương mẫu vận động bà con thực hiện tốt quy chế dân chủ ở cơ sở.

Nhờ sự kiên trì của bà, bản Phiêng Luông không còn hộ nghèo./.
""", None),
    ("feature-without-event",
     """Dân vận khéo ở xã vùng cao Nậm Búng
Những năm qua, Đảng ủy xã Nậm Búng luôn coi trọng công tác dân vận, lấy phương châm “dân biết, dân bàn, dân làm, dân kiểm tra” làm kim chỉ nam trong mọi hoạt động.

Từ năm 2020 đến nay, xã đã có 15 mô hình “Dân vận khéo” được công nhận./.
""", None),
    ("full-date-lead",
     """HĐND xã Quảng Phú tổ chức kỳ họp chuyên đề
Ngày 15/9/2023, HĐND xã Quảng Phú khóa XXI, nhiệm kỳ 2021 - 2026 tổ chức kỳ họp chuyên đề thông qua 4 nghị quyết quan trọng.
""", "2023-09-15"),
    ("today-in-parentheses",
     """Khai mạc Kỳ họp thứ 12 HĐND huyện Sơn Động
08:30 12/07/2024
Sáng nay (12/7), HĐND huyện Sơn Động khóa XX tổ chức Kỳ họp thứ 12 để đánh giá tình hình 6 tháng đầu năm 2024.
""", "2024-07-12"),
    ("today-without-date",
     """Khai mạc Kỳ họp thứ 12 HĐND huyện Sơn Động
08:30 12/07/2024
Hôm nay, HĐND huyện Sơn Động khóa XX tổ chức Kỳ họp thứ 12 để đánh giá tình hình kinh tế - xã hội 6 tháng đầu năm 2024.
""", "2024-07-12"),
    ("weekday-with-day-month",
     """Lãnh đạo huyện tiếp xúc cử tri xã Hòa Bình
Thứ Bảy, 12/08/2023 - 16:20
Sáng thứ Sáu (11/8), đồng chí Bí thư Huyện ủy cùng Tổ đại biểu HĐND tỉnh tiếp xúc cử tri xã Hòa Bình.
""", "2023-08-11"),
    ("dashed-day-month",
     """Đại hội Chi bộ thôn Đông Tiến
Ngày đăng: 06/12/2024 10:00
Chiều 5-12, Chi bộ thôn Đông Tiến tổ chức Đại hội lần thứ XVI, nhiệm kỳ 2025 - 2027 thành công tốt đẹp.
""", "2024-12-05"),
    ("voters-meeting-day-without-year",
     """Tổ đại biểu HĐND tỉnh tiếp xúc cử tri huyện Đăk Glei
Ngày đăng: 25/06/2024 15:00
Ngày 24/6, Tổ đại biểu HĐND tỉnh đơn vị bầu cử huyện Đăk Glei tiếp xúc cử tri 3 xã Đăk Pék, Đăk Choong và Xốp trước Kỳ họp thứ 8.
""", "2024-06-24"),
    ("lately-without-date",
     """Đảng ủy xã Tân Lập tổ chức hội nghị học tập nghị quyết
Ngày đăng: 25/06/2024 15:00
Vừa qua, Đảng ủy xã Tân Lập tổ chức hội nghị học tập, quán triệt các chỉ thị, nghị quyết của Đảng cho 180 đảng viên.
""", None),
    ("deadline-before-event",
     """Đôn đốc hoàn thành hương ước, quy ước
Đến ngày 31/12/2023, 100% thôn phải hoàn thành sửa đổi hương ước; ngày 2/1/2024, đoàn kiểm tra của huyện làm việc tại xã Sơn Hải.
""", "2024-01-02"),
    ("interview-with-anniversary-hook",
     """Phát huy sức mạnh khối đại đoàn kết toàn dân tộc
Ngày đăng: 02/02/2025 08:00
Nhân dịp kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2025), phóng viên có cuộc trò chuyện với đồng chí Chủ tịch Ủy ban MTTQ huyện về công tác dân vận.
""", None),
    ("dotted-birth-date-is-no-event",
     """Người đảng viên tận tụy ở thôn Hạ
Cập nhật: 20/05/2024 09:00
Ông Hoàng Văn Tư (sinh ngày 19.5.1968) hơn 20 năm làm Bí thư Chi bộ thôn Hạ, luôn đi đầu trong các phong trào, được Nhân dân tin yêu.

Năm 2024, thôn Hạ được công nhận là thôn văn hóa tiêu biểu./.
""", None),
]


@pytest.mark.parametrize(("page", "expected"), params(EVENTS))
def test_event_date(nlp, page, expected):
    _, doc = through_pipeline(nlp, page)
    assert iso(doc._.qcdc_event_date) == expected


# -- years of dates named without one ----------------------------------------------------------

# (id, text, title, published, surface of the date, expected value, expected year_inferred)
YEARS = [
    ("from-the-stamp", "Sáng 11/8, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận.",
     None, datetime(2023, 8, 12, 9, 0), "Sáng 11/8", "2023-08-11", True),
    ("december-on-a-january-stamp", "Sáng 28/12, HĐND xã tổ chức kỳ họp thường lệ cuối năm.",
     None, datetime(2024, 1, 3, 8, 0), "Sáng 28/12", "2023-12-28", True),
    ("from-the-title", "Chiều 14/12, HĐND xã Tân Thành khóa XXI tổ chức kỳ họp thứ 12.",
     "Kỳ họp thứ 12 HĐND xã Tân Thành năm 2024", None, "Chiều 14/12", "2024-12-14", True),
    ("from-the-latest-issue-date",
     "Thực hiện Nghị quyết số 02-NQ/TU ngày 12/5/2017 của Tỉnh ủy và Kế hoạch số 15-KH/UBND ngày 10/1/2025 "
     "của UBND huyện, chiều 14/2, Ban Chỉ đạo xã tổ chức hội nghị triển khai.",
     None, None, "chiều 14/2", "2025-02-14", True),
    ("from-the-year-of-the-event",
     "Sáng 15/3, UBND xã Đông Hưng triển khai kế hoạch thực hiện quy chế dân chủ ở cơ sở năm 2024.",
     None, None, "Sáng 15/3", "2024-03-15", True),
    ("never-from-a-target-year",
     "Sáng 20/5, Đảng ủy xã sơ kết thực hiện nhiệm vụ năm 2023, phấn đấu đến năm 2030 trở thành xã nông thôn "
     "mới kiểu mẫu.",
     None, None, "Sáng 20/5", "2023-05-20", True),
    ("never-from-a-vision-year",
     "Ngày 22/7, Ban Thường vụ Huyện ủy ban hành Chương trình hành động thực hiện Nghị quyết số 12-NQ/TU ngày "
     "10/2/2023 về phát triển kinh tế đến năm 2030, tầm nhìn đến năm 2045.",
     None, None, "Ngày 22/7", "2023-07-22", True),
    ("never-from-a-striven-for-year", "Sáng 14/2, UBND xã Đông Hưng triển khai nhiệm vụ năm 2025, phấn đấu năm 2026 đạt chuẩn nông thôn mới "
     "nâng cao.", None, None, "Sáng 14/2", "2025-02-14", True),
    ("never-from-a-term",
     "Chiều 12/4, Chi bộ thôn Đông Tiến tổ chức đại hội nhiệm kỳ 2021–2026; trong năm 2023 chi bộ kết nạp "
     "2 đảng viên mới.",
     None, None, "Chiều 12/4", "2023-04-12", True),
    ("never-from-a-term-with-spaces",
     "Năm 2022, HĐND xã khóa XXI, nhiệm kỳ 2021 - 2026 tổ chức 4 kỳ họp; tại kỳ họp ngày 20/12, đại biểu "
     "thông qua 9 nghị quyết.",
     None, None, "ngày 20/12", "2022-12-20", True),
    ("never-from-a-birth-year",
     "Ông Hoàng Văn Tư (sinh năm 1968) là Bí thư Chi bộ thôn Hạ. Năm 2023, ông vận động Nhân dân hiến "
     "1.200 m2 đất; ngày 2/9, thôn khánh thành nhà văn hóa.",
     None, None, "ngày 2/9", "2023-09-02", True),
    ("never-from-a-birth-date",
     "Bà Nguyễn Thị Mai, sinh ngày 12/5/1968, quê xã Kỳ Tân. Năm 2023, bà được công nhận là cá nhân "
     "tiêu biểu; ngày 15/10, bà được UBND huyện khen thưởng.",
     None, None, "ngày 15/10", "2023-10-15", True),
    ("leap-day-from-the-stamp", "Ngày 29/02, Ban Dân vận Huyện ủy tổ chức hội nghị giao ban công tác dân vận.",
     None, datetime(2024, 3, 2, 8, 0), "Ngày 29/02", "2024-02-29", True),
    ("leap-day-from-the-context",
     "Ngày 29/2, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở huyện tổ chức hội nghị triển khai nhiệm vụ năm 2024.",
     None, None, "Ngày 29/2", "2024-02-29", True),
    ("dotted-day-month-is-a-date", "Chiều 21.4, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết.",
     None, datetime(2024, 4, 22, 9, 0), "Chiều 21.4", "2024-04-21", True),
    ("dotted-yesterday-is-a-date", "Sáng qua 30.9, Đoàn giám sát của Ủy ban MTTQ thị xã làm việc với xã.",
     None, datetime(2023, 10, 1, 7, 45), "Sáng qua 30.9", "2023-09-30", True),
    ("stamp-beats-older-context",
     "Thực hiện Kế hoạch số 20-KH/HU ngày 5/1/2023, sáng 14/3, Ban Dân vận tổ chức kiểm tra tại xã.",
     None, datetime(2024, 3, 15, 10, 0), "sáng 14/3", "2024-03-14", True),
]


@pytest.mark.parametrize(("text", "title", "published", "surface", "value", "inferred"),
                         params(YEARS))
def test_year_inference(nlp, text, title, published, surface, value, inferred):
    doc = helpers.run(nlp, text, published=published, title=title)
    got = [(d.value.isoformat(), d.year_inferred) for d in doc._.qcdc_dates if d.surface == surface]
    assert got == [(value, inferred)]


# (id, text, surface, years it must not take): the article's only year is no year of its own.
NOT_DATED_BY = [
    ("only-a-birth-year",
     "Ông Hoàng Văn Tư (sinh năm 1968) là Bí thư Chi bộ thôn Hạ; ngày 2/9, thôn khánh thành nhà văn hóa.",
     "ngày 2/9", {1968}),
    ("only-a-target-year",
     "Phấn đấu đến năm 2030, 100% thôn đạt chuẩn văn hóa; sáng 20/5, Đảng ủy xã sơ kết nghị quyết.",
     "sáng 20/5", {2030}),
    ("only-a-term",
     "Chiều 12/4, Chi bộ thôn Đông Tiến tổ chức đại hội nhiệm kỳ 2025–2027 với 34 đảng viên tham dự.",
     "Chiều 12/4", {2025, 2027}),
]


@pytest.mark.parametrize(("text", "surface", "years"), [c[1:] for c in NOT_DATED_BY],
                         ids=[c[0] for c in NOT_DATED_BY])
def test_year_never_from_a_target_term_or_birth(nlp, text, surface, years):
    doc = helpers.run(nlp, text)
    assert not [d for d in doc._.qcdc_dates if d.surface == surface and d.value.year in years]


# (id, text, title, published, day/month): one phrase, one year within an article.
SAME_PHRASE = [
    ("repeated-with-context",
     "Ngày 22/7, Ban Chỉ đạo xã họp triển khai kế hoạch năm 2024. Sau buổi họp ngày 22/7, các thôn tổ chức "
     "niêm yết công khai; đến năm 2030, 100% thôn đạt chuẩn văn hóa.",
     None, None, "22/7"),
    ("repeated-near-a-stamp-turn",
     "Sáng 28/12, HĐND xã tổ chức kỳ họp thứ 12. Tại kỳ họp ngày 28/12, đại biểu thông qua 9 nghị quyết.",
     None, datetime(2024, 1, 3, 8, 0), "28/12"),
    ("repeated-in-two-paragraphs",
     "Sáng 5/12, Tổ đại biểu HĐND huyện tiếp xúc cử tri xã Nghĩa Hòa.\n\nNăm 2019, xã có 12 ý kiến; năm 2023, "
     "xã có 9 ý kiến. Các ý kiến nêu ngày 5/12 sẽ được trả lời tại kỳ họp.",
     None, None, "5/12"),
]


@pytest.mark.parametrize(("text", "title", "published", "phrase"), [c[1:] for c in SAME_PHRASE],
                         ids=[c[0] for c in SAME_PHRASE])
def test_one_phrase_one_year(nlp, text, title, published, phrase):
    doc = helpers.run(nlp, text, published=published, title=title)
    years = [d.value.year for d in doc._.qcdc_dates if d.surface.endswith(phrase)]
    assert len(years) == 2 and len(set(years)) == 1


# -- wrapped lines ----------------------------------------------------------------------------

# (id, page, check): check(cleaned, doc) holds when the fact cut by the break is found whole.
def _date(value):
    return lambda c, doc: value in day_values(doc)


def _official(name, title):
    return lambda c, doc: (name, title) in [(o.name, o.title) for o in doc._.qcdc_officials]


def _location(unit_type, name):
    return lambda c, doc: (unit_type, name) in [(loc.unit_type, loc.name) for loc in doc._.qcdc_locations]


def _document(canonical):
    return lambda c, doc: canonical in [d.canonical for d in doc._.qcdc_documents]


def _in_text(words):
    return lambda c, doc: words in c.text


WRAPPED = [
    ("government-broken-lower",
     """Triển khai Nghị định về dân chủ ở cơ sở
Ngày 14/8/2023, UBND huyện triển khai Nghị định số 59/2023/NĐ-CP của Chính
phủ quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở.
""", _in_text("Nghị định số 59/2023/NĐ-CP của Chính phủ quy định")),
    ("deputy-secretary-broken-lower",
     """Hội nghị sơ kết công tác dân vận
Chiều 11/7/2024, đồng chí Nguyễn Văn Hùng - Phó Bí
thư Thường trực Huyện ủy dự và chỉ đạo hội nghị sơ kết công tác dân vận.
""", _official("Nguyễn Văn Hùng", "Phó Bí thư Thường trực Huyện ủy")),
    ("date-in-words-broken-lower",
     """Kiện toàn Ban Chỉ đạo thực hiện quy chế dân chủ
Thực hiện Quyết định số 25/QĐ-UBND ngày 01
tháng 9 năm 2016 của UBND huyện, xã Thạch Kim kiện toàn Ban Chỉ đạo thực hiện quy chế dân chủ.
""", _date("2016-09-01")),
    ("part-of-day-broken-before-date",
     """Hội nghị đối thoại với Nhân dân
Chiều
ngày 25/9/2024, UBND xã Cẩm Duệ tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân.
""", lambda c, doc: iso(doc._.qcdc_event_date) == "2024-09-25"),
    ("commune-name-broken-upper", """Hội nghị tiếp xúc cử tri
Sáng 2/12/2024, Tổ đại biểu HĐND huyện tiếp xúc cử tri xã Châu
Đình trước Kỳ họp thứ 10 HĐND huyện khóa XX, nhiệm kỳ 2021 - 2026.
""", _location("xã", "Châu Đình")),
    ("person-name-broken-upper", """Đại hội Chi bộ thôn Đông Tiến
Ngày 12/4/2025, đồng chí Nguyễn
Văn Hùng - Bí thư Đảng ủy xã dự và chỉ đạo Đại hội Chi bộ thôn Đông Tiến lần thứ XVI.
""", _official("Nguyễn Văn Hùng", "Bí thư Đảng ủy xã")),
    ("document-number-broken-before-digits",
          """Quán triệt Nghị quyết về quy chế dân chủ
Ngày 12/6/2024, Đảng ủy xã Kỳ Châu quán triệt Nghị quyết số
02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh về thực hiện quy chế dân chủ ở cơ sở.
""", _document("02-NQ/TU")),
    ("date-broken-after-ngay",
     """Giám sát thực hiện quy chế dân chủ
Sáng ngày
15/3/2024, Thường trực HĐND huyện giám sát việc thực hiện quy chế dân chủ tại xã Sơn Hải.
""", lambda c, doc: iso(doc._.qcdc_event_date) == "2024-03-15" and "2024-03-15" in day_values(doc)),
    ("committee-broken-lower",
     """UBND huyện đối thoại với Nhân dân
Sáng 20/3/2024, Ủy ban nhân
dân huyện Sơn Động tổ chức đối thoại với Nhân dân 3 xã về công tác bồi thường, giải phóng mặt bằng.
""", _in_text("Ủy ban nhân dân huyện Sơn Động")),
    ("count-broken-lower",
     """Kết quả thực hiện quy chế dân chủ
Năm 2023, xã đã tổ chức lấy ý kiến của 1.250
hộ gia đình về việc xây dựng hương ước, quy ước của các thôn.
""", lambda c, doc: any(k.value == 1250 for k in doc._.qcdc_counts)),
    ("paragraphs-stay-paragraphs",
     """Xã Hòa Phong sơ kết quy chế dân chủ
Sáng 14/3/2024, Đảng ủy xã Hòa Phong tổ chức hội nghị sơ kết thực hiện quy chế
dân chủ ở cơ sở.

Hội nghị đã biểu dương 12 tập thể và 15 cá nhân có thành tích xuất sắc.

Đồng chí Trần Văn Nam - Bí thư Đảng ủy xã phát biểu kết luận hội nghị./.
""", lambda c, doc: c.text.count("\n\n") == 3 and "quy chế dân chủ ở cơ sở." in c.text),
    ("subheading-stays-its-own-line",
     """Dân vận khéo ở xã Nậm Búng
Những năm qua, Đảng ủy xã Nậm Búng luôn coi trọng công tác dân vận trong mọi lĩnh vực.
Những kết quả nổi bật
Năm 2023, xã có 15 mô hình “Dân vận khéo” được công nhận, trong đó 4 mô hình cấp huyện./.
""", _in_text("\nNhững kết quả nổi bật\nNăm 2023")),
    ("list-items-stay-their-own-lines",
     """Kết quả giám sát thực hiện quy chế dân chủ
Qua giám sát, đoàn đề nghị UBND xã thực hiện một số nội dung sau
- Niêm yết công khai các khoản thu, chi tại trụ sở xã
- Tổ chức đối thoại với Nhân dân ít nhất 1 lần mỗi năm
""", _in_text("\n- Niêm yết công khai các khoản thu, chi tại trụ sở xã\n- Tổ chức")),
    ("fixed-width-page",
     """Đảng bộ xã Châu Đình sơ kết thực hiện quy chế dân chủ ở cơ sở
Ngày đăng: 12/07/2024 09:15

Chiều 11/7, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở xã Châu
Đình tổ chức hội nghị sơ kết 6 tháng đầu năm 2024. Đồng chí Lê Văn
Khoa - Phó Bí thư Thường trực Đảng ủy xã chủ trì hội nghị. Theo báo
cáo, 6 tháng qua xã đã tổ chức 2 hội nghị đối thoại với Nhân dân, tiếp
nhận và giải quyết 14 đơn thư kiến nghị của công dân theo đúng quy định.

Thực hiện Kế hoạch số 42-KH/HU ngày 07/7/2021 của Ban Thường vụ Huyện
ủy, các chi bộ đã tổ chức niêm yết công khai các khoản đóng góp của
Nhân dân tại nhà văn hóa thôn và trên hệ thống loa truyền thanh của xã./.
""", lambda c, doc: (("Lê Văn Khoa", "Phó Bí thư Thường trực Đảng ủy xã") in
                     [(o.name, o.title) for o in doc._.qcdc_officials]
                     and ("xã", "Châu Đình") in [(loc.unit_type, loc.name) for loc in doc._.qcdc_locations]
                     and "2021-07-07" in day_values(doc)
                     and c.title == "Đảng bộ xã Châu Đình sơ kết thực hiện quy chế dân chủ ở cơ sở"
                     and "\n\nThực hiện Kế hoạch số 42-KH/HU" in c.text)),
    ("fixed-width-page-without-stamp-keeps-its-title", """Đảng bộ xã Châu Đình sơ kết thực hiện quy chế dân chủ ở cơ sở
Chiều 11/7/2024, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở xã Châu
Đình tổ chức hội nghị sơ kết 6 tháng đầu năm 2024. Đồng chí Lê Văn
Khoa - Phó Bí thư Thường trực Đảng ủy xã chủ trì hội nghị. Theo báo
cáo, 6 tháng qua xã đã tổ chức 2 hội nghị đối thoại với Nhân dân, tiếp
nhận và giải quyết 14 đơn thư kiến nghị của công dân theo đúng quy định.
""", lambda c, doc: (c.title == "Đảng bộ xã Châu Đình sơ kết thực hiện quy chế dân chủ ở cơ sở"
                     and ("xã", "Châu Đình") in [(loc.unit_type, loc.name) for loc in doc._.qcdc_locations])),
]


@pytest.mark.parametrize(("page", "check"), params(WRAPPED))
def test_wrapped_lines(nlp, page, check):
    cleaned, doc = through_pipeline(nlp, page)
    assert check(cleaned, doc)
    # Offsets stay exact whatever was rejoined.
    for fact in all_facts(doc):
        assert cleaned.text[fact.start:fact.end] == fact.surface


@pytest.mark.parametrize("page", [pytest.param(c.values[0], id=c.id) for c in params(WRAPPED + TITLES)])
def test_offsets_are_exact_on_cleaned_pages(nlp, page):
    cleaned, doc = through_pipeline(nlp, page)
    for fact in all_facts(doc):
        assert cleaned.text[fact.start:fact.end] == fact.surface


def test_an_aggregator_footer_gives_the_stamp_and_leaves_the_glued_byline():
    """An aggregator's page ends with its stamp, section, tags and the source paper; the byline
    is glued to the last sentence: the stamp is the page's, the rest is no text and no author."""
    page = ("Sửa đổi Luật Công chứng: mở rộng quyền của công chứng viên\n\n"
            "Chiều 26/5, Ủy ban Pháp luật của Quốc hội họp thẩm tra dự án Luật Công chứng (sửa đổi). "
            "Đây sẽ là một trong những vấn đề lớn được sửa đổi tại Luật Công chứng lần này.Quang Minh\n"
            "27/05/13 08:09 GMT+7\n"
            "Kinh tế\n"
            "Công chứng,Công chứng viên,Hành nghề,Giao dịch,Luật,Văn bản\n"
            "Pháp Luật VN\n")
    cleaned = clean_page(page)
    assert cleaned.author == "Quang Minh"
    assert cleaned.published_at == datetime(2013, 5, 27, 8, 9)
    assert "Pháp Luật VN" not in cleaned.text and "Kinh tế" not in cleaned.text
    assert cleaned.text.endswith("tại Luật Công chứng lần này.")
