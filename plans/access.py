"""Who may see and manage what, on the plans side (DESIGN.md 1): plans, units, agencies and reporter accounts.

Every permission is a pair, as Wagtail's permission policies pair them: a yes/no question about one object and the
queryset of every object for which the answer is yes, written side by side so that a list and a check can never
disagree. Views, the admin, the API, commands and templates ask these functions; nobody else decides.

A user belongs to one administrative unit. They see the plans of their unit and of the units below it, and the
plans of the units above theirs that were in force while their unit existed, each of those only for their own part
of it (a commune's leader sees the province's plan for that commune). Administrators see everything.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from plans.models import AdministrativeUnit, Agency, Plan, Role, User
from plans.units import is_within, within_q


def sees_everything(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMINISTRATOR))


def _is_scoped(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.unit_id is not None)


def _unit(user: User) -> AdministrativeUnit:
    """The user's unit, read once per user object (that is, once per request)."""
    cached = getattr(user, "_access_unit", None)
    if cached is None or cached.pk != user.unit_id:
        cached = AdministrativeUnit.objects.get(pk=user.unit_id)
        user._access_unit = cached
    return cached


# ---------------------------------------------------------------- plans


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Plans whose territory is the user's unit or below it, and plans above it from the unit's lifetime."""
    if sees_everything(user):
        return Plan.objects.all()
    if not _is_scoped(user):
        return Plan.objects.none()
    unit = _unit(user)
    above = Q(territory_id__in=unit.ancestor_ids())
    if unit.valid_from:
        above &= Q(end_year__gte=unit.valid_from.year)
    if unit.valid_until:
        above &= Q(start_year__lte=unit.valid_until.year)
    return Plan.objects.filter(within_q(unit, "territory__") | above)


def may_see_plan(user: User, plan: Plan) -> bool:
    if sees_everything(user):
        return True
    if not _is_scoped(user):
        return False
    unit, territory = _unit(user), plan.territory
    if is_within(territory, unit):
        return True
    return is_within(unit, territory) and _lived_during(unit, plan)


def _lived_during(unit: AdministrativeUnit, plan: Plan) -> bool:
    return (unit.valid_from is None or unit.valid_from <= date(plan.end_year, 12, 31)) and (
        unit.valid_until is None or unit.valid_until >= date(plan.start_year, 1, 1)
    )


def plan_for_user_or_404(user: User, code: str) -> Plan:
    """The plan with this code if the user may see it; otherwise 404, the same answer as for a plan that does not
    exist, so other units' plans do not leak."""
    plan = (
        plans_visible_to(user)
        .select_related("territory", "parent")
        .prefetch_related("periods")
        .filter(code=code)
        .first()
    )
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def plans_managed_by(user: User) -> QuerySet[Plan]:
    """Plans a user sets up and whose figures they review: a coordinator's plans of their unit and below it."""
    if sees_everything(user):
        return Plan.objects.all()
    if not _is_scoped(user) or user.role != Role.COORDINATOR:
        return Plan.objects.none()
    return Plan.objects.filter(within_q(_unit(user), "territory__"))


def may_manage_plan(user: User, plan: Plan) -> bool:
    """Set up the plan, review, approve, return and un-approve its figures, reopen its periods, write its reports."""
    if sees_everything(user):
        return True
    return _is_scoped(user) and user.role == Role.COORDINATOR and is_within(plan.territory, _unit(user))


def plan_scope(user: User, plan: Plan) -> AdministrativeUnit:
    """The part of a plan a user sees: the whole territory, or their own unit when it lies inside the territory (a
    commune's leader or reporter on the province's plan). The user must be allowed to see the plan."""
    if sees_everything(user) or not _is_scoped(user):
        return plan.territory
    unit = _unit(user)
    return unit if unit.pk != plan.territory_id and is_within(unit, plan.territory) else plan.territory


def parent_plans_for(user: User) -> QuerySet[Plan]:
    """Plans a user may name as a plan's parent: the ones they see (their unit's and those above it)."""
    return plans_visible_to(user)


# ---------------------------------------------------------------- units


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Units a user may read figures of: their unit and every unit below it."""
    if sees_everything(user):
        return AdministrativeUnit.objects.all()
    if not _is_scoped(user):
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(within_q(_unit(user)))


def may_see_unit(user: User, unit: AdministrativeUnit) -> bool:
    if sees_everything(user):
        return True
    return _is_scoped(user) and is_within(unit, _unit(user))


def units_managed_by(user: User) -> QuerySet[AdministrativeUnit]:
    """Units a coordinator may set up plans and agencies for (their own and below); administrators: all."""
    if sees_everything(user):
        return AdministrativeUnit.objects.all()
    if not _is_scoped(user) or user.role != Role.COORDINATOR:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(within_q(_unit(user)))


def may_manage_unit(user: User, unit: AdministrativeUnit) -> bool:
    if sees_everything(user):
        return True
    return _is_scoped(user) and user.role == Role.COORDINATOR and is_within(unit, _unit(user))


def may_restructure_units(user: User) -> bool:
    """Creating units outside a plan, re-parenting units and moving agencies between units: administrators only."""
    return sees_everything(user)


# ---------------------------------------------------------------- agencies


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    if sees_everything(user):
        return Agency.objects.all()
    if not _is_scoped(user):
        return Agency.objects.none()
    return Agency.objects.filter(within_q(_unit(user), "unit__"))


def may_see_agency(user: User, agency: Agency) -> bool:
    if sees_everything(user):
        return True
    return _is_scoped(user) and is_within(agency.unit, _unit(user))


def agencies_managed_by(user: User) -> QuerySet[Agency]:
    if sees_everything(user):
        return Agency.objects.all()
    if not _is_scoped(user) or user.role != Role.COORDINATOR:
        return Agency.objects.none()
    return Agency.objects.filter(within_q(_unit(user), "unit__"))


def may_manage_agency(user: User, agency: Agency) -> bool:
    return may_manage_unit(user, agency.unit)


# ---------------------------------------------------------------- reporter accounts


def reporters_managed_by(user: User) -> QuerySet[User]:
    """Reporter accounts a coordinator creates, edits, locks and resets: those of their agencies."""
    return User.objects.filter(role=Role.REPORTER, agency__in=agencies_managed_by(user))


def may_manage_reporter(user: User, reporter: User) -> bool:
    if reporter.role != Role.REPORTER or reporter.agency_id is None:
        return False
    return may_manage_agency(user, reporter.agency)


# ---------------------------------------------------------------- what the page header offers


def acts_for_agency(user: User) -> bool:
    """A reporter: enters their agency's figures (their home is the entry, not the plan list)."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.REPORTER and not sees_everything(user))


def may_manage_accounts(user: User) -> bool:
    """Coordinators manage their agencies' reporter accounts; administrators everyone's."""
    return sees_everything(user) or (_is_scoped(user) and user.role == Role.COORDINATOR)


class Permissions:
    """The questions templates ask about the signed-in user, answered by this module (never by role names in a
    template). Available in every template as `can`."""

    def __init__(self, user: User):
        self.user = user

    @property
    def enter_figures(self) -> bool:
        return acts_for_agency(self.user)

    @property
    def read_plans(self) -> bool:
        return self.user.is_authenticated and not acts_for_agency(self.user)

    @property
    def manage_accounts(self) -> bool:
        return may_manage_accounts(self.user)

    @property
    def use_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active and self.user.is_staff)
