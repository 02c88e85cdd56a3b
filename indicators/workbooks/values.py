"""The values workbook of DESIGN.md 7.3: read into plain row specs (no database), and written from a plan.

Reading never touches the database and does not know the indicators' kinds: cells are kept as typed and
checked by `indicators.entry.read_entry` when `indicators.services.values_import` applies them.
"""

from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from indicators.models import DataValue, Indicator, Kind
from indicators.selectors import plan_communes, reporting_indicators, units_for
from indicators.workbooks.plan import KIND_WORDS
from indicators.workbooks.reader import (
    Problem,
    WorkbookInvalid,
    cell_text,
    find_header_row,
    find_sheet,
    is_blank,
    map_header,
    missing_header_problem,
    open_workbook,
    sheet_structure_problems,
)
from indicators.workbooks.writer import WRAP, workbook_bytes, write_cell, write_header
from plans.models import Agency, Plan, ReportingPeriod
from plans.numbers import parse_number, workbook_value
from plans.periods import PeriodCodeError, parse_period
from plans.text import clean_name

VALUES_SHEET = "Số liệu"
GUIDE_SHEET = "Danh mục chỉ tiêu"

# (attribute, header, required column). Địa bàn, Tử số, Mẫu số and Ghi chú may be left out: then they are blank.
VALUE_COLUMNS = [
    ("plan", "Mã kế hoạch", True),
    ("indicator", "Mã chỉ tiêu", True),
    ("period", "Kỳ báo cáo", True),
    ("unit", "Địa bàn", False),
    ("value", "Giá trị", True),
    ("numerator", "Tử số", False),
    ("denominator", "Mẫu số", False),
    ("note", "Ghi chú", False),
]
VALUE_HEADERS = [header for _, header, _ in VALUE_COLUMNS]
HEADER_OF = {attribute: header for attribute, header, _ in VALUE_COLUMNS}

HOW_TO_WRITE = {
    Kind.PERCENT: "tỷ lệ: số từ 0 đến 100 (15,38 hoặc 15,38%); có tử số và mẫu số thì giá trị được tính",
    Kind.RATIO: "tỷ số: số không âm; có tử số và mẫu số thì giá trị được tính",
    Kind.COUNT: "số lượng: số nguyên không âm; không ghi tử số, mẫu số",
    Kind.BOOLEAN: "có/không: ghi “có” hoặc “không”",
    Kind.TEXT: "định tính: ghi nội dung",
}


@dataclass(frozen=True)
class ValueRowSpec:
    """One row of the sheet as typed. Codes are "" where missing or unreadable (that problem is already reported)."""

    row: int
    plan_code: str
    indicator_code: str
    period_code: str
    unit_name: str  # "" = the plan's territory
    value: object  # the cell's value; a number formatted as a percentage in Excel is already ×100
    numerator: object
    denominator: object
    note: str
    value_is_percent: bool = False  # the value cell was formatted as a percentage in Excel

    @property
    def has_figure(self) -> bool:
        return not (is_blank(self.value) and is_blank(self.numerator) and is_blank(self.denominator))

    @property
    def is_blank(self) -> bool:
        """Nothing entered: no value, numerator, denominator or note (a row of a template left empty)."""
        return not self.has_figure and not self.note


def read_values_workbook(data: bytes) -> list[ValueRowSpec]:
    """Parse a values workbook. Raises WorkbookInvalid listing every problem found."""
    rows, problems, _ = read_values_rows(data)
    if problems:
        raise WorkbookInvalid(problems)
    return rows


def read_values_rows(data: bytes) -> tuple[list[ValueRowSpec], list[Problem], list[str]]:
    """The rows, the problems found in them and warnings, so that an importer can add its own problems.

    Raises WorkbookInvalid at once when the workbook itself cannot be read (not an xlsx, no sheet, no header,
    missing columns, formulas or merged cells).
    """
    workbook = open_workbook(data)
    sheet = find_sheet(workbook, VALUES_SHEET)
    if sheet is None:
        raise WorkbookInvalid([Problem(f"Thiếu sheet “{VALUES_SHEET}” (các dòng số liệu).")])
    structure = sheet_structure_problems(sheet)
    if structure:
        raise WorkbookInvalid(structure)
    title = sheet.title
    header_row = find_header_row(sheet, HEADER_OF["indicator"])
    if header_row is None:
        raise WorkbookInvalid([missing_header_problem(sheet, HEADER_OF["indicator"], "số liệu")])
    columns, _, problems, warnings = map_header(sheet, header_row, VALUE_COLUMNS)
    if problems:
        raise WorkbookInvalid(problems)

    rows: list[ValueRowSpec] = []
    for cells in sheet.iter_rows(min_row=header_row + 1):
        by_attribute = {
            attribute: cells[column - 1] for attribute, column in columns.items() if column - 1 < len(cells)
        }
        if all(is_blank(cell.value) for cell in by_attribute.values()):
            continue
        rows.append(_read_row(cells[0].row, by_attribute, title, problems))
    if not rows:
        raise WorkbookInvalid([Problem("sheet không có dòng số liệu nào.", title)])
    return rows, problems, warnings


def _read_row(row_number: int, cells: dict, title: str, problems: list[Problem]) -> ValueRowSpec:
    def raw(attribute: str):
        cell = cells.get(attribute)
        return None if cell is None or is_blank(cell.value) else cell.value

    def text(attribute: str) -> str:
        return clean_name(cell_text(raw(attribute)))

    def fail(attribute: str, message: str) -> None:
        problems.append(Problem(message, title, row_number, HEADER_OF[attribute]))

    plan_code = text("plan")
    if not plan_code:
        fail("plan", "thiếu mã kế hoạch.")
    indicator_code = text("indicator")
    if not indicator_code:
        fail("indicator", "thiếu mã chỉ tiêu.")
    period_code = ""
    if not text("period"):
        fail("period", "thiếu kỳ báo cáo (ví dụ 2024S1 hoặc 2024).")
    else:
        try:
            period_code = parse_period(text("period")).code
        except PeriodCodeError as error:
            fail("period", str(error))

    value, is_percent = raw("value"), False
    value_cell = cells.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (value_cell.number_format or ""):
        number = parse_number(value)[0] * 100  # Excel stores 25% as 0.25
        value = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        is_percent = True
    note_cell = raw("note")
    return ValueRowSpec(
        row=row_number,
        plan_code=plan_code,
        indicator_code=indicator_code,
        period_code=period_code,
        unit_name=text("unit"),
        value=value,
        numerator=raw("numerator"),
        denominator=raw("denominator"),
        note=cell_text(note_cell) if note_cell is not None else "",
        value_is_percent=is_percent,
    )


# ---------------------------------------------------------------- writing


def values_workbook_write(plan: Plan, *, period: ReportingPeriod | None = None, agency: Agency | None = None) -> bytes:
    """The plan's figures as a values workbook that `import_values` reads back unchanged. A fixed number of queries.

    Without `period`: every figure of the plan (of `agency`'s indicators if given), by period, indicator and unit.
    With `period`: the template an agency fills in: one row per indicator it reports on (every indicator if
    `agency` is None) and unit it enters for, filled with the figure already stored or left blank.
    """
    territory = plan.territory
    if period is None:
        values = DataValue.objects.filter(indicator__plan=plan).select_related("indicator", "period", "unit")
        if agency is not None:
            values = values.filter(indicator__in=reporting_indicators(plan, agency).values("pk"))
        figures = sorted(
            values,
            key=lambda v: (
                v.period.year,
                v.period.kind != "half_year",
                v.indicator.position,
                v.indicator.code,
                v.unit_id != territory.pk,
                v.unit.name,
            ),
        )
        rows = [(v.indicator, v.period, v.unit, v) for v in figures]
    else:
        if agency is not None:
            indicators = list(reporting_indicators(plan, agency))
        else:
            indicators = list(Indicator.objects.filter(plan=plan).order_by("position", "code"))
        communes = plan_communes(plan)
        stored = {(v.indicator_id, v.unit_id): v for v in DataValue.objects.filter(indicator__plan=plan, period=period)}
        rows = [
            (indicator, period, unit, stored.get((indicator.pk, unit.pk)))
            for indicator in indicators
            for unit in units_for(indicator, plan, agency, communes)
        ]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = VALUES_SHEET
    write_header(sheet, VALUE_HEADERS, widths={1: 20, 2: 12, 3: 12, 4: 20, 5: 14, 6: 12, 7: 12, 8: 50})
    for row_number, (indicator, row_period, unit, value) in enumerate(rows, start=2):
        cells = [
            plan.code,
            indicator.code,
            row_period.code,
            None if unit.pk == territory.pk else unit.name,
            workbook_value(value.value) if value else None,
            workbook_value(value.numerator) if value else None,
            workbook_value(value.denominator) if value else None,
            (value.note or None) if value else None,
        ]
        for column, cell in enumerate(cells, start=1):
            write_cell(sheet, row_number, column, cell)
        sheet.cell(row=row_number, column=8).alignment = WRAP

    # A reading aid for whoever fills the sheet in; the importer reads only “Số liệu”.
    guide = workbook.create_sheet(GUIDE_SHEET)
    write_header(guide, ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Loại", "Cách ghi"], widths={2: 70, 5: 60})
    seen: dict[int, Indicator] = {}
    for indicator, *_ in rows:
        seen.setdefault(indicator.pk, indicator)
    for row_number, indicator in enumerate(sorted(seen.values(), key=lambda i: (i.position, i.code)), start=2):
        cells = [indicator.code, indicator.name, indicator.unit or None, KIND_WORDS[indicator.kind]]
        cells.append(HOW_TO_WRITE[indicator.kind])
        for column, cell in enumerate(cells, start=1):
            write_cell(guide, row_number, column, cell).alignment = WRAP
    return workbook_bytes(workbook)
