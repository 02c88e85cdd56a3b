from django import template

from plans.numbers import format_value

register = template.Library()


@register.filter
def vn(value) -> str:
    """A figure as it reads on a Vietnamese screen: `15,38`, `1.234`, `Có`; nothing for no value."""
    return format_value(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)
