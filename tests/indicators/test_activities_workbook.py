"""The activities workbook of DESIGN.md 7.6: import_activities and export_activities, the round trip a fixed point,
broken workbooks refused with every problem by sheet, row and column, and nothing written."""

from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from indicators.models import Activity, ActivityOutput, Theme, WorkPlan
from indicators.services.activities import ReportInput, activity_report_save
from indicators.services.activities_import import activities_import
from indicators.workbooks.activities import ACTIVITY_HEADERS, activities_workbook_write
from indicators.workbooks.reader import WorkbookInvalid
from plans.models import Agency

pytestmark = pytest.mark.django_db
SHEET = "Hoạt động"
PLAN = "THU-2021-2030"
FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[2] / "fixtures"


def row(code="1.1", **values) -> dict:
    base = {
        "Mã kế hoạch": PLAN,
        "Năm": 2024,
        "Mã hoạt động": code,
        "Nhóm nhiệm vụ": "Truyền thông",
        "Tên hoạt động": f"Tuyên truyền {code}",
        "Cơ quan chủ trì": "Phòng Văn hóa và Thông tin",
        "Cơ quan phối hợp": "Phòng Lao động - Thương binh và Xã hội",
        "Từ ngày": "15/11/2024",
        "Đến ngày": "15/12/2024",
        "Chỉ tiêu liên quan": "3.2; 6.1",
        "Đầu ra dự kiến": "3 hội nghị; 300 người (180 nữ, 120 nam)",
        "Ghi chú": "",
    }
    return base | values


def book(rows: list[dict], *, headers=ACTIVITY_HEADERS, title_rows=0, edit=None, header_sheet=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for number in range(title_rows):
        sheet.append([f"Tiêu đề {number + 1}"])
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    if header_sheet:
        extra = workbook.create_sheet("Kế hoạch năm")
        for line in header_sheet:
            extra.append(line)
    if edit:
        edit(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot():
    return (
        list(WorkPlan.objects.values_list("code", "year", "title")),
        list(Theme.objects.order_by("pk").values_list("name", "position")),
        list(Activity.objects.order_by("pk").values_list("code", "name", "start_date", "end_date", "notes")),
        list(ActivityOutput.objects.order_by("pk").values_list("label", "quantity", "women", "men")),
        Agency.objects.count(),
    )


def test_a_workbook_creates_the_work_plan_its_themes_and_activities(world):
    WorkPlan.objects.all().delete()
    summary = activities_import(
        data=book(
            [
                row("1.1"),
                row("1.2", **{"Từ ngày": None, "Đến ngày": None, "Cơ quan phối hợp": "Đài Truyền thanh huyện"}),
                row("2.1", **{"Nhóm nhiệm vụ": "Kiểm tra", "Đầu ra dự kiến": "2 cuộc kiểm tra"}),
            ],
            title_rows=2,
        )
    )
    work_plan = WorkPlan.objects.get()
    assert (work_plan.code, work_plan.year, work_plan.title) == (
        "THU-2021-2030-2024",
        2024,
        "Kế hoạch công tác bình đẳng giới năm 2024",
    )
    assert [theme.name for theme in work_plan.themes.order_by("position")] == ["Truyền thông", "Kiểm tra"]
    one, two, three = Activity.objects.order_by("position")
    assert (one.start_date, one.end_date) == (date(2024, 11, 15), date(2024, 12, 15))
    assert (two.start_date, two.end_date) == (date(2024, 1, 1), date(2024, 12, 31))  # blank dates: the whole year
    assert one.lead_agency == world.agencies["vhtt"]
    assert list(one.coordinating_agencies.all()) == [world.agencies["ldtbxh"]]
    assert {i.code for i in one.indicators.all()} == {"3.2", "6.1"}
    assert [(o.kind, o.quantity, o.women, o.men) for o in one.outputs.order_by("position")] == [
        ("events", 3, None, None),
        ("participants", 300, 180, 120),
    ]
    assert "Cơ quan: 1 tạo mới" in summary.text() and "Đài Truyền thanh huyện" in " ".join(summary.changes)
    assert three.outputs.get().kind == "inspections"


def test_the_round_trip_is_a_fixed_point(world):
    first = activities_workbook_write(world.work_plan)
    before = snapshot()
    summary = activities_import(data=first)
    assert not summary.has_changes and summary.unchanged == 3
    assert snapshot() == before
    second = activities_workbook_write(WorkPlan.objects.get())
    cells = [[[cell.value for cell in line] for line in sheet.iter_rows()] for sheet in load_workbook(BytesIO(first))]
    again = [[[cell.value for cell in line] for line in sheet.iter_rows()] for sheet in load_workbook(BytesIO(second))]
    assert cells == again


def test_the_hon_quan_fixture_round_trips(world):
    call_command("import_plan", str(FIXTURES / "hon_quan_2021_2030.xlsx"), verbosity=0)
    summary = activities_import(data=(FIXTURES / "hon_quan_2024_activities.xlsx").read_bytes())
    assert summary.counts[("hoạt động", "tạo mới")] == 45
    work_plan = WorkPlan.objects.get(code="HONQUAN-2024")
    exported = activities_workbook_write(work_plan)
    again = activities_import(data=exported)
    assert not again.has_changes and again.unchanged == 45
    action_month = Activity.objects.filter(work_plan=work_plan, start_date=date(2024, 11, 15))
    assert {a.lead_agency.name for a in action_month} == {
        "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Văn hóa và Thông tin",
        "Ủy ban nhân dân các xã, thị trấn",
    }


def test_a_second_import_updates_in_place_and_removes_what_is_left_out(world):
    WorkPlan.objects.all().delete()
    activities_import(data=book([row("1.1"), row("1.2"), row("2.1", **{"Nhóm nhiệm vụ": "Kiểm tra"})]))
    kept = Activity.objects.get(code="1.1").pk
    summary = activities_import(data=book([row("1.1", **{"Tên hoạt động": "Tên mới", "Đầu ra dự kiến": "4 hội nghị"})]))
    assert list(Activity.objects.values_list("pk", "name")) == [(kept, "Tên mới")]
    assert list(Theme.objects.values_list("name", flat=True)) == ["Truyền thông"]
    assert "Cập nhật hoạt động 1.1 (THU-2021-2030-2024): tên, đầu ra dự kiến" in summary.changes
    assert "Xóa hoạt động 1.2 (THU-2021-2030-2024)" in summary.changes


def test_the_work_plan_sheet_sets_the_header(world):
    header = [
        ["Mã kế hoạch", "Năm", "Mã kế hoạch năm", "Số hiệu", "Tên kế hoạch năm", "Cơ quan ban hành", "Ngày ban hành"],
        [PLAN, 2024, "THU-2024", "322/KH-UBND", "Kế hoạch Tháng hành động 2024", "UBND huyện Thử", "31/10/2024"],
    ]
    activities_import(data=book([row("3.1")], header_sheet=header), dry_run=False)
    work_plan = WorkPlan.objects.get()
    assert (work_plan.document_number, work_plan.title, work_plan.issue_date) == (
        "322/KH-UBND",
        "Kế hoạch Tháng hành động 2024",
        date(2024, 10, 31),
    )


def test_a_dry_run_says_what_would_change_and_writes_nothing(world):
    before = snapshot()
    summary = activities_import(data=book([row("9.9")]), dry_run=True)
    assert "Tạo mới hoạt động 9.9 (THU-2024)" in summary.changes and summary.dry_run
    assert snapshot() == before


def test_an_activity_with_reports_cannot_be_left_out(world):
    activity_report_save(
        actor=world.users["reporter_lead"],
        activity=world.activities["3.1"],
        period=world.periods["2024"],
        data=ReportInput(progress="in_progress"),
    )
    before = snapshot()
    with pytest.raises(WorkbookInvalid) as refused:
        activities_import(data=book([row("2.1"), row("4.1"), row("9.1")]))
    assert [str(problem) for problem in refused.value.problems] == [
        "Sheet “Hoạt động”: hoạt động 3.1 (“Tổ chức Tháng hành động vì bình đẳng giới”) của kế hoạch năm 2024 không "
        "còn trong sổ nhưng đã có báo cáo của cơ quan, nên không xóa được; hãy giữ dòng của hoạt động này."
    ]
    assert snapshot() == before


def test_a_user_imports_only_into_the_plans_they_manage(world):
    before = snapshot()
    with pytest.raises(WorkbookInvalid) as refused:
        activities_import(data=book([row("1.1")]), actor=world.users["other_coordinator"])
    assert str(refused.value.problems[0]) == (
        "Sheet “Hoạt động”, dòng 2, cột “Mã kế hoạch”: không có kế hoạch mã “THU-2021-2030”."
    )
    assert snapshot() == before
    activities_import(data=book([row("1.1")]), actor=world.users["coordinator"])
    assert Activity.objects.filter(code="1.1").exists()


def _formula(workbook):
    workbook[SHEET]["E3"] = "=1+1"


def _merged(workbook):
    workbook[SHEET].merge_cells("D2:D3")


# (rows of the broken workbook after a valid row 2, what the problem says, where: (row, column))
BROKEN = [
    ({"Mã kế hoạch": "KHONG-CO"}, "không có kế hoạch mã “KHONG-CO”", (3, "Mã kế hoạch")),
    ({"Năm": 2031}, "năm 2031 nằm ngoài thời gian của kế hoạch THU-2021-2030 (2021–2030)", (3, "Năm")),
    ({"Năm": "hai nghìn"}, "“hai nghìn” không phải là năm", (3, "Năm")),
    ({"Mã hoạt động": "1.1"}, "mã hoạt động 1.1 đã dùng ở dòng 2", (3, "Mã hoạt động")),
    ({"Mã hoạt động": "2 1"}, "mã “2 1” không hợp lệ", (3, "Mã hoạt động")),
    ({"Mã hoạt động": None}, "thiếu mã hoạt động", (3, "Mã hoạt động")),
    ({"Nhóm nhiệm vụ": None}, "thiếu nhóm nhiệm vụ", (3, "Nhóm nhiệm vụ")),
    ({"Tên hoạt động": " "}, "thiếu tên hoạt động", (3, "Tên hoạt động")),
    ({"Tên hoạt động": "x" * 1001}, "tên hoạt động dài 1.001 ký tự, quá 1.000 ký tự cho phép", (3, "Tên hoạt động")),
    ({"Cơ quan chủ trì": None}, "thiếu cơ quan chủ trì", (3, "Cơ quan chủ trì")),
    ({"Cơ quan chủ trì": "Phòng A; Phòng B"}, "mỗi hoạt động có một cơ quan chủ trì", (3, "Cơ quan chủ trì")),
    (
        {"Cơ quan phối hợp": "Phòng Văn hóa và Thông tin"},
        "Phòng Văn hóa và Thông tin đã là cơ quan chủ trì",
        (3, "Cơ quan phối hợp"),
    ),
    ({"Từ ngày": "31/02/2024"}, "“31/02/2024” không phải ngày dạng dd/mm/yyyy", (3, "Từ ngày")),
    ({"Từ ngày": "2024-11-15"}, "không phải ngày dạng dd/mm/yyyy", (3, "Từ ngày")),
    ({"Đến ngày": None}, "ghi cả “Từ ngày” và “Đến ngày”", (3, "Đến ngày")),
    ({"Từ ngày": "16/12/2024"}, "“Đến ngày” 15/12/2024 trước “Từ ngày” 16/12/2024", (3, "Đến ngày")),
    ({"Đến ngày": "15/01/2025"}, "nằm ngoài năm 2024 của kế hoạch năm", (3, "Đến ngày")),
    (
        {"Chỉ tiêu liên quan": "3.2; 9.9"},
        "kế hoạch THU-2021-2030 không có chỉ tiêu mã “9.9”",
        (3, "Chỉ tiêu liên quan"),
    ),
    ({"Đầu ra dự kiến": "ba hội nghị"}, "không đọc được “ba hội nghị”", (3, "Đầu ra dự kiến")),
    (
        {"Đầu ra dự kiến": "300 người (200 nữ, 120 nam)"},
        "200 nữ cộng 120 nam không bằng tổng số 300",
        (3, "Đầu ra dự kiến"),
    ),
    ({"edit": _formula}, "ô E3 chứa công thức", (3, "Tên hoạt động")),
    ({"edit": _merged}, "có ô gộp D2:D3", (2, "Nhóm nhiệm vụ")),
]


@pytest.mark.parametrize(("broken", "says", "where"), BROKEN, ids=[says[:40] for _, says, _ in BROKEN])
def test_a_broken_workbook_is_refused_at_its_row_and_column(world, broken, says, where):
    broken = dict(broken)
    edit = broken.pop("edit", None)
    before = snapshot()
    data = book([row("1.1"), row("1.2", **broken)], edit=edit)
    with pytest.raises(WorkbookInvalid) as refused:
        activities_import(data=data)
    found = [p for p in refused.value.problems if says in p.message]
    assert found, [str(p) for p in refused.value.problems]
    assert (found[0].sheet, found[0].row, found[0].column) == (SHEET, *where)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not an excel file at all", "không phải là sổ Excel .xlsx"),
        (book([row()], headers=[h for h in ACTIVITY_HEADERS if h != "Cơ quan chủ trì"]), "thiếu cột “Cơ quan chủ trì”"),
        (book([]), "sheet không có dòng hoạt động nào"),
    ],
)
def test_an_unreadable_workbook_is_refused_whole(world, data, says):
    before = snapshot()
    with pytest.raises(WorkbookInvalid) as refused:
        activities_import(data=data)
    assert any(says in str(problem) for problem in refused.value.problems)
    assert snapshot() == before


def test_a_workbook_without_the_sheet_is_refused(world):
    workbook = Workbook()
    workbook.active.title = "Trang tính 1"
    buffer = BytesIO()
    workbook.save(buffer)
    with pytest.raises(WorkbookInvalid, match="Thiếu sheet “Hoạt động”"):
        activities_import(data=buffer.getvalue())


def test_every_problem_of_every_row_is_listed_in_order(world):
    data = book(
        [
            row("1.1", **{"Năm": 1900}),
            row("1.2", **{"Cơ quan chủ trì": None, "Đầu ra dự kiến": "abc"}),
        ]
    )
    with pytest.raises(WorkbookInvalid) as refused:
        activities_import(data=data)
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (2, "Năm"),
        (3, "Cơ quan chủ trì"),
        (3, "Đầu ra dự kiến"),
    ]


def test_the_commands(world, tmp_path, capsys):
    path = tmp_path / "hoat-dong.xlsx"
    call_command("export_activities", PLAN, "2024", str(path))
    assert "Đã ghi 3 hoạt động của kế hoạch năm THU-2024" in capsys.readouterr().out
    call_command("import_activities", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Chạy thử" in out and "Không có thay đổi nào." in out
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(book([row("1.1", **{"Năm": 1900})]))
    with pytest.raises(CommandError) as refused:
        call_command("import_activities", str(broken), "--user", "dp")
    assert "Không nhập được hong.xlsx: 1 lỗi, không có gì được ghi." in str(refused.value)
    assert "Sheet “Hoạt động”, dòng 2, cột “Năm”: năm 1900 không hợp lý" in str(refused.value)
    with pytest.raises(CommandError, match="chưa có kế hoạch năm 2030"):
        call_command("export_activities", PLAN, "2030", str(path))
    with pytest.raises(CommandError, match="Không có kế hoạch mã “KHONG”"):
        call_command("export_activities", "KHONG", "2024", str(path))
