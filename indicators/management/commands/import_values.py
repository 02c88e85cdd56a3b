from indicators.management.commandline import RecordedCommand, read_input, workbook_refused
from indicators.services.values_import import values_import
from indicators.workbooks.reader import WorkbookInvalid


class Command(RecordedCommand):
    help = (
        "Tạo mới hoặc cập nhật số liệu từ sổ Excel số liệu (DESIGN.md 7.3). "
        "Số liệu nhập bằng lệnh này được coi là đã duyệt và ghi vào lịch sử là nhập từ tệp."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="Tệp .xlsx theo mẫu sổ số liệu (sheet “Số liệu”)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi")

    def handle(self, *args, file, dry_run, user=None, **options):
        path, data = read_input(file)
        actor = self.actor
        try:
            summary = values_import(data=data, actor=actor, trusted=True, dry_run=dry_run, file_name=path.name)
        except WorkbookInvalid as error:
            raise workbook_refused(path, error) from error
        self.stdout.write(summary.text())
        if dry_run or options["verbosity"] > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
