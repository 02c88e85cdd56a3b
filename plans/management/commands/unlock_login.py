"""Lift a login lockout (django-axes) for one or more user names, however they were typed."""

from axes.handlers.proxy import AxesProxyHandler
from django.core.management.base import BaseCommand, CommandError

from plans.login import username_key


class Command(BaseCommand):
    help = "Mở khóa đăng nhập cho tên đăng nhập đã bị tạm khóa vì nhập sai mật khẩu nhiều lần."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", metavar="USERNAME", help="Tên đăng nhập cần mở khóa.")
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="Mở khóa mọi tên đăng nhập, từ mọi địa chỉ."
        )

    def handle(self, *args, usernames, everything, **options):
        if everything:
            count = AxesProxyHandler.reset_attempts()
            self.stdout.write(f"Đã xóa {count} bản ghi đăng nhập sai: mọi tên đăng nhập được mở khóa.")
            return
        if not usernames:
            raise CommandError("Cho biết tên đăng nhập cần mở khóa (hoặc --all).")
        for raw in usernames:
            name = username_key(raw)
            count = AxesProxyHandler.reset_attempts(username=name)
            if count:
                self.stdout.write(f"Đã mở khóa đăng nhập cho “{name}” ({count} bản ghi đăng nhập sai).")
            else:
                self.stdout.write(f"“{name}” không có lần đăng nhập sai nào đang được tính.")
