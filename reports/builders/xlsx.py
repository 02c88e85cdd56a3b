"""The report as an Excel workbook (DESIGN.md 8): the annex as a formatted table, a summary sheet with a native
chart, a completeness sheet. Numbers are stored as numbers with a Vietnamese display format; status cells are
coloured; A4 landscape with the header row repeated. User text never becomes a formula."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from plans.text import neutralise_formula
from reports.builders.activities import add_activities_sheet
from reports.builders.annex import INDEX, PERCENT, YEAR, SheetCell, sheet_headers, sheet_row
from reports.content import ReportContent
from reports.statuses import STATUS_PRINT_FILLS

# [$-42A] marks the format Vietnamese; Excel shows the separators of the reader's regional settings (1.234,5).
WHOLE_FORMAT = "[$-42A]#,##0"
DECIMAL_FORMAT = "[$-42A]#,##0.0#"  # stored as typed, shown with one or two decimals: 17,9 · 29,03 · 32,26
PERCENT_FORMAT = '[$-42A]#,##0.0"%"'
YEAR_FORMAT = "0"  # 2025, never 2.025
NUMBER_ALIGN = Alignment(horizontal="right", vertical="top")
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def safe_text(text) -> str:
    """User text as a cell can hold it: characters Excel forbids are dropped (a stray control character in a note
    must not break the report), and text that would start like a formula gets a leading quote (plans.text, the one
    rule for every export)."""
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", "" if text is None else str(text)))


def _put(sheet, row, column, value, *, bold=False, fill=None, number_format=None, align=WRAP):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    cell.border = BOX
    cell.alignment = align
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
    if number_format:
        cell.number_format = number_format
    return cell


def _landscape(sheet, title_rows: str):
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def _fit_rows(sheet, first: int, last: int) -> None:
    """Row heights for wrapped text (neither openpyxl nor every spreadsheet program computes them)."""
    import math

    widths = {
        column: sheet.column_dimensions[get_column_letter(column)].width or 10
        for column in range(1, sheet.max_column + 1)
    }
    merged_rows = {merged.min_row for merged in sheet.merged_cells.ranges}
    for row in range(first, last + 1):
        if row in merged_rows:  # a goal's title spans the whole table
            sheet.row_dimensions[row].height = 18
            continue
        lines = 1
        for column, width in widths.items():
            value = sheet.cell(row=row, column=column).value
            if isinstance(value, str) and value:
                lines = max(lines, math.ceil(len(value) * 1.15 / max(width, 1)))
        sheet.row_dimensions[row].height = 15 * lines + 3


def _format(cell: SheetCell) -> str:
    if cell.format == PERCENT:
        return PERCENT_FORMAT
    if cell.format in (YEAR, INDEX):
        return YEAR_FORMAT
    return WHOLE_FORMAT if isinstance(cell.value, int) else DECIMAL_FORMAT


def build_xlsx(content: ReportContent) -> bytes:
    workbook = Workbook()
    annex = workbook.active
    annex.title = "Phụ lục"
    headers = sheet_headers(content)
    annex.cell(
        row=1, column=1, value=safe_text(f"Phụ lục: Kết quả thực hiện các chỉ tiêu {content.words}")
    ).font = Font(bold=True, size=13)
    annex.cell(row=2, column=1, value=safe_text(content.annex_subtitle)).font = Font(italic=True)
    head_row = 4
    for column, header in enumerate(headers, start=1):
        _put(
            annex,
            head_row,
            column,
            header,
            bold=True,
            fill="DDEBF7",
            align=Alignment(wrap_text=True, horizontal="center", vertical="center"),
        )
    row = head_row + 1
    status_column = headers.index("Đánh giá") + 1
    for goal in content.goals:
        _put(annex, row, 1, f"Mục tiêu {goal.number}: {goal.title}", bold=True, fill="F0F4F8")
        annex.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        row += 1
        for line in goal.lines:
            for column, cell in enumerate(sheet_row(content, line), start=1):
                if cell.format:
                    _put(annex, row, column, cell.value, number_format=_format(cell), align=NUMBER_ALIGN)
                else:
                    _put(annex, row, column, cell.value)
            _put(annex, row, status_column, line.status_label, fill=line.fill)
            row += 1
    widths = {1: 6, 2: 55, 3: 14, status_column: 16, status_column + 1: 28, status_column + 2: 36}
    for column in range(1, len(headers) + 1):
        annex.column_dimensions[get_column_letter(column)].width = widths.get(column, 12)
    _fit_rows(annex, head_row, row - 1)
    annex.freeze_panes = f"C{head_row + 1}"  # the header stays, and so do STT and the indicator
    _landscape(annex, f"{head_row}:{head_row}")

    add_activities_sheet(workbook, content)
    summary = workbook.create_sheet("Tổng hợp")
    summary["A1"] = safe_text(f"Tổng hợp đánh giá {content.words}")
    summary["A1"].font = Font(bold=True, size=13)
    _put(summary, 3, 1, "Đánh giá", bold=True, fill="DDEBF7")
    _put(summary, 3, 2, "Số chỉ tiêu", bold=True, fill="DDEBF7")
    for offset, (status, label, _, count) in enumerate(content.counts, start=4):
        _put(summary, offset, 1, label, fill=STATUS_PRINT_FILLS[status])
        _put(summary, offset, 2, count, number_format="0")
    last = 3 + len(content.counts)
    _put(summary, last + 1, 1, "Tổng số chỉ tiêu", bold=True)
    _put(summary, last + 1, 2, sum(count for *_, count in content.counts), bold=True, number_format="0")
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 28, 14
    chart = BarChart()
    chart.type, chart.style = "bar", 10
    chart.title = "Số chỉ tiêu theo mức đánh giá"
    chart.y_axis.title, chart.x_axis.title = "Số chỉ tiêu", None
    chart.add_data(Reference(summary, min_col=2, min_row=3, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(summary, min_col=1, min_row=4, max_row=last))
    chart.legend = None
    for index, (_, _, colour, _) in enumerate(content.counts):  # each bar in its status colour
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour.lstrip("#")
        point.graphicalProperties.line.solidFill = "52606D"
        chart.series[0].dPt.append(point)
    chart.y_axis.majorUnit = 1 if max(count for *_, count in content.counts) <= 10 else None  # whole indicators
    chart.height, chart.width = 9, 16
    summary.add_chart(chart, "D3")
    _landscape(summary, "3:3")

    completeness = workbook.create_sheet("Tình hình báo cáo")
    completeness["A1"] = safe_text(f"Tình hình báo cáo {content.words}")
    completeness["A1"].font = Font(bold=True, size=13)
    columns = ["Cơ quan", "Phải nộp", "Đã nộp", "Đúng hạn", "Tỷ lệ đầy đủ", "Tỷ lệ đúng hạn"]
    for column, header in enumerate(columns, start=1):
        _put(completeness, 3, column, header, bold=True, fill="DDEBF7")
    for offset, agency_row in enumerate(content.completeness_rows, start=4):
        _put(completeness, offset, 1, agency_row.agency.name)
        _put(completeness, offset, 2, agency_row.expected, number_format="0")
        _put(completeness, offset, 3, agency_row.submitted, number_format="0")
        _put(completeness, offset, 4, agency_row.on_time, number_format="0")
        _put(completeness, offset, 5, agency_row.completeness_pct, number_format=PERCENT_FORMAT)
        _put(completeness, offset, 6, agency_row.timeliness_pct, number_format=PERCENT_FORMAT)
    completeness.column_dimensions["A"].width = 42
    for letter in "BCDEF":
        completeness.column_dimensions[letter].width = 14
    completeness.freeze_panes = "A4"
    _landscape(completeness, "3:3")

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
