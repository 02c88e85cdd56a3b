"""Backups of the whole database, and their restoration (commands `backup_db` and `restore_db`).

PostgreSQL: `pg_dump --format=custom`, which reads the whole database in one snapshot, and `pg_restore` in a single
transaction. SQLite: the sqlite3 backup API, which copies a consistent snapshot page by page (the server may go on
running), and the same API the other way to restore. Either way a backup is written to a temporary file first and
renamed when complete, so a file with the backup's name is never half-written.
"""

import os
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
EXTENSIONS = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(Exception):
    """A backup or restore that could not be done; the message is Vietnamese and says why."""


def _connection(alias: str = "default"):
    connection = connections[alias]
    if connection.vendor not in EXTENSIONS:
        raise BackupError(f"Chỉ sao lưu được SQLite và PostgreSQL, không phải {connection.vendor}.")
    return connection


def default_backup_name(alias: str = "default", now: datetime | None = None) -> str:
    vendor = _connection(alias).vendor
    return f"gender-plan-{(now or datetime.now()):%Y%m%d-%H%M%S}{EXTENSIONS[vendor]}"


def backup_write(path: Path, alias: str = "default") -> Path:
    """Write a consistent backup of the database to `path` (replacing a file of that name only when done)."""
    connection = _connection(alias)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _pg_dump(connection, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def backup_restore(path: Path, alias: str = "default") -> None:
    """Replace the database's content by the backup's. Stop the server first: nothing may write meanwhile."""
    connection = _connection(alias)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path.name} không phải bản sao lưu SQLite (cơ sở dữ liệu đang dùng là SQLite).")
        _sqlite_restore(connection, path)
    else:
        if not head.startswith(PG_CUSTOM_MAGIC):
            raise BackupError(
                f"{path.name} không phải bản sao lưu PostgreSQL của backup_db (cơ sở dữ liệu đang dùng là PostgreSQL)."
            )
        _pg_restore(connection, path)


def backups_prune(folder: Path, keep: int, alias: str = "default") -> list[Path]:
    """Delete all but the `keep` newest backups that backup_db named itself in `folder`; return those deleted."""
    extension = EXTENSIONS[_connection(alias).vendor]
    backups = sorted(Path(folder).glob(f"gender-plan-*{extension}"), key=lambda p: p.name, reverse=True)
    removed = backups[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


# SQLite: the backup API on Django's own connection, so an in-memory database (the tests') works too.


def _sqlite_backup(connection, target_path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(connection, source_path: Path) -> None:
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        problems = source.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise BackupError(f"Tệp sao lưu {source_path.name} bị hỏng: {problems}")
        has_migrations = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not has_migrations:
            raise BackupError(f"{source_path.name} không phải bản sao lưu của ứng dụng này.")
        if connection.in_atomic_block:
            raise BackupError("Không khôi phục được khi đang trong một giao dịch.")
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Không khôi phục được từ {source_path.name}: {error}") from error
    finally:
        source.close()


# PostgreSQL: the client programs, given the connection's own settings.


def _pg_arguments(connection) -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    arguments = []
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    arguments += ["--dbname", settings["NAME"]]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]} (gói postgresql-client, cùng phiên bản với máy chủ)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi:\n{result.stderr.strip()}")


def _pg_dump(connection, target_path: Path) -> None:
    arguments, environment = _pg_arguments(connection)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target_path), *arguments],
        environment,
    )


def _pg_restore(connection, source_path: Path) -> None:
    arguments, environment = _pg_arguments(connection)
    connection.close()  # our own session must not hold a lock on a table pg_restore drops
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(source_path),
        ],
        environment,
    )
