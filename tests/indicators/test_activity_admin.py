"""Work plans and activities in the admin, scoped as plans are; reports approved there through the service."""

from datetime import date

import pytest
from django.urls import reverse

from indicators.models import Activity, ActivityReport, WorkPlan
from indicators.services.activities import ReportInput, activity_report_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status", "sees"),
    [
        ("coordinator", 200, True),
        ("administrator", 200, True),
        ("other_coordinator", 200, False),
        ("leader", 302, False),
    ],
)
def test_work_plans_and_activities_are_listed_within_the_users_plans(client, world, role, status, sees):
    client.force_login(world.users[role])
    for name in ("workplan", "activity"):
        response = client.get(reverse(f"admin:indicators_{name}_changelist"))
        assert response.status_code == status
        if status == 200:
            assert ("THU-2024" in response.content.decode()) == sees


def test_a_coordinator_adds_an_activity_in_the_action_month(client, world):
    client.force_login(world.users["coordinator"])
    theme = world.themes["tháng hành động"]
    response = client.post(
        reverse("admin:indicators_activity_add"),
        {
            "work_plan": world.work_plan.pk,
            "theme": theme.pk,
            "code": "3.9",
            "position": 9,
            "name": "Diễu hành hưởng ứng Tháng hành động",
            "lead_agency": world.agencies["vhtt"].pk,
            "coordinating_agencies": [world.agencies["phunu"].pk],
            "window": "action_month",
            "start_date": "",
            "end_date": "",
            "indicators": [world.indicators["6.1"].pk],
            "notes": "",
            "outputs-TOTAL_FORMS": 1,
            "outputs-INITIAL_FORMS": 0,
            "outputs-0-position": 1,
            "outputs-0-kind": "participants",
            "outputs-0-label": "người",
            "outputs-0-quantity": 200,
            "outputs-0-women": 120,
            "outputs-0-men": 80,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(code="3.9")
    assert (activity.start_date, activity.end_date) == (date(2024, 11, 15), date(2024, 12, 15))
    assert activity.outputs.get().women == 120


def test_an_activity_of_another_work_plans_theme_is_refused(client, world):
    other = WorkPlan.objects.create(plan=world.plan, year=2025, code="THU-2025", title="Năm 2025", issuing_body="UBND")
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("admin:indicators_activity_add"),
        {
            "work_plan": other.pk,
            "theme": world.themes["tháng hành động"].pk,
            "code": "1.1",
            "position": 1,
            "name": "Thử",
            "lead_agency": world.agencies["vhtt"].pk,
            "window": "year",
            "outputs-TOTAL_FORMS": 0,
            "outputs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Nhóm nhiệm vụ này thuộc kế hoạch năm THU-2024." in response.content.decode()
    assert not Activity.objects.filter(work_plan=other).exists()


def test_reports_are_approved_in_the_admin_through_the_service(client, world):
    report = activity_report_save(
        actor=world.users["reporter_lead"],
        activity=world.activities["3.1"],
        period=world.periods["2024"],
        data=ReportInput(progress="done", account="Xong."),
        submit=True,
    )
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("admin:indicators_activityreport_changelist"),
        {"action": "approve_chosen", "_selected_action": [report.pk]},
        follow=True,
    )
    assert "Đã duyệt 1 báo cáo hoạt động." in response.content.decode()
    assert ActivityReport.objects.get().status == "approved"
    client.force_login(world.users["other_coordinator"])
    listing = client.get(reverse("admin:indicators_activityreport_changelist")).content.decode()
    assert "3.1" not in listing
