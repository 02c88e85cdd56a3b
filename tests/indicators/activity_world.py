"""A small district with a 2024 work plan, for the activity tests: three agencies, a user per role, the 2024
periods open (reopened for every agency), and helpers to add activities and evidence files.

Activity A (3.1, the Action Month) is led by Phòng LĐ-TB&XH with Phòng VH-TT coordinating; activity B (2.1, the
whole year) by Phòng LĐ-TB&XH; activity C (4.1, the whole year) by Hội Liên hiệp Phụ nữ, which has no part in A or B.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone

from indicators.activities import window_dates
from indicators.models import Activity, ActivityOutput, PeriodReopening, Theme, TimeWindow, WorkPlan
from plans.models import Role, UnitLevel
from plans.services import agency_get_or_create, plan_sync_periods, user_create
from plans.text import name_key
from tests.factories import IndicatorFactory, PlanFactory, TargetFactory, UnitFactory

PASSWORD = "Mat-khau-thu-1"
ROLES = [
    "anonymous",
    "administrator",
    "coordinator",
    "leader",
    "reporter_lead",
    "reporter_coordinating",
    "reporter_other",
    "other_coordinator",
]


def pdf_bytes(text: str = "Minh chứng") -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "#48a").save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    buffer = BytesIO()
    document = Document()
    document.add_paragraph("Báo cáo kết quả")
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class World:
    plan: object
    work_plan: object
    periods: dict
    agencies: dict
    users: dict
    activities: dict
    themes: dict
    indicators: dict

    def add_activity(self, code: str, *, lead: str = "ldtbxh", window=TimeWindow.YEAR, theme: str = "Truyền thông"):
        key = name_key(theme)
        if key not in self.themes:
            self.themes[key] = Theme.objects.create(
                work_plan=self.work_plan, name=theme, name_key=key, position=len(self.themes) + 1
            )
        start, end = window_dates(window, 2024)
        activity = Activity.objects.create(
            work_plan=self.work_plan,
            theme=self.themes[key],
            code=code,
            position=Activity.objects.filter(work_plan=self.work_plan).count() + 1,
            name=f"Hoạt động thử {code}",
            lead_agency=self.agencies[lead],
            start_date=start,
            end_date=end,
        )
        self.activities[code] = activity
        return activity


@pytest.fixture
def media(settings, tmp_path):
    """Evidence files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def world(db, media) -> World:
    province = UnitFactory(name="Tỉnh Thử", level=UnitLevel.PROVINCE)
    district = UnitFactory(name="Huyện Thử", level=UnitLevel.DISTRICT, parent=province)
    other = UnitFactory(name="Huyện Khác", level=UnitLevel.DISTRICT, parent=province)
    plan = PlanFactory(code="THU-2021-2030", territory=district, start_year=2021, end_year=2030)
    plan_sync_periods(plan=plan)
    indicators = {}
    for code in ("3.2", "6.1"):
        indicators[code] = IndicatorFactory(plan=plan, goal__plan=plan, code=code)
        TargetFactory(indicator=indicators[code], year=2030)
    agencies = {
        "ldtbxh": agency_get_or_create(name="Phòng Lao động - Thương binh và Xã hội", unit=district)[0],
        "vhtt": agency_get_or_create(name="Phòng Văn hóa và Thông tin", unit=district)[0],
        "phunu": agency_get_or_create(name="Hội Liên hiệp Phụ nữ huyện", unit=district)[0],
    }
    periods = {period.code: period for period in plan.periods.all()}
    until = timezone.localdate() + timedelta(days=30)
    for code in ("2024S1", "2024"):
        PeriodReopening.objects.create(period=periods[code], agency=None, until=until, created_at=timezone.now())
    users = {
        "administrator": user_create(username="qt", password=PASSWORD, role=Role.ADMINISTRATOR, unit=None),
        "coordinator": user_create(username="dp", password=PASSWORD, role=Role.COORDINATOR, unit=district),
        "leader": user_create(username="ld", password=PASSWORD, role=Role.LEADER, unit=district),
        "reporter_lead": user_create(
            username="bc1", password=PASSWORD, role=Role.REPORTER, unit=district, agency=agencies["ldtbxh"]
        ),
        "reporter_coordinating": user_create(
            username="bc2", password=PASSWORD, role=Role.REPORTER, unit=district, agency=agencies["vhtt"]
        ),
        "reporter_other": user_create(
            username="bc3", password=PASSWORD, role=Role.REPORTER, unit=district, agency=agencies["phunu"]
        ),
        "other_coordinator": user_create(username="dp2", password=PASSWORD, role=Role.COORDINATOR, unit=other),
    }
    work_plan = WorkPlan.objects.create(
        plan=plan,
        year=2024,
        code="THU-2024",
        document_number="15/KH-UBND",
        title="Kế hoạch thực hiện công tác bình đẳng giới năm 2024",
        issuing_body="Ủy ban nhân dân huyện Thử",
        issue_date=date(2024, 2, 1),
    )
    result = World(plan, work_plan, periods, agencies, users, {}, {}, indicators)
    a = result.add_activity("3.1", window=TimeWindow.ACTION_MONTH, theme="Tháng hành động")
    a.name = "Tổ chức Tháng hành động vì bình đẳng giới"
    a.save()
    a.coordinating_agencies.set([agencies["vhtt"]])
    a.indicators.set([indicators["3.2"]])
    ActivityOutput.objects.create(activity=a, position=1, kind="events", label="hội nghị", quantity=3)
    ActivityOutput.objects.create(activity=a, position=2, kind="participants", label="người", quantity=300)
    result.add_activity("2.1", theme="Truyền thông")
    result.add_activity("4.1", lead="phunu", theme="Nâng cao năng lực")
    return result
