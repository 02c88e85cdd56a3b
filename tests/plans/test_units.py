"""The administrative tree: the official list loaded once and matched ever after, old trees from a workbook,
units named by code or name, and the rule that a unit sits under a higher level."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from indicators.workbooks.writer import workbook_bytes
from plans.levels import DISTRICTS_END, REFORM_DATE
from plans.models import AdministrativeUnit, UnitLevel
from plans.services import PlanRuleError, unit_get_or_create
from plans.services.units import UnitsInvalid, UnitSpec, units_apply, units_load_official
from plans.units import UnitIndex, UnitNotFound, find_unit, is_within, units_within

pytestmark = pytest.mark.django_db


def tree(*rows):
    """A small official-like tree: (code, name, level, parent_code, type_word)."""
    return units_apply([UnitSpec(code, name, level, parent, word) for code, name, level, parent, word in rows])


@pytest.fixture
def small_country():
    tree(
        ("VN", "Việt Nam", UnitLevel.NATIONAL, "", ""),
        ("14", "Sơn La", UnitLevel.PROVINCE, "VN", "tỉnh"),
        ("12", "Lai Châu", UnitLevel.PROVINCE, "VN", "tỉnh"),
        ("03646", "Bắc Yên", UnitLevel.COMMUNE, "14", "xã"),
        ("04021", "Tân Lập", UnitLevel.COMMUNE, "14", "xã"),
        ("03388", "Tân Lập", UnitLevel.COMMUNE, "12", "xã"),
        ("03700", "Chiềng Sơn", UnitLevel.COMMUNE, "14", "phường"),
    )
    return {unit.code: unit for unit in AdministrativeUnit.objects.all()}


def test_the_official_tree_loads_the_country_and_a_second_load_changes_nothing():
    first = units_load_official()
    assert (first.created[UnitLevel.NATIONAL], first.created[UnitLevel.PROVINCE]) == (1, 34)
    assert first.created[UnitLevel.COMMUNE] == 3321
    son_la = AdministrativeUnit.objects.get(code="14")
    assert son_la.title == "Tỉnh Sơn La" and son_la.parent.code == "VN"
    assert units_within(son_la).filter(level=UnitLevel.COMMUNE).count() == 75
    bac_yen = AdministrativeUnit.objects.get(name="Bắc Yên", level=UnitLevel.COMMUNE)
    assert bac_yen.label == "xã Bắc Yên" and len(bac_yen.code) == 5 and bac_yen.valid_from == REFORM_DATE
    assert AdministrativeUnit.objects.get(code="01").title == "Thành phố Hà Nội"
    before = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id"))

    second = units_load_official()

    assert sum(second.created.values()) == sum(second.updated.values()) == 0
    assert second.unchanged == 3356
    assert list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id")) == before


def test_units_a_plan_created_by_name_are_matched_not_duplicated_and_old_districts_retire():
    """Bắc Yên's plan created tỉnh Sơn La and huyện Bắc Yên by name before the tree was loaded."""
    province, _ = unit_get_or_create(name="Sơn La", level=UnitLevel.PROVINCE, parent=None)
    district, _ = unit_get_or_create(name="Bắc Yên", level=UnitLevel.DISTRICT, parent=province)
    old_commune, _ = unit_get_or_create(name="Hang Chú", level=UnitLevel.COMMUNE, parent=district)

    units_load_official()

    province.refresh_from_db(), district.refresh_from_db(), old_commune.refresh_from_db()
    assert province.code == "14" and province.parent.code == "VN"
    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, name="Sơn La").count() == 1
    # The district is kept for the plans of 2016–2025, under the province, and ends the day before the reform.
    assert district.valid_until == old_commune.valid_until == DISTRICTS_END
    assert old_commune.province_ancestor_id == province.pk and old_commune.national_ancestor.code == "VN"
    assert is_within(old_commune, province)


def test_a_unit_sits_only_under_a_higher_level():
    commune, _ = unit_get_or_create(name="Bắc Yên", level=UnitLevel.COMMUNE, parent=None)
    with pytest.raises(PlanRuleError, match="cấp cao hơn"):
        unit_get_or_create(name="Sơn La", level=UnitLevel.PROVINCE, parent=commune)
    with pytest.raises(UnitsInvalid) as refused:
        tree(("14", "Sơn La", UnitLevel.PROVINCE, "", "tỉnh"), ("15", "Yên Bái", UnitLevel.PROVINCE, "14", "tỉnh"))
    assert "không thể thuộc tỉnh Sơn La" in str(refused.value)
    assert not AdministrativeUnit.objects.filter(code__in=["14", "15"]).exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("03646", "03646"),
        ("3646", "03646"),
        (3646, "03646"),
        ("14", "14"),
        ("xã Bắc Yên", "03646"),
        ("Bắc Yên", "03646"),
        ("  bắc   yên ", "03646"),
        ("phường Chiềng Sơn", "03700"),
    ],
)
def test_a_unit_is_named_by_code_with_or_without_leading_zeros_or_by_name(small_country, text, code):
    country = small_country["VN"]
    assert find_unit(text, within=country).code == code
    assert UnitIndex(units_within(country), where="cả nước").find(text).code == code


def test_a_name_that_fits_several_units_is_an_error_that_names_them(small_country):
    with pytest.raises(UnitNotFound) as ambiguous:
        find_unit("Tân Lập", within=small_country["VN"])
    message = str(ambiguous.value)
    assert "trùng với 2 địa bàn" in message and "mã 04021" in message and "mã 03388" in message
    assert "tỉnh Sơn La" in message and "tỉnh Lai Châu" in message
    # Inside one province the same name fits one unit.
    assert find_unit("Tân Lập", within=small_country["14"]).code == "04021"


def test_a_unit_outside_the_territory_is_not_found(small_country):
    with pytest.raises(UnitNotFound, match="không có địa bàn mã “03388” thuộc tỉnh Sơn La"):
        find_unit("03388", within=small_country["14"])
    with pytest.raises(UnitNotFound, match="không có địa bàn tên “huyện Chiềng Sơn”"):
        find_unit("huyện Chiềng Sơn", within=small_country["14"])  # a commune-level unit, not a district
    # xã, phường and thị trấn are one level: a phường written as "xã" is still found.
    assert find_unit("xã Chiềng Sơn", within=small_country["14"]).code == "03700"


def _units_workbook(rows, headers=("Mã", "Tên", "Cấp", "Mã cấp trên")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Địa bàn"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    return workbook_bytes(book)


def test_load_units_from_a_workbook_adds_an_old_district_tree_and_twice_changes_nothing(small_country, tmp_path):
    path = tmp_path / "bac_yen_cu.xlsx"
    path.write_bytes(_units_workbook([("119", "Huyện Bắc Yên", "huyện", "14"), ("04090", "Xã Hang Chú", "xã", "119")]))

    call_command("load_units", str(path))
    call_command("load_units", str(path))

    district = AdministrativeUnit.objects.get(code="119")
    commune = AdministrativeUnit.objects.get(code="04090")
    assert (district.name, district.type_word) == ("Bắc Yên", "huyện")
    # No district outlived the 2025 reform: loaded for the old plans, it ends on 30/06/2025, and its communes too.
    assert district.valid_until == commune.valid_until == DISTRICTS_END
    assert commune.parent == district and commune.province_ancestor.code == "14"
    assert AdministrativeUnit.objects.filter(code="04090").count() == 1


def test_a_broken_units_workbook_lists_every_problem_and_writes_nothing(small_country, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(
        _units_workbook(
            [("119", "Bắc Yên", "thôn", "14"), ("120", "Mộc Châu", "huyện", "99"), ("121", "", "huyện", "14")]
        )
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_units", str(path))
    message = str(refused.value)
    assert "dòng 2, cột “Cấp”" in message and "thôn" in message
    assert "dòng 4, cột “Tên”" in message
    assert not AdministrativeUnit.objects.filter(code__in=["119", "120", "121"]).exists()


def test_validity_dates_from_a_workbook(small_country):
    units_apply([UnitSpec("119", "Bắc Yên", UnitLevel.DISTRICT, "14", valid_until=date(2025, 6, 30))])
    assert AdministrativeUnit.objects.get(code="119").valid_until == date(2025, 6, 30)
