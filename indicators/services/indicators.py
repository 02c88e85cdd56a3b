"""Changing an indicator that already has figures: what it measures (its kind, factor and direction) stays fixed,
so no figure is silently re-read in another unit or judged the other way round. The plan workbook and the admin
both ask `indicator_change_problems` and write through `indicator_update`."""

from decimal import Decimal

from django.db import transaction

from indicators.models import DataValue, Direction, Indicator, Kind

# What a figure means depends on these: a 25 entered as a percent is not 25 per 1.000, and "giảm" judges it the
# other way round.
MEANING_FIELDS = ("kind", "factor", "direction")


class IndicatorRuleError(Exception):
    """`problems` maps a field to what is wrong, in Vietnamese."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(" ".join(problems.values()))


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old).compare(Decimal(new)) == 0
    return old == new


def indicator_change_problems(indicator: Indicator, values: dict, *, has_figures: bool | None = None) -> dict[str, str]:
    """Why these new values may not be written over `indicator` (field → message); empty when they may."""
    changing = [name for name in MEANING_FIELDS if name in values and not _same(getattr(indicator, name), values[name])]
    if not changing:
        return {}
    if has_figures is None:
        has_figures = DataValue.objects.filter(indicator=indicator).exists()
    if not has_figures:
        return {}
    words = {
        "kind": lambda value: str(Kind(value).label).lower(),
        "factor": lambda value: f"hệ số {Decimal(value).normalize():f}",
        "direction": lambda value: str(Direction(value).label).lower() if value else "không có hướng",
    }
    problems = {}
    for name in changing:
        old, new = words[name](getattr(indicator, name)), words[name](values[name])
        problems[name] = (
            f"chỉ tiêu {indicator.code} đã có số liệu nên không đổi được từ “{old}” sang “{new}” (số liệu đã nhập sẽ "
            "bị hiểu sai). Hãy giữ như cũ, hoặc tạo chỉ tiêu mới với mã khác và để chỉ tiêu này lại cho số liệu cũ."
        )
    return problems


@transaction.atomic
def indicator_update(*, indicator: Indicator, values: dict) -> list[str]:
    """Write new values over an indicator; returns the names of the fields that changed. Raises IndicatorRuleError
    when a field that gives figures their meaning would change under existing figures."""
    problems = indicator_change_problems(indicator, values)
    if problems:
        raise IndicatorRuleError(problems)
    changed = [name for name, value in values.items() if not _same(getattr(indicator, name), value)]
    for name in changed:
        setattr(indicator, name, values[name])
    if changed:
        indicator.save()
    return changed
