"""Who may see, enter and review which figures (DESIGN.md 1), as yes/no questions paired with their querysets.

- An agency REPORTS an indicator when it leads it or provides its data (an agency of the plan's territory), or,
  for an indicator reported by unit ("báo cáo theo địa bàn"), when it is an agency of a unit inside the territory
  (UBND xã …): it then reports for its own unit and the units below it only.
- A reporter sees the indicators their agency has any part in (lead, coordinating, data provider, or reports by
  unit), within their agency's unit; coordinators and leaders see the plan within their scope
  (plans.access.plan_scope).
- A coordinator of the plan enters on an agency's behalf, and reviews (approves, returns, un-approves).
- Activities of a work plan: a reporter sees those their agency leads or coordinates, and reports those it leads;
  coordinators and leaders see the activities of the plans they see (for a plan above their unit, those led by
  agencies inside it). Whoever sees an activity sees its reports and their evidence files.

`value_actions` says which actions a user may take on a figure; templates show what it returns.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from indicators.models import (
    Activity,
    ActivityEvidence,
    ActivityReport,
    Assignment,
    AssignmentRole,
    DataValue,
    Indicator,
    ValueStatus,
)
from plans.access import may_manage_plan, may_see_plan, plan_scope, plans_managed_by, plans_visible_to, sees_everything
from plans.models import AdministrativeUnit, Agency, Plan, Role, User
from plans.units import is_within, plan_units, within_q

REPORTING_ROLES = (AssignmentRole.LEAD, AssignmentRole.DATA_PROVIDER)


def is_territory_agency(agency: Agency, plan: Plan) -> bool:
    return agency.unit_id == plan.territory_id


# ---------------------------------------------------------------- indicators


def indicators_reported_by(agency: Agency, plan: Plan) -> QuerySet[Indicator]:
    """The plan's indicators an agency enters figures for."""
    indicators = Indicator.objects.filter(plan=plan)
    if is_territory_agency(agency, plan):
        return indicators.filter(pk__in=_assigned(agency, REPORTING_ROLES))
    if is_within(agency.unit, plan.territory):
        return indicators.filter(Q(reported_by_commune=True) | Q(pk__in=_assigned(agency, REPORTING_ROLES)))
    return indicators.none()


def agencies_reporting_for(plan: Plan, by_unit: bool | None = None) -> QuerySet[Agency]:
    """The agencies that send a plan figures: the territory's agencies that lead or provide data for an indicator
    (coordinating ones too, who may be asked to), and, when the plan has indicators reported by unit, the agencies
    of the units inside the territory (`by_unit`: whether it has some, when the caller knows). The choices where a
    period is reopened for one agency."""
    assigned = Q(assignments__indicator__plan=plan)
    if by_unit is None:
        by_unit = Indicator.objects.filter(plan=plan, reported_by_commune=True).exists()
    if by_unit:
        assigned |= Q(pk__in=Agency.objects.filter(unit__in=plan_units(plan)).exclude(unit=plan.territory).values("pk"))
    return Agency.objects.filter(assigned).distinct().select_related("unit").order_by("unit__level", "name")


def agency_reports(agency: Agency, indicator: Indicator, assignments: list[Assignment] | None = None) -> bool:
    """The yes/no of indicators_reported_by, for one indicator (its assignments may be prefetched)."""
    plan = indicator.plan
    if assignments is None:
        assignments = list(indicator.assignments.all())
    assigned = any(a.agency_id == agency.pk and a.role in REPORTING_ROLES for a in assignments)
    if is_territory_agency(agency, plan):
        return assigned
    return is_within(agency.unit, plan.territory) and (indicator.reported_by_commune or assigned)


def _assigned(agency: Agency, roles) -> QuerySet:
    return Assignment.objects.filter(agency=agency, role__in=roles).values("indicator_id")


def indicators_visible_to(user: User, plan: Plan) -> QuerySet[Indicator]:
    """All of the plan's indicators; for a reporter those their agency has a part in."""
    indicators = Indicator.objects.filter(plan=plan)
    if not may_see_plan(user, plan):
        return indicators.none()
    if user.role != Role.REPORTER or sees_everything(user):
        return indicators
    if user.agency_id is None:
        return indicators.none()
    agency = user.agency
    part = Q(pk__in=_assigned(agency, AssignmentRole.values))
    if not is_territory_agency(agency, plan):
        part |= Q(reported_by_commune=True)
    return indicators.filter(part)


def may_see_indicator(user: User, indicator: Indicator) -> bool:
    return indicators_visible_to(user, indicator.plan).filter(pk=indicator.pk).exists()


# ---------------------------------------------------------------- where figures are entered


def units_reported_by(agency: Agency, indicator: Indicator) -> QuerySet[AdministrativeUnit]:
    """The units an agency enters an indicator's figures for: the territory, and for an indicator reported by unit
    every unit of the plan inside the agency's own unit (a commune's agency: its commune)."""
    plan = indicator.plan
    if indicator.reported_by_commune:
        return plan_units(plan).filter(within_q(agency.unit))
    if is_territory_agency(agency, plan):
        return AdministrativeUnit.objects.filter(pk=plan.territory_id)
    return AdministrativeUnit.objects.none()


def agency_reports_unit(agency: Agency, indicator: Indicator, unit: AdministrativeUnit) -> bool:
    """The yes/no of units_reported_by (no query: the ancestors are on the unit)."""
    plan = indicator.plan
    if indicator.reported_by_commune:
        return is_within(unit, plan.territory) and is_within(unit, agency.unit)
    return unit.pk == plan.territory_id and is_territory_agency(agency, plan)


def entering_agency(user: User, plan: Plan, agency: Agency | None) -> Agency | None:
    """The agency a user enters figures as: a reporter their own; a coordinator of the plan the agency they chose
    (on its behalf); nobody else. None when the user may not enter for that agency."""
    if user.role == Role.REPORTER and not sees_everything(user):
        return user.agency if user.is_active else None
    if agency is not None and may_manage_plan(user, plan) and is_within(agency.unit, plan.territory):
        return agency
    return None


def may_enter(user: User, indicator: Indicator, unit: AdministrativeUnit, agency: Agency | None = None) -> bool:
    """Whether a user may enter this indicator's figure for this unit (as `agency`, for a coordinator). Locks are
    the period's business (indicators.periods)."""
    acting = entering_agency(user, indicator.plan, agency)
    return acting is not None and agency_reports(acting, indicator) and agency_reports_unit(acting, indicator, unit)


# ---------------------------------------------------------------- figures


def values_visible_to(user: User) -> QuerySet[DataValue]:
    """Figures a user may read: those of the indicators they see, for the units of their scope."""
    if sees_everything(user):
        return DataValue.objects.all()
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return DataValue.objects.none()
    # Every figure of a visible plan lies in its territory, so "inside the user's unit" is the whole plan for the
    # plans of their unit and below, and their own part of the plans above.
    own_part = Q(indicator__plan__in=plans_visible_to(user)) & within_q(user.unit, "unit__")
    if user.role != Role.REPORTER:
        return DataValue.objects.filter(own_part)
    if user.agency_id is None:
        return DataValue.objects.none()
    agency = user.agency
    assigned = Q(indicator__in=_assigned(agency, AssignmentRole.values))
    by_unit = Q(indicator__reported_by_commune=True) & ~Q(indicator__plan__territory_id=agency.unit_id)
    return DataValue.objects.filter(own_part & within_q(agency.unit, "unit__") & (assigned | by_unit))


def may_see_value(user: User, value: DataValue) -> bool:
    return values_visible_to(user).filter(pk=value.pk).exists()


def may_review(user: User, plan: Plan) -> bool:
    """Approve, return and un-approve the plan's figures, enter on an agency's behalf, reopen periods."""
    return may_manage_plan(user, plan)


def plans_reviewed_by(user: User) -> QuerySet[Plan]:
    return plans_managed_by(user)


def may_read_period(user: User, plan: Plan) -> bool:
    """The review and completeness pages: coordinators and leaders of the plan, not reporters."""
    return may_see_plan(user, plan) and (sees_everything(user) or user.role != Role.REPORTER)


def scope_of(user: User, plan: Plan) -> AdministrativeUnit:
    """The unit whose part of the plan a user reads (plans.access.plan_scope; a reporter: their agency's unit)."""
    scope = plan_scope(user, plan)
    if user.role == Role.REPORTER and not sees_everything(user) and user.agency_id:
        agency_unit = user.agency.unit
        if is_within(agency_unit, scope) and agency_unit.pk != scope.pk:
            return agency_unit
    return scope


# ---------------------------------------------------------------- actions on a figure


EDIT, SUBMIT, APPROVE, RETURN, UNAPPROVE, HISTORY = "edit", "submit", "approve", "return", "unapprove", "history"
ACTION_LABELS = {
    EDIT: "Sửa",
    SUBMIT: "Gửi duyệt",
    APPROVE: "Duyệt",
    RETURN: "Trả lại",
    UNAPPROVE: "Bỏ duyệt",
    HISTORY: "Lịch sử",
}


@dataclass(frozen=True)
class Actions:
    """What a user may do to one figure now; templates show these and nothing else."""

    codes: frozenset[str]

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    @property
    def can_edit(self) -> bool:
        return EDIT in self.codes

    @property
    def can_submit(self) -> bool:
        return SUBMIT in self.codes

    @property
    def can_approve(self) -> bool:
        return APPROVE in self.codes

    @property
    def can_return(self) -> bool:
        return RETURN in self.codes

    @property
    def can_unapprove(self) -> bool:
        return UNAPPROVE in self.codes


def value_actions(
    *, status: str | None, reviewer: bool, may_enter_it: bool, period_open: bool, exists: bool = True
) -> Actions:
    """The actions on a figure in `status` (None: not entered yet) for a user who reviews the plan or may enter the
    figure, while its period is open or not. Pure: the caller answers the questions once per page."""
    codes = set()
    if exists:
        codes.add(HISTORY)
    editable = status in (None, ValueStatus.DRAFT, ValueStatus.RETURNED, ValueStatus.SUBMITTED)
    if may_enter_it and period_open and editable:
        codes |= {EDIT, SUBMIT}
    if reviewer and status == ValueStatus.SUBMITTED:
        codes |= {APPROVE, RETURN}
    if reviewer and status == ValueStatus.APPROVED:
        codes.add(UNAPPROVE)
    return Actions(frozenset(codes))


# ---------------------------------------------------------------- activities of work plans


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """Activities a user may read: a reporter those their agency leads or coordinates; coordinators and leaders
    those of the plans they see, within their part of them."""
    if sees_everything(user):
        return Activity.objects.all()
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Activity.objects.none()
    activities = Activity.objects.filter(work_plan__plan__in=plans_visible_to(user))
    if user.role != Role.REPORTER:
        # A plan of their unit or below is theirs whole; of a plan above it, the activities led inside their unit.
        unit = user.unit
        return activities.filter(within_q(unit, "work_plan__plan__territory__") | within_q(unit, "lead_agency__unit__"))
    if user.agency_id is None:
        return Activity.objects.none()
    coordinated = Activity.coordinating_agencies.through.objects.filter(agency_id=user.agency_id)
    return activities.filter(Q(lead_agency_id=user.agency_id) | Q(pk__in=coordinated.values("activity_id")))


def may_see_activity(user: User, activity: Activity) -> bool:
    return activities_visible_to(user).filter(pk=activity.pk).exists()


def activities_reported_by(agency: Agency, plan: Plan) -> QuerySet[Activity]:
    """The plan's activities an agency reports on: those it leads."""
    return Activity.objects.filter(work_plan__plan=plan, lead_agency=agency)


def may_enter_activity(user: User, activity: Activity, agency: Agency | None = None) -> bool:
    """Whether a user may report on an activity (as `agency`, for a coordinator of the plan): the lead agency's
    reporter, or a coordinator on its behalf. Locks are the period's business (indicators.periods)."""
    acting = entering_agency(user, activity.work_plan.plan, agency)
    return acting is not None and acting.pk == activity.lead_agency_id


def activity_reports_visible_to(user: User) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(activity__in=activities_visible_to(user))


def may_see_activity_report(user: User, report: ActivityReport) -> bool:
    return activity_reports_visible_to(user).filter(pk=report.pk).exists()


def evidence_visible_to(user: User) -> QuerySet[ActivityEvidence]:
    """Evidence files a user may download: those of the reports they may read."""
    return ActivityEvidence.objects.filter(report__activity__in=activities_visible_to(user))


def may_see_evidence(user: User, evidence: ActivityEvidence) -> bool:
    return evidence_visible_to(user).filter(pk=evidence.pk).exists()
