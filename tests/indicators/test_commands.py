import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import DataValue, Indicator, ValueChange
from plans.models import Plan, Role, User
from tests.conftest import BAC_YEN, SON_LA
from tests.workbooks import sheet_values, value_row, values_book

pytestmark = pytest.mark.django_db


def test_import_plan_dry_run_prints_the_summary_and_writes_nothing(capsys):
    call_command("import_plan", str(SON_LA))
    call_command("import_plan", str(BAC_YEN), "--dry-run")

    out = capsys.readouterr().out
    assert "Chạy thử (không ghi gì vào cơ sở dữ liệu): kế hoạch BACYEN-2021-2025 (mới)" in out
    assert "Chỉ tiêu: 20 tạo mới" in out
    assert not Plan.objects.filter(code="BACYEN-2021-2025").exists()


def test_import_then_export_then_import_again_changes_nothing(tmp_path, capsys):
    call_command("import_plan", str(SON_LA))
    call_command("import_plan", str(BAC_YEN))
    out_file = tmp_path / "bac-yen.xlsx"
    call_command("export_plan", "BACYEN-2021-2025", str(out_file))
    capsys.readouterr()

    call_command("import_plan", str(out_file))

    assert "Không có thay đổi nào." in capsys.readouterr().out
    assert sheet_values(out_file.read_bytes()) == sheet_values(BAC_YEN.read_bytes())


def test_a_bac_yen_import_without_its_parent_plan_says_what_to_do():
    with pytest.raises(
        CommandError, match="chưa có kế hoạch mã “SONLA-2021-2025” trong hệ thống; nhập kế hoạch đó trước"
    ):
        call_command("import_plan", str(BAC_YEN))


def test_export_of_an_unknown_plan_fails(tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch mã “KHONG-CO”"):
        call_command("export_plan", "KHONG-CO", str(tmp_path / "x.xlsx"))


def test_import_of_a_missing_file_fails(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_plan", str(tmp_path / "khong-co.xlsx"))


def test_load_demo_loads_the_plan_and_a_user_per_role_and_can_run_again(capsys):
    call_command("load_demo", "--allow-production")  # the tests run with DEBUG off
    call_command("load_demo", "--allow-production")

    plan = Plan.objects.get(code="BACYEN-2021-2025")
    assert Indicator.objects.filter(plan=plan).count() == 20
    assert {user.role for user in User.objects.all()} == set(Role.values)
    coordinator = User.objects.get(username="dieuphoi")
    assert coordinator.is_staff and coordinator.has_perm("plans.change_plan") and not coordinator.is_superuser
    assert coordinator.check_password("BinhDang@2025")
    reporter = User.objects.get(username="baocao.noivu")
    assert reporter.agency.name == "Phòng Nội vụ" and not reporter.is_staff


def test_import_values_records_the_user_it_acts_as(bac_yen, users, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(values_book([value_row("1.1a", "2024", "15,38")]))

    call_command("import_values", str(path), "--user", users["administrator"].username)

    change = ValueChange.objects.get()
    assert change.changed_by == users["administrator"]
    assert change.source == "import_values (admin): so-lieu.xlsx"


def test_import_values_refuses_an_unknown_user_and_writes_nothing(bac_yen, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(values_book([value_row("1.1a", "2024", "15,38")]))

    with pytest.raises(CommandError, match="Không có người dùng “ai_do”"):
        call_command("import_values", str(path), "--user", "ai_do")
    assert not DataValue.objects.exists()
