"""Reads about figures and periods that several pages share (who may read or write what is indicators.access)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from indicators.access import agency_reports_unit, indicators_reported_by
from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, PeriodReopening, Target, ValueStatus
from indicators.periods import period_is_open_for, period_state_text, period_window
from indicators.quality import FLAG_FILTERS, with_quality
from indicators.rollup import Rollup, reporting_units_count, reporting_units_per_child, rollups_added, rollups_below
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, User
from plans.periods import milestone_for
from plans.units import plan_units, within_q


def previous_period(period: ReportingPeriod, periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The same period of the previous year (2024S1 → 2023S1, 2024 → 2023), if the plan has it."""
    wanted = period.spec.previous().code
    return next((p for p in periods if p.code == wanted), None)


def reporters_of(agencies) -> QuerySet[User]:
    """The active reporters of these agencies (with or without an email address: each is notified in the app)."""
    return User.objects.filter(role=Role.REPORTER, is_active=True, agency__in=agencies)


REPORTED = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)  # what counts as reported for completeness


def target_for(targets: list, period: ReportingPeriod):
    """The milestone that judges a period (DESIGN.md 3, 4). `targets` are the indicator's targets ordered by year."""
    return milestone_for(targets, period.time)


class ReportingRates:
    """Completeness and timeliness (DHIS2's reporting rates) of whatever counts `expected`, `submitted`, `on_time`."""

    @property
    def completeness_pct(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timeliness_pct(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


@dataclass
class AgencyCompleteness(ReportingRates):
    agency: Agency
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    missing: list = None


def period_completeness(plan: Plan, period: ReportingPeriod) -> tuple[list[AgencyCompleteness], AgencyCompleteness]:
    """Reporting completeness and timeliness (DHIS2's reporting rate, DESIGN.md 6) per agency and overall.

    Each lead assignment of an indicator entered for the territory is one expected report. It counts as reported
    when the indicator's territory figure for the period is submitted or approved; on time when it was first
    submitted on or before the deadline. (Indicators reported by unit are counted per unit: units_completeness.)
    Three queries whatever the size of the plan.
    """
    assignments = list(
        Assignment.objects.filter(indicator__plan=plan, role=AssignmentRole.LEAD, indicator__reported_by_commune=False)
        .select_related("agency", "indicator")
        .order_by("agency__name", "indicator__position")
    )
    figures = {
        v.indicator_id: v
        for v in DataValue.objects.filter(indicator__plan=plan, period=period, unit_id=plan.territory_id)
        .filter(status__in=REPORTED)
        .only("indicator_id", "status", "first_submitted_at")
    }
    deadline_end = deadline_end_of(period)
    rows: dict[int, AgencyCompleteness] = {}
    overall = AgencyCompleteness(agency=None, missing=[])
    for assignment in assignments:
        row = rows.setdefault(assignment.agency_id, AgencyCompleteness(agency=assignment.agency, missing=[]))
        figure = figures.get(assignment.indicator_id)
        for counter in (row, overall):
            counter.expected += 1
            if figure is not None:
                counter.submitted += 1
                if deadline_end is None or (figure.first_submitted_at and figure.first_submitted_at <= deadline_end):
                    counter.on_time += 1
        if figure is None:
            row.missing.append(assignment.indicator)
    return list(rows.values()), overall


def deadline_end_of(period: ReportingPeriod) -> datetime | None:
    """The last moment a figure counts as on time: the end of the deadline's day."""
    if period.deadline is None:
        return None
    return timezone.make_aware(datetime.combine(period.deadline, time.max))


@dataclass(frozen=True)
class UnitsCompleteness:
    """Figures of the indicators reported by unit: each (indicator, reporting unit) is one expected figure."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0


def units_completeness(
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    indicators: list[Indicator] | None = None,
    expected_units: int | None = None,
    reported_by_child: list[Rollup] | None = None,
) -> UnitsCompleteness:
    """Completeness below a unit of the plan's indicators reported by unit: submitted or approved figures count as
    reported (a unit's own figure stands for every reporting unit under it), those first submitted by the deadline
    as on time. Three queries, whatever the number of units; two with `reported_by_child`, reported_rollups per
    child for the same period and indicators (added up here, not read again)."""
    if indicators is None:
        indicators = list(Indicator.objects.filter(plan=plan, reported_by_commune=True))
    by_unit = [indicator for indicator in indicators if indicator.reported_by_commune]
    if not by_unit:
        return UnitsCompleteness()
    if expected_units is None:
        expected_units = reporting_units_count(plan, unit)
    deadline = deadline_end_of(period)
    submitted = on_time = 0
    own = set()
    for indicator_id, first_submitted in DataValue.objects.filter(
        indicator__in=by_unit, period=period, unit=unit, status__in=REPORTED
    ).values_list("indicator_id", "first_submitted_at"):
        own.add(indicator_id)
        submitted += expected_units
        if deadline is None or (first_submitted and first_submitted <= deadline):
            on_time += expected_units
    if reported_by_child is None:
        below = reported_rollups(plan, period, unit, [i.pk for i in by_unit if i.pk not in own])
    else:
        below = [r for r in rollups_added(reported_by_child) if r.indicator_id not in own]
    for rollup in below:
        submitted += rollup.covered
        on_time += rollup.covered if deadline is None else rollup.on_time
    return UnitsCompleteness(len(by_unit) * expected_units, submitted, on_time)


def reported_rollups(
    plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit, indicator_ids: list[int], *, by_child: bool = False
) -> list[Rollup]:
    """The reported (submitted or approved) figures of a period below `unit`, rolled up per indicator (and per
    child with `by_child`), counting those first submitted by the period's deadline: what completeness counts."""
    deadline = deadline_end_of(period)
    return rollups_below(
        plan=plan,
        unit=unit,
        indicator_ids=indicator_ids,
        period_ids=[period.pk],
        statuses=list(REPORTED),
        by_child=by_child,
        deadlines={period.pk: deadline} if deadline else None,
        coverage_only=True,
    )


# ---------------------------------------------------------------- the entry page


def entry_units(plan: Plan, agency: Agency) -> QuerySet[AdministrativeUnit]:
    """The units an agency enters figures for in a plan: the territory (an agency of the territory), and the
    plan's units inside the agency's own unit if it reports any indicator by unit."""
    units = AdministrativeUnit.objects.none()
    if (
        agency.unit_id == plan.territory_id
        and indicators_reported_by(agency, plan).filter(reported_by_commune=False).exists()
    ):
        units = AdministrativeUnit.objects.filter(pk=plan.territory_id)
    if indicators_reported_by(agency, plan).filter(reported_by_commune=True).exists():
        units = units | plan_units(plan).filter(within_q(agency.unit))
    return units.order_by("name")


@dataclass
class EntryRow:
    """One indicator's figure on the entry form of an agency for a unit and period."""

    indicator: Indicator
    unit: AdministrativeUnit
    figure: DataValue | None
    earlier: DataValue | None  # the same period of the previous year
    target: object
    editable: bool
    form: object = None

    @property
    def prefix(self) -> str:
        return f"r{self.indicator.pk}"


def entry_rows(plan: Plan, period: ReportingPeriod, agency: Agency, unit: AdministrativeUnit, *, is_open: bool):
    """The rows of the entry form: every indicator the agency reports for this unit, its figure this period and in
    the same period of the previous year, and its target. Four queries whatever the plan's size."""
    indicators = [
        indicator
        for indicator in indicators_reported_by(agency, plan)
        .select_related("plan__territory", "goal")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
        .order_by("position", "code")
        if agency_reports_unit(agency, indicator, unit)
    ]
    earlier = previous_period(period, list(plan.periods.all()))
    figures = {
        (value.indicator_id, value.period_id): value
        for value in DataValue.objects.filter(
            indicator__in=indicators, unit=unit, period__in=[p for p in (period, earlier) if p]
        ).select_related("entered_by", "reviewed_by")
    }
    rows = []
    for indicator in indicators:
        figure = figures.get((indicator.pk, period.pk))
        rows.append(
            EntryRow(
                indicator=indicator,
                unit=unit,
                figure=figure,
                earlier=figures.get((indicator.pk, earlier.pk)) if earlier else None,
                target=target_for(list(indicator.targets.all()), period),
                editable=is_open and (figure is None or figure.status != ValueStatus.APPROVED),
            )
        )
    return rows


def entry_unit_progress(plan: Plan, period: ReportingPeriod, agency: Agency, units: list[AdministrativeUnit]):
    """For a page of units, how many of the agency's figures each has, by status: one query."""
    by_unit = indicators_reported_by(agency, plan).filter(reported_by_commune=True)
    counts: dict[int, dict[str, int]] = {unit.pk: {} for unit in units}
    for unit_id, status, count in (
        DataValue.objects.filter(indicator__in=by_unit, period=period, unit__in=units)
        .values_list("unit_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts[unit_id][status] = count
    return counts


# ---------------------------------------------------------------- the review page

REVIEW_ORDER = ("indicator__position", "indicator__code", "unit__name", "pk")


@dataclass(frozen=True)
class ReviewFilters:
    """What the review page lists: the figures of a period inside a unit, by status, agency, indicator, data-quality
    flag and unit name."""

    unit: AdministrativeUnit
    status: str = ""  # a ValueStatus value
    agency: Agency | None = None
    indicator: Indicator | None = None
    flag: str = ""  # a key of indicators.quality.FLAG_FILTERS
    search: str = ""


def review_values(plan: Plan, period: ReportingPeriod, filters: ReviewFilters) -> QuerySet[DataValue]:
    """The figures the review page lists, each with the same period of the previous year and its data-quality
    flags; filtered in the database, so a page reads only its rows whatever the number of units."""
    values = DataValue.objects.filter(indicator__plan=plan, period=period).filter(within_q(filters.unit, "unit__"))
    if filters.status:
        values = values.filter(status=filters.status)
    if filters.agency is not None:
        values = values.filter(Q(agency=filters.agency) | Q(indicator__assignments__agency=filters.agency)).distinct()
    if filters.indicator is not None:
        values = values.filter(indicator=filters.indicator)
    if filters.search:
        values = values.filter(unit__name__icontains=filters.search)
    values = with_quality(values, previous_period(period, list(plan.periods.all())))
    if filters.flag in FLAG_FILTERS:
        values = values.filter(FLAG_FILTERS[filters.flag]())
    return values.select_related("indicator", "unit", "agency", "entered_by", "reviewed_by").order_by(*REVIEW_ORDER)


def review_status_counts(plan: Plan, period: ReportingPeriod, unit: AdministrativeUnit) -> dict[int, dict[str, int]]:
    """Per indicator, how many of the period's figures inside `unit` are in each status: one query."""
    counts: dict[int, dict[str, int]] = {}
    for indicator_id, status, count in (
        DataValue.objects.filter(indicator__plan=plan, period=period)
        .filter(within_q(unit, "unit__"))
        .values_list("indicator_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts.setdefault(indicator_id, {})[status] = count
    return counts


@dataclass(frozen=True)
class UnitReporting(ReportingRates):
    """How far a unit (and everything inside it) has reported a period's figures of indicators reported by unit."""

    unit: AdministrativeUnit
    expected: int
    submitted: int
    on_time: int

    @property
    def missing(self) -> int:
        return max(self.expected - self.submitted, 0)


def children_reporting(
    plan: Plan,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    children: list[AdministrativeUnit],
    indicators,
    reported_by_child: list[Rollup] | None = None,
) -> list[UnitReporting]:
    """For each child of `unit`: each (indicator reported by unit × reporting unit inside it) is one expected
    figure; submitted or approved ones are reported, those first submitted by the deadline on time. Two queries;
    one with `reported_by_child` (reported_rollups per child of the same period, for these indicators)."""
    by_unit = [indicator.pk for indicator in indicators if indicator.reported_by_commune]
    leaves = reporting_units_per_child(plan, unit)
    deadline = deadline_end_of(period)
    submitted: dict[int, int] = {}
    on_time: dict[int, int] = {}
    if reported_by_child is None:
        reported_by_child = reported_rollups(plan, period, unit, by_unit, by_child=True)
    wanted = set(by_unit)
    for rollup in reported_by_child:
        if rollup.indicator_id not in wanted:
            continue
        submitted[rollup.child_id] = submitted.get(rollup.child_id, 0) + rollup.covered
        on_time[rollup.child_id] = on_time.get(rollup.child_id, 0) + (
            rollup.covered if deadline is None else rollup.on_time
        )
    return [
        UnitReporting(
            unit=child,
            expected=len(by_unit) * leaves.get(child.pk, 1),
            submitted=submitted.get(child.pk, 0),
            on_time=on_time.get(child.pk, 0),
        )
        for child in children
    ]


# ---------------------------------------------------------------- the plan page and the plan list


@dataclass
class PeriodOverview:
    """A reporting period as the plan page and the plan list show it: its state today and the figures waiting."""

    period: ReportingPeriod
    state: str
    waiting: int  # figures submitted, not yet reviewed


def plan_goals(plan: Plan) -> list[tuple]:
    """(goal, its indicators with their targets and assignments prefetched), in the plan's order. Three queries."""
    indicators = (
        Indicator.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("role", "pk")),
        )
        .order_by("goal__number", "position", "code")
    )
    goals: dict[int, tuple] = {}
    for indicator in indicators:
        goals.setdefault(indicator.goal_id, (indicator.goal, []))[1].append(indicator)
    return list(goals.values())


def plan_periods(plan: Plan, today=None) -> list[PeriodOverview]:
    """Every period of the plan with its state today (indicators.periods) and the figures waiting for review.
    Two queries (the reopenings, the counts) besides the plan's periods."""
    periods = list(plan.periods.prefetch_related(Prefetch("reopenings", queryset=_REOPENINGS)).order_by("year", "kind"))
    waiting = _waiting_by_period(DataValue.objects.filter(indicator__plan=plan))
    return [PeriodOverview(p, period_state_text(p, plan, today), waiting.get(p.pk, 0)) for p in periods]


def current_period(overviews: list[PeriodOverview], plan: Plan, today=None) -> PeriodOverview | None:
    """The period a plan's people work on now: the earliest that takes figures today, else the latest that has
    opened, else the first."""
    today = today or timezone.localdate()
    if not overviews:
        return None
    open_now = [o for o in overviews if period_is_open_for(o.period, plan, None, today)]
    if open_now:
        return open_now[0]
    opened = [o for o in overviews if (period_window(o.period, plan).opens_on or today) <= today]
    return opened[-1] if opened else overviews[0]


def plans_overview(plans: list[Plan], today=None) -> dict[int, PeriodOverview | None]:
    """For the plan list: each plan's current period, its state and the figures waiting for review. Two queries
    for any number of plans (their periods with reopenings, the waiting counts)."""
    periods: dict[int, list[ReportingPeriod]] = {}
    for period in (
        ReportingPeriod.objects.filter(plan__in=plans)
        .prefetch_related(Prefetch("reopenings", queryset=_REOPENINGS))
        .order_by("year", "kind")
    ):
        periods.setdefault(period.plan_id, []).append(period)
    waiting = _waiting_by_period(DataValue.objects.filter(indicator__plan__in=plans))
    result = {}
    for plan in plans:
        overviews = [
            PeriodOverview(p, period_state_text(p, plan, today), waiting.get(p.pk, 0)) for p in periods.get(plan.pk, [])
        ]
        result[plan.pk] = current_period(overviews, plan, today)
    return result


def plan_agencies(plan: Plan) -> list[tuple[Agency, dict[str, list[str]]]]:
    """The agencies with a part in the plan's indicators, each with the indicator codes per role. One query."""
    agencies: dict[int, tuple[Agency, dict[str, list[str]]]] = {}
    for assignment in (
        Assignment.objects.filter(indicator__plan=plan)
        .select_related("agency__unit", "indicator")
        .order_by("agency__name", "indicator__position", "indicator__code")
    ):
        roles = agencies.setdefault(assignment.agency_id, (assignment.agency, {}))[1]
        roles.setdefault(assignment.get_role_display(), []).append(assignment.indicator.code)
    return list(agencies.values())


_REOPENINGS = PeriodReopening.objects.select_related("agency").order_by("until")


def _waiting_by_period(figures: QuerySet[DataValue]) -> dict[int, int]:
    return dict(
        figures.filter(status=ValueStatus.SUBMITTED)
        .values_list("period_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("period_id", "count")
    )
