"""Plausible figures for the Bắc Yên demo, 2021–2024, replayed through the workflow services.

Each agency's reporter submits before (now and then a few days after) the deadline, the coordinator approves a
few days later; 2024's annual figures are partly still awaiting review and a few were returned. Deterministic:
the same seed gives the same demo. Not real statistics: the README says so.
"""

import random
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from indicators.entry import Entry
from indicators.models import DataValue, Indicator, Kind
from indicators.services.figures import value_approve, value_return, value_save
from indicators.services.workflow import period_reopen
from plans.models import Plan, User

# code → (value at the start of 2021, value reached by the end of 2024); decreasing indicators fall.
TRAJECTORIES = {
    "1.1a": ("22", "31.5"),
    "1.1b": ("61", "88"),
    "2.1": ("14.2", "17.9"),
    "2.2": ("63.5", "57.1"),
    "2.3": ("9.1", "13.6"),
    "3.1": ("2.4", "2.05"),
    "3.2a": ("48", "71"),
    "3.2b": ("21", "19"),
    "3.3": ("100", "100"),
    "3.4": ("35", "71"),
    "4.1": ("117.3", "115.4"),
    "4.2": ("62", "50"),
    "4.3": ("33", "24"),
    "5.2a": ("93.5", "97.6"),
    "5.2b": ("71", "79.5"),
    "5.3": ("12", "19.4"),
    "5.4": ("17", "23.5"),
    "6.1": ("28", "44"),
    "6.2": ("52", "77"),
}
# Rates shown with the numerator and denominator an agency would count (the denominators are plausible sizes).
DENOMINATORS = {"1.1a": 31, "3.4": 14, "5.3": 420}
RETURN_NOTES = [
    "Đề nghị bổ sung số liệu của các xã vùng cao và ghi rõ nguồn.",
    "Số liệu chênh lệch với báo cáo của Sở; đề nghị kiểm tra lại mẫu số.",
    "Đề nghị giải trình nguyên nhân giảm so với cùng kỳ.",
]
PERIODS = ["2021S1", "2021", "2022S1", "2022", "2023S1", "2023", "2024S1", "2024"]


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _figure(indicator: Indicator, step: int, rng: random.Random) -> Entry:
    if indicator.kind == Kind.BOOLEAN:
        return Entry(value=step >= 7)  # the curriculum content arrives in 2024
    start, end = (Decimal(v) for v in TRAJECTORIES[indicator.code])
    share = Decimal(step) / Decimal(len(PERIODS) - 1)
    noise = Decimal(rng.uniform(-0.6, 0.6)).quantize(Decimal("0.1"))
    value = start + (end - start) * share + (noise if start != end else 0)
    if indicator.kind == Kind.PERCENT:
        value = min(max(value, Decimal(0)), Decimal(100))
    denominator = DENOMINATORS.get(indicator.code)
    if denominator:
        numerator = (value * denominator / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Entry(
            value=(numerator / denominator * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            numerator=numerator,
            denominator=Decimal(denominator),
        )
    return Entry(value=value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def demo_figures_load(*, plan: Plan, coordinator: User, reporters: dict[int, User], seed: int = 2021) -> int:
    """Replay four years of reporting; returns how many figures were made. Does nothing if the plan has figures."""
    if DataValue.objects.filter(indicator__plan=plan).exists():
        return 0
    rng = random.Random(seed)
    periods = {p.code: p for p in plan.periods.all()}
    indicators = list(
        Indicator.objects.filter(plan=plan).prefetch_related("assignments").order_by("position").exclude(kind=Kind.TEXT)
    )
    made = 0
    for step, code in enumerate(PERIODS):
        period = periods[code]
        for indicator in indicators:
            lead = next(a for a in indicator.assignments.all() if a.role == "lead")
            reporter = reporters[lead.agency_id]
            late = rng.random() < 0.12
            submitted_on = (
                period.deadline + timedelta(days=rng.randint(1, 6))
                if late
                else period.deadline - timedelta(days=rng.randint(1, 25))
            )
            figure = value_save(
                actor=reporter,
                indicator=indicator,
                period=period,
                unit=plan.territory,
                entry=_figure(indicator, step, rng),
                submit=True,
                at=_at(submitted_on, rng.randint(8, 16)),
                note="Số liệu ước thực hiện 6 tháng." if period.kind == "half_year" and rng.random() < 0.3 else "",
            )
            made += 1
            reviewed_on = submitted_on + timedelta(days=rng.randint(1, 5))
            if code == "2024" and rng.random() < 0.15:
                value_return(actor=coordinator, value=figure, note=rng.choice(RETURN_NOTES), at=_at(reviewed_on, 10))
            elif code == "2024" and rng.random() < 0.25:
                continue  # still awaiting the coordinator's review
            else:
                value_approve(actor=coordinator, value=figure, at=_at(reviewed_on, 10))
    # The 2021–2025 plan is closing: its last periods are reopened so agencies can enter the end-of-plan figures.
    until = timezone.localdate() + timedelta(days=45)
    for code in ("2025S1", "2025"):
        period_reopen(
            actor=coordinator,
            period=periods[code],
            agency=None,
            until=until,
            note="Mở lại để các cơ quan nhập số liệu tổng kết giai đoạn 2021–2025.",
        )
    return made
