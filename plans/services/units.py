"""Writes for the administrative tree: units created or matched, their place in the tree and their validity."""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from plans.levels import DISTRICTS_END, LEVEL_ORDER, REFORM_DATE, is_above, level_word
from plans.models import AdministrativeUnit, UnitLevel
from plans.revisions import revised
from plans.services.errors import PlanRuleError
from plans.text import clean_name, name_key

NATIONAL_CODE = "VN"
NATIONAL_NAME = "Việt Nam"


@transaction.atomic
def unit_get_or_create(
    *, name: str, level: str, parent: AdministrativeUnit | None, type_word: str = ""
) -> tuple[AdministrativeUnit, bool]:
    """A unit of this level and name under `parent`, created if new (its place in the tree and, for a district or
    a unit under one, the end of its validity set as for any unit). Raises PlanRuleError for a level that cannot
    sit under `parent`."""
    existing = AdministrativeUnit.objects.filter(parent=parent, level=level, name_key=name_key(name)).first()
    if existing is not None:
        return existing, False
    unit = AdministrativeUnit(name=name, level=level, parent=parent, type_word=type_word)
    unit_prepare_for_save(unit)
    unit.save()
    return unit, True


def unit_prepare_for_save(unit: AdministrativeUnit) -> None:
    """Tidy the name and its key, check the level fits the parent, and place the unit in the tree.

    Raises PlanRuleError when the parent is not of a higher level (quốc gia > tỉnh > huyện > xã)."""
    unit.name = clean_name(unit.name)
    unit.name_key = name_key(unit.name)
    unit.type_word = clean_name(unit.type_word).lower()
    parent = unit.parent
    if parent is not None and not is_above(parent.level, unit.level):
        raise PlanRuleError(
            f"{unit.get_level_display()} {unit.name} không thể thuộc {parent.label}: "
            "địa bàn cấp trên phải ở cấp cao hơn (quốc gia > tỉnh > huyện > xã)."
        )
    _place_in_tree(unit)
    if unit.valid_until is None and (unit.level == UnitLevel.DISTRICT or unit.district_ancestor_id):
        unit.valid_until = DISTRICTS_END


def _place_in_tree(unit: AdministrativeUnit) -> None:
    """The unit's ancestors are its parent's plus the parent itself."""
    parent = unit.parent
    ancestors = {}
    if parent is not None:
        ancestors = {
            UnitLevel.NATIONAL: parent.national_ancestor_id,
            UnitLevel.PROVINCE: parent.province_ancestor_id,
            UnitLevel.DISTRICT: parent.district_ancestor_id,
        }
        ancestors[parent.level] = parent.pk
    unit.national_ancestor_id = ancestors.get(UnitLevel.NATIONAL)
    unit.province_ancestor_id = ancestors.get(UnitLevel.PROVINCE)
    unit.district_ancestor_id = ancestors.get(UnitLevel.DISTRICT)


ANCESTOR_FIELDS = ["national_ancestor", "province_ancestor", "district_ancestor"]


def units_refresh_tree() -> int:
    """Recompute every unit's ancestors from the parents (after a load or a move); returns how many changed.

    Two queries and one bulk update, whatever the size of the tree (3.400 units for the whole country)."""
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.only("pk", "parent_id", "level", *ANCESTOR_FIELDS)}
    changed = []
    for unit in units.values():
        found = {}
        parent_id, seen = unit.parent_id, set()
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            parent = units[parent_id]
            found[parent.level] = parent.pk
            parent_id = parent.parent_id
        wanted = (found.get(UnitLevel.NATIONAL), found.get(UnitLevel.PROVINCE), found.get(UnitLevel.DISTRICT))
        if wanted != (unit.national_ancestor_id, unit.province_ancestor_id, unit.district_ancestor_id):
            unit.national_ancestor_id, unit.province_ancestor_id, unit.district_ancestor_id = wanted
            changed.append(unit)
    AdministrativeUnit.objects.bulk_update(changed, ANCESTOR_FIELDS, batch_size=1000)
    if changed:
        revised("ancestors of units")
    return len(changed)


@dataclass(frozen=True)
class UnitSpec:
    """A unit as a list (the official tree, a units workbook) gives it. `row` is where it came from, if a file."""

    code: str
    name: str
    level: str
    parent_code: str = ""
    type_word: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    row: int | None = None


@dataclass(frozen=True)
class UnitProblem:
    message: str
    row: int | None = None
    column: str = ""  # "code", "name", "level", "parent_code"


class UnitsInvalid(Exception):
    def __init__(self, problems: list[UnitProblem]):
        self.problems = problems
        super().__init__("\n".join(problem.message for problem in problems))


@dataclass
class UnitsSummary:
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: int = 0
    retired: int = 0
    changes: list[str] = field(default_factory=list)

    def text(self) -> str:
        head = "Chạy thử (không ghi gì vào cơ sở dữ liệu)" if self.dry_run else "Đã nạp địa bàn"
        lines = [head]
        for level in LEVEL_ORDER:
            parts = [
                f"{count} {word}"
                for count, word in ((self.created[level], "tạo mới"), (self.updated[level], "cập nhật"))
                if count
            ]
            if parts:
                lines.append(f"Cấp {level_word(level)}: " + ", ".join(parts))
        lines.append(f"Không đổi: {self.unchanged}")
        if self.retired:
            lines.append(
                f"{self.retired} huyện và địa bàn thuộc huyện được giữ cho các kế hoạch cũ, "
                f"hiệu lực đến {DISTRICTS_END:%d/%m/%Y}."
            )
        return "\n".join(lines)


UNIT_FIELDS = ["name", "name_key", "code", "level", "type_word", "parent", "valid_from", "valid_until"]


@transaction.atomic
def units_apply(specs: list[UnitSpec], *, retire_districts: bool = False, dry_run: bool = False) -> UnitsSummary:
    """Create or update units from a list, matching what is already stored, never duplicating it (DESIGN.md 7.1).

    A unit is matched by its official code among the current units; else a unit of the same level and name without
    a code (one a plan workbook created before the tree was loaded) is matched and given the code. Parents are named
    by code, from the list or the database. With `retire_districts` (the official tree after the 2025 reform), the
    districts still current under a loaded province, and the units under them, end on 30/06/2025.

    All or nothing: raises UnitsInvalid with every problem. A few queries and bulk writes whatever the size.
    """
    summary = UnitsSummary(dry_run=dry_run)
    problems = _check_specs(specs)
    if problems:
        raise UnitsInvalid(problems)
    stored = list(AdministrativeUnit.objects.select_for_update().all())
    # A code names its current unit; an abolished unit keeps its code for the old plans (a current one wins).
    by_code = {unit.code: unit for unit in sorted(stored, key=lambda u: u.valid_until is None) if unit.code}
    codeless: dict[tuple[str, str], list[AdministrativeUnit]] = {}
    for unit in stored:
        if not unit.code:
            codeless.setdefault((unit.level, unit.name_key), []).append(unit)

    ordered = sorted(specs, key=lambda spec: LEVEL_ORDER.index(UnitLevel(spec.level)))
    for level in LEVEL_ORDER:
        created, updated = [], []
        for spec in (s for s in ordered if s.level == level):
            parent = by_code.get(spec.parent_code) if spec.parent_code else None
            if spec.parent_code and parent is None:
                problems.append(
                    UnitProblem(f"không có địa bàn cấp trên mã “{spec.parent_code}”.", spec.row, "parent_code")
                )
                continue
            if parent is not None and not is_above(parent.level, spec.level):
                problems.append(
                    UnitProblem(
                        f"{level_word(spec.level)} không thể thuộc {parent.label} (cấp {level_word(parent.level)}).",
                        spec.row,
                        "parent_code",
                    )
                )
                continue
            unit = by_code.get(spec.code) if spec.code else None
            if unit is not None and unit.level != spec.level:
                problems.append(
                    UnitProblem(
                        f"mã “{spec.code}” đã là của {unit.label} (cấp {level_word(unit.level)}).", spec.row, "code"
                    )
                )
                continue
            if unit is None:
                unit = _codeless_match(codeless, spec, parent)
            valid_until = spec.valid_until
            if valid_until is None and (
                spec.level == UnitLevel.DISTRICT
                or (parent is not None and (parent.level == UnitLevel.DISTRICT or parent.district_ancestor_id))
            ):
                valid_until = DISTRICTS_END  # no district outlived the 2025 reform
            values = {
                "name": clean_name(spec.name),
                "name_key": name_key(spec.name),
                "code": spec.code,
                "level": spec.level,
                "type_word": spec.type_word,
                "parent": parent,
                "valid_from": spec.valid_from,
                "valid_until": valid_until,
            }
            if unit is None:
                unit = AdministrativeUnit(**values)
                created.append(unit)
            else:
                if any(getattr(unit, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(unit, name, value)
                    updated.append(unit)
                else:
                    summary.unchanged += 1
            if spec.code:
                by_code[spec.code] = unit
        if problems:
            continue
        AdministrativeUnit.objects.bulk_create(created, batch_size=1000)
        AdministrativeUnit.objects.bulk_update(updated, UNIT_FIELDS, batch_size=1000)
        if created or updated:
            revised("units loaded")
        summary.created[level] += len(created)
        summary.updated[level] += len(updated)
        summary.changes += [f"Tạo mới {unit.label} (mã {unit.code or '—'})" for unit in created]
        summary.changes += [f"Cập nhật {unit.label} (mã {unit.code or '—'})" for unit in updated]
    if problems:
        raise UnitsInvalid(problems)
    units_refresh_tree()
    if retire_districts:
        provinces = [by_code[spec.code].pk for spec in specs if spec.level == UnitLevel.PROVINCE]
        summary.retired = _retire_districts(provinces)
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _check_specs(specs: list[UnitSpec]) -> list[UnitProblem]:
    problems, seen = [], {}
    for spec in specs:
        if not spec.name:
            problems.append(UnitProblem("thiếu tên địa bàn.", spec.row, "name"))
        if spec.code:
            first = seen.setdefault(spec.code, spec.row)
            if first != spec.row:
                problems.append(UnitProblem(f"mã “{spec.code}” trùng với dòng {first}.", spec.row, "code"))
        if spec.valid_from and spec.valid_until and spec.valid_until < spec.valid_from:
            problems.append(UnitProblem("ngày hết hiệu lực trước ngày bắt đầu hiệu lực.", spec.row, "valid_until"))
    return problems


def _codeless_match(codeless, spec: UnitSpec, parent) -> AdministrativeUnit | None:
    """A unit of the same level and name, without a code, directly under the same parent (or placed nowhere yet).

    A commune of an old district is never taken for a new commune of the same name: it sits under the district."""
    for unit in codeless.get((spec.level, name_key(spec.name)), []):
        if unit.parent_id is None or (parent is not None and unit.parent_id == parent.pk):
            codeless[(spec.level, name_key(spec.name))].remove(unit)
            return unit
    return None


def _retire_districts(province_ids: list[int]) -> int:
    """Districts still current under these provinces, and every unit under them, end the day before the reform."""
    districts = AdministrativeUnit.objects.filter(
        province_ancestor_id__in=province_ids, level=UnitLevel.DISTRICT, valid_until__isnull=True
    )
    under = AdministrativeUnit.objects.filter(district_ancestor__in=districts, valid_until__isnull=True)
    retired = under.update(valid_until=DISTRICTS_END)
    return retired + districts.update(valid_until=DISTRICTS_END)


def official_unit_specs() -> list[UnitSpec]:
    """The official tree after the 2025 reform, from the `vietnam-provinces` package: Việt Nam (VN), 34 provinces
    (2-digit codes) and 3.321 communes (5-digit codes), each commune valid from 01/7/2025."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    provinces = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    specs = [UnitSpec(code=NATIONAL_CODE, name=NATIONAL_NAME, level=UnitLevel.NATIONAL)]
    for province in provinces:
        code = f"{province['code']:02d}"
        word = "thành phố" if province["division_type"].startswith("thành phố") else "tỉnh"
        specs.append(
            UnitSpec(
                code=code,
                name=_without_type(province["name"], word),
                level=UnitLevel.PROVINCE,
                parent_code=NATIONAL_CODE,
                type_word=word,
            )
        )
        for ward in province["wards"]:
            specs.append(
                UnitSpec(
                    code=f"{ward['code']:05d}",
                    name=_without_type(ward["name"], ward["division_type"]),
                    level=UnitLevel.COMMUNE,
                    parent_code=code,
                    type_word=ward["division_type"].lower(),
                    valid_from=REFORM_DATE,
                )
            )
    return specs


def _without_type(name: str, word: str) -> str:
    """ "Phường Hoàn Kiếm" → "Hoàn Kiếm"; "Thành phố Hà Nội" → "Hà Nội"; "Cao Bằng" stays."""
    name = clean_name(name)
    if name_key(name).startswith(name_key(word) + " "):
        return name[len(word) :].strip()
    return name


def units_load_official(*, dry_run: bool = False) -> UnitsSummary:
    return units_apply(official_unit_specs(), retire_districts=True, dry_run=dry_run)
