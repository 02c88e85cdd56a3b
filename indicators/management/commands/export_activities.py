from django.core.management.base import BaseCommand, CommandError

from indicators.management.commandline import plan_by_code, write_output
from indicators.models import WorkPlan
from indicators.workbooks.activities import activities_workbook_write


class Command(BaseCommand):
    help = "Ghi kế hoạch năm và các hoạt động của nó ra sổ Excel hoạt động mà import_activities đọc lại không đổi."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã kế hoạch giai đoạn, ví dụ HONQUAN-2021-2030")
        parser.add_argument("year", type=int, help="Năm của kế hoạch năm, ví dụ 2024")
        parser.add_argument("file", help="Tệp .xlsx sẽ ghi")

    def handle(self, *args, code, year, file, **options):
        plan = plan_by_code(code)
        work_plan = WorkPlan.objects.select_related("plan").filter(plan=plan, year=year).first()
        if work_plan is None:
            raise CommandError(f"Kế hoạch {plan.code} chưa có kế hoạch năm {year}.")
        path = write_output(file, activities_workbook_write(work_plan))
        self.stdout.write(
            f"Đã ghi {work_plan.activities.count()} hoạt động của kế hoạch năm {work_plan.code} ra {path}."
        )
