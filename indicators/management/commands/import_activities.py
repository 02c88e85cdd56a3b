from indicators.management.commandline import RecordedCommand, read_input, workbook_refused
from indicators.services.activities_import import activities_import
from indicators.workbooks.reader import WorkbookInvalid


class Command(RecordedCommand):
    help = (
        "Tạo mới hoặc cập nhật (theo mã kế hoạch, năm và mã hoạt động) kế hoạch năm và các hoạt động từ sổ Excel "
        "hoạt động (DESIGN.md 7.6, sheet “Hoạt động”). Có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="Tệp .xlsx theo mẫu sổ hoạt động (sheet “Hoạt động”)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi")

    def handle(self, *args, file, dry_run, user=None, **options):
        path, data = read_input(file)
        actor = self.actor
        try:
            summary = activities_import(data=data, actor=actor, dry_run=dry_run, file_name=path.name)
        except WorkbookInvalid as error:
            raise workbook_refused(path, error) from error
        self.stdout.write(summary.text())
        if dry_run or options["verbosity"] > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
