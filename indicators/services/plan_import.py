"""Writes for indicators and plans' content. Each is one transaction; importers are all-or-nothing."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError

from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, Target
from indicators.services.import_summary import CREATED, DELETED, DRY_RUN_HEAD, UPDATED, ImportChanges
from indicators.services.indicators import indicator_change_problems
from indicators.workbooks.plan import HEADER_OF as INDICATOR_HEADER_OF
from indicators.workbooks.plan import INDICATOR_SHEET, PLAN_SHEET, AgencyRef, PlanWorkbook, read_plan_workbook
from indicators.workbooks.reader import Problem, WorkbookInvalid
from plans.access import may_manage_unit, plans_visible_to
from plans.history import WORKBOOK, bulk_create_recorded, recorded_as
from plans.levels import UnitRef
from plans.models import AdministrativeUnit, Agency, Goal, Plan, UnitLevel, User
from plans.numbers import format_value
from plans.revisions import revised
from plans.services import PlanRuleError, agency_get_or_create, plan_sync_periods, unit_get_or_create
from plans.text import name_key
from plans.units import UnitNotFound, UnitReference, choose, describe_candidates, read_reference

PARENT_LEVEL = {
    UnitLevel.COMMUNE: UnitLevel.DISTRICT,
    UnitLevel.DISTRICT: UnitLevel.PROVINCE,
    UnitLevel.PROVINCE: UnitLevel.NATIONAL,
}


@dataclass
class ImportSummary(ImportChanges):
    """What an import did (or, in a dry run, would do), in Vietnamese, for the command and the preview page."""

    THINGS = (
        "kế hoạch",
        "địa bàn",
        "cơ quan",
        "kỳ báo cáo",
        "mục tiêu",
        "chỉ tiêu",
        "chỉ tiêu kế hoạch",
        "phân công",
    )

    plan_code: str
    dry_run: bool
    plan_created: bool = False

    def text(self) -> str:
        head = DRY_RUN_HEAD if self.dry_run else "Đã nhập"
        lines = [f"{head}: kế hoạch {self.plan_code}" + (" (mới)" if self.plan_created else "")]
        lines += self.count_lines() or ["Không có thay đổi nào."]
        lines += [f"Lưu ý: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def plan_import(*, data: bytes, actor: User | None, dry_run: bool = False) -> ImportSummary:
    """Create or update (by plan code) a plan from plan-workbook bytes.

    Raises WorkbookInvalid with every problem; nothing is written then. With dry_run the changes are
    computed in a transaction that is rolled back. `actor=None` is the command line (full rights).
    """
    book = read_plan_workbook(data)
    with recorded_as(WORKBOOK), transaction.atomic():
        summary = _plan_apply(book, actor)
        if dry_run:
            transaction.set_rollback(True)
    summary.dry_run = dry_run
    return summary


def _resolve_unit(
    ref: UnitRef, *, default_level: str, parent: AdministrativeUnit | None, summary: ImportSummary, field: str
) -> AdministrativeUnit:
    """The unit a plan workbook names: by official code (a loaded unit), else by level and name under the parent
    written, else by level and name anywhere if that fits one unit; created if new. Raises WorkbookInvalid."""
    level = ref.level or default_level
    reference = read_reference(ref.name)
    codes = reference.codes or (ref.name,)  # a code such as VN is not all digits
    by_code = list(AdministrativeUnit.objects.filter(code__in=codes, valid_until__isnull=True).select_related("parent"))
    if by_code:
        try:
            return choose(reference if reference.is_code else UnitReference(ref.name, codes), by_code, where="cả nước")
        except UnitNotFound as error:
            raise WorkbookInvalid([Problem(f"“{field}”: {error}", PLAN_SHEET)]) from error
    if parent is None:
        # With no parent written, an existing unit of that name and level is the one meant, if only one fits.
        matches = list(
            AdministrativeUnit.objects.filter(level=level, name_key=name_key(ref.name))
            .select_related("parent")
            .order_by("valid_until", "parent_id", "pk")[:10]
        )
        current = [unit for unit in matches if unit.valid_until is None] or matches
        if len(current) > 1:
            raise WorkbookInvalid(
                [
                    Problem(
                        f"“{field}”: “{ref.name}” trùng với {len(current)} địa bàn: {describe_candidates(current)}; "
                        "hãy ghi mã hành chính, hoặc ghi “Địa bàn cấp trên”.",
                        PLAN_SHEET,
                    )
                ]
            )
        if current:
            return current[0]
    try:
        unit, created = unit_get_or_create(name=ref.name, level=level, parent=parent, type_word=ref.type_word)
    except PlanRuleError as error:
        raise WorkbookInvalid([Problem(f"“{field}”: {error}", PLAN_SHEET)]) from error
    if created:
        summary.record("địa bàn", CREATED, unit.label)
    return unit


def _resolve_parent_unit(ref: UnitRef, territory_level: str, summary: ImportSummary) -> AdministrativeUnit:
    if ref.level is None:
        # A commune's parent is a district before the 2025 reform and a province after it: take what exists.
        for level in (PARENT_LEVEL.get(territory_level), UnitLevel.PROVINCE):
            match = (
                AdministrativeUnit.objects.filter(level=level, name_key=name_key(ref.name)).first() if level else None
            )
            if match:
                return match
    return _resolve_unit(
        ref,
        default_level=PARENT_LEVEL.get(territory_level, UnitLevel.PROVINCE),
        parent=None,
        summary=summary,
        field="Địa bàn cấp trên",
    )


def _plan_apply(book: PlanWorkbook, actor: User | None) -> ImportSummary:
    spec = book.plan
    summary = ImportSummary(plan_code=spec.code, dry_run=False, warnings=list(book.warnings))
    problems: list[Problem] = []
    sheet = "Kế hoạch"

    parent_plan = None
    if spec.parent_plan:
        parent_plan = Plan.objects.filter(code=spec.parent_plan).first()
        if parent_plan is None:
            problems.append(
                Problem(
                    f"“Kế hoạch cấp trên”: chưa có kế hoạch mã “{spec.parent_plan}” trong hệ thống; nhập kế hoạch đó trước.",
                    sheet,
                )
            )
    plan = Plan.objects.select_for_update().filter(code=spec.code).first()
    if plan is not None and actor is not None and not plans_visible_to(actor).filter(pk=plan.pk).exists():
        problems.append(Problem(f"“Mã kế hoạch”: mã “{spec.code}” đã được dùng cho kế hoạch của địa bàn khác.", sheet))
    if problems:
        raise WorkbookInvalid(problems)

    parent_unit = _resolve_parent_unit(spec.parent_unit, spec.territory.level, summary) if spec.parent_unit else None
    territory = _resolve_unit(
        spec.territory, default_level=spec.territory.level, parent=parent_unit, summary=summary, field="Địa bàn"
    )
    if actor is not None and not may_manage_unit(actor, territory):
        raise WorkbookInvalid([Problem(f"“Địa bàn”: bạn không có quyền lập kế hoạch cho {territory}.", sheet)])

    plan_values = {
        "document_number": spec.document_number,
        "title": spec.title,
        "issuing_body": spec.issuing_body,
        "territory": territory,
        "issue_date": spec.issue_date,
        "start_year": spec.start_year,
        "end_year": spec.end_year,
        "parent": parent_plan,
        "half_year_deadline_day": spec.half_year_deadline[0] if spec.half_year_deadline else None,
        "half_year_deadline_month": spec.half_year_deadline[1] if spec.half_year_deadline else None,
        "annual_deadline_day": spec.annual_deadline[0] if spec.annual_deadline else None,
        "annual_deadline_month": spec.annual_deadline[1] if spec.annual_deadline else None,
    }
    if plan is None:
        plan = Plan.objects.create(code=spec.code, **plan_values)
        summary.plan_created = True
        summary.record("kế hoạch", CREATED, plan.code)
    else:
        changed = _assign_changes(plan, plan_values)
        if changed:
            plan.save()
            summary.record("kế hoạch", UPDATED, f"{plan.code}: " + "; ".join(changed))

    try:
        period_changes = plan_sync_periods(plan=plan)
    except PlanRuleError as error:
        raise WorkbookInvalid([Problem(str(error), sheet)]) from error
    for action, key in ((CREATED, "created"), (UPDATED, "updated"), (DELETED, "deleted")):
        for code in period_changes[key]:
            summary.record("kỳ báo cáo", action, code)

    goals = _apply_goals(plan, book, summary)
    agencies = _resolve_agencies(plan, book, summary)
    _apply_indicators(plan, book, goals, agencies, summary)
    return summary


def _assign_changes(instance, values: dict) -> list[str]:
    """Set the values that differ and describe each change as `field: old → new`."""
    changed = []
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new and not (isinstance(old, Decimal) and isinstance(new, Decimal) and old.compare(new) == 0):
            label = instance._meta.get_field(name).verbose_name
            changed.append(
                f"{label}: “{format_value(old) if old is not None else ''}” → “{format_value(new) if new is not None else ''}”"
            )
            setattr(instance, name, new)
    return changed


def _apply_goals(plan: Plan, book: PlanWorkbook, summary: ImportSummary) -> dict[int, Goal]:
    existing = {goal.number: goal for goal in plan.goals.all()}
    goals = {}
    for spec in book.goals:
        goal = existing.pop(spec.number, None)
        if goal is None:
            goal = Goal.objects.create(plan=plan, number=spec.number, title=spec.title)
            summary.record("mục tiêu", CREATED, f"{spec.number}: {spec.title}")
        elif goal.title != spec.title:
            change = _assign_changes(goal, {"title": spec.title})
            goal.save(update_fields=["title"])
            summary.record("mục tiêu", UPDATED, f"{spec.number}: " + "; ".join(change))
        goals[spec.number] = goal
    for goal in existing.values():
        _delete(goal, f"mục tiêu {goal.number}")
        summary.record("mục tiêu", DELETED, f"{goal.number}: {goal.title}")
    return goals


def _resolve_agencies(plan: Plan, book: PlanWorkbook, summary: ImportSummary) -> dict[str, Agency]:
    """Every agency named in the workbook, found (case- and space-insensitively) or created in the plan's territory."""
    agencies: dict[str, Agency] = {}
    for spec in book.indicators:
        for refs in spec.agencies.values():
            for ref in refs:
                key = name_key(ref.name)
                if key in agencies:
                    continue
                agency, created = agency_get_or_create(name=ref.name, unit=plan.territory)
                if created:
                    summary.record("cơ quan", CREATED, agency.name)
                agencies[key] = agency
    return agencies


def _apply_indicators(plan, book: PlanWorkbook, goals: dict[int, Goal], agencies: dict[str, Agency], summary) -> None:
    existing = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(plan=plan).prefetch_related("targets", "assignments__agency")
    }
    with_figures = set(DataValue.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True).distinct())
    problems: list[Problem] = []
    for position, spec in enumerate(book.indicators, start=1):
        values = {
            "goal": goals[spec.goal_number],
            "position": position,
            "name": spec.name,
            "unit": spec.unit,
            "kind": spec.kind,
            "factor": spec.factor,
            "direction": spec.direction,
            "baseline_value": spec.baseline_value,
            "baseline_text": spec.baseline_text,
            "baseline_year": spec.baseline_year,
            "notes": spec.notes,
        }
        if spec.by_unit is not None:
            values["reported_by_commune"] = spec.by_unit
        indicator = existing.pop(spec.code, None)
        if indicator is None:
            indicator = Indicator.objects.create(plan=plan, code=spec.code, **values)
            summary.record("chỉ tiêu", CREATED, f"{spec.code}: {spec.name}")
            current_targets, current_assignments = [], []
        else:
            current_targets = list(indicator.targets.all())
            current_assignments = list(indicator.assignments.all())
            refused = indicator_change_problems(indicator, values, has_figures=indicator.pk in with_figures)
            for name, message in refused.items():
                problems.append(Problem(message, INDICATOR_SHEET, spec.row, INDICATOR_HEADER_OF[name]))
            if refused:
                continue
            changed = _assign_changes(indicator, values)
            if changed:
                indicator.save()
                visible = [
                    c for c in changed if not c.startswith(str(Indicator._meta.get_field("position").verbose_name))
                ]
                if visible:
                    summary.record("chỉ tiêu", UPDATED, f"{spec.code}: " + "; ".join(visible))
        _apply_targets(indicator, spec.targets, current_targets, summary)
        _apply_assignments(indicator, spec.agencies, agencies, current_assignments, summary)
    if problems:
        raise WorkbookInvalid(problems)
    for indicator in existing.values():
        _delete(indicator, f"chỉ tiêu {indicator.code}")
        summary.record("chỉ tiêu", DELETED, f"{indicator.code}: {indicator.name}")


def _target_fields(value) -> dict:
    if isinstance(value, bool):
        return {"value_number": None, "value_bool": value, "value_text": ""}
    if isinstance(value, Decimal):
        return {"value_number": value, "value_bool": None, "value_text": ""}
    return {"value_number": None, "value_bool": None, "value_text": value}


def _apply_targets(indicator: Indicator, wanted: dict[int, object], current: list[Target], summary) -> None:
    by_year = {target.year: target for target in current}
    for year, value in sorted(wanted.items()):
        target = by_year.pop(year, None)
        fields = _target_fields(value)
        if target is None:
            Target.objects.create(indicator=indicator, year=year, **fields)
            summary.record("chỉ tiêu kế hoạch", CREATED, f"{indicator.code} năm {year}: {format_value(value)}")
        else:
            changed = _assign_changes(target, fields)
            if changed:
                target.save()
                summary.record("chỉ tiêu kế hoạch", UPDATED, f"{indicator.code} năm {year}: {format_value(value)}")
    for target in by_year.values():
        target.delete()
        summary.record("chỉ tiêu kế hoạch", DELETED, f"{indicator.code} năm {target.year}")


def _apply_assignments(
    indicator, wanted: dict[str, list[AgencyRef]], agencies, current: list[Assignment], summary
) -> None:
    """Assignments are replaced as a whole when they differ, so their order follows the workbook."""
    wanted_rows = [
        (role, agencies[name_key(ref.name)].pk, ref.scope)
        for role in AssignmentRole.values
        for ref in wanted.get(role, [])
    ]
    current_rows = [(a.role, a.agency_id, a.scope_note) for a in sorted(current, key=lambda a: a.pk)]
    current_rows = [row for role in AssignmentRole.values for row in current_rows if row[0] == role]
    if wanted_rows == current_rows:
        return
    removed = set(current_rows) - set(wanted_rows)
    added = set(wanted_rows) - set(wanted_rows).intersection(current_rows)
    Assignment.objects.filter(indicator=indicator).delete()
    bulk_create_recorded(
        Assignment,
        [
            Assignment(indicator=indicator, role=role, agency_id=agency_id, scope_note=scope)
            for role, agency_id, scope in wanted_rows
        ],
    )
    revised("assignments imported")
    names = {agency.pk: agency.name for agency in agencies.values()} | {a.agency_id: a.agency.name for a in current}
    labels = dict(AssignmentRole.choices)
    for role, agency_id, scope in sorted(added):
        summary.record(
            "phân công",
            CREATED,
            f"{indicator.code}: {names[agency_id]} — {labels[role]}" + (f" ({scope})" if scope else ""),
        )
    for role, agency_id, scope in sorted(removed):
        summary.record(
            "phân công",
            DELETED,
            f"{indicator.code}: {names[agency_id]} — {labels[role]}" + (f" ({scope})" if scope else ""),
        )


def _delete(instance, label: str) -> None:
    try:
        instance.delete()
    except ProtectedError as error:
        raise WorkbookInvalid(
            [Problem(f"Không thể xóa {label}: đã có số liệu gắn với nó. Giữ lại dòng này trong sổ.")]
        ) from error
