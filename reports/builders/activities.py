"""The annex's table of activities (reports.activities) in the Word and Excel reports; the HTML report includes
templates/reports/partials/activities_annex.html. Called from one line in each builder."""

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.content import ReportContent

# Millimetres on A4 landscape (257 mm between the margins): the activity and its result take the room.
DOCX_WIDTHS = [10, 82, 42, 28, 63, 32]
XLSX_WIDTHS = [6, 60, 30, 18, 50, 30]


def add_activities_annex_docx(document, content: ReportContent) -> None:
    """The table after the indicators' annex, in the same landscape section, from a new page."""
    section = content.activities
    if section is None or not section.has_activities:
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    from reports.builders.docx import (
        _keep_cell_with_next,
        _keep_rows_whole,
        _paragraph,
        _use_style,
        _widths,
        annex_table,
        clean,
    )

    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "PHỤ LỤC (TIẾP THEO)", size=14, bold=True, align=centre, after=0, keep_next=True)
    _paragraph(document, section.annex_title, size=14, bold=True, align=centre, after=0, keep_next=True)
    _paragraph(document, content.annex_subtitle, size=14, italic=True, align=centre, after=8, keep_next=True)
    headers = section.annex_headers
    table = annex_table(document, headers)
    style = document.styles["Bảng phụ lục"]  # made by the indicators' annex, just before
    for item in section.annex_rows:
        row = table.add_row()
        _keep_rows_whole(row)
        if item.heading:
            merged = row.cells[0].merge(row.cells[-1])
            _use_style(merged.paragraphs[0], style)
            merged.paragraphs[0].add_run(clean(item.heading)).bold = True
            _keep_cell_with_next(merged)
            continue
        for index, (cell, text) in enumerate(zip(row.cells, item.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            _use_style(paragraph, style)
            if index in (0, 3):
                paragraph.alignment = centre
            paragraph.add_run(clean(text))
    _widths(table, DOCX_WIDTHS)


def add_activities_sheet(workbook, content: ReportContent) -> None:
    """A sheet "Hoạt động" after the annex: the same table, its header frozen, A4 landscape."""
    section = content.activities
    if section is None or not section.has_activities:
        return
    from reports.builders.xlsx import _fit_rows, _landscape, _put, safe_text

    sheet = workbook.create_sheet("Hoạt động", index=1)
    sheet.cell(row=1, column=1, value=safe_text(section.annex_title.capitalize())).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=safe_text(content.annex_subtitle)).font = Font(italic=True)
    head = 4
    headers = section.annex_headers
    for column, header in enumerate(headers, start=1):
        _put(
            sheet, head, column, header, bold=True, fill="DDEBF7", align=Alignment(wrap_text=True, horizontal="center")
        )
        sheet.column_dimensions[get_column_letter(column)].width = XLSX_WIDTHS[column - 1]
    row = head + 1
    for item in section.annex_rows:
        if item.heading:
            _put(sheet, row, 1, item.heading, bold=True, fill="F0F4F8")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        else:
            for column, text in enumerate(item.cells, start=1):
                _put(sheet, row, column, int(text) if column == 1 else text)
        row += 1
    _fit_rows(sheet, head, row - 1)
    sheet.freeze_panes = f"C{head + 1}"
    _landscape(sheet, f"{head}:{head}")
