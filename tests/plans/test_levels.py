"""Administrative levels as documents write them (plans/levels.py), directly: no database."""

import pytest

from plans.levels import LEVEL_ORDER, UnitRef, is_above, level_from_word, level_word, split_unit_name


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("tỉnh", "province"),
        ("Tỉnh", "province"),
        ("TINH", "province"),
        ("thành phố", "province"),
        ("Thành phố trực thuộc trung ương", "province"),
        ("huyện", "district"),
        ("quận", "district"),
        ("thị xã", "district"),
        ("xã", "commune"),
        ("phường", "commune"),
        ("thị trấn", "commune"),
        ("đặc khu", "commune"),
        ("quốc gia", "national"),
        ("Quốc gia", "national"),
        ("toàn quốc", "national"),
        ("cả nước", "national"),
        ("province", "province"),  # the stored values read back
        ("commune", "commune"),
        ("national", "national"),
        ("district", "district"),
    ],
)
def test_level_words(word, level):
    assert level_from_word(word) == level


@pytest.mark.parametrize("word", ["", None, "ấp", "thôn", "tỉnh Sơn La", "vùng"])
def test_other_words_are_no_level(word):
    assert level_from_word(word) is None


def test_each_level_has_the_word_a_workbook_writes():
    assert [level_word(level) for level in LEVEL_ORDER] == ["quốc gia", "tỉnh", "huyện", "xã"]
    assert all(level_from_word(level_word(level)) == level for level in LEVEL_ORDER)
    assert level_word("commune") == "xã"


@pytest.mark.parametrize(
    ("upper", "lower", "above"),
    [
        ("national", "province", True),
        ("national", "commune", True),
        ("province", "district", True),
        ("province", "commune", True),  # after 2025: tỉnh > xã
        ("district", "commune", True),
        ("commune", "commune", False),
        ("province", "province", False),
        ("commune", "district", False),
        ("district", "province", False),
        ("commune", "national", False),
    ],
)
def test_which_level_may_hold_which(upper, lower, above):
    assert is_above(upper, lower) is above


def test_an_unknown_level_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        is_above("region", "commune")


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("tỉnh Sơn La", UnitRef("Sơn La", "province", "tỉnh")),
        ("Tỉnh Sơn La", UnitRef("Sơn La", "province", "tỉnh")),
        ("Thành phố Hà Nội", UnitRef("Hà Nội", "province", "thành phố")),
        ("Thành phố trực thuộc trung ương Cần Thơ", UnitRef("Cần Thơ", "province", "thành phố trực thuộc trung ương")),
        ("huyện Bắc Yên", UnitRef("Bắc Yên", "district", "huyện")),
        ("Quận Ba Đình", UnitRef("Ba Đình", "district", "quận")),
        ("thị xã Sơn Tây", UnitRef("Sơn Tây", "district", "thị xã")),  # "thị xã" wins over "xã"
        ("Xã Bắc Yên", UnitRef("Bắc Yên", "commune", "xã")),
        ("phường Hoàn Kiếm", UnitRef("Hoàn Kiếm", "commune", "phường")),
        ("thị trấn Bắc Yên", UnitRef("Bắc Yên", "commune", "thị trấn")),
        ("đặc khu Côn Đảo", UnitRef("Côn Đảo", "commune", "đặc khu")),
        ("  huyện   Bắc   Yên ", UnitRef("Bắc Yên", "district", "huyện")),
        ("Bắc Yên", UnitRef("Bắc Yên", None)),
        ("Xã", UnitRef("Xã", None)),  # a level word alone is a name, not an empty name
        ("Thành phố", UnitRef("Thành phố", None)),
        ("Xãi Sơn", UnitRef("Xãi Sơn", None)),  # a prefix must be a whole word
        ("", UnitRef("", None)),
    ],
)
def test_a_name_carries_its_level_in_front(text, ref):
    assert split_unit_name(text) == ref


def test_a_name_without_its_level_has_no_type_word():
    assert split_unit_name("Bắc Yên").type_word == ""
