"""The figures in the admin: listed within the editor's scope, approved through the review service, never edited."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator, ValueChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(bac_yen):
    now = timezone.now()
    return [
        DataValue.objects.create(
            indicator=Indicator.objects.get(plan=bac_yen, code=code),
            period=bac_yen.periods.get(code="2024"),
            unit=bac_yen.territory,
            value_number=Decimal(30),
            status="submitted",
            entered_at=now,
        )
        for code in ("1.1a", "1.1b")
    ]


def test_the_plan_coordinator_approves_chosen_figures_in_the_admin_and_they_are_audited(client, users, waiting):
    client.force_login(users["coordinator"])
    url = reverse("admin:indicators_datavalue_changelist")
    assert client.get(url).status_code == 200

    client.post(url, {"action": "approve_chosen", "_selected_action": [waiting[0].pk]})

    assert list(DataValue.objects.order_by("pk").values_list("status", flat=True)) == ["approved", "submitted"]
    change = ValueChange.objects.get()
    assert (change.action, change.changed_by, change.status_after) == ("approved", users["coordinator"], "approved")


def test_another_unit_s_coordinator_neither_sees_nor_approves_them(client, users, waiting):
    client.force_login(users["other_coordinator"])
    url = reverse("admin:indicators_datavalue_changelist")
    page = client.get(url)
    assert page.status_code == 200 and page.context["cl"].result_count == 0

    client.post(url, {"action": "approve_chosen", "_selected_action": [v.pk for v in waiting]})

    assert set(DataValue.objects.values_list("status", flat=True)) == {"submitted"}
    assert not ValueChange.objects.exists()


@pytest.mark.parametrize("role", ["leader", "reporter"])
def test_leaders_and_reporters_have_no_admin(client, users, waiting, role):
    client.force_login(users[role])
    response = client.get(reverse("admin:indicators_datavalue_changelist"))
    assert response.status_code == 302  # to the admin's login: not staff
    assert set(DataValue.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_figure_cannot_be_edited_or_deleted_in_the_admin(client, users, waiting):
    client.force_login(users["administrator"])
    page = client.get(reverse("admin:indicators_datavalue_change", args=[waiting[0].pk]))
    assert page.status_code == 200 and 'name="value_number"' not in page.content.decode()
    assert (
        client.post(reverse("admin:indicators_datavalue_delete", args=[waiting[0].pk]), {"post": "yes"}).status_code
        == 403
    )
    assert DataValue.objects.count() == 2
