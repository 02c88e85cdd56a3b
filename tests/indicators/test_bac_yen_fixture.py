"""The Bắc Yên plan (seed 000) as the fixture holds it: complete and faithful to the document."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Assignment, Indicator

pytestmark = pytest.mark.django_db

LD = "Phòng Lao động - Thương binh và Xã hội"
VH = "Phòng Văn hóa và Thông tin"
NV = "Phòng Nội vụ"
GD = "Phòng Giáo dục và Đào tạo"
HEALTH = {"Văn phòng HĐND và UBND huyện", "Trung tâm Y tế huyện"}

# code → (kind, unit, factor, direction, 2025 target)
EXPECTED = {
    "1.1a": ("percent", "%", 100, "increase", Decimal(35)),
    "1.1b": ("percent", "%", 100, "increase", Decimal(100)),
    "2.1": ("percent", "%", 100, "increase", Decimal(25)),
    "2.2": ("percent", "%", 100, "decrease", Decimal(40)),
    "2.3": ("percent", "%", 100, "increase", Decimal(15)),
    "3.1": ("ratio", "lần", 1, "decrease", Decimal("1.8")),
    "3.2a": ("percent", "%", 100, "increase", Decimal(80)),
    "3.2b": ("percent", "%", 100, "increase", Decimal(50)),
    "3.3": ("percent", "%", 100, "increase", Decimal(100)),
    "3.4": ("percent", "%", 100, "increase", Decimal(100)),
    "4.1": ("ratio", "bé trai/100 bé gái", 100, "decrease", Decimal("114.2")),
    "4.2": ("ratio", "/100.000 trẻ đẻ sống", 100000, "decrease", Decimal(48)),
    "4.3": ("ratio", "/1.000 phụ nữ", 1000, "decrease", Decimal(20)),
    "5.1": ("boolean", "", 1, "", True),
    "5.2a": ("percent", "%", 100, "increase", Decimal(98)),
    "5.2b": ("percent", "%", 100, "increase", Decimal(85)),
    "5.3": ("percent", "%", 100, "increase", Decimal(20)),
    "5.4": ("percent", "%", 100, "increase", Decimal(25)),
    "6.1": ("percent", "%", 100, "increase", Decimal(50)),
    "6.2": ("percent", "%", 100, "increase", Decimal(80)),
}


def test_plan_header_is_the_document(bac_yen):
    assert bac_yen.code == "BACYEN-2021-2025"
    assert bac_yen.issuing_body == "Ủy ban nhân dân huyện Bắc Yên"
    assert bac_yen.document_number.endswith("/KH-UBND")
    assert (bac_yen.start_year, bac_yen.end_year) == (2021, 2025)
    assert (bac_yen.territory.name, bac_yen.territory.level) == ("Bắc Yên", "district")
    assert (bac_yen.territory.parent.name, bac_yen.territory.parent.level) == ("Sơn La", "province")
    assert bac_yen.parent.document_number == "111/KH-UBND"
    assert bac_yen.parent.issue_date == date(2021, 4, 27)
    assert (bac_yen.half_year_deadline_day, bac_yen.half_year_deadline_month) == (18, 5)
    assert (bac_yen.annual_deadline_day, bac_yen.annual_deadline_month) == (20, 11)


def test_all_six_goals_and_every_measured_part(bac_yen):
    assert list(bac_yen.goals.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert bac_yen.goals.get(number=4).title == "Trong lĩnh vực y tế"
    indicators = {i.code: i for i in Indicator.objects.filter(plan=bac_yen).prefetch_related("targets")}
    assert set(indicators) == set(EXPECTED)
    for code, (kind, unit, factor, direction, target) in EXPECTED.items():
        indicator = indicators[code]
        targets = list(indicator.targets.all())
        assert (indicator.kind, indicator.unit, indicator.factor, indicator.direction) == (
            kind,
            unit,
            factor,
            direction,
        ), code
        assert [(t.year, t.value) for t in targets] == [(2025, target)], code


def assigned(plan, code, role):
    rows = Assignment.objects.filter(indicator__plan=plan, indicator__code=code, role=role).select_related("agency")
    return {(a.agency.name, a.scope_note) for a in rows}


def test_agencies_as_section_vi_assigns_them(bac_yen):
    assert assigned(bac_yen, "1.1a", "lead") == {(NV, "")}
    assert assigned(bac_yen, "2.3", "lead") == {("Phòng Tài chính - Kế hoạch", "")}
    # chỉ tiêu 2 of goal 3 is split by data: gender-based violence (LĐTBXH) and domestic violence (VH-TT)
    for code in ("3.2a", "3.2b"):
        assert assigned(bac_yen, code, "lead") == {
            (LD, "số liệu về bạo lực trên cơ sở giới"),
            (VH, "số liệu về bạo lực gia đình"),
        }
    assert assigned(bac_yen, "3.3", "lead") == {(LD, "")}
    assert assigned(bac_yen, "3.3", "data_provider") == {("Công an huyện", "")}
    for code in ("4.1", "4.2", "4.3"):
        assert {name for name, _ in assigned(bac_yen, code, "lead")} == HEALTH
    assert assigned(bac_yen, "5.3", "lead") == {(GD, ""), (NV, "")}
    assert assigned(bac_yen, "6.1", "lead") == {("Phòng Tư pháp", "")}
    assert assigned(bac_yen, "6.1", "coordinating") == {("Trung tâm Truyền thông - Văn hóa", "")}
    assert assigned(bac_yen, "6.2", "lead") == {(LD, "")}


def test_every_indicator_has_a_lead(bac_yen):
    without_lead = Indicator.objects.filter(plan=bac_yen).exclude(assignments__role="lead")
    assert list(without_lead) == []


def test_periods_carry_the_plans_deadlines(bac_yen):
    periods = {p.code: p.deadline for p in bac_yen.periods.all()}
    assert len(periods) == 10
    assert periods["2024S1"] == date(2024, 5, 18)
    assert periods["2024"] == date(2024, 11, 20)
