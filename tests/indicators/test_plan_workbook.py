"""The plan workbook in and out: a fixed point, updates in place, Vietnamese number forms, dry runs."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import Assignment, Indicator, Target
from indicators.services import plan_import
from indicators.workbooks.plan import plan_workbook_write
from plans.models import Agency, Goal, Plan, ReportingPeriod
from tests.conftest import BAC_YEN
from tests.workbooks import plan_workbook, sheet_values, to_bytes

pytestmark = pytest.mark.django_db


def snapshot(plan_code: str):
    """Everything an import writes for a plan, as comparable values."""
    plan = Plan.objects.get(code=plan_code)
    indicators = Indicator.objects.filter(plan=plan).order_by("code")
    return {
        "plan": Plan.objects.filter(pk=plan.pk).values().get(),
        "goals": list(Goal.objects.filter(plan=plan).order_by("number").values("number", "title")),
        "indicators": list(indicators.values()),
        "targets": list(Target.objects.filter(indicator__plan=plan).order_by("indicator__code", "year").values()),
        "assignments": sorted(
            Assignment.objects.filter(indicator__plan=plan).values_list(
                "indicator__code", "agency__name", "role", "scope_note"
            )
        ),
        "periods": list(ReportingPeriod.objects.filter(plan=plan).order_by("code").values("code", "deadline")),
    }


def test_bac_yen_round_trip_is_a_fixed_point(bac_yen):
    before = snapshot(bac_yen.code)
    exported = plan_workbook_write(bac_yen)

    summary = plan_import(data=exported, actor=None)

    assert summary.changes == []
    assert snapshot(bac_yen.code) == before
    assert sheet_values(plan_workbook_write(Plan.objects.get(pk=bac_yen.pk))) == sheet_values(exported)


def test_fixture_cells_survive_export_unchanged(bac_yen):
    """What the coordinator typed comes back out cell for cell (only the layout may differ)."""
    original = sheet_values(BAC_YEN.read_bytes())
    exported = sheet_values(plan_workbook_write(bac_yen))
    assert exported["Kế hoạch"] == original["Kế hoạch"]
    assert exported["Chỉ tiêu"] == original["Chỉ tiêu"]


def test_unseen_commune_plan_imports_and_exports_unchanged(db):
    data = to_bytes(plan_workbook())

    summary = plan_import(data=data, actor=None)

    assert summary.plan_created
    plan = Plan.objects.get(code="THU-2026-2030")
    assert (plan.territory.level, plan.territory.parent.name, plan.territory.parent.level) == (
        "commune",
        "Lai Châu",
        "province",
    )
    assert plan.periods.get(code="2026").deadline.isoformat() == "2026-12-05"
    one = Indicator.objects.get(plan=plan, code="1.1")
    assert one.baseline_value == Decimal("15.38") and one.baseline_year == 2025
    assert [(t.year, t.value) for t in one.targets.all()] == [(2028, 25), (2030, 35)]
    assert Indicator.objects.get(plan=plan, code="2.1").targets.get().value == Decimal("111.5")
    assert Indicator.objects.get(plan=plan, code="3.1").targets.get().value is True
    assert Indicator.objects.get(plan=plan, code="3.2").targets.get().value == "Bố trí đủ cán bộ"
    assert Indicator.objects.get(plan=plan, code="3.2").notes == "=không phải công thức"
    # "phòng văn hóa -  xã hội" is the same agency as "Phòng Văn hóa - Xã hội"
    assert Agency.objects.filter(unit=plan.territory, name_key="phòng văn hóa - xã hội").count() == 1
    assert Assignment.objects.get(indicator__code="2.1", role="data_provider").scope_note == "số liệu khai sinh"

    exported = plan_workbook_write(plan)
    again = plan_import(data=exported, actor=None)
    assert again.changes == []
    assert sheet_values(plan_workbook_write(plan)) == sheet_values(exported)
    header = sheet_values(exported)["Chỉ tiêu"][0]
    assert header[-1] == "Chỉ tiêu 2030"


def test_exported_text_that_looks_like_a_formula_stays_text(db):
    plan_import(data=to_bytes(plan_workbook()), actor=None)
    exported = plan_workbook_write(Plan.objects.get(code="THU-2026-2030"))
    sheet = load_workbook(__import__("io").BytesIO(exported))["Chỉ tiêu"]
    note = next(cell for cell in sheet["P"] if cell.value == "=không phải công thức")
    assert note.data_type == "s"


def test_importing_again_updates_in_place(bac_yen):
    indicator = Indicator.objects.get(plan=bac_yen, code="2.1")
    workbook = load_workbook(__import__("io").BytesIO(plan_workbook_write(bac_yen)))
    sheet = workbook["Chỉ tiêu"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "2.1")
    row[10].value = "27,5"  # Chỉ tiêu kế hoạch
    row[3].value = "Tỷ lệ lao động nữ làm công hưởng lương (sửa)"

    summary = plan_import(data=to_bytes(workbook), actor=None)

    indicator.refresh_from_db()
    assert indicator.name.endswith("(sửa)")
    assert indicator.targets.get().value_number == Decimal("27.5")
    assert Indicator.objects.filter(plan=bac_yen).count() == 20
    assert summary.counts[("chỉ tiêu", "cập nhật")] == 1
    assert summary.counts[("chỉ tiêu kế hoạch", "cập nhật")] == 1
    assert not summary.plan_created


def test_rows_left_out_are_removed_and_reported(bac_yen):
    workbook = load_workbook(__import__("io").BytesIO(plan_workbook_write(bac_yen)))
    sheet = workbook["Chỉ tiêu"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "6.2")
    sheet.delete_rows(row[0].row)

    summary = plan_import(data=to_bytes(workbook), actor=None)

    assert not Indicator.objects.filter(plan=bac_yen, code="6.2").exists()
    assert any(change.startswith("Xóa chỉ tiêu 6.2") for change in summary.changes)


def test_dry_run_reports_but_writes_nothing(db):
    summary = plan_import(data=to_bytes(plan_workbook()), actor=None, dry_run=True)

    assert summary.dry_run and summary.plan_created
    assert summary.counts[("chỉ tiêu", "tạo mới")] == 6
    assert not Plan.objects.exists()
    assert not Agency.objects.exists()


def test_percent_formatted_cell_reads_as_percent(db):
    rows = [dict(row) for row in __import__("tests.workbooks", fromlist=["INDICATOR_ROWS"]).INDICATOR_ROWS]

    def percent_cell(workbook):
        cell = workbook["Chỉ tiêu"]["K2"]
        cell.value = 0.25
        cell.number_format = "0%"

    plan_import(data=to_bytes(plan_workbook(rows=rows, extra=percent_cell)), actor=None)

    assert Target.objects.get(indicator__code="1.1", year=2028).value_number == Decimal(25)


def test_changing_plan_years_regenerates_periods(bac_yen):
    workbook = load_workbook(__import__("io").BytesIO(plan_workbook_write(bac_yen)))
    sheet = workbook["Kế hoạch"]
    for row in sheet.iter_rows():
        if row[0].value == "Năm kết thúc":
            row[1].value = 2026
        if row[0].value == "Hạn báo cáo năm":
            row[1].value = "15/12"

    summary = plan_import(data=to_bytes(workbook), actor=None)

    periods = {p.code: p.deadline.isoformat() for p in ReportingPeriod.objects.filter(plan=bac_yen)}
    assert len(periods) == 12 and periods["2026S1"] == "2026-05-18" and periods["2024"] == "2024-12-15"
    assert summary.counts[("kỳ báo cáo", "tạo mới")] == 2
    assert summary.counts[("kỳ báo cáo", "cập nhật")] == 5  # the annual periods 2021–2025
