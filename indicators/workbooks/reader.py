"""Reading the product's workbooks safely: shared by the plan and values workbooks.

Every problem is collected (not only the first) and names the sheet, the Excel row number the user sees,
the column and what is wrong, in Vietnamese.
"""

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from plans.text import loose_key


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Sheet “{self.sheet}”")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return (", ".join(where) + ": " if where else "") + self.message


class WorkbookInvalid(Exception):
    """The workbook cannot be imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def open_workbook(data: bytes) -> Workbook:
    """Open .xlsx bytes with formulas kept as formulas, so that they can be refused."""
    if not data:
        raise WorkbookInvalid([Problem("Tệp trống, không có nội dung.")])
    try:
        return load_workbook(BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise WorkbookInvalid(
            [
                Problem(
                    f"Tệp không phải là sổ Excel .xlsx đọc được ({type(error).__name__}). Hãy lưu lại dưới dạng .xlsx."
                )
            ]
        ) from error


def find_sheet(workbook: Workbook, title: str) -> Worksheet | None:
    wanted = loose_key(title)
    for sheet in workbook.worksheets:
        if loose_key(sheet.title) == wanted:
            return sheet
    return None


def sheet_structure_problems(sheet: Worksheet) -> list[Problem]:
    """Merged cells and formulas make what a user sees differ from what is stored: both are refused."""
    problems = [
        Problem(f"có ô gộp {merged.coord}: hãy bỏ gộp ô (Unmerge) và ghi giá trị vào từng ô.", sheet=sheet.title)
        for merged in sheet.merged_cells.ranges
    ]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        f"ô {cell.coordinate} chứa công thức; hãy thay bằng giá trị (Dán đặc biệt → Giá trị).",
                        sheet=sheet.title,
                        row=cell.row,
                        column=get_column_letter(cell.column),
                    )
                )
    return problems


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text, as the user typed it: 1.0 typed as a number reads `1`, not `1.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def read_date(value) -> date:
    """A dd/mm/yyyy date, typed as text or as an Excel date. Raises ValueError with a Vietnamese message."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise ValueError(f"“{text}” không phải ngày dạng dd/mm/yyyy (ví dụ 27/04/2021)") from error


def read_day_month(value) -> tuple[int, int]:
    """A dd/mm day of the year; Excel may have turned `18/05` into a date, which is accepted too."""
    if isinstance(value, (datetime, date)):
        return value.day, value.month
    text = cell_text(value)
    try:
        parsed = datetime.strptime(text + "/2024", "%d/%m/%Y")  # a leap year, so 29/02 is a valid deadline
    except ValueError as error:
        raise ValueError(f"“{text}” không phải ngày/tháng dạng dd/mm (ví dụ 18/05)") from error
    return parsed.day, parsed.month


def read_whole_number(value) -> int:
    if isinstance(value, bool):
        raise ValueError("cần một số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if text.isdigit():
        return int(text)
    raise ValueError(f"“{text}” không phải số nguyên")


def find_header_row(sheet: Worksheet, key_header: str) -> int | None:
    """The first of the first ten rows holding `key_header` (a title may sit above the header)."""
    wanted = loose_key(key_header)
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 10)):
        if any(loose_key(cell.value) == wanted for cell in row if not is_blank(cell.value)):
            return row[0].row
    return None


def missing_header_problem(sheet: Worksheet, key_header: str, rows_are: str) -> Problem:
    """Why no header row was found: the sheet is empty, or it lacks the key column."""
    if sheet.max_row <= 1 and all(is_blank(c.value) for c in next(sheet.iter_rows(max_row=1), [])):
        return Problem(f"sheet trống: cần một dòng tiêu đề và các dòng {rows_are}.", sheet.title)
    return Problem(f"không tìm thấy dòng tiêu đề có cột “{key_header}”.", sheet.title)


def map_header(sheet: Worksheet, header_row: int, spec: list[tuple[str, str, bool]], *, claim=None):
    """Map the header row's cells to the spec's attributes (matched ignoring case, diacritics and spaces).

    `claim(key)` may take other columns (e.g. `Chỉ tiêu 2030`): it returns a key for them or None. Returns
    (columns by attribute, claimed columns by key, problems, warnings): a duplicate or a missing required column is
    a problem; a column outside the format is a warning (it is not imported).
    """
    by_key = {loose_key(header): attribute for attribute, header, _ in spec}
    headers = {attribute: header for attribute, header, _ in spec}
    columns: dict[str, int] = {}
    claimed: dict = {}
    problems: list[Problem] = []
    warnings: list[str] = []
    for cell in next(sheet.iter_rows(min_row=header_row, max_row=header_row)):
        if is_blank(cell.value):
            continue
        key = loose_key(cell.value)
        attribute = by_key.get(key)
        other = claim(key) if claim and attribute is None else None
        if attribute is not None:
            if attribute in columns:
                problems.append(
                    Problem(
                        f"cột “{headers[attribute]}” xuất hiện hai lần.", sheet.title, header_row, cell.column_letter
                    )
                )
            else:
                columns[attribute] = cell.column
        elif other is not None:
            claimed[other] = cell.column
        else:
            warnings.append(
                f"Sheet “{sheet.title}”: cột “{cell_text(cell.value)}” ({cell.column_letter}) không thuộc mẫu nên không được nhập."
            )
    for attribute, header, required in spec:
        if required and attribute not in columns:
            problems.append(Problem(f"thiếu cột “{header}”.", sheet.title, header_row))
    return columns, claimed, problems, warnings
