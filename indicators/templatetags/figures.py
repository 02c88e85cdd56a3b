from decimal import Decimal

from django import template

from plans.numbers import format_number, format_value
from plans.periods import PeriodCodeError, parse_period

register = template.Library()


@register.filter
def vn(value) -> str:
    """A figure as it reads on a Vietnamese screen: `15,38`, `1.234`, `Có`; nothing for no value.

    Screens round to two decimals (a rate computed from 10/31 is stored as 32,2581 and shown as 32,26); forms,
    files and JSON keep the stored precision.
    """
    if isinstance(value, Decimal):
        return format_number(round(value, 2))
    return format_value(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.filter
def period_label(code) -> str:
    """`2024S1` → "6 tháng đầu năm 2024": people read periods, never codes."""
    try:
        return parse_period(code).label
    except PeriodCodeError:
        return str(code or "")
