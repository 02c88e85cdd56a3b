"""Figures and their workflow: draft → submitted → approved, or returned; every change kept (DESIGN.md 3, 5).

One write path. The entry form, the values upload, `import_values`, the admin and the demo all call `values_write`
(entering figures) or `values_review` (approving, returning, un-approving); what differs between them is a
parameter (the mode, the source, the acting agency, whether the caller is the trusted command line). The audit row
of every change is written in one place (`_record`, through workflow.audit); the review, its version check and the
reopening of a locked period on a return are the ones activity reports follow (indicators.services.workflow).

Concurrency is optimistic: a caller names the version each figure had when the user saw it, and a figure changed
since then is refused (StaleValue), never silently overwritten. Only the figures that change are touched and
checked: an unchanged row of a form is neither rewritten nor pulled back to draft. All or nothing: one problem and
nothing is written.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators.access import REPORTING_ROLES, agency_reports, agency_reports_unit, entering_agency, may_review
from indicators.entry import Entry
from indicators.models import (
    AssignmentRole,
    DataValue,
    Indicator,
    ValueAction,
    ValueChange,
    ValueStatus,
)
from indicators.periods import period_is_open_for
from indicators.services import workflow
from indicators.services.workflow import StaleValue, ValueRuleError
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
# Rows written (figures and their audit) per statement, and built in memory at a time.
WRITE_BATCH = 1000


@dataclass(frozen=True, slots=True)
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


def _record(changes: list[tuple[DataValue, dict, str]], *, source="", **audited) -> None:
    """A figure's audit rows: (figure, its snapshot before, its status before) for each change (built as written,
    a batch at a time: an import of 100.000 figures never holds them all)."""
    workflow.audit(
        ValueChange,
        "data_value",
        ((value, before, status_before, snapshot(value)) for value, before, status_before in changes),
        source=source[:255],
        **audited,
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
    return workflow.changed_meanwhile(f"Số liệu {value.indicator.code} ({value.unit.name})", who, when)


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
        return FigureProblem(item.key, "period", workflow.period_locked(item.period, who))


def _unwritable(checker: _Checker, item: FigureInput, stored: DataValue | None, mode: str) -> FigureProblem | None:
    """The last checks of a figure about to be written: something to submit, and the period open for it."""
    if item.entry.is_empty and mode == SUBMIT:
        return FigureProblem(item.key, "value", f"chỉ tiêu {item.indicator.code}: chưa có giá trị để gửi.")
    return checker.lock_problem(item, stored)


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
    keep_values: bool = True,
) -> WriteResult:
    """Create or update figures: as drafts (mode DRAFT), submitted for review (SUBMIT) or approved (IMPORT).

    `actor` acts for their agency if a reporter, else on behalf of `agency` (a coordinator of the plan, recorded as
    such). `trusted` is the command line (`import_values`): no access or lock checks, and an approved figure may be
    overwritten (the old one stays in the audit trail). `at` replays history (the demo): the write is dated then
    and the period must have been open then. `dry_run` checks everything and writes nothing. Without `keep_values`
    (an import of many rows) the figures written are not handed back in `result.values`.

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
    creates: list[tuple[FigureInput, dict]] = []
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
            if problem := _unwritable(checker, item, None, mode):
                problems.append(problem)
                continue
            creates.append((item, fields))
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
            what = f"số liệu chỉ tiêu {item.indicator.code} kỳ {item.period.code} ({item.unit.name})"
            problems.append(FigureProblem(item.key, "value", workflow.approved_frozen(what)))
            continue
        if problem := _unwritable(checker, item, stored, mode):
            problems.append(problem)
            continue
        updates.append((item, stored, fields, snapshot(stored), stored.status))

    problems = [problem for problem in problems if problem.message]
    if problems:
        raise FiguresRefused(problems)
    if dry_run:
        result.created, result.updated = len(creates), len(updates)
        result.changes = [
            f"Tạo mới {_label(item)}: {describe({**_as_snapshot(fields), 'status': wanted})}"
            for item, fields in creates
        ] + [
            _change_line(item, before, {**before, **_as_snapshot(fields), "status": wanted})
            for item, _, fields, before, _ in updates
        ]
        return result

    on_behalf = actor is not None and actor.role != Role.REPORTER
    reviewed = {"reviewed_by": None, "reviewed_at": now} if mode == IMPORT else {}
    written: dict[int, DataValue] = {}
    create_lines: list[str] = []
    try:
        with transaction.atomic():
            for start in range(0, len(creates), WRITE_BATCH):
                batch = [
                    (item, _new_figure(item, fields, wanted, checker, actor, now, on_behalf and not trusted, mode))
                    for item, fields in creates[start : start + WRITE_BATCH]
                ]
                DataValue.objects.bulk_create([value for _, value in batch])
                _record(
                    [(value, {}, "") for _, value in batch],
                    actor=actor,
                    action=ACTION_OF_MODE[mode],
                    at=now,
                    source=source,
                    on_behalf=on_behalf and not trusted,
                )
                create_lines += [f"Tạo mới {_label(item)}: {describe(snapshot(value))}" for item, value in batch]
                if keep_values:
                    written |= {id(item): value for item, value in batch}
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
    audited: list[tuple[DataValue, dict, str]] = []

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
        if bulk:
            for name, new in changes.items():
                setattr(stored, name, new)
        elif not workflow.update_at_version(stored, stored.version, changes):
            raise FiguresRefused([FigureProblem(item.key, "version", stale_message(stored, None, now))])
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
    result.changes = create_lines + [
        _change_line(item, before, snapshot(stored)) for item, stored, _, before, _ in updates
    ]
    if keep_values:
        written |= {id(item): stored for item, stored, *_ in updates}
        result.values += [written[id(item)] for item in inputs if id(item) in written]
    return result


def _new_figure(item: FigureInput, fields: dict, status, checker, actor, now, on_behalf: bool, mode: str) -> DataValue:
    value = DataValue(indicator=item.indicator, period=item.period, unit=item.unit, **fields)
    value.status = status
    value.agency = checker.agency_of(item, None)
    value.entered_by, value.entered_at, value.entered_on_behalf = actor, now, on_behalf
    if mode == SUBMIT:
        value.first_submitted_at = value.submitted_at = now
    if mode == IMPORT:
        value.reviewed_by, value.reviewed_at = None, now
    return value


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


FIGURE_REVIEW = workflow.Reviewed(
    things="số liệu",
    noun="số liệu",
    plan=lambda value: value.indicator.plan,
    what=lambda value: f"Số liệu {value.indicator.code} ({value.unit.name})",
    name=lambda value: f"số liệu {value.indicator.code} ({value.unit.name})",
    snapshot=snapshot,
    record=_record,
)


@transaction.atomic
def values_review(
    *, actor: User, items: list[tuple[DataValue, int | None]], action: str, note: str = "", at: datetime | None = None
) -> list[DataValue]:
    """Approve, return or un-approve figures, each at the version the reviewer saw (None: as it is now), by the
    review rules every reviewed thing follows (workflow.review). A return and an un-approval need a note (what to
    fix, why). Raises ValueRuleError / StaleValue; all or nothing. One query per figure plus one for the audit."""
    return workflow.review(FIGURE_REVIEW, actor=actor, items=items, action=action, note=note, at=at)


def value_approve(*, actor, value, note="", expected_version=None, at=None) -> DataValue:
    """Approve a submitted figure: from now on it feeds progress and reports. Raises ValueRuleError."""
    return values_review(actor=actor, items=[(value, expected_version)], action=ValueAction.APPROVED, note=note, at=at)[
        0
    ]


def value_return(*, actor, value, note, expected_version=None, at=None, reopen_until: date | None = None) -> DataValue:
    """Return a submitted figure to its agency with a note saying what to fix. When the period is locked for that
    agency, it is reopened for the agency until `reopen_until` (required then), so nobody is left stuck; the
    reopening is recorded like any other. Raises ValueRuleError."""
    return workflow.give_back(
        FIGURE_REVIEW,
        actor=actor,
        thing=value,
        note=note,
        expected_version=expected_version,
        reopen_until=reopen_until,
        at=at,
    )


def value_unapprove(*, actor, value, note, expected_version=None, at=None) -> DataValue:
    """Take back an approval (the figure becomes submitted again and can be returned). Raises ValueRuleError."""
    return values_review(
        actor=actor, items=[(value, expected_version)], action=ValueAction.UNAPPROVED, note=note, at=at
    )[0]
