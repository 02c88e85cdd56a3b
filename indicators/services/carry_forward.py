"""Carrying a closing plan forward (the 2021–2025 plans become the 2026–2030 ones): the next plan is created with the
same goals, indicators, kinds, directions and agencies; each indicator's baseline is its latest approved result in
the closing plan (value and year, by the roll-up rule); the two plans, and each indicator with its predecessor, stay
linked. Nothing of the closing plan changes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from indicators.models import Assignment, Indicator, Kind, Target, ValueStatus
from indicators.rollup import unit_values
from plans.access import may_manage_plan, may_manage_unit
from plans.models import AdministrativeUnit, Goal, Plan, PlanStatus, User
from plans.services import PlanRuleError, agency_get_or_create, plan_sync_periods
from plans.text import clean_name, yes_no_word

CODE_CHARACTERS = "letters without diacritics, digits, . _ -"


@dataclass(frozen=True)
class CarriedIndicator:
    """What the next plan will say of one indicator: its baseline from the closing plan and its proposed target."""

    indicator: Indicator
    baseline: object  # Decimal, bool or text; None when the closing plan has no approved result
    baseline_year: int | None
    target: object  # the milestone of the new years if the closing plan set one, else the last target


def carry_forward_preview(source: Plan, *, start_year: int, end_year: int) -> list[CarriedIndicator]:
    """Each indicator of the closing plan with its latest approved result and the target proposed for the new
    years. A fixed number of queries."""
    indicators = list(
        Indicator.objects.filter(plan=source).prefetch_related("targets").select_related("goal").order_by("position")
    )
    periods = sorted(source.periods.all(), key=lambda period: period.time)
    values = unit_values(source, source.territory, indicators, periods, [ValueStatus.APPROVED])
    carried = []
    for indicator in indicators:
        found = values[indicator.pk].values
        latest = next((period for period in reversed(periods) if period.code in found), None)
        targets = sorted(indicator.targets.all(), key=lambda target: target.year)
        within = [target for target in targets if start_year <= target.year <= end_year]
        proposed = within[-1] if within else (targets[-1] if targets else None)
        carried.append(
            CarriedIndicator(
                indicator=indicator,
                baseline=found[latest.code] if latest else None,
                baseline_year=latest.year if latest else None,
                target=proposed.value if proposed else None,
            )
        )
    return carried


@transaction.atomic
def plan_carry_forward(
    *,
    actor: User | None,
    source: Plan,
    code: str,
    start_year: int,
    end_year: int,
    title: str = "",
    document_number: str = "",
    territory: AdministrativeUnit | None = None,
    targets: dict[str, object] | None = None,
) -> Plan:
    """Create the plan that follows `source`. `targets` (indicator code → value) overrides the proposed targets,
    which are set for `end_year`. `actor=None` is the command line. Raises PlanRuleError (Vietnamese)."""
    territory = territory or source.territory
    if actor is not None and not (may_manage_plan(actor, source) and may_manage_unit(actor, territory)):
        raise PlanRuleError("Bạn chỉ lập kế hoạch tiếp theo cho kế hoạch và địa bàn mình quản lý.")
    code = clean_name(code)
    if Plan.objects.filter(code=code).exists():
        raise PlanRuleError(f"Mã kế hoạch “{code}” đã được dùng; chọn mã khác.")
    if not code or len(code) > 50 or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in code):
        raise PlanRuleError(
            f"Mã kế hoạch “{code}” không hợp lệ: chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang."
        )
    if not (1945 <= start_year <= end_year <= 2100):
        raise PlanRuleError(f"Giai đoạn {start_year}–{end_year} không hợp lý.")
    if territory.valid_until and territory.valid_until < date(start_year, 1, 1):
        raise PlanRuleError(
            f"{territory.title} không còn từ {territory.valid_until:%d/%m/%Y}: chọn địa bàn của kế hoạch mới "
            "(tỉnh hoặc xã sau sắp xếp)."
        )
    if start_year <= source.start_year:
        raise PlanRuleError(f"Kế hoạch tiếp theo phải bắt đầu sau năm {source.start_year} của kế hoạch {source.code}.")
    preview = carry_forward_preview(source, start_year=start_year, end_year=end_year)
    plan = Plan.objects.create(
        code=code,
        document_number=document_number,
        title=title or next_plan_title(source, start_year, end_year),
        territory=territory,
        start_year=start_year,
        end_year=end_year,
        parent=None,
        previous=source,
        status=PlanStatus.ACTIVE,
        **_kept(source, PLAN_KEPT),
    )
    plan_sync_periods(plan=plan)
    goals = {
        goal.pk: Goal.objects.create(plan=plan, number=goal.number, title=goal.title)
        for goal in Goal.objects.filter(plan=source)
    }
    agencies = {}
    assignments = Assignment.objects.filter(indicator__plan=source).select_related("agency").order_by("pk")
    by_indicator: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        by_indicator.setdefault(assignment.indicator_id, []).append(assignment)
    for item in preview:
        old = item.indicator
        baseline_value, baseline_text = _baseline(old.kind, item.baseline)
        new = Indicator.objects.create(
            plan=plan,
            goal=goals[old.goal_id],
            baseline_value=baseline_value,
            baseline_text=baseline_text,
            baseline_year=item.baseline_year,
            previous=old,
            **_kept(old, INDICATOR_KEPT),
        )
        target = (targets or {}).get(old.code, item.target)
        if target is None or target == "":
            raise PlanRuleError(f"Chỉ tiêu {old.code}: cần chỉ tiêu kế hoạch đến năm {end_year}.")
        Target.objects.create(indicator=new, year=end_year, **_target_fields(old.kind, target))
        for assignment in by_indicator.get(old.pk, []):
            agency = assignment.agency
            if agency.unit_id != territory.pk:
                if agency.pk not in agencies:
                    agencies[agency.pk] = agency_get_or_create(name=agency.name, unit=territory)[0]
                agency = agencies[agency.pk]
            Assignment.objects.create(
                indicator=new, agency=agency, role=assignment.role, scope_note=assignment.scope_note
            )
    return plan


# What the next plan keeps of its source as it was: its issuer and deadlines. Of each indicator it keeps every
# field but those the new plan sets itself (its plan, goal, baseline and link to the old one).
PLAN_KEPT = (
    "issuing_body",
    "half_year_deadline_day",
    "half_year_deadline_month",
    "annual_deadline_day",
    "annual_deadline_month",
    "lock_days_after_deadline",
)
INDICATOR_SET_ANEW = ("id", "plan", "goal", "baseline_value", "baseline_text", "baseline_year", "previous")
INDICATOR_KEPT = tuple(f.name for f in Indicator._meta.concrete_fields if f.name not in INDICATOR_SET_ANEW)


def _kept(source, names: tuple[str, ...]) -> dict:
    return {name: getattr(source, name) for name in names}


def next_plan_title(source: Plan, start_year: int, end_year: int) -> str:
    old = f"{source.start_year}"
    title = source.title
    for separator in ("–", "-", " – ", " - "):
        title = title.replace(f"{source.start_year}{separator}{source.end_year}", f"{start_year}{separator}{end_year}")
    return title if title != source.title or old not in source.title else source.title.replace(old, str(start_year))


def _baseline(kind: str, value) -> tuple[Decimal | None, str]:
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, yes_no_word(value)
    if isinstance(value, str):
        return None, value[:255]
    return Decimal(value), ""


def _target_fields(kind: str, value) -> dict:
    if kind == Kind.BOOLEAN:
        return {"value_bool": bool(value) if isinstance(value, bool) else str(value).strip().lower() in ("có", "co")}
    if kind == Kind.TEXT:
        return {"value_text": str(value)}
    return {"value_number": Decimal(str(value))}
