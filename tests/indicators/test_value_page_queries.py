"""The figure pages run a fixed number of SQL queries, however many indicators, figures and communes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator, PeriodReopening, ValueChange
from plans.models import AdministrativeUnit, Role, UnitLevel
from plans.services import plan_sync_periods, unit_get_or_create, user_create
from tests.indicators.test_query_counts import generated_plan

pytestmark = pytest.mark.django_db


def plan_with_figures(size: int):
    plan = generated_plan(size)
    plan_sync_periods(plan=plan)
    for n in range(3):
        unit_get_or_create(name=f"Xã {n}", level=UnitLevel.COMMUNE, parent=plan.territory)[0]
    Indicator.objects.filter(plan=plan, position__lt=size // 2).update(reported_by_commune=True)
    coordinator = user_create(username="c", password="x", role=Role.COORDINATOR, unit=plan.territory)
    now = timezone.now()
    figures = DataValue.objects.bulk_create(
        DataValue(
            indicator=indicator,
            period=period,
            unit=unit,
            value_number=40 + indicator.position % 7,
            status=["draft", "submitted", "approved", "returned"][indicator.position % 4],
            entered_by=coordinator,
            entered_at=now,
            first_submitted_at=now,
        )
        for indicator in Indicator.objects.filter(plan=plan)
        for period in plan.periods.filter(year__lte=2023)
        for unit in [plan.territory, *AdministrativeUnit.objects.filter(parent=plan.territory)]
        if unit == plan.territory or indicator.reported_by_commune
    )
    ValueChange.objects.bulk_create(
        ValueChange(data_value=f, changed_at=now, changed_by=coordinator, action="submitted", status_after=f.status)
        for f in figures[:200]
    )
    period = plan.periods.get(code="2023")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=3), created_at=now)
    return plan, period, coordinator


@pytest.mark.parametrize("size", [10, 60])
def test_review_entry_and_completeness_queries_do_not_grow(client, size, django_assert_max_num_queries):
    plan, period, coordinator = plan_with_figures(size)
    client.force_login(coordinator)
    agency = plan.indicators.first().assignments.get(role="lead").agency
    pages = {
        "review": (reverse("period_review", args=[plan.code, period.code]), 20),  # +1: the header's unread notices
        "entry": (
            reverse("period_entry", args=[plan.code, period.code]) + f"?agency={agency.pk}",
            24,
        ),  # +1 activities, +1 notices
        "completeness": (
            reverse("period_completeness", args=[plan.code, period.code]),
            21,
        ),  # +1: the header's unread notices
        "history": (
            reverse("value_history", args=[DataValue.objects.filter(indicator__plan=plan).first().pk]),
            11,
        ),  # +1: the header's unread notices
    }
    for name, (url, limit) in pages.items():
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, name


@pytest.mark.parametrize("size", [10, 60])
def test_reporter_home_queries_do_not_grow(client, size, django_assert_max_num_queries):
    plan, period, _ = plan_with_figures(size)
    agency = plan.indicators.first().assignments.get(role="lead").agency
    reporter = user_create(username="r", password="x", role=Role.REPORTER, unit=plan.territory, agency=agency)
    client.force_login(reporter)
    with django_assert_max_num_queries(18):  # +1: whether the agency leads activities of the plan; +1 notices
        response = client.get(reverse("reporter_home"))
    assert response.status_code == 200
