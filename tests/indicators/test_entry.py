"""The figure rules of DESIGN.md 5 (indicators/entry.py), at their edges, directly on read_entry: no database.

Every error is asserted word for word under the field it belongs to: the form shows it beside that field and the
values workbook reports it in that column.
"""

from decimal import Decimal as D

import pytest

from indicators.entry import LARGEST, Entry, EntryInvalid, read_entry

PERCENT, RATIO, COUNT, BOOLEAN, TEXT = "percent", "ratio", "count", "boolean", "text"


def read(kind, factor=100, **given):
    return read_entry(kind=kind, factor=D(factor), **given)


def errors_of(kind, factor=100, **given) -> dict[str, str]:
    with pytest.raises(EntryInvalid) as refused:
        read(kind, factor, **given)
    return refused.value.errors


# ---------------------------------------------------------------- what a checked figure holds


def test_an_entry_is_empty_only_without_a_value():
    assert Entry().is_empty
    assert not Entry(D(0)).is_empty
    assert not Entry(False).is_empty
    assert not Entry("").is_empty  # a text indicator's blank is None, never ""


def test_the_exception_lists_every_message():
    error = EntryInvalid({"value": "một.", "denominator": "hai."})
    assert str(error) == "một.; hai."
    assert error.errors == {"value": "một.", "denominator": "hai."}
    assert isinstance(error, ValueError)


# ---------------------------------------------------------------- blanks


@pytest.mark.parametrize("kind", [PERCENT, RATIO, COUNT, BOOLEAN, TEXT])
@pytest.mark.parametrize("blank", [None, "", "   ", "\t\n"])
def test_a_blank_figure_is_empty_for_every_kind(kind, blank):
    assert read(kind, value=blank) == Entry()


def test_blank_numerator_and_denominator_are_ignored():
    assert read(PERCENT, value="15", numerator=" ", denominator="") == Entry(D(15))


@pytest.mark.parametrize("kind", [PERCENT, RATIO, COUNT])
def test_zero_is_a_figure_not_a_blank(kind):
    assert read(kind, value=0) == Entry(D(0))
    assert read(kind, value="0") == Entry(D(0))


# ---------------------------------------------------------------- text and yes/no


def test_text_is_kept_trimmed_and_as_text():
    assert read(TEXT, value="  Bố trí đủ cán bộ \n") == Entry("Bố trí đủ cán bộ")
    assert read(TEXT, value=12) == Entry("12")
    assert read(TEXT, value="-5", numerator="x") == Entry("-5")  # no number rule applies to a text


@pytest.mark.parametrize(
    ("raw", "answer"),
    [("có", True), ("Có", True), ("CÓ", True), ("đạt", True), (True, True), (1, True), ("1", True)]
    + [("không", False), ("Không", False), ("chưa đạt", False), (False, False), (0, False), ("0", False)],
)
def test_yes_no_words(raw, answer):
    assert read(BOOLEAN, value=raw) == Entry(answer)


@pytest.mark.parametrize("raw", ["có lẽ", "2", 2, "x"])
def test_other_yes_no_answers_are_refused_naming_what_was_typed(raw):
    assert errors_of(BOOLEAN, value=raw) == {"value": f"“{raw}” không hợp lệ: chọn “có” hoặc “không”."}


def test_a_yes_no_figure_never_takes_the_number_rules():
    # "1" would be a number; "0" with a numerator would be a half fraction: neither matters for có/không
    assert read(BOOLEAN, value="1", numerator="3") == Entry(True)
    assert read(BOOLEAN, value="0", denominator="0") == Entry(False)


# ---------------------------------------------------------------- numbers typed as the value


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        (PERCENT, "15,38", D("15.38")),
        (PERCENT, "15.38", D("15.38")),
        (PERCENT, "25%", D(25)),
        (PERCENT, "25 %", D(25)),
        (PERCENT, "0%", D(0)),
        (PERCENT, "100", D(100)),  # the boundary itself
        (PERCENT, "100%", D(100)),
        (PERCENT, "100,0000", D(100)),
        (PERCENT, D("99.9999"), D("99.9999")),
        (RATIO, "114,2", D("114.2")),
        (RATIO, "0,125", D("0.125")),  # a leading 0 cannot start a thousands group
        (RATIO, "0.125", D("0.125")),
        (RATIO, "1.234,5", D("1234.5")),
        (RATIO, 1.8, D("1.8")),
        (COUNT, "1.234.567", D(1234567)),
        (COUNT, "12", D(12)),
        (COUNT, "12,0", D(12)),  # a whole number written with a decimal
        (COUNT, 7, D(7)),
        (COUNT, "-0", D(0)),  # minus zero is zero, not a negative count
    ],
)
def test_typed_values(kind, raw, value):
    entry = read(kind, value=raw)
    assert entry == Entry(value) and isinstance(entry.value, D)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("100,01", "tỷ lệ 100,01% vượt quá 100%."),
        ("100.0001", "tỷ lệ 100,0001% vượt quá 100%."),
        ("101%", "tỷ lệ 101% vượt quá 100%."),
        ("120", "tỷ lệ 120% vượt quá 100%."),
    ],
)
def test_a_percent_above_100_is_refused(raw, message):
    assert errors_of(PERCENT, value=raw) == {"value": message}


def test_100_is_not_a_limit_for_other_kinds():
    assert read(RATIO, factor=1000, value="1.234,5") == Entry(D("1234.5"))
    assert read(COUNT, factor=1, value="101") == Entry(D(101))


@pytest.mark.parametrize(
    ("kind", "field", "raw"),
    [
        (PERCENT, "value", "-1"),
        (PERCENT, "value", "-0,0001"),
        (RATIO, "value", "-3"),
        (COUNT, "value", "-3"),
        (COUNT, "value", -1),
        (PERCENT, "numerator", "-1"),
        (RATIO, "denominator", "-5"),
    ],
)
def test_negative_figures_are_refused(kind, field, raw):
    given = {field: raw}
    if field != "value":  # give the other half so that only the sign is wrong
        given["denominator" if field == "numerator" else "numerator"] = "5"
    assert errors_of(kind, **given) == {field: "không được âm."}


@pytest.mark.parametrize(("raw", "shown"), [("2,5", "2,5"), ("0,5", "0,5"), ("1.234,5", "1.234,5")])
def test_counts_are_whole(raw, shown):
    assert errors_of(COUNT, factor=1, value=raw) == {"value": f"số lượng phải là số nguyên, không phải {shown}."}


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (RATIO, "mười", "“mười” không phải là số."),
        (RATIO, "12,5,3", "“12,5,3” không phải là số."),
        (
            RATIO,
            "1.234",
            "“1.234” không rõ là số thập phân hay hàng nghìn: viết 1234 nếu là hàng nghìn, 1,2340 nếu là số thập phân.",
        ),
        (COUNT, "%", "cần một số."),
        (PERCENT, True, "cần một số, không phải giá trị đúng/sai."),
    ],
)
def test_unreadable_numbers_say_why(kind, raw, message):
    assert errors_of(kind, value=raw) == {"value": message}


@pytest.mark.parametrize(("kind", "field"), [(RATIO, "value"), (COUNT, "value"), (PERCENT, "numerator")])
def test_the_percent_sign_belongs_to_percent_values_only(kind, field):
    given = {field: "5%"} | ({"denominator": "10"} if field == "numerator" else {})
    assert errors_of(kind, **given) == {field: "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ."}


def test_the_percent_sign_on_a_denominator_is_refused_too():
    assert errors_of(PERCENT, numerator="5", denominator="10%") == {
        "denominator": "dấu % chỉ dùng cho giá trị của chỉ tiêu loại tỷ lệ."
    }


# ---------------------------------------------------------------- the 14-digit limit


def test_the_largest_storable_figure_has_14_whole_digits():
    assert D("99999999999999.9999") < LARGEST == D("100000000000000")
    assert read(COUNT, factor=1, value="99999999999999") == Entry(D("99999999999999"))
    assert read(RATIO, factor=1, value="99999999999999,9999") == Entry(D("99999999999999.9999"))


@pytest.mark.parametrize(
    ("kind", "field", "raw"),
    [
        (COUNT, "value", "100000000000000"),  # exactly 10^14
        (COUNT, "value", "100.000.000.000.000"),
        (RATIO, "value", "123456789012345"),
        (RATIO, "numerator", "100000000000000"),
        (RATIO, "denominator", "100000000000000"),
    ],
)
def test_a_figure_of_15_whole_digits_is_refused(kind, field, raw):
    given = {field: raw}
    if field != "value":
        given["denominator" if field == "numerator" else "numerator"] = "1"
    assert errors_of(kind, **given) == {field: f"số {raw} quá lớn (tối đa 14 chữ số phần nguyên)."}


def test_a_computed_value_too_large_to_store_is_refused():
    # 10^10 per 100.000 → 10^15: it could not be stored (18 digits, 4 decimals) and used to fail on saving
    assert errors_of(RATIO, factor=100000, numerator="10000000000", denominator="1") == {
        "value": "giá trị tính từ tử số/mẫu số (1.000.000.000.000.000) quá lớn (tối đa 14 chữ số phần nguyên)."
    }
    assert errors_of(RATIO, factor=100000, numerator="1000000000", denominator="1") == {  # exactly 10^14
        "value": "giá trị tính từ tử số/mẫu số (100.000.000.000.000) quá lớn (tối đa 14 chữ số phần nguyên)."
    }
    # a quotient with no room left for four decimals used to crash the check itself
    assert errors_of(RATIO, factor=100000, numerator="99999999999999", denominator="0,00000001") == {
        "value": "giá trị tính từ tử số/mẫu số (999.999.999.999.990.000.000.000.000) quá lớn "
        "(tối đa 14 chữ số phần nguyên)."
    }
    largest = read(RATIO, factor=1, numerator="99999999999999", denominator="1")
    assert largest == Entry(D("99999999999999.0000"), D("99999999999999"), D(1))


# ---------------------------------------------------------------- numerator and denominator


@pytest.mark.parametrize(
    ("kind", "factor", "top", "bottom", "value"),
    [
        (PERCENT, 100, "2", "13", D("15.3846")),  # 15.384615… to 4 decimals
        (PERCENT, 100, "1", "3", D("33.3333")),
        (PERCENT, 100, "2", "3", D("66.6667")),  # rounded, not cut
        (PERCENT, 100, "1", "3200", D("0.0313")),  # 0.03125: a half rounds up
        (PERCENT, 100, "13", "13", D("100.0000")),  # numerator = denominator is 100 %
        (PERCENT, 100, "0", "13", D("0.0000")),
        (PERCENT, 100, "2,5", "10", D("25.0000")),
        (RATIO, 1000, "45", "2500", D("18.0000")),  # per 1.000
        (RATIO, 100000, "3", "2150", D("139.5349")),  # per 100.000
        (RATIO, 100, "120", "100", D("120.0000")),  # a ratio may exceed its factor
        (RATIO, 1, "9", "4", D("2.2500")),  # "lần"
    ],
)
def test_the_value_is_computed_from_numerator_and_denominator(kind, factor, top, bottom, value):
    entry = read(kind, factor, numerator=top, denominator=bottom)
    assert entry == Entry(value, D(top.replace(",", ".")), D(bottom))
    assert entry.value.as_tuple().exponent == -4  # stored with its four decimals


def test_a_numerator_above_the_denominator_is_refused_for_a_percent():
    assert errors_of(PERCENT, numerator="14", denominator="13") == {
        "numerator": "tử số (14) không được lớn hơn mẫu số (13)."
    }
    assert errors_of(PERCENT, numerator="1.234,5", denominator="1.000,25") == {
        "numerator": "tử số (1.234,5) không được lớn hơn mẫu số (1.000,25)."
    }
    assert errors_of(PERCENT, numerator="13,0001", denominator="13") == {
        "numerator": "tử số (13,0001) không được lớn hơn mẫu số (13)."
    }


@pytest.mark.parametrize("bottom", ["0", "0,0", 0, "-0"])
def test_a_zero_denominator_is_refused(bottom):
    assert errors_of(RATIO, numerator="3", denominator=bottom) == {"denominator": "mẫu số phải lớn hơn 0."}
    assert errors_of(PERCENT, numerator="0", denominator=bottom) == {"denominator": "mẫu số phải lớn hơn 0."}


@pytest.mark.parametrize(
    ("given", "missing"),
    [({"numerator": "2"}, "denominator"), ({"denominator": "13"}, "numerator")],
)
def test_a_half_fraction_is_refused_naming_the_missing_half(given, missing):
    assert errors_of(PERCENT, **given) == {missing: "cần cả tử số và mẫu số (hoặc bỏ trống cả hai)."}
    assert errors_of(RATIO, value="15", **given) == {missing: "cần cả tử số và mẫu số (hoặc bỏ trống cả hai)."}


def test_a_bad_half_is_reported_alone_not_as_missing_the_other():
    assert errors_of(PERCENT, numerator="hai") == {"numerator": "“hai” không phải là số."}
    assert errors_of(PERCENT, numerator="hai", denominator="13") == {"numerator": "“hai” không phải là số."}
    assert errors_of(PERCENT, numerator="2", denominator="-13") == {"denominator": "không được âm."}
    assert errors_of(PERCENT, denominator="-13") == {"denominator": "không được âm."}


def test_counts_take_no_fraction():
    message = "chỉ tiêu số lượng không có tử số, mẫu số; chỉ ghi giá trị."
    assert errors_of(COUNT, 1, value="12", numerator="1", denominator="2") == {"numerator": message}
    assert errors_of(COUNT, 1, numerator="1") == {"numerator": message}
    assert errors_of(COUNT, 1, denominator="2") == {"numerator": message}


# ---------------------------------------------------------------- a typed value beside its fraction


@pytest.mark.parametrize(
    ("typed", "top", "bottom"),
    [
        ("15,38", "2", "13"),  # 15.3846 to two decimals
        ("15,4", "2", "13"),
        ("15", "2", "13"),  # a whole number agrees with the computed one rounded to a whole
        ("15,38%", "2", "13"),
        ("15,3846", "2", "13"),
        ("13", "1", "8"),  # 12.5 rounds half up to 13
        ("12,5", "1", "8"),
        ("100", "13", "13"),
        ("100%", "13", "13"),
        ("0", "0", "13"),
    ],
)
def test_a_typed_value_that_agrees_gives_way_to_the_computed_one(typed, top, bottom):
    entry = read(PERCENT, value=typed, numerator=top, denominator=bottom)
    computed = (D(top) / D(bottom) * 100).quantize(D("0.0001"))
    assert entry == Entry(computed, D(top), D(bottom))


@pytest.mark.parametrize(
    ("typed", "top", "bottom", "message"),
    [
        ("20", "2", "13", "giá trị 20 không khớp với tử số/mẫu số (2/13 → 15,3846)."),
        ("15,39", "2", "13", "giá trị 15,39 không khớp với tử số/mẫu số (2/13 → 15,3846)."),
        ("15,3", "2", "13", "giá trị 15,3 không khớp với tử số/mẫu số (2/13 → 15,3846)."),
        ("16", "2", "13", "giá trị 16 không khớp với tử số/mẫu số (2/13 → 15,3846)."),
        ("12", "1", "8", "giá trị 12 không khớp với tử số/mẫu số (1/8 → 12,5)."),
        ("99", "13", "13", "giá trị 99 không khớp với tử số/mẫu số (13/13 → 100)."),
        ("1", "0", "1.300,5", "giá trị 1 không khớp với tử số/mẫu số (0/1.300,5 → 0)."),
    ],
)
def test_a_typed_value_that_disagrees_is_refused(typed, top, bottom, message):
    assert errors_of(PERCENT, value=typed, numerator=top, denominator=bottom) == {"value": message}


def test_agreement_counts_the_decimals_typed_as_a_number_too():
    assert read(RATIO, 1000, value=D(18), numerator=45, denominator=2500) == Entry(D("18.0000"), D(45), D(2500))
    assert read(RATIO, 1000, value=D("18.00"), numerator=45, denominator=2500).value == D(18)
    with pytest.raises(EntryInvalid):
        read(RATIO, 1000, value=D("18.01"), numerator=45, denominator=2500)


def test_every_wrong_field_is_reported_at_once():
    assert errors_of(PERCENT, value="120", numerator="14", denominator="13") == {
        "value": "tỷ lệ 120% vượt quá 100%.",
        "numerator": "tử số (14) không được lớn hơn mẫu số (13).",
    }
    assert errors_of(RATIO, value="-1", numerator="x", denominator="-2") == {
        "value": "không được âm.",
        "numerator": "“x” không phải là số.",
        "denominator": "không được âm.",
    }
    assert errors_of(COUNT, 1, value="2,5", numerator="1") == {
        "numerator": "chỉ tiêu số lượng không có tử số, mẫu số; chỉ ghi giá trị.",
        "value": "số lượng phải là số nguyên, không phải 2,5.",
    }
