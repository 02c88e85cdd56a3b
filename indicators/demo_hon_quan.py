"""The third demo: Hớn Quản district (Bình Phước), its 2021–2030 plan as far as seed 001 tells it, and the 2024 work
plan of the Action Month with its tasks per agency (fixtures/hon_quan_2021_2030.xlsx and
fixtures/hon_quan_2024_activities.xlsx), users for it, and a few reported activities replayed through the workflow
services in late 2024: most approved, one awaiting review, one returned, one dropped with its reason; the communes'
Action Month left unreported, so it shows as late.

The reports, their figures and their evidence files are invented, not facts of Hớn Quản (the README says so).
Deterministic, and safe to run again: nothing is made twice.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.conf import settings
from django.utils import timezone

from indicators.activities import Achieved
from indicators.models import Activity, ActivityProgress, ActivityReport, ValueAction
from indicators.services.activities import (
    EvidenceUpload,
    ReportInput,
    activity_report_return,
    activity_report_save,
    activity_reports_review,
)
from indicators.services.activities_import import activities_import
from indicators.services.plan_import import plan_import
from indicators.services.workflow import period_reopen
from plans.models import Agency, Plan, Role, User
from plans.services import user_create
from plans.text import name_key

PLAN_CODE = "HONQUAN-2021-2030"
PLAN_FIXTURE = "hon_quan_2021_2030.xlsx"
ACTIVITIES_FIXTURE = "hon_quan_2024_activities.xlsx"
LDTBXH = "Phòng Lao động - Thương binh và Xã hội"
VHTT = "Phòng Văn hóa và Thông tin"
YTE = "Trung tâm Y tế"
PHUNU = "Hội Liên hiệp Phụ nữ huyện"
# (user name, role, full name, agency of a reporter)
USERS = [
    ("dieuphoi.honquan", Role.COORDINATOR, "Điểu Thị Hằng", None),
    ("lanhdao.honquan", Role.LEADER, "Trần Văn Lộc", None),
    ("baocao.honquan.ldtbxh", Role.REPORTER, "Nguyễn Thị Thu Hà", LDTBXH),
    ("baocao.honquan.vhtt", Role.REPORTER, "Lê Văn Phúc", VHTT),
    ("baocao.honquan.yte", Role.REPORTER, "Phạm Thị Ngọc", YTE),
    ("baocao.honquan.phunu", Role.REPORTER, "Lâm Thị Bích", PHUNU),
]
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"]


@dataclass(frozen=True)
class DemoReport:
    period: str
    code: str
    progress: str
    achieved: Achieved
    account: str
    day: date
    outcome: str = "approved"  # approved, submitted, returned, draft
    reason: str = ""
    by_coordinator: bool = False
    evidence: tuple[str, ...] = ()  # file names; the files are drawn here (a PDF page, a photo-like PNG)
    note: str = ""


REPORTS = [
    DemoReport(
        "2024S1",
        "2.4",
        ActivityProgress.DONE,
        Achieved(events=8, women=352, men=268, products=10),
        "Phối hợp UBND các xã, thị trấn tổ chức 08 buổi tuyên truyền về phòng, chống bạo lực gia đình và chia sẻ "
        "việc nhà nhân Ngày Quốc tế hạnh phúc (20/3) và Ngày Gia đình Việt Nam (28/6); treo 10 băng rôn tại trung "
        "tâm các xã.",
        date(2024, 7, 3),
        evidence=("Báo cáo tuyên truyền Ngày Gia đình Việt Nam 2024.pdf",),
    ),
    DemoReport(
        "2024S1",
        "4.1",
        ActivityProgress.IN_PROGRESS,
        Achieved(events=1, women=52, men=31),
        "Tổ chức 01 lớp tập huấn lồng ghép giới cho thành viên Ban vì sự tiến bộ của phụ nữ huyện và cán bộ làm "
        "công tác bình đẳng giới cấp xã; lớp thứ hai dự kiến trong quý IV.",
        date(2024, 7, 5),
    ),
    DemoReport(
        "2024",
        "3.1",
        ActivityProgress.DONE,
        Achieved(events=4, women=268, men=152, products=15),
        "Ngày 15/11/2024 tổ chức Lễ phát động Tháng hành động tại Hội trường UBND huyện (180 đại biểu); 02 hội nghị "
        "truyền thông tại xã Thanh An và xã Tân Hiệp; 01 tọa đàm với học sinh Trường THPT Trần Phú; treo 12 băng "
        "rôn, 03 pano tại trung tâm huyện; thăm hỏi, tặng quà 10 phụ nữ và trẻ em gái có hoàn cảnh khó khăn.",
        date(2024, 12, 18),
        evidence=("Báo cáo kết quả Tháng hành động 2024.pdf", "Lễ phát động 15-11-2024.png"),
    ),
    DemoReport(
        "2024",
        "3.2",
        ActivityProgress.DONE,
        Achieved(events=13, women=610, men=480, products=42),
        "Chỉ đạo 13 xã, thị trấn tổ chức tuyên truyền lưu động hưởng ứng Tháng hành động và Ngày Thế giới xóa bỏ "
        "bạo lực đối với phụ nữ (25/11); đăng 42 tin, bài trên Trang thông tin điện tử và hệ thống loa truyền thanh "
        "cơ sở.",
        date(2024, 12, 17),
        evidence=("Tổng hợp tin, bài Tháng hành động.pdf",),
    ),
    DemoReport(
        "2024",
        "4.1",
        ActivityProgress.DONE,
        Achieved(events=2, women=97, men=63),
        "Tổ chức 02 lớp tập huấn: lồng ghép giới cho cán bộ làm công tác bình đẳng giới cấp huyện, xã (tháng 6) và "
        "kỹ năng lãnh đạo cho nữ cán bộ, công chức (tháng 10).",
        date(2024, 12, 16),
    ),
    DemoReport(
        "2024",
        "7.1",
        ActivityProgress.DONE,
        Achieved(inspections=3),
        "Kiểm tra việc thực hiện pháp luật về bình đẳng giới tại 03 xã (An Khương, Tân Lợi, Minh Đức); không phát "
        "hiện vi phạm, có kiến nghị kiện toàn Ban vì sự tiến bộ của phụ nữ cấp xã.",
        date(2024, 12, 19),
    ),
    DemoReport(
        "2024",
        "1.3",
        ActivityProgress.DROPPED,
        Achieved(),
        "",
        date(2024, 12, 12),
        reason="Năm 2024 huyện không xây dựng văn bản quy phạm pháp luật nào có nội dung liên quan đến bình đẳng giới.",
        by_coordinator=True,
    ),
    DemoReport(
        "2024",
        "2.5",
        ActivityProgress.DONE,
        Achieved(products=36),
        "Phát sóng 36 tin, bài, phóng sự về bình đẳng giới và phòng, chống bạo lực gia đình, trong đó 14 tin, bài "
        "trong Tháng hành động.",
        date(2024, 12, 20),
        by_coordinator=True,
    ),
    DemoReport(
        "2024",
        "2.3",
        ActivityProgress.IN_PROGRESS,
        Achieved(products=24),
        "Chuyên trang đã đăng 24 tin, bài; đang bổ sung mục hỏi đáp pháp luật về bình đẳng giới.",
        date(2024, 12, 21),
        outcome="submitted",
    ),
    DemoReport(
        "2024",
        "2.6",
        ActivityProgress.DONE,
        Achieved(events=6, women=420, men=95, products=2),
        "Lồng ghép truyền thông về mất cân bằng giới tính khi sinh, chăm sóc sức khỏe bà mẹ tại 06 buổi khám, tư "
        "vấn ở trạm y tế xã; phát 2 loại tờ rơi.",
        date(2024, 12, 22),
        outcome="submitted",
    ),
    DemoReport(
        "2024",
        "4.5",
        ActivityProgress.DONE,
        Achieved(events=1, women=85),
        "Tổ chức 01 lớp tập huấn nâng cao năng lực cho chi hội trưởng phụ nữ các ấp.",
        date(2024, 12, 16),
        outcome="returned",
        note="Đề nghị bổ sung danh sách học viên và ảnh lớp tập huấn làm minh chứng.",
    ),
    DemoReport(
        "2024",
        "8.1",
        ActivityProgress.IN_PROGRESS,
        Achieved(),
        "Đang tổng hợp số liệu năm 2024 từ các xã, thị trấn.",
        date(2024, 12, 23),
        outcome="draft",
    ),
]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _page(title: str, lines: list[str], *, as_pdf: bool) -> bytes:
    """A document page (PDF) or a photo-like picture (PNG) saying it is demo data."""
    from PIL import Image, ImageDraw

    size = (1240, 1754) if as_pdf else (960, 640)
    image = Image.new("RGB", size, "white" if as_pdf else "#dfe8f1")
    draw = ImageDraw.Draw(image)
    if not as_pdf:
        draw.rectangle((60, 380, 900, 600), fill="#9fb3c8")
        draw.ellipse((380, 160, 580, 360), fill="#f2c94c")
    y = 120 if as_pdf else 40
    draw.text((100 if as_pdf else 40, y), title, font=_font(40 if as_pdf else 30), fill="#1f2933")
    for line in lines:
        y += 60 if as_pdf else 44
        draw.text((100 if as_pdf else 40, y), line, font=_font(28 if as_pdf else 24), fill="#1f2933")
    buffer = BytesIO()
    image.save(buffer, format="PDF" if as_pdf else "PNG", resolution=150)
    return buffer.getvalue()


def _evidence(name: str, code: str) -> EvidenceUpload:
    lines = [
        f"Hoạt động {code} — huyện Hớn Quản, năm 2024",
        "Tệp minh chứng của dữ liệu mẫu (không phải văn bản thật).",
    ]
    return EvidenceUpload(name, _page(name.rsplit(".", 1)[0], lines, as_pdf=name.endswith(".pdf")))


def hon_quan_demo_load(*, password: str) -> int:
    """Load the Hớn Quản plan, its 2024 work plan, users and invented reports; returns how many reports were made
    (0 when the demo is already there)."""
    fixtures = settings.BASE_DIR / "fixtures"
    plan_import(data=(fixtures / PLAN_FIXTURE).read_bytes(), actor=None)
    activities_import(data=(fixtures / ACTIVITIES_FIXTURE).read_bytes(), file_name=ACTIVITIES_FIXTURE)
    plan = Plan.objects.select_related("territory").get(code=PLAN_CODE)
    for username, role, full_name, agency_name in USERS:
        if User.objects.filter(username=username).exists():
            continue  # an existing account, and its password, stay as they are
        agency = Agency.objects.get(unit=plan.territory, name_key=name_key(agency_name)) if agency_name else None
        user_create(
            username=username,
            password=password,
            role=role,
            unit=plan.territory,
            agency=agency,
            full_name=full_name,
            email=f"{username}@honquan.example",
        )
    if ActivityReport.objects.filter(activity__work_plan__plan=plan).exists():
        return 0
    coordinator = User.objects.get(username="dieuphoi.honquan")
    reporters = {user.agency_id: user for user in User.objects.filter(role=Role.REPORTER, agency__unit=plan.territory)}
    periods = {period.code: period for period in plan.periods.all()}
    # The plan gives no report deadlines (seed 001 does not say them), so its periods open only when reopened.
    for code in ("2024S1", "2024"):
        period_reopen(
            actor=coordinator,
            period=periods[code],
            agency=None,
            until=timezone.localdate() + timedelta(days=45),
            note="Kế hoạch chưa có hạn báo cáo: mở để các cơ quan báo cáo hoạt động năm 2024 (dữ liệu mẫu).",
        )
    activities = {a.code: a for a in Activity.objects.filter(work_plan__plan=plan, work_plan__year=2024)}
    for item in REPORTS:
        activity = activities[item.code]
        reporter = None if item.by_coordinator else reporters.get(activity.lead_agency_id)
        report = activity_report_save(
            actor=reporter or coordinator,
            activity=activity,
            period=periods[item.period],
            data=ReportInput(progress=item.progress, reason=item.reason, account=item.account, achieved=item.achieved),
            submit=item.outcome != "draft",
            agency=activity.lead_agency,
            add_evidence=[_evidence(name, item.code) for name in item.evidence],
            at=_at(item.day),
        )
        reviewed = _at(item.day + timedelta(days=2), 10)
        if item.outcome == "approved":
            activity_reports_review(actor=coordinator, items=[(report, None)], action=ValueAction.APPROVED, at=reviewed)
        elif item.outcome == "returned":
            activity_report_return(actor=coordinator, report=report, note=item.note, at=reviewed)
    return len(REPORTS)
