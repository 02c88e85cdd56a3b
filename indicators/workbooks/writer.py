"""Writing the product's workbooks: text stays text (never a formula), a styled header row."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plans.text import starts_like_formula

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write a value. Text is always stored as text, without the characters Excel forbids; text that starts like a
    formula (`=`, `+`, `-`, `@`, tab, carriage return) also carries Excel's own text prefix (what typing `'` first
    does), so it stays text even when someone edits the cell, and reads back unchanged. A number stays a number."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        if starts_like_formula(cell.value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write_header(sheet: Worksheet, headers: list[str], widths: dict[int, int] | None = None) -> None:
    for index, header in enumerate(headers, start=1):
        cell = write_cell(sheet, 1, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(index, 16)
    sheet.freeze_panes = "A2"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
