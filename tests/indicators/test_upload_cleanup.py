"""Workbooks uploaded for a preview and never confirmed are deleted after IMPORT_UPLOAD_MAX_AGE_HOURS: by the
purge_uploads command (cron) and whenever someone uploads again."""

import os
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import BAC_YEN


@pytest.fixture
def upload_dir(tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    settings.IMPORT_UPLOAD_DIR.mkdir()
    return settings.IMPORT_UPLOAD_DIR


def kept(folder, name, hours_old):
    path = folder / f"{name}.xlsx"
    path.write_bytes(b"PK")
    moment = time.time() - hours_old * 3600
    os.utime(path, (moment, moment))
    return path


def test_purge_uploads_deletes_only_previews_older_than_a_day(upload_dir):
    old, older, fresh = (
        kept(upload_dir, "a" * 32, 25),
        kept(upload_dir, "b" * 32, 24 * 30),
        kept(upload_dir, "c" * 32, 2),
    )
    out = StringIO()

    call_command("purge_uploads", stdout=out)

    assert "Đã xóa 2 sổ Excel" in out.getvalue()
    assert (old.exists(), older.exists(), fresh.exists()) == (False, False, True)


def test_purge_uploads_takes_another_age(upload_dir):
    fresh = kept(upload_dir, "c" * 32, 2)
    call_command("purge_uploads", "--hours", "1", stdout=StringIO())
    assert not fresh.exists()


def test_purge_uploads_without_the_folder_does_nothing(tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "chua-co"
    out = StringIO()
    call_command("purge_uploads", stdout=out)
    assert "Đã xóa 0" in out.getvalue()


@pytest.mark.django_db
def test_a_new_upload_deletes_abandoned_previews(client, users, upload_dir):
    abandoned = kept(upload_dir, "d" * 32, 48)
    client.force_login(users["coordinator"])

    response = client.post(reverse("plan_import"), {"file": SimpleUploadedFile("bac-yen.xlsx", BAC_YEN.read_bytes())})

    assert response.status_code == 200 and response.context["token"]
    assert not abandoned.exists()
    assert (upload_dir / f"{response.context['token']}.xlsx").exists()
