"""Work plans and their activities from an activities workbook (DESIGN.md 7.6): `import_activities`.

Creates or updates by plan, year and activity code; all or nothing: every problem of every row (and those only the
database can see: an unknown plan or indicator, a year outside the plan, an activity left out that agencies have
already reported on) is listed by sheet, row and column, and nothing is written then. Agencies are matched by name
(case- and space-insensitively) among the agencies of the plan's territory; unknown ones are created and the
summary says so, as the plan workbook does. Activities of a work plan that the workbook leaves out are removed (if
nobody reported on them yet), and themes left without activities with them.
"""

from dataclasses import dataclass

from django.db import transaction

from indicators.activities import PromisedOutput, outputs_text
from indicators.models import Activity, ActivityOutput, ActivityReport, Indicator, Theme, WorkPlan
from indicators.services.import_summary import CREATED, DELETED, DRY_RUN_HEAD, UPDATED, ImportChanges
from indicators.workbooks.activities import (
    ACTIVITIES_SHEET,
    ACTIVITY_HEADERS,
    HEADER_OF,
    WORK_PLAN_COLUMNS,
    WORK_PLAN_HEADER_OF,
    WORK_PLANS_SHEET,
    ActivitySpec,
    WorkPlanSpec,
    read_activities_workbook,
)
from indicators.workbooks.reader import Problem, WorkbookInvalid
from plans.access import may_manage_plan
from plans.identifiers import PLAN_CODE_MAX_LENGTH
from plans.models import Agency, Plan, User
from plans.services import agency_get_or_create
from plans.text import clean_name, name_key


@dataclass
class ActivitiesImportSummary(ImportChanges):
    """What an import did (or, in a dry run, would do), in Vietnamese."""

    THINGS = ("kế hoạch năm", "nhóm nhiệm vụ", "hoạt động", "cơ quan")

    dry_run: bool
    file_name: str = ""
    unchanged: int = 0

    def text(self) -> str:
        head = DRY_RUN_HEAD if self.dry_run else "Đã nhập"
        lines = [f"{head}: sổ hoạt động" + (f" {self.file_name}" if self.file_name else "")]
        lines += self.count_lines()
        if self.unchanged:
            lines.append(f"Hoạt động không đổi: {self.unchanged}")
        if not self.has_changes:
            lines.append("Không có thay đổi nào.")
        lines += [f"Lưu ý: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def activities_import(
    *, data: bytes, actor: User | None = None, dry_run: bool = False, file_name: str = ""
) -> ActivitiesImportSummary:
    """Create or update work plans and activities from activities-workbook bytes. `actor=None` is the command line
    (every plan); a user may import only into the plans they manage. Raises WorkbookInvalid with every problem;
    nothing is written then. A dry run computes everything in a transaction that is rolled back."""
    book = read_activities_workbook(data)
    problems = list(book.problems)
    summary = ActivitiesImportSummary(dry_run=dry_run, file_name=file_name, warnings=list(book.warnings))
    with transaction.atomic():
        _Importer(actor, summary, problems).run(book.work_plans, book.activities)
        if problems:
            transaction.set_rollback(True)
            raise WorkbookInvalid(sorted(problems, key=_problem_order))
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _problem_order(problem: Problem) -> tuple:
    sheets = [ACTIVITIES_SHEET, WORK_PLANS_SHEET]
    columns = ACTIVITY_HEADERS if problem.sheet != WORK_PLANS_SHEET else [h for _, h, _ in WORK_PLAN_COLUMNS]
    return (
        sheets.index(problem.sheet) if problem.sheet in sheets else -1,
        problem.row or 0,
        columns.index(problem.column) if problem.column in columns else -1,
    )


class _Importer:
    def __init__(self, actor: User | None, summary: ActivitiesImportSummary, problems: list[Problem]):
        self.actor, self.summary, self.problems = actor, summary, problems

    def fail(self, message: str, row: int | None = None, column: str = "", sheet: str = ACTIVITIES_SHEET) -> None:
        self.problems.append(Problem(message, sheet, row, column))

    def run(self, work_plan_specs: list[WorkPlanSpec], activity_specs: list[ActivitySpec]) -> None:
        codes = {spec.plan_code for spec in (*work_plan_specs, *activity_specs) if spec.plan_code}
        plans = {plan.code: plan for plan in Plan.objects.filter(code__in=codes).select_related("territory")}
        allowed = {code: self.actor is None or may_manage_plan(self.actor, plan) for code, plan in plans.items()}

        def plan_of(spec, sheet: str, headers: dict) -> Plan | None:
            if not spec.plan_code:
                return None
            plan = plans.get(spec.plan_code)
            if plan is None or not allowed[spec.plan_code]:
                # The same answer for a plan that does not exist and one the user may not touch.
                self.fail(f"không có kế hoạch mã “{spec.plan_code}”.", spec.row, headers["plan"], sheet)
                return None
            if spec.year is not None and spec.year not in plan.years:
                self.fail(
                    f"năm {spec.year} nằm ngoài thời gian của kế hoạch {plan.code} ({plan.start_year}–{plan.end_year}).",
                    spec.row,
                    headers["year"],
                    sheet,
                )
                return None
            return plan

        headers: dict[tuple[int, int], WorkPlanSpec] = {}
        for spec in work_plan_specs:
            plan = plan_of(spec, WORK_PLANS_SHEET, WORK_PLAN_HEADER_OF)
            if plan is None or spec.year is None:
                continue
            key = (plan.pk, spec.year)
            if key in headers:
                self.fail(
                    f"kế hoạch năm {spec.year} của {plan.code} đã ghi ở dòng {headers[key].row}.",
                    spec.row,
                    WORK_PLAN_HEADER_OF["year"],
                    WORK_PLANS_SHEET,
                )
                continue
            headers[key] = spec

        groups: dict[tuple[int, int], list[ActivitySpec]] = {}
        plan_by_pk: dict[int, Plan] = {}
        for spec in activity_specs:
            plan = plan_of(spec, ACTIVITIES_SHEET, HEADER_OF)
            if plan is None or spec.year is None:
                continue
            plan_by_pk[plan.pk] = plan
            groups.setdefault((plan.pk, spec.year), []).append(spec)
        for key, spec in headers.items():
            if key not in groups:
                self.fail(
                    "kế hoạch năm này không có dòng hoạt động nào trong sheet “Hoạt động”.",
                    spec.row,
                    WORK_PLAN_HEADER_OF["year"],
                    WORK_PLANS_SHEET,
                )

        indicators = {
            (indicator.plan_id, indicator.code): indicator
            for indicator in Indicator.objects.filter(plan__in=plan_by_pk.values())
        }
        agencies = {
            (agency.unit_id, agency.name_key): agency
            for agency in Agency.objects.filter(unit__in={plan.territory_id for plan in plan_by_pk.values()})
        }
        for (plan_pk, year), specs in groups.items():
            self.work_plan(plan_by_pk[plan_pk], year, headers.get((plan_pk, year)), specs, indicators, agencies)

    # ---------------------------------------------------------------- one work plan

    def work_plan(self, plan: Plan, year: int, header: WorkPlanSpec | None, specs, indicators, agencies) -> None:
        work_plan = WorkPlan.objects.filter(plan=plan, year=year).first()
        wanted = self.header_fields(plan, year, header, work_plan)
        if wanted is None:
            return
        seen: dict[str, int] = {}
        for spec in specs:
            if not spec.code:
                continue
            if spec.code in seen:
                self.fail(
                    f"mã hoạt động {spec.code} đã dùng ở dòng {seen[spec.code]} (cùng kế hoạch năm {year}).",
                    spec.row,
                    HEADER_OF["code"],
                )
            else:
                seen[spec.code] = spec.row
            for code in spec.indicators:
                if (plan.pk, code) not in indicators:
                    self.fail(f"kế hoạch {plan.code} không có chỉ tiêu mã “{code}”.", spec.row, HEADER_OF["indicators"])
        existing = {}
        if work_plan is not None:
            existing = {
                activity.code: activity
                for activity in Activity.objects.filter(work_plan=work_plan)
                .select_related("theme", "lead_agency")
                .prefetch_related("coordinating_agencies", "indicators", "outputs")
            }
            left_out = [activity for code, activity in existing.items() if code not in seen]
            reported = set(
                ActivityReport.objects.filter(activity__in=left_out).values_list("activity__code", flat=True)
            )
            for activity in left_out:
                if activity.code in reported:
                    self.fail(
                        f"hoạt động {activity.code} (“{activity.name[:60]}”) của kế hoạch năm {year} không còn trong "
                        "sổ nhưng đã có báo cáo của cơ quan, nên không xóa được; hãy giữ dòng của hoạt động này."
                    )
        if self.problems or any(not spec.code for spec in specs):
            return  # nothing is written once a problem is known (the rest of the checks still run for other plans)

        if work_plan is None:
            work_plan = WorkPlan.objects.create(plan=plan, year=year, **wanted)
            self.summary.record("kế hoạch năm", CREATED, f"{work_plan.code} ({plan.code}, năm {year})")
        else:
            changed = [name for name, value in wanted.items() if getattr(work_plan, name) != value]
            if changed:
                for name in changed:
                    setattr(work_plan, name, wanted[name])
                work_plan.save(update_fields=changed)
                self.summary.record("kế hoạch năm", UPDATED, f"{work_plan.code}")

        themes = self.themes(work_plan, specs)
        for position, spec in enumerate(specs, start=1):
            self.activity(work_plan, spec, position, themes, existing.get(spec.code), indicators, agencies)
        for code, activity in existing.items():
            if code not in seen:
                activity.delete()
                self.summary.record("hoạt động", DELETED, f"{code} ({work_plan.code})")
        for theme in Theme.objects.filter(work_plan=work_plan).exclude(activities__isnull=False):
            theme.delete()
            self.summary.record("nhóm nhiệm vụ", DELETED, f"“{theme.name}” ({work_plan.code})")

    def header_fields(self, plan: Plan, year: int, header: WorkPlanSpec | None, work_plan: WorkPlan | None):
        """The work plan's header: from "Kế hoạch năm", else as stored, else drafted from the plan."""
        if header is not None:
            wanted = {
                "code": header.code,
                "document_number": header.document_number,
                "title": header.title,
                "issuing_body": header.issuing_body,
                "issue_date": header.issue_date,
            }
            if not all((header.code, header.title, header.issuing_body)):
                return None  # its problems are already listed
        elif work_plan is not None:
            return {}
        else:
            code = f"{plan.code}-{year}"
            if len(code) > PLAN_CODE_MAX_LENGTH:
                code = f"{plan.code[: PLAN_CODE_MAX_LENGTH - 5]}-{year}"
            wanted = {
                "code": code,
                "document_number": "",
                "title": f"Kế hoạch công tác bình đẳng giới năm {year}",
                "issuing_body": plan.issuing_body,
                "issue_date": None,
            }
        taken = WorkPlan.objects.filter(code=wanted["code"]).exclude(plan=plan, year=year).first()
        if taken is not None:
            self.fail(
                f"mã kế hoạch năm “{wanted['code']}” đã dùng cho kế hoạch năm {taken.year} của {taken.plan.code}.",
                header.row if header else None,
                WORK_PLAN_HEADER_OF["code"] if header else "",
                WORK_PLANS_SHEET if header else ACTIVITIES_SHEET,
            )
            return None
        return wanted

    def themes(self, work_plan: WorkPlan, specs: list[ActivitySpec]) -> dict[str, Theme]:
        """The work plan's themes in the order they first appear, created or renamed as the workbook writes them."""
        stored = {theme.name_key: theme for theme in Theme.objects.filter(work_plan=work_plan)}
        themes: dict[str, Theme] = {}
        for spec in specs:
            key = name_key(spec.theme)
            if key in themes:
                continue
            position = len(themes) + 1
            theme = stored.get(key)
            if theme is None:
                theme = Theme.objects.create(work_plan=work_plan, name=spec.theme, name_key=key, position=position)
                self.summary.record("nhóm nhiệm vụ", CREATED, f"“{spec.theme}” ({work_plan.code})")
            elif (theme.name, theme.position) != (spec.theme, position):
                theme.name, theme.position = spec.theme, position
                theme.save(update_fields=["name", "position"])
                self.summary.record("nhóm nhiệm vụ", UPDATED, f"“{spec.theme}” ({work_plan.code})")
            themes[key] = theme
        return themes

    def agency(self, plan: Plan, name: str, agencies: dict) -> Agency:
        key = (plan.territory_id, name_key(name))
        if key not in agencies:
            agency, created = agency_get_or_create(name=name, unit=plan.territory)
            agencies[key] = agency
            if created:
                self.summary.record("cơ quan", CREATED, f"{agency.name} ({plan.territory.label})")
        return agencies[key]

    def activity(self, work_plan, spec: ActivitySpec, position: int, themes, activity, indicators, agencies) -> None:
        plan = work_plan.plan
        lead = self.agency(plan, spec.lead, agencies)
        coordinating = {self.agency(plan, name, agencies).pk for name in spec.coordinating}
        wanted_indicators = {indicators[(plan.pk, code)].pk for code in spec.indicators}
        fields = {
            "theme": themes[name_key(spec.theme)],
            "position": position,
            "name": spec.name,
            "lead_agency": lead,
            "start_date": spec.start,
            "end_date": spec.end,
            "notes": spec.notes,
        }
        outputs = [PromisedOutput(o.kind, o.label, o.quantity, o.women, o.men) for o in spec.outputs]
        if activity is None:
            activity = Activity.objects.create(work_plan=work_plan, code=spec.code, **fields)
            activity.coordinating_agencies.set(coordinating)
            activity.indicators.set(wanted_indicators)
            self._write_outputs(activity, outputs)
            self.summary.record("hoạt động", CREATED, f"{spec.code} ({work_plan.code})")
            return
        differs = [
            label
            for label, same in (
                ("nhóm nhiệm vụ", activity.theme_id == fields["theme"].pk),
                ("thứ tự", activity.position == position),
                ("tên", activity.name == spec.name),
                ("cơ quan chủ trì", activity.lead_agency_id == lead.pk),
                ("thời gian", (activity.start_date, activity.end_date) == (spec.start, spec.end)),
                ("ghi chú", activity.notes == spec.notes),
                ("cơ quan phối hợp", {a.pk for a in activity.coordinating_agencies.all()} == coordinating),
                ("chỉ tiêu liên quan", {i.pk for i in activity.indicators.all()} == wanted_indicators),
                ("đầu ra dự kiến", outputs_text(activity.outputs.all()) == outputs_text(outputs)),
            )
            if not same
        ]
        if not differs:
            self.summary.unchanged += 1
            return
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save()
        activity.coordinating_agencies.set(coordinating)
        activity.indicators.set(wanted_indicators)
        if "đầu ra dự kiến" in differs:
            activity.outputs.all().delete()
            self._write_outputs(activity, outputs)
        # "thứ tự" alone is not worth a line: rows moved up or down when one was added or removed above them.
        said = [label for label in differs if label != "thứ tự"]
        if said:
            self.summary.record("hoạt động", UPDATED, f"{spec.code} ({work_plan.code}): {', '.join(said)}")
        else:
            self.summary.counts[("hoạt động", "thứ tự")] += 1

    @staticmethod
    def _write_outputs(activity: Activity, outputs: list[PromisedOutput]) -> None:
        ActivityOutput.objects.bulk_create(
            [
                ActivityOutput(
                    activity=activity,
                    position=position,
                    kind=output.kind,
                    label=clean_name(output.label),
                    quantity=output.quantity,
                    women=output.women,
                    men=output.men,
                )
                for position, output in enumerate(outputs, start=1)
            ]
        )
