"""Figures and their workflow: draft → submitted → approved, or returned; every change kept (DESIGN.md 3, 5).

One write path. The entry form, the values upload, `import_values`, the admin and the demo all call `values_write`
(entering figures) or `values_review` (approving, returning, un-approving); what differs between them is a
parameter (the mode, the source, the acting agency, whether the caller is the trusted command line). The audit row
of every change is written in one place, `_record`.

Concurrency is optimistic: a caller names the version each figure had when the user saw it, and a figure changed
since then is refused (StaleValue), never silently overwritten. Only the figures that change are touched and
checked: an unchanged row of a form is neither rewritten nor pulled back to draft. All or nothing: one problem and
nothing is written.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from indicators.access import REPORTING_ROLES, agency_reports, agency_reports_unit, entering_agency, may_review
from indicators.entry import Entry
from indicators.models import (
    AssignmentRole,
    DataValue,
    Indicator,
    PeriodReopening,
    ValueAction,
    ValueChange,
    ValueStatus,
)
from indicators.periods import period_is_open_for
from indicators.services.workflow import (
    REVIEW_RULES,
    StaleValue,
    ValueRuleError,
    changed_meanwhile,
    period_locked,
    review_note_problem,
    review_status_problem,
)
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, User
from plans.numbers import format_value
from plans.units import is_within

FORM_SOURCE = "biểu mẫu nhập liệu"
FOUR_PLACES = Decimal("0.0001")
DRAFT, SUBMIT, IMPORT = "draft", "submit", "import"  # what a write does to the figures it changes
STATUS_OF_MODE = {DRAFT: ValueStatus.DRAFT, SUBMIT: ValueStatus.SUBMITTED, IMPORT: ValueStatus.APPROVED}
ACTION_OF_MODE = {DRAFT: ValueAction.SAVED, SUBMIT: ValueAction.SUBMITTED, IMPORT: ValueAction.IMPORTED}
FIGURE_FIELDS = ("value_number", "value_bool", "value_text", "numerator", "denominator")
# Above this many changed rows (an import), PostgreSQL rows are updated in bulk: they are locked (FOR UPDATE)
# since they were read, so their versions cannot have moved. SQLite takes no row locks: always one by one there.
BULK_UPDATE_FROM = 200


@dataclass(frozen=True)
class FigureInput:
    """One figure a caller wants written. `expected_version` is the version the user saw (0: there was none);
    None means "not checked" (the command line). `key` is the caller's name for the row (a form prefix, a
    workbook row number), handed back with its problems."""

    indicator: Indicator
    period: ReportingPeriod
    unit: AdministrativeUnit
    entry: Entry
    note: str = ""
    expected_version: int | None = None
    key: object = None


@dataclass(frozen=True)
class FigureProblem:
    key: object
    field: str  # value, indicator, unit, period
    message: str


class FiguresRefused(ValueRuleError):
    """Nothing was written; `problems` says why, row by row."""

    def __init__(self, problems: list[FigureProblem]):
        self.problems = problems
        super().__init__(" ".join(problem.message for problem in problems))

    @property
    def is_stale(self) -> bool:
        return any(problem.field == "version" for problem in self.problems)


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # empty rows with nothing stored
    changes: list[str] = field(default_factory=list)
    values: list[DataValue] = field(default_factory=list)  # the figures written, in the order given


# ---------------------------------------------------------------- the audit trail


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


def _record(changes: list[tuple[DataValue, dict, str]], *, actor, action, at, note="", source="", on_behalf=False):
    """The one place an audit row is written: (figure, its snapshot before, its status before) for each change."""
    ValueChange.objects.bulk_create(
        [
            ValueChange(
                data_value=value,
                changed_at=at,
                changed_by=actor,
                action=action,
                status_before=status_before,
                status_after=value.status,
                old=before,
                new=snapshot(value),
                note=note,
                source=source[:255],
                on_behalf=on_behalf,
            )
            for value, before, status_before in changes
        ],
        batch_size=1000,
    )


# ---------------------------------------------------------------- entering figures


def _stored(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def entry_fields(entry: Entry) -> dict:
    """An entry as the columns that store it (numbers at the stored precision, so comparisons are exact)."""
    value = entry.value
    return {
        "value_number": _stored(value) if isinstance(value, Decimal) else None,
        "value_bool": value if isinstance(value, bool) else None,
        "value_text": value if isinstance(value, str) else "",
        "numerator": _stored(entry.numerator),
        "denominator": _stored(entry.denominator),
    }


def stale_message(value: DataValue, who: User | None, when) -> str:
    return changed_meanwhile(f"Số liệu {value.indicator.code} ({value.unit.name})", who, when)


def _label(item: FigureInput) -> str:
    return f"{item.indicator.code} · {item.period.code} · {item.unit.name}"


def _figure_agency(indicator: Indicator, unit: AdministrativeUnit, existing: DataValue | None) -> Agency | None:
    """Whose figure it is when nobody says (an import, a coordinator's whole-plan upload): the stored one's agency,
    else an agency of the row's unit that reports the indicator, else the indicator's first lead."""
    if existing is not None and existing.agency_id:
        return existing.agency
    assignments = list(indicator.assignments.all())
    local = [a.agency for a in assignments if a.role in REPORTING_ROLES and a.agency.unit_id == unit.pk]
    leads = [a.agency for a in assignments if a.role == AssignmentRole.LEAD]
    return (local or leads or [None])[0]


class _Checker:
    """The entry rules, asked once per indicator, unit and period however many rows name them.

    The acting agency is the reporter's own, or the one a coordinator enters on behalf of; a coordinator who names
    none (a whole plan's workbook) enters each figure on behalf of the agency whose figure it is."""

    def __init__(self, actor: User | None, agency: Agency | None, trusted: bool, today: date | None):
        self.actor, self.agency, self.trusted, self.today = actor, agency, trusted, today
        self._acting: dict[int, Agency | None] = {}
        self._reviewer: dict[int, bool] = {}
        self._reports: dict[tuple[int, int], bool] = {}
        self._locked_told: set[tuple[int, int | None]] = set()

    def acting_agency(self, plan: Plan) -> Agency | None:
        if plan.pk not in self._acting:
            self._acting[plan.pk] = None if self.trusted else entering_agency(self.actor, plan, self.agency)
        return self._acting[plan.pk]

    def for_every_agency(self, plan: Plan) -> bool:
        """A coordinator of the plan who named no agency."""
        if plan.pk not in self._reviewer:
            self._reviewer[plan.pk] = (
                not self.trusted
                and self.agency is None
                and self.actor is not None
                and self.actor.role != Role.REPORTER
                and may_review(self.actor, plan)
            )
        return self._reviewer[plan.pk]

    def agency_of(self, item: FigureInput, stored: DataValue | None) -> Agency | None:
        """The agency a figure is entered for (recorded on it, and whose lock applies)."""
        plan = item.indicator.plan
        if self.trusted or self.for_every_agency(plan):
            return _figure_agency(item.indicator, item.unit, stored)
        return self.acting_agency(plan)

    def access_problem(self, item: FigureInput) -> FigureProblem | None:
        if self.trusted:
            return None
        indicator, plan = item.indicator, item.indicator.plan
        if item.period.plan_id != plan.pk:
            return FigureProblem(item.key, "period", f"kỳ {item.period.code} không thuộc kế hoạch {plan.code}.")
        if self.for_every_agency(plan):
            if is_within(item.unit, plan.territory) and (
                item.unit.pk == plan.territory_id or indicator.reported_by_commune
            ):
                return None
            return FigureProblem(
                item.key, "unit", f"chỉ tiêu {indicator.code} không nhận số liệu của {item.unit.label}."
            )
        agency = self.acting_agency(plan)
        if agency is None:
            return FigureProblem(item.key, "indicator", f"bạn không được nhập số liệu chỉ tiêu {indicator.code}.")
        key = (agency.pk, indicator.pk)
        if key not in self._reports:
            self._reports[key] = agency_reports(agency, indicator)
        if not self._reports[key]:
            return FigureProblem(
                item.key,
                "indicator",
                f"chỉ tiêu {indicator.code} không được giao cho {agency.name} (chủ trì hoặc cung cấp số liệu); "
                "không nhập được số liệu của cơ quan khác.",
            )
        if not agency_reports_unit(agency, indicator, item.unit):
            return FigureProblem(
                item.key, "unit", f"{agency.name} không nhập số liệu chỉ tiêu {indicator.code} cho {item.unit.label}."
            )
        return None

    def lock_problem(self, item: FigureInput, stored: DataValue | None) -> FigureProblem | None:
        if self.trusted:
            return None
        plan, agency = item.indicator.plan, self.agency_of(item, stored)
        if period_is_open_for(item.period, plan, agency, self.today):
            return None
        told = (item.period.pk, agency.pk if agency else None)
        if told in self._locked_told:
            return FigureProblem(item.key, "period", "")  # said once for the whole period
        self._locked_told.add(told)
        who = agency.name if agency is not None else "cơ quan này"
        return FigureProblem(item.key, "period", period_locked(item.period, who))


@transaction.atomic
def values_write(
    *,
    actor: User | None,
    inputs: list[FigureInput],
    mode: str,
    agency: Agency | None = None,
    source: str = FORM_SOURCE,
    trusted: bool = False,
    at: datetime | None = None,
    dry_run: bool = False,
) -> WriteResult:
    """Create or update figures: as drafts (mode DRAFT), submitted for review (SUBMIT) or approved (IMPORT).

    `actor` acts for their agency if a reporter, else on behalf of `agency` (a coordinator of the plan, recorded as
    such). `trusted` is the command line (`import_values`): no access or lock checks, and an approved figure may be
    overwritten (the old one stays in the audit trail). `at` replays history (the demo): the write is dated then
    and the period must have been open then. `dry_run` checks everything and writes nothing.

    Raises FiguresRefused with every problem, row by row; nothing is written then.
    """
    now = at or timezone.now()
    checker = _Checker(actor, agency, trusted, timezone.localdate(now) if at else None)
    wanted = STATUS_OF_MODE[mode]
    existing = {
        (value.indicator_id, value.period_id, value.unit_id): value
        for value in DataValue.objects.select_for_update(of=("self",))  # entered_by is an outer join
        .filter(
            indicator_id__in={item.indicator.pk for item in inputs},
            period_id__in={item.period.pk for item in inputs},
            unit_id__in={item.unit.pk for item in inputs},
        )
        .select_related("entered_by")
    }
    problems: list[FigureProblem] = []
    seen: dict[tuple, object] = {}
    creates: list[tuple[FigureInput, DataValue]] = []
    updates: list[tuple[FigureInput, DataValue, dict, dict, str]] = []
    result = WriteResult()
    for item in inputs:
        identity = (item.indicator.pk, item.period.pk, item.unit.pk)
        if identity in seen:
            problems.append(
                FigureProblem(item.key, "indicator", f"trùng với {seen[identity]} (cùng chỉ tiêu, kỳ và địa bàn).")
            )
            continue
        seen[identity] = f"dòng {item.key}" if isinstance(item.key, int) else _label(item)
        problem = checker.access_problem(item)
        if problem is not None:
            problems.append(problem)
            continue
        stored = existing.get(identity)
        fields = {**entry_fields(item.entry), "note": item.note}
        if stored is None:
            if item.expected_version:
                problems.append(FigureProblem(item.key, "version", f"Số liệu {_label(item)} đã bị xóa; tải lại trang."))
                continue
            if item.entry.is_empty and not item.note:
                result.skipped += 1
                continue
            if item.entry.is_empty and mode == SUBMIT:
                problems.append(
                    FigureProblem(item.key, "value", f"chỉ tiêu {item.indicator.code}: chưa có giá trị để gửi.")
                )
                continue
            problem = checker.lock_problem(item, None)
            if problem is not None:
                problems.append(problem)
                continue
            creates.append((item, DataValue(indicator=item.indicator, period=item.period, unit=item.unit, **fields)))
            continue

        same = all(getattr(stored, name) == value for name, value in fields.items())
        moves_forward = (mode == SUBMIT and stored.status in (ValueStatus.DRAFT, ValueStatus.RETURNED)) or (
            mode == IMPORT and stored.status != ValueStatus.APPROVED
        )
        if same and not moves_forward:
            result.unchanged += 1
            result.values.append(stored)
            continue
        if item.expected_version is not None and item.expected_version != stored.version:
            problems.append(
                FigureProblem(item.key, "version", stale_message(stored, stored.entered_by, stored.entered_at))
            )
            continue
        if stored.status == ValueStatus.APPROVED and not trusted:
            problems.append(
                FigureProblem(
                    item.key,
                    "value",
                    f"số liệu chỉ tiêu {item.indicator.code} kỳ {item.period.code} ({item.unit.name}) đã được duyệt; "
                    "đề nghị điều phối bỏ duyệt trước khi sửa.",
                )
            )
            continue
        if item.entry.is_empty and mode == SUBMIT:
            problems.append(
                FigureProblem(item.key, "value", f"chỉ tiêu {item.indicator.code}: chưa có giá trị để gửi.")
            )
            continue
        problem = checker.lock_problem(item, stored)
        if problem is not None:
            problems.append(problem)
            continue
        updates.append((item, stored, fields, snapshot(stored), stored.status))

    problems = [problem for problem in problems if problem.message]
    if problems:
        raise FiguresRefused(problems)
    if dry_run:
        result.created, result.updated = len(creates), len(updates)
        result.changes = [f"Tạo mới {_label(item)}: {describe(snapshot(value))}" for item, value in creates] + [
            _change_line(item, before, {**before, **_as_snapshot(fields), "status": wanted})
            for item, _, fields, before, _ in updates
        ]
        return result

    on_behalf = actor is not None and actor.role != Role.REPORTER
    reviewed = {"reviewed_by": None, "reviewed_at": now} if mode == IMPORT else {}
    audited: list[tuple[DataValue, dict, str]] = []
    for item, value in creates:
        value.status = wanted
        value.agency = checker.agency_of(item, None)
        value.entered_by, value.entered_at, value.entered_on_behalf = actor, now, on_behalf and not trusted
        if mode == SUBMIT:
            value.first_submitted_at = value.submitted_at = now
        for name, new in reviewed.items():
            setattr(value, name, new)
    try:
        with transaction.atomic():
            DataValue.objects.bulk_create([value for _, value in creates], batch_size=1000)
    except IntegrityError as error:
        raise FiguresRefused(
            [
                FigureProblem(
                    None,
                    "version",
                    "Một số liệu vừa được người khác nhập cùng lúc. Không có gì bị ghi đè: hãy tải lại trang để xem bản mới.",
                )
            ]
        ) from error
    audited += [(value, {}, "") for _, value in creates]

    bulk = connection.vendor == "postgresql" and len(updates) >= BULK_UPDATE_FROM
    changed_rows = []
    for item, stored, fields, before, status_before in updates:
        changes = {**fields, "status": wanted, **reviewed}
        if not all(getattr(stored, name) == value for name, value in fields.items()):
            changes |= {"entered_by": actor, "entered_at": now, "entered_on_behalf": on_behalf and not trusted}
            changes["agency"] = checker.agency_of(item, stored) or stored.agency
        if mode == SUBMIT:
            changes |= {"submitted_at": now, "first_submitted_at": stored.first_submitted_at or now}
        changes["version"] = stored.version + 1
        if not bulk and not DataValue.objects.filter(pk=stored.pk, version=stored.version).update(**changes):
            raise FiguresRefused([FigureProblem(item.key, "version", stale_message(stored, None, now))])
        for name, new in changes.items():
            setattr(stored, name, new)
        changed_rows.append(stored)
        audited.append((stored, before, status_before))
    if bulk:
        DataValue.objects.bulk_update(
            changed_rows,
            [
                *FIGURE_FIELDS,
                "note",
                "status",
                "version",
                "entered_by",
                "entered_at",
                "entered_on_behalf",
                "agency",
                "submitted_at",
                "first_submitted_at",
                "reviewed_by",
                "reviewed_at",
            ],
            batch_size=1000,
        )

    _record(
        audited,
        actor=actor,
        action=ACTION_OF_MODE[mode],
        at=now,
        source=source,
        on_behalf=on_behalf and not trusted,
    )
    result.created, result.updated = len(creates), len(updates)
    result.changes = [f"Tạo mới {_label(item)}: {describe(snapshot(value))}" for item, value in creates] + [
        _change_line(item, before, snapshot(stored)) for item, stored, _, before, _ in updates
    ]
    written = {id(item): value for item, value in creates} | {id(item): stored for item, stored, *_ in updates}
    result.values += [written[id(item)] for item in inputs if id(item) in written]
    return result


def _as_snapshot(fields: dict) -> dict:
    return {
        name: _plain(value) if isinstance(value, Decimal) else value
        for name, value in fields.items()
        if name in (*FIGURE_FIELDS, "note")
    }


def _change_line(item: FigureInput, before: dict, after: dict) -> str:
    line = f"Cập nhật {_label(item)}: {describe(before)} → {describe(after)}"
    if before.get("status") != after.get("status"):
        line += f" ({ValueStatus(before['status']).label.lower()} → {ValueStatus(after['status']).label.lower()})"
    return line


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
    """One figure through values_write (the form's and the demo's single-row case). Raises ValueRuleError (not
    allowed, locked, approved) or StaleValue. Returns None when the entry is empty and nothing is stored."""
    item = FigureInput(indicator, period, unit, entry, note, expected_version)
    try:
        result = values_write(actor=actor, inputs=[item], mode=SUBMIT if submit else DRAFT, agency=agency, at=at)
    except FiguresRefused as refused:
        error_class = StaleValue if refused.is_stale else ValueRuleError
        message = refused.problems[0].message
        raise error_class(message[:1].upper() + message[1:]) from refused
    return result.values[0] if result.values else None


# ---------------------------------------------------------------- reviewing figures


@transaction.atomic
def values_review(
    *, actor: User, items: list[tuple[DataValue, int | None]], action: str, note: str = "", at: datetime | None = None
) -> list[DataValue]:
    """Approve, return or un-approve figures, each at the version the reviewer saw (None: as it is now).

    A return and an un-approval need a note (what to fix, why). Raises ValueRuleError / StaleValue; all or nothing.
    One query per figure plus one for the audit."""
    to = REVIEW_RULES[action][0]
    note = note.strip()
    if problem := review_note_problem(action, note):
        raise ValueRuleError(problem)
    now = at or timezone.now()
    audited = []
    plans_checked: set[int] = set()
    for value, expected_version in items:
        plan = value.indicator.plan
        if plan.pk not in plans_checked:
            if not may_review(actor, plan):
                raise ValueRuleError("Chỉ điều phối của kế hoạch được duyệt, trả lại hoặc bỏ duyệt số liệu.")
            plans_checked.add(plan.pk)
        what = f"Số liệu {value.indicator.code} ({value.unit.name})"
        if problem := review_status_problem(action, value.status, what, "số liệu"):
            raise ValueRuleError(problem)
        seen = value.version if expected_version is None else expected_version
        before, status_before = snapshot(value), value.status
        changes = {"status": to, "reviewed_by": actor, "reviewed_at": now, "review_note": note, "version": seen + 1}
        if not DataValue.objects.filter(pk=value.pk, version=seen).update(**changes):
            current = DataValue.objects.select_related("entered_by", "reviewed_by").get(pk=value.pk)
            who = current.reviewed_by if (current.reviewed_at or now) > current.entered_at else current.entered_by
            raise StaleValue(stale_message(value, who, max(filter(None, [current.entered_at, current.reviewed_at]))))
        for name, new in changes.items():
            setattr(value, name, new)
        audited.append((value, before, status_before))
    _record(audited, actor=actor, action=action, at=now, note=note)
    return [value for value, *_ in audited]


def value_approve(*, actor, value, note="", expected_version=None, at=None) -> DataValue:
    """Approve a submitted figure: from now on it feeds progress and reports. Raises ValueRuleError."""
    return values_review(actor=actor, items=[(value, expected_version)], action=ValueAction.APPROVED, note=note, at=at)[
        0
    ]


@transaction.atomic
def value_return(*, actor, value, note, expected_version=None, at=None, reopen_until: date | None = None) -> DataValue:
    """Return a submitted figure to its agency with a note saying what to fix. When the period is locked for that
    agency, it is reopened for the agency until `reopen_until` (required then), so nobody is left stuck; the
    reopening is recorded like any other. Raises ValueRuleError."""
    returned = values_review(
        actor=actor, items=[(value, expected_version)], action=ValueAction.RETURNED, note=note, at=at
    )[0]
    period, plan = value.period, value.indicator.plan
    if at is None and not period_is_open_for(period, plan, value.agency):
        if reopen_until is None:
            raise ValueRuleError(
                f"Kỳ {period.words} đã khóa với {value.agency.name if value.agency else 'cơ quan này'}: "
                "chọn ngày mở lại kỳ cho cơ quan để cơ quan sửa được số liệu."
            )
        period_reopen(
            actor=actor,
            period=period,
            agency=value.agency,
            until=reopen_until,
            note=f"Trả lại số liệu {value.indicator.code} ({value.unit.name}) để cơ quan sửa: {note.strip()}",
        )
    return returned


def value_unapprove(*, actor, value, note, expected_version=None, at=None) -> DataValue:
    """Take back an approval (the figure becomes submitted again and can be returned). Raises ValueRuleError."""
    return values_review(
        actor=actor, items=[(value, expected_version)], action=ValueAction.UNAPPROVED, note=note, at=at
    )[0]


# ---------------------------------------------------------------- reopening periods


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
