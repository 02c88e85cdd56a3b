"""Reads about figures and periods that several pages share; access checks for figures."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from indicators.models import Assignment, AssignmentRole, DataValue, Indicator
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, User
from plans.periods import milestone_for
from plans.selectors import plans_visible_to, sees_everything

REPORTING_ROLES = (AssignmentRole.LEAD, AssignmentRole.DATA_PROVIDER)


def reporting_indicators(plan: Plan, agency: Agency) -> QuerySet[Indicator]:
    """The plan's indicators an agency reports on: as lead or as data provider."""
    return (
        Indicator.objects.filter(plan=plan, assignments__agency=agency, assignments__role__in=REPORTING_ROLES)
        .distinct()
        .select_related("goal")
        .order_by("position", "code")
    )


def units_for(indicator: Indicator, plan: Plan, agency: Agency | None, communes: list[AdministrativeUnit]) -> list:
    """Where an indicator's figures are entered: the territory, and each commune if it is reported by commune.

    A commune's own agency (UBND xã …) reports only for its commune.
    """
    if agency is not None and agency.unit_id != plan.territory_id:
        return [c for c in communes if c.pk == agency.unit_id] if indicator.reported_by_commune else []
    return [plan.territory] + (communes if indicator.reported_by_commune else [])


def plan_communes(plan: Plan) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(parent=plan.territory).order_by("name"))


def can_report_indicator(user: User, indicator: Indicator) -> bool:
    """Reporters enter figures of their agency's indicators; coordinators of the plan's unit enter on behalf."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not plans_visible_to(user).filter(pk=indicator.plan_id).exists():
        return False
    if sees_everything(user) or user.role == Role.COORDINATOR:
        return True
    if user.role == Role.REPORTER and user.agency_id:
        return Assignment.objects.filter(
            indicator=indicator, agency_id=user.agency_id, role__in=REPORTING_ROLES
        ).exists()
    return False


def can_review(user: User, plan: Plan) -> bool:
    return user.is_authenticated and (
        sees_everything(user) or (user.role == Role.COORDINATOR and plans_visible_to(user).filter(pk=plan.pk).exists())
    )


def values_for_period(plan: Plan, period: ReportingPeriod) -> QuerySet[DataValue]:
    return (
        DataValue.objects.filter(indicator__plan=plan, period=period)
        .select_related("indicator", "unit", "agency", "entered_by", "reviewed_by")
        .order_by("indicator__position", "unit__name")
    )


def previous_period(period: ReportingPeriod, periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The same period of the previous year (2024S1 → 2023S1, 2024 → 2023), if the plan has it."""
    wanted = period.spec.previous().code
    return next((p for p in periods if p.code == wanted), None)


def reporters_of(agencies) -> QuerySet[User]:
    return User.objects.filter(role=Role.REPORTER, is_active=True, agency__in=agencies).exclude(email="")


def visible_values_q(user: User) -> Q:
    """Figures a user may read: a reporter those of their agency's indicators; others those of visible plans."""
    q = Q(indicator__plan__in=plans_visible_to(user))
    if user.role == Role.REPORTER and not sees_everything(user):
        q &= Q(indicator__assignments__agency_id=user.agency_id, indicator__assignments__role__in=REPORTING_ROLES)
    return q


def target_for(targets: list, period: ReportingPeriod):
    """The milestone that judges a period (DESIGN.md 3, 4). `targets` are the indicator's targets ordered by year."""
    return milestone_for(targets, period.time)


@dataclass
class AgencyCompleteness:
    agency: Agency
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    missing: list = None

    @property
    def completeness_pct(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timeliness_pct(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def period_completeness(plan: Plan, period: ReportingPeriod) -> tuple[list[AgencyCompleteness], AgencyCompleteness]:
    """Reporting completeness and timeliness (DHIS2's reporting rate, DESIGN.md 6) per agency and overall.

    Each lead assignment is one expected report. It counts as reported when the indicator's territory figure
    for the period is submitted or approved; on time when it was first submitted on or before the deadline.
    Three queries whatever the size of the plan.
    """
    assignments = list(
        Assignment.objects.filter(indicator__plan=plan, role=AssignmentRole.LEAD)
        .select_related("agency", "indicator")
        .order_by("agency__name", "indicator__position")
    )
    figures = {
        v.indicator_id: v
        for v in DataValue.objects.filter(indicator__plan=plan, period=period, unit_id=plan.territory_id)
        .exclude(status__in=["draft", "returned"])
        .only("indicator_id", "status", "first_submitted_at")
    }
    deadline_end = None
    if period.deadline is not None:
        from datetime import datetime, time

        deadline_end = timezone.make_aware(datetime.combine(period.deadline, time.max))
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
