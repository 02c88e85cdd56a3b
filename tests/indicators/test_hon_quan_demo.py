"""The Hớn Quản demo (seed 001): the 2021–2030 plan as far as the seed tells it, the 2024 work plan with the
tasks it gives each agency, its users and a few invented reports, loaded again without doubling anything."""

from datetime import date

import pytest

from indicators.demo_hon_quan import PLAN_CODE, USERS, hon_quan_demo_load
from indicators.models import Activity, ActivityReport, Assignment, Indicator, PeriodReopening, WorkPlan
from plans.models import Plan, User
from reports.content import build_report_content, section_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(media):
    assert hon_quan_demo_load(password="BinhDang@2025") == 12
    return Plan.objects.select_related("territory").get(code=PLAN_CODE)


def test_the_plan_holds_only_what_seed_001_says(demo):
    assert (demo.document_number, demo.issue_date, demo.start_year, demo.end_year) == (
        "180/KH-UBND",
        date(2021, 7, 27),
        2021,
        2030,
    )
    assert demo.territory.label == "huyện Hớn Quản"
    assert list(demo.goals.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    leads = {
        code: sorted(
            Assignment.objects.filter(indicator__plan=demo, indicator__code=code, role="lead").values_list(
                "agency__name", "scope_note"
            )
        )
        for code in ("2.1", "3.2", "4", "5.4", "6.4")
    }
    assert leads == {
        "2.1": [("Phòng Lao động - Thương binh và Xã hội", "")],
        "3.2": [
            ("Phòng Lao động - Thương binh và Xã hội", "số liệu về bạo lực trên cơ sở giới"),
            ("Phòng Văn hóa và Thông tin", ""),
        ],
        "4": [("Trung tâm Y tế", "")],
        "5.4": [("Phòng Tài chính - Kế hoạch", "")],
        "6.4": [("Phòng Văn hóa và Thông tin", "")],
    }
    # Named by number only, and the notes say so.
    assert all(
        "chỉ nêu số thứ tự" in notes for notes in Indicator.objects.filter(plan=demo).values_list("notes", flat=True)
    )


def test_the_work_plan_gives_each_agency_its_action_month(demo):
    work_plan = WorkPlan.objects.get(plan=demo, year=2024)
    assert work_plan.code == "HONQUAN-2024" and work_plan.activities.count() == 45
    action_month = Activity.objects.filter(
        work_plan=work_plan, start_date=date(2024, 11, 15), end_date=date(2024, 12, 15)
    )
    assert sorted(action_month.values_list("code", "lead_agency__name")) == [
        ("3.1", "Phòng Lao động - Thương binh và Xã hội"),
        ("3.2", "Phòng Văn hóa và Thông tin"),
        ("3.3", "Ủy ban nhân dân các xã, thị trấn"),
    ]


def test_users_reports_and_evidence_and_a_second_load_changes_nothing(demo, media):
    assert set(User.objects.values_list("username", flat=True)) >= {username for username, *_ in USERS}
    statuses = sorted(ActivityReport.objects.values_list("status", flat=True))
    assert statuses.count("approved") == 8 and statuses.count("submitted") == 2
    assert statuses.count("returned") == 1 and statuses.count("draft") == 1
    assert ActivityReport.objects.get(activity__code="1.3").progress == "dropped"
    files = sorted(path.name for path in media.rglob("*") if path.is_file())
    assert len(files) == 4
    assert hon_quan_demo_load(password="BinhDang@2025") == 0
    assert ActivityReport.objects.count() == 12 and PeriodReopening.objects.filter(period__plan=demo).count() == 2
    text = section_text(build_report_content(demo, demo.periods.get(code="2024")), "direction")
    assert "Phòng Lao động - Thương binh và Xã hội đã hoàn thành nhiệm vụ tổ chức “Tháng hành động" in text
    assert "chuyên trang" not in text  # submitted, not approved
