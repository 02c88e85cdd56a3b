"""Invariants the database itself enforces, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Target
from plans.models import Role
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_plan_years_must_be_in_order():
    refused(lambda: PlanFactory(start_year=2025, end_year=2021))


def test_plan_deadline_needs_day_and_month():
    refused(lambda: PlanFactory(annual_deadline_month=None))
    refused(lambda: PlanFactory(half_year_deadline_month=13))


def test_plan_codes_are_unique():
    PlanFactory(code="A")
    refused(lambda: PlanFactory(code="A"))


def test_agency_names_are_unique_in_a_territory_ignoring_case_and_spaces():
    unit = UnitFactory()
    AgencyFactory(unit=unit, name="Phòng Nội vụ")
    refused(lambda: AgencyFactory(unit=unit, name="phòng  nội VỤ"))
    AgencyFactory(name="Phòng Nội vụ")  # another territory may have its own


def test_goal_numbers_are_unique_in_a_plan():
    goal = GoalFactory(number=1)
    refused(lambda: GoalFactory(plan=goal.plan, number=1))


def test_indicator_codes_are_unique_in_a_plan():
    indicator = IndicatorFactory(code="3.2a")
    refused(lambda: IndicatorFactory(goal=GoalFactory(plan=indicator.plan), code="3.2a"))


def test_percent_indicators_have_factor_100_and_a_direction():
    refused(lambda: IndicatorFactory(kind="percent", factor=1000))
    refused(lambda: IndicatorFactory(kind="percent", direction=""))
    refused(lambda: IndicatorFactory(kind="boolean", direction="increase", factor=1))
    refused(lambda: IndicatorFactory(baseline_value=120, baseline_year=2020))
    refused(lambda: IndicatorFactory(kind="count", factor=1, baseline_value=-1, baseline_year=2020))


def test_a_target_holds_exactly_one_value_and_one_per_year():
    target = TargetFactory(year=2025, value_number=35)
    refused(lambda: Target.objects.create(indicator=target.indicator, year=2025, value_number=40))
    refused(lambda: Target.objects.create(indicator=target.indicator, year=2030, value_number=40, value_text="x"))
    refused(lambda: Target.objects.create(indicator=target.indicator, year=2030))
    refused(lambda: Target.objects.create(indicator=target.indicator, year=2030, value_number=-1))


def test_an_agency_has_a_role_once_per_indicator():
    assignment = AssignmentFactory(role="lead")
    refused(lambda: AssignmentFactory(indicator=assignment.indicator, agency=assignment.agency, role="lead"))
    AssignmentFactory(indicator=assignment.indicator, agency=assignment.agency, role="data_provider")


def test_reporters_belong_to_an_agency_and_users_to_a_unit():
    refused(lambda: UserFactory(role=Role.REPORTER, agency=None))
    refused(lambda: UserFactory(role=Role.LEADER, unit=None))
    UserFactory(role=Role.ADMINISTRATOR, unit=None)
