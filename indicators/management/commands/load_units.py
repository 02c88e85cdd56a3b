"""load_units [FILE.xlsx] (DESIGN.md 7.1): the official tree after the 2025 reform, or a tree from a workbook."""

from indicators.management.commandline import RecordedCommand, read_input, workbook_refused
from indicators.workbooks.reader import WorkbookInvalid
from indicators.workbooks.units import units_import
from plans.services.units import units_load_official


class Command(RecordedCommand):
    help = (
        "Nạp cây địa bàn hành chính: không có tệp thì nạp danh mục chính thức sau sắp xếp năm 2025 (Việt Nam, "
        "34 tỉnh, 3.321 xã, từ gói vietnam-provinces); có tệp thì nạp sheet “Địa bàn” (Mã · Tên · Cấp · Mã cấp trên). "
        "Chạy lại không thay đổi gì; địa bàn đã có được khớp theo mã, hoặc theo cấp và tên nếu chưa có mã."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", nargs="?", help="Tệp .xlsx có sheet “Địa bàn” (tùy chọn)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi")

    def handle(self, *args, file=None, dry_run=False, **options):
        if file is None:
            summary = units_load_official(dry_run=dry_run)
        else:
            path, data = read_input(file)
            try:
                summary = units_import(data=data, dry_run=dry_run)
            except WorkbookInvalid as error:
                raise workbook_refused(path, error) from error
        self.stdout.write(summary.text())
        if options["verbosity"] > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
