"""Write a consistent backup of the whole database (plans.backups); meant for cron."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.backups import BackupError, backup_write, backups_prune, default_backup_name


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: sao chép nhất quán) vào một tệp. "
        "Không có FILE thì ghi vào BACKUP_DIR với tên theo ngày giờ."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", metavar="FILE", help="Tệp sao lưu cần ghi.")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Sau khi sao lưu, chỉ giữ N bản mới nhất trong BACKUP_DIR (các bản backup_db tự đặt tên).",
        )

    def handle(self, *args, file, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep phải từ 1 trở lên.")
        folder = Path(settings.BACKUP_DIR)
        path = Path(file) if file else folder / default_backup_name()
        try:
            written = backup_write(path)
            removed = backups_prune(folder, keep) if keep else []
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(f"Đã sao lưu vào {written} ({size / 1024 / 1024:.1f} MB).")
        for old in removed:
            self.stdout.write(f"Đã xóa bản sao lưu cũ {old.name}.")
