"""carry_forward OLD_CODE NEW_CODE --years 2026-2030: the next plan from a closing one (issue: carrying a plan forward)."""

import re

from django.core.management.base import CommandError

from indicators.management.commandline import RecordedCommand, plan_by_code
from indicators.services.carry_forward import plan_carry_forward
from plans.services import PlanRuleError
from plans.units import UnitNotFound, find_unit


class Command(RecordedCommand):
    help = (
        "Lập kế hoạch giai đoạn tiếp theo từ một kế hoạch sắp kết thúc: chép mục tiêu, chỉ tiêu, loại, hướng và cơ "
        "quan; giá trị cơ sở là kết quả đã duyệt mới nhất của kế hoạch cũ; chỉ tiêu kế hoạch đặt cho năm cuối "
        "(lấy mốc của kế hoạch cũ nếu có, sửa sau trong trang quản trị hoặc sổ Excel). Kế hoạch cũ không đổi."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("old_code", help="Mã kế hoạch sắp kết thúc")
        parser.add_argument("new_code", help="Mã kế hoạch mới")
        parser.add_argument("--years", required=True, help="Giai đoạn mới, ví dụ 2026-2030")
        parser.add_argument("--title", default="", help="Tên kế hoạch mới (mặc định: tên cũ với giai đoạn mới)")
        parser.add_argument("--number", default="", help="Số hiệu của kế hoạch mới")
        parser.add_argument("--territory", default="", help="Địa bàn khác của kế hoạch mới (mã hoặc tên)")

    def handle(self, *args, old_code, new_code, years, title, number, territory, **options):
        source = plan_by_code(old_code)
        match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", years)
        if not match:
            raise CommandError(f"Giai đoạn “{years}” không hợp lệ: ghi dạng 2026-2030.")
        place = None
        if territory:
            try:
                top = source.territory
                root = top.national_ancestor or top.province_ancestor or top  # anywhere in the same tree
                place = find_unit(territory, within=root)
            except UnitNotFound as error:
                raise CommandError(str(error)) from error
        try:
            plan = plan_carry_forward(
                actor=None,
                source=source,
                code=new_code,
                start_year=int(match[1]),
                end_year=int(match[2]),
                title=title,
                document_number=number,
                territory=place,
            )
        except PlanRuleError as error:
            raise CommandError(str(error)) from error
        indicators = plan.indicators.count()
        with_baseline = plan.indicators.exclude(baseline_year=None).count()
        self.stdout.write(
            f"Đã lập kế hoạch {plan.code} ({plan.start_year}–{plan.end_year}) từ {source.code}: {indicators} chỉ tiêu, "
            f"{with_baseline} có giá trị cơ sở lấy từ kết quả của kế hoạch cũ. Kế hoạch {source.code} không thay đổi."
        )
