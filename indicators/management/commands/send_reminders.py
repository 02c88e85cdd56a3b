"""Send the reminders that are due (indicators.reminders); meant for cron."""

from django.core.management.base import BaseCommand

from indicators.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc: khi kỳ báo cáo mở, 7 ngày và 1 ngày trước hạn báo cáo, khi số liệu bị trả lại hoặc được duyệt. "
        "Dùng cho cron, chạy hằng ngày (ví dụ: 0 7 * * * python manage.py send_reminders). "
        "Mỗi sự kiện chỉ gửi một lần cho mỗi người, dù lệnh chạy nhiều lần."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Đã gửi {len(sent)} thư nhắc.")
