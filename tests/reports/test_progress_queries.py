"""The dashboard's and the API's SQL queries do not grow with goals, indicators, figures or periods."""

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator
from plans.models import Role
from plans.services import plan_sync_periods, user_create
from tests.indicators.test_query_counts import generated_plan
from tests.openapi import validate_response

pytestmark = pytest.mark.django_db


def plan_with_history(size: int):
    """`size` indicators over 10 goals, 20 periods (2021–2030), an approved figure for each in every period."""
    plan = generated_plan(size)
    plan_sync_periods(plan=plan)
    now = timezone.now()
    DataValue.objects.bulk_create(
        DataValue(
            indicator=indicator,
            period=period,
            unit=plan.territory,
            value_number=20 + (n + indicator.position) % 50,
            status="approved",
            entered_at=now,
            first_submitted_at=now,
        )
        for indicator in Indicator.objects.filter(plan=plan)
        for n, period in enumerate(plan.periods.all())
    )
    leader = user_create(username="l", password="x", role=Role.LEADER, unit=plan.territory)
    return plan, leader


@pytest.mark.parametrize("size", [10, 100])
def test_dashboard_api_and_indicator_page_queries_are_fixed(client, size, django_assert_max_num_queries):
    plan, leader = plan_with_history(size)
    assert DataValue.objects.filter(indicator__plan=plan).count() == size * 20
    client.force_login(leader)
    # (url, measured count, the same at 10 and at 100 indicators)
    pages = {
        "dashboard": (
            reverse("dashboard", args=[plan.code]) + "?period=2030",
            20,
        ),  # 1: the activities card, 1: the header's unread notices, 2: what the drill-down is kept under
        # opened again, nothing changed: the verdicts come from what was kept (reports.drilldown)
        "dashboard kept": (reverse("dashboard", args=[plan.code]) + "?period=2030", 13),
        "api": (reverse("api_plan_progress", args=[plan.code]) + "?period=2030", 15),
        "escap": (reverse("api_plan_progress", args=[plan.code]) + "?period=2028S1&method=escap", 15),
        "indicator": (
            reverse("indicator_detail", args=[plan.code, Indicator.objects.filter(plan=plan).first().code])
            + "?period=2030",
            19,  # with the header's unread notices
        ),
    }
    for name, (url, limit) in pages.items():
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, name
        if name in ("api", "escap"):
            validate_response(response)
    data = validate_response(client.get(pages["api"][0])).json()
    assert sum(len(goal["indicators"]) for goal in data["goals"]) == size
