"""What a production start relies on: security headers on every page (CSP, Permissions-Policy), figures and
downloads never cached, malformed parameters answered 400/404 (never 500), static files with DEBUG off even
without collectstatic, and a demo that never lands on a production database by accident."""

import os
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, PeriodReopening
from plans.models import Agency, Role, User
from plans.services import user_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def period(bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    return period


def figure_pages(plan, period, agency):
    code, p = plan.code, period.code
    return {
        "plan list": reverse("plan_list"),
        "entry": reverse("period_entry", args=[code, p]) + f"?agency={agency.pk}",
        "review": reverse("period_review", args=[code, p]),
        "completeness": reverse("period_completeness", args=[code, p]),
        "dashboard": reverse("dashboard", args=[code]) + f"?period={p}",
        "indicator": reverse("indicator_detail", args=[code, "4.2"]) + f"?period={p}",
        "report": reverse("report_preview", args=[code]) + f"?period={p}",
        "values workbook": reverse("period_values_download", args=[code, p]) + f"?agency={agency.pk}",
        "plan workbook": reverse("plan_export", args=[code]),
        "report docx": reverse("report_download", args=[code, "docx"]) + f"?period={p}",
        "report xlsx": reverse("report_download", args=[code, "xlsx"]) + f"?period={p}",
        "api": reverse("api_plan_progress", args=[code]) + f"?period={p}",
        "accounts": reverse("reporter_accounts"),
        "password": reverse("password_change"),
        "admin": reverse("admin:plans_plan_changelist"),
    }


def test_figure_pages_and_downloads_are_never_cached_and_carry_the_security_headers(client, users, bac_yen, period):
    client.force_login(users["coordinator"])
    for name, url in figure_pages(bac_yen, period, Agency.objects.get(name="Phòng Nội vụ")).items():
        response = client.get(url)
        assert response.status_code == 200, name
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, name
        assert "public" not in cache_control and "max-age=3600" not in cache_control, name
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src-attr")[0], name
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, name
        assert "camera=()" in response["Permissions-Policy"], name


def test_the_login_page_and_errors_carry_the_headers_too(client):
    for response in (client.get(reverse("login")), client.get("/khong-co-trang-nay/")):
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]


def test_pages_have_no_inline_script_or_style_element(client, users, bac_yen, period):
    """The policy refuses them, so none may be left (inline style attributes are allowed)."""
    client.force_login(users["coordinator"])
    for name, url in figure_pages(bac_yen, period, Agency.objects.get(name="Phòng Nội vụ")).items():
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        assert "<style" not in page, name
        assert " onclick=" not in page and " onchange=" not in page and " onsubmit=" not in page, name
        for chunk in page.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)


@pytest.mark.parametrize(
    "url",
    [
        "/plans/BACYEN-2021-2025/periods/2024S1/values.xlsx?agency=%00",
        "/plans/BACYEN-2021-2025/periods/2024S1/upload/?agency=-",
        "/plans/BACYEN-2021-2025/report/?period=2024S1&final=yes",
        "/plans/BACYEN-2021-2025/report/docx/?period=2024&final=2",
    ],
)
def test_malformed_parameters_are_a_400(client, users, bac_yen, period, url):
    client.force_login(users["coordinator"])
    response = client.get(url)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/plans/BACYEN-2021-2025/periods/2024S1/entry/?agency=abc",
        "/plans/BACYEN-2021-2025/periods/2024S1/entry/?agency=1e3",
        "/plans/BACYEN-2021-2025/periods/2024S1/entry/?agency=99999999999999999999999",
        "/plans/BACYEN-2021-2025/periods/2024S1/entry/?agency=1&unit=abc",
        "/plans/BACYEN-2021-2025/periods/2024S1/review/?agency=abc&status=zzz&page=x",
        "/plans/BACYEN-2021-2025/dashboard/?period=2024&unit=abc&page=-1&sort=x",
    ],
)
def test_malformed_parameters_on_the_figure_pages_are_never_a_500(client, users, bac_yen, period, url):
    client.force_login(users["coordinator"])
    assert client.get(url).status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/plans/BACYEN-2021-2025/periods/2024S1/entry/?agency=999999",
        "/plans/BACYEN-2021-2025/periods/2099/entry/",
        "/plans/BACYEN-2021-2025/periods/%0A/completeness/",
        "/plans/EVIL%2F1/report/?period=2024",
        "/plans/BACYEN-2021-2025/report/?period=2024%00",
        "/plans/BACYEN-2021-2025/report/pdf/?period=2024",
        "/values/99999999999999999999999/history/",
        "/accounts/reporters/99999999999999999999999/password/",
    ],
)
def test_unknown_things_are_a_404(client, users, bac_yen, period, url):
    client.force_login(users["coordinator"])
    assert client.get(url).status_code == 404


def test_a_malformed_agency_on_a_post_writes_nothing(client, users, bac_yen, period):
    client.force_login(users["coordinator"])
    url = reverse("period_entry", args=[bac_yen.code, period.code])
    response = client.post(url, {"agency": "abc", "submit": "1"})
    assert response.status_code in (400, 404)
    assert not DataValue.objects.exists()


# Static files with DEBUG off.


def run_python(code: str, tmp_path, **env):
    ignored = ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(
        env,
        DJANGO_SETTINGS_MODULE="gender_plan.settings",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-a-real-secret-of-enough-length-123456",
        ALLOWED_HOSTS="testserver",
        PLAIN_HTTP="false",  # whatever a developer's .env from `make run` says
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        STATIC_ROOT=str(tmp_path / "static-never-collected"),
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_with_debug_off_and_no_collectstatic_pages_and_their_static_files_still_work(tmp_path):
    code = """
import django; django.setup()
from django.test import Client
client = Client()
page = client.get("/login/", secure=True)
css = [part.split('"')[0] for part in page.content.decode().split('href="')[1:] if ".css" in part.split('"')[0]]
static = client.get(css[0], secure=True)
print(page.status_code, css[0], static.status_code, b"--brand" in b"".join(static.streaming_content))
"""
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "/static/css/app.css", "200", "True"]


# The demo.


def test_load_demo_refuses_with_debug_off_unless_asked(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_load_demo_never_touches_an_existing_users_password(settings):
    settings.DEBUG = True
    # The demo's administrator name, already taken by a real account.
    administrator = user_create(username="quantri", password=PASSWORD, role=Role.ADMINISTRATOR, unit=None)

    call_command("load_demo", stdout=StringIO())

    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)
    assert not administrator.check_password("BinhDang@2025")
    assert User.objects.get(username="dieuphoi").check_password("BinhDang@2025")  # new demo accounts are made
