"""Load the demo: the Bắc Yên plan (with its parent, the Sơn La plan) from fixtures/ and a user per role."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from indicators.demo import demo_figures_load
from indicators.demo_hon_quan import USERS as HON_QUAN_USERS
from indicators.demo_hon_quan import hon_quan_demo_load
from indicators.demo_son_la import USERS as SON_LA_USERS
from indicators.demo_son_la import son_la_demo_load
from indicators.management.commandline import RecordedCommand
from indicators.services import plan_import
from indicators.workbooks.reader import WorkbookInvalid
from plans.models import AdministrativeUnit, Agency, Plan, Role, User
from plans.services import user_create
from plans.services.units import NATIONAL_CODE, units_load_official
from plans.text import name_key

DEMO_PLAN = "BACYEN-2021-2025"
PLAN_FIXTURES = ["son_la_2021_2025.xlsx", "bac_yen_2021_2025.xlsx", "son_la_2026_2030.xlsx"]  # parents first
# For local use only; the README lists them. (username, role, full name, agency of a reporter)
DEMO_PASSWORD = "BinhDang@2025"
DEMO_USERS = [
    ("quantri", Role.ADMINISTRATOR, "Nguyễn Văn Quản", None),
    ("dieuphoi", Role.COORDINATOR, "Lò Thị Hoa", None),
    ("lanhdao", Role.LEADER, "Thào A Mua", None),
    ("baocao.noivu", Role.REPORTER, "Hà Văn Nam", "Phòng Nội vụ"),
    ("baocao.yte", Role.REPORTER, "Cầm Thị Lan", "Trung tâm Y tế huyện"),
    ("baocao.ldtbxh", Role.REPORTER, "Quàng Văn Bình", "Phòng Lao động - Thương binh và Xã hội"),
    ("baocao.tckh", Role.REPORTER, "Đinh Thị Mai", "Phòng Tài chính - Kế hoạch"),
    ("baocao.vhtt", Role.REPORTER, "Lường Văn Sơn", "Phòng Văn hóa và Thông tin"),
    ("baocao.gddt", Role.REPORTER, "Tòng Thị Hương", "Phòng Giáo dục và Đào tạo"),
    ("baocao.tuphap", Role.REPORTER, "Sồng A Dình", "Phòng Tư pháp"),
    ("baocao.vanphong", Role.REPORTER, "Vì Văn Thành", "Văn phòng HĐND và UBND huyện"),
]


class Command(RecordedCommand):
    help = "Nạp dữ liệu mẫu: kế hoạch Bắc Yên 2021–2025 và một người dùng mẫu cho mỗi vai trò."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Nạp cả khi DEBUG tắt (máy chạy thật): tạo người dùng mẫu với mật khẩu công khai.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG đang tắt (máy chạy thật): dữ liệu mẫu tạo người dùng với mật khẩu công khai nên không được nạp. "
                "Nếu thật sự muốn, chạy lại với --allow-production."
            )
        fixtures = settings.BASE_DIR / "fixtures"
        if not AdministrativeUnit.objects.filter(code=NATIONAL_CODE).exists():
            self.stdout.write(units_load_official().text())
        for name in PLAN_FIXTURES:
            try:
                summary = plan_import(data=(fixtures / name).read_bytes(), actor=None)
            except WorkbookInvalid as error:
                raise CommandError(f"Sổ mẫu {name} không hợp lệ:\n{error}") from error
            self.stdout.write(summary.text())
        plan = Plan.objects.select_related("territory").get(code=DEMO_PLAN)
        for username, role, full_name, agency_name in DEMO_USERS:
            agency = Agency.objects.get(unit=plan.territory, name_key=name_key(agency_name)) if agency_name else None
            # An existing account, and its password, stay as they are.
            if User.objects.filter(username=username).exists():
                continue
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                unit=None if role == Role.ADMINISTRATOR else plan.territory,
                agency=agency,
                full_name=full_name,
                email=f"{username}@bacyen.example",
            )
        reporters = {
            user.agency_id: user
            for user in User.objects.filter(role=Role.REPORTER, agency__unit=plan.territory).order_by("pk")
        }
        made = demo_figures_load(plan=plan, coordinator=User.objects.get(username="dieuphoi"), reporters=reporters)
        if made:
            self.stdout.write(f"Số liệu mẫu 2021–2024: {made} số liệu; kỳ 2025 được mở lại để nhập số liệu tổng kết.")
        made = son_la_demo_load(password=DEMO_PASSWORD)
        if made:
            self.stdout.write(f"Kế hoạch tỉnh Sơn La 2026–2030: {made} số liệu mẫu năm 2026 của các xã, phường.")
        made = hon_quan_demo_load(password=DEMO_PASSWORD)
        if made:
            self.stdout.write(f"Huyện Hớn Quản: kế hoạch năm 2024 (Tháng hành động), {made} báo cáo hoạt động mẫu.")
        self.stdout.write(
            f"Người dùng mẫu (mật khẩu {DEMO_PASSWORD}, chỉ dùng thử trên máy): "
            + ", ".join(
                [username for username, *_ in DEMO_USERS]
                + [username for username, *_ in SON_LA_USERS]
                + [username for username, *_ in HON_QUAN_USERS]
            )
        )
