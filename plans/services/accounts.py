"""Writes for people: creating users of a role, the coordinators' group, reporters disabled or enabled and
given a new password (each logged with who and when)."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from plans.models import AdministrativeUnit, Agency, Role, User
from plans.services.errors import PlanRuleError

COORDINATOR_GROUP = "Điều phối"
# Coordinators set up plans in the admin: plans, indicators and their reports' letterhead; not users, nor the API
# tokens of programs (administrators issue those).
COORDINATOR_APPS = ("plans", "indicators", "reports")
COORDINATOR_EXCLUDED_MODELS = ("user", "apitoken")


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
    from plans.access import may_manage_reporter

    if not may_manage_reporter(actor, user):
        raise PlanRuleError("Bạn chỉ quản lý được tài khoản báo cáo viên của các cơ quan thuộc địa bàn mình.")


def _account_log(*, actor: User, user: User, message: str) -> None:
    """Who changed an account and when, in the admin's history of that user (Lịch sử)."""
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=CHANGE, change_message=message, single_object=True
    )


@transaction.atomic
def user_update(*, actor: User, user: User, full_name: str, email: str, agency: Agency) -> User:
    """A coordinator corrects a reporter's name, email address or agency (one of the agencies the coordinator
    manages; the reporter's unit follows the agency). Logged with who, when and what. Raises PlanRuleError."""
    from plans.access import may_manage_agency

    _require_manages_reporter(actor, user)
    if not may_manage_agency(actor, agency):
        raise PlanRuleError("Bạn chỉ chuyển được báo cáo viên sang cơ quan thuộc địa bàn mình.")
    first, _, last = full_name.strip().rpartition(" ")
    changes = {"first_name": first, "last_name": last, "email": email.strip(), "agency": agency, "unit": agency.unit}
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, changes[name])
        user.save(update_fields=changed)
        words = {"first_name": "họ và tên", "last_name": "họ và tên", "email": "thư điện tử", "agency": "cơ quan"}
        fields = ", ".join(dict.fromkeys(words[name] for name in changed if name in words))
        _account_log(actor=actor, user=user, message=f"Sửa {fields}.")
    return user


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
