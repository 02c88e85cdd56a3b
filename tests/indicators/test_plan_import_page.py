"""The plan workbook in the browser for staff: upload → preview → confirm, and the download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Indicator, Target
from indicators.workbooks.plan import plan_workbook_write
from plans.models import Plan
from tests.workbooks import PLAN_VALUES, plan_workbook, sheet_values, to_bytes

pytestmark = pytest.mark.django_db
IMPORT = "/plans/import/"


def upload(data: bytes, name="ke-hoach.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def bac_yen_with_new_target(plan) -> bytes:
    workbook = load_workbook(io.BytesIO(plan_workbook_write(plan)))
    sheet = workbook["Chỉ tiêu"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "2.1")
    row[10].value = "27,5"
    return to_bytes(workbook)


def target_of(plan, code):
    return Target.objects.get(indicator__plan=plan, indicator__code=code).value_number


@pytest.mark.parametrize("role", ["anonymous", "reporter", "leader"])
def test_only_staff_reach_the_import_page(client, users, bac_yen, role):
    if role != "anonymous":
        client.force_login(users[role])
    for response in (client.get(IMPORT), client.post(IMPORT, {"file": upload(bac_yen_with_new_target(bac_yen))})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert target_of(bac_yen, "2.1") == 25


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_preview_then_confirm_updates_the_plan(client, users, bac_yen, role):
    client.force_login(users[role])
    assert client.get(IMPORT).status_code == 200

    preview = client.post(IMPORT, {"file": upload(bac_yen_with_new_target(bac_yen))})

    page = preview.content.decode()
    assert "Xem trước" in page and "Chỉ tiêu kế hoạch: 1 cập nhật" in page
    assert target_of(bac_yen, "2.1") == 25  # nothing written yet
    token = preview.context["token"]

    confirmed = client.post(IMPORT, {"token": token})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("admin:plans_plan_change", args=[bac_yen.pk])
    assert float(target_of(bac_yen, "2.1")) == 27.5
    again = client.post(IMPORT, {"token": token})  # a token works once
    assert again.status_code == 302 and again["Location"] == IMPORT


def test_a_broken_workbook_is_shown_row_by_row_and_nothing_written(client, users, bac_yen):
    client.force_login(users["coordinator"])
    workbook = load_workbook(io.BytesIO(plan_workbook_write(bac_yen)))
    workbook["Chỉ tiêu"]["F3"] = "phần trăm"
    workbook["Chỉ tiêu"]["K5"] = "150"

    response = client.post(IMPORT, {"file": upload(to_bytes(workbook))})

    assert response.status_code == 200
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(3, "Loại"), (5, "Chỉ tiêu kế hoạch")]
    assert "Không có gì được ghi vào hệ thống" in response.content.decode()
    assert "token" not in response.context


def test_a_coordinator_of_another_unit_cannot_overwrite_the_plan(client, users, bac_yen):
    client.force_login(users["other_coordinator"])

    response = client.post(IMPORT, {"file": upload(bac_yen_with_new_target(bac_yen))})

    messages = [p.message for p in response.context["problems"]]
    assert any("đã được dùng cho kế hoạch của địa bàn khác" in m for m in messages)
    assert target_of(bac_yen, "2.1") == 25


def test_a_coordinator_cannot_create_a_plan_for_another_territory(client, users, bac_yen):
    client.force_login(users["coordinator"])  # of Bắc Yên; the workbook is for a commune of Lai Châu

    response = client.post(IMPORT, {"file": upload(to_bytes(plan_workbook()))})

    assert any("không có quyền lập kế hoạch" in p.message for p in response.context["problems"])
    assert not Plan.objects.filter(code=PLAN_VALUES["Mã kế hoạch"]).exists()


def test_a_coordinator_can_create_a_commune_plan_of_their_district(client, users, bac_yen):
    client.force_login(users["coordinator"])
    values = dict(PLAN_VALUES, **{"Địa bàn cấp trên": "huyện Bắc Yên", "Địa bàn": "Hang Chú"})
    preview = client.post(IMPORT, {"file": upload(to_bytes(plan_workbook(plan=values)))})
    client.post(IMPORT, {"token": preview.context["token"]})

    plan = Plan.objects.get(code=PLAN_VALUES["Mã kế hoạch"])
    assert plan.territory.parent == bac_yen.territory
    assert Indicator.objects.filter(plan=plan).count() == 6


def test_someone_elses_preview_token_is_refused(client, users, bac_yen, django_user_model):
    client.force_login(users["coordinator"])
    token = client.post(IMPORT, {"file": upload(bac_yen_with_new_target(bac_yen))}).context["token"]
    client.logout()
    client.force_login(users["administrator"])

    response = client.post(IMPORT, {"token": token}, follow=True)

    assert "Phiên xem trước đã hết hạn" in response.content.decode()
    assert target_of(bac_yen, "2.1") == 25


@pytest.mark.parametrize(
    ("name", "message"), [("ke-hoach.xls", "Chỉ nhận tệp Excel .xlsx"), ("ke-hoach.csv", "Chỉ nhận tệp Excel .xlsx")]
)
def test_other_file_types_are_refused_at_the_field(client, users, bac_yen, name, message):
    client.force_login(users["coordinator"])
    response = client.post(IMPORT, {"file": upload(b"abc", name=name)})
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 302),
        ("leader", 302),
        ("other_coordinator", 404),
        ("coordinator", 200),
        ("administrator", 200),
    ],
)
def test_plan_workbook_download_by_role(client, users, bac_yen, role, status):
    if role != "anonymous":
        client.force_login(users[role])

    response = client.get(f"/plans/{bac_yen.code}/workbook.xlsx")

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            "attachment; filename=\"BACYEN-2021-2025.xlsx\"; filename*=UTF-8''BACYEN-2021-2025.xlsx"
        )
        assert sheet_values(response.content) == sheet_values(plan_workbook_write(bac_yen))
