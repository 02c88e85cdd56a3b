"""A figure as typed, checked against its indicator (DESIGN.md 5): pure functions, no database.

Used by the entry form, the values workbook and the command alike, so the rules and the Vietnamese
messages are the same wherever a figure comes from.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Kind
from plans.numbers import NumberFormatError, format_number, parse_number
from plans.text import read_yes_no

FOUR_PLACES = Decimal("0.0001")
LARGEST = Decimal(10) ** 14  # figures are stored with 18 digits, 4 of them decimals


@dataclass(frozen=True, slots=True)
class Entry:
    """A checked figure: the value (number, yes/no or text) and, for rates, its numerator and denominator."""

    value: Decimal | bool | str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None


class EntryInvalid(ValueError):
    """`errors` maps a field (value, numerator, denominator) to what is wrong with it, in Vietnamese."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(raw, field: str, errors: dict[str, str], *, value_kind: str | None = None) -> Decimal | None:
    """The number typed in `field`, or None (blank, or wrong: then `errors[field]` says why).

    `value_kind` is the indicator's kind when the number is its value (None for a numerator or denominator)."""
    if _blank(raw):
        return None
    try:
        value, had_percent = parse_number(raw)  # a % is read everywhere, then refused where it does not belong
    except NumberFormatError as error:
        errors[field] = f"{error}."
        return None
    if had_percent and value_kind != Kind.PERCENT:
        errors[field] = "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ."
        return None
    if value < 0:
        errors[field] = "không được âm."
        return None
    if value >= LARGEST:
        errors[field] = f"số {raw} quá lớn (tối đa 14 chữ số phần nguyên)."
        return None
    return value


def read_entry(*, kind: str, factor: Decimal, value=None, numerator=None, denominator=None) -> Entry:
    """Check a figure for an indicator of `kind` and `factor`. Raises EntryInvalid naming every wrong field."""
    errors: dict[str, str] = {}
    if kind == Kind.TEXT:
        return Entry(value=None if _blank(value) else str(value).strip())
    if kind == Kind.BOOLEAN:
        if _blank(value):
            return Entry()
        answer = read_yes_no(value)
        if answer is not None:
            return Entry(value=answer)
        raise EntryInvalid({"value": f"“{value}” không hợp lệ: chọn “có” hoặc “không”."})

    typed = _number(value, "value", errors, value_kind=kind)
    top = _number(numerator, "numerator", errors)
    bottom = _number(denominator, "denominator", errors)
    if kind == Kind.COUNT and (top is not None or bottom is not None):
        errors["numerator"] = "chỉ tiêu số lượng không có tử số, mẫu số; chỉ ghi giá trị."
    elif (top is None) != (bottom is None) and not {"numerator", "denominator"} & set(errors):
        missing = "denominator" if bottom is None else "numerator"
        errors[missing] = "cần cả tử số và mẫu số (hoặc bỏ trống cả hai)."
    elif top is not None and bottom is not None:
        if bottom == 0:
            errors["denominator"] = "mẫu số phải lớn hơn 0."
        elif kind == Kind.PERCENT and top > bottom:
            errors["numerator"] = f"tử số ({format_number(top)}) không được lớn hơn mẫu số ({format_number(bottom)})."
        else:
            typed = _computed(typed, top, bottom, factor, errors)
    if typed is not None:
        if kind == Kind.PERCENT and typed > 100:
            errors["value"] = f"tỷ lệ {format_number(typed)}% vượt quá 100%."
        elif kind == Kind.COUNT and typed != typed.to_integral_value():
            errors["value"] = f"số lượng phải là số nguyên, không phải {format_number(typed)}."
    if errors:
        raise EntryInvalid(errors)
    return Entry(value=typed, numerator=top, denominator=bottom)


def _computed(typed: Decimal | None, top: Decimal, bottom: Decimal, factor: Decimal, errors: dict[str, str]):
    """The value of a fraction (4 decimals); None if it is too large to store or disagrees with the typed one."""
    computed = top / bottom * factor
    if computed < LARGEST:  # quantized only then: a huge quotient has no room for four decimals
        computed = computed.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if computed >= LARGEST:  # e.g. 10^10 per 100.000: it could not be stored
        errors["value"] = (
            f"giá trị tính từ tử số/mẫu số ({format_number(computed.to_integral_value())}) quá lớn "
            "(tối đa 14 chữ số phần nguyên)."
        )
        return None
    if typed is not None and not _agrees(typed, computed):
        errors["value"] = (
            f"giá trị {format_number(typed)} không khớp với tử số/mẫu số "
            f"({format_number(top)}/{format_number(bottom)} → {format_number(computed)})."
        )
        return None
    return computed


def _agrees(typed: Decimal, computed: Decimal) -> bool:
    """A typed value agrees when it is the computed one rounded to as many decimals as were typed."""
    places = max(-typed.as_tuple().exponent, 0)
    return computed.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP) == typed
