from django.core.management.base import BaseCommand, CommandError

from indicators.management.commandline import plan_by_code, write_output
from reports.access import ProgressRequestError, period_of
from reports.builders.docx import build_docx
from reports.builders.html import build_html
from reports.builders.xlsx import build_xlsx
from reports.content import ReportRefused, build_report_content

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx, "html": lambda content: build_html(content).encode("utf-8")}


class Command(BaseCommand):
    help = "Ghi báo cáo 6 tháng, năm hoặc tổng kết giai đoạn (--final) ra Word, Excel hoặc HTML (DESIGN.md 8)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã kế hoạch")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo: 2024S1 (6 tháng) hoặc 2024 (năm)")
        parser.add_argument(
            "--final", action="store_true", help="Báo cáo tổng kết giai đoạn (chỉ cho kỳ năm cuối của kế hoạch)"
        )
        parser.add_argument("--format", required=True, choices=sorted(BUILDERS), dest="file_format")
        parser.add_argument("--output", required=True, help="Tệp sẽ ghi")

    def handle(self, *args, code, period, final, file_format, output, **options):
        plan = plan_by_code(code)
        try:
            judged = period_of(plan, period)
        except ProgressRequestError as error:
            raise CommandError(str(error)) from error
        try:
            content = build_report_content(plan, judged, is_final=final)
        except ReportRefused as error:
            raise CommandError(str(error)) from error
        path = write_output(output, BUILDERS[file_format](content))
        kind = "báo cáo tổng kết" if final else "báo cáo"
        self.stdout.write(f"Đã ghi {kind} {content.words} của {plan.code} ra {path}.")
