"""A reporter downloads the prefilled values workbook of their agency, fills it offline, uploads it (preview,
then confirm). Every role, and the forbidden cases."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import DataValue, PeriodReopening
from plans.models import Agency
from tests.workbooks import to_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    return period


def download(client, plan, period, agency=None):
    url = reverse("period_values_download", args=[plan.code, period.code])
    return client.get(f"{url}?agency={agency.pk}" if agency else url)


def filled(data: bytes, values: dict[str, str]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Số liệu"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value in values:
            row[4].value = values[row[1].value]
    return to_bytes(workbook)


def upload_url(plan, period, agency=None):
    url = reverse("period_values_upload", args=[plan.code, period.code])
    return f"{url}?agency={agency.pk}" if agency else url


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 200),
        ("leader", 403),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_download_by_role(client, users, bac_yen, period, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    response = download(client, bac_yen, period, Agency.objects.get(name="Phòng Nội vụ"))
    assert response.status_code == status


def test_the_reporters_workbook_holds_only_their_indicators(client, users, bac_yen, period):
    client.force_login(users["reporter"])
    response = download(client, bac_yen, period, Agency.objects.get(name="Trung tâm Y tế huyện"))  # ignored: own agency

    sheet = load_workbook(io.BytesIO(response.content))["Số liệu"]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["1.1a", "1.1b", "5.3", "5.4"]
    assert [cell.value for cell in sheet[1]][:4] == ["Mã kế hoạch", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn"]


def test_reporter_fills_offline_uploads_previews_and_submits(client, users, bac_yen, period):
    client.force_login(users["reporter"])
    data = filled(download(client, bac_yen, period).content, {"1.1a": "31,5", "5.4": "22%"})

    preview = client.post(upload_url(bac_yen, period), {"file": SimpleUploadedFile("noi-vu.xlsx", data)})

    assert "Xem trước: noi-vu.xlsx" in preview.content.decode()
    assert not DataValue.objects.exists()
    response = client.post(upload_url(bac_yen, period), {"token": preview.context["token"], "submit": "1"}, follow=True)

    assert "Đã gửi duyệt số liệu từ noi-vu.xlsx" in response.content.decode()
    figures = dict(DataValue.objects.values_list("indicator__code", "value_number"))
    assert {code: float(v) for code, v in figures.items()} == {"1.1a": 31.5, "5.4": 22.0}
    assert set(DataValue.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_row_of_another_agency_is_refused_by_row_and_nothing_written(client, users, bac_yen, period):
    client.force_login(users["reporter"])
    workbook = load_workbook(io.BytesIO(filled(download(client, bac_yen, period).content, {"1.1a": "31,5"})))
    workbook["Số liệu"].append(["BACYEN-2021-2025", "4.2", "2024S1", None, 50])

    response = client.post(upload_url(bac_yen, period), {"file": SimpleUploadedFile("x.xlsx", to_bytes(workbook))})

    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(6, "Mã chỉ tiêu")]
    assert "Không nhập được" in response.content.decode()
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("role", ["leader", "other_coordinator"])
def test_others_cannot_upload(client, users, bac_yen, period, role):
    client.force_login(users["reporter"])
    data = filled(download(client, bac_yen, period).content, {"1.1a": "31,5"})
    client.force_login(users[role])
    response = client.post(
        upload_url(bac_yen, period, Agency.objects.get(name="Phòng Nội vụ")),
        {"file": SimpleUploadedFile("x.xlsx", data)},
    )
    assert response.status_code in (403, 404)
    assert not DataValue.objects.exists()


def test_coordinator_uploads_on_behalf_of_an_agency(client, users, bac_yen, period):
    client.force_login(users["coordinator"])
    health = Agency.objects.get(name="Trung tâm Y tế huyện")
    data = filled(download(client, bac_yen, period, health).content, {"4.1": "113,9"})

    preview = client.post(
        upload_url(bac_yen, period, health), {"file": SimpleUploadedFile("yte.xlsx", data), "agency": health.pk}
    )
    client.post(
        upload_url(bac_yen, period, health), {"token": preview.context["token"], "draft": "1", "agency": health.pk}
    )

    figure = DataValue.objects.get()
    assert (figure.indicator.code, figure.status, figure.entered_on_behalf) == ("4.1", "draft", True)
