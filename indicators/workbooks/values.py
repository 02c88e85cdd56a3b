"""The values workbook of DESIGN.md 7.3: read into plain row specs (no database), and written from a plan.

Reading never touches the database and does not know the indicators' kinds: cells are kept as typed and
checked by `indicators.entry.read_entry` when `indicators.services.values_import` applies them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.access import agency_reports_unit, indicators_reported_by
from indicators.models import DataValue, Indicator, Kind
from indicators.selectors import entry_units
from indicators.workbooks.plan import KIND_WORDS
from indicators.workbooks.reader import (
    Problem,
    ProblemList,
    RowReader,
    SheetRequest,
    WorkbookInvalid,
    cell_text,
    is_blank,
    open_workbook,
    read_table,
)
from indicators.workbooks.writer import WRAP, workbook_bytes, write_cell, write_header
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod
from plans.numbers import parse_number, workbook_value
from plans.periods import PeriodCodeError, parse_period
from plans.text import yes_no_word
from plans.units import plan_units

VALUES_SHEET = "Số liệu"
GUIDE_SHEET = "Danh mục chỉ tiêu"
LISTS_SHEET = "Danh sách"  # hidden: what the drop-down lists of "Số liệu" offer

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
VALUE_ALIASES = {
    "plan": ("Kế hoạch",),
    "indicator": ("Mã số chỉ tiêu",),
    "period": ("Kỳ",),
    "unit": ("Đơn vị hành chính", "Xã"),
    "note": ("Giải trình", "Ghi chú, giải trình"),
}
# Columns the workbook carries to be read by a person (DESIGN.md 7.3's columns stay as they are, first): the reader
# knows them and ignores them without a warning.
READ_ONLY_HEADERS = ("Tên chỉ tiêu", "Đơn vị tính", "Tên địa bàn")
READ_ONLY_NOTE = "Chỉ để xem: cột này không được nhập (tên và đơn vị tính sửa trong kế hoạch)."
# What a cell may hold, from the model: longer text is refused before the database is asked.
CODE_LENGTHS = {
    "plan": Plan._meta.get_field("code").max_length,
    "indicator": Indicator._meta.get_field("code").max_length,
    "unit": AdministrativeUnit._meta.get_field("name").max_length,
    "period": 40,  # "6 tháng đầu năm 2024" and its spellings
}

HOW_TO_WRITE = {
    Kind.PERCENT: "tỷ lệ: số từ 0 đến 100 (15,38 hoặc 15,38%); có tử số và mẫu số thì giá trị được tính",
    Kind.RATIO: "tỷ số: số không âm; có tử số và mẫu số thì giá trị được tính",
    Kind.COUNT: "số lượng: số nguyên không âm; không ghi tử số, mẫu số",
    Kind.BOOLEAN: "có/không: ghi “có” hoặc “không”",
    Kind.TEXT: "định tính: ghi nội dung",
}


@dataclass(frozen=True, slots=True)
class ValueRowSpec:
    """One row of the sheet as typed. Codes are "" where missing or unreadable (that problem is already reported)."""

    row: int
    plan_code: str
    indicator_code: str
    period_code: str
    unit_name: str  # "" = the plan's territory; else the cell's text as typed (a code keeps its digits)
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

    Raises WorkbookInvalid at once when the workbook itself cannot be read (not an xlsx, beyond the limits, no sheet,
    no header, missing columns). Formulas and merged cells are problems listed with those of every row. At most
    settings.WORKBOOK_MAX_PROBLEMS problems are listed; a last one then counts the others.
    """
    sheet = open_workbook(
        data,
        [
            SheetRequest(
                VALUES_SHEET, settings.VALUES_WORKBOOK_MAX_ROWS, f"Thiếu sheet “{VALUES_SHEET}” (các dòng số liệu)."
            )
        ],
    )[VALUES_SHEET]
    title = sheet.title
    problems = ProblemList(settings.WORKBOOK_MAX_PROBLEMS)
    warnings: list[str] = []
    table = read_table(
        sheet,
        VALUE_COLUMNS,
        key="indicator",
        rows_are="số liệu",
        problems=problems,
        warnings=warnings,
        aliases=VALUE_ALIASES,
        known=READ_ONLY_HEADERS,
    )
    rows = [_read_row(number, cells, title, problems) for number, cells in table]
    if not rows and not problems:
        raise WorkbookInvalid([Problem("sheet không có dòng số liệu nào.", title)])
    return rows, problems.closed(), warnings


def _read_row(row_number: int, cells: dict, title: str, problems: ProblemList) -> ValueRowSpec:
    row = RowReader(row_number, cells, title, HEADER_OF, problems)
    raw, fail = row.raw, row.fail

    def code(attribute: str, missing: str) -> str:
        """A code as the user sees it ("" when missing, refused or too long: its problem is then reported)."""
        return row.text(attribute, CODE_LENGTHS[attribute], required=missing, code=True)

    plan_code = code("plan", "thiếu mã kế hoạch.")
    indicator_code = code("indicator", "thiếu mã chỉ tiêu.")
    period_code = ""
    period_text = code("period", "thiếu kỳ báo cáo (ví dụ 2024S1 hoặc 2024).")
    if period_text:
        try:
            period_code = parse_period(period_text).code
        except PeriodCodeError as error:
            fail("period", str(error))
    unit_name = code("unit", "")

    value, is_percent = raw("value"), False
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cells["value"].number_format or ""):
        number = parse_number(value)[0] * 100  # Excel stores 25% as 0.25
        value = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        is_percent = True
    note = raw("note")
    return ValueRowSpec(
        row=row_number,
        plan_code=plan_code,
        indicator_code=indicator_code,
        period_code=period_code,
        unit_name=unit_name,
        value=value,
        numerator=raw("numerator"),
        denominator=raw("denominator"),
        note=cell_text(note) if note is not None else "",
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
            values = values.filter(indicator__in=indicators_reported_by(agency, plan).values("pk"))
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
            indicators = list(indicators_reported_by(agency, plan).select_related("plan__territory"))
            units = list(entry_units(plan, agency))
        else:
            indicators = list(Indicator.objects.filter(plan=plan).select_related("plan__territory"))
            units = list(plan_units(plan).order_by("name"))
        indicators.sort(key=lambda indicator: (indicator.position, indicator.code))
        units.sort(key=lambda unit: (unit.pk != territory.pk, unit.name))
        stored = {(v.indicator_id, v.unit_id): v for v in DataValue.objects.filter(indicator__plan=plan, period=period)}
        rows = [
            (indicator, period, unit, stored.get((indicator.pk, unit.pk)))
            for indicator in indicators
            for unit in units
            if (agency_reports_unit(agency, indicator, unit) if agency is not None else _takes(indicator, unit, plan))
        ]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = VALUES_SHEET
    headers = VALUE_HEADERS + list(READ_ONLY_HEADERS)
    write_header(sheet, headers, widths={1: 20, 2: 12, 3: 12, 4: 20, 5: 14, 6: 12, 7: 12, 8: 50, 9: 60, 10: 16, 11: 24})
    for column in range(len(VALUE_HEADERS) + 1, len(headers) + 1):
        header = sheet.cell(row=1, column=column)
        header.fill, header.font = READ_ONLY_FILL, READ_ONLY_FONT
        header.comment = Comment(READ_ONLY_NOTE, "Hệ thống")
    yes_no_rows: list[int] = []
    for row_number, (indicator, row_period, unit, value) in enumerate(rows, start=2):
        cells = [
            plan.code,
            indicator.code,
            row_period.code,
            None if unit.pk == territory.pk else unit_cell(unit),
            workbook_value(value.value) if value else None,
            workbook_value(value.numerator) if value else None,
            workbook_value(value.denominator) if value else None,
            (value.note or None) if value else None,
            indicator.name,
            indicator.unit or None,
            unit.title,
        ]
        for column, cell in enumerate(cells, start=1):
            written = write_cell(sheet, row_number, column, cell)
            if column <= 4:
                written.number_format = "@"  # a code typed here stays text: `03646` keeps its zero, `1.10` its digits
            elif column > len(VALUE_HEADERS):
                written.fill, written.font = READ_ONLY_FILL, READ_ONLY_FONT
        sheet.cell(row=row_number, column=8).alignment = WRAP
        sheet.cell(row=row_number, column=9).alignment = WRAP
        if indicator.kind == Kind.BOOLEAN:
            yes_no_rows.append(row_number)
    listed = {unit.pk: unit for _, _, unit, _ in rows if unit.pk != territory.pk}
    _add_drop_downs(workbook, sheet, plan, list(listed.values()), last_row=len(rows) + 1, yes_no_rows=yes_no_rows)

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


READ_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
READ_ONLY_FONT = Font(italic=True, color="595959")


def _add_drop_downs(
    workbook: Workbook, sheet, plan: Plan, communes: list[AdministrativeUnit], *, last_row: int, yes_no_rows: list[int]
) -> None:
    """Excel's data validation on the rows written and a few hundred more: the plan's periods, its communes, and
    “có”/“không” for yes/no indicators. A warning, not a refusal: another spelling the importer reads (“6 tháng đầu
    năm 2024”, a unit's official code) may still be typed; the importer checks everything again."""
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "kind").values_list("code", flat=True))
    periods.sort(key=lambda code: (code[:4], not code.endswith("S1")))
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    write_cell(lists, 1, 1, "Kỳ báo cáo")
    write_cell(lists, 1, 2, "Địa bàn")
    for index, code in enumerate(periods, start=2):
        write_cell(lists, index, 1, code)
    for index, commune in enumerate(communes, start=2):
        write_cell(lists, index, 2, unit_cell(commune))
    end = max(last_row, 1) + 500  # rows an agency may add below the ones written

    def drop_down(source: str, cells: list[str], what: str) -> None:
        validation = DataValidation(type="list", formula1=source, allow_blank=True, errorStyle="warning")
        validation.promptTitle, validation.prompt = what, f"Chọn {what.lower()} trong danh sách."
        validation.errorTitle = what
        validation.error = f"{what} này không có trong danh sách của kế hoạch. Vẫn giữ giá trị đã gõ?"
        validation.showInputMessage = validation.showErrorMessage = True
        for cell_range in cells:
            validation.add(cell_range)
        sheet.add_data_validation(validation)

    quoted = LISTS_SHEET.replace("'", "''")
    if periods:
        drop_down(f"'{quoted}'!$A$2:$A${len(periods) + 1}", [f"C2:C{end}"], "Kỳ báo cáo")
    if communes:
        drop_down(f"'{quoted}'!$B$2:$B${len(communes) + 1}", [f"D2:D{end}"], "Địa bàn")
    if yes_no_rows:
        words = ",".join(yes_no_word(answer) for answer in (True, False))
        drop_down(f'"{words}"', _ranges(yes_no_rows, "E"), "Giá trị có/không")


def _ranges(rows: list[int], column: str) -> list[str]:
    """Consecutive rows as Excel ranges: [2, 3, 4, 9] → E2:E4, E9."""
    ranges, start = [], None
    for index, row in enumerate(rows):
        if start is None:
            start = row
        if index + 1 == len(rows) or rows[index + 1] != row + 1:
            ranges.append(f"{column}{start}:{column}{row}" if row != start else f"{column}{row}")
            start = None
    return ranges


def _takes(indicator: Indicator, unit, plan: Plan) -> bool:
    """Where an indicator takes figures when no agency is named: the territory, and every unit for one reported by
    unit."""
    return unit.pk == plan.territory_id or indicator.reported_by_commune


def unit_cell(unit: AdministrativeUnit) -> str:
    """How the workbook names a unit below the territory: its official code (DESIGN.md 7.3, never ambiguous), or its
    name where it has none; the read-only column beside says its name."""
    return unit.code or unit.name
