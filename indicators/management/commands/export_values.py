from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.values_workbook import values_workbook_write
from plans.models import Plan


class Command(BaseCommand):
    help = "Ghi mọi số liệu của kế hoạch ra sổ Excel số liệu mà import_values đọc lại không đổi."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã kế hoạch, ví dụ BACYEN-2021-2025")
        parser.add_argument("file", help="Tệp .xlsx sẽ ghi")

    def handle(self, *args, code, file, **options):
        plan = Plan.objects.select_related("territory").filter(code=code).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã “{code}”.")
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"Thư mục {path.parent} không tồn tại.")
        try:
            path.write_bytes(values_workbook_write(plan))
        except OSError as error:
            raise CommandError(f"Không ghi được {path}: {error}") from error
        self.stdout.write(f"Đã ghi số liệu của kế hoạch {plan.code} ra {path}.")
