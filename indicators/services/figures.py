"""Figures and their workflow: draft → submitted → approved, or returned; every change kept (DESIGN.md 3, 5).

Concurrency is optimistic: a save names the version it was made from, and the update only happens if the
row is still at that version; otherwise StaleValue is raised and nothing is written.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.entry import Entry
from indicators.models import DataValue, Indicator, PeriodReopening, ValueAction, ValueChange, ValueStatus
from indicators.selectors import can_report_indicator, can_review, period_is_open_for, plan_communes, units_for
from plans.models import AdministrativeUnit, Agency, ReportingPeriod, Role, User
from plans.numbers import format_value

EDITABLE = (ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.RETURNED)
FORM_SOURCE = "biểu mẫu nhập liệu"


class ValueRuleError(Exception):
    """A change the workflow forbids; the message is Vietnamese and says what to do."""


class StaleValue(ValueRuleError):
    """The figure changed since the form was opened."""


def _plain(number: Decimal | None) -> str | None:
    """`20`, not `2E+1` (what str() gives for a normalized whole Decimal)."""
    return None if number is None else format(number.normalize(), "f")


def snapshot(value: DataValue | None) -> dict:
    """A figure as the audit trail keeps it: plain JSON, numbers as exact strings."""
    if value is None:
        return {}
    return {
        "value_number": _plain(value.value_number),
        "value_bool": value.value_bool,
        "value_text": value.value_text,
        "numerator": _plain(value.numerator),
        "denominator": _plain(value.denominator),
        "note": value.note,
        "status": value.status,
    }


def _record(value, *, actor, action, before: dict, status_before: str, note="", source="", on_behalf=False, at=None):
    ValueChange.objects.create(
        data_value=value,
        changed_at=at or timezone.now(),
        changed_by=actor,
        action=action,
        status_before=status_before,
        status_after=value.status,
        old=before,
        new=snapshot(value),
        note=note,
        source=source,
        on_behalf=on_behalf,
    )


def _entry_fields(entry: Entry) -> dict:
    value = entry.value
    return {
        "value_number": value if not isinstance(value, (bool, str)) else None,
        "value_bool": value if isinstance(value, bool) else None,
        "value_text": value if isinstance(value, str) else "",
        "numerator": entry.numerator,
        "denominator": entry.denominator,
    }


def _update(value: DataValue, expected_version: int, fields: dict) -> None:
    """Write `fields` only if nobody changed the row since `expected_version`; else StaleValue."""
    fields = {**fields, "version": expected_version + 1}
    updated = DataValue.objects.filter(pk=value.pk, version=expected_version).update(**fields)
    if not updated:
        current = DataValue.objects.select_related("entered_by").get(pk=value.pk)
        who = current.entered_by.get_full_name() or current.entered_by.username if current.entered_by else "người khác"
        raise StaleValue(
            f"Số liệu {value.indicator.code} ({value.unit.name}) vừa được {who} thay đổi lúc "
            f"{timezone.localtime(current.entered_at):%H:%M %d/%m/%Y}. Không có gì bị ghi đè: hãy tải lại trang để xem bản mới."
        )
    for name, new in fields.items():
        setattr(value, name, new)


def _check_can_enter(
    actor: User, indicator: Indicator, period: ReportingPeriod, unit: AdministrativeUnit, agency, today: date | None
):
    plan = indicator.plan
    if period.plan_id != plan.pk:
        raise ValueRuleError(f"Kỳ {period.code} không thuộc kế hoạch {plan.code}.")
    if not can_report_indicator(actor, indicator):
        raise ValueRuleError(f"Bạn không được nhập số liệu chỉ tiêu {indicator.code}.")
    allowed_units = units_for(indicator, plan, agency, plan_communes(plan))
    if unit.pk not in {u.pk for u in allowed_units}:
        raise ValueRuleError(f"Chỉ tiêu {indicator.code} không nhận số liệu của {unit.name} từ cơ quan này.")
    if not period_is_open_for(period, plan, agency, today):
        raise ValueRuleError(
            f"Kỳ {period.label.lower()} đã khóa (hoặc chưa mở) với cơ quan này; đề nghị điều phối mở lại kỳ báo cáo."
        )


@transaction.atomic
def value_save(
    *,
    actor: User,
    indicator: Indicator,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    entry: Entry,
    note: str = "",
    expected_version: int = 0,
    submit: bool = False,
    agency: Agency | None = None,
    at: datetime | None = None,
) -> DataValue | None:
    """Save a figure as a draft or submit it. Reporters act for their agency; a coordinator acts on an agency's
    behalf (recorded as such). `expected_version` is the version the form showed (0: there was none).

    `at` replays history (the demo, a migration of old figures): the action is dated then, and the period must
    have been open then. Pages never pass it.

    Raises ValueRuleError (not allowed, locked period, approved figure) or StaleValue. Returns None when the
    entry is empty and there is no figure yet (nothing to save).
    """
    on_behalf = actor.role != Role.REPORTER
    agency = actor.agency if actor.role == Role.REPORTER else agency
    now = at or timezone.now()
    _check_can_enter(actor, indicator, period, unit, agency, timezone.localdate(now) if at else None)
    value = DataValue.objects.filter(indicator=indicator, period=period, unit=unit).first()
    if value is None:
        if expected_version:
            raise StaleValue(f"Số liệu {indicator.code} đã bị thay đổi; hãy tải lại trang.")
        if entry.is_empty and not note:
            return None
        if entry.is_empty and submit:
            raise ValueRuleError(f"Chỉ tiêu {indicator.code}: chưa có giá trị để gửi.")
        value = DataValue.objects.create(
            indicator=indicator,
            period=period,
            unit=unit,
            agency=agency,
            note=note,
            status=ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT,
            entered_by=actor,
            entered_at=now,
            entered_on_behalf=on_behalf,
            first_submitted_at=now if submit else None,
            submitted_at=now if submit else None,
            **_entry_fields(entry),
        )
        _record(
            value,
            actor=actor,
            action=ValueAction.SUBMITTED if submit else ValueAction.SAVED,
            before={},
            status_before="",
            source=FORM_SOURCE,
            on_behalf=on_behalf,
            at=now,
        )
        return value

    if value.version != expected_version:
        _update(value, expected_version, {})  # raises StaleValue with who and when
    if value.status == ValueStatus.APPROVED:
        raise ValueRuleError(f"Số liệu {indicator.code} đã được duyệt; cần bỏ duyệt trước khi sửa.")
    if entry.is_empty and submit:
        raise ValueRuleError(f"Chỉ tiêu {indicator.code}: chưa có giá trị để gửi.")
    before, status_before = snapshot(value), value.status
    status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    fields = {**_entry_fields(entry), "note": note, "status": status}
    if all(getattr(value, name) == new for name, new in fields.items()):
        return value  # the same figure again: nothing changes, nothing is recorded
    fields |= {"entered_by": actor, "entered_at": now, "entered_on_behalf": on_behalf, "agency": agency or value.agency}
    if submit:
        fields |= {"submitted_at": now, "first_submitted_at": value.first_submitted_at or now}
    _update(value, expected_version, fields)
    _record(
        value,
        actor=actor,
        action=ValueAction.SUBMITTED if submit else ValueAction.SAVED,
        before=before,
        status_before=status_before,
        source=FORM_SOURCE,
        on_behalf=on_behalf,
        at=now,
    )
    return value


def _review(
    value: DataValue,
    *,
    actor: User,
    to: str,
    action: str,
    allowed_from: tuple,
    note: str,
    expected_version=None,
    at=None,
):
    if not can_review(actor, value.indicator.plan):
        raise ValueRuleError("Chỉ điều phối của kế hoạch được duyệt, trả lại hoặc bỏ duyệt số liệu.")
    if value.status not in allowed_from:
        labels = ", ".join(str(ValueStatus(s).label).lower() for s in allowed_from)
        raise ValueRuleError(
            f"Số liệu {value.indicator.code} ({value.unit.name}) đang ở trạng thái “{value.get_status_display()}”; "
            f"chỉ {ValueAction(action).label.lower()} được số liệu {labels}."
        )
    before, status_before = snapshot(value), value.status
    now = at or timezone.now()
    _update(
        value,
        value.version if expected_version is None else expected_version,
        {"status": to, "reviewed_by": actor, "reviewed_at": now, "review_note": note},
    )
    _record(value, actor=actor, action=action, before=before, status_before=status_before, note=note, at=now)
    return value


@transaction.atomic
def value_approve(
    *, actor: User, value: DataValue, note: str = "", expected_version: int | None = None, at: datetime | None = None
) -> DataValue:
    """Approve a submitted figure: from now on it feeds progress and reports. Raises ValueRuleError."""
    return _review(
        value,
        actor=actor,
        to=ValueStatus.APPROVED,
        action=ValueAction.APPROVED,
        allowed_from=(ValueStatus.SUBMITTED,),
        note=note,
        expected_version=expected_version,
        at=at,
    )


@transaction.atomic
def value_return(
    *, actor: User, value: DataValue, note: str, expected_version: int | None = None, at: datetime | None = None
) -> DataValue:
    """Return a submitted figure to its agency with a note saying what to fix. Raises ValueRuleError."""
    if not note.strip():
        raise ValueRuleError("Cần ghi lý do trả lại để cơ quan biết phải sửa gì.")
    return _review(
        value,
        actor=actor,
        to=ValueStatus.RETURNED,
        action=ValueAction.RETURNED,
        allowed_from=(ValueStatus.SUBMITTED,),
        note=note.strip(),
        expected_version=expected_version,
        at=at,
    )


@transaction.atomic
def value_unapprove(*, actor: User, value: DataValue, note: str) -> DataValue:
    """Take back an approval (the figure becomes submitted again and can be returned). Raises ValueRuleError."""
    if not note.strip():
        raise ValueRuleError("Cần ghi lý do bỏ duyệt.")
    return _review(
        value,
        actor=actor,
        to=ValueStatus.SUBMITTED,
        action=ValueAction.UNAPPROVED,
        allowed_from=(ValueStatus.APPROVED,),
        note=note.strip(),
    )


@transaction.atomic
def period_reopen(
    *, actor: User, period: ReportingPeriod, agency: Agency | None, until: date, note: str
) -> PeriodReopening:
    """Reopen a period for one agency or (agency None) for all, until a date. Raises ValueRuleError."""
    if not can_review(actor, period.plan):
        raise ValueRuleError("Chỉ điều phối của kế hoạch được mở lại kỳ báo cáo.")
    if until < timezone.localdate():
        raise ValueRuleError("Ngày mở đến phải từ hôm nay trở đi.")
    return PeriodReopening.objects.create(
        period=period, agency=agency, until=until, note=note.strip(), created_by=actor, created_at=timezone.now()
    )


def describe(kept: dict) -> str:
    """An audit snapshot as a person reads it: `15,38 (2/13)`, `Có`, or the text."""
    if not kept:
        return "—"
    if kept.get("value_number") is not None:
        shown = format_value(Decimal(kept["value_number"]))
    elif kept.get("value_bool") is not None:
        shown = format_value(kept["value_bool"])
    else:
        shown = kept.get("value_text") or ""
    if kept.get("numerator") is not None:
        shown += f" ({format_value(Decimal(kept['numerator']))}/{format_value(Decimal(kept['denominator']))})"
    return shown or "—"
