"""A coordinator edits a reporter's name, email and agency, and confirms before locking an account; every other
role, and a coordinator of another unit, changes nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from plans.models import Agency, User

pytestmark = pytest.mark.django_db

REFUSED = {"anonymous": 302, "reporter": 403, "leader": 403, "other_coordinator": 404}


def edit_form(agency, **overrides):
    return {"full_name": "Hà Văn Nam", "email": "nam@bacyen.example", "agency": agency.pk} | overrides


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.first_name, user.last_name, user.email, user.agency_id, user.unit_id, user.is_active)


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_a_coordinator_edits_a_reporters_name_email_and_agency(client, users, bac_yen, role):
    reporter = users["reporter"]
    tu_phap = Agency.objects.get(unit=bac_yen.territory, name="Phòng Tư pháp")
    client.force_login(users[role])

    page = client.get(reverse("reporter_edit", args=[reporter.pk])).content.decode()
    assert "Sửa tài khoản báo cáo viên" in page and "Phòng Nội vụ" in page
    response = client.post(reverse("reporter_edit", args=[reporter.pk]), edit_form(tu_phap), follow=True)

    assert "Đã lưu thông tin tài khoản rep." in response.content.decode()
    reporter.refresh_from_db()
    assert (reporter.get_full_name(), reporter.email, reporter.agency, reporter.unit) == (
        "Hà Văn Nam",
        "nam@bacyen.example",
        tu_phap,
        bac_yen.territory,
    )
    log = LogEntry.objects.get(object_id=str(reporter.pk))
    assert (log.user, log.change_message) == (users[role], "Sửa họ và tên, thư điện tử, cơ quan.")


def test_the_list_links_to_editing_and_the_lock_button_leads_to_the_confirmation(client, users):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporter_accounts")).content.decode()
    assert f'href="{reverse("reporter_edit", args=[users["reporter"].pk])}"' in page
    assert f'class="button danger" href="{reverse("reporter_set_active", args=[users["reporter"].pk])}"' in page


def test_a_bad_email_or_an_empty_name_is_refused_at_the_field_and_nothing_changes(client, users, bac_yen):
    reporter = users["reporter"]
    before = snapshot(reporter)
    client.force_login(users["coordinator"])
    agency = reporter.agency
    for overrides in ({"email": "không-phải-thư"}, {"full_name": ""}):
        response = client.post(reverse("reporter_edit", args=[reporter.pk]), edit_form(agency, **overrides))
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert snapshot(reporter) == before


def test_a_coordinator_cannot_move_a_reporter_to_another_units_agency(client, users, bac_yen):
    reporter = users["reporter"]
    other_unit_agency = Agency.objects.create(unit=users["other_coordinator"].unit, name="Phòng Nội vụ Đăk Tô")
    before = snapshot(reporter)
    client.force_login(users["coordinator"])

    response = client.post(reverse("reporter_edit", args=[reporter.pk]), edit_form(other_unit_agency))

    assert response.status_code == 200
    assert "Phòng Nội vụ Đăk Tô" not in response.content.decode()  # not even offered
    assert snapshot(reporter) == before


@pytest.mark.parametrize("role", list(REFUSED))
def test_others_can_neither_see_nor_edit_the_reporter(client, users, bac_yen, role):
    reporter = users["reporter"]
    before = snapshot(reporter)
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse("reporter_edit", args=[reporter.pk])
    assert client.get(url).status_code == REFUSED[role]
    assert client.post(url, edit_form(Agency.objects.get(name="Phòng Tư pháp"))).status_code == REFUSED[role]
    assert snapshot(reporter) == before
    assert not LogEntry.objects.exists()


def test_a_coordinator_cannot_edit_another_coordinator_through_the_reporter_page(client, users):
    before = snapshot(users["leader"])
    client.force_login(users["coordinator"])
    assert client.get(reverse("reporter_edit", args=[users["leader"].pk])).status_code == 404
    assert snapshot(users["leader"]) == before


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_locking_asks_first_then_locks_on_confirmation(client, users, role):
    reporter = users["reporter"]
    client.force_login(users[role])
    url = reverse("reporter_set_active", args=[reporter.pk])

    page = client.get(url).content.decode()

    assert "Khóa tài khoản rep? Người này sẽ không đăng nhập được nữa." in page
    assert '<button type="submit" class="danger">Khóa tài khoản</button>' in page
    reporter.refresh_from_db()
    assert reporter.is_active  # asking changed nothing
    response = client.post(url, {"active": "0"}, follow=True)
    assert "Đã khóa tài khoản rep." in response.content.decode()
    reporter.refresh_from_db()
    assert not reporter.is_active
    # A locked account: the same address offers to open it again.
    assert "Mở lại tài khoản rep?" in client.get(url).content.decode()


@pytest.mark.parametrize("role", list(REFUSED))
def test_others_never_see_the_confirmation_nor_lock(client, users, role):
    reporter = users["reporter"]
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse("reporter_set_active", args=[reporter.pk])
    assert client.get(url).status_code == REFUSED[role]
    assert client.post(url, {"active": "0"}).status_code == {"other_coordinator": 403}.get(role, REFUSED[role])
    reporter.refresh_from_db()
    assert reporter.is_active
