"""Section I of the report drafted from APPROVED activity reports only (what was done, by whom, with what outputs,
grouped by theme), still the coordinator's to edit; the annex's table of activities in HTML, Word and Excel; a
fixed number of queries whatever the number of activities."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from indicators.activities import Achieved
from indicators.models import ValueAction
from indicators.services.activities import (
    ReportInput,
    activity_report_return,
    activity_report_save,
    activity_reports_review,
)
from reports.builders.docx import build_docx
from reports.builders.html import build_html
from reports.builders.xlsx import build_xlsx
from reports.content import build_report_content, draft_narrative, section_text
from reports.services import narrative_save

pytestmark = pytest.mark.django_db


def reported(world, code, period="2024", *, outcome="approved", progress="done", account="", **achieved):
    activity = world.activities[code]
    report = activity_report_save(
        actor=world.users["coordinator"],
        activity=activity,
        period=world.periods[period],
        data=ReportInput(
            progress=progress,
            account=account,
            reason="Không bố trí được kinh phí." if progress == "dropped" else "",
            achieved=Achieved(**achieved),
        ),
        submit=outcome != "draft",
        agency=activity.lead_agency,
    )
    coordinator = world.users["coordinator"]
    if outcome == "approved":
        activity_reports_review(actor=coordinator, items=[(report, None)], action=ValueAction.APPROVED)
    elif outcome == "returned":
        activity_report_return(actor=coordinator, report=report, note="Bổ sung.")
    return report


def direction(world, period="2024"):
    content = build_report_content(world.plan, world.periods[period])
    return content, section_text(content, "direction")


def test_section_one_is_drafted_from_approved_activities_only(world):
    reported(
        world,
        "3.1",
        account="Ngày 15/11/2024 tổ chức lễ phát động tại hội trường huyện.",
        events=4,
        women=268,
        men=152,
        products=15,
    )
    reported(world, "2.1", outcome="submitted", account="CHƯA DUYỆT: không được dùng.")
    reported(world, "4.1", outcome="returned", account="BỊ TRẢ LẠI: không được dùng.")
    _, text = direction(world)
    lines = text.splitlines()
    assert (
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 01/02/2024 về thực hiện công tác bình đẳng giới năm 2024, trong năm "
        "2024 các cơ quan, đơn vị đã báo cáo kết quả 1/3 hoạt động được giao, trong đó 1 hoạt động đã hoàn thành."
    ) in lines
    assert "1. Tháng hành động" in lines
    assert (
        "- Phòng Lao động - Thương binh và Xã hội đã hoàn thành nhiệm vụ tổ chức Tháng hành động vì bình đẳng giới: "
        "ngày 15/11/2024 tổ chức lễ phát động tại hội trường huyện. Kết quả: 4 hội nghị; 420 lượt người tham dự "
        "(268 nữ, 152 nam); 15 sản phẩm truyền thông."
    ) in lines
    assert "CHƯA DUYỆT" not in text and "BỊ TRẢ LẠI" not in text
    assert "Truyền thông" not in lines and "Nâng cao năng lực" not in lines  # themes without approved results
    assert "Còn 2 hoạt động của kế hoạch năm chưa có kết quả được duyệt (xem phụ lục)." in lines


def test_drafts_of_activities_are_not_used(world):
    reported(world, "3.1", outcome="draft", account="NHÁP")
    _, text = direction(world)
    assert "NHÁP" not in text and "đã báo cáo kết quả 0/3 hoạt động" in text


def test_activities_are_grouped_by_theme_in_the_plans_order(world):
    reported(world, "4.1", progress="in_progress", account="Lớp thứ nhất đã mở.", events=1, women=30)
    reported(world, "2.1", progress="dropped")
    reported(world, "3.1", account="Lễ phát động.")
    _, text = direction(world)
    lines = text.splitlines()
    themes = [line for line in lines if line[:1].isdigit()]
    assert themes == ["1. Tháng hành động", "2. Truyền thông", "3. Nâng cao năng lực"]
    assert (
        "- Phòng Lao động - Thương binh và Xã hội không thực hiện nhiệm vụ hoạt động thử 2.1 "
        "(không bố trí được kinh phí)."
    ) in lines
    assert (
        "- Hội Liên hiệp Phụ nữ huyện đang triển khai nhiệm vụ hoạt động thử 4.1: lớp thứ nhất đã mở. "
        "Kết quả: 1 sự kiện, hội nghị, lớp tập huấn; 30 lượt người tham dự (30 nữ)."
    ) in lines
    assert "trong đó 1 hoạt động đã hoàn thành, 1 đang triển khai và 1 không thực hiện." in text
    assert (
        "Tổng hợp các hoạt động có kết quả được duyệt: 1 sự kiện, hội nghị, lớp tập huấn; "
        "30 lượt người tham dự (30 nữ)."
    ) in lines


def test_what_the_first_half_year_approved_stays_in_the_years_report(world):
    june = world.add_activity("2.4", theme="Truyền thông")
    june.start_date, june.end_date = june.start_date.replace(month=3, day=20), june.end_date.replace(month=6, day=28)
    june.save()
    reported(world, "2.4", period="2024S1", account="Tuyên truyền nhân Ngày Gia đình Việt Nam.")
    _, half = direction(world, "2024S1")
    _, year = direction(world, "2024")
    for text in (half, year):
        assert "tuyên truyền nhân Ngày Gia đình Việt Nam" in text


def test_the_coordinator_keeps_the_last_word(world):
    reported(world, "3.1", account="Lễ phát động.")
    content, _ = direction(world)
    narrative_save(
        actor=world.users["coordinator"],
        plan=world.plan,
        period=world.periods["2024"],
        is_final=False,
        direction="Văn bản của điều phối.",
        shortcomings="",
        tasks="",
        recommendations="",
    )
    content, text = direction(world)
    assert text == "Văn bản của điều phối."
    assert "lễ phát động" in draft_narrative(content)["direction"]  # the draft is still offered


def test_a_plan_without_a_work_plan_drafts_section_one_as_before(world):
    world.work_plan.delete()
    content, text = direction(world)
    assert "hoạt động" not in text and content.activities is not None and not content.activities.has_activities


def test_the_annex_lists_every_activity_in_html_word_and_excel(world):
    reported(world, "3.1", account="Lễ phát động.", events=4, women=10, men=5)
    content = build_report_content(world.plan, world.periods["2024"])
    html = build_html(content)
    assert "KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG CỦA KẾ HOẠCH NĂM 2024" in html
    assert "Đã hoàn thành: Lễ phát động." in html and html.count("Chưa có kết quả được duyệt") == 2

    document = Document(io.BytesIO(build_docx(content)))
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT",
        "Nhóm nhiệm vụ, hoạt động",
        "Cơ quan chủ trì",
        "Thời gian",
        "Kết quả",
        "Số lượng đạt được",
    ]
    texts = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert texts[0][0] == "1. Tháng hành động"  # the theme's row, merged across
    assert texts[1] == [
        "1",
        "3.1. Tổ chức Tháng hành động vì bình đẳng giới",
        "Phòng Lao động - Thương binh và Xã hội (phối hợp: Phòng Văn hóa và Thông tin)",
        "Tháng hành động (15/11–15/12/2024)",
        "Đã hoàn thành: Lễ phát động.",
        "4 hội nghị; 15 lượt người tham dự (10 nữ, 5 nam)",
    ]

    sheet = load_workbook(io.BytesIO(build_xlsx(content)))["Hoạt động"]
    assert sheet.freeze_panes == "C5"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, values_only=False)]
    assert rows[1][0] == 1 and rows[1][4] == "Đã hoàn thành: Lễ phát động."


def test_the_report_page_opens_with_section_one(client, world):
    reported(world, "3.1", account="Lễ phát động.")
    client.force_login(world.users["coordinator"])
    html = client.get(reverse("report_preview", args=[world.plan.code]) + "?period=2024").content.decode()
    assert "đã hoàn thành nhiệm vụ tổ chức Tháng hành động vì bình đẳng giới: lễ phát động." in html
    assert 'id="activities-annex"' in html


def _grow(world, count):
    for number in range(count):
        world.add_activity(f"9.{number}", theme=f"Nhóm {number % 5}")
        reported(world, f"9.{number}", account=f"Kết quả {number}.", events=1, women=2, men=3)


@pytest.mark.parametrize("size", [2, 30])
def test_section_one_and_the_annex_take_a_fixed_number_of_queries(world, size, django_assert_max_num_queries):
    _grow(world, size)
    with django_assert_max_num_queries(19):  # the same at 5 and at 33 activities
        content = build_report_content(world.plan, world.periods["2024"])
    for build in (build_docx, build_xlsx, build_html):
        with django_assert_max_num_queries(0):
            assert build(content)
    assert f"{size} hoạt động đã hoàn thành" in section_text(content, "direction")
