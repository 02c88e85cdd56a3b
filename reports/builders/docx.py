"""The report as a Word document in the form of Nghị định 30/2020/NĐ-CP: A4; margins top and bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman; the header block, number, place and date; "BÁO CÁO" and the title;
page numbers from page 2; "Nơi nhận" and the signature; the annex as a landscape table."""

import re
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.builders.annex import annex_headers, annex_row
from reports.builders.chart_image import status_chart_png
from reports.content import ReportContent, section_text

FONT = "Times New Roman"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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


def _paragraph(container, text="", *, size=14, bold=False, italic=False, align=None, indent=True, after=6):
    paragraph = container.add_paragraph()
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before, fmt.line_spacing = Pt(after), Pt(0), 1.15
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
        fmt.first_line_indent = Mm(12.7)
    if text:
        _font(paragraph.add_run(clean(text)), size=size, bold=bold, italic=italic)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _shade(cell, colour: str):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


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
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _header_block(document, content: ReportContent):
    head = content.letterhead
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [72, 93])
    left, right = table.rows[0].cells
    if head.parent_body:
        _paragraph(left, head.parent_body.upper(), size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for line in head.issuer.upper().splitlines():
        _paragraph(left, line, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(left, "———", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _paragraph(left, head.number, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    _paragraph(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(right, "———————————", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _paragraph(
        right, f"{head.place}, {content.date_line}", size=14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)


def _heading(document, text):
    _paragraph(document, text, size=14, bold=True, indent=True, after=6)


def _counts_table(document, content: ReportContent):
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Đánh giá", "Số chỉ tiêu"), strict=True):
        _font(cell.paragraphs[0].add_run(text), size=13, bold=True)
    for _, label, colour, count in content.counts:
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(label), size=13)
        _shade(cells[0], colour)
        _font(cells[1].paragraphs[0].add_run(str(count)), size=13)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _closing(document, content: ReportContent):
    head = content.letterhead
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [85, 80])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    _font(first.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
    for line in [item.strip() for item in head.recipients.splitlines() if item.strip()]:
        _paragraph(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
    first = right.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = [item.strip() for item in head.authority.splitlines() if item.strip()]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else _paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        _font(paragraph.add_run(clean(line).upper()), size=14, bold=True)
    _paragraph(right, "", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=48)
    if head.signer:
        _paragraph(right, head.signer, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)


def _annex(document, content: ReportContent):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _margins(section, landscape=True)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    _paragraph(document, "PHỤ LỤC", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(
        document,
        f"Kết quả thực hiện các chỉ tiêu {content.words}",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _paragraph(
        document,
        f"(Kèm theo {content.kind_label.lower()} của {' '.join(content.letterhead.issuer.split())})",
        size=13,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=8,
    )
    headers = annex_headers(content)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=10, bold=True)
    header_xml = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_xml.append(repeat)
    status_column = headers.index("Đánh giá")
    for goal in content.goals:
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        _font(merged.paragraphs[0].add_run(clean(f"Mục tiêu {goal.number}: {goal.title}")), size=10, bold=True)
        for line in goal.lines:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, annex_row(content, line), strict=True)):
                _font(cell.paragraphs[0].add_run(clean(text)), size=10)
                if index == status_column:
                    _shade(cell, line.colour)
    _widths(table, annex_widths(len(headers)))


def annex_widths(columns: int) -> list[float]:
    """Millimetres per annex column on A4 landscape (257 mm between the margins); the indicator column is widest."""
    middle = columns - 9  # the period columns: 2, or one per year for the end-of-plan report
    if middle <= 2:
        before, period, after = [9, 0, 20, 18, 20], 16, [16, 20, 28, 28]
    else:  # the end-of-plan report: narrower columns around the years
        before, period, after = [8, 0, 15, 14, 17], 13, [13, 17, 24, 22]
    name = 257 - sum(before) - sum(after) - period * middle
    return [before[0], name, *before[2:], *([period] * middle), *after]


def _widths(table, widths_mm: list[float]):
    """Word reads cell widths, LibreOffice the table grid: set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def build_docx(content: ReportContent) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    _margins(section)
    _page_number_header(section)

    _header_block(document, content)
    _paragraph(document, "", after=6)
    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, content.title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _paragraph(document, "———————", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    _heading(document, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    for text in section_text(content, "direction").splitlines() or [""]:
        _paragraph(document, text)

    _heading(document, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    if not content.has_data:
        _paragraph(
            document, f"Chưa có số liệu được duyệt cho {content.words}; các chỉ tiêu chưa được đánh giá.", italic=True
        )
    for goal in content.goals:
        _paragraph(document, f"{goal.number}. Mục tiêu {goal.number}: {goal.title}", bold=True)
        for line in goal.lines:
            _paragraph(document, f"- {line.sentence}")
            for note in line.notes:
                _paragraph(document, f"Giải trình của {note}", size=13, italic=True)

    _heading(document, "III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN")
    c = content.completeness
    _paragraph(
        document,
        f"Kỳ này có {c['expected']} báo cáo chỉ tiêu phải nộp; đã nộp {c['submitted']}, trong đó đúng hạn {c['on_time']}.",
    )
    for label, names in (
        ("Báo cáo đúng hạn", content.reported_on_time),
        ("Báo cáo chậm", content.reported_late),
        ("Chưa báo cáo đầy đủ", content.not_reported),
    ):
        _paragraph(document, f"- {label}: {', '.join(names) if names else 'không có'}.")

    _heading(document, "IV. ĐÁNH GIÁ CHUNG")
    counted = ", ".join(f"{label.lower()} {count}" for _, label, _, count in content.counts if count)
    _paragraph(document, f"Trong {sum(c for *_, c in content.counts)} chỉ tiêu: {counted}.")
    _counts_table(document, content)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(BytesIO(status_chart_png(content.counts)), width=Mm(140))
    _paragraph(document, "Tồn tại, hạn chế và nguyên nhân:", bold=True)
    for text in section_text(content, "shortcomings").splitlines() or [""]:
        _paragraph(document, text)

    _heading(document, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    for text in section_text(content, "tasks").splitlines() or [""]:
        _paragraph(document, text)
    _heading(document, "VI. KIẾN NGHỊ, ĐỀ XUẤT")
    for text in section_text(content, "recommendations").splitlines() or ["Không."]:
        _paragraph(document, text)

    _closing(document, content)
    _annex(document, content)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
