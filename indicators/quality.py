"""Data-quality rules the review page flags (nothing is refused because of them; the coordinator decides).

- "Thay đổi lớn": the figure moved more than the indicator's threshold (default 30 %) from the same period of the
  previous year;
- "Ngoài khoảng hợp lý": below the indicator's plausible minimum or above its maximum;
- "Mẫu số biến động": the denominator (the population a rate is counted over) moved more than the threshold from
  the same period of the previous year, which a population rarely does.

The rules are database expressions, so the review page filters every figure of a period by a flag (national size
included) and shows the flags of the rows it lists with the same rule.
"""

from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce

from indicators.models import NUMBER, DataValue
from plans.models import ReportingPeriod

DEFAULT_CHANGE_THRESHOLD = Decimal(30)
BIG_CHANGE, IMPLAUSIBLE, DENOMINATOR_JUMP = "big_change", "implausible", "denominator_jump"
FLAG_LABELS = {
    BIG_CHANGE: "Thay đổi lớn so với cùng kỳ",
    IMPLAUSIBLE: "Ngoài khoảng hợp lý",
    DENOMINATOR_JUMP: "Mẫu số biến động",
}


def _threshold():
    return Coalesce(F("indicator__change_threshold"), DEFAULT_CHANGE_THRESHOLD, output_field=DecimalField(**NUMBER))


def with_quality(values: QuerySet[DataValue], previous: ReportingPeriod | None) -> QuerySet[DataValue]:
    """The figures with the same period of the previous year's figure (`previous_value`, `previous_denominator`)
    and a boolean per flag (`flag_big_change`, `flag_implausible`, `flag_denominator_jump`)."""
    number = DecimalField(**NUMBER)
    if previous is not None:
        earlier = DataValue.objects.filter(
            indicator_id=OuterRef("indicator_id"), unit_id=OuterRef("unit_id"), period=previous
        )
        values = values.annotate(
            previous_value=Subquery(earlier.values("value_number")[:1], output_field=number),
            previous_denominator=Subquery(earlier.values("denominator")[:1], output_field=number),
        )
    else:
        values = values.annotate(
            previous_value=Value(None, output_field=number), previous_denominator=Value(None, output_field=number)
        )
    values = values.annotate(
        _value_number_change=ExpressionWrapper(Abs(F("value_number") - F("previous_value")) * 100, output_field=number),
        _value_number_allowed=ExpressionWrapper(Abs(F("previous_value")) * _threshold(), output_field=number),
        _denominator_change=ExpressionWrapper(
            Abs(F("denominator") - F("previous_denominator")) * 100, output_field=number
        ),
        _denominator_allowed=ExpressionWrapper(Abs(F("previous_denominator")) * _threshold(), output_field=number),
    )
    return values.annotate(
        flag_big_change=Case(When(big_change_q(), then=True), default=False, output_field=BooleanField()),
        flag_implausible=Case(When(implausible_q(), then=True), default=False, output_field=BooleanField()),
        flag_denominator_jump=Case(When(denominator_jump_q(), then=True), default=False, output_field=BooleanField()),
    )


def big_change_q() -> Q:
    return (
        Q(value_number__isnull=False, previous_value__isnull=False)
        & ~Q(previous_value=0)
        & Q(_value_number_change__gt=F("_value_number_allowed"))
    )


def denominator_jump_q() -> Q:
    return (
        Q(denominator__isnull=False, previous_denominator__isnull=False)
        & ~Q(previous_denominator=0)
        & Q(_denominator_change__gt=F("_denominator_allowed"))
    )


def implausible_q() -> Q:
    return Q(value_number__isnull=False) & (
        Q(indicator__plausible_min__isnull=False, value_number__lt=F("indicator__plausible_min"))
        | Q(indicator__plausible_max__isnull=False, value_number__gt=F("indicator__plausible_max"))
    )


FLAG_FILTERS = {BIG_CHANGE: big_change_q, IMPLAUSIBLE: implausible_q, DENOMINATOR_JUMP: denominator_jump_q}


def flags_of(value: DataValue) -> list[str]:
    """The flags of an annotated figure, as the page shows them."""
    return [
        FLAG_LABELS[flag]
        for flag, attribute in (
            (BIG_CHANGE, "flag_big_change"),
            (IMPLAUSIBLE, "flag_implausible"),
            (DENOMINATOR_JUMP, "flag_denominator_jump"),
        )
        if getattr(value, attribute, False)
    ]
