"""Pages and exports run a fixed number of SQL queries, however large the plan."""

import pytest
from django.urls import reverse

from indicators.models import Assignment, Indicator, Target
from indicators.workbooks.plan import plan_workbook_write
from plans.models import Role
from plans.services import user_create
from tests.factories import AgencyFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def generated_plan(indicator_count: int):
    """A plan of `indicator_count` indicators over 10 goals, each with two milestones and three agencies."""
    plan = PlanFactory(code=f"GEN-{indicator_count}", end_year=2030)
    goals = [GoalFactory(plan=plan, number=n) for n in range(1, 11)]
    agencies = [AgencyFactory(unit=plan.territory) for _ in range(12)]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            goal=goals[n % 10],
            code=f"{n % 10 + 1}.{n}",
            position=n,
            name=f"Tỷ lệ {n}",
            unit="%",
            kind="percent",
            factor=100,
            direction="increase",
        )
        for n in range(indicator_count)
    )
    Target.objects.bulk_create(
        Target(indicator=indicator, year=year, value_number=50 + year % 10)
        for indicator in indicators
        for year in (2025, 2030)
    )
    Assignment.objects.bulk_create(
        Assignment(indicator=indicator, agency=agencies[(n + k) % 12], role=role)
        for n, indicator in enumerate(indicators)
        for k, role in enumerate(("lead", "coordinating", "data_provider"))
    )
    return plan


@pytest.mark.parametrize("size", [10, 100])
def test_plan_workbook_export_queries_do_not_grow(size, django_assert_max_num_queries):
    plan = generated_plan(size)
    with django_assert_max_num_queries(4):
        data = plan_workbook_write(plan)
    assert len(data) > 0


@pytest.mark.parametrize("size", [10, 100])
def test_admin_indicator_list_queries_do_not_grow(client, size, django_assert_max_num_queries):
    plan = generated_plan(size)
    coordinator = user_create(username="c", password="x", role=Role.COORDINATOR, unit=plan.territory)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:indicators_indicator_changelist"), {"all": ""})
    assert response.status_code == 200
    assert response.context["cl"].result_count == size


@pytest.mark.parametrize("size", [10, 100])
def test_admin_goal_page_with_its_indicators_queries_do_not_grow(client, size, django_assert_max_num_queries):
    plan = generated_plan(size)
    coordinator = user_create(username="c", password="x", role=Role.COORDINATOR, unit=plan.territory)
    client.force_login(coordinator)
    goal = plan.goals.get(number=1)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:plans_goal_change", args=[goal.pk]))
    assert response.status_code == 200
