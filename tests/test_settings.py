"""Configuration from the environment (DESIGN.md 7.5), checked in a fresh process as a server would start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 20 + "-a-real-secret-of-enough-length-123456"


def manage(*args, **env):
    ignored = (
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )  # the last is set for Playwright
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    # A developer's .env from `make run` says PLAIN_HTTP=true: a server's settings are checked without it.
    environment.update({"PLAIN_HTTP": "false", **env}, DJANGO_SETTINGS_MODULE="gender_plan.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def server_shell(code: str, database: str, **env):
    """Run `code` in a fresh process configured as a server (DEBUG off, a real key) on `database`."""
    return manage("shell", "-v", "0", "-c", code, DEBUG="false", SECRET_KEY=REAL_KEY, DATABASE_URL=database, **env)


def test_without_debug_the_app_refuses_to_start_without_a_real_secret_key(tmp_path):
    database = f"sqlite:///{tmp_path}/x.sqlite3"
    for key in ("", "too-short", "django-insecure-development-only-key-never-use-in-production"):
        result = manage("check", DEBUG="false", SECRET_KEY=key, DATABASE_URL=database)
        assert result.returncode != 0, key
        assert "SECRET_KEY phải được đặt" in result.stderr, key
    served = subprocess.run(
        [sys.executable, "-c", "import gender_plan.wsgi"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": "", "DATABASE_URL": database, "PLAIN_HTTP": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0  # gunicorn's workers load this: `make serve` never starts without a key
    assert "SECRET_KEY phải được đặt" in served.stderr


def test_commands_that_sign_nothing_run_without_a_key_and_nothing_can_be_signed(tmp_path):
    """A fresh clone checks its migrations with no .env; nothing is signed with an empty key."""
    database = f"sqlite:///{tmp_path}/x.sqlite3"
    result = manage("makemigrations", "--check", "--dry-run", DEBUG="false", SECRET_KEY="", DATABASE_URL=database)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    signing = "from django.core import signing; signing.dumps('x')"
    refused = manage("shell", "-v", "0", "-c", signing, DEBUG="false", SECRET_KEY="", DATABASE_URL=database)
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr


def test_check_deploy_is_clean_with_debug_off(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="binhdanggioi.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_vietnamese_by_default(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")
        assert formats.number_format(15.38, decimal_pos=2) == "15,38"


def _security(tmp_path, **env) -> str:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        DEBUG="false",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own "N objects imported" line


def test_plain_http_on_this_machine_drops_the_https_redirect_cookies_and_hsts_and_only_then(tmp_path):
    # What `make run` writes into .env: DEBUG off (the app's own 404/500 pages) over http://127.0.0.1.
    assert _security(tmp_path, PLAIN_HTTP="true") == "False False False 0"
    assert _security(tmp_path, PLAIN_HTTP="false") == "True True True 31536000"


def test_a_server_keeps_its_database_connections_and_checks_them_before_reuse(tmp_path):
    show = "from django.db import connection as c; print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
    database = f"sqlite:///{tmp_path}/x.sqlite3"
    by_default = server_shell(show, database)
    assert by_default.stdout.split() == ["60", "True"], by_default.stderr
    one_per_request = server_shell(show, database, DATABASE_CONN_MAX_AGE="0")
    assert one_per_request.stdout.split() == ["0", "True"], one_per_request.stderr


def test_a_server_worker_freezes_what_it_loaded_and_collects_garbage_less_often(tmp_path):
    """gender_plan.collector: a province's dashboard spent a fifth of its time in the cycle collector."""
    show = "import gc, gender_plan.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count() > 10000)"
    result = server_shell(show, f"sqlite:///{tmp_path}/x.sqlite3")
    assert result.stdout.split() == ["50000", "True"], result.stderr


def test_the_cache_is_the_database_s_and_migrate_creates_its_table(tmp_path):
    """Every worker reads the drill-down one of them judged (reports.drilldown)."""
    database = f"sqlite:///{tmp_path}/x.sqlite3"
    migrated = manage("migrate", "-v", "0", DEBUG="false", SECRET_KEY=REAL_KEY, DATABASE_URL=database)
    assert migrated.returncode == 0, migrated.stderr
    show = "from django.core.cache import caches; c = caches['default']; c.set('k', 'v'); print(type(c).__name__, c.get('k'))"
    result = server_shell(show, database)
    assert result.stdout.split() == ["DatabaseCache", "v"], result.stderr
