"""Figures from a values workbook (DESIGN.md 7.3): the command's history load and an agency's upload.

All-or-nothing: every row is checked first (figures by `indicators.entry.read_entry`, the one place the
rules live), every problem is collected, and only a clean workbook is written, in one transaction.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from indicators.entry import Entry, EntryInvalid, read_entry
from indicators.models import (
    Assignment,
    AssignmentRole,
    DataValue,
    Indicator,
    Kind,
    ValueAction,
    ValueChange,
    ValueStatus,
)
from indicators.selectors import REPORTING_ROLES, can_report_indicator, period_is_open_for, units_for
from indicators.services.figures import describe, snapshot
from indicators.workbooks.plan import KIND_WORDS
from indicators.workbooks.reader import Problem, WorkbookInvalid, cell_text, is_blank
from indicators.workbooks.values import HEADER_OF, VALUE_HEADERS, VALUES_SHEET, ValueRowSpec, read_values_rows
from plans.levels import split_unit_name
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, UnitLevel, User
from plans.selectors import plans_visible_to
from plans.text import name_key

FOUR_PLACES = Decimal("0.0001")
LARGEST = Decimal(10) ** 14  # DataValue numbers have 18 digits, 4 of them decimals
ENTRY_COLUMNS = {
    "value": HEADER_OF["value"],
    "numerator": HEADER_OF["numerator"],
    "denominator": HEADER_OF["denominator"],
}


@dataclass
class ValuesImportSummary:
    """What an import of figures did (or, in a dry run, would do), in Vietnamese."""

    dry_run: bool
    file_name: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)

    def count_line(self) -> str:
        parts = [
            f"{count} {label}"
            for count, label in (
                (self.created, "tạo mới"),
                (self.updated, "cập nhật"),
                (self.unchanged, "không đổi"),
                (self.skipped, "bỏ qua (dòng trống)"),
            )
            if count
        ]
        return "Số liệu: " + ", ".join(parts) if parts else "Không có dòng số liệu nào."

    def text(self) -> str:
        head = "Chạy thử (không ghi gì vào cơ sở dữ liệu)" if self.dry_run else "Đã nhập"
        lines = [f"{head}: số liệu" + (f" từ {self.file_name}" if self.file_name else ""), self.count_line()]
        if not self.has_changes:
            lines.append("Không có thay đổi nào.")
        lines += [f"Lưu ý: {warning}" for warning in self.warnings]
        return "\n".join(lines)


@dataclass
class _Row:
    """A row resolved against the database, ready to be written."""

    spec: ValueRowSpec
    plan: Plan
    indicator: Indicator
    period: ReportingPeriod
    unit: AdministrativeUnit
    fields: dict  # value_number, value_bool, value_text, numerator, denominator
    agency: Agency | None = None
    existing: DataValue | None = None
    status: str = ValueStatus.APPROVED

    @property
    def label(self) -> str:
        return f"{self.indicator.code} · {self.period.code} · {self.unit.name}"

    def is_same_figure(self) -> bool:
        stored = self.existing
        return (
            stored is not None
            and stored.note == self.spec.note
            and all(getattr(stored, name) == value for name, value in self.fields.items())
        )


def values_import(
    *,
    data: bytes,
    actor: User | None,
    dry_run: bool = False,
    plan: Plan | None = None,
    period: ReportingPeriod | None = None,
    submit: bool = False,
    file_name: str = "",
) -> ValuesImportSummary:
    """Create or update figures from values-workbook bytes.

    `actor=None` is the command line: every figure becomes `approved`, audited as imported from `file_name`;
    locks do not apply and approved figures may be overwritten (the old figure is kept in the audit trail).
    With an actor (an upload in the browser): only indicators the actor may report on, periods open for the
    agency, figures not yet approved; the result is a draft, or submitted with `submit`. `plan` and `period`,
    when given, are the only plan and period the rows may name.

    Raises WorkbookInvalid with every problem; nothing is written then. With dry_run the changes are
    computed in a transaction that is rolled back.
    """
    specs, problems, warnings = read_values_rows(data)
    summary = ValuesImportSummary(dry_run=dry_run, file_name=file_name, warnings=list(warnings))
    with transaction.atomic():
        importer = _Importer(actor=actor, plan=plan, period=period, submit=submit, file_name=file_name)
        rows = importer.resolve(specs, problems, summary)
        if problems:
            raise WorkbookInvalid(sorted(problems, key=_problem_order))
        importer.write(rows, summary)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _problem_order(problem: Problem) -> tuple:
    column = VALUE_HEADERS.index(problem.column) if problem.column in VALUE_HEADERS else -1
    return problem.row or 0, column


def _unit_label(unit: AdministrativeUnit) -> str:
    return f"{unit.get_level_display().lower()} {unit.name}"


def _stored_number(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


class _Importer:
    def __init__(self, *, actor, plan, period, submit, file_name):
        self.actor = actor
        self.plan = plan
        self.period = period
        self.submit = submit
        self.file_name = file_name
        self.on_behalf = actor is not None and actor.role != Role.REPORTER
        self.reporter_agency = actor.agency if actor is not None and actor.role == Role.REPORTER else None
        self._may_report: dict[int, bool] = {}
        self._first_row_of: dict[tuple, int] = {}

    # ------------------------------------------------------------ checking

    def resolve(self, specs: list[ValueRowSpec], problems: list[Problem], summary) -> list[_Row]:
        wanted = []
        for spec in specs:
            if self.actor is None and not spec.has_figure:
                summary.skipped += 1
                if spec.note:
                    summary.warnings.append(
                        f"Sheet “{VALUES_SHEET}”, dòng {spec.row}: có ghi chú nhưng không có giá trị nên không được nhập."
                    )
            elif self.actor is not None and spec.is_blank:
                summary.skipped += 1
            elif spec.plan_code:  # a row without a plan code has its problem already
                wanted.append(spec)
        self._load(wanted)

        rows: list[_Row] = []
        for spec in wanted:
            row = self._resolve_row(spec, problems)
            if row is not None:
                rows.append(row)

        existing = {
            (value.indicator_id, value.period_id, value.unit_id): value
            for value in DataValue.objects.select_for_update().filter(
                indicator_id__in={row.indicator.pk for row in rows}, period_id__in={row.period.pk for row in rows}
            )
        }
        locked_reported: set[tuple] = set()
        checked = []
        for row in rows:
            row.existing = existing.get((row.indicator.pk, row.period.pk, row.unit.pk))
            if self.actor is None:
                row.status = ValueStatus.APPROVED
                row.agency = self._agency_for(row)
                checked.append(row)
            elif self._check_upload(row, problems, locked_reported):
                checked.append(row)
        return checked

    def _load(self, specs: list[ValueRowSpec]) -> None:
        """Everything the rows name, in a fixed number of queries."""
        codes = {spec.plan_code.casefold() for spec in specs}
        if self.plan is not None:
            plans = [self.plan]
        elif codes:
            query = Q()
            for code in codes:
                query |= Q(code__iexact=code)
            visible = Plan.objects.all() if self.actor is None else plans_visible_to(self.actor)
            plans = list(visible.filter(query).select_related("territory"))
        else:
            plans = []
        self.plans = {plan.code.casefold(): plan for plan in plans}
        assignments = Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("pk"))
        self.indicators = {
            (indicator.plan_id, indicator.code.casefold()): indicator
            for indicator in Indicator.objects.filter(plan__in=plans).prefetch_related(assignments)
        }
        self.periods = {
            (period.plan_id, period.code): period
            for period in ReportingPeriod.objects.filter(plan__in=plans).prefetch_related("reopenings")
        }
        self.communes: dict[int, list[AdministrativeUnit]] = {plan.territory_id: [] for plan in plans}
        for unit in AdministrativeUnit.objects.filter(parent_id__in=self.communes).order_by("name"):
            self.communes[unit.parent_id].append(unit)
        self.communes_by_key = {
            territory: {unit.name_key: unit for unit in units} for territory, units in self.communes.items()
        }

    def _fail(self, problems: list[Problem], spec: ValueRowSpec, attribute: str, message: str) -> None:
        problems.append(Problem(message, VALUES_SHEET, spec.row, HEADER_OF[attribute]))

    def _resolve_row(self, spec: ValueRowSpec, problems: list[Problem]) -> _Row | None:
        before = len(problems)
        plan = self.plans.get(spec.plan_code.casefold())
        if self.plan is not None and plan is None:
            self._fail(
                problems, spec, "plan", f"sổ này dành cho kế hoạch {self.plan.code}; dòng này ghi “{spec.plan_code}”."
            )
            return None
        if plan is None:
            self._fail(problems, spec, "plan", f"không có kế hoạch mã “{spec.plan_code}”.")
            return None

        indicator = self.indicators.get((plan.pk, spec.indicator_code.casefold()))
        if indicator is None and spec.indicator_code:
            self._fail(
                problems, spec, "indicator", f"kế hoạch {plan.code} không có chỉ tiêu mã “{spec.indicator_code}”."
            )

        period = self.periods.get((plan.pk, spec.period_code))
        if not spec.period_code:
            pass  # already reported as missing or unreadable
        elif self.period is not None and (period is None or period.pk != self.period.pk):
            self._fail(
                problems,
                spec,
                "period",
                f"sổ này dành cho kỳ {self.period.code} ({self.period.label.lower()}); dòng này ghi kỳ {spec.period_code}.",
            )
        elif period is None:
            self._fail(
                problems,
                spec,
                "period",
                f"kế hoạch {plan.code} ({plan.start_year}–{plan.end_year}) không có kỳ báo cáo {spec.period_code}.",
            )

        unit = self._find_unit(spec.unit_name, plan)
        if unit is None:
            territory = _unit_label(plan.territory)
            self._fail(
                problems,
                spec,
                "unit",
                f"“{spec.unit_name}” không phải là xã thuộc {territory}; để trống ô này để nhập số liệu của cả {territory}.",
            )
        elif indicator is not None and unit.pk != plan.territory_id and not indicator.reported_by_commune:
            self._fail(
                problems,
                spec,
                "unit",
                f"chỉ tiêu {indicator.code} không báo cáo theo xã; để trống ô này (số liệu của cả {_unit_label(plan.territory)}).",
            )

        if indicator is not None and period is not None and unit is not None:
            first = self._first_row_of.setdefault((indicator.pk, period.pk, unit.pk), spec.row)
            if first != spec.row:
                self._fail(
                    problems, spec, "indicator", f"trùng với dòng {first} (cùng chỉ tiêu, kỳ báo cáo và địa bàn)."
                )
        fields = self._figure(spec, indicator, problems) if indicator is not None else None
        if len(problems) > before or indicator is None or period is None:
            return None
        return _Row(spec=spec, plan=plan, indicator=indicator, period=period, unit=unit, fields=fields)

    def _find_unit(self, text: str, plan: Plan) -> AdministrativeUnit | None:
        """Blank is the territory; otherwise a commune under it by name, which may carry its level (`xã Hang Chú`)."""
        territory = plan.territory
        if not text:
            return territory
        communes = self.communes_by_key[territory.pk]
        if name_key(text) in communes:
            return communes[name_key(text)]
        ref = split_unit_name(text)
        if ref.level in (None, UnitLevel.COMMUNE) and name_key(ref.name) in communes:
            return communes[name_key(ref.name)]
        if ref.level in (None, territory.level) and name_key(ref.name) == territory.name_key:
            return territory
        return None

    def _figure(self, spec: ValueRowSpec, indicator: Indicator, problems: list[Problem]) -> dict | None:
        """The row's figure checked against the indicator by read_entry; None (and problems) if it is wrong."""
        kind = indicator.kind
        before = len(problems)
        value = spec.value
        if spec.value_is_percent and kind != Kind.PERCENT:
            self._fail(problems, spec, "value", "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ.")
        if kind in (Kind.BOOLEAN, Kind.TEXT):
            for attribute in ("numerator", "denominator"):
                if not is_blank(getattr(spec, attribute)):
                    self._fail(
                        problems,
                        spec,
                        attribute,
                        f"chỉ tiêu {KIND_WORDS[kind]} không có tử số, mẫu số; để trống cột này.",
                    )
                    break
            if value is not None and not isinstance(value, (bool, str)):
                value = cell_text(value)
        if len(problems) > before:
            return None
        try:
            entry = read_entry(
                kind=kind,
                factor=indicator.factor,
                value=value,
                numerator=spec.numerator if indicator.is_numeric else None,
                denominator=spec.denominator if indicator.is_numeric else None,
            )
        except EntryInvalid as invalid:
            for name, message in invalid.errors.items():
                problems.append(Problem(message, VALUES_SHEET, spec.row, ENTRY_COLUMNS[name]))
            return None
        return self._fields(spec, entry, problems)

    def _fields(self, spec: ValueRowSpec, entry: Entry, problems: list[Problem]) -> dict | None:
        value = entry.value
        fields = {
            "value_number": _stored_number(value) if isinstance(value, Decimal) else None,
            "value_bool": value if isinstance(value, bool) else None,
            "value_text": value if isinstance(value, str) else "",
            "numerator": _stored_number(entry.numerator),
            "denominator": _stored_number(entry.denominator),
        }
        too_large = False
        for name, attribute in (("value_number", "value"), ("numerator", "numerator"), ("denominator", "denominator")):
            if fields[name] is not None and fields[name] >= LARGEST:
                self._fail(problems, spec, attribute, "số quá lớn (tối đa 14 chữ số trước dấu thập phân).")
                too_large = True
        return None if too_large else fields

    def _agency_for(self, row: _Row) -> Agency | None:
        """Whose figure it is: the stored one's agency; else an agency reporting for the row's unit; else the first lead."""
        assignments = list(row.indicator.assignments.all())
        if row.existing is not None and row.existing.agency_id:
            match = next((a.agency for a in assignments if a.agency_id == row.existing.agency_id), None)
            if match is not None or self.actor is None:
                return match or row.existing.agency
        leads = [a.agency for a in assignments if a.role == AssignmentRole.LEAD]
        if self.actor is None:
            return leads[0] if leads else None
        local = [a.agency for a in assignments if a.role in REPORTING_ROLES and a.agency.unit_id == row.unit.pk]
        return (local or leads or [None])[0]

    def _check_upload(self, row: _Row, problems: list[Problem], locked_reported: set) -> bool:
        """The rules of an upload in the browser (DESIGN.md 5). True if the row may be written."""
        spec, indicator, period = row.spec, row.indicator, row.period
        if indicator.pk not in self._may_report:
            self._may_report[indicator.pk] = can_report_indicator(self.actor, indicator)
        if not self._may_report[indicator.pk]:
            if self.reporter_agency is not None:
                message = (
                    f"chỉ tiêu {indicator.code} không được giao cho {self.reporter_agency.name} "
                    "(chủ trì hoặc cung cấp số liệu); không nhập được số liệu của cơ quan khác."
                )
            else:
                message = f"bạn không được nhập số liệu chỉ tiêu {indicator.code}."
            self._fail(problems, spec, "indicator", message)
            return False

        agency = self.reporter_agency if self.reporter_agency is not None else self._agency_for(row)
        row.agency = agency
        allowed = units_for(indicator, row.plan, self.reporter_agency, self.communes.get(row.plan.territory_id, []))
        if row.unit.pk not in {unit.pk for unit in allowed}:
            who = self.reporter_agency.name if self.reporter_agency is not None else "cơ quan này"
            self._fail(
                problems,
                spec,
                "unit",
                f"{who} không nhập số liệu chỉ tiêu {indicator.code} cho {_unit_label(row.unit)}.",
            )
            return False

        row.status = ValueStatus.SUBMITTED if self.submit else ValueStatus.DRAFT
        stored = row.existing
        if stored is not None and row.is_same_figure():
            if stored.status == ValueStatus.APPROVED or stored.status == row.status:
                return True  # nothing would change, so neither the lock nor the approval stands in the way
        if stored is not None and stored.status == ValueStatus.APPROVED:
            self._fail(
                problems,
                spec,
                "value",
                f"số liệu chỉ tiêu {indicator.code} kỳ {period.code} ({row.unit.name}) đã được duyệt; "
                "đề nghị điều phối bỏ duyệt trước khi sửa.",
            )
            return False
        if not period_is_open_for(period, row.plan, agency):
            key = (period.pk, agency.pk if agency else None)
            if key not in locked_reported:
                locked_reported.add(key)
                who = agency.name if agency is not None else "cơ quan này"
                self._fail(
                    problems,
                    spec,
                    "period",
                    f"kỳ {period.label.lower()} đã khóa (hoặc chưa mở) với {who}; đề nghị điều phối mở lại kỳ báo cáo "
                    "(áp dụng cho mọi dòng của kỳ này).",
                )
            return False
        if self.submit and row.fields["value_number"] is None and row.fields["value_bool"] is None:
            if not row.fields["value_text"]:
                self._fail(problems, spec, "value", f"chỉ tiêu {indicator.code}: chưa có giá trị để gửi.")
                return False
        return True

    # ------------------------------------------------------------ writing

    def write(self, rows: list[_Row], summary: ValuesImportSummary) -> None:
        now = timezone.now()
        for row in rows:
            stored = row.existing
            if stored is None:
                self._create(row, now, summary)
            elif row.is_same_figure() and stored.status in (row.status, ValueStatus.APPROVED):
                summary.unchanged += 1
            else:
                self._update(row, now, summary)

    def _source(self) -> str:
        return f"{'import_values' if self.actor is None else 'tải lên sổ Excel'}: {self.file_name}"

    def _action(self) -> str:
        if self.actor is None:
            return ValueAction.IMPORTED
        return ValueAction.SUBMITTED if self.submit else ValueAction.SAVED

    def _create(self, row: _Row, now, summary: ValuesImportSummary) -> None:
        submitted = row.status == ValueStatus.SUBMITTED
        value = DataValue.objects.create(
            indicator=row.indicator,
            period=row.period,
            unit=row.unit,
            agency=row.agency,
            note=row.spec.note,
            status=row.status,
            entered_by=self.actor,
            entered_at=now,
            entered_on_behalf=self.on_behalf,
            first_submitted_at=now if submitted else None,
            submitted_at=now if submitted else None,
            reviewed_at=now if self.actor is None else None,
            **row.fields,
        )
        self._record(value, before={}, status_before="", at=now)
        summary.created += 1
        summary.changes.append(f"Tạo mới {row.label}: {describe(snapshot(value))}")

    def _update(self, row: _Row, now, summary: ValuesImportSummary) -> None:
        stored = row.existing
        before, status_before = snapshot(stored), stored.status
        changes = {"status": row.status}
        if not row.is_same_figure():
            changes |= {**row.fields, "note": row.spec.note, "entered_at": now}
        if self.actor is None:
            changes |= {"reviewed_by": None, "reviewed_at": now}
            if "entered_at" in changes:
                changes |= {"entered_by": None, "entered_on_behalf": False, "agency": row.agency}
        else:
            changes |= {"entered_by": self.actor, "entered_at": now, "entered_on_behalf": self.on_behalf}
            changes["agency"] = row.agency or stored.agency
            if row.status == ValueStatus.SUBMITTED:
                changes |= {"submitted_at": now, "first_submitted_at": stored.first_submitted_at or now}
        changes["version"] = stored.version + 1
        if not DataValue.objects.filter(pk=stored.pk, version=stored.version).update(**changes):
            raise WorkbookInvalid(
                [
                    Problem(
                        f"số liệu {row.label} vừa được người khác thay đổi trong lúc nhập; không có gì được ghi, hãy nhập lại.",
                        VALUES_SHEET,
                        row.spec.row,
                        HEADER_OF["value"],
                    )
                ]
            )
        for name, new in changes.items():
            setattr(stored, name, new)
        self._record(stored, before=before, status_before=status_before, at=now)
        summary.updated += 1
        line = f"Cập nhật {row.label}: {describe(before)} → {describe(snapshot(stored))}"
        if status_before != stored.status:
            line += f" ({ValueStatus(status_before).label.lower()} → {ValueStatus(stored.status).label.lower()})"
        summary.changes.append(line)

    def _record(self, value: DataValue, *, before: dict, status_before: str, at) -> None:
        ValueChange.objects.create(
            data_value=value,
            changed_at=at,
            changed_by=self.actor,
            action=self._action(),
            status_before=status_before,
            status_after=value.status,
            old=before,
            new=snapshot(value),
            source=self._source()[:255],
            on_behalf=self.on_behalf,
        )
