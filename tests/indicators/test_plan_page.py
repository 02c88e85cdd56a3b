"""The plan page outside the admin, the plan list's current period, and the blank plan workbook: every role."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import DataValue, Indicator, PeriodReopening
from indicators.workbooks.plan import INDICATOR_SHEET, PLAN_SHEET
from plans.models import Agency, Plan
from tests.factories import GoalFactory, IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def submitted(plan, code, period):
    return DataValue.objects.create(
        indicator=Indicator.objects.get(plan=plan, code=code),
        period=plan.periods.get(code=period),
        unit=plan.territory,
        value_number=Decimal("12.5"),
        status="submitted",
        entered_at=timezone.now(),
    )


def state(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values()),
        list(Indicator.objects.filter(plan=plan).values()),
        list(DataValue.objects.values()),
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 302),  # to the reporter's home
        ("other_coordinator", 404),
        ("leader", 200),
        ("coordinator", 200),
        ("administrator", 200),
    ],
)
def test_the_plan_page_by_role(client, users, bac_yen, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    before = state(bac_yen)
    response = client.get(reverse("plan_detail", args=[bac_yen.code]))
    assert response.status_code == status
    if role == "reporter":
        assert response["Location"] == reverse("reporter_home")
    assert state(bac_yen) == before
    page = response.content.decode()
    if status == 200:
        assert bac_yen.title in page
        first = Indicator.objects.filter(plan=bac_yen).order_by("position", "code").first()
        assert first.name in page
        assert "Phòng Nội vụ" in page
        # only a coordinator (or an administrator) is offered the workbook import and the next plan
        assert (reverse("plan_import") in page) == (role != "leader")
        assert (reverse("plan_carry_forward", args=[bac_yen.code]) in page) == (role != "leader")


def test_the_plan_page_says_how_each_period_stands_and_what_waits(client, users, bac_yen):
    submitted(bac_yen, Indicator.objects.filter(plan=bac_yen).first().code, "2025")
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    until = timezone.localdate() + timedelta(days=10)
    PeriodReopening.objects.create(
        period=bac_yen.periods.get(code="2025"),
        agency=noi_vu,
        until=until,
        note="Bổ sung số liệu",
        created_at=timezone.now(),
    )
    client.force_login(users["coordinator"])
    page = client.get(reverse("plan_detail", args=[bac_yen.code])).content.decode()
    row = page[page.index('id="period-2025"') :]
    row = row[: row.index("</tr>")]
    assert "Năm 2025" in row and "2025S1" not in row.replace('id="period-2025"', "")
    assert f"mở lại cho Phòng Nội vụ đến {until:%d/%m/%Y}" in row
    assert f'{reverse("period_review", args=[bac_yen.code, "2025"])}?status=submitted">1</a>' in row
    earlier = page[page.index('id="period-2021S1"') :]
    assert "Đã khóa" in earlier[: earlier.index("</tr>")]


def test_the_plan_page_costs_the_same_whatever_the_number_of_indicators(
    client, users, bac_yen, django_assert_max_num_queries
):
    client.force_login(users["coordinator"])
    url = reverse("plan_detail", args=[bac_yen.code])
    with django_assert_max_num_queries(15) as small:  # the header counts unread notices: one query
        client.get(url)
    goal = GoalFactory(plan=bac_yen, number=99)
    for n in range(40):
        indicator = IndicatorFactory(plan=bac_yen, goal=goal, code=f"99.{n}")
        TargetFactory(indicator=indicator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "99.39" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "current", "waiting"),
    [("leader", True, True), ("coordinator", True, True), ("administrator", True, True)],
)
def test_the_plan_list_shows_the_current_period_its_state_and_the_figures_waiting(
    client, users, bac_yen, role, current, waiting
):
    code = Indicator.objects.filter(plan=bac_yen).first().code
    submitted(bac_yen, code, "2025")
    client.force_login(users[role])
    page = client.get(reverse("plan_list")).content.decode()
    card = page[page.index(bac_yen.title) :]
    # the plan ended in 2025: its last period is the current one, locked
    assert "Kỳ hiện tại: Năm 2025" in card
    assert "Đã khóa" in card
    assert "1 số liệu chờ duyệt" in card
    assert reverse("plan_detail", args=[bac_yen.code]) in page


def test_the_plan_list_costs_the_same_whatever_the_number_of_plans(
    client, users, bac_yen, django_assert_max_num_queries
):
    client.force_login(users["administrator"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("plan_list"))
    for n in range(5):
        plan = Plan.objects.create(
            code=f"THEM-{n}",
            title=f"Kế hoạch thêm {n}",
            territory=bac_yen.territory,
            start_year=2026,
            end_year=2030,
        )
        plan.periods.create(code="2026S1", year=2026, kind="half_year")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("plan_list")).content.decode()
    assert "Kế hoạch thêm 4" in page


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 200), ("administrator", 200), ("leader", 403), ("reporter", 403)]
)
def test_the_blank_plan_workbook_has_the_sheets_and_headers_the_import_reads(client, users, role, status):
    client.force_login(users[role])
    response = client.get(reverse("plan_template"))
    assert response.status_code == status
    if status == 200:
        book = load_workbook(BytesIO(response.content))
        assert book.sheetnames == [PLAN_SHEET, INDICATOR_SHEET]
        headers = [cell.value for cell in book[INDICATOR_SHEET][1]]
        assert "Mã chỉ tiêu" in headers and "Báo cáo theo địa bàn" in headers
        assert book[INDICATOR_SHEET].max_row == 1  # no indicator: a blank to fill
