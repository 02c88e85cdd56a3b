"""Broken plan workbooks are refused with every problem named (sheet, row, column, what), and nothing is written."""

import copy
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from indicators.models import Indicator
from indicators.services import plan_import
from indicators.workbooks.reader import WorkbookInvalid
from plans.models import AdministrativeUnit, Agency, Plan
from tests.workbooks import HEADERS, INDICATOR_ROWS, PLAN_VALUES, plan_workbook, to_bytes

pytestmark = pytest.mark.django_db
SHEET = "Chỉ tiêu"


def rows_with(index: int, **changes):
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[index].update({key.replace("_", " "): value for key, value in changes.items()})
    return rows


def with_changed_cell(index, header, value):
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[index][header] = value
    return to_bytes(plan_workbook(rows=rows))


def plan_with(**changes):
    values = dict(PLAN_VALUES)
    values.update(changes)
    return to_bytes(plan_workbook(plan=values))


def empty_workbook():
    return to_bytes(Workbook())


def missing_indicator_sheet():
    workbook = plan_workbook()
    del workbook[SHEET]
    return to_bytes(workbook)


def with_formula():
    def formula(workbook):
        workbook[SHEET]["K3"] = "=20*2"

    return to_bytes(plan_workbook(extra=formula))


def with_merged_cells():
    def merge(workbook):
        workbook[SHEET].merge_cells("A2:A3")

    return to_bytes(plan_workbook(extra=merge))


def not_a_workbook_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# (id, workbook bytes factory, expected message fragment, sheet, Excel row, column)
BROKEN = [
    ("not-xlsx-text", lambda: "Mã;Tên\n1;2".encode(), "không phải là sổ Excel", "", None, ""),
    ("not-xlsx-zip", not_a_workbook_zip, "không phải là sổ Excel", "", None, ""),
    ("empty-file", lambda: b"", "Tệp trống", "", None, ""),
    ("empty-workbook", empty_workbook, "Thiếu sheet “Kế hoạch”", "", None, ""),
    ("missing-sheet", missing_indicator_sheet, "Thiếu sheet “Chỉ tiêu”", "", None, ""),
    (
        "missing-column",
        lambda: to_bytes(plan_workbook(headers=[h for h in HEADERS if h != "Loại"])),
        "thiếu cột “Loại”",
        SHEET,
        1,
        "",
    ),
    (
        "unknown-goal",
        lambda: to_bytes(plan_workbook(rows=rows_with(1, **{"Mục tiêu": 7}))),
        "mục tiêu 7 chưa có tên",
        SHEET,
        3,
        "Tên mục tiêu",
    ),
    (
        "duplicate-code",
        lambda: with_changed_cell(1, "Mã chỉ tiêu", "1.1"),
        "mã chỉ tiêu “1.1” trùng với dòng 2",
        SHEET,
        3,
        "Mã chỉ tiêu",
    ),
    (
        "text-in-number",
        lambda: with_changed_cell(1, "Chỉ tiêu kế hoạch", "khoảng bốn mươi"),
        "“khoảng bốn mươi” không phải là số",
        SHEET,
        3,
        "Chỉ tiêu kế hoạch",
    ),
    (
        "percent-over-100",
        lambda: with_changed_cell(3, "Chỉ tiêu kế hoạch", "120%"),
        "vượt quá 100%",
        SHEET,
        5,
        "Chỉ tiêu kế hoạch",
    ),
    ("unknown-direction", lambda: with_changed_cell(0, "Hướng", "lên"), "hướng “lên” không hợp lệ", SHEET, 2, "Hướng"),
    (
        "unknown-kind",
        lambda: with_changed_cell(0, "Loại", "phần trăm"),
        "loại “phần trăm” không hợp lệ",
        SHEET,
        2,
        "Loại",
    ),
    (
        "target-year-outside-plan",
        lambda: with_changed_cell(1, "Năm đạt", 2035),
        "nằm ngoài thời gian của kế hoạch (2026–2030)",
        SHEET,
        3,
        "Năm đạt",
    ),
    ("formula", with_formula, "ô K3 chứa công thức", SHEET, 3, "Chỉ tiêu kế hoạch"),
    ("merged-cells", with_merged_cells, "ô gộp A2:A3", SHEET, 2, "Mục tiêu"),
    (
        "less-than-sign",
        lambda: with_changed_cell(2, "Chỉ tiêu kế hoạch", "<48"),
        "“<48” không phải là số",
        SHEET,
        4,
        "Chỉ tiêu kế hoạch",
    ),
    (
        "negative-count",
        lambda: with_changed_cell(1, "Chỉ tiêu kế hoạch", -3),
        "giá trị không được âm",
        SHEET,
        3,
        "Chỉ tiêu kế hoạch",
    ),
    (
        "count-not-whole",
        lambda: with_changed_cell(1, "Chỉ tiêu kế hoạch", "2,5"),
        "số lượng phải là số nguyên",
        SHEET,
        3,
        "Chỉ tiêu kế hoạch",
    ),
    (
        "ambiguous-thousands",
        lambda: with_changed_cell(1, "Chỉ tiêu kế hoạch", "1.234"),
        "không rõ là số thập phân hay hàng nghìn",
        SHEET,
        3,
        "Chỉ tiêu kế hoạch",
    ),
    ("direction-on-yes-no", lambda: with_changed_cell(4, "Hướng", "tăng"), "không có hướng", SHEET, 6, "Hướng"),
    (
        "no-lead-agency",
        lambda: with_changed_cell(3, "Cơ quan chủ trì", None),
        "ít nhất một cơ quan chủ trì",
        SHEET,
        5,
        "Cơ quan chủ trì",
    ),
    (
        "percent-on-ratio",
        lambda: with_changed_cell(2, "Giá trị cơ sở", "116%"),
        "dấu % chỉ dùng cho chỉ tiêu loại tỷ lệ",
        SHEET,
        4,
        "Giá trị cơ sở",
    ),
    (
        "baseline-without-year",
        lambda: with_changed_cell(0, "Năm cơ sở", None),
        "thiếu năm cơ sở",
        SHEET,
        2,
        "Năm cơ sở",
    ),
    (
        "bad-yes-no",
        lambda: with_changed_cell(4, "Chỉ tiêu kế hoạch", "chắc chắn"),
        "ghi “có” hoặc “không”",
        SHEET,
        6,
        "Chỉ tiêu kế hoạch",
    ),
    ("missing-plan-code", lambda: plan_with(**{"Mã kế hoạch": None}), "thiếu “Mã kế hoạch”", "Kế hoạch", 2, "B"),
    (
        "bad-issue-date",
        lambda: plan_with(**{"Ngày ban hành": "31/02/2026"}),
        "không phải ngày dạng dd/mm/yyyy",
        "Kế hoạch",
        9,
        "B",
    ),
    (
        "bad-level",
        lambda: plan_with(**{"Cấp địa bàn": "thôn"}),
        "ghi “quốc gia”, “tỉnh”, “huyện” hoặc “xã”",
        "Kế hoạch",
        7,
        "B",
    ),
    ("years-reversed", lambda: plan_with(**{"Năm kết thúc": 2020}), "trước năm bắt đầu", "Kế hoạch", 11, "B"),
    (
        "unknown-parent-plan",
        lambda: plan_with(**{"Kế hoạch cấp trên": "KHONG-CO"}),
        "chưa có kế hoạch mã “KHONG-CO”",
        "Kế hoạch",
        None,
        "",
    ),
]


@pytest.mark.parametrize(
    ("data", "fragment", "sheet", "row", "column"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_workbook_is_refused_with_its_place_and_nothing_written(data, fragment, sheet, row, column):
    with pytest.raises(WorkbookInvalid) as refused:
        plan_import(data=data(), actor=None)

    matching = [p for p in refused.value.problems if fragment in p.message]
    assert matching, [str(p) for p in refused.value.problems]
    problem = matching[0]
    assert (problem.sheet, problem.row, problem.column) == (sheet, row, column)
    assert not Plan.objects.exists()
    assert not Agency.objects.exists()
    assert not AdministrativeUnit.objects.exists()


def test_every_problem_is_reported_not_only_the_first():
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[0]["Loại"] = "phần trăm"
    rows[1]["Chỉ tiêu kế hoạch"] = "nhiều"
    rows[3]["Hướng"] = "lên"
    with pytest.raises(WorkbookInvalid) as refused:
        plan_import(data=to_bytes(plan_workbook(rows=rows)), actor=None)

    places = {(p.row, p.column) for p in refused.value.problems}
    assert places == {(2, "Loại"), (3, "Chỉ tiêu kế hoạch"), (5, "Hướng")}
    assert "Sheet “Chỉ tiêu”, dòng 3, cột “Chỉ tiêu kế hoạch”: “nhiều” không phải là số." in str(refused.value)


def test_a_broken_update_leaves_the_existing_plan_untouched(bac_yen):
    from io import BytesIO

    from openpyxl import load_workbook

    from indicators.workbooks.plan import plan_workbook_write

    before = list(Indicator.objects.filter(plan=bac_yen).values().order_by("code"))
    workbook = load_workbook(BytesIO(plan_workbook_write(bac_yen)))
    sheet = workbook[SHEET]
    sheet["D2"] = "Tên mới sẽ không được ghi"  # a valid change…
    sheet["K3"] = "150"  # …and a percent over 100 further down

    with pytest.raises(WorkbookInvalid):
        plan_import(data=to_bytes(workbook), actor=None)

    assert list(Indicator.objects.filter(plan=bac_yen).values().order_by("code")) == before


def test_command_exits_non_zero_listing_problems(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(with_changed_cell(0, "Loại", "phần trăm"))

    with pytest.raises(CommandError) as failed:
        call_command("import_plan", str(path))

    assert "1 lỗi, không có gì được ghi" in str(failed.value)
    assert "dòng 2, cột “Loại”" in str(failed.value)
    assert not Plan.objects.exists()
