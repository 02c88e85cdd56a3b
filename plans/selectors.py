"""Reads and access checks for plans, scoped by the user's administrative unit (DESIGN.md 1)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from plans.models import AdministrativeUnit, Agency, Plan, Role, User


def unit_ids_within(unit: AdministrativeUnit | int) -> set[int]:
    """The unit and every unit below it. One query per level (at most three in Vietnam)."""
    root = unit if isinstance(unit, int) else unit.pk
    ids = {root}
    frontier = {root}
    while frontier:
        frontier = set(AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def user_unit_ids(user: User) -> set[int]:
    """The units a user's scope covers, computed once per user object (that is, once per request)."""
    if user.unit_id is None:
        return set()
    cached = getattr(user, "_scope_unit_ids", None)
    if cached is None or cached[0] != user.unit_id:
        cached = (user.unit_id, unit_ids_within(user.unit_id))
        user._scope_unit_ids = cached
    return cached[1]


def sees_everything(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMINISTRATOR


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Plans whose territory is the user's unit or lies below it."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if sees_everything(user):
        return Plan.objects.all()
    return Plan.objects.filter(territory_id__in=user_unit_ids(user))


def parent_plans_for(user: User) -> QuerySet[Plan]:
    """Plans a user may name as a plan's parent: their own unit's and those of the units above it (the province's)."""
    if sees_everything(user):
        return Plan.objects.all()
    ancestors = set()
    unit = user.unit if user.unit_id else None
    while unit is not None:
        ancestors.add(unit.pk)
        unit = unit.parent
    return Plan.objects.filter(Q(territory_id__in=user_unit_ids(user)) | Q(territory_id__in=ancestors))


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    if sees_everything(user):
        return Agency.objects.all()
    return Agency.objects.filter(unit_id__in=user_unit_ids(user))


def can_manage_unit(user: User, unit: AdministrativeUnit) -> bool:
    """Coordinators set up plans for their own unit and the units below it."""
    if sees_everything(user):
        return True
    if user.role != Role.COORDINATOR or user.unit_id is None:
        return False
    return unit.pk in user_unit_ids(user)


def plan_for_user_or_404(user: User, code: str) -> Plan:
    """The plan with this code if the user may see it; otherwise 404, so other units' plans do not leak."""
    plan = plans_visible_to(user).select_related("territory", "parent").filter(code=code).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan
