"""What every reviewed thing shares (figures, activity reports): the review's transitions and their rules, the
optimistic version check, the review itself, returning with a reopened period, and the words of the refusals.
One vocabulary (ValueStatus, ValueAction), one set of rules, one way of saying them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from indicators.access import may_review
from indicators.models import PeriodReopening, ValueAction, ValueStatus
from indicators.periods import period_is_open_for
from plans.models import Agency, Plan, ReportingPeriod, User

# action: (status after, statuses it applies to)
# Audit rows built and written per statement (an import writes 100.000 of them).
AUDIT_BATCH = 1000

REVIEW_RULES = {
    ValueAction.APPROVED: (ValueStatus.APPROVED, (ValueStatus.SUBMITTED,)),
    ValueAction.RETURNED: (ValueStatus.RETURNED, (ValueStatus.SUBMITTED,)),
    ValueAction.UNAPPROVED: (ValueStatus.SUBMITTED, (ValueStatus.APPROVED,)),
}
# A submission or a draft may change what is not yet approved.
EDITABLE = (ValueStatus.DRAFT, ValueStatus.RETURNED, ValueStatus.SUBMITTED)


class ValueRuleError(Exception):
    """A change the workflow forbids; the message is Vietnamese and says what to do."""


class StaleValue(ValueRuleError):
    """The thing changed since the user saw it."""


def review_note_problem(action: str, note: str) -> str | None:
    """A return and an un-approval need a note (what to fix, why)."""
    if action == ValueAction.RETURNED and not note.strip():
        return "Cần ghi lý do trả lại để cơ quan biết phải sửa gì."
    if action == ValueAction.UNAPPROVED and not note.strip():
        return "Cần ghi lý do bỏ duyệt."
    return None


def review_status_problem(action: str, status: str, what: str, noun: str) -> str | None:
    """Why `action` cannot apply to something in `status` (`what`: "Số liệu 1.1 (Bắc Yên)", `noun`: "số liệu"),
    or None."""
    allowed_from = REVIEW_RULES[action][1]
    if status in allowed_from:
        return None
    labels = ", ".join(str(ValueStatus(s).label).lower() for s in allowed_from)
    return (
        f"{what} đang ở trạng thái “{ValueStatus(status).label}”; "
        f"chỉ {ValueAction(action).label.lower()} được {noun} {labels}."
    )


def person_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "người khác"


def changed_meanwhile(what: str, who: User | None, when) -> str:
    """A stale save: who changed it, and when; nothing was overwritten."""
    return (
        f"{what} vừa được {person_name(who)} thay đổi lúc {timezone.localtime(when):%H:%M %d/%m/%Y}. "
        "Không có gì bị ghi đè: hãy tải lại trang để xem bản mới."
    )


def period_locked(period: ReportingPeriod, who: str) -> str:
    return (
        f"kỳ {period.words} đã khóa (hoặc chưa mở) với {who}; đề nghị điều phối mở lại kỳ báo cáo "
        "(áp dụng cho mọi dòng của kỳ này)."
    )


def approved_frozen(what: str) -> str:
    """Why an approved thing cannot be edited (`what`: "Báo cáo hoạt động 1.1 kỳ 2026")."""
    return f"{what} đã được duyệt; đề nghị điều phối bỏ duyệt trước khi sửa."


def update_at_version(obj: models.Model, version: int, changes: dict) -> bool:
    """Write `changes` to `obj` only if its row is still at `version` (optimistic locking); `obj` then carries
    them. False: someone changed it meanwhile, nothing was written."""
    if not type(obj).objects.filter(pk=obj.pk, version=version).update(**changes):
        return False
    for name, value in changes.items():
        setattr(obj, name, value)
    return True


def audit(
    change_model: type[models.Model],
    subject: str,
    changes: Iterable[tuple[models.Model, dict, str, dict]],
    *,
    actor: User | None,
    action: str,
    at: datetime,
    note: str = "",
    on_behalf: bool = False,
    **extra,
) -> None:
    """The one place an audit row of a reviewed thing is written, whatever the thing: (thing, its snapshot before,
    its status before, its snapshot after) for each change; `subject` is the row's link to the thing. Rows are built
    and written AUDIT_BATCH at a time, so an import of 100.000 figures never holds all of them."""
    changes = iter(changes)
    while batch := list(islice(changes, AUDIT_BATCH)):
        change_model.objects.bulk_create(
            [
                change_model(
                    **{subject: thing},
                    changed_at=at,
                    changed_by=actor,
                    action=action,
                    status_before=status_before,
                    status_after=thing.status,
                    old=before,
                    new=after,
                    note=note,
                    on_behalf=on_behalf,
                    **extra,
                )
                for thing, before, status_before, after in batch
            ]
        )


# ---------------------------------------------------------------- reviewing


@dataclass(frozen=True)
class Reviewed:
    """What differs between reviewing one kind of thing and another (a figure, an activity report)."""

    things: str  # who may review them: "số liệu", "báo cáo hoạt động"
    noun: str  # "chỉ duyệt được {noun} đã gửi", "để cơ quan sửa được {noun}": "số liệu", "báo cáo"
    plan: Callable[[models.Model], Plan]
    what: Callable[[models.Model], str]  # "Số liệu 1.1 (Bắc Yên)"
    name: Callable[[models.Model], str]  # in a sentence: "số liệu 1.1 (Bắc Yên)", "báo cáo hoạt động 2.4"
    snapshot: Callable[[models.Model], dict]
    record: Callable[..., None]  # the kind's audit: (thing, before, status before) for each, actor, action, at, note


def review(
    kind: Reviewed,
    *,
    actor: User,
    items: list[tuple[models.Model, int | None]],
    action: str,
    note: str = "",
    at: datetime | None = None,
) -> list:
    """Approve, return or un-approve things of one kind, each at the version the reviewer saw (None: as it is now),
    and audit it. A return and an un-approval need a note. Raises ValueRuleError / StaleValue; the caller's
    transaction makes it all or nothing. One query per thing plus one for the audit."""
    to = REVIEW_RULES[action][0]
    note = note.strip()
    if problem := review_note_problem(action, note):
        raise ValueRuleError(problem)
    now = at or timezone.now()
    audited = []
    plans_checked: set[int] = set()
    for thing, expected_version in items:
        plan = kind.plan(thing)
        if plan.pk not in plans_checked:
            if not may_review(actor, plan):
                raise ValueRuleError(f"Chỉ điều phối của kế hoạch được duyệt, trả lại hoặc bỏ duyệt {kind.things}.")
            plans_checked.add(plan.pk)
        what = kind.what(thing)
        if problem := review_status_problem(action, thing.status, what, kind.noun):
            raise ValueRuleError(problem)
        seen = thing.version if expected_version is None else expected_version
        before, status_before = kind.snapshot(thing), thing.status
        changes = {"status": to, "reviewed_by": actor, "reviewed_at": now, "review_note": note, "version": seen + 1}
        if not update_at_version(thing, seen, changes):
            current = type(thing).objects.select_related("entered_by", "reviewed_by").get(pk=thing.pk)
            who = current.reviewed_by if (current.reviewed_at or now) > current.entered_at else current.entered_by
            raise StaleValue(changed_meanwhile(what, who, max(filter(None, [current.entered_at, current.reviewed_at]))))
        audited.append((thing, before, status_before))
    kind.record(audited, actor=actor, action=action, at=now, note=note)
    return [thing for thing, *_ in audited]


@transaction.atomic
def give_back(
    kind: Reviewed,
    *,
    actor: User,
    thing: models.Model,
    note: str,
    expected_version: int | None = None,
    reopen_until: date | None = None,
    at: datetime | None = None,
):
    """Return a submitted thing to its agency with a note saying what to fix. When the period is locked for that
    agency, it is reopened for the agency until `reopen_until` (required then), so nobody is left stuck; the
    reopening is recorded like any other (not when `at` replays history). Raises ValueRuleError."""
    returned = review(
        kind, actor=actor, items=[(thing, expected_version)], action=ValueAction.RETURNED, note=note, at=at
    )
    period, agency = thing.period, thing.agency
    if at is None and not period_is_open_for(period, kind.plan(thing), agency):
        if reopen_until is None:
            raise ValueRuleError(
                f"Kỳ {period.words} đã khóa với {agency.name if agency else 'cơ quan này'}: "
                f"chọn ngày mở lại kỳ cho cơ quan để cơ quan sửa được {kind.noun}."
            )
        period_reopen(
            actor=actor,
            period=period,
            agency=agency,
            until=reopen_until,
            note=f"Trả lại {kind.name(thing)} để cơ quan sửa: {note.strip()}",
        )
    return returned[0]


@transaction.atomic
def period_reopen(
    *, actor: User, period: ReportingPeriod, agency: Agency | None, until: date, note: str
) -> PeriodReopening:
    """Reopen a period for one agency or (agency None) for all, until a date, with a reason. A reopening already in
    force for the same agency (or for all) is extended rather than stacked, and the extension is written into its
    record; one that already reaches the date is kept and the request refused. Raises ValueRuleError."""
    if not may_review(actor, period.plan):
        raise ValueRuleError("Chỉ điều phối của kế hoạch được mở lại kỳ báo cáo.")
    today = timezone.localdate()
    if until < today:
        raise ValueRuleError("Ngày mở đến phải từ hôm nay trở đi.")
    note = (note or "").strip()
    if not note:
        raise ValueRuleError("Cần ghi lý do mở lại kỳ báo cáo.")
    in_force = list(
        PeriodReopening.objects.select_for_update()
        .filter(period=period, until__gte=today)
        .filter(Q(agency__isnull=True) | Q(agency=agency) if agency else Q(agency__isnull=True))
        .order_by("-until")
    )
    covering = in_force[0] if in_force else None
    if covering is not None and covering.until >= until:
        raise ValueRuleError(
            f"Kỳ {period.words} đang được mở lại cho {covering.agency or 'mọi cơ quan'} đến "
            f"{covering.until:%d/%m/%Y}: không cần mở thêm. Muốn gia hạn, chọn một ngày sau {covering.until:%d/%m/%Y}."
        )
    same = next((r for r in in_force if r.agency_id == (agency.pk if agency else None)), None)
    if same is not None:
        same.note = f"{same.note}\nNgày {today:%d/%m/%Y}, {_actor_name(actor)} gia hạn đến {until:%d/%m/%Y}: {note}"
        same.until = until
        same.save(update_fields=["until", "note"])
        return same
    return PeriodReopening.objects.create(
        period=period, agency=agency, until=until, note=note, created_by=actor, created_at=timezone.now()
    )


@transaction.atomic
def period_reopening_end(*, actor: User, reopening: PeriodReopening) -> PeriodReopening:
    """End a reopening early: it stops today (its last day was yesterday), and who ended it and when is written into
    its record. Raises ValueRuleError."""
    if not may_review(actor, reopening.period.plan):
        raise ValueRuleError("Chỉ điều phối của kế hoạch được kết thúc việc mở lại kỳ báo cáo.")
    today = timezone.localdate()
    if reopening.until < today:
        raise ValueRuleError(f"Lần mở lại này đã hết hạn từ {reopening.until:%d/%m/%Y}.")
    reopening.note = f"{reopening.note}\nNgày {today:%d/%m/%Y}, {_actor_name(actor)} kết thúc sớm việc mở lại.".strip()
    reopening.until = today - timedelta(days=1)
    reopening.save(update_fields=["until", "note"])
    return reopening


def _actor_name(user: User) -> str:
    return user.get_full_name() or user.username
