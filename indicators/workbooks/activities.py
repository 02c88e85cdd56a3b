"""The activities workbook of DESIGN.md 7.6: read into plain row specs (no database), and written from a work plan.

Sheet **"Hoạt động"**, one row per activity: `Mã kế hoạch` (the multi-year plan) · `Năm` (the work plan's year) ·
`Mã hoạt động` · `Nhóm nhiệm vụ` · `Tên hoạt động` · `Cơ quan chủ trì` · `Cơ quan phối hợp` (`;`-separated) ·
`Từ ngày` · `Đến ngày` (dd/mm/yyyy; both blank: the whole year) · `Chỉ tiêu liên quan` (indicator codes,
`;`-separated) · `Đầu ra dự kiến` (`3 lớp tập huấn; 150 người (90 nữ, 60 nam)`) · `Ghi chú`.

An optional sheet **"Kế hoạch năm"** carries each work plan's header: `Mã kế hoạch` · `Năm` · `Mã kế hoạch năm` ·
`Số hiệu` · `Tên kế hoạch năm` · `Cơ quan ban hành` · `Ngày ban hành`; `export_activities` writes it, so that an
exported workbook reads back unchanged. Tables are read as the other workbooks are (indicators.workbooks.reader):
title rows above the header, headers in any order and spelling, every problem by sheet, row and column.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from openpyxl import Workbook

from indicators.activities import OutputsInvalid, PromisedOutput, outputs_text, read_outputs, window_dates
from indicators.models import Activity, Indicator, TimeWindow, WorkPlan
from indicators.models.activities import ACTIVITY_NAME_MAX_LENGTH
from indicators.workbooks.reader import (
    Problem,
    ProblemList,
    RowReader,
    Sheet,
    SheetRequest,
    WorkbookInvalid,
    cell_text,
    open_workbook,
    read_table,
    read_year,
    shown,
    too_long,
)
from indicators.workbooks.writer import WRAP, workbook_bytes, write_cell, write_header
from plans.identifiers import INDICATOR_CODE_MAX_LENGTH, PLAN_CODE_MAX_LENGTH, code_problem
from plans.models import Agency, Plan
from plans.text import clean_name

ACTIVITIES_SHEET = "Hoạt động"
WORK_PLANS_SHEET = "Kế hoạch năm"
DATE_FORMAT = "DD/MM/YYYY"

# (attribute, header, required column)
ACTIVITY_COLUMNS = [
    ("plan", "Mã kế hoạch", True),
    ("year", "Năm", True),
    ("code", "Mã hoạt động", True),
    ("theme", "Nhóm nhiệm vụ", True),
    ("name", "Tên hoạt động", True),
    ("lead", "Cơ quan chủ trì", True),
    ("coordinating", "Cơ quan phối hợp", False),
    ("start", "Từ ngày", False),
    ("end", "Đến ngày", False),
    ("indicators", "Chỉ tiêu liên quan", False),
    ("outputs", "Đầu ra dự kiến", False),
    ("notes", "Ghi chú", False),
]
ACTIVITY_HEADERS = [header for _, header, _ in ACTIVITY_COLUMNS]
HEADER_OF = {attribute: header for attribute, header, _ in ACTIVITY_COLUMNS}
ACTIVITY_ALIASES = {
    "plan": ("Kế hoạch", "Mã kế hoạch giai đoạn"),
    "year": ("Năm kế hoạch",),
    "code": ("Mã", "Mã số"),
    "theme": ("Nhóm", "Nhiệm vụ", "Nhóm nhiệm vụ, giải pháp"),
    "name": ("Hoạt động", "Nội dung hoạt động", "Nội dung"),
    "lead": ("Chủ trì", "Đơn vị chủ trì", "Cơ quan thực hiện"),
    "coordinating": ("Phối hợp", "Đơn vị phối hợp"),
    "start": ("Bắt đầu", "Thời gian bắt đầu", "Ngày bắt đầu"),
    "end": ("Kết thúc", "Thời gian kết thúc", "Ngày kết thúc", "Thời hạn"),
    "indicators": ("Chỉ tiêu", "Mã chỉ tiêu"),
    "outputs": ("Đầu ra", "Sản phẩm dự kiến", "Kết quả dự kiến"),
    "notes": ("Ghi chú, giải trình",),
}
WORK_PLAN_COLUMNS = [
    ("plan", "Mã kế hoạch", True),
    ("year", "Năm", True),
    ("code", "Mã kế hoạch năm", True),
    ("document_number", "Số hiệu", False),
    ("title", "Tên kế hoạch năm", True),
    ("issuing_body", "Cơ quan ban hành", True),
    ("issue_date", "Ngày ban hành", False),
]
WORK_PLAN_HEADER_OF = {attribute: header for attribute, header, _ in WORK_PLAN_COLUMNS}
WORK_PLAN_ALIASES = {"plan": ("Kế hoạch",), "title": ("Tên kế hoạch",), "document_number": ("Số",)}


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


LENGTHS = {
    "plan": PLAN_CODE_MAX_LENGTH,
    "theme": 500,
    "name": ACTIVITY_NAME_MAX_LENGTH,
    "agency": _length(Agency, "name"),
    "notes": 5000,
    "work_plan_code": PLAN_CODE_MAX_LENGTH,
    "document_number": _length(WorkPlan, "document_number"),
    "title": _length(WorkPlan, "title"),
    "issuing_body": _length(WorkPlan, "issuing_body"),
    "outputs": 2000,
}


@dataclass(frozen=True)
class WorkPlanSpec:
    row: int
    plan_code: str
    year: int | None
    code: str
    document_number: str
    title: str
    issuing_body: str
    issue_date: date | None


@dataclass(frozen=True)
class ActivitySpec:
    """One row of "Hoạt động" as read; fields a problem was reported for are empty."""

    row: int
    plan_code: str
    year: int | None
    code: str
    theme: str
    name: str
    lead: str
    coordinating: tuple[str, ...]
    start: date | None
    end: date | None
    indicators: tuple[str, ...]
    outputs: tuple[PromisedOutput, ...]
    notes: str


@dataclass
class ActivitiesWorkbook:
    work_plans: list[WorkPlanSpec]
    activities: list[ActivitySpec]
    problems: list[Problem]
    warnings: list[str]


def split_list(text: str) -> list[str]:
    """`a; b;; c` → [a, b, c]: the workbook's lists (agencies, indicator codes)."""
    return [clean_name(part) for part in (text or "").split(";") if clean_name(part)]


def read_activities_workbook(data: bytes) -> ActivitiesWorkbook:
    """The rows of an activities workbook and every problem found in them (the importer adds its own, which need
    the database). Raises WorkbookInvalid at once when the file or a sheet cannot be read at all."""
    sheets = open_workbook(
        data,
        [
            SheetRequest(
                ACTIVITIES_SHEET,
                settings.ACTIVITIES_WORKBOOK_MAX_ROWS,
                f"Thiếu sheet “{ACTIVITIES_SHEET}” (các dòng hoạt động).",
            ),
            SheetRequest(WORK_PLANS_SHEET, 200, optional=True),
        ],
    )
    problems = ProblemList(settings.WORKBOOK_MAX_PROBLEMS)
    warnings: list[str] = []
    work_plans = _read_work_plans(sheets[WORK_PLANS_SHEET], problems, warnings) if WORK_PLANS_SHEET in sheets else []
    activities = _read_activities(sheets[ACTIVITIES_SHEET], problems, warnings)
    return ActivitiesWorkbook(work_plans, activities, problems.closed(), warnings)


class _Row(RowReader):
    """A row of either sheet: its cells, and the year of its work plan."""

    def keys(self, length: int, code_length: int, missing_code: str) -> tuple[str, int | None, str]:
        """What names the row: its plan's code, the year of its work plan and its own code ("" or None when
        wrong; the problem is then reported)."""
        plan_code = self.text("plan", LENGTHS["plan"], "mã kế hoạch", required="thiếu mã kế hoạch.", code=True)
        year = self.year()
        code = self.text("code", length, "mã", required=missing_code, code=True)
        if code and (problem := code_problem(code, max_length=code_length)):
            self.fail("code", problem)
            code = ""
        return plan_code, year, code

    def year(self) -> int | None:
        raw = self.raw("year")
        if raw is None:
            if not (self.cells.get("year") and self.cells["year"].refused):
                self.fail("year", "thiếu năm của kế hoạch năm (ví dụ 2024).")
            return None
        try:
            return read_year(raw)
        except ValueError as error:
            self.fail("year", f"{error}.")
            return None


def _rows(sheet: Sheet, columns, aliases, headers, rows_are: str, problems: ProblemList, warnings: list[str]):
    """The rows of either sheet's table, to be read cell by cell."""
    for number, cells in read_table(
        sheet, columns, key="code", rows_are=rows_are, problems=problems, warnings=warnings, aliases=aliases
    ):
        yield _Row(number, cells, sheet.title, headers, problems)


def _read_work_plans(sheet: Sheet, problems: ProblemList, warnings: list[str]) -> list[WorkPlanSpec]:
    specs = []
    for row in _rows(
        sheet, WORK_PLAN_COLUMNS, WORK_PLAN_ALIASES, WORK_PLAN_HEADER_OF, "kế hoạch năm", problems, warnings
    ):
        number = row.number
        plan_code, year, code = row.keys(LENGTHS["work_plan_code"], PLAN_CODE_MAX_LENGTH, "thiếu mã kế hoạch năm.")
        specs.append(
            WorkPlanSpec(
                row=number,
                plan_code=plan_code,
                year=year,
                code=code,
                document_number=row.text("document_number", LENGTHS["document_number"], "số hiệu"),
                title=row.text("title", LENGTHS["title"], "tên", required="thiếu tên kế hoạch năm."),
                issuing_body=row.text(
                    "issuing_body", LENGTHS["issuing_body"], "tên cơ quan", required="thiếu cơ quan ban hành."
                ),
                issue_date=row.day("issue_date"),
            )
        )
    return specs


def _read_activities(sheet: Sheet, problems: ProblemList, warnings: list[str]) -> list[ActivitySpec]:
    specs = []
    for row in _rows(sheet, ACTIVITY_COLUMNS, ACTIVITY_ALIASES, HEADER_OF, "hoạt động", problems, warnings):
        number = row.number
        plan_code, year, code = row.keys(INDICATOR_CODE_MAX_LENGTH, INDICATOR_CODE_MAX_LENGTH, "thiếu mã hoạt động.")
        theme = row.text("theme", LENGTHS["theme"], "tên nhóm nhiệm vụ", required="thiếu nhóm nhiệm vụ.")
        name = row.text("name", LENGTHS["name"], "tên hoạt động", required="thiếu tên hoạt động.")
        leads = split_list(row.text("lead", 10 * LENGTHS["agency"], "nội dung", required="thiếu cơ quan chủ trì."))
        lead = ""
        if len(leads) > 1:
            row.fail(
                "lead",
                f"mỗi hoạt động có một cơ quan chủ trì, ô ghi {len(leads)} cơ quan; "
                "hãy ghi các cơ quan còn lại vào “Cơ quan phối hợp”.",
            )
        elif leads:
            lead = leads[0]
            if problem := too_long(lead, LENGTHS["agency"]):
                row.fail("lead", f"tên cơ quan {problem}.")
                lead = ""
        coordinating = []
        for agency in split_list(row.text("coordinating", 50 * LENGTHS["agency"], "nội dung")):
            if problem := too_long(agency, LENGTHS["agency"]):
                row.fail("coordinating", f"tên cơ quan “{shown(agency)}” {problem}.")
            elif lead and agency.casefold() == lead.casefold():
                row.fail("coordinating", f"{agency} đã là cơ quan chủ trì; không ghi lại ở cơ quan phối hợp.")
            elif agency.casefold() in {a.casefold() for a in coordinating}:
                row.fail("coordinating", f"{agency} được ghi hai lần.")
            else:
                coordinating.append(agency)
        start, end = row.day("start"), row.day("end")
        start_given, end_given = row.raw("start") is not None, row.raw("end") is not None
        if start_given != end_given:
            missing = "start" if not start_given else "end"
            row.fail(missing, "ghi cả “Từ ngày” và “Đến ngày”, hoặc để trống cả hai (cả năm).")
        elif start and end:
            if start > end:
                row.fail("end", f"“Đến ngày” {end:%d/%m/%Y} trước “Từ ngày” {start:%d/%m/%Y}.")
            elif year is not None and (start.year != year or end.year != year):
                row.fail(
                    "start" if start.year != year else "end",
                    f"thời gian {start:%d/%m/%Y}–{end:%d/%m/%Y} nằm ngoài năm {year} của kế hoạch năm.",
                )
        elif not start_given and not end_given and year is not None:
            start, end = window_dates(TimeWindow.YEAR, year)
        indicators = []
        for indicator in split_list(row.text("indicators", 5000, "nội dung", code=True)):
            if problem := code_problem(indicator, max_length=INDICATOR_CODE_MAX_LENGTH):
                row.fail("indicators", problem)
            elif indicator not in indicators:
                indicators.append(indicator)
        outputs: list[PromisedOutput] = []
        try:
            outputs = read_outputs(row.text("outputs", LENGTHS["outputs"], "nội dung"))
        except OutputsInvalid as error:
            row.fail("outputs", f"{error}.")
        specs.append(
            ActivitySpec(
                row=number,
                plan_code=plan_code,
                year=year,
                code=code,
                theme=theme,
                name=name,
                lead=lead,
                coordinating=tuple(coordinating),
                start=start,
                end=end,
                indicators=tuple(indicators),
                outputs=tuple(outputs),
                notes=cell_text(row.raw("notes")) if row.raw("notes") is not None else "",
            )
        )
        if len(specs[-1].notes) > LENGTHS["notes"]:
            row.fail("notes", f"ghi chú {too_long(specs[-1].notes, LENGTHS['notes'])}.")
    if not specs and not problems:
        raise WorkbookInvalid([Problem("sheet không có dòng hoạt động nào.", sheet.title)])
    return specs


# ---------------------------------------------------------------- writing


def activities_workbook_write(work_plan: WorkPlan) -> bytes:
    """The work plan as an activities workbook that `import_activities` reads back unchanged. Four queries."""
    plan: Plan = work_plan.plan
    activities = list(
        Activity.objects.filter(work_plan=work_plan)
        .select_related("theme", "lead_agency")
        .prefetch_related("coordinating_agencies", "outputs", "indicators")
        .order_by("position", "pk")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ACTIVITIES_SHEET
    write_header(
        sheet, ACTIVITY_HEADERS, widths={1: 20, 2: 7, 3: 9, 4: 36, 5: 60, 6: 30, 7: 36, 8: 12, 9: 12, 12: 40, 11: 30}
    )
    for number, activity in enumerate(activities, start=2):
        coordinating = sorted(activity.coordinating_agencies.all(), key=lambda agency: agency.name)
        indicators = sorted(activity.indicators.all(), key=lambda i: (i.position, i.code))
        cells = [
            plan.code,
            work_plan.year,
            activity.code,
            activity.theme.name,
            activity.name,
            activity.lead_agency.name,
            "; ".join(agency.name for agency in coordinating) or None,
            activity.start_date,
            activity.end_date,
            "; ".join(indicator.code for indicator in indicators) or None,
            outputs_text(activity.outputs.all()) or None,
            activity.notes or None,
        ]
        for column, value in enumerate(cells, start=1):
            cell = write_cell(sheet, number, column, value)
            if column in (1, 3, 10):
                cell.number_format = "@"  # a code typed here stays text: `1.10` keeps its zero
            elif column in (8, 9):
                cell.number_format = DATE_FORMAT
            if column in (4, 5, 6, 7, 11, 12):
                cell.alignment = WRAP

    header_sheet = workbook.create_sheet(WORK_PLANS_SHEET)
    write_header(header_sheet, [header for _, header, _ in WORK_PLAN_COLUMNS], widths={3: 20, 5: 70, 6: 36})
    cells = [
        plan.code,
        work_plan.year,
        work_plan.code,
        work_plan.document_number or None,
        work_plan.title,
        work_plan.issuing_body,
        work_plan.issue_date,
    ]
    for column, value in enumerate(cells, start=1):
        cell = write_cell(header_sheet, 2, column, value)
        if column in (1, 3, 4):
            cell.number_format = "@"
        elif column == 7:
            cell.number_format = DATE_FORMAT
        cell.alignment = WRAP
    return workbook_bytes(workbook)


def indicator_codes(plan: Plan) -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.filter(plan=plan)}
