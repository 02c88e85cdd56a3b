from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from plans.models import ReportingPeriod
from plans.periods import (
    HALF_YEAR,
    YEAR,
    PeriodCodeError,
    PeriodSpec,
    deadline_for,
    milestone_for,
    parse_period,
    period_label,
    period_time,
    plan_period_specs,
    year_time,
)
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


@pytest.mark.parametrize(
    "text", ["2024S2", "24S1", "Quý 1 năm 2024", "", "2024-06", "12024", "2024 S1", "6 tháng năm 2024"]
)
def test_other_period_forms_are_refused_in_vietnamese(text):
    with pytest.raises(PeriodCodeError, match="không hợp lệ: dùng YYYYS1"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (None, ""),
        ("  Quý 1 ", "Quý 1"),
        ("x" * 40, "x" * 40),
        ("x" * 41, "x" * 40 + "…"),
        ("y" * 500, "y" * 40 + "…"),
    ],
)
def test_a_refused_period_is_quoted_at_most_40_characters_long(text, shown):
    with pytest.raises(PeriodCodeError) as refused:
        parse_period(text)
    assert str(refused.value) == (
        f"Kỳ báo cáo “{shown}” không hợp lệ: dùng YYYYS1 (6 tháng đầu năm) hoặc YYYY (cả năm), ví dụ 2024S1 hoặc 2024."
    )


def test_a_period_number_is_read_as_its_code():
    assert parse_period(2024) == PeriodSpec("2024", 2024, False)


@pytest.mark.parametrize(
    ("code", "spec", "label", "words", "ends_on", "previous", "kind"),
    [
        (
            "2024S1",
            PeriodSpec("2024S1", 2024, True),
            "6 tháng đầu năm 2024",
            "6 tháng đầu năm 2024",
            date(2024, 6, 30),
            "2023S1",
            HALF_YEAR,
        ),
        ("2024", PeriodSpec("2024", 2024, False), "Năm 2024", "năm 2024", date(2024, 12, 31), "2023", YEAR),
    ],
)
def test_what_a_period_knows(code, spec, label, words, ends_on, previous, kind):
    parsed = parse_period(code)
    assert parsed == spec == PeriodSpec.of(spec.year, is_half_year=spec.is_half_year)
    assert (parsed.label, parsed.words, parsed.ends_on, parsed.kind) == (label, words, ends_on, kind)
    assert parsed.previous() == parse_period(previous)


def test_periods_sort_by_time():
    codes = ["2025", "2024", "2025S1", "2024S1", "2023"]
    assert sorted(codes, key=lambda c: parse_period(c).sort_key) == ["2023", "2024S1", "2024", "2025S1", "2025"]
    assert sorted(codes, key=period_time) == ["2023", "2024S1", "2024", "2025S1", "2025"]


def test_times_of_baselines_and_targets_are_the_end_of_their_year():
    assert year_time(2015) == Decimal(2016)
    assert period_time("2015") == year_time(2015) and period_time("2015S1") == Decimal("2015.5")


@dataclass(frozen=True)
class Target:
    year: int


@pytest.mark.parametrize(
    ("time", "year"),
    [
        (Decimal("2024.5"), 2025),
        (Decimal("2026.0"), 2025),  # the target's own time still belongs to it
        (Decimal("2026.5"), 2030),
        (Decimal("2031.0"), 2030),
        (Decimal("2035.0"), 2030),  # after the last milestone: the last one
        (Decimal("2000.0"), 2025),
    ],
)
def test_the_milestone_judging_a_time(time, year):
    assert milestone_for([Target(2025), Target(2030)], time) == Target(year)


def test_no_milestone_judges_nothing():
    assert milestone_for([], Decimal(2025)) is None
    assert milestone_for((), Decimal(2025)) is None


def test_labels_are_vietnamese():
    assert period_label("2024S1") == "6 tháng đầu năm 2024"
    assert period_label("2024") == "Năm 2024"


def test_each_plan_year_has_a_half_year_and_a_year_period():
    assert plan_period_specs(2021, 2022) == [
        PeriodSpec("2021S1", 2021, True),
        PeriodSpec("2021", 2021, False),
        PeriodSpec("2022S1", 2022, True),
        PeriodSpec("2022", 2022, False),
    ]
    assert plan_period_specs(2025, 2025) == [PeriodSpec("2025S1", 2025, True), PeriodSpec("2025", 2025, False)]
    assert plan_period_specs(2026, 2025) == []


@pytest.mark.parametrize(
    ("year", "is_half", "day", "month", "expected"),
    [
        (2024, True, 18, 5, date(2024, 5, 18)),  # Bắc Yên: before 18/5 for the first six months
        (2024, False, 20, 11, date(2024, 11, 20)),  # and before 20/11 for the year
        (2024, False, 5, 12, date(2024, 12, 5)),  # Lai Châu
        (2024, False, 15, 1, date(2025, 1, 15)),  # an annual deadline in January means the next January
        (2023, True, 29, 2, date(2023, 2, 28)),  # 29/02 in a common year falls back to 28/02
        (2024, True, 29, 2, date(2024, 2, 29)),  # but not in a leap year
        (2000, True, 29, 2, date(2000, 2, 29)),  # every 400 years a century is a leap year
        (2100, True, 29, 2, date(2100, 2, 28)),  # other centuries are not
        (2099, False, 29, 2, date(2100, 2, 28)),  # the next year's 29/02 is checked in the next year
        (2023, False, 29, 2, date(2024, 2, 29)),
        (2023, True, 29, 4, date(2023, 4, 29)),  # only February falls back
        (2023, True, 30, 6, date(2023, 6, 30)),
        (2024, False, 30, 6, date(2025, 6, 30)),  # June is still the first half: the next year
        (2024, False, 1, 7, date(2024, 7, 1)),  # July is the second half: the same year
        (2024, True, 15, 7, date(2024, 7, 15)),  # a 6-month deadline always stays in its year
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
