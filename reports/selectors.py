"""A plan's progress at a period, read in a fixed number of queries and judged by reports.progress."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, Kind, Target, ValueStatus
from indicators.rollup import UnitFigure, aggregate
from indicators.selectors import period_completeness
from plans.models import Plan, ReportingPeriod, Role, User
from plans.numbers import plain_number
from plans.periods import period_time
from reports.progress import LINEAR, STATUS_ORDER, IndicatorFacts, Milestone, Point, Progress, evaluate


@dataclass
class IndicatorProgress:
    indicator: Indicator
    progress: Progress
    series: list[Point]
    unapproved_periods: set[str]  # figures that are only submitted (shown as "chưa duyệt")
    lead_agencies: list[str]
    coordinating_agencies: list[str]

    @property
    def value_is_unapproved(self) -> bool:
        return self.progress.value_period in self.unapproved_periods


@dataclass
class PlanProgress:
    plan: Plan
    period: ReportingPeriod
    method: str
    include_submitted: bool
    goals: list[tuple] = field(default_factory=list)  # (goal, [IndicatorProgress])
    summary: dict[str, int] = field(default_factory=dict)
    completeness: dict[str, int] = field(default_factory=dict)
    completeness_rows: list = field(default_factory=list)


def _figure_value(value: DataValue):
    if value.value_number is not None:
        return value.value_number
    if value.value_bool is not None:
        return value.value_bool
    return value.value_text or None


def territory_series(indicator: Indicator, figures: list[DataValue], territory_id: int) -> tuple[list[Point], set[str]]:
    """The territory's figure per period: its own, else aggregated from its communes (DESIGN.md 3)."""
    by_period: dict[str, list[DataValue]] = {}
    for figure in figures:
        by_period.setdefault(figure.period.code, []).append(figure)
    points, unapproved = [], set()
    for code, group in by_period.items():
        own = [f for f in group if f.unit_id == territory_id]
        if own:
            chosen, value = own, _figure_value(own[0])
        else:
            chosen = group
            value = aggregate(
                kind=indicator.kind,
                factor=indicator.factor,
                figures=[
                    UnitFigure(_figure_value(f), f.numerator, f.denominator)
                    for f in group
                    if _figure_value(f) is not None
                ],
            )
        if value is None:
            continue
        points.append(Point(code, period_time(code), value))
        if any(f.status != ValueStatus.APPROVED for f in chosen):
            unapproved.add(code)
    return sorted(points, key=lambda p: p.time), unapproved


def indicators_visible_to(user: User | None, plan: Plan):
    """All of the plan's indicators; for a reporter, those their agency has a part in (DESIGN.md 1)."""
    queryset = Indicator.objects.filter(plan=plan)
    if user is not None and user.role == Role.REPORTER and not user.is_superuser:
        queryset = queryset.filter(assignments__agency_id=user.agency_id).distinct()
    return queryset


def plan_progress(
    plan: Plan,
    period: ReportingPeriod,
    *,
    method: str = LINEAR,
    include_submitted: bool = False,
    user: User | None = None,
) -> PlanProgress:
    """Judge every indicator of the plan at the period. Six queries whatever the size of the plan."""
    statuses = [ValueStatus.APPROVED] + ([ValueStatus.SUBMITTED] if include_submitted else [])
    judged = period_time(period.code)
    indicators = list(
        indicators_visible_to(user, plan)
        .select_related("goal")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("pk")),
        )
        .order_by("goal__number", "position", "code")
    )
    figures: dict[int, list[DataValue]] = {}
    for figure in (
        DataValue.objects.filter(
            indicator__in=[i.pk for i in indicators], status__in=statuses, period__year__lte=period.year
        )
        .select_related("period")
        .only(
            "indicator_id",
            "unit_id",
            "status",
            "value_number",
            "value_bool",
            "value_text",
            "numerator",
            "denominator",
            "period__code",
            "period__year",
        )
    ):
        if period_time(figure.period.code) <= judged:
            figures.setdefault(figure.indicator_id, []).append(figure)

    result = PlanProgress(plan=plan, period=period, method=method, include_submitted=include_submitted)
    result.summary = {status: 0 for status in STATUS_ORDER}
    goals: dict[int, tuple] = {}
    for indicator in indicators:
        series, unapproved = territory_series(indicator, figures.get(indicator.pk, []), plan.territory_id)
        facts = IndicatorFacts(
            kind=indicator.kind,
            direction=indicator.direction,
            targets=tuple(Milestone(t.year, t.value) for t in indicator.targets.all()),
            series=tuple(series),
            baseline_value=indicator.baseline_value,
            baseline_year=indicator.baseline_year if indicator.baseline_value is not None else None,
        )
        progress = evaluate(facts, judged, method)
        result.summary[progress.status] += 1
        assignments = list(indicator.assignments.all())
        item = IndicatorProgress(
            indicator=indicator,
            progress=progress,
            series=series,
            unapproved_periods=unapproved,
            lead_agencies=[a.agency.name for a in assignments if a.role == AssignmentRole.LEAD],
            coordinating_agencies=[a.agency.name for a in assignments if a.role == AssignmentRole.COORDINATING],
        )
        goals.setdefault(indicator.goal_id, (indicator.goal, []))[1].append(item)
    result.goals = list(goals.values())
    rows, overall = period_completeness(plan, period)
    result.completeness_rows = rows
    result.completeness = {"expected": overall.expected, "submitted": overall.submitted, "on_time": overall.on_time}
    return result


def _number(value):
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


def progress_json(result: PlanProgress) -> dict:
    """The progress JSON of DESIGN.md 7.4, field for field: plain numbers, null where absent."""
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
                }
            )
        goals.append({"number": goal.number, "title": goal.title, "indicators": indicators})
    return {
        "plan": {"code": plan.code, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
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
