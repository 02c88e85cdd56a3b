"""Vietnamese number forms, read and written (DESIGN.md 5): pure functions, no database."""

import re
from decimal import ROUND_HALF_UP, Decimal

from plans.text import yes_no_word

_PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_GROUPED_COMMAS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACES = re.compile(r"\s+")  # any space: plain, non-breaking (U+00A0), thin (U+2009), narrow non-breaking (U+202F)


# Figures, targets and baselines are stored with 18 digits, 4 of them decimals (DecimalField(18, 4)).
STORED_INTEGER_DIGITS = 14
STORED_DECIMAL_PLACES = 4
LARGEST_STORED = Decimal(10) ** STORED_INTEGER_DIGITS


class NumberFormatError(ValueError):
    pass


def stored_number_problem(value: Decimal) -> str | None:
    """Why a number does not fit what the database stores (more than 14 integer digits or 4 decimals), or None, so
    that SQLite and PostgreSQL refuse the same numbers, before either is asked."""
    if not value.is_finite() or abs(value) >= LARGEST_STORED:
        return f"số quá lớn (tối đa {STORED_INTEGER_DIGITS} chữ số trước dấu thập phân)"
    if value != value.quantize(Decimal(1).scaleb(-STORED_DECIMAL_PLACES)):
        return f"số có quá {STORED_DECIMAL_PLACES} chữ số sau dấu thập phân; hãy làm tròn"
    return None


def parse_number(raw, *, allow_percent: bool = True) -> tuple[Decimal, bool]:
    """Read a number as a Vietnamese user writes it; return (value, had_percent_sign).

    Accepts `15,38`, `15.38`, `25%`, `1.234,5` and numbers already typed as numbers. A lone group such as
    `1.234` or `1,234` could be a thousand or a decimal: it is refused rather than guessed.
    """
    if isinstance(raw, bool):
        raise NumberFormatError("cần một số, không phải giá trị đúng/sai")
    if isinstance(raw, int):
        return Decimal(raw), False
    if isinstance(raw, float):
        # Excel keeps 15 significant digits: 0.1 + 0.2 pasted as a value is 0.3, as Excel shows it.
        return Decimal(format(raw, ".15g")), False
    if isinstance(raw, Decimal):
        return raw, False
    text = _SPACES.sub("", str(raw))
    had_percent = text.endswith("%")
    if had_percent:
        if not allow_percent:
            raise NumberFormatError(f"“{raw}”: dấu % không dùng được ở đây")
        text = text[:-1]
    if not text:
        raise NumberFormatError("cần một số")
    if _GROUPED_DOTS.match(text) and "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMAS.match(text) and "." in text:
        text = text.replace(",", "")
    elif re.match(r"^[+-]?\d{1,3}(?:[.,]\d{3}){2,}$", text) and len(set(re.findall(r"[.,]", text))) == 1:
        text = re.sub(r"[.,]", "", text)  # 1.234.567: several groups can only be thousands
    elif re.match(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$", text):  # 0,125 can only be a decimal
        whole, fraction = re.split(r"[.,]", text)
        raise NumberFormatError(
            f"“{raw}” không rõ là số thập phân hay hàng nghìn: viết {whole}{fraction} nếu là hàng nghìn, "
            f"{whole},{fraction}0 nếu là số thập phân"
        )
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        raise NumberFormatError(f"“{raw}” không phải là số")
    return Decimal(text), had_percent  # every branch above leaves a plain decimal


def plain_number(value: Decimal) -> int | float:
    """A Decimal as a plain JSON/Excel number: whole numbers as int, others as float."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)


def format_number(value: Decimal | int | float, *, decimals: int | None = None, grouping: bool = True) -> str:
    """A number as it reads on a Vietnamese screen: `15,38`, `1.234,5`.

    `grouping=False` writes `1234,5`: what a form shows in an input, so that submitting it unchanged reads back
    as the same number (a grouped `1.234` alone would be refused as ambiguous).
    """
    number = Decimal(str(value))
    if decimals is not None:  # half up, as people round (and as Excel shows the same number)
        number = number.quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)
    normalized = number.normalize()
    sign = "-" if normalized < 0 else ""
    integer, _, fraction = f"{abs(normalized):f}".partition(".")
    groups = []
    while grouping and len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def format_value(value, *, decimals: int | None = None) -> str:
    """A figure (number, yes/no or text) as a person reads it: `15,38`, `Có`, the text; "" for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (Decimal, int, float)):
        return format_number(value, decimals=decimals)
    return str(value)


def format_with_unit(value, unit: str, *, decimals: int | None = 2) -> str:
    """A figure with its unit as prose and tables write it: `15,38%`, `1,8 lần`, `48/100.000 trẻ đẻ sống`, `Có`."""
    text = format_value(value, decimals=decimals)
    if not text or not unit or isinstance(value, (bool, str)):
        return text
    return f"{text}{unit}" if unit.startswith(("%", "/")) else f"{text} {unit}"


def input_number(value: Decimal | None) -> str:
    """A stored number as a form's input shows it: the decimal comma, no thousand groups."""
    return "" if value is None else format_number(value, grouping=False)


def workbook_value(value):
    """A figure as a workbook cell holds it: a plain number, “có”/“không”, or the text; None for no value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return yes_no_word(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    return value
