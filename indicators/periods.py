"""When a period takes figures (DESIGN.md 3): it opens some days before its deadline, locks some days after it,
and a coordinator may reopen it for one agency or for all until a date. Every page and service asks here."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from indicators.models import PeriodReopening
from plans.models import Agency, PeriodState, Plan, ReportingPeriod


@dataclass(frozen=True)
class PeriodWindow:
    opens_on: date | None
    deadline: date | None
    locks_after: date | None


def period_window(period: ReportingPeriod, plan: Plan) -> PeriodWindow:
    """A period opens some days before its deadline and locks `plan.lock_days_after_deadline` days after it."""
    if period.deadline is None:
        return PeriodWindow(None, None, None)
    opens = period.deadline - timedelta(days=settings.PERIOD_OPENS_DAYS_BEFORE_DEADLINE)
    return PeriodWindow(opens, period.deadline, period.deadline + timedelta(days=plan.lock_days_after_deadline))


def active_reopenings(period: ReportingPeriod, today: date | None = None) -> list[PeriodReopening]:
    today = today or timezone.localdate()
    return [r for r in period.reopenings.all() if r.until >= today]


def period_is_open_for(period: ReportingPeriod, plan: Plan, agency: Agency | None, today: date | None = None) -> bool:
    """Whether figures of the period may be entered or changed for an agency today (a reopening counts)."""
    today = today or timezone.localdate()
    if any(
        r.agency_id is None or (agency is not None and r.agency_id == agency.pk)
        for r in active_reopenings(period, today)
    ):
        return True
    if period.state == PeriodState.LOCKED:
        return False
    window = period_window(period, plan)
    return window.opens_on is not None and window.opens_on <= today <= window.locks_after


def period_status_text(period: ReportingPeriod, plan: Plan, agency: Agency | None, today: date | None = None) -> str:
    today = today or timezone.localdate()
    window = period_window(period, plan)
    if period_is_open_for(period, plan, agency, today):
        if window.deadline and today <= window.deadline:
            days = (window.deadline - today).days
            return "hôm nay là hạn cuối" if days == 0 else f"còn {days} ngày"
        in_its_window = period.state != PeriodState.LOCKED and window.locks_after and today <= window.locks_after
        reopened = [
            r.until
            for r in active_reopenings(period, today)
            if r.agency_id is None or (agency is not None and r.agency_id == agency.pk)
        ]
        if reopened and not in_its_window:
            return f"được mở lại đến {max(reopened):%d/%m/%Y}"
        return "đã quá hạn, vẫn nhận số liệu"
    if window.opens_on and today < window.opens_on:
        return f"mở từ {window.opens_on:%d/%m/%Y}"
    return "đã khóa"


def period_state_text(period: ReportingPeriod, plan: Plan, today: date | None = None) -> str:
    """A period's state for the whole plan, as the admin's and the plan page's period tables say it: not yet open,
    open (days left), past its deadline but still taking figures, locked; and the reopenings in force."""
    today = today or timezone.localdate()
    reopenings = sorted(active_reopenings(period, today), key=lambda r: (r.agency_id is not None, r.until))
    for_all = [r for r in reopenings if r.agency_id is None]
    window = period_window(period, plan)
    if for_all:
        state = f"mở lại cho mọi cơ quan đến {max(r.until for r in for_all):%d/%m/%Y}"
    elif period.state == PeriodState.LOCKED or (window.locks_after is not None and today > window.locks_after):
        state = "đã khóa"
    elif window.opens_on is None:
        state = "chưa có hạn báo cáo, chưa mở"
    elif today < window.opens_on:
        state = f"chưa mở (mở từ {window.opens_on:%d/%m/%Y})"
    elif today <= window.deadline:
        days = (window.deadline - today).days
        state = (
            "đang mở, hôm nay là hạn cuối"
            if days == 0
            else f"đang mở, còn {days} ngày (hạn {window.deadline:%d/%m/%Y})"
        )
    else:
        state = f"quá hạn, vẫn nhận số liệu đến {window.locks_after:%d/%m/%Y}"
    agencies = [r for r in reopenings if r.agency_id is not None]
    if agencies:
        state += "; mở lại cho " + ", ".join(f"{r.agency} đến {r.until:%d/%m/%Y}" for r in agencies)
    return state[:1].upper() + state[1:]
