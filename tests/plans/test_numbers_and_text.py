from decimal import Decimal

import pytest

from plans.numbers import NumberFormatError, format_number, parse_number, plain_number
from plans.text import loose_key, name_key


@pytest.mark.parametrize(
    ("raw", "value", "percent"),
    [
        ("15,38", Decimal("15.38"), False),
        ("15.38", Decimal("15.38"), False),
        ("25%", Decimal(25), True),
        ("25 %", Decimal(25), True),
        ("1.234,5", Decimal("1234.5"), False),
        ("1,234.5", Decimal("1234.5"), False),
        ("1.234.567", Decimal(1234567), False),
        (" 114,2 ", Decimal("114.2"), False),
        (48, Decimal(48), False),
        (1.8, Decimal("1.8"), False),
        ("-3", Decimal(-3), False),
    ],
)
def test_vietnamese_number_forms(raw, value, percent):
    assert parse_number(raw) == (value, percent)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.234", "không rõ là số thập phân hay hàng nghìn"),
        ("1,234", "không rõ là số thập phân hay hàng nghìn"),
        ("mười", "không phải là số"),
        ("12,5,3", "không phải là số"),
        ("%", "cần một số"),
        (True, "không phải giá trị đúng/sai"),
    ],
)
def test_ambiguous_or_wrong_numbers_are_refused(raw, message):
    with pytest.raises(NumberFormatError, match=message):
        parse_number(raw)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("15.38"), "15,38"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("100000.0000"), "100.000"),
        (Decimal("-2.50"), "-2,5"),
    ],
)
def test_numbers_read_the_vietnamese_way_on_screen(value, text):
    assert format_number(value) == text


def test_plain_numbers_for_files_and_json():
    assert plain_number(Decimal("35.0000")) == 35 and isinstance(plain_number(Decimal("35.0000")), int)
    assert plain_number(Decimal("1.8000")) == 1.8


def test_names_match_ignoring_case_and_spaces_but_not_diacritics():
    assert name_key("  Phòng  NỘI vụ ") == name_key("phòng nội vụ")
    assert name_key("Phòng Nội vụ") != name_key("Phong Noi vu")
    assert loose_key("Mã chỉ tiêu") == loose_key("ma chi TIEU") == "machitieu"
    assert loose_key("Đơn vị tính") == "donvitinh"
