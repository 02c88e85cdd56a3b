"""Who may read progress: the plan's users by session, or programs by token (DESIGN.md 7.4)."""

from django.utils import timezone

from plans.models import Plan
from plans.periods import PeriodCodeError, parse_period
from plans.units import UnitNotFound, plan_unit
from reports.models import ApiToken
from reports.progress import METHODS


class ProgressRequestError(ValueError):
    """A bad period or method; the message is Vietnamese."""


def user_from_token(header: str):
    """The active user of an `Authorization: Token <key>` header, or None."""
    scheme, _, key = (header or "").partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def period_of(plan: Plan, text: str | None):
    """The plan's period named by a code or Vietnamese words. Raises ProgressRequestError."""
    if not text:
        raise ProgressRequestError("Thiếu kỳ báo cáo (period), ví dụ 2024S1 hoặc 2024.")
    try:
        code = parse_period(text).code
    except PeriodCodeError as error:
        raise ProgressRequestError(str(error)) from error
    period = next((p for p in plan.periods.all() if p.code == code), None)
    if period is None:
        raise ProgressRequestError(
            f"Kế hoạch {plan.code} không có kỳ {code} (các năm {plan.start_year}–{plan.end_year})."
        )
    return period


def method_of(text: str | None) -> str:
    method = (text or "linear").strip().lower()
    if method not in METHODS:
        raise ProgressRequestError(f"Phương pháp “{text}” không hợp lệ: dùng linear hoặc escap.")
    return method


def unit_of(plan: Plan, text: str | None, *, within=None):
    """The unit inside `within` (default the plan's territory) named by an official code or a name; None when no
    unit is asked for. Raises ProgressRequestError naming the candidates when the name fits several."""
    try:
        return plan_unit(plan, text, within=within)
    except UnitNotFound as error:
        message = str(error)
        raise ProgressRequestError(message[:1].upper() + message[1:]) from error
