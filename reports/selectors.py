"""A plan's progress at a period, for its territory or any unit inside it, read in a fixed number of queries and
judged by reports.progress.

The figures are added up in the database (indicators.rollup): the work here grows with indicators × periods (and,
for a drill-down, with the units one level down that the page shows), never with the units below them.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from indicators.access import indicators_visible_to
from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, Kind, Target, ValueStatus
from indicators.rollup import Rollup, reporting_units_count, reporting_units_per_child, rolled_value, rollups_below
from indicators.selectors import period_completeness
from plans.access import plan_scope
from plans.models import AdministrativeUnit, Plan, ReportingPeriod, User
from plans.numbers import plain_number
from reports.progress import LINEAR, STATUS_ORDER, IndicatorFacts, Milestone, Point, Progress, evaluate

REPORTED = [ValueStatus.SUBMITTED, ValueStatus.APPROVED]  # what completeness counts


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

    @property
    def items(self) -> list[IndicatorProgress]:
        return [item for _, items in self.goals for item in items]


def _figure_value(value_number, value_bool, value_text):
    if value_number is not None:
        return value_number
    if value_bool is not None:
        return value_bool
    return value_text or None


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


@dataclass
class _Series:
    points: dict[str, Point] = field(default_factory=dict)
    unapproved: set[str] = field(default_factory=set)
    aggregated: set[str] = field(default_factory=set)
    covered: dict[str, int] = field(default_factory=dict)


def _facts(indicator: Indicator, series: list[Point]) -> IndicatorFacts:
    return IndicatorFacts(
        kind=indicator.kind,
        direction=indicator.direction,
        targets=tuple(Milestone(t.year, t.value) for t in indicator.targets.all()),
        series=tuple(series),
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year if indicator.baseline_value is not None else None,
    )


def unit_series(
    plan: Plan,
    unit: AdministrativeUnit,
    indicators: list[Indicator],
    periods: list[ReportingPeriod],
    statuses: list[str],
) -> dict[int, _Series]:
    """Each indicator's series for a unit: its own figure per period, else the roll-up of the units below it
    (DESIGN.md 3). Two queries."""
    by_id = {p.pk: p for p in periods}
    indicator_ids = [i.pk for i in indicators]
    result = {i.pk: _Series() for i in indicators}
    own = DataValue.objects.filter(
        indicator_id__in=indicator_ids, period_id__in=list(by_id), unit=unit, status__in=statuses
    ).values_list("indicator_id", "period_id", "status", "value_number", "value_bool", "value_text")
    for indicator_id, period_id, status, number, boolean, text in own:
        value = _figure_value(number, boolean, text)
        if value is None:
            continue
        period = by_id[period_id]
        series = result[indicator_id]
        series.points[period.code] = Point(period.code, period.time, value)
        series.covered[period.code] = -1  # the unit's own figure covers all of it
        if status != ValueStatus.APPROVED:
            series.unapproved.add(period.code)
    kinds = {i.pk: i for i in indicators}
    # Figures below the unit roll up whatever the indicator's setting today (it may have been reported by unit).
    rolled = [i.pk for i in indicators if i.kind in (Kind.PERCENT, Kind.RATIO, Kind.COUNT)]
    for rollup in rollups_below(plan=plan, unit=unit, indicator_ids=rolled, period_ids=list(by_id), statuses=statuses):
        indicator, period = kinds[rollup.indicator_id], by_id[rollup.period_id]
        series = result[indicator.pk]
        if period.code in series.points:
            continue  # the unit's own figure wins (its descendants are already left out)
        series.covered[period.code] = rollup.covered
        value = rolled_value(kind=indicator.kind, factor=indicator.factor, sums=rollup.sums)
        if value is None:
            continue
        series.points[period.code] = Point(period.code, period.time, value)
        series.aggregated.add(period.code)
        if rollup.unapproved:
            series.unapproved.add(period.code)
    return result


def plan_progress(
    plan: Plan,
    period: ReportingPeriod,
    *,
    method: str = LINEAR,
    include_submitted: bool = False,
    user: User | None = None,
    unit: AdministrativeUnit | None = None,
) -> PlanProgress:
    """Judge every indicator of the plan at the period, for `unit` (default: the part of the plan the user sees,
    the territory for the command line). A fixed number of queries whatever the size of the plan."""
    if unit is None:
        unit = plan_scope(user, plan) if user is not None else plan.territory
    statuses = _statuses(include_submitted)
    indicators = _indicators(plan, user)
    periods = _periods_until(plan, period)
    series_of = unit_series(plan, unit, indicators, periods, statuses)
    expected_units = reporting_units_count(plan, unit) if any(i.reported_by_commune for i in indicators) else 1

    result = PlanProgress(plan=plan, period=period, method=method, include_submitted=include_submitted, unit=unit)
    result.summary = {status: 0 for status in STATUS_ORDER}
    goals: dict[int, tuple] = {}
    for indicator in indicators:
        found = series_of[indicator.pk]
        series = sorted(found.points.values(), key=lambda p: p.time)
        progress = evaluate(_facts(indicator, series), period.time, method)
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
        )
        goals.setdefault(indicator.goal_id, (indicator.goal, []))[1].append(item)
    result.goals = list(goals.values())
    if unit.pk == plan.territory_id:
        rows, overall = period_completeness(plan, period)
        result.completeness_rows = rows
        result.completeness = {"expected": overall.expected, "submitted": overall.submitted, "on_time": overall.on_time}
    else:
        result.completeness = unit_completeness(plan, period, unit, indicators, expected_units)
    return result


def _coverage(indicator, unit, plan, found: _Series, period_code, expected_units) -> Coverage:
    if not indicator.reported_by_commune:
        expected = 1 if unit.pk == plan.territory_id else 0
        return Coverage(1 if period_code in found.points and expected else 0, expected)
    covered = found.covered.get(period_code, 0) if period_code else 0
    return Coverage(expected_units if covered == -1 else min(covered, expected_units), expected_units)


def _deadline_ends(periods: list[ReportingPeriod]) -> dict[int, datetime]:
    return {
        p.pk: timezone.make_aware(datetime.combine(p.deadline, time.max)) for p in periods if p.deadline is not None
    }


def unit_completeness(
    plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit, indicators: list[Indicator], expected_units: int
) -> dict[str, int]:
    """Reporting completeness below a unit: each (indicator reported by unit, reporting unit) is one expected
    figure; submitted or approved ones count as reported, those first submitted by the deadline as on time."""
    by_unit = [i for i in indicators if i.reported_by_commune]
    expected = len(by_unit) * expected_units
    submitted = on_time = 0
    own = DataValue.objects.filter(indicator__in=by_unit, period=period, unit=unit, status__in=REPORTED).values_list(
        "indicator_id", "first_submitted_at"
    )
    deadline = _deadline_ends([period]).get(period.pk)
    own_ids = set()
    for indicator_id, first_submitted in own:
        own_ids.add(indicator_id)
        submitted += expected_units
        if deadline is None or (first_submitted and first_submitted <= deadline):
            on_time += expected_units
    for rollup in rollups_below(
        plan=plan,
        unit=unit,
        indicator_ids=[i.pk for i in by_unit if i.pk not in own_ids],
        period_ids=[period.pk],
        statuses=REPORTED,
        deadlines=_deadline_ends([period]),
    ):
        submitted += rollup.covered
        on_time += rollup.covered if deadline is None else rollup.on_time
    return {"expected": expected, "submitted": submitted, "on_time": on_time}


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
    completeness: Coverage  # figures reported / expected for the judged period


def children_progress(
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    *,
    indicators: list[Indicator],
    children: list[AdministrativeUnit],
    method: str = LINEAR,
    include_submitted: bool = False,
) -> list[ChildProgress]:
    """Each of `children` (units one level below `unit`, a page of them) judged on every indicator reported by
    unit. Three queries, whatever lies below the children."""
    statuses = _statuses(include_submitted)
    periods = _periods_until(plan, period)
    by_period = {p.pk: p for p in periods}
    indicators = [i for i in indicators if i.reported_by_commune]
    by_indicator = {i.pk: i for i in indicators}
    child_ids = {child.pk for child in children}
    points: dict[tuple[int, int], list[Point]] = {}
    covered: dict[tuple[int, int], dict[str, int]] = {}
    for rollup in rollups_below(
        plan=plan,
        unit=unit,
        indicator_ids=list(by_indicator),
        period_ids=list(by_period),
        statuses=statuses,
        by_child=True,
    ):
        if rollup.child_id not in child_ids:
            continue
        indicator, period = by_indicator[rollup.indicator_id], by_period[rollup.period_id]
        value = _child_value(indicator, rollup)
        covered.setdefault((rollup.child_id, indicator.pk), {})[period.code] = rollup.covered
        if value is not None:
            points.setdefault((rollup.child_id, indicator.pk), []).append(Point(period.code, period.time, value))
    leaves = reporting_units_per_child(plan, unit)
    reported = {}
    for rollup in rollups_below(
        plan=plan,
        unit=unit,
        indicator_ids=list(by_indicator),
        period_ids=[period.pk],
        statuses=REPORTED,
        by_child=True,
    ):
        reported[rollup.child_id] = reported.get(rollup.child_id, 0) + rollup.covered
    rows = []
    for child in children:
        expected_units = leaves.get(child.pk, 1)
        verdicts, coverage = {}, {}
        for indicator in indicators:
            series = sorted(points.get((child.pk, indicator.pk), []), key=lambda p: p.time)
            progress = evaluate(_facts(indicator, series), period.time, method)
            verdicts[indicator.pk] = progress
            done = covered.get((child.pk, indicator.pk), {}).get(progress.value_period or "", 0)
            coverage[indicator.pk] = Coverage(min(done, expected_units), expected_units)
        rows.append(
            ChildProgress(
                unit=child,
                progress=verdicts,
                coverage=coverage,
                completeness=Coverage(reported.get(child.pk, 0), len(indicators) * expected_units),
            )
        )
    return rows


def _child_value(indicator: Indicator, rollup: Rollup):
    if rollup.own is not None:
        return _figure_value(rollup.own["value_number"], rollup.own["value_bool"], rollup.own["value_text"])
    return rolled_value(kind=indicator.kind, factor=indicator.factor, sums=rollup.sums)
