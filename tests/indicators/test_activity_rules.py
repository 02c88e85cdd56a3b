"""The rules of activities that need no database (indicators/activities.py) and evidence files checked by their
content (indicators/evidence.py), at their edges."""

from datetime import date

import pytest
from django.test import override_settings

from indicators.activities import (
    Achieved,
    OutputsInvalid,
    PromisedOutput,
    achieved_phrases,
    falls_in,
    lateness,
    output_kind,
    outputs_text,
    read_outputs,
    time_window,
    window_dates,
    window_text,
)
from indicators.evidence import EvidenceRefused, check_evidence
from indicators.models import ActivityProgress, OutputKind, TimeWindow
from indicators.services.activities import ReportInput, report_problems
from plans.periods import parse_period
from tests.indicators.activity_world import docx_bytes, pdf_bytes, png_bytes


def test_outputs_are_read_as_officials_write_them():
    outputs = read_outputs("3 lớp tập huấn; 150 người (90 nữ, 60 nam);1.200 tờ gấp\n2 cuộc kiểm tra; 5 tin bài")
    assert outputs == [
        PromisedOutput(OutputKind.EVENTS, "lớp tập huấn", 3),
        PromisedOutput(OutputKind.PARTICIPANTS, "người", 150, 90, 60),
        PromisedOutput(OutputKind.PRODUCTS, "tờ gấp", 1200),
        PromisedOutput(OutputKind.INSPECTIONS, "cuộc kiểm tra", 2),
        PromisedOutput(OutputKind.PRODUCTS, "tin bài", 5),
    ]
    assert read_outputs("") == read_outputs(" ; ; ") == []


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("lớp tập huấn", OutputKind.EVENTS),
        ("hội nghị", OutputKind.EVENTS),
        ("cuộc thi", OutputKind.EVENTS),  # a "cuộc" that is not an inspection
        ("cuộc kiểm tra", OutputKind.INSPECTIONS),
        ("đoàn giám sát", OutputKind.INSPECTIONS),
        ("giám sát", OutputKind.INSPECTIONS),
        ("lượt người", OutputKind.PARTICIPANTS),
        ("Nguoi", OutputKind.PARTICIPANTS),  # without diacritics, any case
        ("tin bài", OutputKind.PRODUCTS),
        ("tình nguyện viên", OutputKind.OTHER),  # "tin" only as a whole word
        ("mô hình", OutputKind.OTHER),
    ],
)
def test_what_an_output_counts(label, kind):
    assert output_kind(label) == kind


def test_outputs_written_are_read_back_unchanged():
    text = "3 lớp tập huấn; 1.500 người (900 nữ, 600 nam); 40 người (12 nam); 2 mô hình"
    outputs = read_outputs(text)
    assert outputs_text(outputs) == text
    assert read_outputs(outputs_text(outputs)) == outputs


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ba lớp tập huấn", "không đọc được “ba lớp tập huấn”"),
        ("3", "không đọc được “3”"),
        ("1,5 người", "không đọc được"),
        ("-2 lớp", "không đọc được"),
        ("3 lớp (2 nữ)", "chỉ đầu ra là người mới ghi số nữ, số nam"),
        ("10 người (6 nữ, 5 nam)", "6 nữ cộng 5 nam không bằng tổng số 10"),
        ("10 người (11 nữ)", "lớn hơn tổng số 10"),
        ("10 người (5 nữ, 3 nữ)", "số nữ ghi hai lần"),
        ("10 người (năm nữ)", "trong ngoặc ghi số nữ, số nam"),
        ("3000000000 người", "quá lớn"),
        ("3 " + "x" * 101, "dài quá 100 ký tự"),
    ],
)
def test_outputs_that_cannot_be_read_say_why(text, says):
    with pytest.raises(OutputsInvalid) as refused:
        read_outputs(text)
    assert says in str(refused.value)


def test_time_windows_by_name():
    assert window_dates(TimeWindow.ACTION_MONTH, 2024) == (date(2024, 11, 15), date(2024, 12, 15))
    assert window_dates(TimeWindow.QUARTER_2, 2024) == (date(2024, 4, 1), date(2024, 6, 30))
    assert time_window(date(2024, 1, 1), date(2024, 12, 31)) == TimeWindow.YEAR
    assert time_window(date(2024, 11, 15), date(2024, 12, 16)) == TimeWindow.OTHER
    assert window_text(date(2024, 11, 15), date(2024, 12, 15)) == "Tháng hành động (15/11–15/12/2024)"
    assert window_text(date(2024, 10, 1), date(2024, 12, 31)) == "Quý IV/2024"
    assert window_text(date(2024, 1, 1), date(2024, 12, 31)) == "Cả năm 2024"
    assert window_text(date(2024, 3, 20), date(2024, 6, 28)) == "20/03–28/06/2024"


@pytest.mark.parametrize(
    ("start", "end", "period", "inside"),
    [
        (date(2024, 11, 15), date(2024, 12, 15), "2024S1", False),
        (date(2024, 11, 15), date(2024, 12, 15), "2024", True),
        (date(2024, 6, 30), date(2024, 7, 1), "2024S1", True),
        (date(2024, 7, 1), date(2024, 7, 1), "2024S1", False),
        (date(2024, 1, 1), date(2024, 12, 31), "2024S1", True),
        (date(2023, 1, 1), date(2023, 12, 31), "2024", False),
    ],
)
def test_which_periods_an_activity_falls_in(start, end, period, inside):
    assert falls_in(start, end, parse_period(period)) is inside


@pytest.mark.parametrize(
    ("progress", "reference", "late"),
    [
        (None, date(2024, 12, 15), ""),  # the window's last day: not late yet
        (None, date(2024, 12, 16), "Quá hạn (hạn 15/12/2024)"),
        (ActivityProgress.NOT_STARTED, date(2024, 12, 16), "Quá hạn (hạn 15/12/2024)"),
        (ActivityProgress.IN_PROGRESS, date(2025, 1, 1), "Quá hạn (hạn 15/12/2024)"),
        (ActivityProgress.DONE, date(2025, 1, 1), ""),
        (ActivityProgress.DROPPED, date(2025, 1, 1), ""),
        (None, date(2024, 11, 20), ""),  # inside the window
    ],
)
def test_what_is_late_against_its_window(progress, reference, late):
    assert lateness(date(2024, 11, 15), date(2024, 12, 15), progress, reference) == late


def test_achieved_outputs_in_words():
    promised = read_outputs("3 hội nghị; 300 người")
    achieved = Achieved(events=4, women=268, men=152, products=0, inspections=None)
    assert achieved_phrases(achieved, promised) == ["4 hội nghị", "420 lượt người tham dự (268 nữ, 152 nam)"]
    assert achieved_phrases(Achieved(events=2, products=1200)) == [
        "2 sự kiện, hội nghị, lớp tập huấn",
        "1.200 sản phẩm truyền thông",
    ]
    assert achieved_phrases(Achieved(women=5)) == ["5 lượt người tham dự (5 nữ)"]
    assert achieved_phrases(Achieved()) == []


@pytest.mark.parametrize(
    ("data", "submit", "fields"),
    [
        (ReportInput(progress="done", account="Đã tổ chức."), True, set()),
        (ReportInput(progress="done"), False, set()),  # a draft may be unfinished
        (ReportInput(progress="done"), True, {"account"}),
        (ReportInput(progress="dropped"), False, {"reason"}),
        (ReportInput(progress="dropped", reason="Không có kinh phí"), True, set()),
        (ReportInput(progress="finished"), False, {"progress"}),
        (ReportInput(progress="in_progress", account="x" * 5001), False, {"account"}),
        (ReportInput(progress="done", achieved=Achieved(women=-1)), False, {"women"}),
    ],
)
def test_what_a_report_must_say(data, submit, fields):
    assert set(report_problems(data, submit=submit)) == fields


# ---------------------------------------------------------------- evidence files


def test_accepted_evidence_is_known_by_its_content():
    assert check_evidence("Báo cáo.pdf", pdf_bytes()).kind.content_type == "application/pdf"
    assert check_evidence("ảnh.PNG", png_bytes()).kind.extension == "png"
    assert check_evidence("bao-cao.docx", docx_bytes()).kind.extension == "docx"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("bao-cao.pdf", b"", "trống"),
        ("bao-cao.exe", pdf_bytes(), "không được nhận: chỉ nhận PDF, ảnh JPG/PNG hoặc văn bản Word"),
        ("bao-cao", pdf_bytes(), "không được nhận"),
        ("bao-cao.pdf", b"MZ\x90\x00 an executable", "không phải là tài liệu PDF như tên tệp ghi"),
        ("anh.jpg", png_bytes(), "có đuôi .jpg nhưng nội dung là ảnh PNG"),
        ("bao-cao.pdf", docx_bytes(), "có đuôi .pdf nhưng nội dung là văn bản Word (.docx)"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "bị hỏng"),
        ("so-lieu.docx", b"PK\x03\x04 not a zip at all", "không phải là văn bản Word (.docx)"),
        ("trang.pdf", b"<html><script>alert(1)</script></html>", "không phải là tài liệu PDF"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(name, data, says):
    with pytest.raises(EvidenceRefused) as refused:
        check_evidence(name, data)
    assert says in str(refused.value)


@override_settings(EVIDENCE_MAX_FILE_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused():
    with pytest.raises(EvidenceRefused) as refused:
        check_evidence("lon.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    assert "quá giới hạn 1 KB" in str(refused.value)
