import json

from django.core.management.base import BaseCommand, CommandError

from indicators.management.commandline import plan_by_code
from reports.access import ProgressRequestError, method_of, period_of, unit_of
from reports.selectors import plan_progress, progress_json


class Command(BaseCommand):
    help = "In ra JSON tiến độ thực hiện các chỉ tiêu của kế hoạch tại một kỳ báo cáo (DESIGN.md 7.4)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã kế hoạch")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo: 2024S1 hoặc 2024")
        parser.add_argument("--method", default="linear", help="linear (mặc định) hoặc escap")
        parser.add_argument(
            "--include-submitted", action="store_true", help="Tính cả số liệu đã gửi nhưng chưa duyệt (xem trước)"
        )
        parser.add_argument(
            "--unit",
            help="Một địa bàn thuộc địa bàn của kế hoạch: mã hành chính (14, 03646) hoặc tên (xã Bắc Yên)",
        )

    def handle(self, *args, code, period, method, include_submitted, unit=None, **options):
        plan = plan_by_code(code)
        try:
            judged = period_of(plan, period)
            chosen = method_of(method)
            place = unit_of(plan, unit)
        except ProgressRequestError as error:
            raise CommandError(str(error)) from error
        result = plan_progress(plan, judged, method=chosen, include_submitted=include_submitted, unit=place)
        self.stdout.write(json.dumps(progress_json(result), ensure_ascii=False, indent=2))
