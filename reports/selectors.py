"""A plan's progress at a period, for its territory or any unit inside it, read in a fixed number of queries and
judged by reports.progress.

The figures are added up in the database (indicators.rollup): the work here grows with indicators × periods (and,
for a drill-down, with the units one level down that the page shows), never with the units below them.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from operator import attrgetter

from django.db.models import Prefetch

from indicators.access import indicators_visible_to
from indicators.models import Assignment, AssignmentRole, Indicator, Kind, Target, ValueStatus
from indicators.models.figures import figure_value
from indicators.rollup import (
    Rollup,
    UnitSeries,
    reporting_units_count,
    reporting_units_per_child,
    rolled_indicator_ids,
    rolled_value,
    rollups_below,
    unit_values,
)
from indicators.selectors import children_reporting, period_completeness, reported_rollups, units_completeness
from plans.access import plan_scope
from plans.models import AdministrativeUnit, Plan, ReportingPeriod, User
from plans.numbers import plain_number
from reports.progress import (
    LINEAR,
    STATUS_ORDER,
    IndicatorFacts,
    Milestone,
    Point,
    Progress,
    evaluate,
    shown_not_judged,
)


@dataclass(frozen=True)
class Coverage:
    """How many of the reporting units below an aggregate reported (units that reported / units expected)."""

    reported: int
    expected: int

    @property
    def is_full(self) -> bool:
        return self.reported >= self.expected


@dataclass
class IndicatorProgress:
    indicator: Indicator
    progress: Progress
    series: list[Point]
    unapproved_periods: set[str]  # figures that are only submitted (shown as "chưa duyệt")
    lead_agencies: list[str]
    coordinating_agencies: list[str]
    coverage: Coverage | None = None  # of the aggregate judged (its period's)
    aggregated_periods: set[str] = field(default_factory=set)  # periods whose value is a roll-up, not entered
    judged: bool = True  # False: a count below the territory, shown without a verdict (shown_not_judged)

    @property
    def value_is_unapproved(self) -> bool:
        return self.progress.value_period in self.unapproved_periods

    @property
    def value_is_aggregated(self) -> bool:
        return self.progress.value_period in self.aggregated_periods


@dataclass
class PlanProgress:
    plan: Plan
    period: ReportingPeriod
    method: str
    include_submitted: bool
    unit: AdministrativeUnit | None = None
    goals: list[tuple] = field(default_factory=list)  # (goal, [IndicatorProgress])
    summary: dict[str, int] = field(default_factory=dict)
    completeness: dict[str, int] = field(default_factory=dict)
    completeness_rows: list = field(default_factory=list)
    units_completeness: object = None  # indicators.selectors.UnitsCompleteness
    child_rollups: list[Rollup] | None = None  # with by_child: the figures rolled up per unit one level down
    child_reported: list[Rollup] | None = None  # with by_child: the period's reported figures, per unit one level down
    expected_units: int = 1  # reporting units in the unit (leaves of the plan's tree)

    @property
    def items(self) -> list[IndicatorProgress]:
        return [item for _, items in self.goals for item in items]

    @property
    def indicators_by_unit(self) -> list[Indicator]:
        """The indicators reported by unit: those the units one level down are judged on."""
        return [item.indicator for item in self.items if item.indicator.reported_by_commune]


BY_TIME = attrgetter("time")


def _statuses(include_submitted: bool) -> list[str]:
    return [ValueStatus.APPROVED] + ([ValueStatus.SUBMITTED] if include_submitted else [])


def _indicators(plan: Plan, user: User | None):
    queryset = indicators_visible_to(user, plan) if user is not None else Indicator.objects.filter(plan=plan)
    return list(
        queryset.select_related("goal")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("pk")),
        )
        .order_by("goal__number", "position", "code")
    )


def _periods_until(plan: Plan, period: ReportingPeriod) -> list[ReportingPeriod]:
    return [p for p in plan.periods.all() if p.time <= period.time]


def _facts(indicator: Indicator, series: list[Point], *, below_territory: bool) -> IndicatorFacts:
    return IndicatorFacts(
        kind=indicator.kind,
        direction=indicator.direction,
        targets=tuple(Milestone(t.year, t.value) for t in indicator.targets.all()),
        series=tuple(series),
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year if indicator.baseline_value is not None else None,
        baseline_in_forecast=not below_territory,
    )


def plan_progress(
    plan: Plan,
    period: ReportingPeriod,
    *,
    method: str = LINEAR,
    include_submitted: bool = False,
    user: User | None = None,
    unit: AdministrativeUnit | None = None,
    by_child: bool = False,
    completeness: bool = True,
) -> PlanProgress:
    """Judge every indicator of the plan at the period, for `unit` (default: the part of the plan the user sees,
    the territory for the command line). A fixed number of queries whatever the size of the plan.

    `by_child`: the figures are rolled up per unit one level down (result.child_rollups, for children_progress)
    and the unit's values added up from them — one pass over the figures for a drill-down page, not two.
    Without `completeness` the reports counted are left for add_completeness (a kept verdict, reports.drilldown:
    it changes with every submission, the verdicts only when a figure is approved)."""
    if unit is None:
        unit = plan_scope(user, plan) if user is not None else plan.territory
    statuses = _statuses(include_submitted)
    indicators = _indicators(plan, user)
    below_territory = unit.pk != plan.territory_id
    if below_territory:
        # Below the territory the plan has figures only for the indicators reported by unit.
        indicators = [indicator for indicator in indicators if indicator.reported_by_commune]
    periods = _periods_until(plan, period)
    below = None
    if by_child:
        below = rollups_below(
            plan=plan,
            unit=unit,
            # the aggregated kinds for the unit's values, every indicator reported by unit for the children's
            indicator_ids=sorted(
                set(rolled_indicator_ids(indicators)) | {i.pk for i in indicators if i.reported_by_commune}
            ),
            period_ids=[p.pk for p in periods],
            statuses=statuses,
            by_child=True,
        )
    series_of = unit_values(plan, unit, indicators, periods, statuses, below=below)
    expected_units = reporting_units_count(plan, unit) if any(i.reported_by_commune for i in indicators) else 1

    result = PlanProgress(plan=plan, period=period, method=method, include_submitted=include_submitted, unit=unit)
    result.child_rollups = below
    result.summary = {status: 0 for status in STATUS_ORDER}
    goals: dict[int, tuple] = {}
    for indicator in indicators:
        found = series_of[indicator.pk]
        series = [Point(p.code, p.time, found.values[p.code]) for p in periods if p.code in found.values]
        judged = not (below_territory and indicator.kind == Kind.COUNT)
        facts = _facts(indicator, series, below_territory=below_territory)
        progress = evaluate(facts, period.time, method) if judged else shown_not_judged(facts, period.time)
        result.summary[progress.status] += 1
        assignments = list(indicator.assignments.all())
        item = IndicatorProgress(
            indicator=indicator,
            progress=progress,
            series=series,
            unapproved_periods=found.unapproved,
            lead_agencies=[a.agency.name for a in assignments if a.role == AssignmentRole.LEAD],
            coordinating_agencies=[a.agency.name for a in assignments if a.role == AssignmentRole.COORDINATING],
            coverage=_coverage(indicator, unit, plan, found, progress.value_period, expected_units),
            aggregated_periods=found.aggregated,
            judged=judged,
        )
        goals.setdefault(indicator.goal_id, (indicator.goal, []))[1].append(item)
    result.goals = list(goals.values())
    result.expected_units = expected_units
    if completeness:
        add_completeness(result, by_child=by_child)
    return result


def add_completeness(result: PlanProgress, *, by_child: bool = False) -> None:
    """The reports counted for the result's period: the agencies' reports of the territory's figures, and the
    units' figures of the indicators reported by unit (each reporting unit × indicator is one expected figure).
    `by_child`: also the period's reported figures per unit one level down (result.child_reported)."""
    plan, period, unit = result.plan, result.period, result.unit
    indicators = [item.indicator for item in result.items]
    if by_child:
        result.child_reported = reported_rollups(
            plan, period, unit, [i.pk for i in indicators if i.reported_by_commune], by_child=True
        )
    units = units_completeness(
        plan, period, unit, indicators, result.expected_units, reported_by_child=result.child_reported
    )
    result.units_completeness = units
    expected, submitted, on_time = units.expected, units.submitted, units.on_time
    if unit.pk == plan.territory_id:
        rows, overall = period_completeness(plan, period)
        result.completeness_rows = rows
        expected, submitted, on_time = (
            expected + overall.expected,
            submitted + overall.submitted,
            on_time + overall.on_time,
        )
    result.completeness = {"expected": expected, "submitted": submitted, "on_time": on_time}


def _coverage(indicator, unit, plan, found: UnitSeries, period_code, expected_units) -> Coverage:
    if not indicator.reported_by_commune:
        expected = 1 if unit.pk == plan.territory_id else 0
        return Coverage(1 if period_code in found.values and expected else 0, expected)
    covered = found.covered.get(period_code, 0) if period_code else 0
    return Coverage(expected_units if covered == -1 else min(covered, expected_units), expected_units)


def _number(value):
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


def unit_json(unit: AdministrativeUnit) -> dict:
    return {"code": unit.code or None, "name": unit.name, "level": unit.level}


def progress_json(result: PlanProgress) -> dict:
    """The progress JSON of DESIGN.md 7.4, field for field: plain numbers, null where absent. `unit` describes the
    unit judged (the territory unless one was asked for); each indicator adds the coverage of its aggregate."""
    plan = result.plan
    goals = []
    for goal, items in result.goals:
        indicators = []
        for item in items:
            indicator, progress = item.indicator, item.progress
            baseline = None
            if indicator.baseline_value is not None or indicator.baseline_text:
                baseline = {
                    "value": _number(indicator.baseline_value)
                    if indicator.baseline_value is not None
                    else _text_value(indicator),
                    "year": indicator.baseline_year,
                }
            target = progress.target
            indicators.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "kind": indicator.kind,
                    "direction": indicator.direction or None,
                    "baseline": baseline,
                    "target": {"value": _number(target.value), "year": target.year} if target else None,
                    "value": _number(progress.value),
                    "value_period": progress.value_period,
                    "achievement_pct": _number(progress.achievement_pct)
                    if progress.achievement_pct is not None
                    else None,
                    "progress_ratio": float(progress.progress_ratio) if progress.progress_ratio is not None else None,
                    "status": progress.status,
                    "forecast": {"value": float(progress.forecast.value), "likely": progress.forecast.likely}
                    if progress.forecast
                    else None,
                    "lead_agencies": item.lead_agencies,
                    "coordinating_agencies": item.coordinating_agencies,
                    "coverage": {"reported": item.coverage.reported, "expected": item.coverage.expected}
                    if item.coverage
                    else None,
                }
            )
        goals.append({"number": goal.number, "title": goal.title, "indicators": indicators})
    return {
        "plan": {"code": plan.code, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
        "unit": unit_json(result.unit or plan.territory),
        "period": result.period.code,
        "method": result.method,
        "summary": result.summary,
        "completeness": result.completeness,
        "goals": goals,
    }


def _text_value(indicator: Indicator):
    """A có/không baseline as true/false; a text baseline as its text."""
    if indicator.kind == Kind.BOOLEAN:
        return indicator.baseline_text == "có"
    return indicator.baseline_text


# ---------------------------------------------------------------- one level down


@dataclass
class ChildProgress:
    """A unit one level down, judged on every indicator (the drill-down's row)."""

    unit: AdministrativeUnit
    progress: dict[int, Progress]  # indicator id → its verdict for this unit
    coverage: dict[int, Coverage]
    completeness: Coverage | None = None  # reported / expected in the judged period (add_children_completeness)


def children_progress(
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    *,
    indicators: list[Indicator],
    children: list[AdministrativeUnit],
    method: str = LINEAR,
    include_submitted: bool = False,
    below: list[Rollup] | None = None,
    reported: list[Rollup] | None = None,
    completeness: bool = True,
) -> list[ChildProgress]:
    """Each of `children` (units one level below `unit`, a page of them) judged on every indicator reported by
    unit. Three queries, whatever lies below the children; two with `below`, the roll-ups per child that
    plan_progress(by_child=True) read for the same period, statuses and indicators (and, as `reported`, its
    reported figures per child for completeness). Without `completeness`, add_children_completeness adds it."""
    statuses = _statuses(include_submitted)
    periods = _periods_until(plan, period)
    by_period = {p.pk: (p.code, p.time) for p in periods}
    indicators = [i for i in indicators if i.reported_by_commune]
    by_indicator = {i.pk: i for i in indicators}
    child_ids = {child.pk for child in children}
    points: dict[tuple[int, int], list[Point]] = {}
    covered: dict[tuple[int, int, str], int] = {}  # (child, indicator, period code) → reporting units covered
    if below is None:
        below = rollups_below(
            plan=plan,
            unit=unit,
            indicator_ids=list(by_indicator),
            period_ids=list(by_period),
            statuses=statuses,
            by_child=True,
        )
    for rollup in below:
        indicator = by_indicator.get(rollup.indicator_id)
        if indicator is None or rollup.child_id not in child_ids:
            continue
        # (not `period`: that is the period judged, used below)
        code, time = by_period[rollup.period_id]
        covered[rollup.child_id, rollup.indicator_id, code] = rollup.covered
        value = _child_value(indicator, rollup)
        if value is not None:
            key = (rollup.child_id, rollup.indicator_id)
            series = points.get(key)
            if series is None:
                points[key] = series = []
            series.append(Point(code, time, value))
    leaves = reporting_units_per_child(plan, unit)
    # What does not change from child to child, once per indicator (a drill-down judges children × indicators):
    # (id, the facts without a series, judged or only shown — a child's counts are shown, as on its own page).
    each = [
        (indicator.pk, _facts(indicator, [], below_territory=True), indicator.kind != Kind.COUNT)
        for indicator in indicators
    ]
    rows = []
    for child in children:
        child_id = child.pk
        expected_units = leaves.get(child_id, 1)
        verdicts, coverage = {}, {}
        for indicator_id, facts, judged in each:
            series = points.get((child_id, indicator_id))
            facts = replace(facts, series=tuple(sorted(series, key=BY_TIME)) if series else ())
            if judged:
                progress = evaluate(facts, period.time, method)
            else:
                progress = shown_not_judged(facts, period.time)
            verdicts[indicator_id] = progress
            done = covered.get((child_id, indicator_id, progress.value_period), 0)
            coverage[indicator_id] = Coverage(min(done, expected_units), expected_units)
        rows.append(ChildProgress(unit=child, progress=verdicts, coverage=coverage))
    if completeness:
        add_children_completeness(rows, plan, period, unit, indicators, reported=reported)
    return rows


def add_children_completeness(
    rows: list[ChildProgress],
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    indicators: list[Indicator],
    *,
    reported: list[Rollup] | None = None,
) -> None:
    """Each row's figures reported / expected for the period (`reported`: the reported figures per child that
    add_completeness(by_child=True) read)."""
    reporting = {
        row.unit.pk: row
        for row in children_reporting(
            plan, period, unit, [row.unit for row in rows], indicators, reported_by_child=reported
        )
    }
    for row in rows:
        row.completeness = Coverage(reporting[row.unit.pk].submitted, reporting[row.unit.pk].expected)


def _child_value(indicator: Indicator, rollup: Rollup):
    if rollup.own is not None:
        return figure_value(*rollup.own)
    return rolled_value(kind=indicator.kind, factor=indicator.factor, sums=rollup.sums)
