"""Vietnamese numbers and words, read and written (plans/numbers.py, plans/text.py), at their edges: no database."""

from decimal import Decimal

import pytest

from indicators.templatetags.figures import vn
from plans.numbers import (
    NumberFormatError,
    format_number,
    format_value,
    format_with_unit,
    input_number,
    parse_number,
    plain_number,
    workbook_value,
)
from plans.text import clean_name, loose_key, name_key, read_yes_no, yes_no_word

D = Decimal


@pytest.mark.parametrize(
    ("raw", "value", "percent"),
    [
        ("15,38", D("15.38"), False),
        ("15.38", D("15.38"), False),
        ("25%", D(25), True),
        ("25 %", D(25), True),
        ("1.234,5", D("1234.5"), False),
        ("1,234.5", D("1234.5"), False),
        ("1.234.567", D(1234567), False),  # millions, Vietnamese groups
        ("1,234,567", D(1234567), False),  # and English ones
        ("12.345.678,9", D("12345678.9"), False),
        ("12,345,678.9", D("12345678.9"), False),
        ("1.234,567", D("1234.567"), False),
        (" 114,2 ", D("114.2"), False),
        ("1234", D(1234), False),
        ("1234,567", D("1234.567"), False),  # four whole digits: no thousands group, so a decimal
        ("0,125", D("0.125"), False),  # a leading 0 never starts a thousands group
        ("0.125", D("0.125"), False),
        ("-0,125", D("-0.125"), False),
        ("+5", D(5), False),
        ("-3", D(-3), False),
        ("-0", D(0), False),
        ("0", D(0), False),
        ("1\u00a0234,5", D("1234.5"), False),  # a non-breaking space between groups
        ("1\u2009234\u2009567", D(1234567), False),  # thin spaces
        ("1\u202f234,5", D("1234.5"), False),  # narrow non-breaking space (Excel's French groups)
        ("\u00a025\u00a0%", D(25), True),
        ("1 234 567", D(1234567), False),
        ("100%", D(100), True),
        ("0,5%", D("0.5"), True),
    ],
)
def test_vietnamese_number_forms(raw, value, percent):
    parsed = parse_number(raw)
    assert parsed == (value, percent) and isinstance(parsed[0], D)


def test_minus_zero_reads_as_zero_and_is_never_written_with_its_sign():
    value, _ = parse_number("-0")
    assert value == 0 and not value < 0
    assert format_number(value) == "0" and format_number(D("-0.0001"), decimals=2) == "0"


@pytest.mark.parametrize(
    ("raw", "value"),
    [(48, D(48)), (0, D(0)), (-7, D(-7)), (1.8, D("1.8")), (0.1, D("0.1")), (D("15.3846"), D("15.3846"))],
)
def test_numbers_typed_as_numbers_are_kept(raw, value):
    assert parse_number(raw) == (value, False)
    assert parse_number(raw, allow_percent=False) == (value, False)


def test_a_decimal_is_returned_as_it_is():
    exact = D("15.3800")
    assert parse_number(exact)[0] is exact


def test_a_percent_sign_where_none_is_allowed():
    assert parse_number("25", allow_percent=False) == (D(25), False)
    with pytest.raises(NumberFormatError) as refused:
        parse_number("25%", allow_percent=False)
    assert str(refused.value) == "“25%”: dấu % không dùng được ở đây"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "1.234",
            "“1.234” không rõ là số thập phân hay hàng nghìn: viết 1234 nếu là hàng nghìn, 1,2340 nếu là số thập phân",
        ),
        (
            "1,234",
            "“1,234” không rõ là số thập phân hay hàng nghìn: viết 1234 nếu là hàng nghìn, 1,2340 nếu là số thập phân",
        ),
        (
            "-12.500",
            "“-12.500” không rõ là số thập phân hay hàng nghìn: viết -12500 nếu là hàng nghìn, -12,5000 nếu là số thập phân",
        ),
        (
            "999,999%",
            "“999,999%” không rõ là số thập phân hay hàng nghìn: viết 999999 nếu là hàng nghìn, 999,9990 nếu là số thập phân",
        ),
        ("mười", "“mười” không phải là số"),
        ("12,5,3", "“12,5,3” không phải là số"),
        ("1.234.567,8.9", "“1.234.567,8.9” không phải là số"),
        ("1.234,567.8", "“1.234,567.8” không phải là số"),
        ("1,234.567,8", "“1,234.567,8” không phải là số"),
        ("1.234,567,8", "“1.234,567,8” không phải là số"),
        ("1.23.456", "“1.23.456” không phải là số"),
        ("1,2345.6", "“1,2345.6” không phải là số"),
        ("1e5", "“1e5” không phải là số"),
        ("<48", "“<48” không phải là số"),
        ("--3", "“--3” không phải là số"),
        ("%5", "“%5” không phải là số"),
        ("%", "cần một số"),
        ("", "cần một số"),
        ("  ", "cần một số"),
        (" % ", "cần một số"),
        (True, "cần một số, không phải giá trị đúng/sai"),
        (False, "cần một số, không phải giá trị đúng/sai"),
    ],
)
def test_ambiguous_or_wrong_numbers_are_refused_saying_why(raw, message):
    with pytest.raises(NumberFormatError) as refused:
        parse_number(raw)
    assert str(refused.value) == message


def test_mixed_separators_are_only_read_in_their_order():
    # dots then a comma is Vietnamese, commas then a dot is English; "1.234.567" and "1,234,567" need no decimal
    assert parse_number("1.234.567")[0] == parse_number("1,234,567")[0] == D(1234567)
    with pytest.raises(NumberFormatError):
        parse_number("1.234,567.000")


# ---------------------------------------------------------------- writing numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("15.38"), "15,38"),
        (D("1234.5"), "1.234,5"),
        (D("100000.0000"), "100.000"),
        (D("-2.50"), "-2,5"),
        (D(0), "0"),
        (D("0.0000"), "0"),
        (D("0.5"), "0,5"),
        (D("-0.5"), "-0,5"),
        (D("999"), "999"),
        (D("1000"), "1.000"),
        (D("-1000"), "-1.000"),
        (D("1234567"), "1.234.567"),
        (D("12345678.9"), "12.345.678,9"),
        (D("1E+2"), "100"),
        (D("99999999999999.9999"), "99.999.999.999.999,9999"),
        (48, "48"),
        (1.8, "1,8"),
        (0.1, "0,1"),
    ],
)
def test_numbers_read_the_vietnamese_way_on_screen(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (D("15.3846"), 2, "15,38"),
        (D("15.385"), 2, "15,39"),  # a half rounds up, as in the Excel file and the progress figures
        (D("0.125"), 2, "0,13"),
        (D("2.5"), 0, "3"),
        (D("3.5"), 0, "4"),
        (D("-2.5"), 0, "-3"),
        (D("1234.5"), 0, "1.235"),
        (D("15.3"), 2, "15,3"),  # no trailing zeros are added
        (D("100.0000"), 1, "100"),
        (D("1999.996"), 2, "2.000"),
    ],
)
def test_numbers_rounded_for_reading(value, decimals, text):
    assert format_number(value, decimals=decimals) == text


def test_an_input_shows_no_thousands_groups_so_it_reads_back_the_same():
    assert format_number(D("1234567.5"), grouping=False) == "1234567,5"
    assert input_number(D("1234.5000")) == "1234,5"
    assert input_number(D("-1234")) == "-1234"
    assert input_number(D("15.3800")) == "15,38"
    assert input_number(D(0)) == "0"
    assert input_number(None) == ""
    for stored in (D("1234.5000"), D("0.1250"), D("1234567"), D("999"), D(1000)):
        assert parse_number(input_number(stored))[0] == stored


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        (True, "Có"),
        (False, "Không"),
        (D("15.3846"), "15,3846"),
        (D(0), "0"),
        (1234, "1.234"),
        (2.5, "2,5"),
        ("Bố trí đủ cán bộ", "Bố trí đủ cán bộ"),
    ],
)
def test_a_figure_as_a_person_reads_it(value, text):
    assert format_value(value) == text


def test_format_value_rounds_only_numbers():
    assert format_value(D("15.3846"), decimals=1) == "15,4"
    assert format_value(True, decimals=1) == "Có"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("15.3846"), "%", "15,38%"),
        (D("15.385"), "%", "15,39%"),
        (D("1.8"), "lần", "1,8 lần"),
        (D(48), "/100.000 trẻ đẻ sống", "48/100.000 trẻ đẻ sống"),
        (D("112.5"), "bé trai/100 bé gái", "112,5 bé trai/100 bé gái"),
        (D(1234), "người", "1.234 người"),
        (D(0), "%", "0%"),
        (7, "cơ quan", "7 cơ quan"),
        (D("15.38"), "", "15,38"),
        (True, "%", "Có"),
        (False, "cơ quan", "Không"),
        ("Bố trí đủ cán bộ", "người", "Bố trí đủ cán bộ"),
        ("1", "người", "1"),  # a text stays a text, even one that looks like a number
        (None, "%", ""),
        ("", "người", ""),
    ],
)
def test_a_figure_with_its_unit(value, unit, text):
    assert format_with_unit(value, unit) == text


def test_format_with_unit_keeps_the_decimals_asked_for():
    assert format_with_unit(D("15.3846"), "%", decimals=None) == "15,3846%"
    assert format_with_unit(D("15.3846"), "%", decimals=0) == "15%"


def test_plain_numbers_for_files_and_json():
    assert plain_number(D("35.0000")) == 35 and isinstance(plain_number(D("35.0000")), int)
    assert plain_number(D("1.8000")) == 1.8 and isinstance(plain_number(D("1.8000")), float)
    assert plain_number(D("1E+2")) == 100 and isinstance(plain_number(D("1E+2")), int)
    assert plain_number(D("-0.0000")) == 0 and isinstance(plain_number(D("-0.0000")), int)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, None),
        ("", None),
        (True, "có"),
        (False, "không"),
        (D("35.0000"), 35),
        (D("15.3846"), 15.3846),
        ("Bố trí đủ cán bộ", "Bố trí đủ cán bộ"),
        (7, 7),
    ],
)
def test_a_figure_as_a_workbook_cell(value, cell):
    written = workbook_value(value)
    assert written == cell and type(written) is type(cell)


# ---------------------------------------------------------------- words


def test_names_match_ignoring_case_and_spaces_but_not_diacritics():
    assert name_key("  Phòng  NỘI vụ ") == name_key("phòng nội vụ") == "phòng nội vụ"
    assert name_key("Phòng\u00a0Nội\tvụ") == "phòng nội vụ"
    assert name_key("Phòng Nội vụ") != name_key("Phong Noi vu")
    assert name_key("Pho\u0300ng") == name_key("Phòng")  # decomposed and composed letters are one name
    assert name_key(None) == name_key("") == ""


def test_names_are_stored_clean():
    assert clean_name("  Phòng   Nội vụ\n") == "Phòng Nội vụ"
    assert clean_name("Pho\u0300ng") == "Phòng"
    assert clean_name(None) == ""


def test_loose_keys_ignore_case_diacritics_and_spaces():
    assert loose_key("Mã chỉ tiêu") == loose_key("ma chi TIEU") == "machitieu"
    assert loose_key("Đơn vị tính") == loose_key("ĐƠN VỊ TÍNH") == "donvitinh"
    assert loose_key("đạt") == "dat" and loose_key("Đ") == "d"
    assert loose_key(2024) == "2024"
    assert loose_key(None) == loose_key("") == ""


@pytest.mark.parametrize(
    ("raw", "answer"),
    [
        ("có", True),
        ("Có", True),
        (" CÓ ", True),
        ("co", True),
        ("đạt", True),
        ("Đạt", True),
        ("true", True),
        ("yes", True),
        ("1", True),
        (1, True),
        (1.0, True),
        (True, True),
        ("không", False),
        ("Không", False),
        ("khong", False),
        ("không đạt", False),
        ("chưa đạt", False),
        ("false", False),
        ("no", False),
        ("0", False),
        (0, False),
        (0.0, False),
        (False, False),
        ("có lẽ", None),
        ("", None),
        (None, None),
        (2, None),
        (0.5, None),
        ("x", None),
    ],
)
def test_yes_no_words_of_forms_and_workbooks(raw, answer):
    assert read_yes_no(raw) is answer


def test_yes_no_words_read_back():
    assert (yes_no_word(True), yes_no_word(False)) == ("có", "không")
    assert read_yes_no(yes_no_word(True)) is True and read_yes_no(yes_no_word(False)) is False


def test_screens_round_figures_as_files_and_reports_do():
    assert (vn(D("15.385")), vn(D("32.2581")), vn(D("1234.5")), vn(True), vn(None)) == (
        "15,39",
        "32,26",
        "1.234,5",
        "Có",
        "",
    )
    assert vn(D("15.385")) == format_with_unit(D("15.385"), "")
