"""Login throttling (django-axes, plans.login): failures counted in the database per user name as Django reads it
and per client address, shared by every worker and kept across restarts; a Vietnamese lockout on the login page and
the admin's; administrators and coordinators can lift it."""

from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from plans.login import client_ip_address, username_key
from plans.models import Role
from plans.services import user_create
from tests.conftest import PASSWORD
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
LOCKED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture
def users(db):
    """A reporter, a coordinator, a leader and an administrator (no plan: logging in needs none)."""
    agency = AgencyFactory()
    unit = agency.unit
    return {
        "reporter": user_create(username="rep", password=PASSWORD, role=Role.REPORTER, unit=unit, agency=agency),
        "coordinator": user_create(username="coord", password=PASSWORD, role=Role.COORDINATOR, unit=unit),
        "leader": user_create(username="leader", password=PASSWORD, role=Role.LEADER, unit=unit),
        "administrator": user_create(username="admin", password=PASSWORD, role=Role.ADMINISTRATOR, unit=None),
    }


def fail(client, username, times, url=None, **extra):
    for _ in range(times):
        client.post(url or reverse("login"), {"username": username, "password": "sai-mat-khau"}, **extra)


def sign_in(client, username="rep", url=None, **extra):
    return client.post(url or reverse("login"), {"username": username, "password": PASSWORD}, **extra)


def test_the_fifth_failure_locks_the_name_with_a_vietnamese_message_and_status_429(client, users, settings):
    fail(client, "rep", settings.LOGIN_MAX_FAILURES - 1)

    response = client.post(reverse("login"), {"username": "rep", "password": "sai"})

    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "15 phút" in page and "Tên đăng nhập" in page  # still the login page
    assert "Tên đăng nhập hoặc mật khẩu không đúng." not in page


def test_the_right_password_is_refused_while_locked_out(client, users, settings):
    fail(client, "rep", settings.LOGIN_MAX_FAILURES)

    response = sign_in(client)

    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_starts_the_count_again(client, users, settings):
    fail(client, "rep", settings.LOGIN_MAX_FAILURES - 1)
    assert sign_in(client).status_code == 302
    client.logout()
    fail(client, "rep", settings.LOGIN_MAX_FAILURES - 1)
    assert sign_in(client).status_code == 302


@pytest.mark.parametrize(
    "spelling",
    [
        "ｒｅｐ",  # fullwidth letters, which Django's login form reads as "rep"
        "𝐫𝐞𝐩",  # mathematical bold letters, the same
        "REP",
        "Rep",
        "  rep ",
        "ＲＥＰ",  # fullwidth capitals
    ],
)
def test_look_alike_letters_case_and_spaces_count_against_the_same_name(client, users, settings, spelling):
    fail(client, spelling, settings.LOGIN_MAX_FAILURES)

    response = sign_in(client, "rep")

    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["rep"]


def test_mixed_spellings_add_up(client, users, settings):
    for spelling in ["ｒｅｐ", "REP", "rep", "𝐫𝐞𝐩", "Rep"][: settings.LOGIN_MAX_FAILURES]:
        fail(client, spelling, 1)
    assert sign_in(client).status_code == 429


def test_the_count_lives_in_the_database_shared_by_workers_and_kept_across_restarts(users, settings):
    """Another worker is another client with its own session and no shared memory: the count still holds."""
    fail(Client(), "rep", settings.LOGIN_MAX_FAILURES)
    assert AccessAttempt.objects.get(username="rep").failures_since_start == settings.LOGIN_MAX_FAILURES

    cache.clear()  # nothing is kept in a cache or in the process
    other_worker = Client()
    response = sign_in(other_worker)

    assert response.status_code == 429
    assert SESSION_KEY not in other_worker.session


def test_the_lock_holds_for_one_address_only(client, users, settings):
    fail(client, "rep", settings.LOGIN_MAX_FAILURES, REMOTE_ADDR="203.0.113.7")

    assert sign_in(client, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert sign_in(Client(), REMOTE_ADDR="203.0.113.8").status_code == 302


def test_the_admin_login_is_locked_in_vietnamese_too_and_shares_the_count(client, users, settings):
    fail(client, "coord", settings.LOGIN_MAX_FAILURES - 1)
    response = client.post(reverse("admin:login"), {"username": "ＣＯＯＲＤ", "password": "sai"})
    assert response.status_code == 429 and LOCKED in response.content.decode()

    response = sign_in(client, "coord", url=reverse("admin:login"))

    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_proxy_header_is_ignored_unless_configured(client, users, settings):
    """Without CLIENT_IP_HEADER, a client cannot pick a new address per attempt."""
    for number in range(settings.LOGIN_MAX_FAILURES):
        fail(client, "rep", 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_wrote(client, users, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The attacker writes a fake address first; the proxy appends the real one, which is what counts.
    for fake in range(settings.LOGIN_MAX_FAILURES):
        fail(client, "rep", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{fake}, 203.0.113.7", **proxy)

    assert sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another person behind the same proxy is not locked out with the attacker.
    assert sign_in(Client(), HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 302


class FakeRequest:
    def __init__(self, **meta):
        self.META = meta


@pytest.mark.parametrize(
    ("header", "count", "meta", "address"),
    [
        ("", 1, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),
        (
            "X-Forwarded-For",
            1,
            {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9"},
            "203.0.113.9",
        ),
        (
            "X-Forwarded-For",
            2,
            {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 192.0.2.5"},
            "203.0.113.9",
        ),
        ("X-Real-IP", 1, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1"),
        ("HTTP_X_REAL_IP", 1, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
        ("X-Forwarded-For", 1, {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),  # header missing
        ("X-Forwarded-For", 1, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "không-phải-địa-chỉ"}, "192.0.2.1"),
        ("X-Forwarded-For", 3, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),
        ("", 1, {"REMOTE_ADDR": "rác"}, None),
    ],
)
def test_client_address(settings, header, count, meta, address):
    settings.CLIENT_IP_HEADER, settings.CLIENT_IP_PROXY_COUNT = header, count
    assert client_ip_address(FakeRequest(**meta)) == address


def test_the_name_key_is_djangos_reading_without_case():
    assert username_key("ｒｅｐ") == username_key(" REP ") == username_key("𝐫𝐞𝐩") == "rep"
    assert username_key("Straße") == "strasse"
    assert len(username_key("a" * 1000)) == 150


def test_an_administrator_unlocks_a_name_with_a_command(client, users, settings):
    fail(client, "rep", settings.LOGIN_MAX_FAILURES)
    out = StringIO()

    call_command("unlock_login", "ＲＥＰ", stdout=out)

    assert "Đã mở khóa đăng nhập cho “rep”" in out.getvalue()
    assert sign_in(client).status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, users, settings):
    fail(Client(), "rep", settings.LOGIN_MAX_FAILURES)
    attempt = AccessAttempt.objects.get(username="rep")
    admin = Client()
    admin.force_login(users["administrator"])

    listing = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Đang bị khóa" in listing and "rep" in listing
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert not AccessAttempt.objects.exists()
    assert sign_in(client).status_code == 302


@pytest.mark.parametrize("role", ["coordinator", "leader", "reporter"])
def test_only_administrators_see_the_lockouts_in_the_admin(client, users, settings, role):
    fail(Client(), "rep", settings.LOGIN_MAX_FAILURES)
    client.force_login(users[role])
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code in (302, 403)
    assert AccessAttempt.objects.count() == 1


def test_unlock_without_a_name_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cho biết tên đăng nhập"):
        call_command("unlock_login")


def test_the_admin_names_the_apps_in_vietnamese(client, users):
    client.force_login(users["administrator"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Khóa đăng nhập" in page and "Kế hoạch và địa bàn" in page and "Lần đăng nhập sai" in page
