"""Figures from a values workbook (DESIGN.md 7.3): the command's history load and an agency's upload.

This module reads and resolves: each row's plan, indicator, period and unit (by official code or name, at any depth
inside the plan's territory), its figure checked by `indicators.entry.read_entry`. Writing is
`indicators.services.figures.values_write`, the one write path every figure takes; its problems come back here
with their row and column. All-or-nothing: every problem is collected, and only a clean workbook is written.
"""

import getpass
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q

from indicators.entry import EntryInvalid, read_entry
from indicators.models import Assignment, DataValue, Indicator, Kind
from indicators.services.figures import DRAFT, IMPORT, SUBMIT, FigureInput, FiguresRefused, values_write
from indicators.services.import_summary import DRY_RUN_HEAD
from indicators.workbooks.plan import KIND_WORDS
from indicators.workbooks.reader import Problem, WorkbookInvalid, cell_text, is_blank
from indicators.workbooks.values import HEADER_OF, VALUE_HEADERS, VALUES_SHEET, ValueRowSpec, read_values_rows
from plans.access import plans_visible_to
from plans.models import Agency, Plan, ReportingPeriod, User
from plans.units import UnitIndex, UnitNotFound, plan_units

ENTRY_COLUMNS = {
    "value": HEADER_OF["value"],
    "numerator": HEADER_OF["numerator"],
    "denominator": HEADER_OF["denominator"],
}
# values_write's names for where a problem is, as the workbook's columns.
PROBLEM_COLUMNS = {
    "value": HEADER_OF["value"],
    "indicator": HEADER_OF["indicator"],
    "unit": HEADER_OF["unit"],
    "period": HEADER_OF["period"],
    "version": HEADER_OF["value"],
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
    # The version of every figure the file names, as it was read (0: none): a confirmation after a preview is
    # refused if any of them moved meanwhile.
    versions: dict[str, int] = field(default_factory=dict)

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
        head = DRY_RUN_HEAD if self.dry_run else "Đã nhập"
        lines = [f"{head}: số liệu" + (f" từ {self.file_name}" if self.file_name else ""), self.count_line()]
        if not self.has_changes:
            lines.append("Không có thay đổi nào.")
        lines += [f"Lưu ý: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def version_key(indicator_id: int, period_id: int, unit_id: int) -> str:
    return f"{indicator_id}:{period_id}:{unit_id}"


def values_import(
    *,
    data: bytes,
    actor: User | None,
    dry_run: bool = False,
    plan: Plan | None = None,
    period: ReportingPeriod | None = None,
    submit: bool = False,
    file_name: str = "",
    trusted: bool = False,
    agency: Agency | None = None,
    expected_versions: dict[str, int] | None = None,
) -> ValuesImportSummary:
    """Create or update figures from values-workbook bytes.

    The command line (`trusted`, or no actor) approves what it imports, audited as imported from `file_name` by
    the user it names; locks do not apply and approved figures may be overwritten (the old one stays in the audit
    trail). An upload in the browser (an actor, not trusted) follows the form's rules: the indicators and units the
    actor's agency (or, for a coordinator, `agency`) reports, open periods, figures not yet approved; the result is a
    draft, or submitted with `submit`. `plan` and `period`, when given, are the only plan and period rows may name.
    `expected_versions` (from the preview) refuses a figure that changed since the preview.

    Raises WorkbookInvalid with every problem; nothing is written then.
    """
    trusted = trusted or actor is None
    specs, problems, warnings = read_values_rows(data)
    summary = ValuesImportSummary(dry_run=dry_run, file_name=file_name, warnings=list(warnings))
    with transaction.atomic():
        resolver = _Resolver(actor=actor, plan=plan, period=period, trusted=trusted)
        inputs = resolver.resolve(specs, problems, summary, expected_versions)
        if not problems:
            try:
                result = values_write(
                    actor=actor,
                    inputs=inputs,
                    mode=IMPORT if trusted else (SUBMIT if submit else DRAFT),
                    agency=agency,
                    source=_source(trusted, file_name, actor),
                    trusted=trusted,
                    dry_run=dry_run,
                    keep_values=False,
                )
            except FiguresRefused as refused:
                problems += [
                    Problem(problem.message, VALUES_SHEET, problem.key, PROBLEM_COLUMNS.get(problem.field, ""))
                    for problem in refused.problems
                ]
        if problems:
            raise WorkbookInvalid(sorted(problems, key=_problem_order))
    summary.created, summary.updated, summary.unchanged = result.created, result.updated, result.unchanged
    summary.skipped += result.skipped
    summary.changes = result.changes
    return summary


def _source(trusted: bool, file_name: str, actor: User | None) -> str:
    if not trusted:
        return f"tải lên sổ Excel: {file_name}"
    who = actor.username if actor is not None else f"người chạy lệnh {getpass.getuser()}"
    return f"import_values ({who}): {file_name}"


def _problem_order(problem: Problem) -> tuple:
    column = VALUE_HEADERS.index(problem.column) if problem.column in VALUE_HEADERS else -1
    return problem.row or 0, column


class _Resolver:
    """Turns the workbook's rows into figures to write, naming every row's problem."""

    def __init__(self, *, actor, plan, period, trusted):
        self.actor, self.plan, self.period, self.trusted = actor, plan, period, trusted
        self._units: dict[int, UnitIndex] = {}
        self._first_row_of: dict[tuple, int] = {}

    def resolve(self, specs, problems, summary, expected_versions) -> list[FigureInput]:
        wanted = []
        for spec in specs:
            if self.trusted and not spec.has_figure:
                summary.skipped += 1
                if spec.note:
                    summary.warnings.append(
                        f"Sheet “{VALUES_SHEET}”, dòng {spec.row}: có ghi chú nhưng không có giá trị nên không được nhập."
                    )
            elif not self.trusted and spec.is_blank:
                summary.skipped += 1
            elif spec.plan_code:  # a row without a plan code has its problem already
                wanted.append(spec)
        self._load(wanted)
        inputs = []
        for spec in wanted:
            item = self._resolve_row(spec, problems, expected_versions)
            if item is not None:
                inputs.append(item)
        summary.versions = self._versions(inputs)
        return inputs

    def _load(self, specs: list[ValueRowSpec]) -> None:
        """Everything the rows name, in a fixed number of queries (and one per plan for its units)."""
        if self.plan is not None:
            plans = [self.plan]
        else:
            query = Q()
            for code in {spec.plan_code.casefold() for spec in specs}:
                query |= Q(code__iexact=code)
            visible = Plan.objects.all() if self.trusted else plans_visible_to(self.actor)
            plans = list(visible.filter(query).select_related("territory")) if query else []
        self.plans = {plan.code.casefold(): plan for plan in plans}
        assignments = Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("pk"))
        self.indicators = {
            (indicator.plan_id, indicator.code.casefold()): indicator
            for indicator in Indicator.objects.filter(plan__in=plans)
            .select_related("plan__territory")
            .prefetch_related(assignments)
        }
        self.periods = {
            (period.plan_id, period.code): period
            for period in ReportingPeriod.objects.filter(plan__in=plans)
            .select_related("plan")
            .prefetch_related("reopenings")
        }

    def _unit_index(self, plan: Plan) -> UnitIndex:
        if plan.pk not in self._units:
            self._units[plan.pk] = UnitIndex(plan_units(plan).select_related("parent"), where=plan.territory.label)
        return self._units[plan.pk]

    def _fail(self, problems: list[Problem], spec: ValueRowSpec, attribute: str, message: str) -> None:
        problems.append(Problem(message, VALUES_SHEET, spec.row, HEADER_OF[attribute]))

    def _resolve_row(self, spec: ValueRowSpec, problems: list[Problem], expected_versions) -> FigureInput | None:
        before = len(problems)
        plan = self.plans.get(spec.plan_code.casefold())
        if plan is None:
            message = (
                f"sổ này dành cho kế hoạch {self.plan.code}; dòng này ghi “{spec.plan_code}”."
                if self.plan is not None
                else f"không có kế hoạch mã “{spec.plan_code}”."
            )
            self._fail(problems, spec, "plan", message)
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
                f"sổ này dành cho kỳ {self.period.code} ({self.period.words}); dòng này ghi kỳ {spec.period_code}.",
            )
        elif period is None:
            self._fail(
                problems,
                spec,
                "period",
                f"kế hoạch {plan.code} ({plan.start_year}–{plan.end_year}) không có kỳ báo cáo {spec.period_code}.",
            )

        unit = self._find_unit(spec, plan, problems)
        if (
            unit is not None
            and indicator is not None
            and unit.pk != plan.territory_id
            and not indicator.reported_by_commune
        ):
            self._fail(
                problems,
                spec,
                "unit",
                f"chỉ tiêu {indicator.code} không báo cáo theo địa bàn; để trống ô này (số liệu của cả "
                f"{plan.territory.label}).",
            )
        if indicator is not None and period is not None and unit is not None:
            first = self._first_row_of.setdefault((indicator.pk, period.pk, unit.pk), spec.row)
            if first != spec.row:
                self._fail(problems, spec, "indicator", f"trùng với dòng {first} (cùng chỉ tiêu, kỳ và địa bàn).")
        entry = self._entry(spec, indicator, problems) if indicator is not None else None
        if len(problems) > before or indicator is None or period is None or unit is None:
            return None
        expected = None
        if expected_versions is not None:
            expected = expected_versions.get(version_key(indicator.pk, period.pk, unit.pk), 0)
        return FigureInput(indicator, period, unit, entry, spec.note, expected, key=spec.row)

    def _find_unit(self, spec: ValueRowSpec, plan: Plan, problems):
        """Blank is the territory; otherwise a unit inside it by official code or by name (DESIGN.md 7.3)."""
        if not spec.unit_name:
            return plan.territory
        try:
            return self._unit_index(plan).find(spec.unit_name)
        except UnitNotFound as error:
            message = str(error)
            if not error.candidates:
                message += f" Để trống ô này để nhập số liệu của cả {plan.territory.label}."
            self._fail(problems, spec, "unit", message)
            return None

    def _entry(self, spec: ValueRowSpec, indicator: Indicator, problems: list[Problem]):
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
            return read_entry(
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

    def _versions(self, inputs: list[FigureInput]) -> dict[str, int]:
        stored = {
            (v.indicator_id, v.period_id, v.unit_id): v.version
            for v in DataValue.objects.filter(
                indicator_id__in={i.indicator.pk for i in inputs},
                period_id__in={i.period.pk for i in inputs},
                unit_id__in={i.unit.pk for i in inputs},
            ).only("indicator_id", "period_id", "unit_id", "version")
        }
        return {
            version_key(i.indicator.pk, i.period.pk, i.unit.pk): stored.get((i.indicator.pk, i.period.pk, i.unit.pk), 0)
            for i in inputs
        }
