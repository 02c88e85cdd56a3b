"""Delete uploaded workbooks whose preview was never confirmed (indicators.upload_files); run daily from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand

from indicators.upload_files import stale_uploads_delete


class Command(BaseCommand):
    help = "Xóa các sổ Excel đã tải lên để xem trước nhưng không được xác nhận, cũ hơn IMPORT_UPLOAD_MAX_AGE_HOURS giờ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help=f"Tuổi tối thiểu (giờ) của tệp bị xóa; mặc định {settings.IMPORT_UPLOAD_MAX_AGE_HOURS}.",
        )

    def handle(self, *args, hours, **options):
        deleted = stale_uploads_delete(max_age_hours=hours)
        self.stdout.write(f"Đã xóa {deleted} sổ Excel tải lên chưa được xác nhận.")
