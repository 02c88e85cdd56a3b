from django.core.management.base import BaseCommand

from indicators.management.commandline import plan_by_code, write_output
from indicators.workbooks.values import values_workbook_write


class Command(BaseCommand):
    help = "Ghi mọi số liệu của kế hoạch ra sổ Excel số liệu mà import_values đọc lại không đổi."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã kế hoạch, ví dụ BACYEN-2021-2025")
        parser.add_argument("file", help="Tệp .xlsx sẽ ghi")

    def handle(self, *args, code, file, **options):
        plan = plan_by_code(code)
        path = write_output(file, values_workbook_write(plan))
        self.stdout.write(f"Đã ghi số liệu của kế hoạch {plan.code} ra {path}.")
