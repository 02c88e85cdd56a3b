"""backup_db writes a consistent backup and restore_db brings it back: the round trip loses nothing (figures,
their audit, users and their password hashes, everything else), on the database the suite runs on."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from indicators.models import DataValue, ValueChange
from plans.models import Role, User

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> str:
    out = StringIO()
    call_command("dumpdata", "--indent", "0", stdout=out)
    return out.getvalue()


def test_backup_then_restore_gives_back_exactly_what_was_saved(tmp_path):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    saved = everything()
    figures, audit = DataValue.objects.count(), ValueChange.objects.count()
    hashes = dict(User.objects.values_list("username", "password"))
    assert figures > 100 and audit > figures and len(hashes) > 11
    out = StringIO()

    call_command("backup_db", str(tmp_path / "sao-luu.bak"), stdout=out)

    assert "Đã sao lưu vào" in out.getvalue()
    # Everything changes afterwards: figures and audit deleted, a password changed, a user gone.
    ValueChange.objects.all().delete()
    DataValue.objects.all().delete()
    User.objects.filter(username="lanhdao").delete()
    reporter = User.objects.get(username="baocao.noivu")
    reporter.set_password("Mat-khau-moi-2026")
    reporter.save()

    call_command("restore_db", str(tmp_path / "sao-luu.bak"), interactive=False, stdout=out)

    assert "Đã khôi phục" in out.getvalue()
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (figures, audit)
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert everything() == saved
    # The database works as before: new rows get new ids.
    assert User.objects.create(username="sau.khoi.phuc", role=Role.LEADER, is_superuser=True).pk > max(
        User.objects.exclude(username="sau.khoi.phuc").values_list("pk", flat=True)
    )


def test_a_backup_without_a_name_goes_to_the_backup_folder_and_keep_prunes_old_ones(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    extension = ".sqlite3" if connection.vendor == "sqlite" else ".pgdump"
    for old in ("gender-plan-20200101-000000", "gender-plan-20200102-000000", "gender-plan-20200103-000000"):
        (tmp_path / f"{old}{extension}").write_bytes(b"cu")
    (tmp_path / "ghi-chu.txt").write_text("không phải bản sao lưu")

    call_command("backup_db", "--keep", "2", stdout=StringIO())

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names[0] == "gender-plan-20200103-000000" + extension
    assert names[1].startswith("gender-plan-2") and names[1].endswith(extension) and "2020" not in names[1]
    assert names[2:] == ["ghi-chu.txt"]


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    User.objects.create(username="con.nguyen", role=Role.LEADER, is_superuser=True)
    for content in (b"PK\x03\x04 a workbook", b"SQLite format 3\x00" + b"\x00" * 100, b"PGDMP" + b"\x00" * 100):
        (tmp_path / "x.bak").write_bytes(content)
        with pytest.raises(CommandError):
            call_command("restore_db", str(tmp_path / "x.bak"), interactive=False, stdout=StringIO())
    assert list(User.objects.values_list("username", flat=True)) == ["con.nguyen"]


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore_db", str(tmp_path / "khong-co.bak"), interactive=False)


def test_restore_asks_before_replacing_everything(tmp_path, monkeypatch):
    call_command("backup_db", str(tmp_path / "b.bak"), stdout=StringIO())
    User.objects.create(username="moi.tao", role=Role.LEADER, is_superuser=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "không")

    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("restore_db", str(tmp_path / "b.bak"), stdout=StringIO())

    assert User.objects.filter(username="moi.tao").exists()
