from indicators.management.commandline import RecordedCommand, read_input, workbook_refused
from indicators.services import plan_import
from indicators.workbooks.reader import WorkbookInvalid


class Command(RecordedCommand):
    help = "Tạo mới hoặc cập nhật (theo mã kế hoạch) một kế hoạch từ sổ Excel kế hoạch (DESIGN.md 7.2)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="Tệp .xlsx theo mẫu sổ kế hoạch")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi")

    def handle(self, *args, file, dry_run, **options):
        path, data = read_input(file)
        try:
            summary = plan_import(data=data, actor=None, dry_run=dry_run)
        except WorkbookInvalid as error:
            raise workbook_refused(path, error) from error
        self.stdout.write(summary.text())
        if options["verbosity"] > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
