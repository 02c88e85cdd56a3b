from datetime import date

import pytest

from plans.models import ReportingPeriod
from plans.periods import PeriodCodeError, deadline_for, parse_period, period_label, plan_period_specs
from plans.services import plan_sync_periods
from tests.factories import PlanFactory


@pytest.mark.parametrize(
    ("text", "code", "time"),
    [
        ("2024S1", "2024S1", 2024.5),
        ("2024s1", "2024S1", 2024.5),
        ("2024", "2024", 2025.0),
        ("6 tháng đầu năm 2024", "2024S1", 2024.5),
        ("6 THÁNG ĐẦU NĂM 2024", "2024S1", 2024.5),
        ("Năm 2024", "2024", 2025.0),
        (" năm  2023 ", "2023", 2024.0),
    ],
)
def test_period_codes_and_vietnamese_words_are_read(text, code, time):
    spec = parse_period(text)
    assert (spec.code, spec.time) == (code, time)


@pytest.mark.parametrize("text", ["2024S2", "24S1", "Quý 1 năm 2024", "", "2024-06"])
def test_other_period_forms_are_refused_in_vietnamese(text):
    with pytest.raises(PeriodCodeError, match="không hợp lệ: dùng YYYYS1"):
        parse_period(text)


def test_labels_are_vietnamese():
    assert period_label("2024S1") == "6 tháng đầu năm 2024"
    assert period_label("2024") == "Năm 2024"


def test_each_plan_year_has_a_half_year_and_a_year_period():
    assert [s.code for s in plan_period_specs(2021, 2022)] == ["2021S1", "2021", "2022S1", "2022"]


@pytest.mark.parametrize(
    ("year", "is_half", "day", "month", "expected"),
    [
        (2024, True, 18, 5, date(2024, 5, 18)),  # Bắc Yên: before 18/5 for the first six months
        (2024, False, 20, 11, date(2024, 11, 20)),  # and before 20/11 for the year
        (2024, False, 5, 12, date(2024, 12, 5)),  # Lai Châu
        (2024, False, 15, 1, date(2025, 1, 15)),  # an annual deadline in January means the next January
        (2023, True, 29, 2, date(2023, 2, 28)),  # 29/02 in a common year falls back to 28/02
    ],
)
def test_deadlines_follow_the_plan(year, is_half, day, month, expected):
    assert deadline_for(year=year, is_half_year=is_half, day=day, month=month) == expected


@pytest.mark.django_db
def test_sync_creates_redates_and_removes_periods():
    plan = PlanFactory(start_year=2021, end_year=2022)
    assert plan_sync_periods(plan=plan)["created"] == ["2021S1", "2021", "2022S1", "2022"]

    plan.end_year, plan.start_year, plan.annual_deadline_day = 2023, 2022, 25
    plan.save()
    changes = plan_sync_periods(plan=plan)

    assert (changes["created"], changes["updated"]) == (["2023S1", "2023"], ["2022"])
    assert sorted(changes["deleted"]) == ["2021", "2021S1"]
    assert list(ReportingPeriod.objects.filter(plan=plan).values_list("code", flat=True).order_by("code")) == [
        "2022",
        "2022S1",
        "2023",
        "2023S1",
    ]
    assert plan_sync_periods(plan=plan) == {"created": [], "updated": [], "deleted": []}


@pytest.mark.django_db
def test_a_plan_without_deadlines_gets_periods_without_deadlines():
    plan = PlanFactory(
        half_year_deadline_day=None, half_year_deadline_month=None, annual_deadline_day=None, annual_deadline_month=None
    )
    plan_sync_periods(plan=plan)
    assert set(plan.periods.values_list("deadline", flat=True)) == {None}
