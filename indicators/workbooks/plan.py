"""The plan workbook of DESIGN.md 7.2: read into plain specs (no database), and written from a plan.

Reading never touches the database: `read_plan_workbook` returns a `PlanWorkbook` or raises
`WorkbookInvalid` with every problem found. `indicators.services.plan_import` applies it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from indicators.models import AssignmentRole, Direction, Indicator, Kind
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
    read_day_month,
    read_whole_number,
    sheet_structure_problems,
)
from indicators.workbooks.writer import WRAP, workbook_bytes, write_cell, write_header
from plans.identifiers import CODE_RULE, INDICATOR_CODE_MAX_LENGTH, PLAN_CODE_MAX_LENGTH, code_is_valid, code_problem
from plans.levels import UnitRef, level_from_word, level_word, split_unit_name
from plans.models import Plan
from plans.numbers import NumberFormatError, parse_number, workbook_value
from plans.text import clean_name, loose_key, read_yes_no, yes_no_word

PLAN_SHEET = "Kế hoạch"
INDICATOR_SHEET = "Chỉ tiêu"

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
MILESTONE_COLUMN = re.compile(r"^chitieu(?P<year>\d{4})$")

# Kinds and directions are written as their Vietnamese names, in lower case ("tỷ lệ", "giảm").
KIND_WORDS = {kind: str(kind.label).lower() for kind in Kind}
DIRECTION_WORDS = {direction: str(direction.label).lower() for direction in Direction}
_KIND_BY_KEY = {loose_key(word): kind for kind, word in KIND_WORDS.items()} | {kind.value: kind for kind in Kind}
_DIRECTION_BY_KEY = {loose_key(word): d for d, word in DIRECTION_WORDS.items()} | {d.value: d for d in Direction}
_AGENCY_WITH_SCOPE = re.compile(r"^(?P<name>.*?)\s*\((?P<scope>[^()]*)\)\s*$")


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
        return cell_text(raw)
    if kind == Kind.BOOLEAN:
        answer = read_yes_no(raw if isinstance(raw, bool) else cell_text(raw))
        if answer is not None:
            return answer
        raise ValueError(f"“{cell_text(raw)}” không hợp lệ cho chỉ tiêu có/không: ghi “có” hoặc “không”")
    text = cell_text(raw)
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
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def read_plan_workbook(data: bytes) -> PlanWorkbook:
    """Parse and check a plan workbook. Raises WorkbookInvalid listing every problem."""
    workbook = open_workbook(data)
    problems: list[Problem] = []
    plan_sheet = find_sheet(workbook, PLAN_SHEET)
    indicator_sheet = find_sheet(workbook, INDICATOR_SHEET)
    if plan_sheet is None:
        problems.append(Problem(f"Thiếu sheet “{PLAN_SHEET}” (thông tin chung của kế hoạch)."))
    if indicator_sheet is None:
        problems.append(Problem(f"Thiếu sheet “{INDICATOR_SHEET}” (danh sách chỉ tiêu)."))
    for sheet in (plan_sheet, indicator_sheet):
        if sheet is not None:
            problems += sheet_structure_problems(sheet)
    if problems:
        raise WorkbookInvalid(problems)

    plan = _read_plan_sheet(plan_sheet, problems)
    goals, indicators, warnings = _read_indicator_sheet(indicator_sheet, plan, problems)
    if problems:
        raise WorkbookInvalid(problems)
    return PlanWorkbook(plan=plan, goals=goals, indicators=indicators, warnings=warnings)


def _read_plan_sheet(sheet, problems: list[Problem]) -> PlanSpec:
    labels = {loose_key(label): (attribute, label, required) for attribute, label, required in PLAN_FIELDS}
    found: dict[str, tuple[object, int]] = {}
    for row in sheet.iter_rows(min_col=1, max_col=2):
        label_cell, value_cell = row[0], row[1] if len(row) > 1 else None
        if is_blank(label_cell.value):
            if value_cell is not None and not is_blank(value_cell.value):
                problems.append(Problem("có giá trị nhưng thiếu tên trường ở cột A.", sheet.title, label_cell.row))
            continue
        key = loose_key(label_cell.value)
        if key == loose_key(PLAN_SHEET_HEADER[0]):
            continue
        if key not in labels:
            problems.append(
                Problem(
                    f"trường “{cell_text(label_cell.value)}” không có trong mẫu sổ kế hoạch.",
                    sheet.title,
                    label_cell.row,
                    "A",
                )
            )
            continue
        attribute, label, _ = labels[key]
        if attribute in found:
            problems.append(
                Problem(
                    f"trường “{label}” bị ghi hai lần (dòng {found[attribute][1]}).", sheet.title, label_cell.row, "A"
                )
            )
            continue
        found[attribute] = (value_cell.value if value_cell is not None else None, label_cell.row)

    spec = PlanSpec()
    for attribute, label, required in PLAN_FIELDS:
        raw, row = found.get(attribute, (None, None))
        if is_blank(raw):
            if required:
                where = {"row": row, "column": "B"} if row else {}
                problems.append(Problem(f"thiếu “{label}”.", sheet.title, **where))
            continue
        try:
            _set_plan_field(spec, attribute, raw)
        except ValueError as error:
            problems.append(Problem(f"“{label}”: {error}.", sheet.title, row, "B"))
    if spec.territory is not None and spec.territory_level:
        # "Cấp địa bàn" says the level; a level word in front of the name ("huyện Bắc Yên") is dropped.
        spec.territory = UnitRef(name=spec.territory.name, level=spec.territory_level)
    if spec.start_year and spec.end_year and spec.end_year < spec.start_year:
        problems.append(
            Problem(
                f"Năm kết thúc ({spec.end_year}) trước năm bắt đầu ({spec.start_year}).",
                sheet.title,
                found["end_year"][1],
                "B",
            )
        )
    if spec.parent_plan and spec.parent_plan == spec.code:
        problems.append(
            Problem("kế hoạch không thể là kế hoạch cấp trên của chính nó.", sheet.title, found["parent_plan"][1], "B")
        )
    return spec


def _set_plan_field(spec: PlanSpec, attribute: str, raw) -> None:
    if attribute in ("code", "document_number", "title", "issuing_body", "parent_plan"):
        value = clean_name(cell_text(raw))
        if attribute == "code" and (len(value) > PLAN_CODE_MAX_LENGTH or not code_is_valid(value)):
            raise ValueError(f"“{value}” không hợp lệ: mã {CODE_RULE}, tối đa {PLAN_CODE_MAX_LENGTH} ký tự")
        setattr(spec, attribute, value)
    elif attribute == "territory":
        spec.territory = split_unit_name(cell_text(raw))
    elif attribute == "territory_level":
        level = level_from_word(cell_text(raw))
        if level is None:
            raise ValueError(f"“{cell_text(raw)}” không hợp lệ: ghi “quốc gia”, “tỉnh”, “huyện” hoặc “xã”")
        spec.territory_level = level
    elif attribute == "parent_unit":
        spec.parent_unit = split_unit_name(cell_text(raw))
    elif attribute == "issue_date":
        spec.issue_date = read_date(raw)
    elif attribute in ("start_year", "end_year"):
        year = read_whole_number(raw)
        if not 1945 <= year <= 2100:
            raise ValueError(f"năm {year} không hợp lý")
        setattr(spec, attribute, year)
    elif attribute in ("half_year_deadline", "annual_deadline"):
        setattr(spec, attribute, read_day_month(raw))


def _milestone_year(key: str) -> int | None:
    match = MILESTONE_COLUMN.match(key)
    return int(match["year"]) if match else None


def _read_indicator_sheet(sheet, plan: PlanSpec, problems: list[Problem]):
    title = sheet.title
    header_row = find_header_row(sheet, HEADER_OF["code"])
    if header_row is None:
        problems.append(missing_header_problem(sheet, HEADER_OF["code"], "chỉ tiêu"))
        return [], [], []
    columns, milestone_columns, header_problems, warnings = map_header(
        sheet, header_row, INDICATOR_COLUMNS, claim=_milestone_year
    )
    if header_problems:
        problems.extend(header_problems)
        return [], [], warnings

    goals: dict[int, GoalSpec] = {}
    goal_first_row: dict[int, int] = {}
    indicators: list[IndicatorSpec] = []
    codes_seen: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=header_row + 1):
        cells = {attribute: row[column - 1] for attribute, column in columns.items() if column - 1 < len(row)}
        milestone_cells = {year: row[column - 1] for year, column in milestone_columns.items() if column - 1 < len(row)}
        if all(is_blank(c.value) for c in list(cells.values()) + list(milestone_cells.values())):
            continue
        row_number = row[0].row
        # Goals are read even from a row with other problems, so that one error does not cause another.
        goal_number = _goal_number(cells["goal"].value)
        goal_title = clean_name(cell_text(cells["goal_title"].value))
        if goal_number is not None:
            goal_first_row.setdefault(goal_number, row_number)
            known = goals.get(goal_number)
            if goal_title and known is None:
                goals[goal_number] = GoalSpec(number=goal_number, title=goal_title, row=row_number)
            elif goal_title and known.title != goal_title:
                problems.append(
                    Problem(
                        f"tên mục tiêu {goal_number} khác với tên đã ghi ở dòng {known.row}.",
                        title,
                        row_number,
                        HEADER_OF["goal_title"],
                    )
                )
        code = clean_name(cell_text(cells["code"].value))
        if code:
            first = codes_seen.setdefault(code.casefold(), row_number)
            if first != row_number:
                problems.append(
                    Problem(f"mã chỉ tiêu “{code}” trùng với dòng {first}.", title, row_number, HEADER_OF["code"])
                )
        spec = _read_indicator_row(row_number, cells, milestone_cells, plan, title, problems)
        if spec is None:
            continue
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
    return sorted(goals.values(), key=lambda g: g.number), indicators, warnings


def _goal_number(raw) -> int | None:
    try:
        number = read_whole_number(raw)
    except ValueError:
        return None
    return number if number >= 1 else None


def _read_indicator_row(row_number, cells, milestone_cells, plan: PlanSpec, title, problems) -> IndicatorSpec | None:
    row_problems: list[Problem] = []

    def fail(attribute: str, message: str) -> None:
        row_problems.append(Problem(message, title, row_number, HEADER_OF[attribute]))

    def text(attribute: str) -> str:
        cell = cells.get(attribute)
        return clean_name(cell_text(cell.value)) if cell is not None else ""

    goal_number = _goal_number(cells["goal"].value)
    if goal_number is None:
        raw_goal = cell_text(cells["goal"].value)
        fail("goal", f"“{raw_goal}” không phải số thứ tự mục tiêu (1, 2, 3 …)." if raw_goal else "thiếu số mục tiêu.")

    code = text("code")
    if not code:
        fail("code", "thiếu mã chỉ tiêu.")
    elif problem := code_problem(code, max_length=INDICATOR_CODE_MAX_LENGTH):
        fail("code", problem)
    name = text("name")
    if not name:
        fail("name", "thiếu tên chỉ tiêu.")

    kind = _KIND_BY_KEY.get(loose_key(text("kind")))
    if kind is None:
        allowed = ", ".join(f"“{w}”" for w in KIND_WORDS.values())
        fail(
            "kind",
            f"loại “{text('kind')}” không hợp lệ; dùng một trong: {allowed}."
            if text("kind")
            else f"thiếu loại ({allowed}).",
        )

    factor = Decimal(100) if kind == Kind.PERCENT else Decimal(1)
    if text("factor"):
        try:
            given, _ = parse_number(cells["factor"].value, allow_percent=False)
            if given <= 0:
                fail("factor", "hệ số phải lớn hơn 0.")
            elif kind == Kind.PERCENT and given != 100:
                fail("factor", f"chỉ tiêu loại tỷ lệ có hệ số 100, không phải {text('factor')}.")
            else:
                factor = given
        except NumberFormatError as error:
            fail("factor", f"{error}.")

    direction = ""
    direction_text = text("direction")
    if kind in (Kind.BOOLEAN, Kind.TEXT):
        if direction_text:
            fail("direction", f"chỉ tiêu {KIND_WORDS[kind]} không có hướng; để trống cột này.")
    elif kind is not None:
        direction = _DIRECTION_BY_KEY.get(loose_key(direction_text), "")
        if not direction:
            fail(
                "direction",
                f"hướng “{direction_text}” không hợp lệ; dùng “tăng”, “giảm” hoặc “duy trì”."
                if direction_text
                else "thiếu hướng (“tăng”, “giảm” hoặc “duy trì”).",
            )

    years = range(plan.start_year, plan.end_year + 1) if plan.start_year and plan.end_year else None

    def read_year(attribute: str) -> int | None:
        cell = cells.get(attribute)
        if cell is None or is_blank(cell.value):
            return None
        try:
            return read_whole_number(cell.value)
        except ValueError as error:
            fail(attribute, f"{error}.")
            return None

    baseline_value, baseline_text = None, ""
    baseline_cell = cells.get("baseline_value")
    has_baseline = baseline_cell is not None and not is_blank(baseline_cell.value)
    has_baseline_year = "baseline_year" in cells and not is_blank(cells["baseline_year"].value)
    baseline_year = read_year("baseline_year")
    if has_baseline and kind is not None:  # with an unknown kind the value cannot be judged
        try:
            value = read_kind_value(baseline_cell, kind)
            if isinstance(value, Decimal):
                baseline_value = value
            else:
                baseline_text = "có" if value is True else "không" if value is False else value
        except ValueError as error:
            fail("baseline_value", f"{error}.")
    if has_baseline and not has_baseline_year:
        fail("baseline_year", "có giá trị cơ sở nhưng thiếu năm cơ sở.")
    elif has_baseline_year and not has_baseline:
        fail("baseline_value", "có năm cơ sở nhưng thiếu giá trị cơ sở.")

    targets: dict[int, object] = {}
    target_year = read_year("target_year")
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
        if is_blank(cell.value) or kind is None:
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
            fail(attribute, "cơ quan bị ghi hai lần: " + ", ".join(sorted(duplicates)) + ".")
        agencies[role] = refs
    if not agencies[AssignmentRole.LEAD]:
        fail("lead", "mỗi chỉ tiêu cần ít nhất một cơ quan chủ trì.")

    by_unit = None
    if "by_unit" in cells:
        by_unit = False if not text("by_unit") else read_yes_no(text("by_unit"))
        if by_unit is None:
            fail("by_unit", f"“{text('by_unit')}” không hợp lệ: ghi “có” hoặc để trống.")

    problems.extend(row_problems)
    if row_problems:
        return None
    return IndicatorSpec(
        row=row_number,
        goal_number=goal_number,
        code=code,
        name=name,
        unit=text("unit"),
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


def plan_workbook_write(plan: Plan) -> bytes:
    """The plan as a plan workbook that `import_plan` reads back unchanged. A fixed number of queries."""
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related("targets", "assignments__agency")
        .order_by("position", "code")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
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
    write_header(sheet, list(PLAN_SHEET_HEADER), widths={1: 26, 2: 90})
    for index, (attribute, label, _) in enumerate(PLAN_FIELDS, start=2):
        write_cell(sheet, index, 1, label)
        write_cell(sheet, index, 2, values[attribute] if values[attribute] != "" else None)

    sheet = workbook.create_sheet(INDICATOR_SHEET)
    milestone_years = sorted({t.year for i in indicators for t in list(i.targets.all())[1:]})
    # "Báo cáo theo địa bàn" is written only for a plan that has such indicators (other plans' files stay as typed).
    by_unit = any(indicator.reported_by_commune for indicator in indicators)
    columns = [header for attribute, header, _ in INDICATOR_COLUMNS if by_unit or attribute != "by_unit"]
    headers = columns + [f"Chỉ tiêu {year}" for year in milestone_years]
    widths = {2: 30, 4: 60, 5: 14, 13: 34, 14: 34, 15: 34, 16: 40}
    write_header(sheet, headers, widths)
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
