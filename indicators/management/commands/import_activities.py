from django.core.management.base import BaseCommand

from indicators.management.commandline import acting_user, add_user_argument, read_input, workbook_refused
from indicators.services.activities_import import activities_import
from indicators.workbooks.reader import WorkbookInvalid


class Command(BaseCommand):
    help = (
        "Tạo mới hoặc cập nhật (theo mã kế hoạch, năm và mã hoạt động) kế hoạch năm và các hoạt động từ sổ Excel "
        "hoạt động (DESIGN.md 7.6, sheet “Hoạt động”). Có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx theo mẫu sổ hoạt động (sheet “Hoạt động”)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi")
        add_user_argument(parser)

    def handle(self, *args, file, dry_run, user=None, **options):
        path, data = read_input(file)
        actor = acting_user(user)
        try:
            summary = activities_import(data=data, actor=actor, dry_run=dry_run, file_name=path.name)
        except WorkbookInvalid as error:
            raise workbook_refused(path, error) from error
        self.stdout.write(summary.text())
        if dry_run or options["verbosity"] > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
