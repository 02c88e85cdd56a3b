"""Broken values workbooks are refused with every problem named (sheet, row, column, what), and nothing is written."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from indicators.models import (
    Assignment,
    AssignmentRole,
    DataValue,
    Direction,
    Indicator,
    Kind,
    PeriodReopening,
    ValueChange,
)
from indicators.services.values_import import values_import
from indicators.workbooks.reader import WorkbookInvalid
from indicators.workbooks.values import VALUE_HEADERS
from plans.models import Agency, Plan, UnitLevel
from tests.factories import UnitFactory
from tests.workbooks import value_row, values_book

pytestmark = pytest.mark.django_db
PLAN = "BACYEN-2021-2025"
SHEET = "Số liệu"


VALID = value_row("1.1a", "2024", "15,38")


def with_row(broken: dict, **kwargs) -> bytes:
    """A valid row 2, then the broken row 3: the valid row must not be written either."""
    return values_book([VALID, broken], **kwargs)


def empty_sheet() -> bytes:
    workbook = Workbook()
    workbook.active.title = SHEET
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def formula(workbook):
    workbook[SHEET]["E3"] = "=10+5"


def merged(workbook):
    workbook[SHEET].merge_cells("H2:H3")


def percent_format(workbook):
    workbook[SHEET]["E3"].number_format = "0%"


@pytest.fixture
def plan_with_more(bac_yen):
    """Bắc Yên with a commune (Hang Chú, 1.1b reported by commune) and a count indicator (6.3)."""
    Indicator.objects.filter(plan=bac_yen, code="1.1b").update(reported_by_commune=True)
    UnitFactory(name="Hang Chú", level=UnitLevel.COMMUNE, parent=bac_yen.territory)
    count = Indicator.objects.create(
        plan=bac_yen,
        goal=bac_yen.goals.get(number=6),
        code="6.3",
        position=30,
        name="Số người được trợ giúp pháp lý",
        unit="người",
        kind=Kind.COUNT,
        factor=1,
        direction=Direction.INCREASE,
    )
    justice = Agency.objects.get(unit=bac_yen.territory, name="Phòng Tư pháp")
    Assignment.objects.create(indicator=count, agency=justice, role=AssignmentRole.LEAD)
    return bac_yen


# (id, workbook bytes factory, expected message fragment, sheet, Excel row, column)
BROKEN = [
    ("not-xlsx", lambda: "Mã;Giá trị\n1.1a;15".encode(), "không phải là sổ Excel", "", None, ""),
    ("empty-file", lambda: b"", "Tệp trống", "", None, ""),
    ("missing-sheet", lambda: values_book([VALID], title="Sheet1"), "Thiếu sheet “Số liệu”", "", None, ""),
    ("empty-sheet", empty_sheet, "sheet trống", SHEET, None, ""),
    ("no-rows", lambda: values_book([]), "không có dòng số liệu nào", SHEET, None, ""),
    (
        "missing-column",
        lambda: values_book([VALID], headers=[h for h in VALUE_HEADERS if h != "Giá trị"]),
        "thiếu cột “Giá trị”",
        SHEET,
        1,
        "",
    ),
    (
        "unknown-plan",
        lambda: with_row(value_row("1.1a", "2024", 5, plan="KHONG-CO")),
        "không có kế hoạch mã “KHONG-CO”",
        SHEET,
        3,
        "Mã kế hoạch",
    ),  # fmt: skip
    (
        "blank-plan-code",
        lambda: with_row(value_row("1.1a", "2024", 5, plan=None)),
        "thiếu mã kế hoạch",
        SHEET,
        3,
        "Mã kế hoạch",
    ),  # fmt: skip
    (
        "blank-indicator-code",
        lambda: with_row(value_row(None, "2024", 5)),
        "thiếu mã chỉ tiêu",
        SHEET,
        3,
        "Mã chỉ tiêu",
    ),
    (
        "unknown-indicator",
        lambda: with_row(value_row("9.9", "2024", 5)),
        "kế hoạch BACYEN-2021-2025 không có chỉ tiêu mã “9.9”",
        SHEET,
        3,
        "Mã chỉ tiêu",
    ),
    (
        "period-outside-plan",
        lambda: with_row(value_row("1.1a", "2030", 5)),
        "kế hoạch BACYEN-2021-2025 (2021–2025) không có kỳ báo cáo 2030",
        SHEET,
        3,
        "Kỳ báo cáo",
    ),
    (
        "bad-period-code",
        lambda: with_row(value_row("1.1a", "Quý 1/2024", 5)),
        "Kỳ báo cáo “Quý 1/2024” không hợp lệ: dùng YYYYS1",
        SHEET,
        3,
        "Kỳ báo cáo",
    ),
    ("blank-period", lambda: with_row(value_row("1.1a", None, 5)), "thiếu kỳ báo cáo", SHEET, 3, "Kỳ báo cáo"),
    (
        "percent-over-100",
        lambda: with_row(value_row("1.1b", "2024", "120%")),
        "tỷ lệ 120% vượt quá 100%",
        SHEET,
        3,
        "Giá trị",
    ),  # fmt: skip
    (
        "numerator-over-denominator",
        lambda: with_row(value_row("2.1", "2024", numerator=15, denominator=13)),
        "tử số (15) không được lớn hơn mẫu số (13)",
        SHEET,
        3,
        "Tử số",
    ),
    (
        "value-disagrees-with-numerator",
        lambda: with_row(value_row("2.1", "2024", "20", numerator=2, denominator=13)),
        "giá trị 20 không khớp với tử số/mẫu số (2/13 → 15,3846)",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "numerator-without-denominator",
        lambda: with_row(value_row("2.1", "2024", numerator=2)),
        "cần cả tử số và mẫu số",
        SHEET,
        3,
        "Mẫu số",
    ),
    ("negative-count", lambda: with_row(value_row("6.3", "2024", -3)), "không được âm", SHEET, 3, "Giá trị"),
    (
        "count-not-whole",
        lambda: with_row(value_row("6.3", "2024", "2,5")),
        "số lượng phải là số nguyên",
        SHEET,
        3,
        "Giá trị",
    ),  # fmt: skip
    (
        "ambiguous-thousands",
        lambda: with_row(value_row("6.3", "2024", "1.234")),
        "không rõ là số thập phân hay hàng nghìn",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "text-in-number",
        lambda: with_row(value_row("1.1b", "2024", "khoảng 15")),
        "“khoảng 15” không phải là số",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "percent-on-ratio",
        lambda: with_row(value_row("3.1", "2024", "2%")),
        "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "percent-formatted-cell-on-count",
        lambda: with_row(value_row("6.3", "2024", 0.5), extra=percent_format),
        "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "bad-yes-no",
        lambda: with_row(value_row("5.1", "2024", "chắc chắn")),
        "chọn “có” hoặc “không”",
        SHEET,
        3,
        "Giá trị",
    ),
    (
        "numerator-on-yes-no",
        lambda: with_row(value_row("5.1", "2024", "có", numerator=1, denominator=1)),
        "chỉ tiêu có/không không có tử số, mẫu số",
        SHEET,
        3,
        "Tử số",
    ),
    (
        "unknown-commune",
        lambda: with_row(value_row("1.1b", "2024", 30, unit="xã Không Có")),
        "không có địa bàn tên “xã Không Có” thuộc huyện Bắc Yên",
        SHEET,
        3,
        "Địa bàn",
    ),
    (
        "commune-for-territory-indicator",
        lambda: with_row(value_row("1.1a", "2023", 30, unit="Hang Chú")),
        "chỉ tiêu 1.1a không báo cáo theo địa bàn",
        SHEET,
        3,
        "Địa bàn",
    ),
    (
        "duplicate-rows",
        lambda: with_row(value_row("1.1a", "Năm 2024", "16", unit="huyện Bắc Yên")),
        "trùng với dòng 2 (cùng chỉ tiêu, kỳ và địa bàn)",
        SHEET,
        3,
        "Mã chỉ tiêu",
    ),
    ("formula", lambda: with_row(value_row("1.1b", "2024"), extra=formula), "ô E3 chứa công thức", SHEET, 3, "E"),
    ("merged-cells", lambda: with_row(value_row("1.1b", "2024", 5), extra=merged), "ô gộp H2:H3", SHEET, None, ""),
]


def nothing_written(before: tuple) -> bool:
    return (list(DataValue.objects.values().order_by("pk")), ValueChange.objects.count()) == before


def state() -> tuple:
    return list(DataValue.objects.values().order_by("pk")), ValueChange.objects.count()


@pytest.mark.parametrize(
    ("data", "fragment", "sheet", "row_number", "column"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_workbook_is_refused_with_its_place_and_nothing_written(
    plan_with_more, data, fragment, sheet, row_number, column
):
    values_import(data=values_book([value_row("1.1a", "2023", "10")]), actor=None)  # a figure that must stay as it is
    before = state()

    with pytest.raises(WorkbookInvalid) as refused:
        values_import(data=data(), actor=None, file_name="hong.xlsx")

    matching = [p for p in refused.value.problems if fragment in p.message]
    assert matching, [str(p) for p in refused.value.problems]
    problem = matching[0]
    assert (problem.sheet, problem.row, problem.column) == (sheet, row_number, column)
    assert nothing_written(before)


# ---------------------------------------------------------------- uploads by agencies


def approve_1_1a_2025(plan):
    values_import(data=values_book([value_row("1.1a", "2025", "15,38")]), actor=None)


# (id, actor, period of the upload, submit, rows, setup, fragment, Excel row, column)
BROKEN_UPLOADS = [
    (
        "locked-period",
        "reporter",
        "2024",
        False,
        [value_row("1.1a", "2024", "40"), value_row("1.1b", "2024", "41")],
        None,
        "kỳ năm 2024 đã khóa (hoặc chưa mở) với Phòng Nội vụ; đề nghị điều phối mở lại kỳ báo cáo",
        2,
        "Kỳ báo cáo",
    ),
    (
        "approved-figure",
        "reporter",
        "2025",
        True,
        [value_row("1.1b", "2025", "30"), value_row("1.1a", "2025", "20")],
        approve_1_1a_2025,
        "số liệu chỉ tiêu 1.1a kỳ 2025 (Bắc Yên) đã được duyệt; đề nghị điều phối bỏ duyệt trước khi sửa",
        3,
        "Giá trị",
    ),
    (
        "another-agencys-indicator",
        "reporter",
        "2025",
        False,
        [value_row("1.1a", "2025", "30"), value_row("2.1", "2025", "30")],
        None,
        "chỉ tiêu 2.1 không được giao cho Phòng Nội vụ",
        3,
        "Mã chỉ tiêu",
    ),
    (
        "a-leader-cannot-upload",
        "leader",
        "2025",
        False,
        [value_row("1.1a", "2025", "30")],
        None,
        "bạn không được nhập số liệu chỉ tiêu 1.1a",
        2,
        "Mã chỉ tiêu",
    ),
    (
        "another-plans-code",
        "reporter",
        "2025",
        False,
        [value_row("1.1a", "2025", "30", plan="SONLA-2021-2025")],
        None,
        "sổ này dành cho kế hoạch BACYEN-2021-2025; dòng này ghi “SONLA-2021-2025”",
        2,
        "Mã kế hoạch",
    ),
    (
        "another-period",
        "reporter",
        "2025",
        False,
        [value_row("1.1a", "2025S1", "30")],
        None,
        "sổ này dành cho kỳ 2025 (năm 2025); dòng này ghi kỳ 2025S1",
        2,
        "Kỳ báo cáo",
    ),
    (
        "submit-without-value",
        "reporter",
        "2025",
        True,
        [value_row("1.1a", "2025", note="Chưa có số liệu")],
        None,
        "chưa có giá trị để gửi",
        2,
        "Giá trị",
    ),
]


@pytest.mark.parametrize(
    ("actor", "period_code", "submit", "rows", "setup", "fragment", "row_number", "column"),
    [c[1:] for c in BROKEN_UPLOADS],
    ids=[c[0] for c in BROKEN_UPLOADS],
)
def test_broken_upload_is_refused_with_its_place_and_nothing_written(
    bac_yen, users, actor, period_code, submit, rows, setup, fragment, row_number, column
):
    PeriodReopening.objects.create(
        period=bac_yen.periods.get(code="2025"),
        agency=None,
        until=timezone.localdate() + timedelta(days=30),
        created_at=timezone.now(),
    )
    if setup:
        setup(bac_yen)
    before = state()

    with pytest.raises(WorkbookInvalid) as refused:
        values_import(
            data=values_book(rows),
            actor=users[actor],
            plan=bac_yen,
            period=bac_yen.periods.get(code=period_code),
            submit=submit,
            file_name="tai-len.xlsx",
        )

    matching = [p for p in refused.value.problems if fragment in p.message]
    assert matching, [str(p) for p in refused.value.problems]
    problem = matching[0]
    assert (problem.sheet, problem.row, problem.column) == (SHEET, row_number, column)
    assert nothing_written(before)


def test_a_locked_period_is_reported_once_not_on_every_row(bac_yen, users):
    with pytest.raises(WorkbookInvalid) as refused:
        values_import(
            data=values_book([value_row("1.1a", "2024", "40"), value_row("1.1b", "2024", "41")]),
            actor=users["reporter"],
            plan=bac_yen,
            period=bac_yen.periods.get(code="2024"),
        )

    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "Kỳ báo cáo")]


def test_every_problem_is_reported_not_only_the_first(plan_with_more):
    data = values_book(
        [
            value_row("1.1a", "2024", "120%"),
            value_row("9.9", "2024", "5"),
            value_row("2.1", "Quý 3", numerator=15, denominator=13),
            VALID,
            value_row("6.3", "2024", -1, unit="xã Không Có"),
            value_row("9.8", "2031", "5"),
        ]
    )

    with pytest.raises(WorkbookInvalid) as refused:
        values_import(data=data, actor=None)

    places = [(p.row, p.column) for p in refused.value.problems]
    assert places == [
        (2, "Giá trị"),
        (3, "Mã chỉ tiêu"),
        (4, "Kỳ báo cáo"),
        (4, "Tử số"),
        (5, "Mã chỉ tiêu"),
        (6, "Địa bàn"),
        (6, "Giá trị"),
        (7, "Mã chỉ tiêu"),
        (7, "Kỳ báo cáo"),
    ]
    assert "Sheet “Số liệu”, dòng 2, cột “Giá trị”: tỷ lệ 120% vượt quá 100%." in str(refused.value)
    assert not DataValue.objects.exists()


def test_a_broken_update_leaves_stored_figures_untouched(bac_yen):
    values_import(data=values_book([value_row("1.1a", "2024", "15,38"), value_row("1.1b", "2024", "60")]), actor=None)
    before = state()

    with pytest.raises(WorkbookInvalid):
        values_import(data=values_book([value_row("1.1a", "2024", "20"), value_row("1.1b", "2024", "160")]), actor=None)

    assert nothing_written(before)


def test_import_values_exits_non_zero_listing_every_problem(bac_yen, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(
        values_book([value_row("1.1a", "2024", "120%"), value_row("9.9", "2024", "5"), value_row("1.1b", "2031", "5")])
    )

    with pytest.raises(CommandError) as failed:
        call_command("import_values", str(path))

    message = str(failed.value)
    assert "Không nhập được hong.xlsx: 3 lỗi, không có gì được ghi." in message
    assert "- Sheet “Số liệu”, dòng 2, cột “Giá trị”: tỷ lệ 120% vượt quá 100%." in message
    assert (
        "- Sheet “Số liệu”, dòng 3, cột “Mã chỉ tiêu”: kế hoạch BACYEN-2021-2025 không có chỉ tiêu mã “9.9”." in message
    )
    assert "dòng 4, cột “Kỳ báo cáo”" in message
    assert not DataValue.objects.exists()
    assert Plan.objects.filter(code=PLAN).exists()


def test_import_values_of_a_missing_file_fails(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_values", str(tmp_path / "khong-co.xlsx"))
