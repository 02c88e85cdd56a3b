"""The second demo: Sơn La's 2026–2030 province plan on the official tree (75 communes), with commune reporters for
a handful of communes and plausible 2026 figures for most communes, replayed through the workflow services.

Invented, not statistics of Sơn La (the README says so). Deterministic: the same seed gives the same demo.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from indicators.entry import Entry
from indicators.models import DataValue, Indicator, ValueAction
from indicators.services.figures import SUBMIT, FigureInput, values_review, values_write
from plans.models import AdministrativeUnit, Agency, Plan, ReportingPeriod, Role, User
from plans.services import agency_get_or_create, user_create

PLAN_CODE = "SONLA-2026-2030"
PROVINCE_CODE = "14"
STORY_COMMUNE = "03856"  # Xã Bắc Yên
# (user name, role, full name, commune code for a commune's user)
USERS = [
    ("dieuphoi.sonla", Role.COORDINATOR, "Cầm Thị Thu", None),
    ("lanhdao.sonla", Role.LEADER, "Hoàng Văn Chiến", None),
    ("baocao.xabacyen", Role.REPORTER, "Lò Văn Hùng", STORY_COMMUNE),
    ("lanhdao.xabacyen", Role.LEADER, "Mùa A Sử", STORY_COMMUNE),
    ("baocao.xamuongla", Role.REPORTER, "Quàng Thị Xuân", "03808"),
    ("baocao.phuongtohieu", Role.REPORTER, "Nguyễn Thị Hạnh", "03646"),
    ("baocao.xaphuyen", Role.REPORTER, "Đinh Văn Toản", "03910"),
    ("baocao.xasopcop", Role.REPORTER, "Lường Thị Nga", "04231"),
]
# Province-level figures, 6 months of 2026 (entered by the coordinator on the lead agencies' behalf).
PROVINCE_FIGURES = {
    "1.2": "30.5",
    "2.1": "36.2",
    "2.2": "60.8",
    "3.1": "1.85",
    "3.3": "100",
    "4.2": "44",
    "5.1": False,
    "6.1": "63",
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@dataclass
class _Commune:
    unit: AdministrativeUnit
    agency: Agency
    reporter: User | None
    lag: float  # 0: as the province goes; higher: behind


def _rate(numerator: int, denominator: int, factor: Decimal, *, percent: bool = True) -> Entry:
    numerator = max(0, min(numerator, denominator)) if percent else max(0, numerator)
    value = (Decimal(numerator) / Decimal(denominator) * factor).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return Entry(value=value, numerator=Decimal(numerator), denominator=Decimal(denominator))


def _commune_figure(indicator: Indicator, commune: _Commune, rng: random.Random, step: int) -> Entry:
    """A plausible figure for a commune: the province's 2025 level, moving a little towards 2030, worse in
    communes that lag."""
    lag, code = commune.lag, indicator.code
    if code == "1.1":
        bodies = rng.randint(8, 12)  # the commune's Party, People's Council, People's Committee, Front, unions …
        return _rate(round(bodies * (rng.uniform(0.48, 0.68) - lag * 0.5)), bodies, Decimal(100))
    if code == "3.2a":
        detected = rng.randint(5, 14)
        return _rate(round(detected * rng.uniform(0.8, 1.0) * (1 - lag * 0.6)), detected, Decimal(100))
    if code == "3.2b":
        detected = rng.randint(3, 9)
        return _rate(round(detected * rng.uniform(0.45, 0.75) * (1 - lag * 0.7)), detected, Decimal(100))
    if code == "3.4":
        return Entry(value=Decimal(max(0, rng.randint(2, 4) + step - (2 if lag > 0.3 else 0))))
    if code == "4.1":
        girls = rng.randint(40, 110)
        return _rate(round(girls * rng.uniform(1.06, 1.115) * (1 + lag * 0.08)), girls, Decimal(100), percent=False)
    if code == "4.3":
        women = rng.randint(400, 1500)
        return _rate(round(women * rng.uniform(0.017, 0.029) * (1 + lag)), women, Decimal(1000), percent=False)
    if code == "5.2":
        girls = rng.randint(30, 90)
        return _rate(round(girls * rng.uniform(0.8, 0.92) * (1 - lag * 0.3)), girls, Decimal(100))
    if code == "6.2":
        return _rate(1 if rng.random() > 0.12 + lag else 0, 1, Decimal(100))
    raise ValueError(code)


def son_la_demo_load(*, password: str, seed: int = 2026) -> int:
    """Users, commune agencies and 2026 figures of the Sơn La plan; returns how many figures were made. Does
    nothing to figures if the plan has some already (users are created only if missing)."""
    plan = Plan.objects.select_related("territory").get(code=PLAN_CODE)
    province = plan.territory
    communes = list(AdministrativeUnit.objects.filter(parent=province, valid_until__isnull=True).order_by("code"))
    agencies = {unit.pk: agency_get_or_create(name=f"UBND {unit.label}", unit=unit)[0] for unit in communes}
    users = {}
    for username, role, full_name, commune_code in USERS:
        unit = next((u for u in communes if u.code == commune_code), province)
        existing = User.objects.filter(username=username).first()
        users[username] = existing or user_create(
            username=username,
            password=password,
            role=role,
            unit=unit,
            agency=agencies.get(unit.pk) if role == Role.REPORTER else None,
            full_name=full_name,
            email=f"{username}@sonla.example",
        )
    if DataValue.objects.filter(indicator__plan=plan).exists():
        return 0
    coordinator = users["dieuphoi.sonla"]
    reporters = {user.agency_id: user for user in users.values() if user.role == Role.REPORTER}
    rng = random.Random(seed)
    lagging = set(rng.sample(range(len(communes)), k=len(communes) // 6))
    # Xã Bắc Yên is behind, and has not reported 2026 yet: the story the README walks (and tests/e2e) starts there.
    lagging.add(next(n for n, unit in enumerate(communes) if unit.code == STORY_COMMUNE))
    people = [
        _Commune(
            unit,
            agencies[unit.pk],
            reporters.get(agencies[unit.pk].pk),
            rng.uniform(0.35, 0.6) if n in lagging else 0.0,
        )
        for n, unit in enumerate(communes)
    ]
    indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("assignments__agency").order_by("position"))
    by_unit = [i for i in indicators if i.reported_by_commune]
    periods = {p.code: p for p in plan.periods.all()}
    made = _half_year(plan, periods["2026S1"], people, by_unit, indicators, coordinator, rng)
    made += _annual_so_far(plan, periods["2026"], people, by_unit, coordinator, rng)
    return made


def _enter(*, actor, agency, inputs, at):
    return values_write(actor=actor, agency=agency, inputs=inputs, mode=SUBMIT, at=at).values


def _half_year(plan, period: ReportingPeriod, people, by_unit, indicators, coordinator, rng) -> int:
    """6 months of 2026: nine communes in ten reported (most on time), most figures approved, some still waiting,
    two returned; the province's own figures entered by the coordinator for the lead agencies."""
    made, to_approve, to_return = 0, [], []
    for commune in people:
        story = commune.unit.code == STORY_COMMUNE  # reported and approved: its leader sees where it is behind
        if rng.random() < 0.1 and not story:
            continue  # did not report
        late = rng.random() < 0.12
        day = (
            period.deadline + timedelta(days=rng.randint(1, 8))
            if late
            else period.deadline - timedelta(days=rng.randint(1, 25))
        )
        actor = commune.reporter or coordinator
        inputs = [FigureInput(i, period, commune.unit, _commune_figure(i, commune, rng, 0)) for i in by_unit]
        values = _enter(actor=actor, agency=commune.agency, inputs=inputs, at=_at(day, rng.randint(8, 16)))
        made += len(values)
        outcome = 0.5 if story else rng.random()
        if outcome < 0.03:
            to_return.append((values, day))
        elif outcome < 0.85:
            to_approve.append((values, day))
    province = plan.territory
    for indicator in indicators:
        if indicator.code not in PROVINCE_FIGURES:
            continue
        raw = PROVINCE_FIGURES[indicator.code]
        entry = Entry(value=raw) if isinstance(raw, bool) else Entry(value=Decimal(raw))
        lead = next(a.agency for a in indicator.assignments.all() if a.role == "lead")
        day = period.deadline - timedelta(days=rng.randint(2, 12))
        values = _enter(
            actor=coordinator, agency=lead, inputs=[FigureInput(indicator, period, province, entry)], at=_at(day, 9)
        )
        made += len(values)
        to_approve.append((values, day))
    for values, day in to_approve:
        values_review(
            actor=coordinator,
            items=[(v, None) for v in values],
            action=ValueAction.APPROVED,
            at=_at(day + timedelta(days=rng.randint(2, 6)), 10),
        )
    for values, day in to_return:
        values_review(
            actor=coordinator,
            items=[(values[0], None)],
            action=ValueAction.RETURNED,
            note="Đề nghị kiểm tra lại mẫu số (số trẻ em gái trong độ tuổi) theo số liệu thống kê dân số của xã.",
            at=_at(day + timedelta(days=3), 10),
        )
    return made


def _annual_so_far(plan, period: ReportingPeriod, people, by_unit, coordinator, rng) -> int:
    """The year 2026 is being reported now: a third of the communes have submitted, a few already approved."""
    opens = period.deadline - timedelta(days=30)
    yesterday = timezone.localdate() - timedelta(days=1)
    if yesterday <= opens:
        return 0
    made = 0
    for commune in people:
        if rng.random() > 0.35 or commune.unit.code == STORY_COMMUNE:
            continue
        day = opens + timedelta(days=rng.randint(1, max(1, (min(yesterday, period.deadline) - opens).days)))
        actor = commune.reporter or coordinator
        inputs = [FigureInput(i, period, commune.unit, _commune_figure(i, commune, rng, 1)) for i in by_unit]
        values = _enter(actor=actor, agency=commune.agency, inputs=inputs, at=_at(day, rng.randint(8, 16)))
        made += len(values)
        if rng.random() < 0.3 and day < yesterday:
            values_review(
                actor=coordinator,
                items=[(v, None) for v in values],
                action=ValueAction.APPROVED,
                at=_at(day + timedelta(days=1), 10),
            )
    return made
