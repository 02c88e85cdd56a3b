"""Replace the database's content by a backup written by backup_db (plans.backups)."""

from django.core.management.base import BaseCommand, CommandError

from plans.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục toàn bộ cơ sở dữ liệu từ tệp của backup_db: mọi dữ liệu hiện có được thay bằng dữ liệu trong tệp. "
        "Dừng máy chủ ứng dụng trước khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="Tệp sao lưu (của backup_db).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi lại trước khi ghi đè.",
        )

    def handle(self, *args, file, interactive, **options):
        if interactive:
            answer = input(
                "Khôi phục sẽ THAY TOÀN BỘ dữ liệu hiện có bằng dữ liệu trong tệp sao lưu. Gõ “yes” để tiếp tục: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy: không có gì thay đổi.")
        try:
            backup_restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục từ {file}. Nếu bản sao lưu cũ hơn mã nguồn, chạy tiếp: python manage.py migrate"
        )
