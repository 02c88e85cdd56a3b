"""The access policy (plans.access, indicators.access), role by role: for each permission, who gets it, and — for every
object of a small world — that the yes/no answer and the queryset agree, so a list and a check can never disagree.

The world: tỉnh P with xã C1 and xã C2 (after the 2025 reform) and an old huyện D with xã C3 (kept for 2021–2025),
tỉnh Q elsewhere. Plans: P's 2026–2030 plan, C1's own plan, Q's plan, and P's 2021–2025 plan.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from indicators import access as figures
from indicators.models import DataValue, ValueStatus
from plans import access
from plans.levels import DISTRICTS_END
from plans.models import Role, UnitLevel
from plans.services import agency_get_or_create, plan_sync_periods, user_create
from tests.factories import AssignmentFactory, GoalFactory, IndicatorFactory, PlanFactory, TargetFactory, UnitFactory

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "inactive",
    "administrator",
    "coordinator_p",
    "leader_p",
    "reporter_p",
    "coordinator_c1",
    "leader_c1",
    "reporter_c1",
    "reporter_c2",
    "coordinator_q",
]


@pytest.fixture
def world():
    p = UnitFactory(name="P", level=UnitLevel.PROVINCE)
    q = UnitFactory(name="Q", level=UnitLevel.PROVINCE)
    c1 = UnitFactory(name="C1", level=UnitLevel.COMMUNE, parent=p, valid_from=date(2025, 7, 1))
    c2 = UnitFactory(name="C2", level=UnitLevel.COMMUNE, parent=p, valid_from=date(2025, 7, 1))
    d = UnitFactory(name="D", level=UnitLevel.DISTRICT, parent=p)
    c3 = UnitFactory(name="C3", level=UnitLevel.COMMUNE, parent=d)
    assert d.valid_until == c3.valid_until == DISTRICTS_END
    plans = {
        "plan_p": PlanFactory(code="P-2026", territory=p, start_year=2026, end_year=2030),
        "plan_c1": PlanFactory(code="C1-2026", territory=c1, start_year=2026, end_year=2030),
        "plan_q": PlanFactory(code="Q-2026", territory=q, start_year=2026, end_year=2030),
        "plan_p_old": PlanFactory(code="P-2021", territory=p, start_year=2021, end_year=2025),
    }
    agencies = {
        "so_p": agency_get_or_create(name="Sở P", unit=p)[0],
        "ubnd_c1": agency_get_or_create(name="UBND C1", unit=c1)[0],
        "ubnd_c2": agency_get_or_create(name="UBND C2", unit=c2)[0],
        "so_q": agency_get_or_create(name="Sở Q", unit=q)[0],
    }
    indicators = {}
    for key, plan in plans.items():
        plan_sync_periods(plan=plan)
        goal = GoalFactory(plan=plan, number=1)
        lead = {"plan_q": agencies["so_q"], "plan_c1": agencies["ubnd_c1"]}.get(key, agencies["so_p"])
        for code, by_unit in (("1.1", True), ("1.2", False)):
            indicator = IndicatorFactory(goal=goal, plan=plan, code=code, reported_by_commune=by_unit)
            TargetFactory(indicator=indicator, year=plan.end_year)
            AssignmentFactory(indicator=indicator, agency=lead)
            indicators[f"{key}/{code}"] = indicator
    values = {}
    now = timezone.now()
    for key, indicator, unit in (
        ("p_territory", indicators["plan_p/1.2"], p),
        ("p_c1", indicators["plan_p/1.1"], c1),
        ("p_c2", indicators["plan_p/1.1"], c2),
        ("c1_own", indicators["plan_c1/1.2"], c1),
        ("q", indicators["plan_q/1.2"], q),
    ):
        values[key] = DataValue.objects.create(
            indicator=indicator,
            period=indicator.plan.periods.get(code="2026S1"),
            unit=unit,
            value_number=Decimal(50),
            status=ValueStatus.SUBMITTED,
            entered_at=now,
        )
    inactive = user_create(username="inactive", password="x", role=Role.LEADER, unit=p)
    inactive.is_active = False
    inactive.save()
    users = {
        "anonymous": AnonymousUser(),
        "inactive": inactive,
        "administrator": user_create(username="admin", password="x", role=Role.ADMINISTRATOR, unit=None),
        "coordinator_p": user_create(username="cp", password="x", role=Role.COORDINATOR, unit=p),
        "leader_p": user_create(username="lp", password="x", role=Role.LEADER, unit=p),
        "reporter_p": user_create(username="rp", password="x", role=Role.REPORTER, unit=p, agency=agencies["so_p"]),
        "coordinator_c1": user_create(username="cc1", password="x", role=Role.COORDINATOR, unit=c1),
        "leader_c1": user_create(username="lc1", password="x", role=Role.LEADER, unit=c1),
        "reporter_c1": user_create(
            username="rc1", password="x", role=Role.REPORTER, unit=c1, agency=agencies["ubnd_c1"]
        ),
        "reporter_c2": user_create(
            username="rc2", password="x", role=Role.REPORTER, unit=c2, agency=agencies["ubnd_c2"]
        ),
        "coordinator_q": user_create(username="cq", password="x", role=Role.COORDINATOR, unit=q),
    }
    units = {"p": p, "q": q, "c1": c1, "c2": c2, "d": d, "c3": c3}
    return {
        "users": users,
        "plans": plans,
        "units": units,
        "agencies": agencies,
        "indicators": indicators,
        "values": values,
    }


def _agree(user, objects: dict, yes_no, queryset) -> set[str]:
    """The keys the user gets, after checking the yes/no and the queryset give the same answer for each object."""
    members = set(queryset.values_list("pk", flat=True))
    granted = set()
    for key, obj in objects.items():
        answer = yes_no(user, obj)
        assert answer == (obj.pk in members), (key, answer)
        if answer:
            granted.add(key)
    return granted


PLANS_SEEN = {
    "anonymous": set(),
    "inactive": set(),
    "administrator": {"plan_p", "plan_c1", "plan_q", "plan_p_old"},
    "coordinator_p": {"plan_p", "plan_c1", "plan_p_old"},
    "leader_p": {"plan_p", "plan_c1", "plan_p_old"},
    "reporter_p": {"plan_p", "plan_c1", "plan_p_old"},
    # A commune's people see the province's plans for their commune: 2026–2030, and 2021–2025 too (C1 existed in
    # its last half-year).
    "coordinator_c1": {"plan_p", "plan_c1", "plan_p_old"},
    "leader_c1": {"plan_p", "plan_c1", "plan_p_old"},
    "reporter_c1": {"plan_p", "plan_c1", "plan_p_old"},
    "reporter_c2": {"plan_p", "plan_p_old"},
    "coordinator_q": {"plan_q"},
}
PLANS_MANAGED = {
    "administrator": {"plan_p", "plan_c1", "plan_q", "plan_p_old"},
    "coordinator_p": {"plan_p", "plan_c1", "plan_p_old"},
    "coordinator_c1": {"plan_c1"},
    "coordinator_q": {"plan_q"},
}


@pytest.mark.parametrize("role", ROLES)
def test_plans_seen_and_managed(world, role):
    user = world["users"][role]
    assert _agree(user, world["plans"], access.may_see_plan, access.plans_visible_to(user)) == PLANS_SEEN[role]
    managed = _agree(user, world["plans"], access.may_manage_plan, access.plans_managed_by(user))
    assert managed == PLANS_MANAGED.get(role, set())
    assert _agree(user, world["plans"], figures.may_review, figures.plans_reviewed_by(user)) == managed


@pytest.mark.parametrize("role", ROLES)
def test_the_part_of_a_plan_a_user_sees(world, role):
    user, plans, units = world["users"][role], world["plans"], world["units"]
    if "plan_p" not in PLANS_SEEN[role]:
        return
    expected = units["c1"] if role.endswith("_c1") else units["c2"] if role.endswith("_c2") else units["p"]
    assert access.plan_scope(user, plans["plan_p"]) == expected


UNITS_SEEN = {
    "administrator": {"p", "q", "c1", "c2", "d", "c3"},
    "coordinator_p": {"p", "c1", "c2", "d", "c3"},
    "leader_p": {"p", "c1", "c2", "d", "c3"},
    "reporter_p": {"p", "c1", "c2", "d", "c3"},
    "coordinator_c1": {"c1"},
    "leader_c1": {"c1"},
    "reporter_c1": {"c1"},
    "reporter_c2": {"c2"},
    "coordinator_q": {"q"},
}
UNITS_MANAGED = {
    "administrator": {"p", "q", "c1", "c2", "d", "c3"},
    "coordinator_p": {"p", "c1", "c2", "d", "c3"},
    "coordinator_c1": {"c1"},
    "coordinator_q": {"q"},
}


@pytest.mark.parametrize("role", ROLES)
def test_units_seen_and_managed_and_agencies_with_them(world, role):
    user, units, agencies = world["users"][role], world["units"], world["agencies"]
    assert _agree(user, units, access.may_see_unit, access.units_visible_to(user)) == UNITS_SEEN.get(role, set())
    assert _agree(user, units, access.may_manage_unit, access.units_managed_by(user)) == UNITS_MANAGED.get(role, set())
    agency_unit = {"so_p": "p", "ubnd_c1": "c1", "ubnd_c2": "c2", "so_q": "q"}
    seen = {key for key, unit in agency_unit.items() if unit in UNITS_SEEN.get(role, set())}
    managed = {key for key, unit in agency_unit.items() if unit in UNITS_MANAGED.get(role, set())}
    assert _agree(user, agencies, access.may_see_agency, access.agencies_visible_to(user)) == seen
    assert _agree(user, agencies, access.may_manage_agency, access.agencies_managed_by(user)) == managed
    assert access.may_restructure_units(user) == (role == "administrator")


@pytest.mark.parametrize("role", ROLES)
def test_reporter_accounts_managed(world, role):
    user, users = world["users"][role], world["users"]
    reporters = {key: users[key] for key in ("reporter_p", "reporter_c1", "reporter_c2")}
    expected = {
        "administrator": set(reporters),
        "coordinator_p": set(reporters),
        "coordinator_c1": {"reporter_c1"},
    }.get(role, set())
    assert _agree(user, reporters, access.may_manage_reporter, access.reporters_managed_by(user)) == expected


FIGURES_SEEN = {
    "administrator": {"p_territory", "p_c1", "p_c2", "c1_own", "q"},
    "coordinator_p": {"p_territory", "p_c1", "p_c2", "c1_own"},
    "leader_p": {"p_territory", "p_c1", "p_c2", "c1_own"},
    # The Sở leads 1.1 and 1.2 of P's plan: every unit of them; not C1's own plan (not its part).
    "reporter_p": {"p_territory", "p_c1", "p_c2"},
    "coordinator_c1": {"p_c1", "c1_own"},
    "leader_c1": {"p_c1", "c1_own"},
    "reporter_c1": {"p_c1", "c1_own"},
    "reporter_c2": {"p_c2"},
    "coordinator_q": {"q"},
}


@pytest.mark.parametrize("role", ROLES)
def test_figures_seen(world, role):
    user = world["users"][role]
    assert _agree(user, world["values"], figures.may_see_value, figures.values_visible_to(user)) == FIGURES_SEEN.get(
        role, set()
    )


@pytest.mark.parametrize("role", ROLES)
def test_indicators_seen(world, role):
    user, plan = world["users"][role], world["plans"]["plan_p"]
    indicators = {key: i for key, i in world["indicators"].items() if key.startswith("plan_p/")}
    members = set(figures.indicators_visible_to(user, plan).values_list("pk", flat=True))
    for key, indicator in indicators.items():
        assert figures.may_see_indicator(user, indicator) == (indicator.pk in members), key
    expected = {
        "reporter_c1": {"plan_p/1.1"},  # a commune's agency: the indicators reported by unit
        "reporter_c2": {"plan_p/1.1"},
        "coordinator_q": set(),
        "anonymous": set(),
        "inactive": set(),
    }.get(role, {"plan_p/1.1", "plan_p/1.2"})
    assert {key for key, i in indicators.items() if i.pk in members} == expected


def test_what_each_agency_reports_and_where(world):
    plan, agencies, units, indicators = world["plans"]["plan_p"], world["agencies"], world["units"], world["indicators"]
    by_unit, territory_only = indicators["plan_p/1.1"], indicators["plan_p/1.2"]
    cases = {
        "so_p": ({"plan_p/1.1", "plan_p/1.2"}, {by_unit: {"p", "c1", "c2"}, territory_only: {"p"}}),
        "ubnd_c1": ({"plan_p/1.1"}, {by_unit: {"c1"}, territory_only: set()}),
        "so_q": (set(), {by_unit: set(), territory_only: set()}),
    }
    for key, (reported, where) in cases.items():
        agency = agencies[key]
        queryset = set(figures.indicators_reported_by(agency, plan).values_list("pk", flat=True))
        for name in ("plan_p/1.1", "plan_p/1.2"):
            indicator = indicators[name]
            assert figures.agency_reports(agency, indicator) == (indicator.pk in queryset) == (name in reported)
        for indicator, expected in where.items():
            members = set(figures.units_reported_by(agency, indicator).values_list("pk", flat=True))
            for unit_key, unit in units.items():
                # A district abolished in 2025 is no unit of a 2026–2030 plan.
                answer = figures.agency_reports_unit(agency, indicator, unit) and unit.pk in {
                    u.pk for u in units.values() if unit_key not in ("d", "c3")
                }
                assert answer == (unit.pk in members) == (unit_key in expected), (key, indicator.code, unit_key)


@pytest.mark.parametrize(
    ("status", "reviewer", "enters", "is_open", "actions"),
    [
        (None, False, True, True, {"edit", "submit"}),
        ("draft", False, True, True, {"edit", "submit", "history"}),
        ("submitted", False, True, True, {"edit", "submit", "history"}),
        ("submitted", True, False, True, {"approve", "return", "history"}),
        ("approved", True, False, True, {"unapprove", "history"}),
        ("approved", False, True, True, {"history"}),
        ("returned", False, True, False, {"history"}),  # locked: nothing to do but read
        ("returned", True, True, True, {"edit", "submit", "history"}),
    ],
)
def test_the_actions_on_a_figure(status, reviewer, enters, is_open, actions):
    result = figures.value_actions(
        status=status, reviewer=reviewer, may_enter_it=enters, period_open=is_open, exists=status is not None
    )
    assert set(result.codes) == actions
