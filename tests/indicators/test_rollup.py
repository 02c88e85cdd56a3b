"""The roll-up rule of DESIGN.md 3 in the database: at any depth, a unit's own figure wins over its children's
aggregate, nothing is counted twice, a missing unit lowers the coverage and not the value; per kind."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import DataValue, Indicator, Kind
from indicators.selectors import children_reporting
from plans.models import AdministrativeUnit, UnitLevel
from plans.services import plan_sync_periods
from reports.selectors import children_progress, plan_progress, progress_json
from tests.factories import AssignmentFactory, GoalFactory, IndicatorFactory, PlanFactory, TargetFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Tỉnh Thử → huyện Một (xã 1.1, xã 1.2), huyện Hai (xã 2.1, xã 2.2): three levels, as before 2025."""
    province = UnitFactory(name="Thử", level=UnitLevel.PROVINCE)
    one = UnitFactory(name="Một", level=UnitLevel.DISTRICT, parent=province)
    two = UnitFactory(name="Hai", level=UnitLevel.DISTRICT, parent=province)
    communes = {
        name: UnitFactory(name=name, level=UnitLevel.COMMUNE, parent=district)
        for name, district in (("1.1", one), ("1.2", one), ("2.1", two), ("2.2", two))
    }
    plan = PlanFactory(territory=province, start_year=2021, end_year=2025)
    plan_sync_periods(plan=plan)
    goal = GoalFactory(plan=plan, number=1)
    indicators = {}
    for code, kind, unit, factor in (
        ("rate", Kind.PERCENT, "%", 100),
        ("count", Kind.COUNT, "người", 1),
        ("bare", Kind.PERCENT, "%", 100),
    ):
        indicator = IndicatorFactory(
            goal=goal, plan=plan, code=code, kind=kind, unit=unit, factor=factor, reported_by_commune=True
        )
        TargetFactory(indicator=indicator, year=2025, value_number=50)
        AssignmentFactory(indicator=indicator, agency__unit=province)
        indicators[code] = indicator
    return {"plan": plan, "province": province, "one": one, "two": two, **communes, **indicators}


def figure(world, code, unit, *, value=None, numerator=None, denominator=None, period="2024", status="approved"):
    indicator = world[code]
    if numerator is not None and value is None:
        value = Decimal(numerator) / Decimal(denominator) * indicator.factor
    return DataValue.objects.create(
        indicator=indicator,
        period=world["plan"].periods.get(code=period),
        unit=world[unit],
        value_number=None if value is None else Decimal(value).quantize(Decimal("0.0001")),
        numerator=numerator,
        denominator=denominator,
        status=status,
        entered_at=timezone.now(),
    )


def judged(world, unit="province", period="2024"):
    result = plan_progress(world["plan"], world["plan"].periods.get(code=period), unit=world[unit])
    return {item.indicator.code: item for item in result.items}, result


def test_a_unit_s_own_figure_wins_and_nothing_is_counted_twice(tree):
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "1.2", numerator=1, denominator=4)
    figure(tree, "rate", "one", numerator=6, denominator=10)  # huyện Một entered its own figure: it stands for 1.1, 1.2
    figure(tree, "rate", "2.1", numerator=2, denominator=10)

    items, _ = judged(tree)

    # (6 + 2) / (10 + 10), not (6 + 1 + 1 + 2) / (10 + 4 + 4 + 10) = 35,7 %.
    assert items["rate"].progress.value == Decimal("40.0000")
    assert items["rate"].value_is_aggregated
    # huyện Một covers both its communes; huyện Hai only 2.1 of its two.
    assert (items["rate"].coverage.reported, items["rate"].coverage.expected) == (3, 4)


def test_at_the_middle_level_the_own_figure_wins_and_below_it_the_communes_add_up(tree):
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "1.2", numerator=1, denominator=4)
    figure(tree, "rate", "one", numerator=6, denominator=10)
    figure(tree, "rate", "2.1", numerator=2, denominator=10)

    one, _ = judged(tree, "one")
    two, _ = judged(tree, "two")

    assert one["rate"].progress.value == Decimal(60) and not one["rate"].value_is_aggregated
    assert (one["rate"].coverage.reported, one["rate"].coverage.expected) == (2, 2)
    # A missing commune lowers the coverage, not the value: 2.1 alone is 20 %.
    assert two["rate"].progress.value == Decimal("20.0000")
    assert (two["rate"].coverage.reported, two["rate"].coverage.expected) == (1, 2)


def test_counts_are_summed_with_the_own_figure_winning(tree):
    figure(tree, "count", "1.1", value=5)
    figure(tree, "count", "1.2", value=7)
    figure(tree, "count", "one", value=20)
    figure(tree, "count", "2.1", value=3)

    items, _ = judged(tree)

    assert items["count"].progress.value == Decimal(23)  # 20 + 3, not 35


def test_a_percent_without_numerator_and_denominator_is_not_aggregated(tree):
    figure(tree, "bare", "1.1", value=30)
    figure(tree, "bare", "1.2", value=40)

    items, _ = judged(tree)
    one, _ = judged(tree, "one")

    assert items["bare"].progress.value is None and items["bare"].progress.status == "no_data"
    assert one["bare"].progress.value is None
    # The commune's own figure is its value.
    commune, _ = judged(tree, "1.1")
    assert commune["bare"].progress.value == Decimal(30)


def test_a_province_s_own_figure_stands_for_everything_below_it(tree):
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "province", numerator=9, denominator=10)

    items, _ = judged(tree)

    assert items["rate"].progress.value == Decimal(90)
    assert (items["rate"].coverage.reported, items["rate"].coverage.expected) == (4, 4)


def test_submitted_figures_count_only_when_asked_and_are_marked(tree):
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "1.2", numerator=3, denominator=4, status="submitted")
    period = tree["plan"].periods.get(code="2024")

    approved = plan_progress(tree["plan"], period, unit=tree["province"])
    with_submitted = plan_progress(tree["plan"], period, unit=tree["province"], include_submitted=True)

    rate = {i.indicator.code: i for i in approved.items}["rate"]
    rate_all = {i.indicator.code: i for i in with_submitted.items}["rate"]
    assert rate.progress.value == Decimal(25) and not rate.value_is_unapproved
    assert rate_all.progress.value == Decimal(50) and rate_all.value_is_unapproved


def test_the_json_describes_the_unit_and_the_coverage(tree):
    figure(tree, "rate", "2.1", numerator=2, denominator=10)
    _, result = judged(tree, "two")

    data = progress_json(result)

    assert data["unit"] == {"code": None, "name": "Hai", "level": "district"}
    rate = next(i for i in data["goals"][0]["indicators"] if i["code"] == "rate")
    assert (rate["value"], rate["coverage"]) == (20, {"reported": 1, "expected": 2})


def test_the_drill_down_judges_each_child_as_its_own_progress_does(tree):
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "1.2", numerator=1, denominator=4)
    figure(tree, "rate", "one", numerator=6, denominator=10)
    figure(tree, "rate", "2.1", numerator=2, denominator=10)
    plan, period = tree["plan"], tree["plan"].periods.get(code="2024")
    indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("targets"))

    rows = children_progress(plan, period, tree["province"], indicators=indicators, children=[tree["one"], tree["two"]])

    by_unit = {row.unit.name: row for row in rows}
    for name in ("one", "two"):
        own, _ = judged(tree, name)
        row = by_unit[tree[name].name]
        assert row.progress[tree["rate"].pk] == own["rate"].progress
        assert row.coverage[tree["rate"].pk] == own["rate"].coverage
    assert (by_unit["Hai"].completeness.reported, by_unit["Hai"].completeness.expected) == (1, 6)


@pytest.mark.parametrize("entered_at", ["communes", "a district too", "the province too"])
@pytest.mark.parametrize("include_submitted", [False, True])
def test_a_drill_down_reads_the_figures_once_and_judges_as_the_separate_reads_do(tree, entered_at, include_submitted):
    """The dashboard rolls the figures up per child once and adds them up for the unit: every verdict, coverage
    and mark equals the one read directly, whatever level the figures were entered at."""
    figure(tree, "rate", "1.1", numerator=1, denominator=4)
    figure(tree, "rate", "1.2", numerator=3, denominator=4, status="submitted")
    figure(tree, "rate", "2.1", numerator=2, denominator=10)
    figure(tree, "count", "2.2", value=4)
    figure(tree, "count", "1.1", value=5, period="2023")
    if entered_at != "communes":
        figure(tree, "rate", "one", numerator=6, denominator=10)
        figure(tree, "count", "one", value=20)
    if entered_at == "the province too":
        figure(tree, "count", "province", value=50, status="submitted")
    plan, period = tree["plan"], tree["plan"].periods.get(code="2024")
    for unit in ("province", "one"):
        separate = plan_progress(plan, period, unit=tree[unit], include_submitted=include_submitted)
        once = plan_progress(plan, period, unit=tree[unit], include_submitted=include_submitted, by_child=True)
        for apart, together in zip(separate.items, once.items, strict=True):
            assert (together.progress, together.coverage, together.series) == (
                apart.progress,
                apart.coverage,
                apart.series,
            )
            assert (together.unapproved_periods, together.aggregated_periods) == (
                apart.unapproved_periods,
                apart.aggregated_periods,
            )
        assert once.units_completeness == separate.units_completeness
        children = list(AdministrativeUnit.objects.filter(parent=tree[unit]))
        indicators = [item.indicator for item in once.items]
        arguments = {"indicators": indicators, "children": children, "include_submitted": include_submitted}
        direct = children_progress(plan, period, tree[unit], **arguments)
        shared = children_progress(
            plan, period, tree[unit], below=once.child_rollups, reported=once.child_reported, **arguments
        )
        assert [(row.unit, row.progress, row.coverage, row.completeness) for row in shared] == [
            (row.unit, row.progress, row.coverage, row.completeness) for row in direct
        ]
        # ... and both judge the period asked for: each child as on its own page, its completeness as counted alone
        reporting = {row.unit: row for row in children_reporting(plan, period, tree[unit], children, indicators)}
        for row in direct:
            alone = plan_progress(plan, period, unit=row.unit, include_submitted=include_submitted)
            assert row.progress == {item.indicator.pk: item.progress for item in alone.items}
            assert (row.completeness.reported, row.completeness.expected) == (
                reporting[row.unit].submitted,
                reporting[row.unit].expected,
            )
    rate = next(item for item in once.items if item.indicator.code == "rate")
    assert rate.progress.value is not None  # the scenario has something to compare


def _province_with_communes(count: int):
    province = UnitFactory(name=f"Tỉnh {count}", level=UnitLevel.PROVINCE)
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            name=f"Xã {n}", name_key=f"xã {n}", level=UnitLevel.COMMUNE, parent=province, province_ancestor=province
        )
        for n in range(count)
    )
    plan = PlanFactory(territory=province, start_year=2021, end_year=2025)
    plan_sync_periods(plan=plan)
    indicator = IndicatorFactory(goal__plan=plan, plan=plan, reported_by_commune=True)
    TargetFactory(indicator=indicator)
    now = timezone.now()
    periods = list(plan.periods.filter(year__lte=2024))
    DataValue.objects.bulk_create(
        DataValue(
            indicator=indicator,
            period=period,
            unit=commune,
            numerator=n % 7,
            denominator=10,
            value_number=Decimal(n % 7 * 10),
            status="approved",
            entered_at=now,
        )
        for n, commune in enumerate(AdministrativeUnit.objects.filter(parent=province))
        for period in periods
    )
    return plan


@pytest.mark.parametrize("communes", [10, 1000])
def test_progress_runs_the_same_queries_at_10_and_1000_communes(communes, django_assert_num_queries):
    plan = _province_with_communes(communes)
    period = plan.periods.get(code="2024")
    plan.periods.all()  # the plan's periods are read once by the caller in pages; count what progress does

    with django_assert_num_queries(13):
        result = plan_progress(plan, period)

    item = result.items[0]
    assert item.coverage.expected == item.coverage.reported == communes
    expected = sum(n % 7 for n in range(communes)) / (10 * communes) * 100
    assert abs(float(item.progress.value) - expected) < 0.0001
