from django.core.management.base import CommandError

from indicators.management.commandline import RecordedCommand
from plans.models import User
from reports.models import ApiToken


class Command(RecordedCommand):
    help = "Tạo khóa API cho một người dùng; khóa chỉ hiện một lần."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("username")
        parser.add_argument("--name", default="Chương trình đọc tiến độ")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động “{username}”.")
        _, key = ApiToken.issue(user=user, name=name)
        self.stdout.write(key)
