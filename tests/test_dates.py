"""Dates, periods and event dates: tables of cases written in the genre."""
from __future__ import annotations

from datetime import date, datetime

import helpers
import pytest



def run(nlp, text, title=None, published=None):
    return helpers.run(nlp, text, published, title)


def found(doc):
    return [(d.value.isoformat()[: {"day": 10, "month": 7, "year": 4}[d.granularity]], d.year_inferred)
            for d in doc._.qcdc_facts["dates"]]


# (text, expected [(value, year_inferred)]; day "YYYY-MM-DD", month "YYYY-MM", year "YYYY")
CASES = [
    ("Chiều ngày 5/4/2022, Đảng bộ xã tổ chức hội nghị.", [("2022-04-05", False)]),
    ("Sáng 12/9/2023, UBND huyện tổ chức đối thoại với Nhân dân.", [("2023-09-12", False)]),
    ("Ngày 05-4-2022, Ban Dân vận Huyện ủy kiểm tra tại xã.", [("2022-04-05", False)]),
    ("Ngày 5.4.2022, đoàn giám sát làm việc với thị trấn.", [("2022-04-05", False)]),
    ("Tối 30/12/2021, xã tổ chức tổng kết.", [("2021-12-30", False)]),
    ("Hội nghị diễn ra vào ngày 12 tháng 5 năm 2017 tại hội trường.", [("2017-05-12", False)]),
    ("ngày 3 tháng 2 năm 2020, chi bộ họp", [("2020-02-03", False)]),
    ("Trong tháng 4-2007, xã hoàn thành việc niêm yết công khai.", [("2007-04", False)]),
    ("Từ tháng 4/2007 đến nay, quy chế được thực hiện.", [("2007-04", False)]),
    ("Đến tháng 10 năm 2019, 100% thôn có hương ước.", [("2019-10", False)]),
    ("Thực hiện trong năm 2022, xã đạt chuẩn nông thôn mới.", [("2022", False)]),
    ("Ngày 31/12/2023 là hạn cuối nộp báo cáo.", [("2023-12-31", False)]),
    ("Thứ Năm (11/8/2022), hội nghị được tổ chức.", [("2022-08-11", False)]),
    ("Sáng thứ Hai, ngày 14/11/2022, lãnh đạo huyện tiếp dân.", [("2022-11-14", False)]),
    # Years from context: a period in the same sentence, the title, the nearest year.
    ("Sáng 11/8, Ban Dân vận tổ chức sơ kết 6 tháng đầu năm 2023.", [("2023-08-11", True)]),
    ("Ngày 22/7 vừa qua, Ban chỉ đạo xã họp. Năm 2021 là năm đầu nhiệm kỳ.", [("2021-07-22", True), ("2021", False)]),
    ("Hôm 15/3, đoàn kiểm tra đến làm việc.", [("2019-03-15", True)], "Kiểm tra QCDC năm 2019"),
    ("Chiều 2/10, hội nghị bế mạc.", [("2022-10-02", True)], None, datetime(2022, 10, 3, 9, 0)),
    # A day after the page's time stamp moves to the year before.
    ("Sáng 28/12, Hội nghị tổng kết công tác dân vận.", [("2022-12-28", True)], None, datetime(2023, 1, 4, 10, 0)),
    ("Từ ngày 10/5 đến ngày 15/5, các đoàn giám sát làm việc.", [("2024-05-10", True), ("2024-05-15", True)],
     "Giám sát thực hiện dân chủ năm 2024"),
    ("ngày 3 tháng 2, chi bộ họp bàn", [("2020-02-03", True)], "Kết quả năm 2020"),
    # A month without a year after a word that makes it a time: year from context.
    ("Trong tháng 8, Ban Dân vận Huyện ủy tổ chức 3 cuộc kiểm tra.", [("2023-08", True)], "Sơ kết năm 2023"),
    ("Cuối tháng 3 vừa qua, xã hoàn thành đối thoại.", [("2024-03", True)], None, datetime(2024, 4, 2, 9, 0)),
    ("Đến cuối tháng 12, 100% thôn có hương ước.", [("2022-12", True)], None, datetime(2023, 1, 5, 9, 0)),
    ("Sau 6 tháng triển khai, tháng 3 có 12 buổi tiếp dân.", [], "Kết quả năm 2023"),
    ("trong 3 tháng 4, 5, 6 không có đơn thư", [], "Năm 2023"),
    # Not dates: ratios, document numbers, impossible dates, times, durations, periods, bare years.
    ("Đảng ủy kiểm tra 7/7 chi bộ.", []),
    ("Xã đạt 19/19 tiêu chí nông thôn mới.", []),
    ("Theo Nghị định số 04/2015/NĐ-CP của Chính phủ.", []),
    ("niêm yết theo Pháp lệnh số 34/2007", []),
    ("Quyết định 1234/QĐ-UBND về việc kiện toàn Ban chỉ đạo", []),
    ("Ngày 31/2/2022 không có trong lịch.", []),
    ("Ngày 30/13/2022 là ngày sai.", []),
    ("08:54 06/04/2022", [("2022-04-06", False)]),
    ("Hội nghị bắt đầu lúc 14:30 và kết thúc lúc 17h00.", []),
    ("Qua 5 năm thực hiện Nghị quyết, xã có nhiều đổi thay.", []),
    ("Giai đoạn 2017-2022, Đảng ủy tổ chức 7 cuộc giám sát.", []),
    ("Nhiệm kỳ 2020-2025 đặt ra nhiều mục tiêu.", []),
    ("Trong 10 năm ( Từ năm 2013- 2023) địa phương tiếp nhận 316 đơn thư.", []),
    ("6 tháng đầu năm, công tác dân vận đạt kết quả tốt.", []),
    ("Tỷ lệ đạt 3/4 so với kế hoạch.", []),
    ("Kết quả: 12/15 thôn đạt chuẩn văn hóa.", []),
    ("Từ 1/2 số hộ đã đăng ký.", []),
    ("dân số 2.015 người", []),
    ("năm 1986 đổi mới; 1.2.3 không phải ngày", [("1986", False)]),
    ("Chương trình 135 giai đoạn II", []),
    ("Mã số 12/5/ABC-UBND", []),
    ("Ngày 1/1/1945 và ngày 2/9/1945", [("1945-01-01", False), ("1945-09-02", False)]),
    ("quý III năm 2022", []),
    ("Nghị quyết số 02-NQ/TU, ngày 12/5/2017 của Ban Chấp hành Đảng bộ tỉnh", [("2017-05-12", False)]),
    ("Kế hoạch số 42 ngày 07/7/2021 của BTV Huyện ủy", [("2021-07-07", False)]),
    ("Trong 2 ngày 5 và 6/4/2022, huyện tổ chức đối thoại.", [("2022-04-05", False), ("2022-04-06", False)]),
    ("Từ ngày 10-12/5, đoàn giám sát làm việc tại 3 xã.", [("2021-05-10", True), ("2021-05-12", True)],
     "Giám sát năm 2021"),
    ("Sáng nay 11/8, đoàn về xã.", [("2023-08-11", True)], None, datetime(2023, 8, 11, 15, 0)),
    # A span's first day takes the year of its dated end, before the stamp's.
    ("Hội nghị họp từ ngày 10/4 đến ngày 12/4/2025 tại Thủ đô Hà Nội.",
     [("2025-04-10", True), ("2025-04-12", False)], None, datetime(2026, 1, 5)),
    ("Đợt cao điểm từ ngày 25/12 - 5/1/2025, các xã ra quân.", [("2024-12-25", True), ("2025-01-05", False)]),
    # An anniversary the article keeps gives this year: 1890 + 126.
    ("Nhân kỷ niệm 126 năm Ngày sinh Chủ tịch Hồ Chí Minh (19-5), hôm nay (19-5), Thành ủy tổ chức hội nghị.",
     [("2016-05-19", True)]),
    ("Chào mừng kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam, chiều 2/2 xã tổ chức văn nghệ.",
     [("2025-02-02", True)], "Văn nghệ mừng Đảng năm 2019"),
    # Without a stamp, the latest year the report names, a full date's or not.
    ("Thực hiện Quyết định ngày 26/4/2013 của Thủ tướng, ngày 27/6 cử tri kiến nghị về kinh tế địa phương năm 2017.",
     [("2013-04-26", False), ("2017-06-27", True), ("2017", False)]),
]


# (text, source year, expected): the input is known to be of that year (qcdc extract --source-year).
SOURCE_YEARS = [
    ("Chiều 15/6, Ủy ban Trung ương MTTQ Việt Nam tổ chức lễ ký kết.", 2017, [("2017-06-15", True)]),
    # It comes before years the text names for other things ("năm 2015")...
    ("Ngày 7/7, UBND tỉnh họp về 8 dự án chậm tiến độ từ năm 2015.", 2017, [("2017-07-07", True), ("2015", False)]),
    # ... but after a year the date's own span gives.
    ("Từ ngày 28/12 đến ngày 3/1/2016, đoàn kiểm tra làm việc.", 2017, [("2015-12-28", True), ("2016-01-03", False)]),
]


@pytest.mark.parametrize("text, year, expected", SOURCE_YEARS)
def test_a_source_year_dates_what_the_text_leaves_without_one(nlp, text, year, expected):
    assert found(helpers.run(nlp, text, source_year=year)) == expected


@pytest.mark.parametrize("case", CASES, ids=[c[0][:40] for c in CASES])
def test_dates(nlp, case):
    text, expected, *ctx = case
    title = ctx[0] if ctx else None
    published = ctx[1] if len(ctx) > 1 else None
    assert found(run(nlp, text, title, published)) == expected


def test_offsets_and_parts_of_day(nlp):
    text = "Chiều ngày 5/4/2022, Đảng bộ xã Kỳ Châu tổ chức Hội nghị."
    (d,) = run(nlp, text)._.qcdc_facts["dates"]
    assert text[d.start : d.end] == d.surface == "Chiều ngày 5/4/2022"
    assert d.part_of_day == "chiều"


def test_issue_dates_of_documents_are_marked(nlp):
    doc = run(nlp, "Thực hiện Nghị quyết số 25-NQ/TW, ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng.")
    assert [d.role for d in doc._.qcdc_facts["dates"]] == ["issued"]


PERIODS = [
    ("giai đoạn 2017-2022", ("giai đoạn", "2017-01-01", "2022-12-31")),
    ("nhiệm kỳ 2020 - 2025", ("nhiệm kỳ", "2020-01-01", "2025-12-31")),
    ("6 tháng đầu năm 2023", ("6 tháng", "2023-01-01", "2023-06-30")),
    ("6 tháng cuối năm 2021", ("6 tháng", "2021-07-01", "2021-12-31")),
    ("9 tháng năm 2022", ("9 tháng", "2022-01-01", "2022-09-30")),
    ("từ năm 2013- 2023", ("range", "2013-01-01", "2023-12-31")),
    ("quý III năm 2022", ("quý", "2022-07-01", "2022-09-30")),
    ("năm học 2022-2023", ("năm học", "2022-01-01", "2023-12-31")),
]


@pytest.mark.parametrize("text, expected", PERIODS)
def test_periods(nlp, text, expected):
    doc = run(nlp, f"Trong {text}, xã đạt nhiều kết quả.")
    (p,) = doc._.qcdc_periods
    assert (p.kind, p.start_date.isoformat(), p.end_date.isoformat()) == expected


def test_period_without_year_takes_it_from_the_title(nlp):
    doc = run(nlp, "Sơ kết 6 tháng đầu năm, triển khai nhiệm vụ.", title="Sơ kết công tác năm 2023")
    (p,) = doc._.qcdc_periods
    assert (p.start_date, p.year_inferred) == (date(2023, 1, 1), True)


TITLE = "Hội nghị sơ kết công tác dân vận"
EVENTS = [
    (f"{TITLE}\n\nChiều ngày 5/4/2022, Đảng bộ xã tổ chức Hội nghị sơ kết.", "2022-04-05"),
    (f"{TITLE}\n\nSáng 11/8 Ban Dân vận Huyện ủy tổ chức hội nghị 6 tháng đầu năm 2023.", "2023-08-11"),
    (f"{TITLE}\n\nVừa qua, ngày 14/3/2024, UBND xã tổ chức đối thoại.", "2024-03-14"),
    (f"{TITLE}\n\nTrong 2 ngày 5 và 6/4/2022, huyện tổ chức đối thoại.", "2022-04-05"),
    # The first date of the lead is a document's issue date: no event date.
    (f"{TITLE}\n\nThực hiện Nghị quyết số 25-NQ/TW, ngày 03/6/2013 của Ban Chấp hành Trung ương, xã đạt kết quả.", None),
    # A deadline is not the event.
    (f"{TITLE}\n\nĐến ngày 31/12/2023, xã phải hoàn thành. Ngày 2/1/2024, đoàn kiểm tra.", "2024-01-02"),
    # Dates deep in the body do not make an event date.
    (f"{TITLE}\n\nXã có 14 chi bộ.\n\nCông tác dân vận có nhiều chuyển biến.\n\nNgày 5/5/2020 xã được công nhận.", None),
    # Paragraphs parted by single line breaks count as paragraphs too.
    (f"{TITLE}\nXã có 14 chi bộ.\nCông tác dân vận có nhiều chuyển biến.\nNgày 5/5/2020 xã được công nhận.", None),
    # A legal text's heading and date line are not its lead; its meeting is.
    ("NGHỊ QUYẾT\n\nBAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM\n\nSố 60-NQ/TW Hà Nội, ngày 12 tháng 4 năm 2025\n\n"
     "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII họp từ ngày 10/4 đến ngày 12/4/2025 tại Thủ đô Hà Nội.",
     "2025-04-10"),
    # A legal basis broken over lines is still a legal basis.
    (f"{TITLE}\nHỘI ĐỒNG NHÂN DÂN TỈNH KHÓA XVII Căn cứ Luật Tổ chức chính\nquyền địa phương ngày 19 tháng 6 năm 2015;\n"
     "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;", None),
    # The end of a tally is not an event: "từ đầu năm đến nay (25/5)".
    (f"{TITLE}\n\nRiêng năm 2013, từ đầu năm đến nay (25/5), trên địa bàn tỉnh đã xảy ra 11 vụ đuối nước.", None),
    # A page whose body is one long line: a date far into it is not the lead's.
    (f"{TITLE}\n\n" + "Nhiều biện pháp đã được triển khai song rất cần sự vào cuộc của các cấp chính quyền. " * 15
     + "Vào ngày 29/4/2013, ba em học sinh bị đuối nước.", None),
]

# (text, stamp, expected)
EVENTS_STAMPED = [
    # "Hôm nay" opening a clause dates the event on the stamp's day ...
    (f"{TITLE}\n\nHôm nay, HĐND huyện khai mạc kỳ họp thứ Năm.", datetime(2023, 7, 12, 8, 0), "2023-07-12"),
    (f"{TITLE}\n\nTại hội trường, sáng nay, huyện tổ chức đối thoại.", datetime(2023, 7, 12, 8, 0), "2023-07-12"),
    # ... "như ngày hôm nay" is a state of things, not a day.
    (f"{TITLE}\n\nThiếu vốn đầu tư dẫn đến hậu quả như ngày hôm nay ở nhiều xã.", datetime(2013, 5, 29, 5, 41), None),
]


@pytest.mark.parametrize("text, stamp, expected", EVENTS_STAMPED)
def test_event_date_with_a_stamp(nlp, text, stamp, expected):
    got = run(nlp, text, title=TITLE, published=stamp)._.qcdc_event_date
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("text, expected", EVENTS)
def test_event_date(nlp, text, expected):
    doc = run(nlp, text, title=TITLE)
    got = doc._.qcdc_event_date
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("text", ["Sáng ngày 5/0, hội nghị diễn ra.", "Ngày 31/13 Ban chỉ đạo họp.", "Chiều 0/5, xã họp."])
def test_no_such_day_is_no_date_and_no_crash(nlp, text):
    """A damaged or mistyped day ("5/0", "31/13") gives no date; it never stops the article."""
    from datetime import datetime

    doc = run(nlp, text, published=datetime(2022, 4, 6))
    assert [d.surface for d in doc._.qcdc_dates] == []
