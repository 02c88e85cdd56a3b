"""Words for verdicts and periods in templates: the legend of the verdicts, a verdict explained beside its forecast,
a period code inside a sentence ("6 tháng đầu năm 2024", "năm 2024"; as a heading, indicators' `period_label`).
The partials in templates/reports/partials use these; the numbers come from the engine."""

from django import template

from plans.periods import PeriodCodeError, parse_period
from reports.explain import Explanation, explain
from reports.statuses import STATUS_LEGEND

register = template.Library()


@register.simple_tag
def status_legend(summary=None) -> list[tuple[str, str, str, str, int | None]]:
    """(status, label, colour, meaning, count or None) for the nine verdicts, in the order of DESIGN.md 6."""
    counts = summary if isinstance(summary, dict) else None  # a page without `result` has no counts
    return [
        (status, label, colour, meaning, counts.get(status, 0) if counts is not None else None)
        for status, label, colour, meaning in STATUS_LEGEND
    ]


@register.simple_tag
def verdict_explanation(item) -> Explanation | None:
    """The verdict of a reports.selectors.IndicatorProgress explained, with its base and beside its forecast."""
    if item is None:
        return None
    return explain(item.progress, item.indicator.unit)


@register.filter
def period_words(code) -> str:
    """ "2024S1" → "6 tháng đầu năm 2024", "2024" → "năm 2024" (inside a sentence); anything else unchanged."""
    try:
        return parse_period(code).words
    except PeriodCodeError:
        return code or ""
