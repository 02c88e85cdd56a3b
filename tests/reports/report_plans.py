"""Plans of several lengths for the report's page tests: a short one and one of 60+ indicators with long names,
baselines, every kind of indicator and agencies' notes — what a province's report looks like."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from indicators.models import Assignment, DataValue, Indicator, Target
from plans.models import UnitLevel
from plans.services import plan_sync_periods
from plans.text import name_key
from tests.factories import AgencyFactory, GoalFactory, PlanFactory, UnitFactory

GOAL_TITLES = [
    "Trong lĩnh vực chính trị",
    "Trong lĩnh vực kinh tế, lao động",
    "Trong đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    "Trong lĩnh vực y tế",
    "Trong lĩnh vực giáo dục, đào tạo",
    "Trong lĩnh vực thông tin, truyền thông",
    "Trong công tác quản lý nhà nước về bình đẳng giới",
    "Trong lĩnh vực văn hóa, thể thao",
]
NAMES = [
    "Tỷ lệ cơ quan hành chính nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ",
    "Tỷ lệ lao động nữ làm công hưởng lương",
    "Tỷ lệ người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện được tiếp cận ít nhất một trong các "
    "dịch vụ hỗ trợ cơ bản",
    "Tỷ lệ nữ thạc sĩ trong tổng số người có trình độ thạc sĩ",
    "Tỷ lệ tổ chức Đảng, chính quyền, cơ quan hành chính, cơ quan, ban, ngành, đoàn thể các cấp được phổ biến, "
    "cập nhật thông tin về bình đẳng giới và cam kết thực hiện bình đẳng giới",
    "Tỷ lệ dân số được tiếp cận kiến thức cơ bản về bình đẳng giới",
]
AGENCIES = [
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Công an tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
]


def _series(n: int) -> list[Decimal]:
    """Ten figures (2021S1 … 2025) that rise, stall or fall depending on n."""
    start = Decimal(20 + n % 30)
    step = Decimal((n % 7) - 2) / 2
    return [start + step * k for k in range(10)]


def report_plan(indicator_count: int, *, code: str, goal_count: int = 8, with_notes: bool = True, through: int = 2024):
    """A plan of `indicator_count` indicators over `goal_count` goals, figures 2021S1 to the year `through`
    approved."""
    territory = UnitFactory(name=f"Thử {code}", name_key=name_key(f"Thử {code}"), level=UnitLevel.PROVINCE)
    plan = PlanFactory(
        code=code,
        title=f"Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025 trên địa bàn tỉnh Thử {code}",
        issuing_body=f"Ủy ban nhân dân tỉnh Thử {code}",
        document_number="215/KH-UBND",
        issue_date=date(2021, 4, 27),
        territory=territory,
    )
    plan_sync_periods(plan=plan)
    goals = [GoalFactory(plan=plan, number=k + 1, title=GOAL_TITLES[k % len(GOAL_TITLES)]) for k in range(goal_count)]
    agencies = [AgencyFactory(unit=territory, name=name, name_key=name_key(name)) for name in AGENCIES]
    indicators = []
    for n in range(indicator_count):
        kind, unit, direction, factor = "percent", "%", "increase", 100
        if n % 9 == 4:
            kind, unit, direction, factor = "ratio", "/100.000 trẻ đẻ sống", "decrease", 100000
        elif n % 9 == 7:
            kind, unit, direction, factor = "count", "người", "increase", 1
        elif n % 11 == 5:
            kind, unit, direction, factor = "boolean", "", "", 1
        indicators.append(
            Indicator(
                plan=plan,
                goal=goals[n * goal_count // indicator_count],
                code=f"{n * goal_count // indicator_count + 1}.{n + 1}",
                position=n,
                name=NAMES[n % len(NAMES)] + ("" if n % 3 else " ở các xã, phường, thị trấn"),
                unit=unit,
                kind=kind,
                factor=factor,
                direction=direction,
                baseline_value=Decimal(18 + n % 30) if n % 4 == 0 and kind != "boolean" else None,
                baseline_year=2020 if n % 4 == 0 and kind != "boolean" else None,
            )
        )
    indicators = Indicator.objects.bulk_create(indicators)
    Target.objects.bulk_create(
        Target(indicator=i, year=2025, value_bool=True)
        if i.kind == "boolean"
        else Target(indicator=i, year=2025, value_number=Decimal(15 if i.direction == "decrease" else 60))
        for i in indicators
    )
    Assignment.objects.bulk_create(
        Assignment(indicator=indicator, agency=agencies[(n + k) % len(agencies)], role="lead")
        for n, indicator in enumerate(indicators)
        for k in range(1 + n % 2)
    )
    now = timezone.now()
    periods = list(plan.periods.filter(year__lte=through))
    figures = []
    for n, indicator in enumerate(indicators):
        for k, (period, value) in enumerate(zip(periods, _series(n), strict=False)):
            note = ""
            if with_notes and n % 5 == 0 and k == len(periods) - 1:
                note = "Số liệu ước thực hiện, sẽ cập nhật khi có kết quả điều tra chính thức của Cục Thống kê tỉnh."
            figures.append(
                DataValue(
                    indicator=indicator,
                    period=period,
                    unit=territory,
                    agency=agencies[n % len(agencies)],
                    value_bool=(k > 5) if indicator.kind == "boolean" else None,
                    value_number=None if indicator.kind == "boolean" else value,
                    status="approved",
                    note=note,
                    entered_at=now,
                    first_submitted_at=now,
                )
            )
    DataValue.objects.bulk_create(figures)
    return plan
