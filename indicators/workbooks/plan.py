"""The plan workbook of DESIGN.md 7.2: read into plain specs (no database), and written from a plan.

Reading never touches the database: `read_plan_workbook` returns a `PlanWorkbook` or raises
`WorkbookInvalid` with every problem found. `indicators.services.plan_import` applies it.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook

from indicators.models import Assignment, AssignmentRole, Direction, Indicator, Kind, Target
from indicators.workbooks.reader import (
    Cell,
    Problem,
    ProblemList,
    Sheet,
    SheetRequest,
    WorkbookInvalid,
    cell_text,
    code_text,
    find_header_row,
    header_keys,
    is_blank,
    map_header,
    missing_header_problem,
    open_workbook,
    read_date,
    read_day_month,
    read_whole_number,
    read_year,
    repeats_header,
    shown,
    too_long,
)
from indicators.workbooks.writer import WRAP, workbook_bytes, write_cell, write_header
from plans.identifiers import CODE_RULE, INDICATOR_CODE_MAX_LENGTH, PLAN_CODE_MAX_LENGTH, code_is_valid, code_problem
from plans.levels import UnitRef, level_from_word, level_word, split_unit_name
from plans.models import AdministrativeUnit, Agency, Goal, Plan
from plans.numbers import NumberFormatError, parse_number, stored_number_problem, workbook_value
from plans.text import clean_name, loose_key, read_yes_no, yes_no_word

PLAN_SHEET = "Kế hoạch"
INDICATOR_SHEET = "Chỉ tiêu"
PLAN_SHEET_ROWS = 200  # the "Kế hoạch" sheet holds 13 fields; a title and notes may add a few rows

# (attribute, label in the workbook, required)
PLAN_FIELDS = [
    ("code", "Mã kế hoạch", True),
    ("document_number", "Số hiệu", False),
    ("title", "Tên kế hoạch", True),
    ("issuing_body", "Cơ quan ban hành", True),
    ("territory", "Địa bàn", True),
    ("territory_level", "Cấp địa bàn", True),
    ("parent_unit", "Địa bàn cấp trên", False),
    ("issue_date", "Ngày ban hành", False),
    ("start_year", "Năm bắt đầu", True),
    ("end_year", "Năm kết thúc", True),
    # Optional: a parent plan may be registered for reference without knowing its reporting regime.
    ("half_year_deadline", "Hạn báo cáo 6 tháng", False),
    ("annual_deadline", "Hạn báo cáo năm", False),
    ("parent_plan", "Kế hoạch cấp trên", False),
]
PLAN_SHEET_HEADER = ("Trường thông tin", "Giá trị")
# Other words officials write for a field (matched like the field, ignoring case, diacritics and spaces).
PLAN_FIELD_ALIASES = {
    "document_number": ("Số ký hiệu", "Số văn bản"),
    "issuing_body": ("Cơ quan ban hành văn bản", "Đơn vị ban hành"),
    "territory": ("Tên địa bàn",),
    "issue_date": ("Ngày ký", "Ngày ban hành văn bản"),
    "half_year_deadline": ("Hạn báo cáo sáu tháng",),
}

# (attribute, header, required column)
INDICATOR_COLUMNS = [
    ("goal", "Mục tiêu", True),
    ("goal_title", "Tên mục tiêu", True),
    ("code", "Mã chỉ tiêu", True),
    ("name", "Tên chỉ tiêu", True),
    ("unit", "Đơn vị tính", False),
    ("kind", "Loại", True),
    ("factor", "Hệ số", False),
    ("direction", "Hướng", False),
    ("baseline_value", "Giá trị cơ sở", False),
    ("baseline_year", "Năm cơ sở", False),
    ("target", "Chỉ tiêu kế hoạch", True),
    ("target_year", "Năm đạt", True),
    ("lead", "Cơ quan chủ trì", True),
    ("coordinating", "Cơ quan phối hợp", False),
    ("data_provider", "Cơ quan cung cấp số liệu", False),
    ("notes", "Ghi chú", False),
    # Optional, after the columns of DESIGN.md 7.2: "có" when the indicator takes a figure per unit inside the
    # territory (communes), which then add up (DESIGN.md 3). Left out, the plan's setting is kept as it is.
    ("by_unit", "Báo cáo theo địa bàn", False),
]
HEADER_OF = {attribute: header for attribute, header, _ in INDICATOR_COLUMNS}
# Other headers officials write for a column; a column named twice (`ĐVT` and `Đơn vị tính`) is refused as ambiguous.
INDICATOR_ALIASES = {
    "goal": ("Mục tiêu số", "Số mục tiêu"),
    "goal_title": ("Nội dung mục tiêu",),
    "code": ("Mã số chỉ tiêu", "Mã số"),
    "name": ("Nội dung chỉ tiêu",),
    "unit": ("ĐVT", "Đơn vị"),
    "kind": ("Loại chỉ tiêu",),
    "direction": ("Xu hướng",),
    "baseline_value": ("Giá trị gốc", "Số liệu cơ sở"),
    "baseline_year": ("Năm gốc",),
    "target_year": ("Năm đạt chỉ tiêu", "Năm hoàn thành"),
    "lead": ("Đơn vị chủ trì", "Chủ trì"),
    "coordinating": ("Đơn vị phối hợp", "Phối hợp"),
    "data_provider": ("Đơn vị cung cấp số liệu", "Cung cấp số liệu"),
    "notes": ("Ghi chú, giải thích", "Chú thích"),
}
MILESTONE_COLUMN = re.compile(r"^chitieu(?:nam)?(?P<year>\d{4})$")
# A goal as officials number it: `1`, `1.`, `Mục tiêu 1`, `Mục tiêu 1: Chính trị` (the title may follow).
_GOAL = re.compile(r"^(?:mục\s*tiêu\s*(?:số\s*)?)?(?P<number>\d{1,4})\s*(?:[.:)–-]\s*(?P<title>\S.*)?)?$", re.I)
MAX_GOAL_NUMBER = 999

# Kinds and directions are written as their Vietnamese names, in lower case ("tỷ lệ", "giảm").
KIND_WORDS = {kind: str(kind.label).lower() for kind in Kind}
DIRECTION_WORDS = {direction: str(direction.label).lower() for direction in Direction}
_KIND_BY_KEY = {loose_key(word): kind for kind, word in KIND_WORDS.items()} | {kind.value: kind for kind in Kind}
_DIRECTION_BY_KEY = {loose_key(word): d for d, word in DIRECTION_WORDS.items()} | {d.value: d for d in Direction}
_AGENCY_WITH_SCOPE = re.compile(r"^(?P<name>.*?)\s*\((?P<scope>[^()]*)\)\s*$")


def _length(model, name: str) -> int:
    """What the database holds for a text field: a longer text is refused before it reaches the database."""
    return model._meta.get_field(name).max_length


PLAN_LENGTHS = {
    "code": _length(Plan, "code"),
    "document_number": _length(Plan, "document_number"),
    "title": _length(Plan, "title"),
    "issuing_body": _length(Plan, "issuing_body"),
    "parent_plan": _length(Plan, "code"),
    "territory": _length(AdministrativeUnit, "name"),
    "parent_unit": _length(AdministrativeUnit, "name"),
}
INDICATOR_LENGTHS = {
    "goal_title": _length(Goal, "title"),
    "code": _length(Indicator, "code"),
    "unit": _length(Indicator, "unit"),
    "baseline_text": _length(Indicator, "baseline_text"),
    "target_text": _length(Target, "value_text"),
    "agency": _length(Agency, "name"),
    "scope": _length(Assignment, "scope_note"),
}


@dataclass(frozen=True)
class AgencyRef:
    name: str
    scope: str = ""


@dataclass
class PlanSpec:
    code: str = ""
    document_number: str = ""
    title: str = ""
    issuing_body: str = ""
    territory: UnitRef | None = None  # its level comes from "Cấp địa bàn"
    territory_level: str = ""
    parent_unit: UnitRef | None = None
    issue_date: date | None = None
    start_year: int | None = None
    end_year: int | None = None
    half_year_deadline: tuple[int, int] | None = None
    annual_deadline: tuple[int, int] | None = None
    parent_plan: str = ""


@dataclass
class GoalSpec:
    number: int
    title: str
    row: int


@dataclass
class IndicatorSpec:
    row: int
    goal_number: int
    code: str
    name: str
    unit: str
    kind: str
    factor: Decimal
    direction: str
    baseline_value: Decimal | None
    baseline_text: str
    baseline_year: int | None
    targets: dict[int, object]  # year → Decimal | bool | str
    agencies: dict[str, list[AgencyRef]]  # role → agencies in the order written
    notes: str
    by_unit: bool | None = None  # None: the workbook has no such column


@dataclass
class PlanWorkbook:
    plan: PlanSpec
    goals: list[GoalSpec]
    indicators: list[IndicatorSpec]
    warnings: list[str] = field(default_factory=list)


def parse_agencies(text: str) -> list[AgencyRef]:
    """`Phòng A (phạm vi); Phòng B` → agencies, each with the part of the indicator it covers."""
    refs = []
    for part in re.split(r"[;\n]", text or ""):
        part = clean_name(part)
        if not part:
            continue
        match = _AGENCY_WITH_SCOPE.match(part)
        if match and match["name"]:
            refs.append(AgencyRef(name=clean_name(match["name"]), scope=clean_name(match["scope"])))
        else:
            refs.append(AgencyRef(name=part))
    return refs


def format_agencies(refs: list[AgencyRef]) -> str:
    return "; ".join(f"{ref.name} ({ref.scope})" if ref.scope else ref.name for ref in refs)


def read_kind_value(cell: Cell, kind: str) -> object:
    """A baseline or target cell read for the indicator's kind. Raises ValueError with the reason."""
    raw = cell.value
    if kind == Kind.TEXT:
        text = clean_name(cell_text(raw))
        problem = too_long(text, INDICATOR_LENGTHS["target_text"])
        if problem:
            raise ValueError(problem)
        return text
    if kind == Kind.BOOLEAN:
        answer = read_yes_no(raw if isinstance(raw, bool) else cell_text(raw))
        if answer is not None:
            return answer
        raise ValueError(f"“{shown(cell_text(raw))}” không hợp lệ cho chỉ tiêu có/không: ghi “có” hoặc “không”")
    text = shown(cell_text(raw))
    if isinstance(raw, str) and text[:1] in "<>≤≥":
        raise ValueError(
            f"“{text}” không phải là số: ghi con số ({text[1:].strip()}) và dùng cột Hướng (tăng/giảm) để nói chiều"
        )
    try:
        value, had_percent = parse_number(raw)
    except NumberFormatError as error:
        raise ValueError(str(error)) from error
    if isinstance(raw, (int, float)) and "%" in (cell.number_format or ""):
        value, had_percent = value * 100, True  # Excel stores 25% as 0.25
    if had_percent and kind != Kind.PERCENT:
        raise ValueError(f"“{text}”: dấu % chỉ dùng cho chỉ tiêu loại tỷ lệ")
    if value < 0:
        raise ValueError(f"{text} là số âm; giá trị không được âm")
    if kind == Kind.PERCENT and value > 100:
        raise ValueError(f"tỷ lệ {text} vượt quá 100%")
    if kind == Kind.COUNT and value != value.to_integral_value():
        raise ValueError(f"số lượng phải là số nguyên, không phải {text}")
    problem = stored_number_problem(value)
    if problem:
        raise ValueError(f"{text}: {problem}")
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def read_plan_workbook(data: bytes) -> PlanWorkbook:
    """Parse and check a plan workbook. Raises WorkbookInvalid listing every problem."""
    sheets = open_workbook(
        data,
        [
            SheetRequest(PLAN_SHEET, PLAN_SHEET_ROWS, f"Thiếu sheet “{PLAN_SHEET}” (thông tin chung của kế hoạch)."),
            SheetRequest(
                INDICATOR_SHEET,
                settings.PLAN_WORKBOOK_MAX_ROWS,
                f"Thiếu sheet “{INDICATOR_SHEET}” (danh sách chỉ tiêu).",
            ),
        ],
    )
    problems = ProblemList(settings.WORKBOOK_MAX_PROBLEMS)
    warnings: list[str] = []
    plan = _read_plan_sheet(sheets[PLAN_SHEET], problems, warnings)
    goals, indicators = _read_indicator_sheet(sheets[INDICATOR_SHEET], plan, problems, warnings)
    if problems:
        raise WorkbookInvalid(_in_order(problems, [sheets[PLAN_SHEET].title, sheets[INDICATOR_SHEET].title]))
    return PlanWorkbook(plan=plan, goals=goals, indicators=indicators, warnings=warnings)


def _in_order(problems: ProblemList, sheets: list[str]) -> list[Problem]:
    """Every problem, by sheet, row and the format's column order (a sheet's own problems first)."""
    columns = [header for _, header, _ in INDICATOR_COLUMNS]

    def key(problem: Problem):
        sheet = sheets.index(problem.sheet) if problem.sheet in sheets else -1
        column = columns.index(problem.column) if problem.column in columns else -1
        return sheet, problem.row or 0, column

    return sorted(problems, key=key) + problems.closed()[len(problems) :]


def _read_plan_sheet(sheet: Sheet, problems: ProblemList, warnings: list[str]) -> PlanSpec:
    """Field | value rows, read where the field names are: below any title or header rows of the user's own words,
    in whichever column holds them (a number column may come first)."""
    labels = {}
    for attribute, label, required in PLAN_FIELDS:
        for word in (label, *PLAN_FIELD_ALIASES.get(attribute, ())):
            labels[loose_key(word)] = (attribute, label, required)
    rows = list(sheet.rows())

    def field_of(cell: Cell):
        return next((labels[key] for key in header_keys(cell.value) if key in labels), None)

    counts = Counter(
        cell.column for row in rows for cell in row.cells[:5] if not is_blank(cell.value) and field_of(cell)
    )
    if not counts:
        problems.append(
            Problem(
                "không tìm thấy tên trường nào của mẫu (Mã kế hoạch, Tên kế hoạch, Địa bàn …) trong 5 cột đầu: "
                "mỗi dòng ghi tên trường rồi giá trị ở ô bên phải.",
                sheet.title,
            )
        )
        return PlanSpec()
    label_column = min(counts, key=lambda column: (-counts[column], column))
    value_column = label_column + 1
    label_letter, value_letter = (
        Cell(None, column=label_column).column_letter,
        Cell(None, column=value_column).column_letter,
    )
    first = next(row.number for row in rows if field_of(row[label_column]))
    problems += sheet.table_problems(first_row=first, columns={label_column: label_letter, value_column: value_letter})
    header_key = loose_key(PLAN_SHEET_HEADER[0])
    found: dict[str, tuple[Cell, int]] = {}
    for row in rows:
        if row.number < first:
            continue  # a title, or a header row in the user's own words
        label_cell, value_cell = row[label_column], row[value_column]
        if label_cell.refused:
            continue
        if is_blank(label_cell.value):
            if not is_blank(value_cell.value):
                problems.append(
                    Problem(
                        f"có nội dung ở cột {value_letter} nhưng không có tên trường ở cột {label_letter}; nếu đây là "
                        "phần tiếp theo của dòng trên, hãy ghi chung vào một ô.",
                        sheet.title,
                        row.number,
                        label_letter,
                    )
                )
            continue
        if header_key in header_keys(label_cell.value):
            continue
        known = field_of(label_cell)
        if known is None:
            warnings.append(
                f"Sheet “{sheet.title}”, dòng {row.number}: trường “{shown(cell_text(label_cell.value))}” "
                "không thuộc mẫu sổ kế hoạch nên không được nhập."
            )
            continue
        attribute, label, _ = known
        if attribute in found:
            problems.append(
                Problem(
                    f"trường “{label}” bị ghi hai lần (dòng {found[attribute][1]} và dòng {row.number}): không rõ giá trị "
                    "nào đúng; hãy xóa một dòng.",
                    sheet.title,
                    row.number,
                    label_letter,
                )
            )
            continue
        found[attribute] = (value_cell, row.number)

    spec = PlanSpec()
    for attribute, label, required in PLAN_FIELDS:
        cell, row = found.get(attribute, (None, None))
        if cell is None or is_blank(cell.value):
            if required and not (cell is not None and cell.refused):
                where = {"row": row, "column": value_letter} if row else {}
                problems.append(Problem(f"thiếu “{label}”.", sheet.title, **where))
            continue
        try:
            _set_plan_field(spec, attribute, cell)
        except ValueError as error:
            problems.append(Problem(f"“{label}”: {error}.", sheet.title, row, value_letter))
    if spec.territory is not None and spec.territory_level:
        # "Cấp địa bàn" says the level; a level word in front of the name ("huyện Bắc Yên") is dropped.
        spec.territory = UnitRef(name=spec.territory.name, level=spec.territory_level)
    if spec.start_year and spec.end_year and spec.end_year < spec.start_year:
        problems.append(
            Problem(
                f"Năm kết thúc ({spec.end_year}) trước năm bắt đầu ({spec.start_year}).",
                sheet.title,
                found["end_year"][1],
                value_letter,
            )
        )
    if spec.parent_plan and spec.parent_plan == spec.code:
        problems.append(
            Problem(
                "kế hoạch không thể là kế hoạch cấp trên của chính nó.",
                sheet.title,
                found["parent_plan"][1],
                value_letter,
            )
        )
    return spec


def _set_plan_field(spec: PlanSpec, attribute: str, cell: Cell) -> None:
    raw = cell.value
    if attribute in PLAN_LENGTHS:
        codes = ("code", "parent_plan", "territory", "parent_unit")  # a unit may be named by its code: `03646`, `14`
        text = clean_name(code_text(cell) if attribute in codes else cell_text(raw))
        problem = too_long(text, PLAN_LENGTHS[attribute])
        if problem:
            raise ValueError(problem)
    if attribute in ("code", "document_number", "title", "issuing_body", "parent_plan"):
        if attribute == "code" and not code_is_valid(text):
            raise ValueError(f"“{shown(text)}” không hợp lệ: mã {CODE_RULE}, tối đa {PLAN_CODE_MAX_LENGTH} ký tự")
        setattr(spec, attribute, text)
    elif attribute == "territory":
        spec.territory = split_unit_name(text)
    elif attribute == "territory_level":
        level = level_from_word(cell_text(raw))
        if level is None:
            raise ValueError(f"“{shown(cell_text(raw))}” không hợp lệ: ghi “quốc gia”, “tỉnh”, “huyện” hoặc “xã”")
        spec.territory_level = level
    elif attribute == "parent_unit":
        spec.parent_unit = split_unit_name(text)
    elif attribute == "issue_date":
        spec.issue_date = read_date(raw)
    elif attribute in ("start_year", "end_year"):
        setattr(spec, attribute, read_year(raw))
    elif attribute in ("half_year_deadline", "annual_deadline"):
        setattr(spec, attribute, read_day_month(raw))


def _milestone_year(key: str) -> int | None:
    match = MILESTONE_COLUMN.match(key)
    return int(match["year"]) if match else None


def _goal_cell(cell: Cell) -> tuple[int | None, str]:
    """A goal cell as officials write it → (number or None, a title written after the number or "")."""
    if cell.refused or is_blank(cell.value):
        return None, ""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        try:
            number = read_whole_number(cell.value)
        except ValueError:
            return None, ""
        return (number if 1 <= number else None), ""
    match = _GOAL.match(clean_name(cell_text(cell.value)))
    if match is None or not 1 <= int(match["number"]):
        return None, ""
    return int(match["number"]), clean_name(match["title"] or "")


def _read_indicator_sheet(sheet: Sheet, plan: PlanSpec, problems: ProblemList, warnings: list[str]):
    title = sheet.title
    header_row = find_header_row(sheet, [HEADER_OF["code"], *INDICATOR_ALIASES["code"]])
    if header_row is None:
        problems.append(missing_header_problem(sheet, HEADER_OF["code"], "chỉ tiêu"))
        return [], []
    header, header_problems, header_warnings = map_header(
        sheet, header_row, INDICATOR_COLUMNS, claim=_milestone_year, aliases=INDICATOR_ALIASES
    )
    warnings += header_warnings
    problems += sheet.table_problems(first_row=header.row, columns=header.names)
    if header_problems:
        problems.extend(header_problems)
        return [], []
    columns, milestone_columns = header.columns, header.claimed
    indicator_attributes = [a for a, _, _ in INDICATOR_COLUMNS if a not in ("goal", "goal_title") and a in columns]

    goals: dict[int, GoalSpec] = {}
    goal_first_row: dict[int, int] = {}
    indicators: list[IndicatorSpec] = []
    codes_seen: dict[str, int] = {}
    current_goal: int | None = None  # the goal of the rows above: a row without a goal number belongs to it
    for row in sheet.rows(header.row + 1):
        if row.is_blank(header.names) or repeats_header(row, header):
            continue
        cells = {attribute: row[column] for attribute, column in columns.items()}
        milestone_cells = {year: row[column] for year, column in milestone_columns.items()}
        goal_number, embedded_title = _goal_cell(cells["goal"])
        if goal_number is None and not cells["goal_title"].refused:
            goal_number, embedded_title = _goal_cell(cells["goal_title"])  # "Mục tiêu 2: Y tế" as a title
            if goal_number is not None:
                cells["goal_title"] = Cell(embedded_title or None, column=cells["goal_title"].column)
                embedded_title = ""
        goal_title = clean_name(cell_text(cells["goal_title"].value)) or embedded_title
        is_heading = all(
            row[column].refused or is_blank(row[column].value) for column in milestone_columns.values()
        ) and all(cells[attribute].refused or is_blank(cells[attribute].value) for attribute in indicator_attributes)
        if goal_number is not None and goal_number > MAX_GOAL_NUMBER:
            problems.append(
                Problem(
                    f"số mục tiêu {goal_number} quá lớn (tối đa {MAX_GOAL_NUMBER}).",
                    title,
                    row.number,
                    HEADER_OF["goal"],
                )
            )
            continue
        if goal_number is None and not is_blank(cells["goal"].value) and not cells["goal"].refused:
            pass  # reported with the row below
        elif goal_number is None and current_goal is not None:
            goal_number = current_goal  # a goal's number written only on its first row, or on a heading row above
        if goal_number is not None:
            current_goal = goal_number
            goal_first_row.setdefault(goal_number, row.number)
            known = goals.get(goal_number)
            if goal_title:
                length = too_long(goal_title, INDICATOR_LENGTHS["goal_title"])
                if length:
                    problems.append(Problem(f"tên mục tiêu {length}.", title, row.number, HEADER_OF["goal_title"]))
                elif known is None:
                    goals[goal_number] = GoalSpec(number=goal_number, title=goal_title, row=row.number)
                elif known.title != goal_title:
                    problems.append(
                        Problem(
                            f"tên mục tiêu {goal_number} khác với tên đã ghi ở dòng {known.row}.",
                            title,
                            row.number,
                            HEADER_OF["goal_title"],
                        )
                    )
        if is_heading:
            if goal_number is None:
                problems.append(
                    Problem(
                        "dòng này chỉ có tên mục tiêu mà không có số mục tiêu (1, 2, 3 …) hay chỉ tiêu nào.",
                        title,
                        row.number,
                        HEADER_OF["goal"],
                    )
                )
            continue
        code = clean_name(code_text(cells["code"]))
        if code:
            first = codes_seen.setdefault(code.casefold(), row.number)
            if first != row.number:
                problems.append(
                    Problem(
                        f"mã chỉ tiêu “{shown(code)}” trùng với dòng {first}.", title, row.number, HEADER_OF["code"]
                    )
                )
        spec = _read_indicator_row(row.number, goal_number, cells, milestone_cells, plan, title, problems)
        if spec is not None:
            indicators.append(spec)
    for number, first_row in goal_first_row.items():
        if number not in goals:
            problems.append(
                Problem(
                    f"mục tiêu {number} chưa có tên: ghi “{HEADER_OF['goal_title']}” ở dòng đầu tiên của mục tiêu này.",
                    title,
                    first_row,
                    HEADER_OF["goal_title"],
                )
            )
    if not indicators and not problems:
        warnings.append(f"Sheet “{title}” chưa có chỉ tiêu nào.")
    return sorted(goals.values(), key=lambda g: g.number), indicators


def _read_indicator_row(
    row_number, goal_number, cells, milestone_cells, plan: PlanSpec, title, problems
) -> IndicatorSpec | None:
    row_problems: list[Problem] = []

    def fail(attribute: str, message: str) -> None:
        if not cells[attribute].refused:  # a formula or merged cell is already a problem of its own
            row_problems.append(Problem(message, title, row_number, HEADER_OF[attribute]))

    def text(attribute: str) -> str:
        cell = cells.get(attribute)
        return clean_name(cell_text(cell.value)) if cell is not None else ""

    def fits(attribute: str, value: str, limit: int, what: str) -> str:
        problem = too_long(value, limit)
        if problem:
            fail(attribute, f"{what} {problem}.")
        return value

    if goal_number is None:
        raw_goal = cell_text(cells["goal"].value)
        fail(
            "goal",
            f"“{shown(raw_goal)}” không phải số thứ tự mục tiêu (1, 2, 3 …)." if raw_goal else "thiếu số mục tiêu.",
        )

    code = clean_name(code_text(cells["code"]))
    if not code:
        fail("code", "thiếu mã chỉ tiêu.")
    elif problem := code_problem(code, max_length=INDICATOR_CODE_MAX_LENGTH):
        fail("code", problem)
    name = text("name")
    if not name:
        fail("name", "thiếu tên chỉ tiêu.")
    unit = fits("unit", text("unit"), INDICATOR_LENGTHS["unit"], "đơn vị tính") if "unit" in cells else ""

    kind = _KIND_BY_KEY.get(loose_key(text("kind")))
    if kind is None:
        allowed = ", ".join(f"“{w}”" for w in KIND_WORDS.values())
        fail(
            "kind",
            f"loại “{shown(text('kind'))}” không hợp lệ; dùng một trong: {allowed}."
            if text("kind")
            else f"thiếu loại ({allowed}).",
        )

    factor = Decimal(100) if kind == Kind.PERCENT else Decimal(1)
    if "factor" in cells and text("factor"):
        try:
            given, _ = parse_number(cells["factor"].value, allow_percent=False)
            problem = stored_number_problem(given)
            if given <= 0:
                fail("factor", "hệ số phải lớn hơn 0.")
            elif problem:
                fail("factor", f"hệ số {problem}.")
            elif kind == Kind.PERCENT and given != 100:
                fail("factor", f"chỉ tiêu loại tỷ lệ có hệ số 100, không phải {shown(text('factor'))}.")
            else:
                factor = given
        except NumberFormatError as error:
            fail("factor", f"{error}.")

    direction = ""
    direction_text = text("direction") if "direction" in cells else ""
    if kind in (Kind.BOOLEAN, Kind.TEXT):
        if direction_text:
            fail("direction", f"chỉ tiêu {KIND_WORDS[kind]} không có hướng; để trống cột này.")
    elif kind is not None and not ("direction" in cells and cells["direction"].refused):
        direction = _DIRECTION_BY_KEY.get(loose_key(direction_text), "")
        if not direction:
            message = (
                f"hướng “{shown(direction_text)}” không hợp lệ; dùng “tăng”, “giảm” hoặc “duy trì”."
                if direction_text
                else "thiếu hướng (“tăng”, “giảm” hoặc “duy trì”)."
            )
            if "direction" in cells:
                fail("direction", message)
            else:
                row_problems.append(Problem(message, title, row_number, HEADER_OF["direction"]))

    years = range(plan.start_year, plan.end_year + 1) if plan.start_year and plan.end_year else None

    def read_year_of(attribute: str) -> int | None:
        cell = cells.get(attribute)
        if cell is None or is_blank(cell.value):
            return None
        try:
            return read_year(cell.value)
        except ValueError as error:
            fail(attribute, f"{error}.")
            return None

    baseline_value, baseline_text = None, ""
    baseline_cell = cells.get("baseline_value")
    has_baseline = baseline_cell is not None and not is_blank(baseline_cell.value)
    has_baseline_year = "baseline_year" in cells and not is_blank(cells["baseline_year"].value)
    baseline_year = read_year_of("baseline_year")
    if has_baseline and kind is not None:  # with an unknown kind the value cannot be judged
        try:
            value = read_kind_value(baseline_cell, kind)
            if isinstance(value, Decimal):
                baseline_value = value
            else:
                baseline_text = "có" if value is True else "không" if value is False else value
                fits("baseline_value", baseline_text, INDICATOR_LENGTHS["baseline_text"], "giá trị cơ sở")
        except ValueError as error:
            fail("baseline_value", f"{error}.")
    if has_baseline and not has_baseline_year and not ("baseline_year" in cells and cells["baseline_year"].refused):
        if "baseline_year" in cells:
            fail("baseline_year", "có giá trị cơ sở nhưng thiếu năm cơ sở.")
        else:
            row_problems.append(
                Problem("có giá trị cơ sở nhưng thiếu năm cơ sở.", title, row_number, HEADER_OF["baseline_year"])
            )
    elif has_baseline_year and not has_baseline and not (baseline_cell is not None and baseline_cell.refused):
        if baseline_cell is not None:
            fail("baseline_value", "có năm cơ sở nhưng thiếu giá trị cơ sở.")
        else:
            row_problems.append(
                Problem("có năm cơ sở nhưng thiếu giá trị cơ sở.", title, row_number, HEADER_OF["baseline_value"])
            )

    targets: dict[int, object] = {}
    target_year = read_year_of("target_year")
    if is_blank(cells["target"].value):
        fail("target", "thiếu chỉ tiêu kế hoạch.")
    elif target_year is None and not any(p.column == HEADER_OF["target_year"] for p in row_problems):
        fail("target_year", "thiếu năm đạt của chỉ tiêu kế hoạch.")
    elif kind is not None and target_year is not None:
        try:
            targets[target_year] = read_kind_value(cells["target"], kind)
        except ValueError as error:
            fail("target", f"{error}.")
    if target_year is not None and years is not None and target_year not in years:
        fail(
            "target_year",
            f"năm đạt {target_year} nằm ngoài thời gian của kế hoạch ({plan.start_year}–{plan.end_year}).",
        )
    for year, cell in sorted(milestone_cells.items()):
        if is_blank(cell.value) or kind is None or cell.refused:
            continue
        column = f"Chỉ tiêu {year}"
        try:
            value = read_kind_value(cell, kind)
        except ValueError as error:
            row_problems.append(Problem(f"{error}.", title, row_number, column))
            continue
        if years is not None and year not in years:
            row_problems.append(
                Problem(
                    f"năm {year} nằm ngoài thời gian của kế hoạch ({plan.start_year}–{plan.end_year}).",
                    title,
                    row_number,
                    column,
                )
            )
        elif year in targets and targets[year] != value:
            row_problems.append(
                Problem(f"khác với “Chỉ tiêu kế hoạch” của cùng năm {year}.", title, row_number, column)
            )
        else:
            targets[year] = value

    agencies: dict[str, list[AgencyRef]] = {}
    for attribute, role in (
        ("lead", AssignmentRole.LEAD),
        ("coordinating", AssignmentRole.COORDINATING),
        ("data_provider", AssignmentRole.DATA_PROVIDER),
    ):
        refs = parse_agencies(text(attribute)) if attribute in cells else []
        names = [loose_key(ref.name) for ref in refs]
        duplicates = {ref.name for ref, key in zip(refs, names, strict=True) if names.count(key) > 1}
        if duplicates:
            fail(attribute, "cơ quan bị ghi hai lần: " + ", ".join(shown(name) for name in sorted(duplicates)) + ".")
        for ref in refs:
            if too_long(ref.name, INDICATOR_LENGTHS["agency"]):
                fail(attribute, f"tên cơ quan “{shown(ref.name)}” {too_long(ref.name, INDICATOR_LENGTHS['agency'])}.")
            elif too_long(ref.scope, INDICATOR_LENGTHS["scope"]):
                fail(
                    attribute,
                    f"phần trong ngoặc sau “{shown(ref.name)}” {too_long(ref.scope, INDICATOR_LENGTHS['scope'])}.",
                )
        agencies[role] = refs
    if not agencies[AssignmentRole.LEAD]:
        fail("lead", "mỗi chỉ tiêu cần ít nhất một cơ quan chủ trì.")

    by_unit = None
    if "by_unit" in cells:
        by_unit = False if not text("by_unit") else read_yes_no(text("by_unit"))
        if by_unit is None:
            fail("by_unit", f"“{shown(text('by_unit'))}” không hợp lệ: ghi “có” hoặc để trống.")

    problems.extend(row_problems)
    if row_problems or goal_number is None:
        return None
    return IndicatorSpec(
        row=row_number,
        goal_number=goal_number,
        code=code,
        name=name,
        unit=unit,
        kind=kind,
        factor=factor,
        direction=direction,
        baseline_value=baseline_value,
        baseline_text=baseline_text,
        baseline_year=baseline_year,
        targets=targets,
        agencies=agencies,
        notes=text("notes") if "notes" in cells else "",
        by_unit=by_unit,
    )


# ---------------------------------------------------------------- writing


def plan_workbook_template() -> bytes:
    """A blank plan workbook: the two sheets with their labels and headers (every optional column included), for a
    plan typed from scratch."""
    workbook = Workbook()
    _plan_sheet(workbook, {})
    sheet = workbook.create_sheet(INDICATOR_SHEET)
    write_header(sheet, [header for _, header, _ in INDICATOR_COLUMNS], INDICATOR_WIDTHS)
    return workbook_bytes(workbook)


INDICATOR_WIDTHS = {2: 30, 4: 60, 5: 14, 13: 34, 14: 34, 15: 34, 16: 40}


def _plan_sheet(workbook: Workbook, values: dict) -> None:
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    write_header(sheet, list(PLAN_SHEET_HEADER), widths={1: 26, 2: 90})
    for index, (attribute, label, _) in enumerate(PLAN_FIELDS, start=2):
        write_cell(sheet, index, 1, label)
        write_cell(sheet, index, 2, values.get(attribute) if values.get(attribute) != "" else None)


def plan_workbook_write(plan: Plan) -> bytes:
    """The plan as a plan workbook that `import_plan` reads back unchanged. A fixed number of queries."""
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related("targets", "assignments__agency")
        .order_by("position", "code")
    )
    workbook = Workbook()
    territory = plan.territory
    values = {
        "code": plan.code,
        "document_number": plan.document_number,
        "title": plan.title,
        "issuing_body": plan.issuing_body,
        "territory": territory.name,
        "territory_level": level_word(territory.level),
        "parent_unit": f"{level_word(territory.parent.level)} {territory.parent.name}" if territory.parent else "",
        "issue_date": plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else "",
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "half_year_deadline": plan.half_year_deadline_display,
        "annual_deadline": plan.annual_deadline_display,
        "parent_plan": plan.parent.code if plan.parent else "",
    }
    _plan_sheet(workbook, values)

    sheet = workbook.create_sheet(INDICATOR_SHEET)
    milestone_years = sorted({t.year for i in indicators for t in list(i.targets.all())[1:]})
    # "Báo cáo theo địa bàn" is written only for a plan that has such indicators (other plans' files stay as typed).
    by_unit = any(indicator.reported_by_commune for indicator in indicators)
    columns = [header for attribute, header, _ in INDICATOR_COLUMNS if by_unit or attribute != "by_unit"]
    headers = columns + [f"Chỉ tiêu {year}" for year in milestone_years]
    write_header(sheet, headers, INDICATOR_WIDTHS)
    goal_done: set[int] = set()
    for row, indicator in enumerate(indicators, start=2):
        targets = list(indicator.targets.all())
        main = targets[0] if targets else None
        by_role: dict[str, list[AgencyRef]] = {role: [] for role in AssignmentRole.values}
        for assignment in sorted(indicator.assignments.all(), key=lambda a: a.pk):
            by_role[assignment.role].append(AgencyRef(assignment.agency.name, assignment.scope_note))
        baseline = indicator.baseline_value if indicator.baseline_value is not None else indicator.baseline_text
        cells = [
            indicator.goal.number,
            indicator.goal.title if indicator.goal.number not in goal_done else None,
            indicator.code,
            indicator.name,
            indicator.unit or None,
            KIND_WORDS[indicator.kind],
            workbook_value(indicator.factor) if indicator.is_numeric else None,  # a factor means nothing for có/không
            DIRECTION_WORDS.get(indicator.direction),
            workbook_value(baseline) if baseline not in (None, "") else None,
            indicator.baseline_year,
            workbook_value(main.value) if main else None,
            main.year if main else None,
            format_agencies(by_role[AssignmentRole.LEAD]) or None,
            format_agencies(by_role[AssignmentRole.COORDINATING]) or None,
            format_agencies(by_role[AssignmentRole.DATA_PROVIDER]) or None,
            indicator.notes or None,
        ]
        if by_unit:
            cells.append(yes_no_word(True) if indicator.reported_by_commune else None)
        others = {t.year: t for t in targets[1:]}
        cells += [workbook_value(others[year].value) if year in others else None for year in milestone_years]
        goal_done.add(indicator.goal.number)
        for column, value in enumerate(cells, start=1):
            write_cell(sheet, row, column, value).alignment = WRAP
    return workbook_bytes(workbook)
