"""What issue 11 saw and a person must never see again: "(BadZipFile)" for a file that is not an Excel workbook,
and a 500 for `?agency=abc`. Each path a person uploads through, and each page that takes an agency."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator, PeriodReopening

pytestmark = pytest.mark.django_db

NOT_EXCEL = [
    ("bao-cao.xlsx", "Đây là một văn bản, không phải sổ Excel.".encode()),
    ("bao-cao.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ("bao-cao.xlsx", b"PK\x03\x04" + b"\x00" * 40),  # the start of a zip, then nothing
]
ENGLISH = ("BadZipFile", "Traceback", "Error", "File is not a zip file", "encountered")


@pytest.fixture
def open_2024(bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(
        period=period, until=timezone.localdate() + timedelta(days=5), created_at=timezone.now(), note="Kiểm thử"
    )
    return period


def assert_vietnamese_refusal(text: str):
    assert "không" in text.lower() or "hỏng" in text.lower(), text[-2000:]
    for word in ENGLISH:
        assert word not in text, word


@pytest.mark.parametrize("name,data", NOT_EXCEL)
def test_a_file_that_is_not_excel_as_the_values_workbook(client, users, bac_yen, open_2024, name, data):
    client.force_login(users["reporter"])
    response = client.post(
        reverse("period_values_upload", args=[bac_yen.code, open_2024.code]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert_vietnamese_refusal(response.content.decode())
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("name,data", NOT_EXCEL)
def test_a_file_that_is_not_excel_as_the_plan_workbook(client, users, bac_yen, name, data):
    client.force_login(users["coordinator"])
    before = Indicator.objects.count()
    response = client.post(reverse("plan_import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert_vietnamese_refusal(response.content.decode())
    assert Indicator.objects.count() == before


@pytest.mark.parametrize("name,data", NOT_EXCEL)
def test_a_file_that_is_not_excel_in_the_admins_import(client, users, bac_yen, name, data):
    client.force_login(users["coordinator"])
    before = Indicator.objects.count()
    response = client.post(
        reverse("admin:indicators_indicator_import"),
        {"resource": "0", "format": "1", "import_file": SimpleUploadedFile(name, data)},  # format 1: Excel
    )
    text = response.content.decode()
    assert response.status_code == 200
    errors = text[text.index('class="errorlist') : text.index('id="id_import_file"')]
    assert "Excel" in errors and "không đọc được" in errors.lower() or "không phải là sổ Excel" in errors, errors
    for word in ENGLISH:
        assert word not in errors, word
    assert Indicator.objects.count() == before


@pytest.mark.parametrize("page", ["period_entry", "period_review", "period_values_upload"])
@pytest.mark.parametrize("agency", ["abc", "-1", "1.5", "99999999999999999999999"])
def test_a_malformed_agency_is_a_bad_request_not_a_server_error(client, users, bac_yen, open_2024, page, agency):
    client.force_login(users["coordinator"])
    response = client.get(reverse(page, args=[bac_yen.code, open_2024.code]) + f"?agency={agency}")
    assert response.status_code in (400, 404)
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("page", ["period_entry", "period_review"])
def test_an_unknown_agency_is_not_found(client, users, bac_yen, open_2024, page):
    client.force_login(users["coordinator"])
    response = client.get(reverse(page, args=[bac_yen.code, open_2024.code]) + "?agency=987654")
    assert response.status_code == 404
