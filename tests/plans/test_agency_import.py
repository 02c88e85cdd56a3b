"""Agencies through django-import-export in the admin, with Vietnamese column headers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Agency

pytestmark = pytest.mark.django_db


def import_csv(client, text: str):
    url = reverse("admin:plans_agency_import")
    upload = SimpleUploadedFile("co-quan.csv", text.encode("utf-8"), content_type="text/csv")
    preview = client.post(url, {"resource": "0", "format": "0", "import_file": upload})
    assert preview.status_code == 200
    confirm = preview.context.get("confirm_form")
    if confirm is None:
        return preview
    data = {name: confirm[name].value() for name in confirm.fields}
    return client.post(reverse("admin:plans_agency_process_import"), data, follow=True)


def test_coordinator_imports_agencies_matched_by_name_ignoring_case(client, users, bac_yen):
    client.force_login(users["coordinator"])
    response = import_csv(
        client,
        "Tên cơ quan,Tên viết tắt,Địa bàn\n"
        "phòng  nội VỤ,Phòng NV,huyện Bắc Yên\n"
        "Hội Liên hiệp Phụ nữ huyện,Hội LHPN,huyện Bắc Yên\n",
    )

    assert response.status_code == 200
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name_key="phòng nội vụ")
    assert (noi_vu.name, noi_vu.short_name) == ("Phòng Nội vụ", "Phòng NV")  # same name: spelling kept
    assert Agency.objects.get(name="Hội Liên hiệp Phụ nữ huyện").unit == bac_yen.territory
    assert Agency.objects.filter(unit=bac_yen.territory).count() == 11


def test_agencies_of_another_unit_are_refused_and_nothing_written(client, users, bac_yen):
    client.force_login(users["other_coordinator"])
    before = list(Agency.objects.values_list("name", "short_name"))

    response = import_csv(client, "Tên cơ quan,Tên viết tắt,Địa bàn\nPhòng Nội vụ,X,huyện Bắc Yên\n")

    assert "Bạn không có quyền với cơ quan của Huyện Bắc Yên" in response.content.decode()
    assert list(Agency.objects.values_list("name", "short_name")) == before


def test_an_unknown_unit_is_named_in_the_error(client, users, bac_yen):
    client.force_login(users["coordinator"])
    response = import_csv(client, "Tên cơ quan,Tên viết tắt,Địa bàn\nPhòng A,,huyện Không Có\n")
    assert "Chưa có địa bàn “huyện Không Có” trong hệ thống." in response.content.decode()
    assert not Agency.objects.filter(name="Phòng A").exists()


@pytest.mark.parametrize("role", ["reporter", "leader"])
def test_people_who_are_not_staff_cannot_reach_the_agency_import(client, users, bac_yen, role):
    client.force_login(users[role])
    response = client.get(reverse("admin:plans_agency_import"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
