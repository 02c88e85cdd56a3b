"""Login and logout in Vietnamese; coordinators create and disable reporter accounts. Throttling is in
tests/plans/test_login_throttle.py."""

import pytest
from django.urls import reverse

from plans.models import Agency, Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese_and_signs_in(client, users):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page

    response = client.post(reverse("login"), {"username": "rep", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_says_so_in_vietnamese(client, users):
    response = client.post(reverse("login"), {"username": "rep", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_a_disabled_account_cannot_sign_in(client, users):
    users["reporter"].is_active = False
    users["reporter"].save()
    response = client.post(reverse("login"), {"username": "rep", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_logout_is_a_post_and_returns_to_the_login(client, users):
    client.force_login(users["reporter"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("reporter_home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("reporter", 403), ("leader", 403), ("coordinator", 200), ("administrator", 200)],
)
def test_reporter_accounts_page_by_role(client, users, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(reverse("reporter_accounts")).status_code == status


def account_form(agency, **overrides):
    return {
        "username": "baocao.tuphap",
        "full_name": "Lường Văn Tú",
        "email": "tu@example.vn",
        "agency": agency.pk,
        "password1": "Tu-phap-Bac-Yen-2026",
        "password2": "Tu-phap-Bac-Yen-2026",
    } | overrides


def test_coordinator_creates_a_reporter_for_an_agency_of_the_unit(client, users, bac_yen):
    client.force_login(users["coordinator"])
    agency = Agency.objects.get(name="Phòng Tư pháp")

    response = client.post(reverse("reporter_accounts"), account_form(agency), follow=True)

    assert "Đã tạo tài khoản baocao.tuphap cho Phòng Tư pháp." in response.content.decode()
    user = User.objects.get(username="baocao.tuphap")
    assert (user.role, user.agency, user.unit, user.is_staff) == (Role.REPORTER, agency, bac_yen.territory, False)
    assert user.check_password("Tu-phap-Bac-Yen-2026")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "123", "password2": "123"}, "quá ngắn"),
        ({"password1": "12345678901", "password2": "12345678901"}, "hoàn toàn là số"),
        ({"password2": "khac-nhau-2026"}, "Hai lần nhập mật khẩu không giống nhau."),
        ({"username": "REP"}, "Tên đăng nhập này đã có người dùng."),
        ({"username": "ｒｅｐ"}, "Tên đăng nhập này đã có người dùng."),
    ],
)
def test_weak_passwords_and_taken_names_are_refused_at_the_field(client, users, bac_yen, overrides, message):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("reporter_accounts"), account_form(Agency.objects.get(name="Phòng Tư pháp"), **overrides)
    )
    assert message in response.content.decode()
    assert not User.objects.filter(username="baocao.tuphap").exists()


def test_a_new_name_is_stored_as_the_login_reads_it(client, users, bac_yen):
    client.force_login(users["coordinator"])
    client.post(
        reverse("reporter_accounts"),
        account_form(Agency.objects.get(name="Phòng Tư pháp"), username="ｂａｏｃａｏ.ｔｐ"),
    )
    assert User.objects.filter(username="baocao.tp").exists()


def test_a_coordinator_cannot_create_a_reporter_for_another_units_agency(client, users, bac_yen):
    client.force_login(users["other_coordinator"])
    response = client.post(reverse("reporter_accounts"), account_form(Agency.objects.get(name="Phòng Tư pháp")))
    assert "Select a valid choice" in response.content.decode() or "Hãy chọn" in response.content.decode()
    assert not User.objects.filter(username="baocao.tuphap").exists()


def test_coordinator_disables_and_enables_a_reporter(client, users, bac_yen):
    client.force_login(users["coordinator"])
    reporter = users["reporter"]
    client.post(reverse("reporter_set_active", args=[reporter.pk]), {"active": "0"})
    reporter.refresh_from_db()
    assert not reporter.is_active
    client.post(reverse("reporter_set_active", args=[reporter.pk]), {"active": "1"})
    reporter.refresh_from_db()
    assert reporter.is_active


@pytest.mark.parametrize("role", ["other_coordinator", "leader", "reporter"])
def test_others_cannot_disable_the_reporter(client, users, bac_yen, role):
    client.force_login(users[role])
    response = client.post(reverse("reporter_set_active", args=[users["reporter"].pk]), {"active": "0"})
    assert response.status_code == 403
    users["reporter"].refresh_from_db()
    assert users["reporter"].is_active


def test_a_coordinator_cannot_disable_another_coordinator(client, users, bac_yen):
    client.force_login(users["coordinator"])
    response = client.post(reverse("reporter_set_active", args=[users["leader"].pk]), {"active": "0"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "status", "shows_plan"),
    [
        ("anonymous", 302, False),
        ("reporter", 302, False),
        ("leader", 200, True),
        ("coordinator", 200, True),
        ("other_coordinator", 200, False),
        ("administrator", 200, True),
    ],
)
def test_plan_list_by_role(client, users, bac_yen, role, status, shows_plan):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(reverse("plan_list"))
    assert response.status_code == status
    assert ("BACYEN-2021-2025" in response.content.decode()) == shows_plan
