from decimal import Decimal

from django import template

from plans.numbers import format_number, format_value

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
