"""Carrying a closing plan forward: the next plan keeps goals, indicators, kinds, directions and agencies; each
baseline is the closing plan's latest approved result; the plans (and indicators) stay linked; nothing of the old
plan changes — by command and in the browser, for the right people only."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from indicators.models import Assignment, DataValue, Indicator, Target
from plans.models import Goal, Plan, UnitLevel
from plans.services import PlanRuleError
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def approve(plan, code, period, value, status="approved"):
    return DataValue.objects.create(
        indicator=Indicator.objects.get(plan=plan, code=code),
        period=plan.periods.get(code=period),
        unit=plan.territory,
        value_number=Decimal(value),
        status=status,
        entered_at=timezone.now(),
    )


def old_plan_state(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values()),
        list(Goal.objects.filter(plan=plan).values()),
        list(Indicator.objects.filter(plan=plan).values()),
        list(Target.objects.filter(indicator__plan=plan).values()),
        list(Assignment.objects.filter(indicator__plan=plan).values()),
        list(DataValue.objects.filter(indicator__plan=plan).values()),
    )


@pytest.fixture
def closing(bac_yen):
    """Bắc Yên's results: 1.1a approved in 2023 and 2025S1 (a later one only submitted), 4.2 in 2024."""
    approve(bac_yen, "1.1a", "2023", "28")
    approve(bac_yen, "1.1a", "2025S1", "31.5")
    approve(bac_yen, "1.1a", "2025", "40", status="submitted")
    approve(bac_yen, "4.2", "2024", "52")
    commune = UnitFactory(name="Bắc Yên", level=UnitLevel.COMMUNE, parent=bac_yen.territory.parent)
    return bac_yen, commune


def test_the_next_plan_keeps_the_structure_and_takes_the_latest_approved_results_as_baselines(closing):
    plan, commune = closing
    before = old_plan_state(plan)
    out = StringIO()

    call_command(
        "carry_forward",
        plan.code,
        "XABACYEN-2026-2030",
        "--years",
        "2026-2030",
        "--territory",
        "xã Bắc Yên",
        stdout=out,
    )

    new = Plan.objects.get(code="XABACYEN-2026-2030")
    assert (new.previous, new.territory, new.start_year, new.end_year) == (plan, commune, 2026, 2030)
    assert "Kế hoạch BACYEN-2021-2025 không thay đổi" in out.getvalue()
    old = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    carried = {i.code: i for i in Indicator.objects.filter(plan=new).prefetch_related("targets", "assignments__agency")}
    assert set(carried) == set(old)
    for code, indicator in carried.items():
        assert indicator.previous == old[code]
        assert (indicator.kind, indicator.direction, indicator.factor) == (
            old[code].kind,
            old[code].direction,
            old[code].factor,
        )
        assert [t.year for t in indicator.targets.all()] == [2030]
    # The latest APPROVED result: 2025S1's 31,5 for 1.1a (2025's 40 is only submitted); 2024's 52 for 4.2.
    assert (carried["1.1a"].baseline_value, carried["1.1a"].baseline_year) == (Decimal("31.5"), 2025)
    assert (carried["4.2"].baseline_value, carried["4.2"].baseline_year) == (Decimal(52), 2024)
    assert carried["2.1"].baseline_value is None and carried["2.1"].baseline_year is None
    # The agencies follow to the new territory (by name), with their roles and scopes.
    old_roles = sorted((a.role, a.agency.name, a.scope_note) for a in Assignment.objects.filter(indicator=old["3.2a"]))
    new_roles = sorted((a.role, a.agency.name, a.scope_note) for a in carried["3.2a"].assignments.all())
    assert new_roles == old_roles
    assert {a.agency.unit for a in carried["3.2a"].assignments.all()} == {commune}
    assert old_plan_state(plan) == before


def test_a_plan_for_an_abolished_district_or_a_used_code_is_refused_and_nothing_is_made(closing):
    plan, _ = closing
    with pytest.raises(CommandError, match="không còn từ 30/06/2025"):
        call_command("carry_forward", plan.code, "BACYEN-2026-2030", "--years", "2026-2030", stdout=StringIO())
    with pytest.raises(CommandError, match="đã được dùng"):
        call_command("carry_forward", plan.code, plan.code, "--years", "2026-2030", stdout=StringIO())
    with pytest.raises(CommandError, match="2026-2030"):
        call_command("carry_forward", plan.code, "X-1", "--years", "2026 đến 2030", stdout=StringIO())
    assert Plan.objects.count() == 2  # Bắc Yên and its parent only


def _page(plan):
    return reverse("plan_carry_forward", args=[plan.code])


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("reporter", 403), ("leader", 403), ("other_coordinator", 404), ("coordinator", 200)],
)
def test_the_page_is_for_the_plan_s_coordinators(client, users, closing, role, status):
    plan, _ = closing
    if role != "anonymous":
        client.force_login(users[role])
    before = Plan.objects.count()

    assert client.get(_page(plan)).status_code == status
    response = client.post(_page(plan), {"code": "NEW-2026-2030", "start_year": 2026, "end_year": 2030})

    if role != "coordinator":
        assert response.status_code == status
        assert Plan.objects.count() == before


def test_a_coordinator_carries_the_plan_forward_in_the_browser_setting_targets(client, users, closing):
    plan, commune = closing
    # Bắc Yên is abolished: its coordinator moves to the commune that carries its name, which manages both.
    client.force_login(users["administrator"])
    page = client.get(_page(plan))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"code": "BY-2026-2030", "target-1.1a": "45,5"}
    carried = {item.indicator.code: item for item in form.carried}
    assert carried["1.1a"].baseline == Decimal("31.5")

    refused = client.post(_page(plan), data | {"target-2.1": "120"})  # a percent over 100
    assert refused.status_code == 200 and "vượt quá 100%" in refused.content.decode()
    assert not Plan.objects.filter(code="BY-2026-2030").exists()

    abolished = client.post(_page(plan), data)  # the district is gone: refused, naming the date
    assert "không còn từ 30/06/2025" in abolished.content.decode()
    assert not Plan.objects.filter(code="BY-2026-2030").exists()

    done = client.post(_page(plan), data | {"territory": "xã Bắc Yên"})

    new = Plan.objects.get(code="BY-2026-2030")
    assert done.status_code == 302 and done.url == reverse("dashboard", args=[new.code])
    assert (new.territory, new.previous) == (commune, plan)
    target = Target.objects.get(indicator__plan=new, indicator__code="1.1a")
    assert (target.year, target.value_number) == (2030, Decimal("45.5"))


def test_the_indicator_page_shows_the_earlier_period(client, users, closing):
    from indicators.services.carry_forward import plan_carry_forward

    plan, commune = closing
    new = plan_carry_forward(
        actor=None, source=plan, code="XA-2026-2030", start_year=2026, end_year=2030, territory=commune
    )
    client.force_login(users["administrator"])

    page = client.get(reverse("indicator_detail", args=[new.code, "1.1a"]) + "?period=2026S1").content.decode()

    assert "Giai đoạn trước: BACYEN-2021-2025" in page and "31,5" in page and "Năm 2023" in page
    old_page = client.get(reverse("indicator_detail", args=[plan.code, "1.1a"]) + "?period=2025").content.decode()
    assert f'href="/plans/{new.code}/indicators/1.1a/"' in old_page


def test_targets_need_a_value_and_the_service_refuses_a_start_before_the_old_plan(closing):
    from indicators.services.carry_forward import plan_carry_forward

    plan, commune = closing
    with pytest.raises(PlanRuleError, match="phải bắt đầu sau năm 2021"):
        plan_carry_forward(actor=None, source=plan, code="Y", start_year=2021, end_year=2025, territory=commune)
    assert not Plan.objects.filter(code="Y").exists()
