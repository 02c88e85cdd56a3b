"""Writes for administrative units, agencies, plans' periods and users. Each runs in a transaction."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import ProtectedError

from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, User
from plans.periods import deadline_for, plan_period_specs
from plans.text import clean_name, name_key

COORDINATOR_GROUP = "Điều phối"
# Coordinators set up plans in the admin: plans, indicators and their reports' letterhead; not users, nor the API
# tokens of programs (administrators issue those).
COORDINATOR_APPS = ("plans", "indicators", "reports")
COORDINATOR_EXCLUDED_MODELS = ("user", "apitoken")


class PlanRuleError(Exception):
    """A change a plan's rules forbid; the message is Vietnamese and says what to do."""


@transaction.atomic
def unit_get_or_create(*, name: str, level: str, parent: AdministrativeUnit | None) -> tuple[AdministrativeUnit, bool]:
    unit, created = AdministrativeUnit.objects.get_or_create(
        parent=parent, level=level, name_key=name_key(name), defaults={"name": clean_name(name)}
    )
    return unit, created


@transaction.atomic
def agency_get_or_create(*, name: str, unit: AdministrativeUnit) -> tuple[Agency, bool]:
    """Agencies are matched by name case- and whitespace-insensitively within a territory."""
    return Agency.objects.get_or_create(unit=unit, name_key=name_key(name), defaults={"name": clean_name(name)})


def agency_prepare_for_save(agency: Agency) -> None:
    """Keep the stored name tidy and its matching key in step (used by the admin and the agency import)."""
    agency.name = clean_name(agency.name)
    agency.name_key = name_key(agency.name)


def unit_prepare_for_save(unit: AdministrativeUnit) -> None:
    unit.name = clean_name(unit.name)
    unit.name_key = name_key(unit.name)


@transaction.atomic
def plan_sync_periods(*, plan: Plan) -> dict[str, list[str]]:
    """Make the plan's reporting periods those of its years and deadlines.

    Returns the codes created, re-dated and removed. Raises PlanRuleError when a period that would be
    removed still holds figures.
    """
    wanted = {spec.code: spec for spec in plan_period_specs(plan.start_year, plan.end_year)}
    existing = {period.code: period for period in plan.periods.all()}
    changes: dict[str, list[str]] = {"created": [], "updated": [], "deleted": []}
    for code, spec in wanted.items():
        day, month = (
            (plan.half_year_deadline_day, plan.half_year_deadline_month)
            if spec.is_half_year
            else (plan.annual_deadline_day, plan.annual_deadline_month)
        )
        deadline = deadline_for(year=spec.year, is_half_year=spec.is_half_year, day=day, month=month) if day else None
        period = existing.get(code)
        if period is None:
            ReportingPeriod.objects.create(plan=plan, code=code, year=spec.year, kind=spec.kind, deadline=deadline)
            changes["created"].append(code)
        elif period.deadline != deadline:
            period.deadline = deadline
            period.save(update_fields=["deadline"])
            changes["updated"].append(code)
    for code, period in existing.items():
        if code not in wanted:
            try:
                period.delete()
            except ProtectedError as error:
                raise PlanRuleError(
                    f"Không thể bỏ kỳ báo cáo {code} của kế hoạch {plan.code}: kỳ này đã có số liệu."
                ) from error
            changes["deleted"].append(code)
    return changes


def coordinator_group() -> Group:
    """The group that lets coordinators manage plans in the admin (created or brought up to date)."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS).exclude(
        content_type__model__in=COORDINATOR_EXCLUDED_MODELS
    )
    group.permissions.set(permissions)
    return group


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    unit: AdministrativeUnit | None,
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user of a role. Coordinators get the admin for plans; administrators are superusers."""
    first, _, last = full_name.rpartition(" ")
    user = User(
        username=username,
        role=role,
        unit=unit,
        agency=agency if role == Role.REPORTER else None,
        first_name=first,
        last_name=last,
        email=email,
        is_staff=role in (Role.COORDINATOR, Role.ADMINISTRATOR),
        is_superuser=role == Role.ADMINISTRATOR,
    )
    user.set_password(password)
    user.save()
    if role == Role.COORDINATOR:
        user.groups.add(coordinator_group())
    return user


def _require_manages_reporter(actor: User, user: User) -> None:
    from plans.selectors import reporters_managed_by

    if not reporters_managed_by(actor).filter(pk=user.pk).exists():
        raise PlanRuleError("Bạn chỉ quản lý được tài khoản báo cáo viên của các cơ quan thuộc địa bàn mình.")


def _account_log(*, actor: User, user: User, message: str) -> None:
    """Who changed an account and when, in the admin's history of that user (Lịch sử)."""
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=CHANGE, change_message=message, single_object=True
    )


@transaction.atomic
def user_set_active(*, actor: User, user: User, is_active: bool) -> User:
    """A coordinator disables (or enables again) a reporter of their unit's agencies. Raises PlanRuleError."""
    _require_manages_reporter(actor, user)
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        _account_log(actor=actor, user=user, message="Mở lại tài khoản." if is_active else "Khóa tài khoản.")
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """A coordinator sets a new password for a reporter of their unit's agencies (the password has passed the
    validators: plans.forms.ReporterPasswordForm). The reporter's open sessions end, a login lockout of the name is
    lifted, and the change is logged with who and when. Raises PlanRuleError."""
    from axes.handlers.proxy import AxesProxyHandler

    from plans.login import username_key

    _require_manages_reporter(actor, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    AxesProxyHandler.reset_attempts(username=username_key(user.username))
    _account_log(actor=actor, user=user, message="Đặt lại mật khẩu.")
    return user
