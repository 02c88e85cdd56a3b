"""Passwords: the validators (Django's and ours, in Vietnamese), changing one's own password, and a coordinator
setting a new password for a reporter of their unit."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from indicators.management.commands.load_demo import DEMO_PASSWORD
from plans.models import User
from plans.passwords import is_guessable
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Suoi-Tre-Bac-Yen-47"


@pytest.mark.parametrize(
    "password",
    [
        DEMO_PASSWORD,
        "binhdang@2025",
        "BinhDang@2026",
        "matkhau",
        "Matkhau@123",
        "mật khẩu 2024",
        "123456a@",
        "Abc@12345",
        "abcd1234",
        "Hanoi@2025",
        "SaiGon1975!",
        "NguyenAnh1990",
        "Anhyeuem@123",
        "qwerty@2024",
        "Admin@123",
        "Vietnam@2025",
    ],
)
def test_guessable_passwords_are_refused(password):
    assert is_guessable(password)
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


@pytest.mark.parametrize("password", ["Suoi-Tre-Bac-Yen-47", "Mùa thu Hà Nội 1990!", "xK9#tr7-Lq2z", NEW])
def test_real_passwords_pass(password):
    assert not is_guessable(password)
    password_validation.validate_password(password)


def test_the_demo_password_has_its_own_message():
    with pytest.raises(ValidationError, match="mật khẩu công khai của bản dùng thử"):
        password_validation.validate_password(DEMO_PASSWORD)


def test_the_help_text_is_vietnamese():
    text = " ".join(password_validation.password_validators_help_texts())
    assert "matkhau123" in text and "quá giống" in text


# Changing one's own password.

ROLES = ["reporter", "leader", "coordinator", "administrator"]


def test_the_header_links_to_the_password_page(client, users):
    client.force_login(users["leader"])
    page = client.get(reverse("plan_list")).content.decode()
    assert f'href="{reverse("password_change")}"' in page and "Đổi mật khẩu" in page


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_changes_its_own_password(client, users, role):
    client.force_login(users[role])
    page = client.get(reverse("password_change")).content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page

    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )

    assert "Đã đổi mật khẩu" in response.content.decode()
    user = User.objects.get(pk=users[role].pk)
    assert user.check_password(NEW)
    assert client.session.get(SESSION_KEY) == str(user.pk)  # still signed in on this browser


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"old_password": "sai", "new_password1": NEW, "new_password2": NEW}, "Mật khẩu cũ không chính xác"),
        ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "không giống nhau"),
        ({"old_password": PASSWORD, "new_password1": "Hanoi@2025", "new_password2": "Hanoi@2025"}, "quá dễ đoán"),
        ({"old_password": PASSWORD, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}, "bản dùng thử"),
        ({"old_password": PASSWORD, "new_password1": "Ab1!", "new_password2": "Ab1!"}, "quá ngắn"),
    ],
)
def test_a_refused_change_says_why_and_keeps_the_old_password(client, users, data, message):
    client.force_login(users["reporter"])

    response = client.post(reverse("password_change"), data)

    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=users["reporter"].pk).check_password(PASSWORD)


def test_changing_the_password_ends_the_other_sessions(client, users):
    other_browser = Client()
    other_browser.force_login(users["reporter"])
    client.force_login(users["reporter"])

    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})

    assert other_browser.get(reverse("reporter_home")).status_code == 302


# A coordinator sets a new password for a reporter.


def reset(client, reporter, password=NEW, confirm=None):
    return client.post(
        reverse("reporter_password", args=[reporter.pk]),
        {"new_password1": password, "new_password2": confirm or password},
    )


def test_the_accounts_page_links_to_each_reporters_password_page(client, users):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporter_accounts")).content.decode()
    assert reverse("reporter_password", args=[users["reporter"].pk]) in page and "Đặt lại mật khẩu" in page


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordinator_and_administrator_set_a_reporters_password_and_it_is_logged(client, users, role):
    reporter = users["reporter"]
    reporter_browser = Client()
    reporter_browser.force_login(reporter)
    client.force_login(users[role])
    page = client.get(reverse("reporter_password", args=[reporter.pk])).content.decode()
    assert "Đặt lại mật khẩu" in page and "rep" in page and "Phòng Nội vụ" in page

    response = reset(client, reporter)

    assert response.status_code == 302 and response["Location"] == reverse("reporter_accounts")
    reporter.refresh_from_db()
    assert reporter.check_password(NEW)
    entry = LogEntry.objects.get(object_id=str(reporter.pk))
    assert (entry.user, entry.change_message, entry.action_flag) == (users[role], "Đặt lại mật khẩu.", 2)
    assert entry.action_time is not None
    assert reporter_browser.get(reverse("reporter_home")).status_code == 302  # the reporter's session ended
    assert Client().post(reverse("login"), {"username": "rep", "password": NEW}).status_code == 302


def test_a_new_password_lifts_a_login_lockout(client, users, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Client().post(reverse("login"), {"username": "rep", "password": "sai"})
    assert AccessAttempt.objects.filter(username="rep").exists()
    client.force_login(users["coordinator"])

    reset(client, users["reporter"])

    assert not AccessAttempt.objects.filter(username="rep").exists()
    assert Client().post(reverse("login"), {"username": "rep", "password": NEW}).status_code == 302


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("Hanoi@2025", None, "quá dễ đoán"),
        (DEMO_PASSWORD, None, "bản dùng thử"),
        ("12345678901", None, "hoàn toàn là số"),
        ("Ab1!x", None, "quá ngắn"),
        (NEW, NEW + "x", "Hai lần nhập mật khẩu không giống nhau."),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused(client, users, password, confirm, message):
    client.force_login(users["coordinator"])

    response = reset(client, users["reporter"], password, confirm)

    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=users["reporter"].pk).check_password(PASSWORD)
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("reporter", 403), ("leader", 403), ("other_coordinator", 404)],
)
def test_others_cannot_set_the_reporters_password(client, users, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    reporter = users["reporter"]

    assert client.get(reverse("reporter_password", args=[reporter.pk])).status_code == status
    assert reset(client, reporter).status_code == status

    assert User.objects.get(pk=reporter.pk).check_password(PASSWORD)
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("target", ["coordinator", "leader", "administrator", "other_coordinator"])
def test_a_coordinator_sets_passwords_of_reporters_only(client, users, target):
    client.force_login(users["coordinator"])

    assert reset(client, users[target]).status_code == 404

    assert User.objects.get(pk=users[target].pk).check_password(PASSWORD)


def test_a_missing_account_is_a_404(client, users):
    client.force_login(users["coordinator"])
    assert client.get(reverse("reporter_password", args=[10**12])).status_code == 404


def test_disabling_a_reporter_is_logged_too(client, users):
    client.force_login(users["coordinator"])
    client.post(reverse("reporter_set_active", args=[users["reporter"].pk]), {"active": "0"})
    entry = LogEntry.objects.get(object_id=str(users["reporter"].pk))
    assert (entry.user, entry.change_message) == (users["coordinator"], "Khóa tài khoản.")


@pytest.mark.parametrize("value", ["", "banana", "2", "1'; --"])
def test_a_malformed_active_flag_is_a_400_and_changes_nothing(client, users, value):
    client.force_login(users["coordinator"])
    data = {"active": value} if value else {}

    response = client.post(reverse("reporter_set_active", args=[users["reporter"].pk]), data)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert User.objects.get(pk=users["reporter"].pk).is_active
