"""Reminders by email: when a period opens, 7 days and 1 day before its deadline, and when a figure is returned or
approved. The `send_reminders` command (cron, daily) calls reminders_send.

Each reminder is also a notice in the app (Notification: the header's badge, the page Thông báo), for every active
reporter, with or without an email address. A return or an approval becomes a notice at once (notify_reviewed, called
by the review itself); the next run mails it.

Never twice for one event: each (event, recipient) has a Notification with a unique key, and its `emailed_at` is set
by a conditional update in the same transaction as the mail is sent, so two runs at once send once (the second update
finds it set), and a mail that could not be sent leaves it unset (and a notice made by that run unmade) and is tried
again on the next run.

Each event has a catch-up window rather than a single day, so a day without cron still sends, once: the period
opening from its opening day to its deadline, the 7-day reminder from 7 days to 2 days before the deadline, the
1-day reminder from the day before to the deadline itself, a return or an approval for 7 days after it happened.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from indicators.access import REPORTING_ROLES
from indicators.models import (
    Assignment,
    DataValue,
    Indicator,
    Notification,
    ValueAction,
    ValueChange,
    ValueStatus,
)
from indicators.periods import period_is_open_for, period_window
from indicators.selectors import reporters_of
from indicators.services.figures import describe
from plans.models import Agency, Plan, PlanStatus, ReportingPeriod, Role, User
from plans.text import single_line
from plans.units import is_within

SUBJECT_PREFIX = "[Bình đẳng giới]"
FIRST_REMINDER_DAYS = 7
LAST_REMINDER_DAYS = 1
# A return or an approval older than this is not mailed: the first run must not send years of history.
VALUE_CHANGE_LOOKBACK = timedelta(days=7)
ENTERED = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
FOOTER = (
    "\n\n-- \nThư gửi tự động từ hệ thống theo dõi thực hiện kế hoạch bình đẳng giới. Xin không trả lời thư này; "
    "cần hỗ trợ, xin liên hệ cán bộ điều phối của kế hoạch."
)


@dataclass(frozen=True)
class Reminder:
    """One email to send: `key` names the event and the recipient."""

    key: str
    recipient: User
    subject: str  # without SUBJECT_PREFIX, which only the mail carries
    body: str
    summary: str  # the notice's short text in the app
    link: str  # where the notice leads in the app


def reminders_send(*, today: date | None = None, now: datetime | None = None) -> list[Notification]:
    """Send every reminder that is due and not yet sent; return the notifications mailed by this run. Every
    reminder is a notice in the app as well, also for a reporter without an email address.

    An error of the mail server propagates (cron reports it); what was sent before it stays recorded, and the mail
    that failed is tried again on the next run.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    reminders = _period_reminders(today) + _value_change_reminders(today, now)
    done = set(
        Notification.objects.filter(key__in=[r.key for r in reminders])
        .filter(Q(emailed_at__isnull=False) | Q(recipient__email=""))
        .values_list("key", flat=True)
    )
    sent = []
    for reminder in reminders:
        if reminder.key in done:
            continue
        notification = _deliver(reminder)
        if notification is not None:
            sent.append(notification)
    return sent


def _notice(reminder: Reminder, at: datetime) -> Notification:
    """The notice in the app. The subject is made one line: it carries codes and names people typed, and a line
    break in a mail header would make the mail library refuse the message (and stop the run) or read the rest as
    another header."""
    return Notification(
        key=reminder.key,
        recipient=reminder.recipient,
        subject=single_line(reminder.subject)[:255],
        body=Truncator(single_line(reminder.summary)).chars(500),
        link=reminder.link,
        created_at=at,
    )


def _deliver(reminder: Reminder) -> Notification | None:
    """Make the notice (unless made already), then mail it: None when there is nothing to mail (no address, or
    another run mailed it first)."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _notice(reminder, now)
        notification, _ = Notification.objects.get_or_create(
            key=reminder.key,
            defaults={name: getattr(fresh, name) for name in ("recipient", "subject", "body", "link", "created_at")},
        )
        if not reminder.recipient.email:
            return None
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now):
            return None
        EmailMessage(
            subject=f"{SUBJECT_PREFIX} {notification.subject}",
            body=reminder.body + FOOTER,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[reminder.recipient.email],
        ).send()
    return notification


def notify_reviewed(changes) -> None:
    """Notices in the app, at once, of returns and approvals just made (ValueChange rows); the next run of
    reminders_send mails them. Three queries whatever the number."""
    changes = list(changes.select_related(*VALUE_CHANGE_RELATED).order_by("changed_at", "pk"))
    now = timezone.now()
    Notification.objects.bulk_create(
        [_notice(reminder, now) for reminder in _value_change_notices(changes, timezone.localdate(now))],
        ignore_conflicts=True,
    )


# Periods: opening, 7 days and 1 day before the deadline.


def _period_reminders(today: date) -> list[Reminder]:
    horizon = today + timedelta(days=max(settings.PERIOD_OPENS_DAYS_BEFORE_DEADLINE, FIRST_REMINDER_DAYS))
    periods = list(
        ReportingPeriod.objects.filter(plan__status=PlanStatus.ACTIVE, deadline__gte=today, deadline__lte=horizon)
        .select_related("plan__territory")
        .prefetch_related("reopenings")
        .order_by("deadline", "plan__code", "year", "kind")
    )
    if not periods:
        return []
    plan_ids = {period.plan_id for period in periods}

    # Per plan, each reporting agency and its indicators, in the plan's order.
    indicators_of: dict[int, dict[int, dict[int, Indicator]]] = defaultdict(lambda: defaultdict(dict))
    agencies: dict[int, Agency] = {}
    for assignment in (
        Assignment.objects.filter(indicator__plan_id__in=plan_ids, role__in=REPORTING_ROLES)
        .select_related("indicator", "agency")
        .order_by("indicator__position", "indicator__code", "pk")
    ):
        indicators_of[assignment.indicator.plan_id][assignment.agency_id][assignment.indicator_id] = (
            assignment.indicator
        )
        agencies[assignment.agency_id] = assignment.agency

    # Agencies of units inside a plan's territory (UBND xã …) report its indicators reported by unit, for their unit
    # (indicators.access.indicators_reported_by): they are reminded too, if they have reporters.
    by_unit: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(plan_id__in=plan_ids, reported_by_commune=True).order_by(
        "position", "code"
    ):
        by_unit[indicator.plan_id].append(indicator)
    reporters: dict[int, list[User]] = defaultdict(list)
    for user in (
        User.objects.filter(role=Role.REPORTER, is_active=True, agency__isnull=False)
        .select_related("agency__unit")
        .order_by("pk")
    ):
        reporters[user.agency_id].append(user)
        agencies.setdefault(user.agency_id, user.agency)
    plans = {period.plan_id: period.plan for period in periods}
    for plan_id, indicators in by_unit.items():
        territory = plans[plan_id].territory
        for agency_id in reporters:
            agency = agencies[agency_id]
            if agency.unit_id != territory.pk and is_within(agency.unit, territory):
                for indicator in indicators:
                    indicators_of[plan_id][agency_id].setdefault(indicator.pk, indicator)

    entered = set(
        DataValue.objects.filter(period__in=periods, status__in=ENTERED).values_list(
            "period_id", "indicator_id", "unit_id"
        )
    )

    reminders = []
    for period in periods:
        plan = period.plan
        window = period_window(period, plan)
        plan_agencies = sorted((agencies[pk] for pk in indicators_of[plan.pk]), key=lambda agency: agency.name)
        for agency in plan_agencies:
            people = reporters[agency.pk]
            if not people or not period_is_open_for(period, plan, agency, today):
                continue
            indicators = list(indicators_of[plan.pk][agency.pk].values())
            missing = [
                indicator
                for indicator in indicators
                if any(
                    (period.pk, indicator.pk, unit_id) not in entered
                    for unit_id in _expected_units(indicator, plan, agency)
                )
            ]
            for user in people:
                if window.opens_on <= today:
                    reminders.append(_period_open(period, agency, indicators, user, today))
                if missing and window.deadline - timedelta(days=FIRST_REMINDER_DAYS) <= today:
                    if today < window.deadline - timedelta(days=LAST_REMINDER_DAYS):
                        reminders.append(_deadline(period, agency, missing, user, today, FIRST_REMINDER_DAYS))
                    else:
                        reminders.append(_deadline(period, agency, missing, user, today, LAST_REMINDER_DAYS))
    return reminders


def _expected_units(indicator: Indicator, plan: Plan, agency: Agency) -> list[int]:
    """Where the agency owes a figure: the territory for a territory's agency (the territory's figure is the one
    that counts); an agency inside the territory its own unit, for an indicator reported by unit."""
    if agency.unit_id == plan.territory_id:
        return [plan.territory_id]
    return [agency.unit_id] if indicator.reported_by_commune else []


def _period_open(period, agency, indicators, user, today) -> Reminder:
    plan = period.plan
    lines = "\n".join(_indicator_line(indicator) for indicator in indicators)
    body = (
        f"Kính gửi {_name(user)} ({agency.name}),\n\n"
        f"Kỳ báo cáo {period.label.lower()} của {_plan_name(plan)} đã mở để nhập số liệu.\n"
        f"Hạn báo cáo: {period.deadline:%d/%m/%Y} ({_days_left(period.deadline, today)}).\n\n"
        f"Các chỉ tiêu {agency.name} được giao báo cáo ({len(indicators)}):\n{lines}\n\n"
        "Xin đăng nhập hệ thống theo dõi kế hoạch bình đẳng giới để nhập và gửi số liệu trước hạn."
    )
    return Reminder(
        key=f"period-open:{period.pk}:{user.pk}",
        recipient=user,
        subject=f"Mở kỳ báo cáo {period.label.lower()}, hạn {period.deadline:%d/%m/%Y}",
        body=body,
        summary=f"{agency.name} được giao báo cáo {len(indicators)} chỉ tiêu; hạn {period.deadline:%d/%m/%Y} "
        f"({_days_left(period.deadline, today)}).",
        link=_entry_link(period.plan, period),
    )


def _deadline(period, agency, missing, user, today, days_before: int) -> Reminder:
    plan = period.plan
    days_left = _days_left(period.deadline, today)
    lines = "\n".join(_indicator_line(indicator) for indicator in missing)
    body = (
        f"Kính gửi {_name(user)} ({agency.name}),\n\n"
        f"Hạn báo cáo kỳ {period.label.lower()} của {_plan_name(plan)} là ngày {period.deadline:%d/%m/%Y} "
        f"({days_left}).\n\n"
        f"{agency.name} còn {len(missing)} chỉ tiêu chưa gửi số liệu:\n{lines}\n\n"
        "Xin nhập và gửi số liệu trước hạn. Số liệu đã lưu nháp cũng cần được gửi để điều phối duyệt."
    )
    return Reminder(
        key=f"deadline-{days_before}:{period.pk}:{user.pk}",
        recipient=user,
        subject=f"Nhắc hạn báo cáo {period.label.lower()}: {days_left} (hạn {period.deadline:%d/%m/%Y})",
        body=body,
        summary=f"{agency.name} còn {len(missing)} chỉ tiêu chưa gửi số liệu.",
        link=_entry_link(period.plan, period),
    )


# Figures returned or approved by a coordinator.


VALUE_CHANGE_RELATED = (
    "changed_by",
    "data_value__indicator__plan",
    "data_value__period",
    "data_value__unit",
    "data_value__agency",
)
REVIEWED = Q(
    action__in=(ValueAction.RETURNED, ValueAction.APPROVED),
    data_value__agency__isnull=False,
    data_value__indicator__plan__status=PlanStatus.ACTIVE,
)


def _value_change_reminders(today: date, now: datetime) -> list[Reminder]:
    changes = list(
        ValueChange.objects.filter(REVIEWED, changed_at__gte=now - VALUE_CHANGE_LOOKBACK, changed_at__lte=now)
        .select_related(*VALUE_CHANGE_RELATED)
        .order_by("changed_at", "pk")
    )
    return _value_change_notices(changes, today)


def _value_change_notices(changes: list[ValueChange], today: date) -> list[Reminder]:
    if not changes:
        return []
    reporters: dict[int, list[User]] = defaultdict(list)
    for user in reporters_of({change.data_value.agency_id for change in changes}).order_by("pk"):
        reporters[user.agency_id].append(user)
    return [_value_change(change, user, today) for change in changes for user in reporters[change.data_value.agency_id]]


def _value_change(change: ValueChange, user: User, today: date) -> Reminder:
    value = change.data_value
    indicator, period, agency = value.indicator, value.period, value.agency
    is_return = change.action == ValueAction.RETURNED
    by = _name(change.changed_by) if change.changed_by else "Điều phối"
    deadline = f" (hạn {period.deadline:%d/%m/%Y}, {_days_left(period.deadline, today)})" if period.deadline else ""
    figure = describe(change.new)
    if indicator.unit and figure != "—":
        figure = f"{figure} {indicator.unit}"
    verb = "trả lại" if is_return else "duyệt"
    next_step = (
        "Xin sửa số liệu theo ý kiến trên và gửi lại để điều phối duyệt."
        if is_return
        else "Số liệu đã duyệt được dùng để đánh giá tiến độ và lập báo cáo của kế hoạch."
    )
    body = (
        f"Kính gửi {_name(user)} ({agency.name}),\n\n"
        f"{by} đã {verb} số liệu của {agency.name} lúc {timezone.localtime(change.changed_at):%H:%M %d/%m/%Y}.\n\n"
        f"Kế hoạch: {_plan_name(indicator.plan)}\n"
        f"Kỳ báo cáo: {period.label}{deadline}\n"
        f"Chỉ tiêu: {_indicator_text(indicator)}\n"
        f"Địa bàn: {value.unit.name}\n"
        f"Số liệu: {figure}\n"
        f"Ý kiến của điều phối: {change.note or '(không có)'}\n\n"
        f"{next_step}"
    )
    outcome = "bị trả lại" if is_return else "đã được duyệt"
    summary = f"{by} đã {verb} số liệu {indicator.code} ({value.unit.name})."
    if change.note:
        summary += f" Ý kiến: {change.note}"
    return Reminder(
        key=f"value-change:{change.pk}:{user.pk}",
        recipient=user,
        subject=f"Số liệu chỉ tiêu {indicator.code} kỳ {period.label.lower()} {outcome}",
        body=body,
        summary=summary,
        link=_entry_link(indicator.plan, period),
    )


# Wording shared by the emails.


def _entry_link(plan: Plan, period: ReportingPeriod) -> str:
    return reverse("period_entry", args=[plan.code, period.code])


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _plan_name(plan: Plan) -> str:
    return f"{plan.title} ({plan.document_number})" if plan.document_number else plan.title


def _indicator_text(indicator: Indicator) -> str:
    return f"{indicator.code}. {indicator.name}"


def _indicator_line(indicator: Indicator) -> str:
    return f"- {_indicator_text(indicator)}"


def _days_left(deadline: date, today: date) -> str:
    days = (deadline - today).days
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-days} ngày"
