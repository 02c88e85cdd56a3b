"""The units workbook of DESIGN.md 7.1 (`load_units FILE.xlsx`): trees the official list lacks, such as the old
districts of the 2016–2025 plans. Read into plans.services.units.UnitSpec rows (no database).

Sheet "Địa bàn": `Mã` · `Tên` · `Cấp` (quốc gia / tỉnh / huyện / xã) · `Mã cấp trên`; optional `Hiệu lực từ` and
`Hiệu lực đến` (dd/mm/yyyy). A name may carry its level word ("Huyện Bắc Yên"): it is then stored without it.
"""

from django.conf import settings

from indicators.workbooks.reader import (
    Problem,
    ProblemList,
    SheetRequest,
    WorkbookInvalid,
    cell_text,
    code_text,
    is_blank,
    open_workbook,
    read_date,
    read_table,
    shown,
    too_long,
)
from plans.levels import level_from_word, split_unit_name
from plans.models import AdministrativeUnit
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
NAME_LENGTH = AdministrativeUnit._meta.get_field("name").max_length
CODE_LENGTH = AdministrativeUnit._meta.get_field("code").max_length


def read_units_rows(data: bytes) -> tuple[list[UnitSpec], list[Problem]]:
    """The rows of the sheet as unit specs, and the problems found in them (the tree adds its own). Raises
    WorkbookInvalid at once when the sheet itself cannot be read."""
    sheet = open_workbook(
        data,
        [SheetRequest(UNITS_SHEET, settings.WORKBOOK_MAX_ROWS, f"Thiếu sheet “{UNITS_SHEET}” (danh sách địa bàn).")],
    )[UNITS_SHEET]
    problems = ProblemList(settings.WORKBOOK_MAX_PROBLEMS)
    specs = []
    for row, values in read_table(sheet, UNIT_COLUMNS, key="name", rows_are="địa bàn", problems=problems):

        def fail(attribute: str, message: str, row=row, values=values) -> None:
            if not values[attribute].refused:  # a formula or merged cell is already a problem of its own
                problems.append(Problem(message, sheet.title, row, HEADER_OF[attribute]))

        def value(attribute: str, values=values):
            cell = values.get(attribute)
            return None if cell is None or cell.refused else cell.value

        level = level_from_word(cell_text(value("level")))
        if level is None:
            fail("level", f"cấp “{shown(cell_text(value('level')))}” không hợp lệ: ghi quốc gia, tỉnh, huyện hoặc xã.")
        ref = split_unit_name(cell_text(value("name")))
        if not ref.name:
            fail("name", "thiếu tên địa bàn.")
        elif too_long(ref.name, NAME_LENGTH):
            fail("name", f"tên địa bàn {too_long(ref.name, NAME_LENGTH)}.")
        codes = {}
        for attribute in ("code", "parent_code"):  # a code as the user sees it: `03646` keeps its zero
            codes[attribute] = clean_name(code_text(values[attribute])) if attribute in values else ""
            if too_long(codes[attribute], CODE_LENGTH):
                fail(attribute, f"mã “{shown(codes[attribute])}” {too_long(codes[attribute], CODE_LENGTH)}.")
        dates = {}
        for attribute in ("valid_from", "valid_until"):
            if not is_blank(value(attribute)):
                try:
                    dates[attribute] = read_date(value(attribute))
                except ValueError as error:
                    fail(attribute, f"{error}.")
        if level is not None and ref.name and not too_long(ref.name, NAME_LENGTH):
            specs.append(
                UnitSpec(
                    code=codes["code"],
                    name=ref.name,
                    level=level,
                    parent_code=codes["parent_code"],
                    type_word=ref.type_word if ref.level == level else "",
                    row=row,
                    **dates,
                )
            )
    if not specs and not problems:
        raise WorkbookInvalid([Problem("sheet không có dòng địa bàn nào.", sheet.title)])
    return specs, problems.closed()


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
