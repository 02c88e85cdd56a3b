"""The values workbook (DESIGN.md 7.3): import by command and by upload, export, the agency's template."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from indicators.models import (
    Assignment,
    AssignmentRole,
    DataValue,
    Direction,
    Indicator,
    Kind,
    PeriodReopening,
    ValueAction,
    ValueChange,
    ValueStatus,
)
from indicators.services.values_import import values_import
from indicators.workbooks.values import VALUE_HEADERS, read_values_workbook, values_workbook_write
from plans.models import Agency, UnitLevel
from tests.factories import UnitFactory
from tests.workbooks import value_row, values_book

pytestmark = pytest.mark.django_db
PLAN = "BACYEN-2021-2025"
LD = "Phòng Lao động - Thương binh và Xã hội"


def run_import(tmp_path, data: bytes, *args, name="so-lieu.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = StringIO()
    call_command("import_values", str(path), *args, stdout=out)
    return out.getvalue()


def cells_of(data: bytes, sheet="Số liệu") -> list[tuple]:
    """The cells of DESIGN.md 7.3's columns (the read-only name and unit columns after them are tested apart)."""
    width = len(VALUE_HEADERS) if sheet == "Số liệu" else None
    return [tuple(r)[:width] for r in load_workbook(BytesIO(data))[sheet].iter_rows(values_only=True)]


def figure(code, period, unit=None) -> DataValue:
    values = DataValue.objects.filter(indicator__code=code, period__code=period)
    return values.get(unit__name=unit) if unit else values.get(unit__level=UnitLevel.DISTRICT)


@pytest.fixture
def hang_chu(bac_yen):
    """A commune of Bắc Yên, and indicator 1.1b reported by commune."""
    Indicator.objects.filter(plan=bac_yen, code="1.1b").update(reported_by_commune=True)
    return UnitFactory(name="Hang Chú", level=UnitLevel.COMMUNE, parent=bac_yen.territory)


@pytest.fixture
def more_kinds(bac_yen):
    """A count and a text indicator, which the Bắc Yên plan does not have."""
    goal = bac_yen.goals.get(number=6)
    justice = Agency.objects.get(unit=bac_yen.territory, name="Phòng Tư pháp")
    made = []
    for position, (code, kind, direction) in enumerate(
        [("6.3", Kind.COUNT, Direction.INCREASE), ("6.4", Kind.TEXT, "")], start=30
    ):
        indicator = Indicator.objects.create(
            plan=bac_yen, goal=goal, code=code, position=position, name=f"Chỉ tiêu thử {code}", kind=kind,
            factor=1, direction=direction, unit="người" if kind == Kind.COUNT else "",
        )  # fmt: skip
        Assignment.objects.create(indicator=indicator, agency=justice, role=AssignmentRole.LEAD)
        made.append(indicator)
    return made


@pytest.fixture
def open_2025(bac_yen):
    """Period 2025 (long locked by 2026) reopened for every agency until next month."""
    period = bac_yen.periods.get(code="2025")
    PeriodReopening.objects.create(
        period=period, agency=None, until=timezone.localdate() + timedelta(days=30), created_at=timezone.now()
    )
    return period


HISTORY = [
    value_row("1.1a", "2024", "15,38"),
    value_row("1.1b", "2024S1", "25%"),
    value_row("2.1", "2024", "15,38", numerator=2, denominator=13),
    value_row("3.1", "Năm 2023", "1,9", note="Điều tra mẫu"),
    value_row("4.1", 2024, 112.5),
    value_row("5.1", "6 tháng đầu năm 2024", "có"),
]


def test_import_creates_approved_figures_audited_as_imported_from_the_file(bac_yen, tmp_path):
    out = run_import(tmp_path, values_book(HISTORY))

    assert "Đã nhập: số liệu từ so-lieu.xlsx" in out
    assert "Số liệu: 6 tạo mới" in out
    assert figure("1.1a", "2024").value == Decimal("15.38")
    assert figure("1.1b", "2024S1").value == Decimal("25")
    computed = figure("2.1", "2024")
    assert (computed.value, computed.numerator, computed.denominator) == (Decimal("15.3846"), 2, 13)
    assert figure("3.1", "2023").value == Decimal("1.9")
    assert figure("3.1", "2023").note == "Điều tra mẫu"
    assert figure("4.1", "2024").value == Decimal("112.5")
    assert figure("5.1", "2024S1").value is True
    for value in DataValue.objects.all():
        assert value.status == ValueStatus.APPROVED
        assert value.entered_by is None
        assert value.unit == bac_yen.territory
        lead = value.indicator.assignments.filter(role=AssignmentRole.LEAD).order_by("pk").first().agency
        assert value.agency == lead
    assert figure("2.1", "2024").agency.name == LD
    change = ValueChange.objects.get(data_value=computed)
    assert (change.action, change.changed_by) == (ValueAction.IMPORTED, None)
    # Who ran the command is said even without --user: the system account that ran it.
    assert change.source.startswith("import_values (người chạy lệnh ") and change.source.endswith("): so-lieu.xlsx")
    assert (change.status_before, change.status_after, change.old) == ("", ValueStatus.APPROVED, {})
    assert change.new["value_number"] == "15.3846"
    assert (change.new["numerator"], change.new["denominator"]) == ("2", "13")
    assert ValueChange.objects.count() == 6


def test_a_cell_formatted_as_a_percentage_is_read_as_one(bac_yen):
    def percent_format(workbook):
        workbook["Số liệu"]["E2"].number_format = "0.00%"

    values_import(data=values_book([value_row("1.1a", "2024", 0.2538)], extra=percent_format), actor=None)

    assert figure("1.1a", "2024").value == Decimal("25.38")


def test_reimporting_the_same_file_changes_nothing(bac_yen, tmp_path):
    data = values_book(HISTORY)
    run_import(tmp_path, data)
    before = list(DataValue.objects.values().order_by("pk"))

    out = run_import(tmp_path, data)

    assert "Số liệu: 6 không đổi" in out
    assert "Không có thay đổi nào." in out
    assert list(DataValue.objects.values().order_by("pk")) == before
    assert ValueChange.objects.count() == 6


def test_export_then_import_changes_nothing_and_exports_the_same_cells(bac_yen, hang_chu, more_kinds, tmp_path):
    run_import(
        tmp_path,
        values_book(
            HISTORY
            + [
                value_row("1.1b", "2024S1", 30, unit="xã Hang Chú", numerator=3, denominator=10),
                value_row("6.3", "2022", "1.234,0"),
                value_row("6.4", "2022", "Bố trí đủ cán bộ", note="=không phải công thức"),
                value_row("5.1", "2022", "không"),
            ]
        ),
    )
    changes = ValueChange.objects.count()
    before = list(DataValue.objects.values().order_by("pk"))
    exported = tmp_path / "xuat.xlsx"
    call_command("export_values", PLAN, str(exported), stdout=StringIO())

    out = run_import(tmp_path, exported.read_bytes(), name="xuat.xlsx")
    call_command("export_values", PLAN, str(tmp_path / "lan-hai.xlsx"), stdout=StringIO())

    assert "Số liệu: 10 không đổi" in out
    assert ValueChange.objects.count() == changes
    assert list(DataValue.objects.values().order_by("pk")) == before
    assert cells_of(exported.read_bytes()) == cells_of((tmp_path / "lan-hai.xlsx").read_bytes())


def test_export_lists_figures_by_period_indicator_and_unit_as_plain_cells(bac_yen, hang_chu, more_kinds):
    values_import(
        data=values_book(
            [
                value_row("1.1b", "2024S1", "30", unit="Hang Chú"),
                value_row("6.4", "2022", "Bố trí đủ cán bộ", note="=SUM(A1:A3)"),
                value_row("1.1b", "2024S1", "25%"),
                value_row("5.1", "2024", "không"),
                value_row("2.1", "2024", numerator=2, denominator=13),
                value_row("1.1a", "2024", "15,38"),
                value_row("6.3", "2022", 12),
            ]
        ),
        actor=None,
    )

    cells = cells_of(values_workbook_write(bac_yen))

    assert cells == [
        tuple(VALUE_HEADERS),
        (PLAN, "6.3", "2022", None, 12, None, None, None),
        (PLAN, "6.4", "2022", None, "Bố trí đủ cán bộ", None, None, "=SUM(A1:A3)"),
        (PLAN, "1.1b", "2024S1", None, 25, None, None, None),
        (PLAN, "1.1b", "2024S1", "Hang Chú", 30, None, None, None),
        (PLAN, "1.1a", "2024", None, 15.38, None, None, None),
        (PLAN, "2.1", "2024", None, 15.3846, 2, 13, None),
        (PLAN, "5.1", "2024", None, "không", None, None, None),
    ]
    sheet = load_workbook(BytesIO(values_workbook_write(bac_yen)))["Số liệu"]
    assert sheet["H3"].data_type == "s"  # user text never becomes a formula


def test_a_commune_figure_is_written_with_the_commune_name(bac_yen, hang_chu):
    values_import(
        data=values_book(
            [value_row("1.1b", "2025", "40", unit="xã Hang Chú"), value_row("1.1b", "2025", "35", unit="huyện Bắc Yên")]
        ),
        actor=None,
    )

    assert figure("1.1b", "2025", "Hang Chú").value == Decimal("40")
    assert figure("1.1b", "2025").value == Decimal("35")
    assert [r[3] for r in cells_of(values_workbook_write(bac_yen))[1:]] == [None, "Hang Chú"]


def test_dry_run_shows_the_changes_and_writes_nothing(bac_yen, tmp_path):
    out = run_import(tmp_path, values_book(HISTORY), "--dry-run")

    assert "Chạy thử (không ghi gì vào cơ sở dữ liệu): số liệu từ so-lieu.xlsx" in out
    assert "Tạo mới 1.1a · 2024 · Bắc Yên: 15,38" in out
    assert "Tạo mới 2.1 · 2024 · Bắc Yên: 15,3846 (2/13)" in out
    assert not DataValue.objects.exists()
    assert not ValueChange.objects.exists()


def test_the_command_may_overwrite_an_approved_figure_keeping_old_and_new(bac_yen, tmp_path):
    run_import(tmp_path, values_book([value_row("1.1a", "2024", "15,38")]))

    out = run_import(tmp_path, values_book([value_row("1.1a", "2024", "20", note="Số liệu chính thức")]), "-v", "2")

    value = figure("1.1a", "2024")
    assert (value.value, value.note, value.version, value.status) == (
        Decimal("20"),
        "Số liệu chính thức",
        2,
        "approved",
    )
    last = value.changes.order_by("pk").last()
    assert (Decimal(last.old["value_number"]), Decimal(last.new["value_number"])) == (Decimal("15.38"), 20)
    assert (last.action, last.status_before, last.status_after) == ("imported", "approved", "approved")
    assert "Cập nhật 1.1a · 2024 · Bắc Yên: 15,38 → 20" in out


def test_blank_figure_rows_are_skipped_by_the_command(bac_yen, tmp_path):
    out = run_import(
        tmp_path,
        values_book(
            [value_row("1.1a", "2024", "15,38"), value_row("1.1b", "2024"), value_row("2.1", "2024", note="x")]
        ),
    )

    assert "Số liệu: 1 tạo mới, 2 bỏ qua (dòng trống)" in out
    assert "dòng 4: có ghi chú nhưng không có giá trị" in out
    assert DataValue.objects.count() == 1


def test_read_values_workbook_accepts_loose_headers_and_vietnamese_period_names():
    headers = ["ma ke hoach", "MÃ CHỈ TIÊU", "Kỳ  báo cáo", "Dia ban", "giá trị", "Tử số", "Mẫu số", "Ghichú"]
    data = values_book(
        [dict(zip(headers, [PLAN, "1.1a", "6 tháng đầu năm 2024", None, "15,38", None, None, "x"], strict=True))],
        headers,
    )

    [spec] = read_values_workbook(data)

    assert (spec.row, spec.plan_code, spec.indicator_code, spec.period_code) == (2, PLAN, "1.1a", "2024S1")
    assert (spec.unit_name, spec.value, spec.note) == ("", "15,38", "x")


def test_export_of_an_unknown_plan_fails(tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch mã “KHONG-CO”"):
        call_command("export_values", "KHONG-CO", str(tmp_path / "x.xlsx"))


# ---------------------------------------------------------------- the agency's template


def test_the_template_has_a_row_per_indicator_and_unit_the_agency_reports(bac_yen, hang_chu):
    period = bac_yen.periods.get(code="2025")
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    values_import(
        data=values_book([value_row("1.1b", "2025", "40", unit="Hang Chú", note="Theo báo cáo xã")]), actor=None
    )

    cells = cells_of(values_workbook_write(bac_yen, period=period, agency=noi_vu))

    assert cells[1:] == [
        (PLAN, "1.1a", "2025", None, None, None, None, None),
        (PLAN, "1.1b", "2025", None, None, None, None, None),
        (PLAN, "1.1b", "2025", "Hang Chú", 40, None, None, "Theo báo cáo xã"),
        (PLAN, "5.3", "2025", None, None, None, None, None),
        (PLAN, "5.4", "2025", None, None, None, None, None),
    ]
    guide = cells_of(values_workbook_write(bac_yen, period=period, agency=noi_vu), "Danh mục chỉ tiêu")
    assert [r[0] for r in guide[1:]] == ["1.1a", "1.1b", "5.3", "5.4"]


def _grow(plan, communes: int, figures_per_indicator: int):
    for n in range(communes):
        UnitFactory(name=f"Xã thử {n}", level=UnitLevel.COMMUNE, parent=plan.territory)
    Indicator.objects.filter(plan=plan).exclude(kind=Kind.BOOLEAN).update(reported_by_commune=True)
    rows = [
        value_row(indicator.code, period.code, "10", unit=unit)
        for indicator in Indicator.objects.filter(plan=plan).exclude(kind=Kind.BOOLEAN)
        for period in plan.periods.all()[:figures_per_indicator]
        for unit in [None] + [f"Xã thử {n}" for n in range(communes)]
    ]
    values_import(data=values_book(rows), actor=None)


@pytest.mark.parametrize("communes, periods", [(1, 1), (6, 4)])
def test_exports_run_a_fixed_number_of_queries(bac_yen, communes, periods):
    _grow(bac_yen, communes, periods)
    assert DataValue.objects.count() == 19 * (communes + 1) * periods
    period = bac_yen.periods.get(code="2021S1")
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")

    with CaptureQueriesContext(connection) as everything:
        values_workbook_write(bac_yen)
    with CaptureQueriesContext(connection) as template:
        values_workbook_write(bac_yen, period=period, agency=noi_vu)

    assert len(everything) == 2  # the figures; the periods of the drop-down lists (units come with the figures)
    # the agency's indicators; its units (whether it reports for the territory, by unit, then the units); the
    # period's figures; the periods of the drop-down lists
    assert len(template) == 7


# ---------------------------------------------------------------- uploads by agencies


def test_a_reporter_saves_a_draft_then_submits_it(bac_yen, users, open_2025):
    reporter = users["reporter"]
    template = load_workbook(BytesIO(values_workbook_write(bac_yen, period=open_2025, agency=reporter.agency)))
    template["Số liệu"]["E2"] = "36,5"
    buffer = BytesIO()
    template.save(buffer)

    summary = values_import(
        data=buffer.getvalue(), actor=reporter, plan=bac_yen, period=open_2025, file_name="noi-vu.xlsx"
    )

    value = figure("1.1a", "2025")
    assert (summary.created, summary.skipped) == (1, 3)
    assert (value.value, value.status, value.entered_by, value.agency) == (
        Decimal("36.5"),
        ValueStatus.DRAFT,
        reporter,
        reporter.agency,
    )
    assert (value.entered_on_behalf, value.submitted_at, value.version) == (False, None, 1)
    change = value.changes.get()
    assert (change.action, change.changed_by, change.source, change.on_behalf) == (
        ValueAction.SAVED,
        reporter,
        "tải lên sổ Excel: noi-vu.xlsx",
        False,
    )

    summary = values_import(
        data=values_book([value_row("1.1a", "2025", "36,5", note="Đã rà soát")]),
        actor=reporter,
        plan=bac_yen,
        period=open_2025,
        submit=True,
        file_name="noi-vu-2.xlsx",
    )

    value.refresh_from_db()
    assert summary.updated == 1
    assert (value.status, value.version, value.note) == (ValueStatus.SUBMITTED, 2, "Đã rà soát")
    assert value.submitted_at is not None and value.first_submitted_at == value.submitted_at
    last = value.changes.order_by("pk").last()
    assert (last.action, last.status_before, last.status_after, last.source) == (
        ValueAction.SUBMITTED,
        ValueStatus.DRAFT,
        ValueStatus.SUBMITTED,
        "tải lên sổ Excel: noi-vu-2.xlsx",
    )


def test_the_same_draft_uploaded_again_changes_nothing(bac_yen, users, open_2025):
    data = values_book([value_row("1.1a", "2025", "36,5")])
    values_import(data=data, actor=users["reporter"], plan=bac_yen, period=open_2025)

    summary = values_import(data=data, actor=users["reporter"], plan=bac_yen, period=open_2025)

    assert (summary.unchanged, summary.has_changes) == (1, False)
    assert ValueChange.objects.count() == 1


def test_an_identical_approved_row_is_fine_even_in_a_locked_period(bac_yen, users):
    values_import(data=values_book([value_row("1.1a", "2024", "15,38"), value_row("1.1b", "2024", "80")]), actor=None)
    period = bac_yen.periods.get(code="2024")
    template = values_workbook_write(bac_yen, period=period, agency=users["reporter"].agency)

    summary = values_import(data=template, actor=users["reporter"], plan=bac_yen, period=period, submit=True)

    assert (summary.unchanged, summary.created, summary.updated) == (2, 0, 0)
    assert ValueChange.objects.count() == 2
    assert figure("1.1a", "2024").status == ValueStatus.APPROVED


def test_a_coordinator_uploads_on_an_agencys_behalf(bac_yen, users, open_2025):
    summary = values_import(
        data=values_book([value_row("2.1", "2025", numerator=3, denominator=12), value_row("1.1a", "2025", "40")]),
        actor=users["coordinator"],
        plan=bac_yen,
        period=open_2025,
        submit=True,
        file_name="dieu-phoi.xlsx",
    )

    assert summary.created == 2
    value = figure("2.1", "2025")
    assert (value.value, value.status, value.entered_by) == (Decimal("25"), "submitted", users["coordinator"])
    assert (value.entered_on_behalf, value.agency.name) == (True, LD)
    assert value.changes.get().on_behalf is True
    assert figure("1.1a", "2025").agency.name == "Phòng Nội vụ"


def test_the_command_approves_a_submitted_figure_without_changing_who_entered_it(bac_yen, users, open_2025):
    values_import(
        data=values_book([value_row("1.1a", "2025", "40")]),
        actor=users["reporter"],
        plan=bac_yen,
        period=open_2025,
        submit=True,
    )

    summary = values_import(data=values_book([value_row("1.1a", "2025", "40")]), actor=None, file_name="duyet.xlsx")

    value = figure("1.1a", "2025")
    assert summary.updated == 1
    assert summary.changes == ["Cập nhật 1.1a · 2025 · Bắc Yên: 40 → 40 (đã gửi → đã duyệt)"]
    assert (value.status, value.entered_by, value.version) == (ValueStatus.APPROVED, users["reporter"], 2)


def test_an_unseen_plans_values_import_and_export_unchanged(db, tmp_path):
    """A commune plan of 2026–2030 this project has never seen: figures in, out, in again — nothing changes."""
    from django.core.management import call_command

    from indicators.services import plan_import
    from tests.workbooks import plan_workbook, sheet_values
    from tests.workbooks import to_bytes as as_bytes

    plan_import(data=as_bytes(plan_workbook()), actor=None)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["Mã kế hoạch", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    sheet.append(["THU-2026-2030", "1.1", "2026S1", None, None, 3, 16, "Theo số liệu của Văn phòng"])
    sheet.append(["THU-2026-2030", "1.2", "Năm 2026", None, 12, None, None, None])
    sheet.append(["THU-2026-2030", "2.1", "2027S1", None, "112,8", None, None, None])
    sheet.append(["THU-2026-2030", "3.1", "2026", None, "có", None, None, None])
    sheet.append(["THU-2026-2030", "3.2", "2026", None, "Đã bố trí 1 cán bộ", None, None, None])
    source = tmp_path / "so-lieu.xlsx"
    source.write_bytes(as_bytes(workbook))
    call_command("import_values", str(source), stdout=StringIO())
    exported = tmp_path / "xuat.xlsx"
    call_command("export_values", "THU-2026-2030", str(exported), stdout=StringIO())
    changes = ValueChange.objects.count()

    call_command("import_values", str(exported), stdout=StringIO())

    assert ValueChange.objects.count() == changes
    again = tmp_path / "xuat-lai.xlsx"
    call_command("export_values", "THU-2026-2030", str(again), stdout=StringIO())
    assert sheet_values(again.read_bytes()) == sheet_values(exported.read_bytes())
    rows = [row[:8] for row in sheet_values(exported.read_bytes())["Số liệu"]]
    assert ("THU-2026-2030", "1.1", "2026S1", None, 18.75, 3, 16, "Theo số liệu của Văn phòng") in rows
    assert ("THU-2026-2030", "3.1", "2026", None, "có", None, None, None) in rows


# ---------------------------------------------------------------- reading aids in the agency's workbook


def test_the_template_names_each_indicator_and_unit_in_read_only_columns_and_offers_drop_downs(bac_yen, hang_chu):
    period = bac_yen.periods.get(code="2025")
    data = values_workbook_write(bac_yen, period=period)
    workbook = load_workbook(BytesIO(data))
    sheet = workbook["Số liệu"]

    assert [cell.value for cell in sheet[1]] == VALUE_HEADERS + ["Tên chỉ tiêu", "Đơn vị tính", "Tên địa bàn"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["4.2"][8].value == "Tỷ suất tử vong mẹ" and rows["4.2"][9].value == "/100.000 trẻ đẻ sống"
    assert sheet["I1"].comment.text.startswith("Chỉ để xem") and sheet["I2"].font.i
    assert sheet["B2"].number_format == "@" and sheet["D2"].number_format == "@"  # codes typed there stay text

    validations = {str(v.sqref).split()[0]: v for v in sheet.data_validations.dataValidation}
    lists = workbook["Danh sách"]
    assert lists.sheet_state == "hidden"
    periods = [cell.value for cell in lists["A"][1:] if cell.value]
    assert periods[:3] == ["2021S1", "2021", "2022S1"] and len(periods) == 10
    assert validations[f"C2:C{sheet.max_row + 500}"].formula1 == "'Danh sách'!$A$2:$A$11"
    assert validations[f"D2:D{sheet.max_row + 500}"].formula1 == "'Danh sách'!$B$2:$B$2"
    assert [cell.value for cell in lists["B"][1:] if cell.value] == ["Hang Chú"]
    yes_no_rows = [
        row[0].row for code, row in rows.items() if Indicator.objects.get(plan=bac_yen, code=code).kind == Kind.BOOLEAN
    ]
    yes_no = next(v for v in sheet.data_validations.dataValidation if v.formula1 == '"có,không"')
    assert {cell for cell_range in yes_no.sqref.ranges for cell in [cell_range.min_row]} <= set(yes_no_rows)
    assert all(v.errorStyle == "warning" for v in sheet.data_validations.dataValidation)


def test_the_read_only_columns_are_ignored_without_a_warning_even_when_edited(bac_yen, users, open_2025):
    reporter = users["reporter"]
    template = load_workbook(BytesIO(values_workbook_write(bac_yen, period=open_2025, agency=reporter.agency)))
    sheet = template["Số liệu"]
    sheet["E2"], sheet["I2"], sheet["J2"] = "36,5", "Tên đã sửa", "người"
    buffer = BytesIO()
    template.save(buffer)

    summary = values_import(data=buffer.getvalue(), actor=reporter, plan=bac_yen, period=open_2025, dry_run=True)

    assert summary.created == 1 and summary.warnings == []
    assert Indicator.objects.get(plan=bac_yen, code=sheet["B2"].value).name != "Tên đã sửa"
