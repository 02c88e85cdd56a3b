"""Writing the product's workbooks: text stays text (never a formula), a styled header row."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write a value; text is always stored as text, so user text never becomes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
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
