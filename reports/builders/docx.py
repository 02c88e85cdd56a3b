"""The report as a Word document in the form of Nghị định 30/2020/NĐ-CP: A4; margins top and bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman; the header block, number, place and date; "BÁO CÁO", the title and
"Kính gửi"; page numbers from page 2; "Nơi nhận" and the signature; the annex as a landscape table whose pages are
numbered on their own.

Finished as a clerk finishes it: headings stay with what follows them, the signature block stays whole, the annex
rows never split across pages and its header row repeats, its columns are at least as wide as their longest word,
and the verdict cells are light tints with their label, legible on a black-and-white printer.
"""

import re
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.builders.activities import add_activities_annex_docx
from reports.builders.annex import annex_headers, annex_row
from reports.builders.chart_image import status_chart_png
from reports.builders.fonts import longest_word_mm, text_width_mm
from reports.content import ReportContent, section_text
from reports.explain import legend_sentence
from reports.statuses import STATUS_PRINT_FILLS

FONT = "Times New Roman"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PORTRAIT_TEXT_MM = 210 - 30 - 15
ANNEX_TEXT_MM = 297 - 20 - 20
ANNEX_CELL_MARGIN_MM = 1.0
ANNEX_FONT_PT = 10
# Columns that take the room left once every column holds its longest word, and their shares of it.
ANNEX_FLEXIBLE = {"Mục tiêu/Chỉ tiêu": 6, "Cơ quan chủ trì": 2, "Ghi chú": 3}


def clean(text) -> str:
    """User text as Word can hold it: XML escaping is python-docx's; control characters are dropped."""
    return _CONTROL.sub("", str(text or ""))


def _font(run, *, size=None, bold=None, italic=None):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _paragraph(
    container,
    text="",
    *,
    size=14,
    bold=False,
    italic=False,
    align=None,
    indent=True,
    after=6,
    before=0,
    keep_next=False,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before, fmt.line_spacing = Pt(after), Pt(before), 1.15
    fmt.widow_control = True
    fmt.keep_with_next = keep_next
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
        fmt.first_line_indent = Mm(12.7)
    if text:
        _font(paragraph.add_run(clean(text)), size=size, bold=bold, italic=italic)
    return paragraph


def _set(element, tag: str, **attributes):
    """Add (or replace) a child element with w: attributes."""
    for old in element.findall(qn(tag)):
        element.remove(old)
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), str(value))
    element.append(child)
    return child


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _shade(cell, colour: str):
    _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=colour.lstrip("#"))


def _keep_rows_whole(row, *, header=False):
    """A row never split across two pages (cantSplit); a header row repeated on every page (tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    _set(properties, "w:cantSplit", val="true")
    if header:
        _set(properties, "w:tblHeader", val="true")


def _keep_cell_with_next(cell):
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _cell_margins(table, millimetres: float):
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(millimetres * 56.7)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _twips(millimetres: float) -> str:
    return str(round(millimetres * 56.7))


def _widths(table, widths_mm: list[float]):
    """A fixed layout: Word reads the cell widths, LibreOffice the grid, both the table's width. (Written straight
    into the XML: python-docx's cell-by-cell access is slow on a table of a hundred rows.)"""
    table.autofit = False
    properties = table._tbl.tblPr
    _set(properties, "w:tblLayout", type="fixed")
    _set(properties, "w:tblW", w=_twips(sum(widths_mm)), type="dxa")
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=False):
        column.set(qn("w:w"), _twips(width))
    for row in table._tbl.tr_lst:
        at = 0
        for cell in row.tc_lst:
            span = cell.grid_span
            _set(cell.get_or_add_tcPr(), "w:tcW", w=_twips(sum(widths_mm[at : at + span])), type="dxa")
            at += span


def _page_number_header(section):
    """Page numbers centred at the top, not on the first page (NĐ 30)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _font(paragraph.add_run(), size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _margins(section, *, landscape=False):
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = (Mm(20), Mm(20)) if landscape else (Mm(30), Mm(15))


def _header_block(document, content: ReportContent):
    head = content.letterhead
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    motto = text_width_mm("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True) + 6
    _widths(table, [PORTRAIT_TEXT_MM - motto, motto])
    left, right = table.rows[0].cells
    if head.parent_body:
        _paragraph(left, head.parent_body.upper(), size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for line in content.issuer_lines:
        _paragraph(left, line, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(left, "————", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    _paragraph(left, content.number, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    _paragraph(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(right, "———————————", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    _paragraph(
        right, f"{head.place}, {content.date_line}", size=14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)


def _title(document, content: ReportContent):
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "", after=6)
    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=centre, after=0, keep_next=True)
    _paragraph(document, content.title, size=14, bold=True, align=centre, after=0, keep_next=True)
    _paragraph(document, "————————", size=10, align=centre, after=10, keep_next=True)
    addressees = content.addressees
    if len(addressees) == 1:
        paragraph = _paragraph(document, align=centre, after=10)
        _font(paragraph.add_run("Kính gửi: "), size=14)
        _font(paragraph.add_run(clean(addressees[0]) + "."), size=14)
    elif addressees:
        paragraph = _paragraph(document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
        paragraph.paragraph_format.left_indent = Mm(35)
        paragraph.paragraph_format.keep_with_next = True
        for index, name in enumerate(addressees):
            last = index == len(addressees) - 1
            item = _paragraph(
                document,
                f"- {name}{'.' if last else ';'}",
                align=WD_ALIGN_PARAGRAPH.LEFT,
                indent=False,
                after=10 if last else 0,
                keep_next=not last,
            )
            item.paragraph_format.left_indent = Mm(55)


def _heading(document, text):
    _paragraph(document, text, size=14, bold=True, after=6, before=6, keep_next=True)


def _text_section(document, content: ReportContent, name: str, empty: str = ""):
    lines = [line for line in section_text(content, name).splitlines() if line.strip()] or ([empty] if empty else [])
    for text in lines:
        _paragraph(document, text)


def _counts_table(document, content: ReportContent):
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("Đánh giá", "Số chỉ tiêu"), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=13, bold=True)
    for status, label, _, count in content.counts:
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(label), size=13)
        _shade(cells[0], STATUS_PRINT_FILLS[status])
        _font(cells[1].paragraphs[0].add_run(str(count)), size=13)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    total = table.add_row().cells
    _font(total[0].paragraphs[0].add_run("Tổng số"), size=13, bold=True)
    _font(total[1].paragraphs[0].add_run(str(sum(count for *_, count in content.counts))), size=13, bold=True)
    total[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        _keep_rows_whole(row)
        for cell in row.cells:  # the small table stays on one page
            _keep_cell_with_next(cell)
    _widths(table, [80, 35])


def _closing(document, content: ReportContent):
    """ "Nơi nhận" beside the signature, in one row that never splits and stays with what ends the section."""
    head = content.letterhead
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [80, PORTRAIT_TEXT_MM - 80])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_before, first.paragraph_format.space_after = Pt(12), Pt(0)
    _font(first.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
    recipients = content.recipients
    for index, line in enumerate(recipients):
        ending = "" if line.endswith((";", ".")) else ("." if index == len(recipients) - 1 else ";")
        _paragraph(left, f"- {line}{ending}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
    first = right.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.space_before, first.paragraph_format.space_after = Pt(12), Pt(0)
    for index, line in enumerate(content.authority):
        paragraph = first if index == 0 else _paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        _font(paragraph.add_run(clean(line)), size=14, bold=True)
    _paragraph(right, "", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=60)
    if head.signer.strip():
        _paragraph(right, head.signer.strip(), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _keep_rows_whole(table.rows[0])
    for cell in table.rows[0].cells:
        _keep_cell_with_next(cell)


def _section_end(paragraph):
    """The paragraph that closes the portrait section (python-docx adds it with the section break). Its mark is
    hidden and 1 pt high, so it takes no room: it can never be pushed alone onto a blank page before the annex,
    whatever the length of the report (Word and LibreOffice both lay hidden paragraph marks out at no height)."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(1)
    properties = paragraph._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:vanish"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    properties.find(qn("w:sectPr")).addprevious(mark)  # rPr comes before sectPr in a paragraph's properties


def annex_widths(headers: list[str], rows: list[list[str]], *, size: float = ANNEX_FONT_PT) -> list[float]:
    """Millimetres per annex column: each at least as wide as its longest word (bold in the header), the room left
    shared by the indicator, agency and notes columns; the whole exactly the landscape page's text width."""
    padding = 2 * ANNEX_CELL_MARGIN_MM + 1.2
    minimum = []
    for index, header in enumerate(headers):
        widest = max([longest_word_mm(header, size, bold=True)] + [longest_word_mm(row[index], size) for row in rows])
        minimum.append(widest + padding)
    for index, header in enumerate(headers):
        if index >= 3 and header not in ANNEX_FLEXIBLE:  # a figure on one line (not a unit: it may wrap)
            longest_line = max([0.0] + [text_width_mm(row[index], size) for row in rows if len(row[index]) <= 14])
            minimum[index] = max(minimum[index], longest_line + padding, 11.0)
    room = ANNEX_TEXT_MM - sum(minimum)
    flexible = [index for index, header in enumerate(headers) if header in ANNEX_FLEXIBLE]
    shares = {index: ANNEX_FLEXIBLE[headers[index]] for index in flexible}
    if not any(row[headers.index("Ghi chú")] for row in rows):
        shares[headers.index("Ghi chú")] = 1
    total = sum(shares.values())
    widths = list(minimum)
    if room > 0:
        for index, share in shares.items():
            widths[index] += room * share / total
    return [round(width, 1) for width in widths]


def _annex_style(document):
    """The annex cells' paragraph style: Times New Roman 10 pt, single spacing (one style, not a font per run)."""
    style = document.styles.add_style("Bảng phụ lục", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(ANNEX_FONT_PT)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = Mm(0)
    return style


def _use_style(paragraph, style):
    """paragraph.style = style, without python-docx's search through every style of the document for each cell."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style.style_id


def annex_table(document, headers: list[str]):
    """An annex's table: full grid, centred, its bold shaded header row repeated on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, ANNEX_CELL_MARGIN_MM)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=ANNEX_FONT_PT, bold=True)
        _shade(cell, "#eef2f6")
    _keep_rows_whole(table.rows[0], header=True)
    return table


def _annex(document, content: ReportContent):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _section_end(document.paragraphs[-1])
    _margins(section, landscape=True)
    _set(section._sectPr, "w:pgNumType", start="1")  # NĐ 30: an annex numbers its pages on its own
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "PHỤ LỤC", size=14, bold=True, align=centre, after=0, keep_next=True)
    _paragraph(
        document,
        f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {content.words.upper()}",
        size=14,
        bold=True,
        align=centre,
        after=0,
        keep_next=True,
    )
    _paragraph(document, content.annex_subtitle, size=14, italic=True, align=centre, after=8, keep_next=True)
    headers = annex_headers(content)
    rows = [(line, [clean(text) for text in annex_row(content, line)]) for goal in content.goals for line in goal.lines]
    widths = annex_widths(headers, [cells for _, cells in rows])
    table = annex_table(document, headers)
    status_column = headers.index("Đánh giá")
    numeric = {index for index, header in enumerate(headers) if index >= 3 and header not in ANNEX_FLEXIBLE}
    numeric.discard(status_column)
    by_line = dict((id(line), cells) for line, cells in rows)
    style = _annex_style(document)
    for goal in content.goals:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _use_style(merged.paragraphs[0], style)
        merged.paragraphs[0].add_run(clean(f"Mục tiêu {goal.number}: {goal.title}")).bold = True
        _keep_rows_whole(row)
        _keep_cell_with_next(merged)  # a goal's title never ends a page without its first indicator
        for line in goal.lines:
            row = table.add_row()
            _keep_rows_whole(row)
            for index, (cell, text) in enumerate(zip(row.cells, by_line[id(line)], strict=True)):
                paragraph = cell.paragraphs[0]
                _use_style(paragraph, style)
                if index == 0 or index in numeric:
                    paragraph.alignment = centre
                paragraph.add_run(text)
                if index == status_column:
                    _shade(cell, line.fill)
    _widths(table, widths)
    _paragraph(document, legend_sentence(), size=10, italic=True, indent=False, before=6, after=0)


def build_docx(content: ReportContent) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    _margins(section)
    _page_number_header(section)

    _header_block(document, content)
    _title(document, content)

    _heading(document, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    _text_section(document, content, "direction")

    _heading(document, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    if not content.has_data:
        _paragraph(
            document, f"Chưa có số liệu được duyệt cho {content.words}; các chỉ tiêu chưa được đánh giá.", italic=True
        )
    if content.earlier_sentence:
        _paragraph(document, content.earlier_sentence)
    for goal in content.goals:
        _paragraph(document, f"{goal.number}. Mục tiêu {goal.number}: {goal.title}", bold=True, keep_next=True)
        for line in goal.lines:
            if not line.sentence:
                continue
            _paragraph(document, f"- {line.sentence}", keep_next=bool(line.notes))
            for index, note in enumerate(line.notes):
                _paragraph(
                    document, f"Giải trình của {note}", size=13, italic=True, keep_next=index < len(line.notes) - 1
                )
        if goal.missing:
            _paragraph(document, f"- {goal.missing}")

    _heading(document, "III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN")
    _paragraph(document, content.reporting_sentence)
    for label, names, none in (
        ("Báo cáo đúng hạn", content.reported_on_time, "không có"),
        ("Báo cáo chậm", content.reported_late, "không có cơ quan nào"),
        ("Chưa báo cáo đầy đủ", content.not_reported, "không có cơ quan nào"),
    ):
        _paragraph(document, f"- {label}: {'; '.join(names) if names else none}.")

    _heading(document, "IV. ĐÁNH GIÁ CHUNG")
    _paragraph(document, content.counts_sentence, keep_next=True)
    _counts_table(document, content)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.space_before = Pt(6)
    picture.add_run().add_picture(BytesIO(status_chart_png(content.counts)), width=Mm(150))
    _paragraph(document, "Tồn tại, hạn chế và nguyên nhân:", bold=True, keep_next=True)
    _text_section(document, content, "shortcomings")

    _heading(document, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    _text_section(document, content, "tasks")
    _heading(document, "VI. KIẾN NGHỊ, ĐỀ XUẤT")
    _text_section(document, content, "recommendations", empty="Không có kiến nghị.")

    _closing(document, content)
    _annex(document, content)
    add_activities_annex_docx(document, content)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
