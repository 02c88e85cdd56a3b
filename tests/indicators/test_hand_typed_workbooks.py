"""Workbooks as officials type them by hand (issue 11 item 5): read as a person means them, refused only where they
are really ambiguous, with the reason; every problem listed at once; whatever the database would refuse refused
first, by sheet, row and column, on SQLite and PostgreSQL alike (issue 10 item 1)."""

import copy
from decimal import Decimal

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.models import Indicator, Target
from indicators.services import plan_import
from indicators.workbooks.plan import read_plan_workbook
from indicators.workbooks.reader import WorkbookInvalid
from indicators.workbooks.values import read_values_rows, read_values_workbook
from plans.models import Agency, Goal, Plan
from tests.workbooks import HEADERS, INDICATOR_ROWS, PLAN_VALUES, plan_workbook, to_bytes, values_book

pytestmark = pytest.mark.django_db


def hand_typed_plan() -> bytes:
    """The plan of tests.workbooks as an official might type it: a merged title, a number column and a header of
    their own words on "Kế hoạch"; on "Chỉ tiêu" two title rows, the columns in another order under other words,
    goal heading rows, indicator rows without their goal's number, blank rows, the header repeated further down."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KẾ HOẠCH"
    sheet.append(["KẾ HOẠCH THỰC HIỆN MỤC TIÊU BÌNH ĐẲNG GIỚI"])
    sheet.merge_cells("A1:C1")
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["STT", "Nội dung", "Thông tin"])
    for number, (label, value) in enumerate(PLAN_VALUES.items(), 1):
        sheet.append([number, label.upper() if number % 2 else label, value])

    sheet = workbook.create_sheet("chi tieu")
    sheet.append(["DANH MỤC CHỈ TIÊU"])
    sheet.merge_cells("A1:H1")
    sheet.append(["(Kèm theo Kế hoạch số 12/KH-UBND)"])
    order = [
        ("STT", None),
        ("MA CHI TIEU", "Mã chỉ tiêu"),
        ("Nội dung chỉ tiêu", "Tên chỉ tiêu"),
        ("ĐVT", "Đơn vị tính"),
        ("Loại chỉ tiêu", "Loại"),
        ("Hướng", "Hướng"),
        ("Hệ số", "Hệ số"),
        ("Giá trị cơ sở (năm gốc)", "Giá trị cơ sở"),
        ("Năm cơ sở", "Năm cơ sở"),
        ("Chỉ tiêu kế hoạch (*)", "Chỉ tiêu kế hoạch"),
        ("Năm đạt", "Năm đạt"),
        ("Chỉ tiêu năm 2030", "Chỉ tiêu 2030"),
        ("Đơn vị chủ trì", "Cơ quan chủ trì"),
        ("Đơn vị phối hợp", "Cơ quan phối hợp"),
        ("Cung cấp số liệu", "Cơ quan cung cấp số liệu"),
        ("Ghi chú", "Ghi chú"),
        ("Mục tiêu", "Mục tiêu"),
        ("Tên mục tiêu", "Tên mục tiêu"),
    ]
    sheet.append([header for header, _ in order])
    goal = None
    for number, row in enumerate(INDICATOR_ROWS, 1):
        if row["Mục tiêu"] != goal:
            goal = row["Mục tiêu"]
            if goal > 1:
                sheet.append([])  # a blank row between goals
            heading = [None] * len(order)
            heading[-2] = f"Mục tiêu {goal}: {row['Tên mục tiêu']}" if goal != 2 else goal
            heading[-1] = None if goal != 2 else row["Tên mục tiêu"]
            sheet.append(heading)
        values = [number] + [
            row.get(field) if field not in ("Mục tiêu", "Tên mục tiêu") else None for _, field in order[1:]
        ]
        sheet.append(values)
        if number == 3:
            sheet.append([header for header, _ in order])  # two tables pasted one under the other
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    return to_bytes(workbook)


def test_a_hand_typed_plan_workbook_reads_as_the_plan_it_means():
    plan_import(data=to_bytes(plan_workbook()), actor=None)

    summary = plan_import(data=hand_typed_plan(), actor=None)

    assert summary.changes == []  # the same plan, goal for goal, indicator for indicator
    assert summary.warnings == []  # title rows, the number column and the repeated header need no warning
    plan = Plan.objects.get(code=PLAN_VALUES["Mã kế hoạch"])
    assert list(Goal.objects.filter(plan=plan).values_list("number", "title")) == [
        (1, "Chính trị"),
        (2, "Y tế"),
        (3, "Quản lý nhà nước"),
    ]
    assert Target.objects.get(indicator__plan=plan, indicator__code="1.1", year=2030).value_number == 35


def test_a_column_named_twice_is_refused_as_ambiguous_naming_both():
    headers = HEADERS + ["ĐVT"]
    with pytest.raises(WorkbookInvalid) as refused:
        read_plan_workbook(to_bytes(plan_workbook(headers=headers)))
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Chỉ tiêu", 1, "Đơn vị tính")
    assert "xuất hiện hai lần (cột E và cột R): không rõ cột nào được nhập" in problem.message


def test_a_field_written_twice_or_a_value_without_its_field_is_refused_with_the_reason():
    def extra(workbook):
        sheet = workbook["Kế hoạch"]
        sheet.append(["Tên kế hoạch", "Một tên khác"])
        sheet.append([None, "giai đoạn 2026-2030"])

    with pytest.raises(WorkbookInvalid) as refused:
        read_plan_workbook(to_bytes(plan_workbook(extra=extra)))

    messages = [str(problem) for problem in refused.value.problems]
    assert messages == [
        "Sheet “Kế hoạch”, dòng 15, cột “A”: trường “Tên kế hoạch” bị ghi hai lần (dòng 4 và dòng 15): không rõ giá trị "
        "nào đúng; hãy xóa một dòng.",
        "Sheet “Kế hoạch”, dòng 16, cột “A”: có nội dung ở cột B nhưng không có tên trường ở cột A; nếu đây là phần "
        "tiếp theo của dòng trên, hãy ghi chung vào một ô.",
    ]


def test_an_unknown_field_is_a_warning_and_an_indicator_row_before_any_goal_a_problem():
    def extra(workbook):
        workbook["Kế hoạch"].append(["Người ký", "Nguyễn Văn A"])

    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[0]["Mục tiêu"] = None
    with pytest.raises(WorkbookInvalid) as refused:
        read_plan_workbook(to_bytes(plan_workbook(rows=rows, extra=extra)))
    assert [str(p) for p in refused.value.problems] == [
        "Sheet “Chỉ tiêu”, dòng 2, cột “Mục tiêu”: thiếu số mục tiêu.",
        "Sheet “Chỉ tiêu”, dòng 3, cột “Tên mục tiêu”: mục tiêu 1 chưa có tên: ghi “Tên mục tiêu” ở dòng đầu tiên của "
        "mục tiêu này.",
    ]

    book = read_plan_workbook(to_bytes(plan_workbook(extra=extra)))
    assert book.warnings == [
        "Sheet “Kế hoạch”, dòng 15: trường “Người ký” không thuộc mẫu sổ kế hoạch nên không được nhập."
    ]


def test_every_problem_is_listed_formulas_and_merged_cells_with_those_of_the_rows():
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[1]["Chỉ tiêu kế hoạch"] = "nhiều"

    def extra(workbook):
        sheet = workbook["Chỉ tiêu"]
        sheet["J2"] = "=2024-1"  # Năm cơ sở as a formula
        sheet.merge_cells("D4:D5")
        sheet["F7"] = "phần trăm"

    with pytest.raises(WorkbookInvalid) as refused:
        read_plan_workbook(to_bytes(plan_workbook(rows=rows, extra=extra)))

    assert [str(p) for p in refused.value.problems] == [
        "Sheet “Chỉ tiêu”, dòng 2, cột “Năm cơ sở”: ô J2 chứa công thức; hãy thay bằng giá trị (Sao chép → Dán đặc "
        "biệt → Giá trị).",
        "Sheet “Chỉ tiêu”, dòng 3, cột “Chỉ tiêu kế hoạch”: “nhiều” không phải là số.",
        "Sheet “Chỉ tiêu”, dòng 4, cột “Tên chỉ tiêu”: có ô gộp D4:D5: hãy bỏ gộp ô (Unmerge Cells) và ghi giá trị vào "
        "từng ô.",
        "Sheet “Chỉ tiêu”, dòng 7, cột “Loại”: loại “phần trăm” không hợp lệ; dùng một trong: “tỷ lệ”, “tỷ số”, "
        "“số lượng”, “có/không”, “định tính”.",
    ]


LONG = "Rất dài " * 70  # 560 characters
X256 = "x" * 256


@pytest.mark.parametrize(
    ("change", "place", "fragment"),
    [
        ({"plan": {"Tên kế hoạch": LONG}}, ("Kế hoạch", 4, "B"), "dài 559 ký tự, quá 500 ký tự cho phép"),
        ({"plan": {"Số hiệu": LONG[:101]}}, ("Kế hoạch", 3, "B"), "quá 100 ký tự cho phép"),
        ({"plan": {"Địa bàn": LONG[:201]}}, ("Kế hoạch", 6, "B"), "quá 200 ký tự cho phép"),
        ({"plan": {"Năm kết thúc": 40000}}, ("Kế hoạch", 11, "B"), "năm 40000 không hợp lý"),
        ({"row": {"Tên mục tiêu": LONG}}, ("Chỉ tiêu", 2, "Tên mục tiêu"), "quá 500 ký tự cho phép"),
        ({"row": {"Đơn vị tính": LONG[:101]}}, ("Chỉ tiêu", 2, "Đơn vị tính"), "quá 100 ký tự cho phép"),
        ({"row": {"Cơ quan chủ trì": X256}}, ("Chỉ tiêu", 2, "Cơ quan chủ trì"), "quá 255 ký tự cho phép"),
        (
            {"row": {"Cơ quan phối hợp": f"Hội Phụ nữ ({X256})"}},
            ("Chỉ tiêu", 2, "Cơ quan phối hợp"),
            "quá 255 ký tự cho phép",
        ),
        ({"row": {"Năm cơ sở": 32768}}, ("Chỉ tiêu", 2, "Năm cơ sở"), "năm 32768 không hợp lý"),
        ({"row": {"Giá trị cơ sở": "12,34567"}}, ("Chỉ tiêu", 2, "Giá trị cơ sở"), "quá 4 chữ số sau dấu thập phân"),
        ({"row": {"Mục tiêu": 40000}}, ("Chỉ tiêu", 2, "Mục tiêu"), "số mục tiêu 40000 quá lớn"),
        ({"count": {"Chỉ tiêu kế hoạch": 10**15}}, ("Chỉ tiêu", 3, "Chỉ tiêu kế hoạch"), "số quá lớn"),
        ({"count": {"Hệ số": "1234567890123456"}}, ("Chỉ tiêu", 3, "Hệ số"), "số quá lớn"),
        ({"text": {"Chỉ tiêu kế hoạch": X256}}, ("Chỉ tiêu", 7, "Chỉ tiêu kế hoạch"), "quá 255 ký tự cho phép"),
    ],
)
def test_what_the_database_would_refuse_is_refused_first_with_its_place(change, place, fragment):
    plan, rows = dict(PLAN_VALUES), copy.deepcopy(INDICATOR_ROWS)
    plan.update(change.get("plan", {}))
    rows[0].update(change.get("row", {}))
    rows[1].update(change.get("count", {}))
    rows[5].update(change.get("text", {}))

    with pytest.raises(WorkbookInvalid) as refused:
        plan_import(data=to_bytes(plan_workbook(plan=plan, rows=rows)), actor=None)

    matching = [p for p in refused.value.problems if fragment in p.message]
    assert matching, [str(p) for p in refused.value.problems]
    assert (matching[0].sheet, matching[0].row, matching[0].column) == place
    assert not Plan.objects.exists() and not Agency.objects.exists() and not Indicator.objects.exists()


def test_a_number_pasted_from_a_formula_reads_as_excel_shows_it():
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[0]["Giá trị cơ sở"] = 0.1 + 0.2  # 0.30000000000000004: Excel shows 0,3
    plan_import(data=to_bytes(plan_workbook(rows=rows)), actor=None)
    assert Indicator.objects.get(code="1.1").baseline_value == Decimal("0.3")


# ---------------------------------------------------------------- the values workbook


def test_a_hand_typed_values_sheet_reads_with_its_own_layout():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "so lieu"
    sheet.append(["SỐ LIỆU 6 THÁNG ĐẦU NĂM 2024"])
    sheet.merge_cells("A1:F1")
    sheet.append(
        ["STT", "ghi chu", "gia tri (%)", "ky bao cao", "MA CHI TIEU", "Mã kế hoạch", "Tên chỉ tiêu", "Cột riêng"]
    )
    sheet.append([1, "Theo báo cáo", "15,38", "2024S1", "1.1a", "BACYEN-2021-2025", "Tỷ lệ …", "x"])
    sheet.append([])
    sheet.append([2, None, 12, "Năm 2024", "6.3", "BACYEN-2021-2025", None, None])

    rows, problems, warnings = read_values_rows(to_bytes(workbook))

    assert problems == []
    assert warnings == ["Sheet “so lieu”: cột “Cột riêng” (H) không thuộc mẫu nên không được nhập."]
    assert [(r.row, r.indicator_code, r.period_code, r.value, r.note) for r in rows] == [
        (3, "1.1a", "2024S1", "15,38", "Theo báo cáo"),
        (5, "6.3", "2024", 12, ""),
    ]


@pytest.mark.parametrize(
    ("typed", "number_format", "read"),
    [
        ("03646", "@", "03646"),
        (3646, "00000", "03646"),
        (3646, "General", "3646"),
        (14, "General", "14"),
        (14.0, "0", "14"),
    ],
)
def test_a_unit_code_is_read_as_typed_keeping_the_digits_shown(typed, number_format, read):
    def extra(workbook):
        workbook["Số liệu"]["D2"].number_format = number_format

    data = values_book(
        [
            {
                "Mã kế hoạch": "BACYEN-2021-2025",
                "Mã chỉ tiêu": "1.1b",
                "Kỳ báo cáo": "2024",
                "Địa bàn": typed,
                "Giá trị": 3,
            }
        ],
        extra=extra,
    )
    [row] = read_values_workbook(data)
    assert row.unit_name == read


def test_an_indicator_code_shown_with_its_zero_is_read_as_shown():
    def extra(workbook):
        workbook["Số liệu"]["B2"].number_format = "0.00"

    data = values_book([{"Mã kế hoạch": "P", "Mã chỉ tiêu": 1.1, "Kỳ báo cáo": "2024", "Giá trị": 3}], extra=extra)
    assert read_values_workbook(data)[0].indicator_code == "1.10"


def test_values_cells_the_database_would_refuse_are_refused_with_their_place():
    long_code = "X" * 51
    data = values_book(
        [
            {"Mã kế hoạch": long_code, "Mã chỉ tiêu": "1.1a", "Kỳ báo cáo": "2024", "Giá trị": 3},
            {"Mã kế hoạch": "P", "Mã chỉ tiêu": "1" * 21, "Kỳ báo cáo": "2024", "Giá trị": 3},
            {"Mã kế hoạch": "P", "Mã chỉ tiêu": "1.1a", "Kỳ báo cáo": "2024", "Địa bàn": "x" * 201, "Giá trị": 3},
            {"Mã kế hoạch": "P", "Mã chỉ tiêu": "1.1a", "Kỳ báo cáo": "năm " * 20, "Giá trị": 3},
        ]
    )
    rows, problems, _ = read_values_rows(data)
    assert [(p.row, p.column) for p in problems] == [
        (2, "Mã kế hoạch"),
        (3, "Mã chỉ tiêu"),
        (4, "Địa bàn"),
        (5, "Kỳ báo cáo"),
    ]
    assert all("ký tự cho phép" in p.message for p in problems)
