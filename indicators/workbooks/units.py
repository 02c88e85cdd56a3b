"""The units workbook of DESIGN.md 7.1 (`load_units FILE.xlsx`): trees the official list lacks, such as the old
districts of the 2016–2025 plans. Read into plans.services.units.UnitSpec rows (no database).

Sheet "Địa bàn": `Mã` · `Tên` · `Cấp` (quốc gia / tỉnh / huyện / xã) · `Mã cấp trên`; optional `Hiệu lực từ` and
`Hiệu lực đến` (dd/mm/yyyy). A name may carry its level word ("Huyện Bắc Yên"): it is then stored without it.
"""

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
    read_date,
    sheet_structure_problems,
)
from plans.levels import level_from_word, split_unit_name
from plans.services.units import UnitsInvalid, UnitSpec, UnitsSummary, units_apply
from plans.text import clean_name

UNITS_SHEET = "Địa bàn"
UNIT_COLUMNS = [
    ("code", "Mã", False),
    ("name", "Tên", True),
    ("level", "Cấp", True),
    ("parent_code", "Mã cấp trên", False),
    ("valid_from", "Hiệu lực từ", False),
    ("valid_until", "Hiệu lực đến", False),
]
HEADER_OF = {attribute: header for attribute, header, _ in UNIT_COLUMNS}


def read_units_rows(data: bytes) -> tuple[list[UnitSpec], list[Problem]]:
    """The rows of the sheet as unit specs, and the problems found in them (the tree adds its own). Raises
    WorkbookInvalid at once when the sheet itself cannot be read."""
    workbook = open_workbook(data)
    sheet = find_sheet(workbook, UNITS_SHEET)
    if sheet is None:
        raise WorkbookInvalid([Problem(f"Thiếu sheet “{UNITS_SHEET}” (danh sách địa bàn).")])
    problems = sheet_structure_problems(sheet)
    header_row = find_header_row(sheet, HEADER_OF["name"])
    if header_row is None:
        raise WorkbookInvalid(problems + [missing_header_problem(sheet, HEADER_OF["name"], "địa bàn")])
    columns, _, header_problems, _ = map_header(sheet, header_row, UNIT_COLUMNS)
    problems += header_problems
    if problems:
        raise WorkbookInvalid(problems)
    specs = []
    for cells in sheet.iter_rows(min_row=header_row + 1):
        values = {attribute: cells[column - 1].value for attribute, column in columns.items() if column <= len(cells)}
        if all(is_blank(value) for value in values.values()):
            continue
        row = cells[0].row

        def fail(attribute: str, message: str, row=row) -> None:
            problems.append(Problem(message, sheet.title, row, HEADER_OF[attribute]))

        level = level_from_word(cell_text(values.get("level")))
        if level is None:
            fail("level", f"cấp “{cell_text(values.get('level'))}” không hợp lệ: ghi quốc gia, tỉnh, huyện hoặc xã.")
        ref = split_unit_name(cell_text(values.get("name")))
        if not ref.name:
            fail("name", "thiếu tên địa bàn.")
        dates = {}
        for attribute in ("valid_from", "valid_until"):
            if not is_blank(values.get(attribute)):
                try:
                    dates[attribute] = read_date(values[attribute])
                except ValueError as error:
                    fail(attribute, f"{error}.")
        if level is not None and ref.name:
            specs.append(
                UnitSpec(
                    code=clean_name(cell_text(values.get("code"))),
                    name=ref.name,
                    level=level,
                    parent_code=clean_name(cell_text(values.get("parent_code"))),
                    type_word=ref.type_word if ref.level == level else "",
                    row=row,
                    **dates,
                )
            )
    if not specs and not problems:
        raise WorkbookInvalid([Problem("sheet không có dòng địa bàn nào.", sheet.title)])
    return specs, problems


def unit_problems(error: UnitsInvalid) -> WorkbookInvalid:
    """The tree's problems as the workbook's: sheet, row and column."""
    return WorkbookInvalid(
        [
            Problem(problem.message, UNITS_SHEET, problem.row, HEADER_OF.get(problem.column, ""))
            for problem in error.problems
        ]
    )


def units_import(*, data: bytes, dry_run: bool = False) -> UnitsSummary:
    """Load a units workbook into the tree, all or nothing. Raises WorkbookInvalid listing every problem: the
    sheet's and the tree's (unknown parent codes, levels that cannot sit under their parent), by row."""
    specs, problems = read_units_rows(data)
    try:
        summary = units_apply(specs, dry_run=dry_run or bool(problems))
    except UnitsInvalid as error:
        problems += unit_problems(error).problems
    if problems:
        raise WorkbookInvalid(sorted(problems, key=lambda problem: (problem.row or 0, problem.column)))
    summary.dry_run = dry_run
    return summary
